"""The coordinator's figures across agencies: ranking, statistics, weakest indicators, attention."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from factories import FW, assessment, batch, last_year, levels, rejected, result

from spbe_reports import ranking
from spbe_reports.formatting import format_index
from spbe_reports.problems import problem

ODD_NAME = "Dinas A & B <Kota> {{ x }}"


def scenario_batch(expected=None):
    """Six processed workbooks (a tie, a Cukup, a Kurang, a draft) and one rejected."""
    return batch(
        [
            result(assessment("Dinas Kominfo", 3)),
            result(assessment("Badan Perencanaan", levels(4, i1=5))),
            result(assessment("Dinas Kesehatan", 3)),  # ties with Kominfo at 3,00
            result(assessment(ODD_NAME, 2)),  # Cukup, and 0,80 below the average
            result(assessment("Dinas Sosial", levels(1, i32=2))),  # Kurang
            result(assessment("Dinas Draf", levels(3, i7=None))),
            rejected("lama.xls", [problem("format-xls", "lama.xls")], agency=None),
        ],
        expected=expected,
    )


@pytest.fixture(scope="module")
def scenario():
    return scenario_batch()


def test_standings_share_ranks_on_equal_exact_index(scenario):
    ranked = ranking.standings(scenario)
    assert [(s.rank, s.name) for s in ranked] == [
        (1, "Badan Perencanaan"),
        (2, "Dinas Kesehatan"),
        (2, "Dinas Kominfo"),
        (4, ODD_NAME),
        (5, "Dinas Sosial"),
        (None, "Dinas Draf"),
    ]


def test_equal_display_but_different_exact_index_do_not_tie():
    made = batch(
        [
            result(assessment("A", levels(2, i21=3, i22=3, i23=3))),  # 2,045 -> 2,05
            result(assessment("B", levels(2, i1=3, i11=3, i12=3, i13=3))),  # 2,088 -> 2,09
            result(assessment("C", levels(2, i1=3, i2=3, i3=3, i4=3))),  # 2,052 -> 2,05
        ]
    )
    ranked = ranking.standings(made)
    assert [(s.rank, s.name, format_index(s.index)) for s in ranked] == [
        (1, "B", "2,09"),
        (2, "C", "2,05"),
        (3, "A", "2,05"),
    ]


def _only_group(made):
    [group] = made.groups.values()  # perangkat daerah without a parent government: one group
    return group


def test_statistics_mean_is_the_group_average_exactly(scenario):
    group = _only_group(scenario)
    stats = {s.key: s for s in ranking.index_statistics(scenario, group.group.key)}
    assert stats["index"].mean == group.average.index
    for a in FW.aspects:
        assert stats[f"aspect-{a.number}"].mean == group.average.aspects[a.number]
    for d in FW.domains:
        assert stats[f"domain-{d.number}"].mean == group.average.domains[d.number]
    assert stats["index"].count == 5  # the draft is not counted


def test_median_of_an_even_count_is_the_mean_of_the_middle_pair():
    made = batch([result(assessment(name, level)) for name, level in (("A", 1), ("B", 2), ("C", 4), ("D", 5))])
    index = ranking.index_statistics(made, _only_group(made).group.key)[0]
    assert (index.median, index.minimum, index.maximum) == (Fraction(3), Fraction(1), Fraction(5))


def test_weakest_indicators_count_agencies_below_three(scenario):
    weakest = ranking.weakest_indicators(scenario, _only_group(scenario).group.key, limit=47)
    assert [w.mean for w in weakest] == sorted(w.mean for w in weakest)
    by_number = {w.indicator.number: w for w in weakest}
    # indicator 32: 4, 3, 3, 2, 2 -> mean 2,8 and two below level 3
    assert by_number[32].mean == Fraction(14, 5) and by_number[32].below == 2 and by_number[32].count == 5
    assert by_number[2].mean == Fraction(13, 5) and by_number[2].below == 2
    assert weakest[0].mean == Fraction(13, 5)


def test_attention_by_margin_alone():
    made = batch([result(assessment(n, lv)) for n, lv in (("A", 5), ("B", 5), ("C", 4))])
    # average 4,67; C has 4,00 (Sangat Baik), 0,67 below
    assert [(s.name, reasons) for s, reasons in ranking.needs_attention(made)] == [
        ("C", ["0,67 poin di bawah rata-rata kelompoknya"])
    ]


def _year_scenario(compared: bool = True):
    return batch(
        [
            result(assessment("Naik", 3), previous=last_year("Naik", levels(2, i1=3))),
            result(assessment("Turun", 2), previous=last_year("Turun", 3)),
            result(assessment("Tetap", 3), previous=last_year("Tetap", 3)),
            result(assessment("Baru", 4)),
            result(assessment("Draf", levels(3, i1=None)), previous=last_year("Draf", 3)),
        ],
        compared=compared,
    )


def test_year_changes_in_ranking_order_without_drafts_or_new():
    made = _year_scenario()
    changes = ranking.year_changes(made)
    assert [(c.name, c.direction, c.index.change) for c in changes] == [
        ("Naik", "naik", Decimal("0.99")),  # 3,00 - 2,01: a difference of displayed values
        ("Tetap", "tetap", Decimal("0.00")),
        ("Turun", "turun", Decimal("-1.00")),
    ]
    assert [s.name for s in ranking.new_agencies(made)] == ["Baru"]
    assert ranking.direction_counts(changes) == {"naik": 1, "turun": 1, "tetap": 1}
    directions = {s.name: ranking.direction(made, s) for s in ranking.standings(made)}
    assert directions == {"Baru": "baru", "Naik": "naik", "Tetap": "tetap", "Turun": "turun", "Draf": ""}


def test_year_change_details():
    naik = ranking.year_changes(_year_scenario())[0]
    assert naik.aspect(1).change == naik.comparison.aspects[0].change
    assert naik.domain(99) is None
    assert (naik.indicators_up, naik.indicators_down) == (46, 0)  # indicator 1 was already 3
    assert naik.recommendations == (46, 47)  # indicator 1 was advised 3 -> 4 and stays 3


def test_no_year_changes_without_comparison():
    made = _year_scenario(compared=False)
    assert ranking.year_changes(made) == [] and ranking.new_agencies(made) == []
    assert {ranking.direction(made, s) for s in ranking.standings(made)} == {""}
