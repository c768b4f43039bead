"""Test data made in code: identities, assessments, evaluated workbook results and batches.

Levels are given as a dict {indicator number: level}; :func:`levels` fills the rest of the
framework's indicators with one level, so a scenario only states what is special about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path

from spbe_reports import framework as frameworks
from spbe_reports.agencies import Agency
from spbe_reports.assessment import Assessment, Entry, Identity
from spbe_reports.batch import BatchResult, WorkbookResult, average_scores
from spbe_reports.evaluation import evaluate
from spbe_reports.problems import Problem, problem

FW = frameworks.load()
GENERATED_AT = datetime(2026, 11, 29, 10, 0, tzinfo=timezone(timedelta(hours=7)))


def levels(default: int | None, **by_number: int | None) -> dict[int, int | None]:
    """Every indicator at ``default``, except those given as i12=4 (indicator 12 at level 4)."""
    values = {ind.number: default for ind in FW.indicators}
    for key, level in by_number.items():
        values[int(key.lstrip("i"))] = level
    return values


def identity(
    name: str, *, kind: str = "Perangkat Daerah", year: int = 2026, code: str = "", services: tuple[str, ...] = ()
) -> Identity:
    return Identity(name=name, kind=kind, year=year, code=code, services=services)


def assessment(
    name: str,
    mandiri: Mapping[int, int | None] | int,
    *,
    assessor: Mapping[str, Mapping[int, int | None]] | None = None,
    source: str | None = None,
    **identity_fields,
) -> Assessment:
    """An assessment whose self-assessed levels are ``mandiri`` (a dict, or one level for all).

    ``assessor`` maps a later stage key ("dokumen", ...) to the levels that stage gave.
    """
    if isinstance(mandiri, int):
        mandiri = levels(mandiri)
    assessor = assessor or {}
    stages = tuple(stage.key for stage in FW.stages)
    entries = tuple(
        Entry(
            number=ind.number,
            levels={
                stage: (mandiri.get(ind.number) if stage == stages[0] else assessor.get(stage, {}).get(ind.number))
                for stage in stages
            },
        )
        for ind in FW.indicators
    )
    return Assessment(
        source=source or f"{name}.xlsx",
        framework_id=FW.id,
        identity=identity(name, **identity_fields),
        entries=entries,
        stages=stages,
    )


def result(
    assessment: Assessment,
    *,
    problems: Iterable[Problem] = (),
    report: str | None = None,
    draft: bool | None = None,
) -> WorkbookResult:
    """An accepted workbook: evaluated, with optional warnings and a report path."""
    draft = draft if draft is not None else len(assessment.final_values()) < len(FW.indicators)
    found = list(problems)
    if draft:
        found.append(problem("incomplete-draft", assessment.source))
    evaluation = evaluate(FW, assessment, draft=draft)
    return WorkbookResult(
        source=assessment.source,
        problems=found,
        evaluation=evaluation,
        report=report,
        agency=assessment.identity.name,
        year=assessment.identity.year,
    )


def rejected(
    source: str, problems: Iterable[Problem], *, agency: str | None = None, year: int | None = None
) -> WorkbookResult:
    """A workbook rejected for ``problems`` (at least one error)."""
    return WorkbookResult(source=source, problems=list(problems), agency=agency, year=year)


def batch(
    results: Iterable[WorkbookResult],
    *,
    expected: list[Agency] | None = None,
    output_dir: Path = Path("output"),
) -> BatchResult:
    """A batch as batch.run() leaves it, with the average of the complete workbooks."""
    found = list(results)
    made = BatchResult(FW, Path("input"), Path(output_dir), GENERATED_AT, found, expected)
    made.average = average_scores(FW, [w.evaluation for w in made.ok if w.evaluation.final.complete])
    return made
