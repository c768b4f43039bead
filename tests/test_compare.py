"""What the assessors changed, and this year against last year (spbe_reports.compare)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from spbe_reports import framework as framework_module
from spbe_reports.assessment import Assessment, Entry, Identity
from spbe_reports.compare import (
    Change,
    Previous,
    StageChange,
    compare,
    match_previous,
    normalise_name,
    overclaim,
    previous_from_results,
    stage_changes,
)
from spbe_reports.scoring import rounded, score

FW = framework_module.load()
STAGES = tuple(stage.key for stage in FW.stages)


def workbook(
    self_levels: dict[int, int | None],
    later: dict[str, dict[int, int]] | None = None,
    notes: dict[int, str] | None = None,
) -> Assessment:
    """An assessment of all 47 indicators: self-assessed levels, then the levels later stages gave."""
    later, notes = later or {}, notes or {}
    entries = tuple(
        Entry(
            number=ind.number,
            levels={
                s: self_levels.get(ind.number) if s == "mandiri" else later.get(s, {}).get(ind.number) for s in STAGES
            },
            assessor_note=notes.get(ind.number, ""),
        )
        for ind in FW.indicators
    )
    return Assessment("Dinas Kominfo.xlsx", FW.id, Identity("Dinas Kominfo", "Perangkat Daerah", 2026), entries, STAGES)


def all_at(level: int, **overrides: int) -> dict[int, int]:
    values = {ind.number: level for ind in FW.indicators}
    values.update({int(k[1:]): v for k, v in overrides.items()})
    return values


# --- stage changes and overclaim ----------------------------------------------------------------


def test_stage_changes_list_what_the_assessors_changed_with_their_notes():
    assessment = workbook(
        all_at(3, i12=4, i32=2),
        later={"dokumen": {12: 2, 13: 1, 32: 3}, "interviu": {13: 3}, "visitasi": {32: 4}},
        notes={12: "Dokumen kebijakan belum ditetapkan.", 32: "Terverifikasi saat visitasi."},
    )
    assert stage_changes(assessment) == (
        StageChange(12, 4, 2, "dokumen", "Dokumen kebijakan belum ditetapkan."),
        # 13 went down in dokumen and back to 3 in interviu: final equals the claim, not listed
        StageChange(32, 2, 4, "visitasi", "Terverifikasi saat visitasi."),
    )
    assert [c.change for c in stage_changes(assessment)] == [-2, 2]


def test_a_level_given_only_by_the_assessors_is_a_change_from_nothing():
    self_levels = all_at(3)
    self_levels[20] = None
    changes = stage_changes(workbook(self_levels, later={"dokumen": {20: 2}}))
    assert changes == (StageChange(20, None, 2, "dokumen", ""),)
    assert changes[0].change is None


def test_no_assessor_stage_means_no_changes_and_no_overclaim():
    assessment = workbook(all_at(3))
    assert stage_changes(assessment) == ()
    assert overclaim(FW, assessment) is None


def test_overclaim_is_positive_when_the_agency_claimed_too_much():
    assessment = workbook(all_at(3), later={"dokumen": {12: 1, 42: 2}})
    # 12 down two levels (2 x 2,5%) and 42 down one (3%): 0,05 + 0,03
    assert overclaim(FW, assessment) == Fraction(8, 100)


def test_overclaim_is_negative_when_the_assessors_granted_more():
    assessment = workbook(all_at(3), later={"interviu": {1: 4}})
    assert overclaim(FW, assessment) == -Fraction(13, 1000)


def test_overclaim_needs_both_indices():
    self_levels = all_at(3)
    self_levels[5] = None
    assert overclaim(FW, workbook(self_levels, later={"dokumen": {12: 2}})) is None


# --- names and matching ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("Dinas Kominfo", "dinas  kominfo."),
        ("Dinas Komunikasi & Informatika", "Dinas Komunikasi dan Informatika"),
        ("Dinas Pariwisata Sérang", "DINAS PARIWISATA SERANG"),
        ("Pemerintah Kabupaten Bogor", "Kabupaten Bogor"),
        ("Pemkab Bogor", "Kab. Bogor"),
        ("Pemerintah Kota Bogor", "Pemkot Bogor"),
        ("Pemprov Jawa Barat", "Provinsi Jawa Barat"),
        ("  Badan Kepegawaian\tDaerah ", "Badan Kepegawaian Daerah"),
    ],
)
def test_names_that_mean_the_same_agency_normalise_alike(a, b):
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Kabupaten Bogor", "Kota Bogor"),
        ("Dinas Kominfo", "Dinas Komunikasi dan Informatika"),  # acronyms are not guessed
        ("Dinas Kesehatan", "Dinas Kesehatan Hewan"),
    ],
)
def test_different_agencies_stay_different(a, b):
    assert normalise_name(a) != normalise_name(b)


def prev(agency: str, code: str = "", index: str = "2.40", **fields) -> Previous:
    return Previous(source="hasil.json", agency=agency, code=code, year=2025, index=Decimal(index), **fields)


def test_match_by_code_finds_a_renamed_agency():
    old = prev("Dinas Komunikasi, Informatika dan Persandian", code="3201-KOMINFO")
    assert match_previous("Dinas Kominfo", "3201-kominfo", [prev("Dinas Kominfo"), old]) is old


def test_same_name_with_another_code_is_another_agency():
    elsewhere = prev("Dinas Kominfo", code="3202-KOMINFO")
    assert match_previous("Dinas Kominfo", "3201-KOMINFO", [elsewhere]) is None


def test_match_by_normalised_name_when_a_code_is_missing():
    coded = prev("Dinas Kominfo", code="3201-KOMINFO")
    uncoded = prev("Dinas Kesehatan")
    assert match_previous("dinas  kominfo.", "", [uncoded, coded]) is coded
    assert match_previous("DINAS KESEHATAN", "3201-DINKES", [coded, uncoded]) is uncoded


def test_no_match_and_ambiguous_match_give_none():
    assert match_previous("Dinas Pendidikan", "", [prev("Dinas Kominfo")]) is None
    assert match_previous("Dinas Kominfo", "", [prev("Dinas Kominfo"), prev("dinas kominfo")]) is None
    assert match_previous("Dinas Kominfo", "", []) is None


def test_a_code_match_wins_over_a_name_match():
    by_name, by_code = prev("Dinas Kominfo"), prev("Diskominfo", code="K-1")
    assert match_previous("Dinas Kominfo", "K-1", [by_name, by_code]) is by_code


# --- reading last year's hasil.json ------------------------------------------------------------

LAST_YEAR = {
    "framework": "permenpanrb-59-2020",
    "workbooks": [
        {
            "source": "Dinas Kominfo.xlsx",
            "status": "ok",
            "agency": "Dinas Kominfo",
            "agency_code": "K-1",
            "year": 2025,
            "index": 2.4,
            "domains": {"1": 2.3, "4": 2.55},
            "aspects": {"1": 2.3},
            "indicators": {"12": 2, "13": 3},
            "recommendations": [
                {"indicator": 12, "from": 2, "to": 3, "gain": 0.025, "priority": 1},
                {"indicator": 12, "from": 3, "to": 4, "gain": 0.025, "priority": 2},
                {"indicator": 13, "from": 3, "to": 4, "gain": 0.025, "priority": 3},
            ],
        },
        {"source": "Rusak.xlsx", "status": "rejected", "errors": [{"code": "x", "message": "..."}]},
        {"source": "Lama.xlsx", "status": "ok", "agency": "Dinas Lama", "index": "3.1"},
        {"source": "Draf.xlsx", "status": "ok", "agency": "Dinas Draf"},  # no index: a draft
    ],
}


def test_previous_results_are_read_from_ok_entries():
    records = previous_from_results(LAST_YEAR, source="hasil-2025.json")
    assert [r.agency for r in records] == ["Dinas Kominfo", "Dinas Lama"]
    kominfo, lama = records
    assert kominfo == Previous(
        source="hasil-2025.json",
        agency="Dinas Kominfo",
        code="K-1",
        year=2025,
        index=Decimal("2.40"),
        domains={1: Decimal("2.30"), 4: Decimal("2.55")},
        aspects={1: Decimal("2.30")},
        indicators={12: 2, 13: 3},
        recommendations=((12, 3), (12, 4), (13, 4)),
        framework="permenpanrb-59-2020",
        workbook="Dinas Kominfo.xlsx",
    )
    # optional keys missing: tolerated
    assert (lama.code, lama.year, lama.index) == ("", None, Decimal("3.10"))
    assert (lama.domains, lama.indicators, lama.recommendations) == ({}, {}, ())
    assert lama.source == "hasil-2025.json"
    assert previous_from_results(LAST_YEAR)[1].source == "Lama.xlsx"


@pytest.mark.parametrize("data", [[], {"framework": "x"}, {"workbooks": "none"}])
def test_something_else_than_hasil_json_is_refused(data):
    with pytest.raises(ValueError, match="hasil.json"):
        previous_from_results(data)


# --- comparison ---------------------------------------------------------------------------------


def test_comparison_of_displayed_values_with_directions():
    values = all_at(3, i12=4, i13=2)
    now = score(FW, values)
    last = previous_from_results(LAST_YEAR)[0]
    result = compare(FW, now, last)
    assert result.source == "Dinas Kominfo.xlsx"
    assert result.index == Change(None, Decimal("2.40"), now.index_display)
    assert result.index.change == now.index_display - Decimal("2.40") and result.index.direction == "naik"
    domains = {c.number: c for c in result.domains}
    assert set(domains) == {1, 4}  # only what last year recorded
    assert domains[1].after == now.domain_display(1) == Decimal("3.00")
    assert domains[1].change == Decimal("0.70") and domains[1].direction == "naik"
    assert [(c.number, c.before, c.after, c.direction) for c in result.indicators] == [
        (12, 2, 4, "naik"),
        (13, 3, 2, "turun"),
    ]


def test_index_change_is_the_difference_of_displayed_values():
    values = all_at(3, i1=2, i2=2, i3=2, i4=2, i5=2)  # 2,935 exactly, shown 2,94
    now = score(FW, values)
    assert now.index == Fraction(2935, 1000)
    result = compare(FW, now, prev("X", index="2.73"))
    assert result.index.after == Decimal("2.94")
    assert result.index.change == Decimal("0.21")  # not 0,205


def test_unchanged_values_are_tetap():
    values = all_at(3)
    result = compare(FW, score(FW, values), prev("X", index="3.00", indicators={1: 3}, aspects={2: Decimal("3.00")}))
    assert result.index.direction == "tetap" and result.index.change == 0
    assert [c.direction for c in result.indicators] == ["tetap"]
    assert [c.direction for c in result.aspects] == ["tetap"]


def test_last_years_recommendations_met_or_not():
    values = all_at(3)  # 12 reached 3 but not 4; 13 stayed at 3, below the 4 asked for
    result = compare(FW, score(FW, values), previous_from_results(LAST_YEAR)[0])
    assert [(r.indicator, r.target, r.before, r.now, r.met) for r in result.recommendations] == [
        (12, 4, 2, 3, False),
        (13, 4, 3, 3, False),
    ]
    values[12] = 4
    result = compare(FW, score(FW, values), previous_from_results(LAST_YEAR)[0])
    assert result.recommendations_met == (12,)
    assert result.recommendations_unmet == (13,)


def test_another_framework_compares_the_index_only():
    last = prev("X", index="2.00", indicators={12: 1}, recommendations=((12, 2),), framework="permenpanrb-5-2018")
    result = compare(FW, score(FW, all_at(3)), last)
    assert result.same_framework is False
    assert result.index.change == Decimal("1.00")
    assert (result.domains, result.aspects, result.indicators, result.recommendations) == ((), (), (), ())


def test_incomplete_current_scores_have_no_index_change():
    values = all_at(3)
    del values[47]
    result = compare(FW, score(FW, values), prev("X", indicators={1: 2}))
    assert result.index is None
    assert [(c.number, c.direction) for c in result.indicators] == [(1, "naik")]
    assert rounded(score(FW, values).aspects[1]) == Decimal("3.00")
