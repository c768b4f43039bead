"""Test data made in code: identities, assessments, evaluated workbook results and batches.

Levels are given as a dict {indicator number: level}; :func:`levels` fills the rest of the
framework's indicators with one level, so a scenario only states what is special about it.
Last year's result of an agency (--pembanding) is made by :func:`last_year`, through the
same hasil.json entry the tool writes and reads.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path

from spbe_reports import compare
from spbe_reports import framework as frameworks
from spbe_reports.agencies import Agency
from spbe_reports.assessment import Assessment, Entry, Identity
from spbe_reports.batch import BatchResult, WorkbookResult, group_results
from spbe_reports.evaluation import evaluate
from spbe_reports.problems import Problem, problem
from spbe_reports.results import workbook_entry

FW = frameworks.load()
GENERATED_AT = datetime(2026, 11, 29, 10, 0, tzinfo=timezone(timedelta(hours=7)))


def levels(default: int | None, **by_number: int | None) -> dict[int, int | None]:
    """Every indicator at ``default``, except those given as i12=4 (indicator 12 at level 4)."""
    values = {ind.number: default for ind in FW.indicators}
    for key, level in by_number.items():
        values[int(key.lstrip("i"))] = level
    return values


def identity(
    name: str,
    *,
    kind: str = "Perangkat Daerah",
    year: int = 2026,
    code: str = "",
    services: tuple[str, ...] = (),
    parent: str = "",
) -> Identity:
    return Identity(name=name, kind=kind, year=year, code=code, services=services, parent_government=parent)


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
    previous: compare.Previous | None = None,
) -> WorkbookResult:
    """An accepted workbook: evaluated (against ``previous``, last year's result), with optional
    warnings and a report path."""
    draft = draft if draft is not None else len(assessment.final_values()) < len(FW.indicators)
    found = list(problems)
    if draft:
        found.append(problem("incomplete-draft", assessment.source))
    evaluation = evaluate(FW, assessment, draft=draft, previous=previous)
    return WorkbookResult(
        source=assessment.source,
        problems=found,
        evaluation=evaluation,
        report=report,
        agency=assessment.identity.name,
        year=assessment.identity.year,
    )


def last_year(
    name: str, mandiri: Mapping[int, int | None] | int, *, year: int = 2025, source: str = "hasil-2025.json", **fields
) -> compare.Previous:
    """Last year's result of agency ``name`` with final levels ``mandiri``, as read back from last year's
    hasil.json (displayed values, last year's recommendations)."""
    entry = workbook_entry(result(assessment(name, mandiri, year=year, **fields)))
    [found] = compare.previous_from_results({"framework": FW.id, "workbooks": [entry]}, source=source)
    return found


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
    compared: bool = False,
) -> BatchResult:
    """A batch as batch.run() leaves it, with its comparison groups and their averages.

    ``compared``: run with --pembanding (give each result its ``previous``)."""
    found = list(results)
    made = BatchResult(FW, Path("input"), Path(output_dir), GENERATED_AT, found, expected, compared=compared)
    made.groups = group_results(FW, made.ok)
    return made


KINDS = ("Perangkat Daerah", "Pemerintah Kota", "Pemerintah Kabupaten", "Pemerintah Provinsi", "Instansi Pusat")


def varied_levels(seed: int) -> dict[int, int]:
    """Levels around a base level of 1..5 that ``seed`` picks, each indicator one level off at random."""
    rng = random.Random(seed)
    base = rng.randint(1, 5)
    return {ind.number: min(5, max(1, base + rng.choice((-1, 0, 0, 1)))) for ind in FW.indicators}


def varied_batch(count: int = 40, *, compared: bool = False, new_every: int = 8) -> BatchResult:
    """``count`` complete agencies with varied levels, made to test the coordinator outputs at scale.

    Among them: two agencies with equal levels (an exact tie: a shared rank), two whose exact
    indices differ but show the same (2,045 and 2,052 both show 2,05), each pair of one kind (one
    comparison group), agencies of every kind,
    and some whose assessors changed levels (the final value is not the self-assessment).
    With ``compared`` every agency has last year's result (other levels) except every
    ``new_every``-th one, a new agency.
    """
    made = []
    for i in range(count):
        name, code = f"Instansi {i + 1:02d}", f"K{i + 1:02d}"
        mandiri = varied_levels(0 if i == 1 else i)  # "Instansi 02" ties with "Instansi 01"
        assessor = _lowered_by_assessor(mandiri) if i % 3 == 0 or i == 1 else None
        if i == 2:
            mandiri, assessor = levels(2, i21=3, i22=3, i23=3), None  # 2,045 -> 2,05
        elif i == 3:
            mandiri, assessor = levels(2, i1=3, i2=3, i3=3, i4=3), None  # 2,052 -> 2,05
        # The tied pairs share a kind, hence a comparison group: ranks hold within a group only.
        kind = KINDS[{1: 0, 3: 2}.get(i, i) % len(KINDS)]
        this_year = assessment(name, mandiri, assessor=assessor, kind=kind, code=code)
        previous = None
        if compared and i % new_every != new_every - 1:
            before = this_year.final_values() if i == 4 else varied_levels(1000 + i)  # i == 4: unchanged
            previous = last_year(name, before, code=code)
        made.append(result(this_year, previous=previous))
    return batch(made, compared=compared)


def _lowered_by_assessor(mandiri: Mapping[int, int]) -> dict[str, dict[int, int]]:
    """A document check (Dokumen) that lowers every fifth indicator by one level."""
    return {"dokumen": {n: max(1, v - 1) for n, v in mandiri.items() if n % 5 == 0}}
