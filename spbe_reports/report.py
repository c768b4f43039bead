"""The context of the Word report: every word and figure the template shows, as plain data.

:func:`build_context` turns an :class:`~spbe_reports.evaluation.Evaluation` into a dict of
strings, numbers, lists and dicts, so the report is tested without Word and a coordinator
can re-word the template without touching code (docs/templat-laporan.md lists every key).

Every index shown is :func:`spbe_reports.scoring.rounded` of the exact value, written by
:mod:`spbe_reports.formatting`, and every predikat is read from that displayed value, so
the report says what hasil.json says. Nothing is recomputed with floats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from spbe_reports import compare, insights, recommend
from spbe_reports.assessment import SELF_STAGE, Assessment
from spbe_reports.evaluation import Evaluation
from spbe_reports.formatting import (
    format_change,
    format_gain,
    format_goal,
    format_id,
    format_index,
    goal_places,
    join_list,
    level_label,
    short_name,
    xml_safe,
)
from spbe_reports.framework import Framework, Indicator
from spbe_reports.problems import Problem
from spbe_reports.scoring import Scores, as_decimal_string, contribution, rounded

if TYPE_CHECKING:
    from spbe_reports.settings import Settings, Signatory

MISSING = "-"  # shown where a draft has no value yet
NOT_FILLED = "tidak diisi"  # a free-text cell the agency left empty
TOP_PRIORITIES = 10  # rows of the priority table in the body; the appendix has every step
HEADER_NAME_LIMIT = 90  # characters of the agency's name in the page header (one line at 8,5 pt)
NOT_RATED = "belum dapat ditentukan"
DEFAULT_AVERAGE_LABEL = "Rata-rata instansi sejenis"
TITLES = {
    "pemantauan": "LAPORAN HASIL PEMANTAUAN SPBE",
    "evaluasi": "LAPORAN HASIL EVALUASI SPBE",
}
SHORT_TITLES = {
    "pemantauan": "Laporan Hasil Pemantauan SPBE",
    "evaluasi": "Laporan Hasil Evaluasi SPBE",
}
KIND_LABELS = {"pemantauan": "Pemantauan", "evaluasi": "Evaluasi"}
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
# Characters XML 1.0 forbids (a Word file with one of them does not open); CR is normalised apart.


def build_context(
    evaluation: Evaluation,
    *,
    generated_at: datetime,
    average: Scores | None = None,
    average_label: str = DEFAULT_AVERAGE_LABEL,
    settings: Settings | None = None,
    warnings: Sequence[Problem] = (),
) -> dict[str, Any]:
    """Everything the report template needs, as plain data (str, int, bool, list, dict).

    ``average`` is the average Scores of the agency's comparison group: when given, the domain
    and aspect tables and the charts carry it as a column/series named ``average_label``.
    ``settings`` give the issuing body and the signatories (None: a plain kop and blank lines
    to sign on); ``warnings`` are the workbook's warnings, listed in "Catatan Kelengkapan".
    Every string in the result is cleaned of characters that XML forbids. Raises nothing for a
    draft: values not yet computable are shown as "-".
    """
    fw, assessment = evaluation.framework, evaluation.assessment
    final = evaluation.final
    average = average if average is not None and average.complete else None
    kind = assessment.kind
    has_stages = bool(assessment.assessor_stages_present)
    self_scores = evaluation.stages.get(SELF_STAGE)
    context: dict[str, Any] = {
        "draft": evaluation.draft,
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "title": TITLES[kind],
        "title_short": SHORT_TITLES[kind],
        "kind_sentence": _kind_sentence(fw, assessment),
        "generated_date": indonesian_date(generated_at),
        "framework": _framework(fw),
        "agency": _agency(fw, assessment),
        "complete": final.complete,
        "index": _index(final.index),
        "index_exact": "" if final.index is None else as_decimal_string(final.index).replace(".", ","),
        "rating": _rating(final, final.index),
        "has_stages": has_stages,
        "self_index": _index(self_scores.index if self_scores else None),
        "self_rating": _rating(final, self_scores.index if self_scores else None),
        "stages": _stages(evaluation),
        "has_domains": bool(fw.domains),
        "domains": _domains(final, average),
        "aspects": _aspects(final, average),
        "has_average": average is not None,
        "average_label": average_label,
        "average_index": _index(average.index) if average else "",
        "average_rating": _rating(average, average.index) if average else "",
        "has_aspect_chart": len(final.aspects) == len(fw.aspects),
        "has_domain_chart": bool(fw.domains) and len(final.domains) == len(fw.domains),
        "indicator_groups": _indicator_groups(evaluation),
        "indicators": _indicators(evaluation),
        **_summary(evaluation),
        **_stage_changes(evaluation),
        **_recommendations(evaluation),
        **_road(evaluation),
        **_comparison(evaluation),
        "details": _details(evaluation),
        "methodology": _methodology(fw),
        "header_text": _shorten(assessment.identity.name, HEADER_NAME_LIMIT),
        "issuer": issuer_context(settings),
        "kop": kop_context(settings, fw),
        "stages_text": _stages_text(fw, assessment),
        "gap_sentence": _gap_sentence(evaluation),
        "average_note": (
            f"Pembanding: {average_label[0].lower() + average_label[1:]}; instansi dibandingkan hanya dengan "
            "instansi sejenis dalam batch yang sama."
            if average
            else ""
        ),
        **_warnings(warnings),
        **_priorities(evaluation),
        "closing_sentence": _closing_sentence(evaluation),
        **_appendix(evaluation),
        "signature": _signature(settings, assessment, generated_at),
    }
    return clean(context)


# ---------------------------------------------------------------- helpers used by render too


def clean(value: Any) -> Any:
    """``value`` with every string freed of characters XML 1.0 forbids, recursively.

    Line ends are normalised to "\\n" (docxtpl turns it into a line break); tabs stay.
    """
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, Mapping):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


def indonesian_date(moment: datetime) -> str:
    """A date as written in Indonesian letters: "29 November 2026"."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def indonesian_datetime(moment: datetime) -> str:
    """A date and time as written in Indonesian: "29 November 2026 pukul 10.00"."""
    return f"{indonesian_date(moment)} pukul {moment:%H.%M}"


def chart_series(
    evaluation: Evaluation, average: Scores | None = None, average_label: str = DEFAULT_AVERAGE_LABEL
) -> dict[str, tuple[list[str], list[tuple[str, list[float]]]] | None]:
    """Labels and series of the two charts, from the displayed (rounded) indices.

    Returns {"aspects": (labels, series) or None, "domains": (labels, series) or None}; a chart
    is None when one of its indices cannot be computed (draft) or the framework has no domains.
    Floats are used only to draw: each is the exact displayed Decimal.
    """
    fw, final = evaluation.framework, evaluation.final
    average = average if average is not None and average.complete else None
    own = "Nilai Akhir" if evaluation.assessment.assessor_stages_present else "Penilaian Mandiri"

    def series(numbers: Sequence[int], values_of) -> list[tuple[str, list[float]]]:
        result = [(own, [float(rounded(values_of(final)[n])) for n in numbers])]
        if average:
            result.append((average_label, [float(rounded(values_of(average)[n])) for n in numbers]))
        return result

    aspects = [a.number for a in fw.aspects]
    domains = [d.number for d in fw.domains]
    return {
        "aspects": (
            ([f"{a.number}. {a.name}" for a in fw.aspects], series(aspects, lambda s: s.aspects))
            if aspects and all(n in final.aspects for n in aspects)
            else None
        ),
        "domains": (
            ([d.name for d in fw.domains], series(domains, lambda s: s.domains))
            if domains and all(n in final.domains for n in domains)
            else None
        ),
    }


# ---------------------------------------------------------------- sections


def _index(value: Fraction | None) -> str:
    return MISSING if value is None else format_index(value)


def _rating(scores: Scores, value: Fraction | None, missing: str = NOT_RATED) -> str:
    return missing if value is None else scores.rating_of(value)


def _percent(weight: Decimal, places: int | None = None) -> str:
    """A weight in percent: "13%", "16,5%"; with ``places`` fixed decimals: "1,30%"."""
    if places is not None:
        return f"{format_id(weight, places)}%"
    text = format(weight.normalize(), "f")
    return text.replace(".", ",") + "%"


def _framework(fw: Framework) -> dict[str, Any]:
    return {
        "id": fw.id,
        "name": fw.name,
        "title": fw.title,
        "version": fw.version,
        "legal_basis": list(fw.legal_basis),
        "legal_basis_main": fw.legal_basis[-1] if fw.legal_basis else fw.name,
        "index_name": fw.index_name,
        "text_note": fw.text_note,
        "indicator_count": len(fw.indicators),
        "aspect_count": len(fw.aspects),
        "domain_count": len(fw.domains),
        "min_level": fw.min_level,
        "max_level": fw.max_level,
    }


def _indicator_name(indicator: Indicator, assessment: Assessment, *, short: bool = False) -> str:
    """The indicator's name, with the agency's name of its sectoral service when it has one.

    ``short`` drops the "Tingkat Kematangan" that every 59/2020 name starts with (for tables).
    """
    name = short_name(indicator) if short else indicator.name
    if indicator.sectoral_service:
        service = assessment.identity.service(indicator.sectoral_service).strip()
        if service:
            return f"{name} ({service})"
    return name


def _agency(fw: Framework, assessment: Assessment) -> dict[str, Any]:
    ident = assessment.identity
    services = [
        {
            "number": ind.sectoral_service,
            "indicator": ind.number,
            "name": ident.service(ind.sectoral_service) or MISSING,
        }
        for ind in fw.indicators
        if ind.sectoral_service
    ]
    members = [m for m in ident.members if m.strip()]
    parent = ident.parent_government.strip()
    named = [f"{s['name']} (indikator {s['indicator']})" for s in services if s["name"] != MISSING]
    return {
        "name": ident.name,
        "kind": ident.kind,
        "kind_line": _kind_line(ident.name, ident.kind, parent),
        "parent_government": parent,
        "services_text": "; ".join(named) or MISSING,
        "year": ident.year,
        "code": ident.code or MISSING,
        "coordinator": ident.coordinator or MISSING,
        "responsible": ident.responsible or MISSING,
        "data_entry": ident.data_entry or MISSING,
        "members": members,
        "members_text": ", ".join(members) if members else MISSING,
        "has_members": bool(members),
        "services": services,
        "has_services": bool(services),
        "source": assessment.source,
    }


def _kind_line(name: str, kind: str, parent: str) -> str:
    """The line under the agency's name on the cover: its kind and government, unless the name says it."""
    line = f"{kind} {parent}" if parent else kind
    return "" if name.casefold().startswith(line.casefold()) else line


def _stages_text(fw: Framework, assessment: Assessment) -> str:
    """The stages the workbook has values for: "Penilaian Mandiri dan Penilaian Dokumen"."""
    return join_list([_stage_name(fw, s) for s in assessment.stages_present] or [_stage_name(fw, SELF_STAGE)])


def _kind_sentence(fw: Framework, assessment: Assessment) -> str:
    kind = "evaluasi" if assessment.kind == "evaluasi" else "pemantauan"
    return f"Laporan ini menyajikan hasil {kind} SPBE berdasarkan tahap {_stages_text(fw, assessment)}."


def _stage_name(fw: Framework, key: str) -> str:
    return next((s.name for s in fw.stages if s.key == key), key.capitalize())


def _stages(evaluation: Evaluation) -> list[dict[str, Any]]:
    fw = evaluation.framework
    self_scores = evaluation.stages.get(SELF_STAGE)
    result = []
    for key, scores in evaluation.stages.items():
        change = ""
        if key != SELF_STAGE and self_scores and self_scores.index is not None and scores.index is not None:
            change = format_change(rounded(scores.index) - rounded(self_scores.index))
        result.append(
            {
                "key": key,
                "name": _stage_name(fw, key),
                "index": _index(scores.index),
                "rating": _rating(scores, scores.index, MISSING),
                "change": change or MISSING,
            }
        )
    return result


def _domains(final: Scores, average: Scores | None) -> list[dict[str, Any]]:
    fw = final.framework
    return [
        {
            "number": d.number,
            "name": d.name,
            "weight": _percent(d.weight),
            "index": _index(final.domains.get(d.number)),
            "rating": _rating(final, final.domains.get(d.number), MISSING),
            "average": _index(average.domains.get(d.number)) if average else "",
            "average_rating": _rating(average, average.domains.get(d.number), MISSING) if average else "",
        }
        for d in fw.domains
    ]


def _aspects(final: Scores, average: Scores | None) -> list[dict[str, Any]]:
    fw = final.framework
    return [
        {
            "number": a.number,
            "name": a.name,
            "domain": a.domain or "",
            "domain_name": fw.domain(a.domain).name if a.domain is not None and fw.domains else "",
            "weight": _percent(a.weight),
            "index": _index(final.aspects.get(a.number)),
            "rating": _rating(final, final.aspects.get(a.number), MISSING),
            "average": _index(average.aspects.get(a.number)) if average else "",
            "average_rating": _rating(average, average.aspects.get(a.number), MISSING) if average else "",
        }
        for a in fw.aspects
    ]


def _indicator_row(evaluation: Evaluation, indicator: Indicator) -> dict[str, Any]:
    fw, assessment = evaluation.framework, evaluation.assessment
    level = evaluation.final.indicators.get(indicator.number)
    return {
        "number": indicator.number,
        "name": _indicator_name(indicator, assessment),
        "short_name": _indicator_name(indicator, assessment, short=True),
        "aspect": indicator.aspect,
        "aspect_name": fw.aspect(indicator.aspect).name,
        "scale": indicator.scale.name,
        "level": MISSING if level is None else str(level),
        "level_name": MISSING if level is None else indicator.scale.level_name(level),
        "level_label": MISSING if level is None else level_label(indicator, level),
        "weight": _percent(indicator.weight, 2),
        "contribution": MISSING if level is None else format_gain(contribution(fw, indicator.number, level)),
        "stage": _stage_name(fw, assessment.final_stage(indicator.number) or SELF_STAGE)
        if level is not None
        else MISSING,
    }


def _indicators(evaluation: Evaluation) -> list[dict[str, Any]]:
    return [_indicator_row(evaluation, ind) for ind in evaluation.framework.indicators]


def _indicator_groups(evaluation: Evaluation) -> list[dict[str, Any]]:
    """The indicators grouped by aspect, each group with its aspect index."""
    fw, final = evaluation.framework, evaluation.final
    return [
        {
            "number": a.number,
            "name": a.name,
            "domain_name": fw.domain(a.domain).name if a.domain is not None and fw.domains else "",
            "weight": _percent(a.weight),
            "index": _index(final.aspects.get(a.number)),
            "rating": _rating(final, final.aspects.get(a.number), MISSING),
            "indicators": [_indicator_row(evaluation, ind) for ind in fw.aspect_indicators(a.number)],
        }
        for a in fw.aspects
    ]


def _summary(evaluation: Evaluation) -> dict[str, Any]:
    fw, final = evaluation.framework, evaluation.final
    return {
        "strengths": insights.strengths_sentence(evaluation),
        "priorities": insights.priorities_sentence(evaluation),
        "strengths_list": insights.strengths(fw, final, final.indicators),
        "priorities_list": insights.priorities(fw, final, final.indicators, evaluation.recommendations),
        "weaknesses_list": insights.weaknesses(fw, final, final.indicators),
    }


def _stage_changes(evaluation: Evaluation) -> dict[str, Any]:
    fw, assessment = evaluation.framework, evaluation.assessment
    rows = []
    for change in evaluation.stage_changes:
        indicator = fw.indicator(change.indicator)
        rows.append(
            {
                "number": indicator.number,
                "name": _indicator_name(indicator, assessment),
                "self_level": _level_or_missing(change.self_level),
                "final_level": _level_or_missing(change.final_level),
                "stage": _stage_name(fw, change.stage),
                "note": change.note.strip() or MISSING,
            }
        )
    overclaim = evaluation.overclaim
    if overclaim is None:
        sentence = ""
    elif overclaim > 0:
        sentence = (
            f"Indeks hasil penilaian mandiri lebih tinggi {format_index(overclaim)} poin daripada indeks akhir; "
            "selisih ini menunjukkan penilaian mandiri yang melebihi bukti yang dapat diverifikasi asesor."
        )
    elif overclaim < 0:
        sentence = f"Indeks akhir lebih tinggi {format_index(-overclaim)} poin daripada indeks hasil penilaian mandiri."
    else:
        sentence = "Indeks akhir sama dengan indeks hasil penilaian mandiri."
    return {
        "stage_changes": rows,
        "has_stage_changes": bool(rows),
        "stage_changes_count": len(rows),
        "overclaim": "" if overclaim is None else format_index(overclaim),
        "overclaim_sentence": sentence,
    }


def _level_or_missing(level: int | None) -> str:
    return MISSING if level is None else str(level)


def _step_row(fw: Framework, step, assessment: Assessment) -> dict[str, Any]:
    indicator = fw.indicator(step.indicator)
    return {
        "number": indicator.number,
        "name": _indicator_name(indicator, assessment),
        "short_name": _indicator_name(indicator, assessment, short=True),
        "from_level": step.from_level,
        "to_level": step.to_level,
        "from_label": level_label(indicator, step.from_level),
        "to_label": level_label(indicator, step.to_level),
        "gain": format_gain(step.gain),
        "criteria": step.criteria,
        "evidence": list(step.evidence),
        "advice": step.advice,
    }


def _recommendations(evaluation: Evaluation) -> dict[str, Any]:
    fw, assessment = evaluation.framework, evaluation.assessment
    rows = []
    for rec in evaluation.recommendations:
        indicator = fw.indicator(rec.indicator)
        rows.append(
            {
                "priority": rec.priority,
                "number": indicator.number,
                "name": _indicator_name(indicator, assessment),
                "from_level": rec.current,
                "to_level": rec.target,
                "from_label": level_label(indicator, rec.current),
                "to_label": level_label(indicator, rec.target),
                "gain": format_gain(rec.gain),
                "repair": rec.current < recommend.REPAIR_BELOW,
                "steps": [_step_row(fw, step, assessment) for step in rec.steps],
            }
        )
    return {"recommendations": rows, "has_recommendations": bool(rows)}


def _road(evaluation: Evaluation) -> dict[str, Any]:
    """The road to the next predikat (``road``) and, with --target-indeks, to that index (``target_road``)."""
    fw, final, road = evaluation.framework, evaluation.final, evaluation.road
    at_top = final.complete and fw.next_rating(rounded(final.index)) is None
    target_road = evaluation.target_road
    return {
        "has_road": road is not None,
        "at_top": bool(at_top),
        "road": _road_dict(evaluation, road),
        "road_sentence": insights.road_sentence(evaluation),
        "has_target_road": target_road is not None,
        "target_road": _road_dict(evaluation, target_road),
    }


def _road_dict(evaluation: Evaluation, road: recommend.Road | None) -> dict[str, Any]:
    """A road's figures and its steps with the running index; empty values without a road."""
    fw = evaluation.framework
    if road is None:
        return {
            "gap": "",
            "to_rating": "",
            "to_index": "",
            "index_after": "",
            "rating_after": "",
            "gain": "",
            "step_count": 0,
            "indicator_count": 0,
            "steps": [],
        }
    steps: list[dict[str, Any]] = []
    running = evaluation.final.index
    for number, step in enumerate(road.steps, start=1):
        running += step.gain
        row = _step_row(fw, step, evaluation.assessment)
        row.update(step=number, index_after=format_index(running))
        steps.append(row)
    return {
        "gap": _gap(evaluation, road),
        "to_rating": road.to_rating,
        "to_index": format_goal(road.to_index),
        "index_after": format_index(road.index_after),
        "rating_after": fw.rating(rounded(road.index_after)),
        "gain": format_gain(road.gain),
        "step_count": len(road.steps),
        "indicator_count": len({s.indicator for s in road.steps}),
        "steps": steps,
    }


def _gap(evaluation: Evaluation, road: recommend.Road) -> str:
    """How far the displayed index is below the road's goal: "0,82"."""
    return format_id(road.to_index - rounded(evaluation.final.index), goal_places(road.to_index))


def _change_row(change: compare.Change, name: str, places: int | None) -> dict[str, Any]:
    """One before/after pair; ``places`` None for levels (integers), else displayed indices."""
    if places is None:
        before, after, delta = str(change.before), str(change.after), change.change
        delta_text = f"+{delta}" if delta > 0 else str(delta)
    else:
        before, after = format_index(change.before), format_index(change.after)
        delta_text = format_change(change.change)
    return {
        "number": change.number or "",
        "name": name,
        "before": before,
        "after": after,
        "change": delta_text,
        "direction": change.direction,
    }


def _comparison(evaluation: Evaluation) -> dict[str, Any]:
    comparison = evaluation.comparison
    empty = {
        "source": "",
        "year": "",
        "same_framework": True,
        "index_before": "",
        "index_after": "",
        "index_change": "",
        "index_direction": "",
        "domains": [],
        "aspects": [],
        "indicators": [],
        "has_domains": False,
        "has_aspects": False,
        "has_indicators": False,
        "recommendations": [],
        "has_recommendations": False,
        "met_count": 0,
        "recommendation_count": 0,
        "unmet_text": "",
    }
    if comparison is None:
        return {"has_comparison": False, "comparison": empty}
    fw, assessment = evaluation.framework, evaluation.assessment
    previous = comparison.previous
    index = comparison.index
    domains = [_change_row(c, fw.domain(c.number).name, 2) for c in comparison.domains]
    aspects = [_change_row(c, fw.aspect(c.number).name, 2) for c in comparison.aspects]
    indicators = [
        _change_row(c, _indicator_name(fw.indicator(c.number), assessment), None)
        for c in comparison.indicators
        if c.change != 0
    ]
    checks = [
        {
            "number": check.indicator,
            "name": _indicator_name(fw.indicator(check.indicator), assessment),
            "target": check.target,
            "before": _level_or_missing(check.before),
            "now": _level_or_missing(check.now),
            "met": check.met,
            "status": "terpenuhi" if check.met else "belum terpenuhi",
        }
        for check in comparison.recommendations
        if check.indicator in {i.number for i in fw.indicators}
    ]
    return {
        "has_comparison": True,
        "comparison": {
            "source": previous.source,
            "year": previous.year or "",
            "same_framework": comparison.same_framework,
            "index_before": format_index(index.before) if index else MISSING,
            "index_after": format_index(index.after) if index else MISSING,
            "index_change": format_change(index.change) if index else MISSING,
            "index_direction": index.direction if index else "",
            "domains": domains,
            "aspects": aspects,
            "indicators": indicators,
            "has_domains": bool(domains),
            "has_aspects": bool(aspects),
            "has_indicators": bool(indicators),
            "recommendations": checks,
            "has_recommendations": bool(checks),
            "met_count": sum(1 for c in checks if c["met"]),
            "recommendation_count": len(checks),
            "unmet_text": join_list(f"indikator {c['number']}" for c in checks if not c["met"]),
        },
    }


def _details(evaluation: Evaluation) -> list[dict[str, Any]]:
    fw, assessment = evaluation.framework, evaluation.assessment
    rows = []
    for indicator in fw.indicators:
        entry = assessment.entry(indicator.number)
        row = _indicator_row(evaluation, indicator)
        row.update(
            explanation=_filled(entry.explanation if entry else ""),
            evidence=_filled(entry.evidence if entry else ""),
            note=entry.assessor_note if entry else "",
            has_note=bool(entry and entry.assessor_note.strip()),
            levels_text="; ".join(
                f"{_stage_name(fw, key)}: {entry.levels[key]}"
                for key in assessment.stages
                if entry and entry.levels.get(key) is not None
            )
            or MISSING,
        )
        rows.append(row)
    return rows


def _rating_bands(fw: Framework) -> list[dict[str, str]]:
    """The predikat bands as ranges of displayed values: "2,60 - < 3,50"."""
    bands = []
    upper: Decimal | None = None
    for band in fw.ratings:  # highest first
        low = format_index(band.minimum)
        text = f"{low} - {format_index(fw.max_level)}" if upper is None else f"{low} - < {format_index(upper)}"
        bands.append({"range": text, "name": band.name, "minimum": low})
        upper = band.minimum
    return bands


def _methodology(fw: Framework) -> dict[str, Any]:
    formulas = [
        (
            f"Nilai Indikator adalah tingkat kematangan {fw.min_level} sampai {fw.max_level} yang diberikan pada "
            "setiap indikator; nilai akhir suatu indikator adalah nilai dari tahap penilaian terakhir yang mengisinya."
        ),
        "Indeks Aspek sama dengan jumlah hasil kali nilai setiap indikator dengan bobotnya, dibagi bobot aspek.",
    ]
    if fw.domains:
        formulas.append(
            "Indeks Domain sama dengan jumlah hasil kali indeks setiap aspek dengan bobotnya, dibagi bobot domain."
        )
    formulas.append(
        f"{fw.index_name} sama dengan jumlah hasil kali nilai setiap indikator dengan bobotnya, dibagi 100."
    )
    formulas.append(
        "Seluruh perhitungan memakai nilai yang tidak dibulatkan; indeks dibulatkan ke dua angka desimal "
        "(setengah ke atas) hanya untuk ditampilkan, dan predikat ditentukan dari nilai yang ditampilkan."
    )
    return {
        "formulas": formulas,
        "ratings": _rating_bands(fw),
        "stages": [s.name for s in fw.stages],
        "stages_text": join_list([s.name for s in fw.stages]),
        "domains": [{"number": d.number, "name": d.name, "weight": _percent(d.weight)} for d in fw.domains],
        "aspects": [
            {
                "number": a.number,
                "name": a.name,
                "domain_name": fw.domain(a.domain).name if a.domain is not None and fw.domains else "",
                "weight": _percent(a.weight),
                "indicators": _number_range([i.number for i in fw.aspect_indicators(a.number)]),
                "indicator_weight": _weights_text(fw.aspect_indicators(a.number)),
            }
            for a in fw.aspects
        ],
        **_scale_table(fw),
        "scales": [
            {
                "name": s.name,
                "description": s.description,
                "levels": [{"number": lv.number, "name": lv.name, "description": lv.description} for lv in s.levels],
            }
            for s in fw.scales
        ],
    }


def _number_range(numbers: Iterable[int]) -> str:
    numbers = sorted(numbers)
    if not numbers:
        return ""
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 1:
        return f"{numbers[0]}-{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def _weights_text(indicators: Sequence[Indicator]) -> str:
    weights = sorted({ind.weight for ind in indicators})
    return ", ".join(_percent(w, 2) for w in weights)


def _scale_table(fw: Framework) -> dict[str, Any]:
    """The level names of the (at most two) scales side by side, with which indicators use each."""
    scales = list(fw.scales[:2])
    names = [s.name for s in scales] + [""] * (2 - len(scales))
    rows = []
    for number in range(fw.min_level, fw.max_level + 1):
        cells = []
        for scale in scales:
            level = next((lv for lv in scale.levels if lv.number == number), None)
            cells.append(level.name if level else "")
        cells += [""] * (2 - len(cells))
        rows.append({"number": number, "first": cells[0], "second": cells[1]})
    uses = []
    for scale in fw.scales:
        numbers = [i.number for i in fw.indicators if i.scale.key == scale.key]
        if numbers:
            uses.append(f"skala {scale.name} berlaku untuk indikator {_number_range(numbers)}")
    note = (uses[0][0].upper() + "; ".join(uses)[1:] + ".") if uses else ""
    return {"scale_names": names, "level_rows": rows, "scales_note": note}


def _filled(text: str) -> str:
    """Free text as the agency wrote it, or "tidak diisi" for an empty cell."""
    return text if text and text.strip() else NOT_FILLED


def _shorten(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-") + "…"


def issuer_context(settings: Settings | None) -> dict[str, str]:
    """Who issues the report: "Tim Koordinasi SPBE Pemerintah Kabupaten Sukamaju" ('' without settings)."""
    if settings is None:
        return {"name": "", "body": "", "unit": ""}
    parts = [p for p in (settings.unit.strip(), settings.issuer.strip()) if p]
    return {"name": " ".join(parts), "body": settings.issuer.strip(), "unit": settings.unit.strip()}


def kop_context(settings: Settings | None, fw: Framework) -> dict[str, Any]:
    """The letterhead: title lines (bold) and plain lines; the renderer adds the logo image.

    Without settings the kop is plain: it names the evaluation and its legal basis, never an
    issuing body that nobody set.
    """
    if settings is None or not (settings.issuer.strip() or settings.unit.strip()):
        return {
            "titles": ["PEMANTAUAN DAN EVALUASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK"],
            "lines": [f"Menurut {fw.name}"],
            "has_logo": False,
            "plain": True,
        }
    titles = [t.upper() for t in (settings.issuer.strip(), settings.unit.strip()) if t]
    lines = [t for t in (settings.address.strip(), settings.contact.strip()) if t]
    return {"titles": titles, "lines": lines, "has_logo": settings.logo is not None, "plain": False}


def _gap_sentence(evaluation: Evaluation) -> str:
    """How far the index is from the next predikat, pointing to BAB IV ('' without a road)."""
    road, final = evaluation.road, evaluation.final
    if road is None or final.index is None:
        return ""
    return (
        f"Predikat {road.to_rating} dicapai pada indeks {format_goal(road.to_index)}, {_gap(evaluation, road)} "
        "poin di atas capaian sekarang; jalan tersingkat ke sana diuraikan pada BAB IV."
    )


def _warnings(warnings: Sequence[Problem]) -> dict[str, Any]:
    rows = [
        {"number": n, "where": w.location[0].upper() + w.location[1:], "message": w.message, "code": w.code}
        for n, w in enumerate(warnings, start=1)
    ]
    return {"warnings": rows, "has_warnings": bool(rows), "warning_count": len(rows)}


def _priorities(evaluation: Evaluation) -> dict[str, Any]:
    """The body's priority table, one row per indicator: the road's indicators first (with the
    index after their steps), then the other recommendations in priority order, up to
    TOP_PRIORITIES rows in all (the road is always shown whole).
    """
    fw, assessment = evaluation.framework, evaluation.assessment
    road = evaluation.road
    rows: dict[int, dict[str, Any]] = {}

    def row(number: int, from_level: int, to_level: int, step_gain: Fraction, mark: str) -> dict[str, Any]:
        indicator = fw.indicator(number)
        return {
            "number": number,
            "short_name": _indicator_name(indicator, assessment, short=True),
            "from_level": from_level,
            "to_level": to_level,
            "step_gain": format_gain(step_gain),
            "index_after": "",
            "mark": mark,
        }

    if road is not None:
        running = evaluation.final.index
        for step in road.steps:
            running += step.gain
            entry = rows.setdefault(
                step.indicator, row(step.indicator, step.from_level, step.to_level, step.gain, "jalan tersingkat")
            )
            entry["to_level"] = max(entry["to_level"], step.to_level)
            entry["index_after"] = format_index(running)
    for rec in evaluation.recommendations:
        if len(rows) >= TOP_PRIORITIES:
            break
        if rec.indicator not in rows:
            mark = "di bawah tingkat 3" if rec.current < recommend.REPAIR_BELOW else ""
            rows[rec.indicator] = row(rec.indicator, rec.current, rec.target, rec.steps[0].gain, mark)
    rest = len({r.indicator for r in evaluation.recommendations} - set(rows))
    if not evaluation.recommendations:
        more = ""
    elif rest:
        more = (
            f"Tabel ini memuat {len(rows)} prioritas teratas; {rest} indikator lain yang direkomendasikan, "
            "beserta syarat dan bukti dukung setiap langkah, diuraikan pada Lampiran I."
        )
    else:
        more = "Syarat dan bukti dukung setiap langkah diuraikan per indikator pada Lampiran I."
    return {"top_priorities": list(rows.values()), "priorities_more": more}


def _closing_sentence(evaluation: Evaluation) -> str:
    road = evaluation.road
    if evaluation.draft:
        return "Laporan ini masih berupa draf dan perlu dilengkapi sebelum ditetapkan."
    if road is not None:
        return (
            f"langkah terdekat adalah {len(road.steps)} kenaikan tingkat pada jalan tersingkat menuju predikat "
            f"{road.to_rating}, disusul prioritas perbaikan lainnya pada BAB IV. Tindak lanjutnya akan dipantau "
            "pada penilaian berikutnya."
        )
    if evaluation.recommendations:
        return "rekomendasi pada BAB IV ditujukan untuk mempertahankan dan menyempurnakan capaian tersebut."
    return "seluruh indikator telah mencapai tingkat sasarannya."


def _appendix(evaluation: Evaluation) -> dict[str, Any]:
    """Lampiran I (every indicator once: values, the agency's own words, its steps) and Lampiran II.

    Lampiran II prints each distinct evidence list once, with the steps that need it; a step in
    Lampiran I points to its list by code ("B3"). The steps of one indicator are its
    recommendation's steps, so no step appears twice in the report.
    """
    fw, assessment = evaluation.framework, evaluation.assessment
    recs = {r.indicator: r for r in evaluation.recommendations}
    # Codes in the order the reader meets the lists in Lampiran I (by indicator, then level).
    groups_found = [g for g in recommend.group_by_evidence(evaluation.recommendations) if g.evidence]
    groups_found.sort(key=lambda g: min((s.indicator, s.from_level) for s in g.steps))
    codes = {g.evidence: f"B{n}" for n, g in enumerate(groups_found, start=1)}
    details = {d["number"]: d for d in _details(evaluation)}
    groups = []
    for aspect in fw.aspects:
        rows = []
        for indicator in fw.aspect_indicators(aspect.number):
            row = details[indicator.number]
            rec = recs.get(indicator.number)
            steps = []
            for step in rec.steps if rec else ():
                code = codes.get(step.evidence, "")
                steps.append(
                    {
                        "heading": (
                            f"Prioritas {rec.priority}: dari tingkat {level_label(indicator, step.from_level)} ke "
                            f"{level_label(indicator, step.to_level)} (+{format_gain(step.gain)})"
                        ),
                        "to_level": step.to_level,
                        "criteria": step.criteria,
                        "evidence_text": f"Daftar {code} pada Lampiran II" if code else "Tidak ada daftar khusus.",
                        "advice": "" if step.advice_restates_criteria else step.advice,
                    }
                )
            rows.append(
                {
                    "number": row["number"],
                    "name": row["name"],
                    "level_label": row["level_label"],
                    "levels_text": row["levels_text"]
                    if assessment.assessor_stages_present and row["levels_text"] != MISSING
                    else "",
                    "explanation": row["explanation"],
                    "evidence": row["evidence"],
                    "note": row["note"].strip(),
                    "steps": steps,
                }
            )
        groups.append({"number": aspect.number, "name": aspect.name, "indicators": rows})
    evidence_lists = [
        {"code": codes[g.evidence], "entries": list(g.evidence), "used_by": _used_by(sorted(g.steps, key=_step_order))}
        for g in groups_found
    ]
    return {"appendix": groups, "evidence_lists": evidence_lists}


def _used_by(steps: Sequence[recommend.Step]) -> str:
    """ "indikator 12, 13, dan 14 (menuju tingkat 3)", or each with its level when they differ."""
    levels = {s.to_level for s in steps}
    if len(levels) == 1:
        numbers = join_list(str(s.indicator) for s in steps)
        return f"indikator {numbers} (menuju tingkat {levels.pop()})"
    return "indikator " + join_list(f"{s.indicator} (menuju tingkat {s.to_level})" for s in steps)


def _step_order(step: recommend.Step) -> tuple[int, int]:
    return step.indicator, step.from_level


SIGNATURE_BLANK = "(" + "." * 40 + ")"
NIP_BLANK = "NIP. " + "." * 30
PLACE_BLANK = "." * 25


def format_nip(nip: str) -> str:
    """An 18-digit NIP as printed on Indonesian documents: "19700101 199503 1 001"; other text as it is."""
    digits = "".join(nip.split())
    if len(digits) == 18 and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return nip.strip()


def _person(caption: str, name: str = "", nip: str = "", rank: str = "") -> dict[str, str]:
    """One signatory: caption (jabatan), name, pangkat/golongan and NIP; dotted lines where unknown."""
    name = name.strip()
    if not name:
        return {"caption": f"{caption},", "name": SIGNATURE_BLANK, "rank": "", "nip_line": NIP_BLANK}
    return {
        "caption": f"{caption},",
        "name": name,
        "rank": rank.strip(),
        "nip_line": f"NIP. {format_nip(nip)}" if nip.strip() else "",
    }


def _signatory(signatory: Signatory) -> dict[str, str]:
    return _person(signatory.position, signatory.name, signatory.nip, signatory.rank)


EMPTY_PERSON = {"caption": "", "name": "", "rank": "", "nip_line": ""}


def _signature_block(
    settings: Settings | None, generated_at: datetime, people: list[dict[str, str]], acknowledgement: dict | None = None
) -> dict[str, Any]:
    """Place and date, ``people`` in pairs (one alone stands on the right), and the acknowledgement."""
    place = settings.place.strip() if settings else ""
    date = indonesian_date(generated_at)
    if len(people) == 1:
        rows = [{"left": EMPTY_PERSON, "right": people[0]}]
    else:
        rows = [
            {"left": people[i], "right": people[i + 1] if i + 1 < len(people) else EMPTY_PERSON}
            for i in range(0, len(people), 2)
        ]
    return {
        "date": date,
        "place": place,
        "place_date": f"{place or PLACE_BLANK}, {date}",
        "rows": rows,
        "has_acknowledgement": acknowledgement is not None,
        "acknowledgement": acknowledgement or EMPTY_PERSON,
    }


def _coordinator(settings: Settings | None) -> dict[str, str]:
    coordinator = settings.coordinator if settings else None
    return _signatory(coordinator) if coordinator else _person("Koordinator SPBE")


def coordinator_signature(settings: Settings | None, generated_at: datetime) -> dict[str, Any]:
    """The summary's closing block: the coordinator of the settings, or dotted lines to sign on."""
    return _signature_block(settings, generated_at, [_coordinator(settings)])


def _signature(settings: Settings | None, assessment: Assessment, generated_at: datetime) -> dict[str, Any]:
    """The closing block. An evaluation is signed by the assessors and acknowledged ("Mengetahui")
    by the agency's head; a monitoring report by the coordinator. Names come only from the settings
    and the workbook; where they are missing the block has dotted lines to fill in by hand.
    """
    ident = assessment.identity
    if assessment.kind == "evaluasi":
        assessors = settings.assessors if settings else ()
        people = [_signatory(s) for s in assessors] or [_person("Ketua Tim Asesor"), _person("Anggota Tim Asesor")]
        head = _person(ident.head_position.strip() or f"Pimpinan {ident.name}", ident.head_name, ident.head_nip)
        block = _signature_block(settings, generated_at, people, head)
    else:
        block = coordinator_signature(settings, generated_at)
    return {
        **block,
        # the keys of the earlier template (docs/templat-laporan.md keeps them documented)
        "place_line": block["place"] or PLACE_BLANK,
        "responsible": ident.responsible.strip() or SIGNATURE_BLANK,
        "coordinator": ident.coordinator.strip() or SIGNATURE_BLANK,
    }
