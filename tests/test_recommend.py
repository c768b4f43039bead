"""Recommendations and the road to the next predikat (spbe_reports.recommend)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spbe_reports import framework as framework_module
from spbe_reports.recommend import (
    NEXT,
    Road,
    Step,
    parse_target,
    recommendations,
    road,
    with_service_name,
)
from spbe_reports.scoring import gain, rounded, score

FW = framework_module.load()
NUMBERS = [ind.number for ind in FW.indicators]


def levels(default: int, **overrides: int) -> dict[int, int]:
    """Every indicator at ``default``, except ``i12=2`` style overrides."""
    values = {n: default for n in NUMBERS}
    values.update({int(key[1:]): level for key, level in overrides.items()})
    return values


def small_framework(weights, max_level: int = 5, bands=(Decimal("1.00"),)) -> framework_module.Framework:
    """A one-aspect framework with the given indicator weights (summing to 100) and predikat bands."""
    level_text = {
        n: {"criteria": f"Kriteria tingkat {n}", "evidence": [f"Bukti tingkat {n}"], "advice": f"Saran tingkat {n}"}
        for n in range(1, max_level + 1)
    }
    ratings = sorted(set(bands) | {Decimal("1.00")}, reverse=True)
    return framework_module.parse(
        {
            "id": "uji",
            "name": "Kerangka Uji",
            "version": "1",
            "title": "Kerangka uji",
            "legal_basis": [],
            "index_name": "Indeks Uji",
            "levels": {"min": 1, "max": max_level},
            "stages": [{"key": "mandiri", "name": "Penilaian Mandiri"}],
            "ratings": [{"min": str(m), "name": f"Pita {i}"} for i, m in enumerate(ratings)],
            "scales": {"proses": {"name": "Skala", "levels": {n: {"name": f"Nama {n}"} for n in level_text}}},
            "aspects": [{"number": 1, "name": "Aspek Uji", "weight": "100"}],
            "indicators": [
                {
                    "number": i,
                    "name": f"Indikator {i}",
                    "aspect": 1,
                    "weight": str(w),
                    "scale": "proses",
                    "levels": level_text,
                }
                for i, w in enumerate(weights, start=1)
            ],
        }
    )


# --- targets -----------------------------------------------------------------------------------


def test_default_target_is_one_level_up_with_that_levels_text():
    recs = recommendations(FW, levels(3))
    assert len(recs) == len(NUMBERS)
    for rec in recs:
        (step,) = rec.steps
        level = FW.indicator(rec.indicator).level(4)
        assert (rec.current, rec.target, step.from_level, step.to_level) == (3, 4, 3, 4)
        assert (step.criteria, step.evidence, step.advice) == (level.criteria, level.evidence, level.advice)
        assert step.gain == gain(FW, rec.indicator)


def test_target_column_gives_every_step_up_to_it():
    recs = recommendations(FW, levels(3, i12=2), targets={12: 5})
    rec = next(r for r in recs if r.indicator == 12)
    assert [(s.from_level, s.to_level) for s in rec.steps] == [(2, 3), (3, 4), (4, 5)]
    assert [s.criteria for s in rec.steps] == [FW.indicator(12).level(n).criteria for n in (3, 4, 5)]
    assert rec.gain == 3 * Fraction(25, 1000)


def test_number_default_target_skips_indicators_already_there():
    recs = recommendations(FW, levels(4, i1=2, i2=5), default_target=4)
    assert [(r.indicator, r.current, r.target, len(r.steps)) for r in recs] == [(1, 2, 4, 2)]


def test_targets_are_capped_at_the_highest_level():
    recs = recommendations(FW, levels(5, i12=4, i13=4), targets={12: 9}, default_target=7)
    assert {r.indicator: r.target for r in recs} == {12: 5, 13: 5}
    assert recommendations(FW, levels(5)) == ()


def test_target_at_or_below_the_value_and_missing_values_give_nothing():
    values = levels(3, i12=4)
    del values[20]
    recs = recommendations(FW, values, targets={12: 3, 13: 3})
    numbers = {r.indicator for r in recs}
    assert 12 not in numbers and 13 not in numbers and 20 not in numbers
    assert 14 in numbers


def test_empty_target_cell_falls_back_to_default():
    recs = recommendations(FW, levels(3), targets={12: None})
    assert next(r for r in recs if r.indicator == 12).target == 4


@pytest.mark.parametrize("text, expected", [("next", NEXT), (" Next ", NEXT), ("berikutnya", NEXT), ("4", 4)])
def test_parse_target_reads_next_or_a_level(text, expected):
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["empat", "", "3.5", "0", "-1"])
def test_parse_target_rejects_other_text_in_indonesian(text):
    with pytest.raises(ValueError) as caught:
        parse_target(text)
    assert "Target" in str(caught.value) and "misalnya 4" in str(caught.value)


def test_unknown_default_target_is_an_error():
    with pytest.raises(ValueError, match="Target bawaan"):
        recommendations(FW, levels(3), default_target="lanjut")


# --- priority ---------------------------------------------------------------------------------


def test_below_three_first_then_largest_gain_then_number():
    values = levels(4, i1=2, i12=2, i32=1, i42=3, i43=3, i21=3)
    recs = recommendations(FW, values)
    order = [r.indicator for r in recs]
    # Below 3: 32 (gain 0,0275), 12 (0,025), 1 (0,013). Then the rest by gain: 42-47 (0,030) ...
    assert order[:3] == [32, 12, 1]
    assert order[3:9] == [42, 43, 44, 45, 46, 47]
    assert order[9:18] == [33, 34, 35, 36, 37, 38, 39, 40, 41]
    assert order[-1] == 10  # weight 1,3 comes last, highest number of that weight last
    assert [r.priority for r in recs] == list(range(1, len(recs) + 1))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=len(NUMBERS), max_size=len(NUMBERS)))
def test_priority_order_holds_for_any_values(raw):
    values = dict(zip(NUMBERS, raw))
    recs = recommendations(FW, values)
    keys = [(r.current >= 3, -r.steps[0].gain, r.indicator) for r in recs]
    assert keys == sorted(keys)
    assert {r.indicator for r in recs} == {n for n, v in values.items() if v < 5}


# --- sectoral service names ------------------------------------------------------------------


def test_sectoral_service_names_are_worked_into_advice_and_criteria():
    services = ("Perizinan Berusaha", "Kesehatan", "")
    recs = {r.indicator: r for r in recommendations(FW, levels(2), services=services)}
    first, second, third = (recs[n].steps[0] for n in (45, 46, 47))
    assert "Kembangkan layanan publik sektoral (Perizinan Berusaha) menjadi" in first.advice
    assert "(Perizinan Berusaha)" in first.criteria
    assert first.advice.count("(Perizinan Berusaha)") == 1
    assert "(Kesehatan)" in second.advice and "Perizinan" not in second.advice
    assert third.advice == FW.indicator(47).level(3).advice  # a blank name changes nothing
    assert recs[42].steps[0].advice == FW.indicator(42).level(3).advice  # not a sectoral indicator


def test_service_name_is_a_prefix_when_the_text_lacks_the_phrase():
    assert with_service_name("Tingkatkan fitur layanan.", "Perizinan") == "Layanan Perizinan: Tingkatkan fitur layanan."
    assert with_service_name("Tingkatkan fitur.", "Layanan Kesehatan") == "Layanan Kesehatan: Tingkatkan fitur."
    assert (
        with_service_name("Layanan publik sektoral telah terintegrasi.", "  Perizinan   Berusaha ")
        == "Layanan publik sektoral (Perizinan Berusaha) telah terintegrasi."
    )
    assert with_service_name("Apa saja.", "") == "Apa saja."


def test_road_steps_carry_service_names_too():
    values = levels(5, i45=1)
    result = road(FW, values, to_index=Decimal("4.99"), services=("Perizinan",))
    assert result is not None
    assert all(s.indicator == 45 and "(Perizinan)" in s.advice for s in result.steps)


# --- the road ---------------------------------------------------------------------------------


def test_road_reaches_the_band_by_the_rounded_index():
    # 2,565 exactly: five 1,3% indicators at 3, all 2,5% Tata Kelola indicators at 4, the rest at 2.
    values = levels(2, **{f"i{n}": 3 for n in range(1, 6)}, **{f"i{n}": 4 for n in range(11, 21)})
    start = score(FW, values)
    assert start.index == Fraction(2565, 1000) and start.rating == "Cukup"
    result = road(FW, values)
    assert result == Road(
        to_rating="Baik",
        to_index=Decimal("2.60"),
        steps=(result.steps[0],),
        index_after=Fraction(2595, 1000),
    )
    step = result.steps[0]
    assert (step.indicator, step.from_level, step.to_level, step.gain) == (42, 2, 3, Fraction(3, 100))
    # One step: the exact index 2,595 is still below 2,60, but the report shows 2,60 = Baik.
    assert result.index_after < Fraction(26, 10) and rounded(result.index_after) == Decimal("2.60")


def test_road_prefers_repair_steps_over_a_larger_gain():
    # 2,745 shows 2,75; 2,77 needs +0,02 exactly: one step of indicator 12 at 2 (a repair,
    # +0,025) is preferred to one of indicator 42 at 3 (+0,030), although 42 gains more.
    values = levels(3, i12=2, i13=2, **{f"i{n}": 2 for n in range(1, 11)})
    values.update({n: 2 for n in (21, 22, 23, 24, 25)})
    assert score(FW, values).index == Fraction(2745, 1000)
    result = road(FW, values, to_index=Decimal("2.77"))
    assert [(s.indicator, s.from_level) for s in result.steps] == [(12, 2)]


def test_no_road_in_the_top_band():
    assert road(FW, levels(5)) is None
    high = levels(5, i1=1, i2=1)  # 4,896: Memuaskan
    assert score(FW, high).rating == "Memuaskan"
    assert road(FW, high) is None


def test_road_to_a_requested_index():
    high = levels(5, i1=1, i2=1, i45=3)  # 4,836: Memuaskan, no band above
    assert road(FW, high) is None
    result = road(FW, high, to_index=Decimal("4.87"))  # needs +0,029: one step of 45
    assert result is not None and result.to_index == Decimal("4.87") and result.to_rating == "Memuaskan"
    assert [(s.indicator, s.from_level) for s in result.steps] == [(45, 3)]
    assert rounded(result.index_after) == Decimal("4.87")
    further = road(FW, high, to_index=Decimal("4.90"))  # needs +0,059: two steps of 45 beat any repair mix
    assert [(s.indicator, s.from_level) for s in further.steps] == [(45, 3), (45, 4)]


def test_requested_index_below_the_current_one_falls_back_to_the_next_band():
    values = levels(3)
    result = road(FW, values, to_index=Decimal("2.00"))
    assert result.to_index == Decimal("3.50") and result.to_rating == "Sangat Baik"


def test_unreachable_requested_index_or_incomplete_values_give_no_road():
    assert road(FW, levels(3), to_index=Decimal("5.01")) is None
    values = levels(3)
    del values[7]
    assert road(FW, values) is None


def test_road_steps_follow_the_priority_rule_and_the_order_of_levels():
    values = levels(3, i12=1, i1=2, i32=2)
    result = road(FW, values, to_index=Decimal("3.30"))
    seen: dict[int, int] = {}
    for step in result.steps:
        assert step.from_level == seen.get(step.indicator, values[step.indicator])
        seen[step.indicator] = step.to_level
    first_of = list(dict.fromkeys(s.indicator for s in result.steps))
    keys = [(values[n] >= 3, -gain(FW, n), n) for n in first_of]
    assert keys == sorted(keys)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=len(NUMBERS), max_size=len(NUMBERS)))
def test_one_step_fewer_never_reaches_the_goal(raw):
    values = dict(zip(NUMBERS, raw))
    result = road(FW, values)
    start = score(FW, values).index
    if result is None:
        assert FW.next_rating(rounded(start)) is None
        return
    assert rounded(result.index_after) >= result.to_index
    assert result.index_after == start + sum(s.gain for s in result.steps)
    available = sorted((gain(FW, n) for n, v in values.items() for _ in range(v, 5)), reverse=True)
    best_with_one_fewer = sum(available[: len(result.steps) - 1], Fraction(0))
    assert rounded(start + best_with_one_fewer) < result.to_index


# --- minimality and tie-break against brute force ----------------------------------------------

WEIGHT_CHOICES = [Decimal(x) for x in ("1.3", "1.5", "2.5", "2.75", "3", "10", "20")]


@st.composite
def weights(draw):
    kind = draw(st.sampled_from(["cuts", "ties", "equal"]))
    if kind == "equal":
        n = draw(st.sampled_from([2, 4]))
        return [Decimal(100) / n] * n
    if kind == "ties":
        drawn = draw(st.lists(st.sampled_from(WEIGHT_CHOICES), min_size=0, max_size=2))
        half = (Decimal(100) - sum(drawn, Decimal(0))) / 2
        return [*drawn, half, half]
    n = draw(st.integers(2, 4))
    cuts = sorted(draw(st.lists(st.integers(1, 399), min_size=n - 1, max_size=n - 1, unique=True)))
    bounds = [0, *cuts, 400]
    return [Decimal(b - a) / 4 for a, b in zip(bounds, bounds[1:])]


@st.composite
def road_cases(draw):
    w = draw(weights())
    max_level = draw(st.sampled_from([3, 4, 5]))
    bands = [Decimal(x) / 100 for x in draw(st.lists(st.integers(101, max_level * 100), max_size=3, unique=True))]
    fw = small_framework(w, max_level, bands)
    values = {i + 1: draw(st.integers(1, max_level)) for i in range(len(w))}
    to_index = draw(st.none() | st.integers(100, max_level * 100 + 20).map(lambda x: Decimal(x) / 100))
    return fw, values, to_index


def brute_force(fw, values, goal):
    """The best allocation of steps by (fewest, most repairs, most gain, lowest numbers), trying them all."""
    start = score(fw, values).index
    numbers = sorted(values)
    best = None
    for counts in product(*(range(fw.max_level - values[n] + 1) for n in numbers)):
        total = sum((gain(fw, n) * c for n, c in zip(numbers, counts)), Fraction(0))
        if rounded(start + total) < goal:
            continue
        repairs = sum(min(c, max(0, 3 - values[n])) for n, c in zip(numbers, counts))
        listed = tuple(n for n, c in zip(numbers, counts) for _ in range(c))
        key = (sum(counts), -repairs, -total, listed)
        if best is None or key < best[0]:
            best = (key, dict(zip(numbers, counts)))
    return best


@settings(max_examples=120, deadline=None)
@given(road_cases())
def test_road_is_minimal_and_breaks_ties_as_documented(case):
    fw, values, to_index = case
    displayed = rounded(score(fw, values).index)
    if to_index is not None and to_index > displayed:
        goal = to_index
    else:
        band = fw.next_rating(displayed)
        goal = None if band is None else band.minimum
    result = road(fw, values, to_index=to_index)
    best = None if goal is None else brute_force(fw, values, goal)
    if best is None:
        assert result is None
        return
    assert result is not None and result.to_index == goal
    counts = {n: sum(1 for s in result.steps if s.indicator == n) for n in values}
    assert counts == best[1]
    assert len(result.steps) == best[0][0]


def test_brute_force_helper_finds_the_documented_tie_break():
    # Two equal weights, one indicator below 3: with one step needed the repair step wins.
    fw = small_framework([Decimal(50), Decimal(50)], bands=(Decimal("3.00"),))
    assert brute_force(fw, {1: 3, 2: 2}, Decimal("3.00"))[1] == {1: 0, 2: 1}
    result = road(fw, {1: 3, 2: 2})
    assert [(s.indicator, s.from_level) for s in result.steps] == [(2, 2)]
    # Same situation without repairs: the lower number wins.
    result = road(fw, {1: 3, 2: 3}, to_index=Decimal("3.50"))
    assert [(s.indicator, s.from_level) for s in result.steps] == [(1, 3)]


def test_steps_are_frozen_plain_data():
    step = recommendations(FW, levels(3))[0].steps[0]
    assert isinstance(step, Step)
    with pytest.raises(AttributeError):
        step.gain = Fraction(1)  # type: ignore[misc]
