"""hasil.json entries (spbe_reports.results): the contract's keys, types and the two roads."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from spbe_reports.batch import WorkbookResult
from spbe_reports.evaluation import evaluate
from spbe_reports.results import results_document, workbook_entry
from spbe_reports.scoring import rounded
from tests.factories import FW, assessment, batch, levels

# Every indicator at 3 with 11-30 at 4: exactly 3,40 (Baik). Next band: Sangat Baik from 3,50.
AT_3_40 = levels(3, **{f"i{n}": 4 for n in range(11, 31)})
# Every indicator at 4 with 32-47 at 5: 4,455, shown 4,46 (Memuaskan, the top band).
AT_TOP = levels(4, **{f"i{n}": 5 for n in range(32, 48)})
# A mix of levels 1..5 with assessor stages, so every list of the entry has content.
MIXED = levels(3, i1=1, i2=2, i12=2, i21=4, i32=5, i45=2)
ROAD_KEYS = {"to_rating", "to_index", "steps", "index_after"}
STEP_KEYS = {"indicator", "from", "to", "gain"}


def entry_for(values, *, target_index: str | None = None, assessor=None, draft: bool = False) -> dict:
    """The hasil.json entry of an accepted workbook with ``values``, run with --target-indeks."""
    made = assessment("Dinas Komunikasi dan Informatika", values, assessor=assessor)
    ev = evaluate(FW, made, target_index=Decimal(target_index) if target_index is not None else None, draft=draft)
    result = WorkbookResult(
        source=made.source,
        evaluation=ev,
        report="dinas-komunikasi-dan-informatika/laporan.docx",
        agency=made.identity.name,
        year=made.identity.year,
    )
    return json.loads(json.dumps(workbook_entry(result)))  # as a reader of hasil.json sees it


def test_the_scenario_is_a_baik_workbook_at_3_40():
    entry = entry_for(AT_3_40)
    assert (entry["index"], entry["rating"]) == (3.4, "Baik")


@pytest.mark.parametrize("target", [None, "3.45", "3.60", "4.80", "3.40", "2.00"])
def test_road_leads_to_the_next_predikat_whatever_the_target_index(target):
    road = entry_for(AT_3_40, target_index=target)["road"]
    assert road == entry_for(AT_3_40)["road"]
    assert (road["to_rating"], road["to_index"]) == ("Sangat Baik", 3.5)
    assert road["index_after"] >= 3.5
    assert len(road["steps"]) == 4  # three steps of 3% reach only 3,49


def test_target_road_leads_to_the_requested_index():
    entry = entry_for(AT_3_40, target_index="3.45")
    target = entry["target_road"]
    assert set(target) == ROAD_KEYS
    assert (target["to_index"], target["to_rating"]) == (3.45, "Baik")  # the predikat 3,45 would have
    # Two steps of 3%: 3,40 + 0,06. Steps from level 3 before any from level 4, so 42 and 43
    # each go 3 -> 4 (not 42 twice, 3 -> 4 -> 5); the lowest indicator numbers among equals.
    assert [(s["indicator"], s["from"], s["to"]) for s in target["steps"]] == [(42, 3, 4), (43, 3, 4)]
    assert target["index_after"] == 3.46
    assert entry["road"]["to_rating"] == "Sangat Baik"


def test_target_road_above_the_next_band_names_that_bands_predikat():
    target = entry_for(AT_3_40, target_index="3.60")["target_road"]
    assert (target["to_index"], target["to_rating"]) == (3.6, "Sangat Baik")
    assert target["index_after"] >= 3.6
    assert len(target["steps"]) > len(entry_for(AT_3_40)["road"]["steps"])


def test_target_road_also_in_the_top_band_where_the_road_is_null():
    entry = entry_for(AT_TOP, target_index="4.60")
    assert entry["rating"] == "Memuaskan" and entry["road"] is None
    assert entry["target_road"]["to_rating"] == "Memuaskan"
    assert entry["target_road"]["index_after"] >= 4.6


@pytest.mark.parametrize(
    ("values", "target", "draft"),
    [
        (AT_3_40, None, False),  # no --target-indeks
        (AT_3_40, "3.40", False),  # equal to the displayed index
        (AT_3_40, "3.00", False),  # below it
        (levels(1), "5.01", False),  # beyond the scale: no set of steps reaches it
        (levels(3, i47=None), "3.45", True),  # a draft has no index
    ],
)
def test_no_target_road_without_a_target_above_the_index(values, target, draft):
    entry = entry_for(values, target_index=target, draft=draft)
    assert "target_road" not in entry


def test_draft_has_neither_index_nor_road():
    entry = entry_for(levels(3, i47=None), draft=True)
    assert entry["draft"] is True and "index" not in entry and entry["road"] is None


def test_an_ok_entry_has_the_contracts_keys_and_types():
    assessor = {"dokumen": {1: 2, 45: 1}}
    entry = entry_for(MIXED, assessor=assessor)
    made = assessment("Dinas Komunikasi dan Informatika", MIXED, assessor=assessor)
    ev = evaluate(FW, made)
    assert {
        "source",
        "status",
        "agency",
        "year",
        "index",
        "index_exact",
        "rating",
        "domains",
        "aspects",
        "indicators",
        "stages",
        "report",
        "errors",
        "warnings",
        "recommendations",
        "road",
    } <= set(entry)
    assert (entry["status"], entry["agency"], entry["year"]) == ("ok", "Dinas Komunikasi dan Informatika", 2026)
    assert entry["report"] == "dinas-komunikasi-dan-informatika/laporan.docx"
    assert entry["errors"] == [] and entry["warnings"] == []

    # The index: the displayed value as a number with 2 decimals; the exact one as a decimal string.
    assert isinstance(entry["index"], float) and round(entry["index"], 2) == entry["index"]
    assert Decimal(str(entry["index"])) == rounded(ev.final.index)
    assert isinstance(entry["index_exact"], str)
    assert Fraction(Decimal(entry["index_exact"])) == ev.final.index
    assert entry["index"] != float(entry["index_exact"])  # the scenario's index is not a round number
    assert entry["rating"] == FW.rating(rounded(ev.final.index))

    # Domains, aspects and indicators keyed by their numbers as strings.
    assert list(entry["domains"]) == [str(d.number) for d in FW.domains]
    assert list(entry["aspects"]) == [str(a.number) for a in FW.aspects]
    assert list(entry["indicators"]) == [str(i.number) for i in FW.indicators]
    for value in [*entry["domains"].values(), *entry["aspects"].values()]:
        assert isinstance(value, (int, float)) and round(value, 2) == value
    assert entry["indicators"]["1"] == 2 and entry["indicators"]["45"] == 1  # final values: the assessor's

    # One index per stage that has values, in stage order.
    assert list(entry["stages"]) == ["mandiri", "dokumen"]
    assert entry["stages"]["dokumen"]["index"] == entry["index"]
    assert entry["stages"]["mandiri"]["index"] > entry["index"]

    # Recommendations: every step, numbered 1..n in priority order.
    recs = entry["recommendations"]
    assert [r["priority"] for r in recs] == list(range(1, len(recs) + 1))
    assert [(r["indicator"], r["from"]) for r in recs] == [
        (s.indicator, s.from_level) for rec in ev.recommendations for s in rec.steps
    ]
    assert recs[0]["indicator"] == 45 and recs[0]["gain"] == 0.03  # level 1, the largest gain
    assert all(r["advice"] and r["evidence"] and r["to"] == r["from"] + 1 for r in recs)

    # The road reaches the lower bound of the next band, displayed.
    road = entry["road"]
    assert set(road) == ROAD_KEYS and all(set(s) == STEP_KEYS for s in road["steps"])
    band = FW.next_rating(rounded(ev.final.index))
    assert road["to_rating"] == band.name and road["to_index"] == float(band.minimum)
    assert road["index_after"] >= road["to_index"]
    assert "target_road" not in entry


def test_results_document_writes_the_target_road_of_each_workbook():
    made = assessment("Dinas A", AT_3_40)
    ev = evaluate(FW, made, target_index=Decimal("3.45"))
    document = results_document(batch([WorkbookResult(source=made.source, evaluation=ev)]))
    [entry] = document["workbooks"]
    assert entry["target_road"]["to_index"] == 3.45 and entry["road"]["to_index"] == 3.5
