"""The coordinator's view across agencies as plain data: ranking, predikat bands and statistics.

Computed from a :class:`~spbe_reports.batch.BatchResult`, this is what the recap workbook
(:mod:`spbe_reports.recap`) and the summary report (:mod:`spbe_reports.summary`) both show,
so the two never disagree: the ranking (:func:`standings`), the predikat distribution
(:func:`rating_counts`), the index statistics (:func:`index_statistics`), the weakest
indicators (:func:`weakest_indicators`), the agencies that need attention
(:func:`needs_attention`) and, with --pembanding, the change from last year
(:func:`year_changes`, :func:`new_agencies`). Pure: no files, no workbooks, no documents.

Everything compares like with like: rankings and statistics are computed within one comparison
group (:mod:`spbe_reports.groups`, ``batch.groups``); the functions take the group's key, and
without one they cover the whole batch (used only for counts, never for an average).
Statistics, like each group's average, cover the complete workbooks only: a draft has no Indeks
SPBE, and mixing its partial aspects in would make the averages of the report and the recap
differ. Means and medians are exact (fractions); only the displayed value is rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from spbe_reports.assessment import SELF_STAGE
from spbe_reports.compare import DOWN, SAME, UP, Change, Comparison
from spbe_reports.formatting import format_index
from spbe_reports.framework import Framework, Indicator, Rating
from spbe_reports.recommend import REPAIR_BELOW
from spbe_reports.scoring import rounded

WEAKEST = 10  # indicators listed as the weakest across agencies
ATTENTION_MARGIN = Decimal("0.50")  # an index this far (or more) below its group's average needs attention
ATTENTION_BANDS = 2  # the lowest bands (Kurang, Cukup under 59/2020) need attention

# One colour per predikat band, lowest band first: light fills for spreadsheet cells, and the
# stronger shade of the same hue for chart bars. Frameworks with another number of bands take
# evenly spaced entries.
BAND_FILLS = ("F4CCCC", "FCE4D6", "FFF2CC", "E2EFDA", "C6E0B4")
BAND_COLOURS = ("C0504D", "E46C0A", "D6A400", "70AD47", "2E7D32")


# --- ranking ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """One processed workbook in ranking order. ``rank`` is None for a draft (no Indeks SPBE)."""

    rank: int | None  # within the workbook's comparison group
    result: object  # batch.WorkbookResult (not imported: batch imports the modules using this lazily)

    @property
    def group(self):
        """The workbook's comparison group (groups.Group)."""
        return self.result.group

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


def standings(batch, group: str | None = None) -> list[Standing]:
    """The processed workbooks, group by group in report order, best first within each group.

    Within a comparison group, complete workbooks are ranked by their exact Indeks SPBE,
    highest first; equal exact indices share a rank and the next rank skips (1, 2, 2, 4), names
    decide the order within a tie. The group's drafts follow without a rank, by name.
    ``group`` (a Group.key) keeps that group only.
    """
    found: list[Standing] = []
    for key, members in _members(batch).items():
        if group is None or key == group:
            found.extend(_ranked(members))
    return found


def _members(batch) -> dict[str, list]:
    """The ok workbooks by group key, in the batch's group order (one group when the batch has none)."""
    if batch.groups:
        return {key: list(g.members) for key, g in batch.groups.items()}
    return {"": list(batch.ok)} if batch.ok else {}


def _ranked(members: list) -> list[Standing]:
    complete = [w for w in members if w.evaluation.final.complete]
    drafts = [w for w in members if not w.evaluation.final.complete]
    complete.sort(key=lambda w: (-w.evaluation.final.index, _name_key(w)))
    result: list[Standing] = []
    for position, w in enumerate(complete, start=1):
        tied = result and result[-1].index == w.evaluation.final.index
        result.append(Standing(result[-1].rank if tied else position, w))
    result.extend(Standing(None, w) for w in sorted(drafts, key=_name_key))
    return result


def _name_key(w) -> tuple[str, str]:
    return (w.evaluation.assessment.identity.name.casefold(), w.source)


def completeness(evaluation) -> tuple[int, int]:
    """(indicators with a final value, indicators of the framework)."""
    final = evaluation.final.indicators
    return len([n for n in final if final[n] is not None]), len(evaluation.framework.indicators)


def self_index(evaluation) -> Fraction | None:
    """The exact index of the self-assessment (Penilaian Mandiri), when it is complete."""
    stage = evaluation.stages.get(SELF_STAGE)
    return stage.index if stage is not None else None


def first_error(result) -> str:
    """The message of the first error of a rejected workbook ("" when it has none)."""
    errors = result.errors
    return errors[0].message if errors else ""


# --- predikat bands ---------------------------------------------------------------------------


def bands_low_to_high(framework: Framework) -> list[Rating]:
    return sorted(framework.ratings, key=lambda band: band.minimum)


def band_bounds(framework: Framework) -> list[Decimal]:
    """The lower bounds of every band above the lowest, ascending: where a chart draws its guides."""
    return [band.minimum for band in bands_low_to_high(framework)[1:]]


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


def rating_counts(batch, group: str | None = None) -> list[RatingCount]:
    """How many complete workbooks (of ``group``, or all) fall in each band, highest band first
    (bands with none included). A count, not an average: the whole batch may be counted."""
    ratings = pd.Series([s.rating for s in standings(batch, group) if s.rank is not None], dtype=object)
    counts = ratings.value_counts()
    total = int(counts.sum())
    result = []
    for band in batch.framework.ratings:
        count = int(counts.get(band.name, 0))
        result.append(RatingCount(band, count, Fraction(count, total) if total else Fraction(0)))
    return result


# --- statistics -------------------------------------------------------------------------------


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


def index_frame(batch, group: str | None = None) -> pd.DataFrame:
    """One row per complete workbook (of ``group``), one column per index key, exact Fraction values (object dtype)."""
    fw = batch.framework
    rows = {}
    for s in standings(batch, group):
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


def index_statistics(batch, group: str | None) -> list[IndexStatistic]:
    """Count, mean, median, minimum and maximum of the overall, domain and aspect indices of one group.

    Computed on the exact values of the group's complete workbooks (the mean of the overall
    index is exactly the group's ``average.index``); empty when none is complete. ``group`` is
    a Group.key; None (the whole batch) is meant for a batch of one group only.
    """
    frame = index_frame(batch, group)
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


@dataclass(frozen=True)
class WeakIndicator:
    indicator: Indicator
    mean: Fraction  # mean final level over the complete workbooks
    below: int  # workbooks whose level is below REPAIR_BELOW (3)
    count: int  # workbooks counted


def level_frame(batch, complete_only: bool = True, group: str | None = None) -> pd.DataFrame:
    """Final levels: one row per processed workbook (of ``group``; ranking order), one column per indicator number.

    Missing values (drafts) are <NA> in a nullable integer column.
    """
    fw = batch.framework
    rows = {
        s.result.source: {ind.number: s.evaluation.final.indicators.get(ind.number) for ind in fw.indicators}
        for s in standings(batch, group)
        if s.rank is not None or not complete_only
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[ind.number for ind in fw.indicators])
    return frame.astype("Int64")


def weakest_indicators(batch, group: str | None, limit: int = WEAKEST) -> list[WeakIndicator]:
    """The indicators with the lowest mean final level over the complete workbooks of ``group``.

    Ties go to the indicator with more workbooks below level 3, then the heavier weight (a
    step there raises the index most), then the lower number. Empty without complete workbooks.
    """
    levels = level_frame(batch, group=group)
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
    (0,50) or more below the displayed average of its comparison group (when the group has one).
    """
    fw = batch.framework
    low_bands = {band.name for band in bands_low_to_high(fw)[:ATTENTION_BANDS]}
    found = []
    for s in standings(batch):
        if s.rank is None:
            continue
        average = group_average(batch, s)
        average = rounded(average.index) if average is not None and average.complete else None
        reasons = []
        if s.rating in low_bands:
            reasons.append(f"predikat {s.rating}")
        if average is not None and average - s.shown >= ATTENTION_MARGIN:
            reasons.append(f"{format_index(average - s.shown)} poin di bawah rata-rata kelompoknya")
        if reasons:
            found.append((s, reasons))
    return found


def group_average(batch, standing: Standing):
    """The average Scores of the standing's comparison group, or None (a group of one, no groups)."""
    group = standing.group
    found = batch.groups.get(group.key) if group is not None else None
    return found.average if found is not None else None


# --- year over year (--pembanding) ------------------------------------------------------------

NEW = "baru"  # the direction shown for an agency without a result last year


@dataclass(frozen=True)
class YearChange:
    """A ranked workbook against the same agency's result of last year.

    Every change is a difference of DISPLAYED values, taken from the evaluation's
    :class:`~spbe_reports.compare.Comparison`, so it agrees with the report and hasil.json.
    """

    standing: Standing
    comparison: Comparison

    @property
    def name(self) -> str:
        return self.standing.name

    @property
    def index(self) -> Change | None:
        return self.comparison.index

    @property
    def direction(self) -> str:
        """'naik', 'turun', 'tetap', or '' when the index could not be compared."""
        return self.index.direction if self.index is not None else ""

    def domain(self, number: int) -> Change | None:
        return next((c for c in self.comparison.domains if c.number == number), None)

    def aspect(self, number: int) -> Change | None:
        return next((c for c in self.comparison.aspects if c.number == number), None)

    @property
    def indicators_up(self) -> int:
        return sum(1 for c in self.comparison.indicators if c.direction == UP)

    @property
    def indicators_down(self) -> int:
        return sum(1 for c in self.comparison.indicators if c.direction == DOWN)

    @property
    def recommendations(self) -> tuple[int, int]:
        """(last year's recommendations met, last year's recommendations), counted per indicator.

        Only indicators of this year's framework count, as in the agency's report.
        """
        numbers = {ind.number for ind in self.standing.evaluation.framework.indicators}
        checks = [r for r in self.comparison.recommendations if r.indicator in numbers]
        return sum(1 for r in checks if r.met), len(checks)


def year_changes(batch) -> list[YearChange]:
    """The ranked workbooks that have last year's result, in ranking order (empty without --pembanding).

    Drafts are left out: without an Indeks SPBE they are not compared.
    """
    if not batch.compared:
        return []
    return [
        YearChange(s, s.evaluation.comparison)
        for s in standings(batch)
        if s.rank is not None and s.evaluation.comparison is not None
    ]


def new_agencies(batch) -> list[Standing]:
    """With --pembanding: the ranked workbooks with no result last year (new agencies), in ranking order."""
    if not batch.compared:
        return []
    return [s for s in standings(batch) if s.rank is not None and s.evaluation.comparison is None]


def direction(batch, standing: Standing) -> str:
    """What the recap's "Arah" column says: 'naik', 'turun', 'tetap', 'baru', or '' (no comparison or a draft)."""
    if not batch.compared or standing.rank is None:
        return ""
    comparison = standing.evaluation.comparison
    if comparison is None:
        return NEW
    return comparison.index.direction if comparison.index is not None else ""


def direction_counts(changes: Sequence[YearChange]) -> dict[str, int]:
    """How many agencies went up, down or stayed, by the displayed Indeks SPBE: {'naik': .., 'turun': .., 'tetap': ..}."""
    counts = dict.fromkeys((UP, DOWN, SAME), 0)
    for change in changes:
        if change.direction:
            counts[change.direction] += 1
    return counts
