"""Comparisons: what the assessors changed, and how this year's result differs from last year's.

Two comparisons live here, both pure:

- within one workbook, the self-assessment (Penilaian Mandiri) against the final value
  (Nilai Akhir) that the assessors' stages gave: :func:`stage_changes`, :func:`overclaim`;
- across years, this year's scores against last year's results read from last year's
  hasil.json: :class:`Previous`, :func:`previous_from_results`, :func:`match_previous`,
  :func:`compare`.

Year-over-year changes are differences of DISPLAYED values (2,61 - 2,40 = 0,21), so that a
report's arithmetic adds up for its reader.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from spbe_reports.assessment import Assessment
from spbe_reports.framework import Framework
from spbe_reports.scoring import Scores, rounded, score

UP, DOWN, SAME = "naik", "turun", "tetap"


# --- within one workbook: self-assessment against the assessors -------------------------------


@dataclass(frozen=True)
class StageChange:
    """An indicator whose final value differs from the agency's self-assessment."""

    indicator: int
    self_level: int | None  # None when the agency left the indicator blank
    final_level: int
    stage: str  # key of the stage that gave the final value
    note: str  # the assessor's note (Catatan Asesor), may be ''

    @property
    def change(self) -> int | None:
        return None if self.self_level is None else self.final_level - self.self_level


def stage_changes(assessment: Assessment) -> tuple[StageChange, ...]:
    """Every indicator whose final value differs from its self-assessed value, by indicator number."""
    self_stage = assessment.stages[0]
    changes = []
    for entry in sorted(assessment.entries, key=lambda e: e.number):
        final_stage = assessment.final_stage(entry.number)
        if final_stage is None:
            continue
        final = entry.levels[final_stage]
        claimed = entry.levels.get(self_stage)
        if claimed != final:
            changes.append(StageChange(entry.number, claimed, final, final_stage, entry.assessor_note))
    return tuple(changes)


def overclaim(framework: Framework, assessment: Assessment) -> Fraction | None:
    """The exact self-assessment index minus the exact final index.

    Positive when the agency claimed more than the assessors granted. None when no assessor
    stage is filled, or when either index cannot be computed (an indicator has no value).
    """
    if not assessment.assessor_stages_present:
        return None
    claimed = score(framework, assessment.values_at(assessment.stages[0])).index
    final = score(framework, assessment.final_values()).index
    if claimed is None or final is None:
        return None
    return claimed - final


# --- across years ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Previous:
    """Last year's result of one agency, as its hasil.json recorded it (displayed values)."""

    source: str  # where it was read from: last year's results file, else the workbook's name
    agency: str
    code: str = ""
    year: int | None = None
    index: Decimal | None = None
    domains: Mapping[int, Decimal] = field(default_factory=dict)
    aspects: Mapping[int, Decimal] = field(default_factory=dict)
    indicators: Mapping[int, int] = field(default_factory=dict)
    recommendations: tuple[tuple[int, int], ...] = ()  # (indicator, recommended level), as listed
    framework: str = ""  # the framework id of last year's results, '' when unknown
    workbook: str = ""  # last year's workbook file, relative to last year's input folder


@dataclass(frozen=True)
class Change:
    """One value last year and this year. ``number`` names the domain, aspect or indicator (None for the index)."""

    number: int | None
    before: Decimal | int
    after: Decimal | int

    @property
    def change(self) -> Decimal | int:
        return self.after - self.before

    @property
    def direction(self) -> str:
        """'naik', 'turun' or 'tetap'."""
        return UP if self.change > 0 else DOWN if self.change < 0 else SAME


@dataclass(frozen=True)
class RecommendationCheck:
    """Whether last year's recommendation for one indicator has been met."""

    indicator: int
    target: int  # the highest level last year's recommendations asked for
    before: int | None  # last year's value
    now: int | None  # this year's value

    @property
    def met(self) -> bool:
        return self.now is not None and self.now >= self.target


@dataclass(frozen=True)
class Comparison:
    """This year's scores against last year's result of the same agency."""

    previous: Previous
    index: Change | None  # None when this year's index cannot be computed
    domains: tuple[Change, ...]
    aspects: tuple[Change, ...]
    indicators: tuple[Change, ...]
    recommendations: tuple[RecommendationCheck, ...]
    same_framework: bool = True  # False: only the overall index is compared

    @property
    def source(self) -> str:
        return self.previous.source

    @property
    def recommendations_met(self) -> tuple[int, ...]:
        """Indicator numbers whose recommendation of last year has been met."""
        return tuple(r.indicator for r in self.recommendations if r.met)

    @property
    def recommendations_unmet(self) -> tuple[int, ...]:
        return tuple(r.indicator for r in self.recommendations if not r.met)


def compare(framework: Framework, current_scores: Scores, previous: Previous) -> Comparison:
    """Compare this year's scores with last year's result.

    Index, domains and aspects compare displayed values (rounded half up to 2 decimals);
    indicators compare levels. A domain, aspect or indicator missing on either side is left
    out. When last year's results were made under another framework, its numbering means
    something else, so only the overall index is compared. Last year's recommendations are
    checked per indicator against the highest level they asked for: met when this year's
    value is at least that level.
    """
    same = not previous.framework or previous.framework == framework.id
    index = (
        Change(None, previous.index, current_scores.index_display)
        if previous.index is not None and current_scores.index is not None
        else None
    )
    if not same:
        return Comparison(previous, index, (), (), (), (), same_framework=False)
    domains = tuple(
        Change(d.number, previous.domains[d.number], current_scores.domain_display(d.number))
        for d in framework.domains
        if d.number in previous.domains and d.number in current_scores.domains
    )
    aspects = tuple(
        Change(a.number, previous.aspects[a.number], current_scores.aspect_display(a.number))
        for a in framework.aspects
        if a.number in previous.aspects and a.number in current_scores.aspects
    )
    now = current_scores.indicators
    indicators = tuple(
        Change(i.number, previous.indicators[i.number], now[i.number])
        for i in framework.indicators
        if previous.indicators.get(i.number) is not None and now.get(i.number) is not None
    )
    wanted: dict[int, int] = {}
    for number, level in previous.recommendations:
        wanted[number] = max(level, wanted.get(number, level))
    checks = tuple(
        RecommendationCheck(number, level, previous.indicators.get(number), now.get(number))
        for number, level in sorted(wanted.items())
    )
    return Comparison(previous, index, domains, aspects, indicators, checks)


# Word-level abbreviations that always mean the same thing in agency names (after dropping
# a leading "pemerintah"): "Pemkab Bogor" = "Pemerintah Kabupaten Bogor" = "Kab. Bogor".
_ABBREVIATIONS = {
    "kab": "kabupaten",
    "pemkab": "kabupaten",
    "pemkot": "kota",
    "pemprov": "provinsi",
    "prov": "provinsi",
    "&": "dan",
}


def normalise_name(name: str) -> str:
    """An agency name reduced for matching, so that trivial differences do not matter.

    What is normalised: letter case (casefold); accents ("é" -> "e"); punctuation, which
    becomes a space ("Dinas Kominfo." = "dinas  kominfo", "Komunikasi, Informatika"); runs of
    spaces; "&" -> "dan"; the abbreviations Kab., Prov., Pemkab, Pemkot, Pemprov spelled out;
    and a leading "Pemerintah" (so "Pemerintah Kota Bogor" = "Pemkot Bogor" = "Kota Bogor").
    Nothing else is dropped: "Kabupaten Bogor" and "Kota Bogor" stay different, and no
    acronym such as "Kominfo" is expanded, since that would guess.
    """
    text = unicodedata.normalize("NFKD", str(name or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " & ")
    words = re.sub(r"[^\w&]+|_", " ", text).split()
    words = [_ABBREVIATIONS.get(word, word) for word in words]
    if len(words) > 1 and words[0] == "pemerintah":
        words = words[1:]
    return " ".join(words)


def normalise_code(code: str) -> str:
    """An agency code for matching: case and spaces do not matter."""
    return "".join(str(code or "").split()).casefold()


def match_previous(agency_name: str, agency_code: str, previous: Sequence[Previous]) -> Previous | None:
    """Last year's result of this agency, or None.

    A record matches by code when both this agency and the record have a code (so a renamed
    agency is still found, and two same-named agencies with different codes are never
    mixed up), and otherwise by normalised name. Matches by code win over matches by name.
    When several records match equally (the same agency twice in last year's results), the
    match is ambiguous and None is returned rather than a guess.
    """
    code = normalise_code(agency_code)
    name = normalise_name(agency_name)
    by_code = [p for p in previous if code and normalise_code(p.code) == code]
    by_name = [
        p for p in previous if not (code and normalise_code(p.code)) and name and normalise_name(p.agency) == name
    ]
    for found in (by_code, by_name):
        if found:
            return found[0] if len(found) == 1 else None
    return None


def previous_from_results(data: Mapping, source: str = "") -> list[Previous]:
    """Last year's results from a parsed hasil.json: one Previous per workbook with status "ok".

    Entries without an agency name or an index (a draft) are skipped. Optional keys
    ("agency_code", "year", "domains", "aspects", "indicators", "recommendations") may be
    missing. ``source`` names the file read (for the report); without it each record names its
    workbook. Raises ValueError (message in Indonesian) when ``data`` is not a hasil.json.
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("workbooks"), list):
        raise ValueError("isinya bukan hasil.json: daftar 'workbooks' tidak ditemukan")
    framework = str(data.get("framework") or "")
    records = []
    for entry in data["workbooks"]:
        if not isinstance(entry, Mapping) or entry.get("status") != "ok":
            continue
        agency = str(entry.get("agency") or "").strip()
        where = f"entri '{agency[:60]}'"
        index = _displayed(entry.get("index"), f"{where}, indeks")
        if not agency or index is None:
            continue
        workbook = str(entry.get("source") or "")
        records.append(
            Previous(
                source=source or workbook,
                agency=agency,
                code=str(entry.get("agency_code") or entry.get("code") or "").strip(),
                year=_integer(entry.get("year"), f"{where}, tahun", YEAR_RANGE),
                index=index,
                domains=_numbered(entry.get("domains"), _displayed, f"{where}, domain"),
                aspects=_numbered(entry.get("aspects"), _displayed, f"{where}, aspek"),
                indicators=_numbered(entry.get("indicators"), _level, f"{where}, indikator"),
                recommendations=_recommended(entry.get("recommendations"), f"{where}, rekomendasi"),
                framework=framework,
                workbook=workbook,
            )
        )
    return records


# Bounds of the numbers a hasil.json can hold. A value outside them was typed or tampered with:
# it is refused with its place, and a huge exponent ("1e999999999") is refused before any
# conversion that would build the integer (a C-level loop no signal can stop).
INDEX_RANGE = (Decimal(0), Decimal(5))
LEVEL_RANGE = (0, 5)
YEAR_RANGE = (1900, 2200)
NUMBER_RANGE = (1, 999)  # indicator, aspect and domain numbers
MAX_DIGITS = 30


def _decimal(value, where: str, low, high) -> Decimal | None:
    """``value`` as a Decimal within [low, high]; None when it is missing or not a number.

    Raises ValueError (in Indonesian, naming ``where``) for a number outside the range.
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if len(text) > MAX_DIGITS * 2:
        raise ValueError(f"{where}: nilai '{text[:20]}...' terlalu panjang untuk sebuah bilangan")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number.adjusted()) > MAX_DIGITS or not low <= number <= high:
        raise ValueError(f"{where}: nilai {text} di luar rentang {low} sampai {high}")
    return number


def _displayed(value, where: str = "nilai") -> Decimal | None:
    """A JSON index as the displayed Decimal (2.3 -> 2.30); None when it is not a number."""
    number = _decimal(value, where, *INDEX_RANGE)
    return None if number is None else rounded(Fraction(number))


def _integer(value, where: str = "nilai", bounds: tuple[int, int] = NUMBER_RANGE) -> int | None:
    """A whole number within ``bounds``; None when missing or not a whole number."""
    number = _decimal(value, where, *bounds)
    return int(number) if number is not None and number == number.to_integral_value() else None


def _numbered(values, convert, where: str) -> dict[int, object]:
    if not isinstance(values, Mapping):
        return {}
    result = {}
    for key, value in values.items():
        number = _integer(key, f"{where} (nomor {str(key)[:20]})")
        converted = convert(value, f"{where} nomor {number}")
        if number is not None and converted is not None:
            result[number] = converted
    return result


def _level(value, where: str) -> int | None:
    return _integer(value, where, LEVEL_RANGE)


def _recommended(items, where: str) -> tuple[tuple[int, int], ...]:
    if not isinstance(items, list):
        return ()
    pairs = []
    for item in items:
        if isinstance(item, Mapping):
            number, level = _integer(item.get("indicator"), f"{where}, indikator"), _level(item.get("to"), f"{where}, tingkat")
            if number is not None and level is not None and (number, level) not in pairs:
                pairs.append((number, level))
    return tuple(pairs)
