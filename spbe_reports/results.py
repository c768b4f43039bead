"""``output/hasil.json``: the machine-readable results, exactly as the contract fixes them.

Every index is the displayed value (rounded half up to 2 decimals) written as a JSON number;
``index_exact`` keeps the unrounded overall index as a decimal string.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

from spbe_reports import files
from spbe_reports.scoring import as_decimal_string, rounded


def _num(value: Fraction | Decimal) -> float:
    """A displayed index as a JSON number (2,59 -> 2.59)."""
    return float(rounded(value))


def _gain(value: Fraction) -> float:
    return float(Decimal(value.numerator) / Decimal(value.denominator))


def _step(step) -> dict:
    return {"indicator": step.indicator, "from": step.from_level, "to": step.to_level, "gain": _gain(step.gain)}


def _road(road) -> dict:
    return {
        "to_rating": road.to_rating,
        "to_index": float(road.to_index),
        "steps": [_step(s) for s in road.steps],
        "index_after": _num(road.index_after),
    }


def workbook_entry(result, compared: bool = False, group: dict | None = None) -> dict:
    """One workbook's entry of hasil.json; ``group`` is its ``"group"`` entry (see :func:`group_entries`)."""
    entry: dict = {"source": result.source, "status": result.status}
    if result.agency is not None or result.evaluation:
        entry["agency"] = result.evaluation.assessment.identity.name if result.evaluation else result.agency
    if result.year is not None or result.evaluation:
        entry["year"] = result.evaluation.assessment.identity.year if result.evaluation else result.year
    ev = result.evaluation
    if result.ok:
        identity = ev.assessment.identity
        entry["agency_code"] = identity.code
        entry["agency_kind"] = identity.kind
        entry["kind"] = ev.assessment.kind
        entry["draft"] = ev.draft
        if ev.final.complete:
            entry["index"] = _num(ev.final.index)
            entry["index_exact"] = as_decimal_string(ev.final.index)
            entry["rating"] = ev.final.rating
        entry["domains"] = {str(n): _num(v) for n, v in ev.final.domains.items()}
        entry["aspects"] = {str(n): _num(v) for n, v in ev.final.aspects.items()}
        entry["indicators"] = {str(n): v for n, v in sorted(ev.final.indicators.items())}
        entry["stages"] = {
            stage: {"index": _num(s.index), "rating": s.rating} for stage, s in ev.stages.items() if s.complete
        }
        entry["report"] = result.report
        if result.pdf:
            entry["pdf"] = result.pdf
        entry["recommendations"] = [
            {
                **_step(step),
                "priority": priority,
                "advice": step.advice,
                "evidence": list(step.evidence),
            }
            for priority, step in enumerate((s for rec in ev.recommendations for s in rec.steps), start=1)
        ]
        entry["road"] = _road(ev.road) if ev.road else None  # always to the next predikat
        if ev.target_road is not None:  # only with --target-indeks above the index
            entry["target_road"] = _road(ev.target_road)
        if group is not None:
            entry["group"] = group
        if ev.comparison is not None:
            entry["previous"] = comparison_entry(ev.comparison)
        elif compared and ev.final.complete:
            entry["previous"] = None  # a new agency: nothing to compare with in last year's results
    entry["errors"] = [p.as_dict() for p in result.errors]
    entry["warnings"] = [p.as_dict() for p in result.warnings]
    return entry


def comparison_entry(comparison) -> dict:
    def pairs(changes) -> dict:
        return {str(c.number): {"from": _plain(c.before), "to": _plain(c.after)} for c in changes}

    return {
        "source": comparison.source,
        "index": float(comparison.index.before),
        "change": float(comparison.index.change),
        "domains": pairs(comparison.domains),
        "aspects": pairs(comparison.aspects),
        "indicators": pairs(c for c in comparison.indicators if c.before != c.after),
        "recommendations_met": [r for r in comparison.recommendations_met],
    }


def _plain(value):
    if isinstance(value, (Decimal, Fraction)):
        return float(value)
    return value


def group_entries(batch) -> dict[str, dict]:
    """The ``"group"`` entry of each ok workbook, by source: the comparison group's key and label,
    its size (processed workbooks), the workbook's rank within it (as the recap ranks; null for
    a draft) and the group's average Indeks SPBE (null when fewer than two are complete)."""
    from spbe_reports.ranking import standings  # ranking imports pandas: only when writing

    ranks = {s.result.source: s.rank for s in standings(batch)}
    entries = {}
    for found in batch.groups.values():
        average = found.average
        for w in found.members:
            entries[w.source] = {
                "key": found.group.key,
                "label": found.group.label,
                "size": len(found.members),
                "rank": ranks.get(w.source),
                "average": _num(average.index) if average is not None and average.complete else None,
            }
    return entries


def results_document(batch) -> dict:
    groups = group_entries(batch)
    document = {
        "framework": batch.framework.id,
        "generated_at": batch.generated_at.isoformat(),
        "workbooks": [workbook_entry(w, batch.compared, groups.get(w.source)) for w in batch.workbooks],
    }
    if batch.expected is not None:  # only with --daftar: the agencies that sent nothing
        document["missing"] = [{"agency": a.name, "kind": a.kind, "code": a.code} for a in batch.missing]
    return document


def write_results(batch, path) -> None:
    """Write hasil.json atomically (UTF-8, readable indentation)."""
    text = json.dumps(results_document(batch), ensure_ascii=False, indent=2)
    files.write_text(path, text + "\n")
