"""The coordinator's view across agencies: ranking, statistics and the summary report (ringkasan.docx).

The pure part computes, from a :class:`~spbe_reports.batch.BatchResult`, what the recap
workbook (:mod:`spbe_reports.recap`) and the summary report both show, so the two never
disagree: the ranking (:func:`standings`), the predikat distribution (:func:`rating_counts`),
the index statistics (:func:`index_statistics`) and the weakest indicators
(:func:`weakest_indicators`). :func:`summary_context` turns them into the plain data of the
summary template; :func:`render_summary` is the edge that draws the charts and writes the docx.

Statistics, like ``batch.average``, cover the complete workbooks only: a draft has no Indeks
SPBE, and mixing its partial aspects in would make the averages of the report and the recap
differ. Means and medians are exact (fractions); only the displayed value is rounded.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd
from docx.shared import Cm
from docxtpl import InlineImage
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from spbe_reports import charts, files, render
from spbe_reports.assessment import SELF_STAGE
from spbe_reports.formatting import format_index, join_list, short_name
from spbe_reports.framework import Framework, Indicator, Rating
from spbe_reports.recommend import REPAIR_BELOW
from spbe_reports.report import clean, indonesian_date
from spbe_reports.scoring import rounded

WEAKEST = 10  # indicators listed as the weakest across agencies
ATTENTION_MARGIN = Decimal("0.50")  # an index this far (or more) below the batch average needs attention
ATTENTION_BANDS = 2  # the lowest bands (Kurang, Cukup under 59/2020) need attention

# One colour per predikat band, lowest band first: light fills for spreadsheet cells, and the
# stronger shade of the same hue for chart bars. Frameworks with another number of bands take
# evenly spaced entries.
BAND_FILLS = ("F4CCCC", "FCE4D6", "FFF2CC", "E2EFDA", "C6E0B4")
BAND_COLOURS = ("C0504D", "E46C0A", "D6A400", "70AD47", "2E7D32")

KIND_LABELS = {"pemantauan": "Pemantauan", "evaluasi": "Evaluasi"}


# --- shared pieces: ranking, bands, statistics ------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """One processed workbook in ranking order. ``rank`` is None for a draft (no Indeks SPBE)."""

    rank: int | None
    result: object  # batch.WorkbookResult (not imported: batch imports this module lazily)

    @property
    def evaluation(self):
        return self.result.evaluation

    @property
    def name(self) -> str:
        return self.evaluation.assessment.identity.name

    @property
    def index(self) -> Fraction | None:
        return self.evaluation.final.index

    @property
    def shown(self) -> Decimal | None:
        return self.evaluation.final.index_display

    @property
    def rating(self) -> str | None:
        return self.evaluation.final.rating


def standings(batch) -> list[Standing]:
    """The processed workbooks, best first.

    Complete workbooks are ranked by their exact Indeks SPBE, highest first; equal exact
    indices share a rank and the next rank skips (1, 2, 2, 4), names decide the order within a
    tie. Drafts follow without a rank, by name.
    """
    complete = [w for w in batch.ok if w.evaluation.final.complete]
    drafts = [w for w in batch.ok if not w.evaluation.final.complete]
    complete.sort(key=lambda w: (-w.evaluation.final.index, _name_key(w)))
    result: list[Standing] = []
    for position, w in enumerate(complete, start=1):
        tied = result and result[-1].index == w.evaluation.final.index
        result.append(Standing(result[-1].rank if tied else position, w))
    result.extend(Standing(None, w) for w in sorted(drafts, key=_name_key))
    return result


def _name_key(w) -> tuple[str, str]:
    return (w.evaluation.assessment.identity.name.casefold(), w.source)


def bands_low_to_high(framework: Framework) -> list[Rating]:
    return sorted(framework.ratings, key=lambda band: band.minimum)


def _palette_pick(palette: Sequence[str], position: int, count: int) -> str:
    if count <= 1:
        return palette[-1]
    return palette[round(position * (len(palette) - 1) / (count - 1))]


def band_fills(framework: Framework) -> dict[str, str]:
    """Predikat name -> light RGB fill (no '#'), one per band, lowest band red, highest green."""
    bands = bands_low_to_high(framework)
    return {band.name: _palette_pick(BAND_FILLS, i, len(bands)) for i, band in enumerate(bands)}


def band_colours(framework: Framework) -> dict[str, str]:
    """Predikat name -> strong RGB colour (no '#') of the same hue, for charts."""
    bands = bands_low_to_high(framework)
    return {band.name: _palette_pick(BAND_COLOURS, i, len(bands)) for i, band in enumerate(bands)}


def band_range(framework: Framework, band: Rating) -> str:
    """The displayed values a band covers, as the report writes them: "2,60 - < 3,50", "4,20 - 5,00"."""
    bands = bands_low_to_high(framework)
    i = bands.index(band)
    low = format_index(band.minimum)
    if i + 1 == len(bands):
        return f"{low} - {format_index(framework.max_level)}"
    return f"{low} - < {format_index(bands[i + 1].minimum)}"


@dataclass(frozen=True)
class RatingCount:
    band: Rating
    count: int
    share: Fraction  # of the complete workbooks; 0 when there are none


def rating_counts(batch) -> list[RatingCount]:
    """How many complete workbooks fall in each band, highest band first (bands with none included)."""
    ratings = pd.Series([s.rating for s in standings(batch) if s.rank is not None], dtype=object)
    counts = ratings.value_counts()
    total = int(counts.sum())
    result = []
    for band in batch.framework.ratings:
        count = int(counts.get(band.name, 0))
        result.append(RatingCount(band, count, Fraction(count, total) if total else Fraction(0)))
    return result


@dataclass(frozen=True)
class IndexStatistic:
    """Exact statistics of one index (overall, a domain or an aspect) over the complete workbooks."""

    key: str  # "index", "domain-2", "aspect-5"
    label: str  # "Indeks SPBE", "Domain 2 Tata Kelola SPBE", ...
    count: int
    mean: Fraction
    median: Fraction
    minimum: Fraction
    maximum: Fraction


def index_frame(batch) -> pd.DataFrame:
    """One row per complete workbook, one column per index key, exact Fraction values (object dtype)."""
    fw = batch.framework
    rows = {}
    for s in standings(batch):
        if s.rank is None:
            continue
        final = s.evaluation.final
        row = {"index": final.index}
        row.update({f"domain-{d.number}": final.domains[d.number] for d in fw.domains})
        row.update({f"aspect-{a.number}": final.aspects[a.number] for a in fw.aspects})
        rows[s.result.source] = row
    columns = ["index", *(f"domain-{d.number}" for d in fw.domains), *(f"aspect-{a.number}" for a in fw.aspects)]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns, dtype=object)


def _exact_mean(values: pd.Series) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _exact_median(values: pd.Series) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def index_labels(framework: Framework) -> dict[str, str]:
    labels = {"index": framework.index_name or "Indeks"}
    labels.update({f"domain-{d.number}": f"Domain {d.number} {d.name}" for d in framework.domains})
    labels.update({f"aspect-{a.number}": f"Aspek {a.number} {a.name}" for a in framework.aspects})
    return labels


def index_statistics(batch) -> list[IndexStatistic]:
    """Count, mean, median, minimum and maximum of the overall, domain and aspect indices.

    Computed on the exact values of the complete workbooks (the mean of the overall index is
    exactly ``batch.average.index``); empty when no workbook is complete.
    """
    frame = index_frame(batch)
    if frame.empty:
        return []
    table = frame.agg(["count", _exact_mean, _exact_median, "min", "max"])
    labels = index_labels(batch.framework)
    return [
        IndexStatistic(
            key=key,
            label=labels[key],
            count=int(table.at["count", key]),
            mean=Fraction(table.at["_exact_mean", key]),
            median=Fraction(table.at["_exact_median", key]),
            minimum=Fraction(table.at["min", key]),
            maximum=Fraction(table.at["max", key]),
        )
        for key in frame.columns
    ]


def compact_name(indicator: Indicator) -> str:
    """The indicator's short name also without "Berbasis Elektronik" and "Instansi Pusat/Pemerintah
    Daerah", for the narrow column headers of the recap."""
    name = re.sub(r"\s+Berbasis Elektronik$", "", short_name(indicator))
    return re.sub(r"\s+Instansi Pusat/Pemerintah Daerah", "", name) or indicator.name


@dataclass(frozen=True)
class WeakIndicator:
    indicator: Indicator
    mean: Fraction  # mean final level over the complete workbooks
    below: int  # workbooks whose level is below REPAIR_BELOW (3)
    count: int  # workbooks counted


def level_frame(batch, complete_only: bool = True) -> pd.DataFrame:
    """Final levels: one row per processed workbook (ranking order), one column per indicator number.

    Missing values (drafts) are <NA> in a nullable integer column.
    """
    fw = batch.framework
    rows = {
        s.result.source: {ind.number: s.evaluation.final.indicators.get(ind.number) for ind in fw.indicators}
        for s in standings(batch)
        if s.rank is not None or not complete_only
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[ind.number for ind in fw.indicators])
    return frame.astype("Int64")


def weakest_indicators(batch, limit: int = WEAKEST) -> list[WeakIndicator]:
    """The indicators with the lowest mean final level over the complete workbooks.

    Ties go to the indicator with more workbooks below level 3, then the heavier weight (a
    step there raises the index most), then the lower number. Empty without complete workbooks.
    """
    levels = level_frame(batch)
    if levels.empty:
        return []
    fw = batch.framework
    table = pd.DataFrame(
        {
            "total": levels.sum(),
            "count": levels.count(),
            "below": (levels < REPAIR_BELOW).sum(),
            "weight": [fw.indicator(n).weight for n in levels.columns],
        }
    )
    table["mean"] = [Fraction(int(t), int(c)) for t, c in zip(table["total"], table["count"])]
    table["number"] = table.index
    table = table.sort_values(["mean", "below", "weight", "number"], ascending=[True, False, False, True])
    return [
        WeakIndicator(fw.indicator(int(n)), row["mean"], int(row["below"]), int(row["count"]))
        for n, row in table.head(limit).iterrows()
    ]


def needs_attention(batch) -> list[tuple[Standing, list[str]]]:
    """Complete workbooks that need attention, in ranking order, each with its reasons.

    A workbook needs attention when its predikat is one of the ATTENTION_BANDS lowest bands
    (Kurang or Cukup under 59/2020), or when its displayed Indeks SPBE lies ATTENTION_MARGIN
    (0,50) or more below the displayed average of all complete workbooks.
    """
    fw = batch.framework
    low_bands = {band.name for band in bands_low_to_high(fw)[:ATTENTION_BANDS]}
    average = rounded(batch.average.index) if batch.average and batch.average.complete else None
    found = []
    for s in standings(batch):
        if s.rank is None:
            continue
        reasons = []
        if s.rating in low_bands:
            reasons.append(f"predikat {s.rating}")
        if average is not None and average - s.shown >= ATTENTION_MARGIN:
            reasons.append(f"{format_index(average - s.shown)} poin di bawah rata-rata")
        if reasons:
            found.append((s, reasons))
    return found


def completeness(evaluation) -> tuple[int, int]:
    """(indicators with a final value, indicators of the framework)."""
    fw = evaluation.framework
    return len([n for n in evaluation.final.indicators if evaluation.final.indicators[n] is not None]), len(
        fw.indicators
    )


def self_index(evaluation) -> Fraction | None:
    """The exact index of the self-assessment (Penilaian Mandiri), when it is complete."""
    stage = evaluation.stages.get(SELF_STAGE)
    return stage.index if stage is not None else None


def first_error(result) -> str:
    errors = result.errors
    return errors[0].message if errors else ""


def format_datetime(moment: datetime) -> str:
    """29 November 2026 pukul 10.00."""
    return f"{indonesian_date(moment)} pukul {moment:%H.%M}"


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


def _average_sentence(batch, ranked: list[Standing]) -> str:
    fw = batch.framework
    if not ranked or batch.average is None or not batch.average.complete:
        return f"{fw.index_name} rata-rata belum dapat dihitung karena belum ada buku kerja yang lengkap."
    average = batch.average.index
    best = [s.name for s in ranked if s.index == ranked[0].index]
    worst = [s.name for s in ranked if s.index == ranked[-1].index]
    text = (
        f"Rata-rata {fw.index_name} dari {len(ranked)} instansi adalah {format_index(average)} "
        f"(predikat {fw.rating(rounded(average))})."
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
        "seluruh instansi yang lengkap (dibandingkan dengan nilai yang ditampilkan, dua angka desimal)."
    )


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
    statistics = {stat.key: stat for stat in index_statistics(batch)}
    ratings = rating_counts(batch)
    average = batch.average if batch.average is not None and batch.average.complete else None
    attention = needs_attention(batch)
    weakest = weakest_indicators(batch)

    def stat_row(key: str, number: int, name: str) -> dict[str, Any]:
        stat = statistics.get(key)
        return {
            "number": number,
            "name": name,
            "mean": format_index(stat.mean) if stat else "-",
            "rating": fw.rating(rounded(stat.mean)) if stat else "-",
            "median": format_index(stat.median) if stat else "-",
            "minimum": format_index(stat.minimum) if stat else "-",
            "maximum": format_index(stat.maximum) if stat else "-",
        }

    context = {
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
        "average": {
            "index": format_index(average.index) if average else "-",
            "rating": fw.rating(rounded(average.index)) if average else "-",
        },
        "average_sentence": _average_sentence(batch, ranked),
        "ranking": [
            {
                "rank": str(s.rank),
                "name": s.name,
                "kind": s.evaluation.assessment.identity.kind,
                "assessment": KIND_LABELS.get(s.evaluation.assessment.kind, s.evaluation.assessment.kind),
                "index": format_index(s.index),
                "rating": s.rating,
            }
            for s in ranked
        ],
        "ranking_note": (
            f"Peringkat disusun menurut {fw.index_name} sebelum dibulatkan; instansi dengan nilai yang sama "
            "berbagi peringkat."
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
        "index": stat_row("index", 0, fw.index_name),
        "has_domains": bool(fw.domains),
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
        "weak_level": REPAIR_BELOW,
        "has_attention": bool(attention),
        "attention_rule": _attention_rule(fw),
        "attention": [
            {
                "rank": str(s.rank),
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
    }
    return clean(context)


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
    average = batch.average if batch.average is not None and batch.average.complete else None
    return {
        "ranking": (
            [f"{s.rank}. {s.name}" for s in ranked],
            [float(s.shown) for s in ranked],
            ["#" + colours[s.rating] for s in ranked],
        )
        if ranked
        else None,
        "ratings": (
            [c.band.name for c in reversed(rating_counts(batch))],
            [c.count for c in reversed(rating_counts(batch))],
            ["#" + colours[c.band.name] for c in reversed(rating_counts(batch))],
        )
        if ranked
        else None,
        "aspects": (
            [f"{a.number}. {a.name}" for a in fw.aspects],
            [("Rata-rata seluruh instansi", [float(rounded(average.aspects[a.number])) for a in fw.aspects])],
        )
        if average
        else None,
    }


# --- the edge: charts and the docx ------------------------------------------------------------

RANKING_WIDTH = Cm(16.0)
RATINGS_WIDTH = Cm(11.0)
RADAR_WIDTH = Cm(14.5)
LABEL_WIDTH = 42  # characters of an agency name on one line of the ranking chart


def ranking_chart(
    labels: Sequence[str],
    values: Sequence[float],
    colours: Sequence[str],
    path: Path,
    guides: Sequence[float] = (),
    scale_max: float = charts.SCALE_MAX,
) -> Path:
    """Horizontal bars of the displayed indices, in the given order from the top, as PNG.

    ``colours`` gives each bar's colour (its predikat); dotted lines mark ``guides`` (the
    lower bounds of the bands). Raises ValueError when the lengths differ or nothing is given.
    """
    if not labels or not (len(labels) == len(values) == len(colours)):
        raise ValueError("a ranking chart needs one value and one colour per label")
    wrapped = [charts._wrap(label, LABEL_WIDTH) for label in labels]
    lines = sum(label.count("\n") + 1 for label in wrapped)
    height = min(max(1.2 + 0.2 * lines + 0.12 * len(labels), 2.2), 9.4)
    font = 8 if len(labels) <= 30 else 6.5
    with rc_context(charts._STYLE):
        fig = Figure(figsize=(charts.WIDTH_IN, height))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        bars = ax.barh(positions, values, color=list(colours), height=0.7, zorder=2)
        ax.set_yticks(positions)
        ax.set_yticklabels(wrapped, fontsize=font)
        ax.invert_yaxis()  # the first (best) at the top
        ax.set_xlim(0, scale_max)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: charts._comma(v, 0)))
        ax.set_xlabel("Indeks")
        for bound in guides:
            ax.axvline(bound, color="#a6a6a6", linewidth=0.6, linestyle=":", zorder=0)
        for bar, value in zip(bars, values):
            ax.annotate(
                charts._comma(value),
                (value, bar.get_y() + bar.get_height() / 2),
                textcoords="offset points",
                xytext=(3, 0),
                va="center",
                fontsize=font,
            )
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        return charts._save(fig, path)


def rating_chart(labels: Sequence[str], counts: Sequence[int], colours: Sequence[str], path: Path) -> Path:
    """A small bar chart of how many agencies each predikat has, as PNG."""
    if not labels or not (len(labels) == len(counts) == len(colours)):
        raise ValueError("a rating chart needs one count and one colour per label")
    with rc_context(charts._STYLE):
        fig = Figure(figsize=(4.4, 2.5))
        ax = fig.add_subplot()
        bars = ax.bar(range(len(labels)), counts, color=list(colours), width=0.65, zorder=2)
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels([charts._wrap(label, 10) for label in labels], fontsize=8)
        ax.set_ylim(0, max(max(counts), 1) * 1.25)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("Jumlah instansi")
        for bar, count in zip(bars, counts):
            ax.annotate(
                str(count),
                (bar.get_x() + bar.get_width() / 2, count),
                textcoords="offset points",
                xytext=(0, 2),
                ha="center",
                fontsize=8,
            )
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        return charts._save(fig, path)


def render_summary(batch, template: Path, path: Path) -> None:
    """Write the summary report of ``batch`` (ringkasan.docx) from ``template``, atomically.

    Raises render.TemplateError when the template is missing, not a Word file, or names a
    variable the context lacks; OSError when ``path`` cannot be written.
    """
    template, path = Path(template), Path(path)
    document = render.open_template(template)
    context = summary_context(batch)
    data = chart_data(batch)
    fw = batch.framework
    guides = [float(band.minimum) for band in bands_low_to_high(fw)[1:]]
    with tempfile.TemporaryDirectory(prefix="spbe-ringkasan-") as tmp:
        folder = Path(tmp)
        charts_made = {
            "chart_ranking": (
                data["ranking"] and ranking_chart(*data["ranking"], folder / "peringkat.png", guides, fw.max_level),
                RANKING_WIDTH,
            ),
            "chart_ratings": (
                data["ratings"] and rating_chart(*data["ratings"], folder / "predikat.png"),
                RATINGS_WIDTH,
            ),
            "chart_aspects": (
                data["aspects"] and charts.radar_chart(*data["aspects"], folder / "aspek.png"),
                RADAR_WIDTH,
            ),
        }
        for key, (png, width) in charts_made.items():
            context[key] = InlineImage(document, str(png), width=width) if png else ""
            context[f"has_{key}"] = bool(png)
        render.render_document(document, context, template)
        properties = document.docx.core_properties
        properties.title = context["title_short"] + (f" {context['years']}" if context["years"] else "")
        properties.subject = fw.index_name
        with files.atomic_path(path) as out:
            document.save(out)
