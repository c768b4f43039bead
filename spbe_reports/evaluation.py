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
    road: recommend.Road | None
    stage_changes: tuple[compare.StageChange, ...]
    overclaim: Fraction | None  # self-assessment index minus final index; None without assessor stages
    comparison: compare.Comparison | None = None  # with last year's results (--pembanding)
    draft: bool = False  # incomplete workbook rendered on request: only complete parts are computed

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
    """Score every stage, derive recommendations, the road to the next predikat and the comparisons."""
    final = score(framework, assessment.final_values())
    stages = {stage: score(framework, assessment.values_at(stage)) for stage in assessment.stages_present}
    values = dict(final.indicators)
    services = assessment.identity.services
    targets = {e.number: e.target for e in assessment.entries if e.target is not None}
    recs = recommend.recommendations(
        framework, values, targets=targets, default_target=default_target, services=services
    )
    road = recommend.road(framework, values, to_index=target_index, services=services) if final.complete else None
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
    )
