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
    EvidenceGroup,
    Recommendation,
    Road,
    Step,
    group_by_evidence,
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


def test_lower_level_first_then_largest_gain_then_number():
    values = levels(4, i1=2, i12=2, i32=1, i42=3, i43=3, i21=3)
    recs = recommendations(FW, values)
    order = [r.indicator for r in recs]
    # Level 1: 32. Level 2: 12 (gain 0,025), 1 (0,013). Level 3: 42, 43 (0,030), 21 (0,015).
    assert order[:6] == [32, 12, 1, 42, 43, 21]
    # Level 4 by gain: 44-47 (0,030), 33-41 (0,0275) ...
    assert order[6:10] == [44, 45, 46, 47]
    assert order[10:19] == [33, 34, 35, 36, 37, 38, 39, 40, 41]
    assert order[-1] == 10  # weight 1,3 comes last, highest number of that weight last
    assert [r.priority for r in recs] == list(range(1, len(recs) + 1))


def test_a_step_from_four_never_comes_before_a_step_from_three_of_smaller_gain():
    # Before: both "not below 3", so 42 (4 -> 5, gain 0,030) came before 21 (3 -> 4, gain 0,015).
    recs = recommendations(FW, levels(5, i42=4, i21=3))
    assert [(r.indicator, r.current) for r in recs] == [(21, 3), (42, 4)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=len(NUMBERS), max_size=len(NUMBERS)))
def test_priority_order_holds_for_any_values(raw):
    values = dict(zip(NUMBERS, raw))
    recs = recommendations(FW, values)
    keys = [(r.current, -r.steps[0].gain, r.indicator) for r in recs]
    assert keys == sorted(keys)
    assert {r.indicator for r in recs} == {n for n, v in values.items() if v < 5}
    below = [r.current < 3 for r in recs]
    assert below == sorted(below, reverse=True)  # the guidance: every repair before the rest


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


def test_road_prefers_a_step_from_three_over_one_from_four_with_a_larger_gain():
    # 3,975 shows 3,98; 4,00 needs +0,02: indicator 12 at 3 (+0,025) is preferred to 42 at 4
    # (+0,030). Before, both were "not below 3" and the larger gain (42, 4 -> 5) was taken.
    values = levels(4, i12=3)
    assert score(FW, values).index == Fraction(3975, 1000)
    result = road(FW, values, to_index=Decimal("4.00"))
    assert [(s.indicator, s.from_level) for s in result.steps] == [(12, 3)]


def test_road_steps_are_listed_lowest_level_first():
    values = levels(4, i12=3, i1=2, i44=2)  # 3,889; 4,02 needs +0,126: five steps
    result = road(FW, values, to_index=Decimal("4.02"))
    listed = [(s.indicator, s.from_level) for s in result.steps]
    # Indicators at 2 (44 before 1: larger gain), then at 3, then at 4; one indicator's steps together.
    assert listed == [(44, 2), (44, 3), (1, 2), (12, 3), (42, 4)]


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
    keys = [(values[n], -gain(FW, n), n) for n in first_of]
    assert keys == sorted(keys)


def left_out_steps(fw, values, steps):
    """(indicator, from_level) of every step a road could still take after ``steps``."""
    taken = {n: sum(1 for s in steps if s.indicator == n) for n in values}
    return [(n, level) for n in values for level in range(values[n] + taken[n], fw.max_level)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=len(NUMBERS), max_size=len(NUMBERS)), st.integers(0, 60))
def test_no_road_takes_a_higher_step_while_a_lower_one_of_equal_or_larger_gain_is_left_out(raw, extra):
    values = dict(zip(NUMBERS, raw))
    start = rounded(score(FW, values).index)
    for result in (road(FW, values), road(FW, values, to_index=start + Decimal(extra) / 100)):
        if result is None:
            continue
        left = left_out_steps(FW, values, result.steps)
        for step in result.steps:
            if step.from_level < 3:
                continue  # the repair levels (1 and 2) share one pool: equal gains go by number
            lower = [(n, lv) for n, lv in left if lv < step.from_level and gain(FW, n) >= step.gain]
            assert lower == [], f"{step.indicator} from {step.from_level} taken, {lower} left out"


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
    """The best allocation of steps, trying them all, by the documented order: fewest steps;
    then most steps from below 3, then most from level 3, from 4, ...; most gain; lowest numbers."""
    start = score(fw, values).index
    numbers = sorted(values)
    best = None
    for counts in product(*(range(fw.max_level - values[n] + 1) for n in numbers)):
        total = sum((gain(fw, n) * c for n, c in zip(numbers, counts)), Fraction(0))
        if rounded(start + total) < goal:
            continue
        froms = [level for n, c in zip(numbers, counts) for level in range(values[n], values[n] + c)]
        per_level = tuple(-sum(1 for lv in froms if lv == level) for level in range(3, fw.max_level))
        repairs = sum(1 for lv in froms if lv < 3)
        listed = tuple(n for n, c in zip(numbers, counts) for _ in range(c))
        key = (sum(counts), -repairs, *per_level, -total, listed)
        if best is None or key < best[0]:
            best = (key, dict(zip(numbers, counts)))
    return best


@settings(max_examples=250, deadline=None)
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
    # No repair possible: a step from 3 wins over a step from 4 even with a smaller gain.
    fw = small_framework([Decimal(40), Decimal(60)])
    assert brute_force(fw, {1: 3, 2: 4}, Decimal("4.00"))[1] == {1: 1, 2: 0}
    result = road(fw, {1: 3, 2: 4}, to_index=Decimal("4.00"))  # 3,60 + 0,40 (not + 0,60)
    assert [(s.indicator, s.from_level) for s in result.steps] == [(1, 3)]


def test_road_takes_all_lower_steps_before_a_higher_one_of_the_same_indicator():
    # Two equal weights at 3 and 4 (3,50); 4,50 needs two steps: 1 (3 -> 4) and one from
    # level 4, of indicator 1 or 2 (same pool, same gain): the lowest number wins, and the
    # steps of indicator 1 stay in order of levels.
    fw = small_framework([Decimal(50), Decimal(50)])
    values = {1: 3, 2: 4}
    result = road(fw, values, to_index=Decimal("4.50"))
    assert brute_force(fw, values, Decimal("4.50"))[1] == {1: 2, 2: 0}
    assert [(s.indicator, s.from_level) for s in result.steps] == [(1, 3), (1, 4)]


# --- evidence groups and redundant advice -------------------------------------------------------


def plain_step(number: int, evidence: tuple[str, ...], from_level: int = 3) -> Step:
    return Step(number, from_level, from_level + 1, Fraction(1, 100), "Kriteria", evidence, "Saran")


def test_steps_sharing_an_evidence_list_are_grouped_in_priority_order():
    shared, own = ("Bukti A", "Bukti B"), ("Bukti C",)
    recs = (
        Recommendation(7, 2, 4, 1, (plain_step(7, own, 2), plain_step(7, shared, 3))),
        Recommendation(3, 3, 4, 2, (plain_step(3, shared),)),
        Recommendation(9, 3, 4, 3, (plain_step(9, ()),)),
        Recommendation(5, 3, 4, 4, (plain_step(5, own),)),
    )
    groups = group_by_evidence(recs)
    assert [g.evidence for g in groups] == [own, shared, ()]
    assert [[(s.indicator, s.from_level) for s in g.steps] for g in groups] == [
        [(7, 2), (5, 3)],
        [(7, 3), (3, 3)],
        [(9, 3)],
    ]
    assert all(isinstance(g, EvidenceGroup) for g in groups)
    assert sum(len(g.steps) for g in groups) == 5  # every step once
    assert group_by_evidence(()) == ()


def test_evidence_groups_of_the_framework_print_each_shared_list_once():
    recs = recommendations(FW, levels(1), default_target=5)
    groups = group_by_evidence(recs)
    assert sum(len(g.steps) for g in groups) == 47 * 4
    assert len(groups) == len({g.evidence for g in groups}) == 125
    # The service indicators 32-47 share one evidence list per level from 3 up.
    biggest = max(groups, key=lambda g: len(g.steps))
    assert len(biggest.steps) == 16 and {s.indicator for s in biggest.steps} == set(range(32, 48))
    order = [(r.priority, s.from_level) for r in recs for s in r.steps]
    firsts = [
        order.index(next((r.priority, s.from_level) for r in recs for s in r.steps if s is g.steps[0])) for g in groups
    ]
    assert firsts == sorted(firsts)


def test_advice_that_only_restates_the_criteria_is_flagged():
    recs = {r.indicator: r for r in recommendations(FW, levels(2))}
    restating = {n for n, r in recs.items() if r.steps[0].advice_restates_criteria}
    assert restating == {1, 9, 10, 11, 28}
    step = recs[28].steps[0]
    assert step.criteria.startswith("Manajemen layanan telah mencakup")
    assert step.advice.startswith("Lengkapi manajemen layanan agar mencakup")
    flagged = [
        (n, level)
        for n in NUMBERS
        for level in range(1, 5)
        if recommendations(FW, {n: level}, default_target=level + 1)[0].steps[0].advice_restates_criteria
    ]
    assert flagged == [(1, 2), (9, 2), (10, 2), (11, 2), (28, 2)]


def test_advice_restates_criteria_rule_on_plain_texts():
    def flag(criteria: str, advice: str) -> bool:
        return Step(1, 2, 3, Fraction(1, 100), criteria, (), advice).advice_restates_criteria

    assert flag(
        "Jaringan intra telah menjangkau seluruh unit.", "Perluas jaringan intra hingga menjangkau seluruh unit."
    )
    assert not flag("Jaringan intra telah menjangkau seluruh unit.", "Perluas jaringan intra dan reviu secara berkala.")
    assert not flag("Apa pun.", "")
    assert not flag("Apa pun.", "Lengkapi")  # nothing after the verb: nothing restated


def test_steps_are_frozen_plain_data():
    step = recommendations(FW, levels(3))[0].steps[0]
    assert isinstance(step, Step)
    with pytest.raises(AttributeError):
        step.gain = Fraction(1)  # type: ignore[misc]
