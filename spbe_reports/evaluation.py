"""Everything the method says about one workbook, computed once: the pure core's result.

The report, hasil.json and the recap all read an :class:`Evaluation`, so every figure
they show comes from the same computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from spbe_reports import compare, recommend
from spbe_reports.assessment import Assessment
from spbe_reports.framework import Framework
from spbe_reports.scoring import Scores, score


@dataclass(frozen=True)
class Evaluation:
    framework: Framework
    assessment: Assessment
    final: Scores  # Nilai Akhir: the last filled stage of each indicator
    stages: dict[str, Scores]  # every stage that has values, in stage order
    recommendations: tuple[recommend.Recommendation, ...]
    road: recommend.Road | None  # to the next predikat; None in the top band or without an index
    stage_changes: tuple[compare.StageChange, ...]
    overclaim: Fraction | None  # self-assessment index minus final index; None without assessor stages
    comparison: compare.Comparison | None = None  # with last year's results (--pembanding)
    draft: bool = False  # incomplete workbook rendered on request: only complete parts are computed
    target_road: recommend.Road | None = None  # to --target-indeks, only when it is above the displayed index

    @property
    def values(self) -> dict[int, int]:
        return dict(self.final.indicators)


def evaluate(
    framework: Framework,
    assessment: Assessment,
    *,
    default_target: int | str = "next",
    target_index: Decimal | None = None,
    previous: compare.Previous | None = None,
    draft: bool = False,
) -> Evaluation:
    """Score every stage, derive recommendations, the roads and the comparisons.

    ``road`` always leads to the next predikat. ``target_road`` leads to ``target_index`` and is
    computed only when that index is given and above the displayed index (None otherwise, and
    when no set of steps reaches it).
    """
    final = score(framework, assessment.final_values())
    stages = {stage: score(framework, assessment.values_at(stage)) for stage in assessment.stages_present}
    values = dict(final.indicators)
    services = assessment.identity.services
    targets = {e.number: e.target for e in assessment.entries if e.target is not None}
    recs = recommend.recommendations(
        framework, values, targets=targets, default_target=default_target, services=services
    )
    road = recommend.road(framework, values, services=services) if final.complete else None
    target_road = None
    # recommend.road falls back to the next band for a goal not above the index: guard it here.
    if final.complete and target_index is not None and Decimal(target_index) > final.index_display:
        target_road = recommend.road(framework, values, to_index=Decimal(target_index), services=services)
    return Evaluation(
        framework=framework,
        assessment=assessment,
        final=final,
        stages=stages,
        recommendations=recs,
        road=road,
        stage_changes=compare.stage_changes(assessment),
        overclaim=compare.overclaim(framework, assessment) if final.complete else None,
        comparison=compare.compare(framework, final, previous) if previous and final.complete else None,
        draft=draft,
        target_road=target_road,
    )
