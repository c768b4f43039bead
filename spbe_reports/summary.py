"""The summary report across agencies (ringkasan.docx): its context and its rendering.

:func:`summary_context` turns the ranking and statistics of :mod:`spbe_reports.ranking` (the
same figures the recap workbook shows) into the plain data of the summary template;
:func:`chart_data` gives the labels and values of its charts; :func:`render_summary` is the
edge that draws the charts (:mod:`spbe_reports.charts`) and writes the docx.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path
from typing import Any

from docx.shared import Cm

from spbe_reports import charts, files, render
from spbe_reports.formatting import format_change, format_index, join_list, short_name
from spbe_reports.framework import Framework
from spbe_reports.ranking import (
    ATTENTION_BANDS,
    ATTENTION_MARGIN,
    RatingCount,
    Standing,
    YearChange,
    band_bounds,
    band_colours,
    band_range,
    bands_low_to_high,
    completeness,
    direction_counts,
    first_error,
    index_statistics,
    needs_attention,
    new_agencies,
    rating_counts,
    standings,
    weakest_indicators,
    year_changes,
)
from spbe_reports.recommend import REPAIR_BELOW
from spbe_reports.report import (
    KIND_LABELS,
    clean,
    coordinator_signature,
    indonesian_date,
    issuer_context,
    kop_context,
)
from spbe_reports.scoring import rounded


def format_percent(share: Fraction) -> str:
    """A share as an Indonesian percentage with one decimal: "33,3%"."""
    return format(rounded(share * 100, 1), "f").replace(".", ",") + "%"


# --- the summary report's context -------------------------------------------------------------


def _years(batch) -> str:
    years = sorted({s.evaluation.assessment.identity.year for s in standings(batch)})
    return join_list([str(y) for y in years])


def _kind_word(batch) -> str:
    """ "pemantauan", "evaluasi", or both when the batch mixes them (or has none)."""
    kinds = {s.evaluation.assessment.kind for s in standings(batch)}
    return kinds.pop() if len(kinds) == 1 else "pemantauan dan evaluasi"


def _counts(batch) -> dict[str, Any]:
    ranked = [s for s in standings(batch) if s.rank is not None]
    return {
        "received": len(batch.workbooks),
        "processed": len(batch.ok),
        "complete": len(ranked),
        "drafts": len(batch.ok) - len(ranked),
        "rejected": len(batch.rejected),
        "expected": len(batch.expected) if batch.expected is not None else 0,
        "missing": len(batch.missing),
    }


def _subject(fw: Framework) -> str:
    """What is assessed, for titles: "SPBE" from "Indeks SPBE"."""
    name = fw.index_name or fw.name
    return name.removeprefix("Indeks ")


def _capitalised(words: str) -> str:
    """ "pemantauan dan evaluasi" -> "Pemantauan dan Evaluasi" (conjunctions stay lowercase)."""
    return " ".join(w if w == "dan" else w[:1].upper() + w[1:] for w in words.split())


def _overview(batch, counts: dict[str, Any]) -> list[str]:
    fw = batch.framework
    years = _years(batch)
    sentences = [
        f"Ringkasan ini menyajikan {fw.index_name} hasil {_kind_word(batch)}"
        + (f" tahun {years}" if years else "")
        + f" menurut {fw.name} untuk seluruh buku kerja yang diterima."
    ]
    processed = f"{counts['processed']} diproses"
    if counts["drafts"]:
        processed += f" ({counts['complete']} lengkap dan {counts['drafts']} draf)"
    sentences.append(
        f"Sebanyak {counts['received']} buku kerja diterima: {processed} dan {counts['rejected']} ditolak."
    )
    if batch.expected is not None:
        sentences.append(
            f"Daftar instansi memuat {counts['expected']} instansi; "
            + (
                f"{counts['missing']} di antaranya belum mengirim buku kerja."
                if counts["missing"]
                else "semuanya telah mengirim buku kerja."
            )
        )
    return sentences


def _group_title(found) -> str:
    label = found.group.label
    return f"{label[:1].upper()}{label[1:]} ({len(found.members)} instansi)"


def _average_sentence(batch, ranked: list[Standing], found=None) -> str:
    """What a group's average and its best and lowest agencies are; ``found`` is its GroupResult."""
    fw = batch.framework
    if not ranked:
        return f"{fw.index_name} rata-rata belum dapat dihitung karena belum ada buku kerja yang lengkap."
    average = found.average if found is not None else None
    if average is None or not average.complete:
        return (
            f"Kelompok ini hanya memiliki satu instansi yang lengkap ({ranked[0].name}, {fw.index_name} "
            f"{format_index(ranked[0].index)}), sehingga rata-rata kelompok tidak dihitung."
        )
    best = [s.name for s in ranked if s.index == ranked[0].index]
    worst = [s.name for s in ranked if s.index == ranked[-1].index]
    text = (
        f"Rata-rata {fw.index_name} dari {len(ranked)} instansi adalah {format_index(average.index)} "
        f"(predikat {fw.rating(rounded(average.index))})."
    )
    if len(ranked) > 1:
        text += (
            f" Indeks tertinggi {format_index(ranked[0].index)} diraih oleh {join_list(best)}, dan "
            f"indeks terendah {format_index(ranked[-1].index)} oleh {join_list(worst)}."
        )
    return text


def _attention_rule(fw: Framework) -> str:
    low = [band.name for band in bands_low_to_high(fw)[:ATTENTION_BANDS]]
    return (
        f"Instansi dinilai perlu perhatian apabila memperoleh predikat {join_list(low, 'atau')}, atau apabila "
        f"{fw.index_name}-nya lebih rendah {format_index(ATTENTION_MARGIN)} poin atau lebih dari rata-rata "
        "kelompoknya (instansi lengkap dalam kelompok yang sama; dibandingkan dengan nilai yang ditampilkan, "
        "dua angka desimal)."
    )


def _comparison(batch) -> dict[str, Any]:
    """The section "Perbandingan dengan Tahun Lalu": only with --pembanding (``has_comparison``)."""
    fw = batch.framework
    changes = year_changes(batch)
    new = [s.name for s in new_agencies(batch)]
    rows = [_change_row(c) for c in changes]
    if changes:
        counts = direction_counts(changes)
        moves = [f"{n} instansi {word}" for word, n in counts.items() if n]
        sources = sorted({c.comparison.source for c in changes if c.comparison.source})
        sentence = (
            f"Dari {len(changes)} instansi yang juga dinilai tahun lalu, {fw.index_name} {join_list(moves)}. "
            "Perubahan adalah selisih nilai yang ditampilkan (dua angka desimal) tahun ini dan tahun lalu, "
            "sama dengan laporan masing-masing instansi."
            + (f" Data tahun lalu dibaca dari {join_list(sources)}." if sources else "")
        )
    else:
        sentence = (
            "Tidak ada instansi yang ditemukan dalam hasil tahun lalu, sehingga belum ada yang dapat dibandingkan."
        )
    if new:
        new_sentence = f"Instansi baru tanpa data tahun lalu: {join_list(new)}."
    else:
        new_sentence = (
            "Tidak ada instansi baru: setiap instansi yang dinilai lengkap tahun ini ada dalam hasil tahun lalu."
        )
    return {
        "has_comparison": bool(batch.compared),
        "comparison": {
            "sentence": sentence,
            "has_rows": bool(rows),
            "rows": rows,
            "has_new": bool(new),
            "new": new,
            "new_sentence": new_sentence,
        },
    }


def _change_row(change: YearChange) -> dict[str, str]:
    index = change.index
    return {
        "name": change.name,
        "before": format_index(index.before) if index else "-",
        "after": format_index(index.after) if index else "-",
        "change": format_change(index.change) if index else "-",
        "direction": change.direction or "-",
    }


def summary_context(batch) -> dict[str, Any]:
    """Everything the summary template shows, as plain data (str, int, bool, list, dict).

    Pure: reads the batch, draws nothing. Every index is the displayed value with a decimal
    comma ("2,59"); every string is cleaned of characters XML forbids. Chart images are added
    by :func:`render_summary` under ``chart_ranking``, ``chart_ratings`` and ``chart_aspects``.
    """
    fw = batch.framework
    ranked_all = standings(batch)
    ranked = [s for s in ranked_all if s.rank is not None]
    drafts = [s for s in ranked_all if s.rank is None]
    counts = _counts(batch)
    ratings = rating_counts(batch)  # a count over the whole batch, not an average
    attention = needs_attention(batch)
    groups = [_group_context(batch, key, found) for key, found in batch.groups.items()]

    settings = batch.settings  # Settings() without a file: plain kop, blank lines to sign on
    context = {
        "kop": kop_context(settings, fw),
        "issuer": issuer_context(settings),
        "signature": coordinator_signature(settings, batch.generated_at),
        "title": f"Ringkasan Hasil {_kind_word(batch)} {_subject(fw)}".upper(),
        "title_short": f"Ringkasan Hasil {_capitalised(_kind_word(batch))} {_subject(fw)}",
        "framework": {
            "name": fw.name,
            "title": fw.title,
            "index_name": fw.index_name,
            "legal_basis": list(fw.legal_basis),
        },
        "years": _years(batch),
        "generated_date": indonesian_date(batch.generated_at),
        "counts": counts,
        "has_list": batch.expected is not None,
        "overview": " ".join(_overview(batch, counts)),
        "has_complete": bool(ranked),
        "groups": groups,
        "has_groups": bool(groups),
        "group_note": (
            "Rata-rata dan peringkat hanya membandingkan instansi yang sebanding: pemerintah daerah dengan "
            "pemerintah daerah yang sejenis, perangkat daerah dengan perangkat daerah pada pemerintah daerah "
            "induk yang sama. Rata-rata kelompok dihitung bila kelompok memiliki sedikitnya dua instansi yang "
            "lengkap."
        ),
        "ranking": [_ranking_row(s, batch) for s in ranked],
        "ranking_note": (
            f"Peringkat disusun dalam setiap kelompok menurut {fw.index_name} sebelum dibulatkan; instansi dengan "
            "nilai yang sama berbagi peringkat."
        ),
        "has_drafts": bool(drafts),
        "drafts": [{"name": s.name, "completeness": "{}/{}".format(*completeness(s.evaluation))} for s in drafts],
        "ratings": [
            {
                "name": c.band.name,
                "range": band_range(fw, c.band),
                "count": c.count,
                "percent": format_percent(c.share),
            }
            for c in ratings
        ],
        "rating_sentence": _rating_sentence(ratings),
        "has_domains": bool(fw.domains),
        "has_weakest": any(g["has_weakest"] for g in groups),
        "weak_level": REPAIR_BELOW,
        "has_attention": bool(attention),
        "attention_rule": _attention_rule(fw),
        "attention": [
            {
                "rank": str(s.rank),
                "group": s.group.label,
                "name": s.name,
                "index": format_index(s.index),
                "rating": s.rating,
                "reason": "; ".join(reasons),
            }
            for s, reasons in attention
        ],
        "has_rejected": bool(batch.rejected),
        "rejected": [{"source": w.source, "agency": w.agency or "-", "reason": first_error(w)} for w in batch.rejected],
        "has_missing": bool(batch.missing),
        "missing": [
            {"number": i, "name": a.name, "kind": a.kind or "-", "code": a.code or "-"}
            for i, a in enumerate(batch.missing, start=1)
        ],
        **_comparison(batch),
    }
    return clean(context)


def _ranking_row(s: Standing, batch) -> dict[str, str]:
    return {
        "rank": str(s.rank),
        "name": s.name,
        "group": _group_title(batch.groups[s.group.key]),
        "kind": s.evaluation.assessment.identity.kind,
        "assessment": KIND_LABELS.get(s.evaluation.assessment.kind, s.evaluation.assessment.kind),
        "index": format_index(s.index),
        "rating": s.rating,
    }


def _group_context(batch, key: str, found) -> dict[str, Any]:
    """One comparison group: its title, ranking, average and statistics, weakest indicators."""
    fw = batch.framework
    ranked = [s for s in standings(batch, key) if s.rank is not None]
    average = found.average if found.average is not None and found.average.complete else None
    statistics = {stat.key: stat for stat in index_statistics(batch, key)} if average else {}
    weakest = weakest_indicators(batch, key) if average else []

    def stat_row(stat_key: str, number: int, name: str) -> dict[str, Any]:
        stat = statistics.get(stat_key)
        return {
            "number": number,
            "name": name,
            "mean": format_index(stat.mean) if stat else "-",
            "rating": fw.rating(rounded(stat.mean)) if stat else "-",
            "median": format_index(stat.median) if stat else "-",
            "minimum": format_index(stat.minimum) if stat else "-",
            "maximum": format_index(stat.maximum) if stat else "-",
        }

    return {
        "key": key,
        "label": found.group.label,
        "title": _group_title(found),
        "size": len(found.members),
        "complete": len(ranked),
        "has_complete": bool(ranked),
        "has_average": average is not None,
        "average_label": found.average_label,
        "average": {
            "index": format_index(average.index) if average else "-",
            "rating": fw.rating(rounded(average.index)) if average else "-",
        },
        "average_sentence": _average_sentence(batch, ranked, found),
        "ranking": [_ranking_row(s, batch) for s in ranked],
        "index": stat_row("index", 0, fw.index_name),
        "domains": [stat_row(f"domain-{d.number}", d.number, d.name) for d in fw.domains],
        "aspects": [stat_row(f"aspect-{a.number}", a.number, a.name) for a in fw.aspects],
        "has_weakest": bool(weakest),
        "weakest": [
            {
                "number": w.indicator.number,
                "name": short_name(w.indicator),
                "aspect": w.indicator.aspect,
                "mean": format_index(w.mean),
                "below": w.below,
                "count": w.count,
            }
            for w in weakest
        ],
    }


def _rating_sentence(ratings: list[RatingCount]) -> str:
    total = sum(c.count for c in ratings)
    if not total:
        return "Belum ada instansi yang memperoleh predikat."
    parts = [f"{c.count} instansi ({format_percent(c.share)}) berpredikat {c.band.name}" for c in ratings if c.count]
    return f"Dari {total} instansi, " + join_list(parts) + "."


def chart_data(batch) -> dict[str, Any]:
    """Labels and displayed values of the three charts (floats only to draw, each an exact displayed Decimal)."""
    fw = batch.framework
    ranked = [s for s in standings(batch) if s.rank is not None]
    colours = band_colours(fw)
    averaged = [g for g in batch.groups.values() if g.average is not None and g.average.complete]
    low_to_high = list(reversed(rating_counts(batch)))
    several = len(batch.groups) > 1
    return {
        "ranking": (
            [f"{s.rank}. {s.name}" + (f" ({s.group.label})" if several else "") for s in ranked],
            [float(s.shown) for s in ranked],
            ["#" + colours[s.rating] for s in ranked],
        )
        if ranked
        else None,
        "ratings": (
            [c.band.name for c in low_to_high],
            [c.count for c in low_to_high],
            ["#" + colours[c.band.name] for c in low_to_high],
        )
        if ranked
        else None,
        "aspects": (
            [f"{a.number}. {a.name}" for a in fw.aspects],
            [(g.average_label, [float(rounded(g.average.aspects[a.number])) for a in fw.aspects]) for g in averaged],
        )
        if averaged
        else None,
    }


# --- the edge: charts and the docx ------------------------------------------------------------

RANKING_WIDTH = Cm(16.0)
RATINGS_WIDTH = Cm(11.0)
RADAR_WIDTH = Cm(14.5)


CHART_TEXT = {  # alternative text of the summary's charts
    "chart_ranking": "Grafik batang indeks setiap instansi, berurutan menurut peringkat dalam kelompoknya.",
    "chart_ratings": "Grafik batang jumlah instansi pada setiap predikat.",
    "chart_aspects": "Grafik radar indeks aspek rata-rata setiap kelompok instansi.",
}


SUMMARY_CHARTS = {  # context variable: chart_data key, file name shown in Word, width
    "chart_ranking": ("ranking", "peringkat.png", RANKING_WIDTH),
    "chart_ratings": ("ratings", "predikat.png", RATINGS_WIDTH),
    "chart_aspects": ("aspects", "aspek.png", RADAR_WIDTH),
}


def draw_charts(batch, data: dict[str, Any] | None = None) -> dict[str, bytes | None]:
    """The summary's charts as PNG bytes, drawn in memory, by context variable (None: no such chart)."""
    data = chart_data(batch) if data is None else data
    fw = batch.framework
    guides = [float(bound) for bound in band_bounds(fw)]
    draw = {
        "ranking": lambda d, out: charts.ranking_chart(*d, out, guides, fw.max_level),
        "ratings": lambda d, out: charts.rating_chart(*d, out),
        "aspects": lambda d, out: charts.radar_chart(*d, out),
    }
    pictures: dict[str, bytes | None] = {}
    for variable, (key, _name, _width) in SUMMARY_CHARTS.items():
        if not data[key]:
            pictures[variable] = None
            continue
        out = io.BytesIO()
        draw[key](data[key], out)
        pictures[variable] = out.getvalue()
    return pictures


def fill_summary(
    document, batch, template: Path, pictures: dict[str, bytes | None], *, logo: bytes | None = None
) -> dict[str, Any]:
    """Render the summary of ``batch`` into ``document`` (opened from ``template``); return its context.

    ``pictures`` are the charts' PNG bytes by context variable (None: no such chart, as
    :func:`draw_charts` gives them); ``logo`` the kop's logo (read from the settings when None).
    Writes nothing. Raises render.TemplateError for any mistake in the template.
    """
    context = summary_context(batch)
    for variable, (_key, name, width) in SUMMARY_CHARTS.items():
        png = pictures.get(variable)
        context[variable] = render.DescribedImage(document, png, name, CHART_TEXT[variable], width=width) if png else ""
        context[f"has_{variable}"] = bool(png)
    context["kop"]["logo"] = render.kop_logo(document, batch.settings, logo)
    render.render_document(document, context, template)
    return context


def render_summary(batch, template: Path, path: Path) -> None:
    """Write the summary report of ``batch`` (ringkasan.docx) from ``template``, atomically.

    The charts are drawn in memory: nothing but ``path`` (through a temporary name beside it)
    is written. Raises render.TemplateError when the template is missing, not a Word file, or
    has any mistake; OSError when ``path`` cannot be written.
    """
    template, path = Path(template), Path(path)
    document = render.open_template(template)
    context = fill_summary(document, batch, template, draw_charts(batch))
    properties = document.docx.core_properties
    properties.title = context["title_short"] + (f" {context['years']}" if context["years"] else "")
    properties.subject = batch.framework.index_name
    with files.atomic_path(path) as out:
        document.save(out)
