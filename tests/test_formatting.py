"""Numbers and labels as an Indonesian reader expects them (spbe_reports.formatting)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from spbe_reports import framework as framework_module
from spbe_reports.formatting import (
    format_change,
    format_gain,
    format_id,
    format_index,
    join_list,
    level_label,
    short_name,
)
from spbe_reports.scoring import contribution, gain

FW = framework_module.load()


@pytest.mark.parametrize(
    "value, expected",
    [
        (Fraction(2594, 1000), "2,59"),
        (Fraction(2595, 1000), "2,60"),  # half up
        (Decimal("3.125"), "3,13"),
        (Decimal("3.1"), "3,10"),
        (4, "4,00"),
        (Fraction(-21, 100), "-0,21"),
        (Fraction(-1, 1000), "0,00"),  # no negative zero
    ],
)
def test_format_index_is_indonesian_and_half_up(value, expected):
    assert format_index(value) == expected


def test_format_id_takes_the_number_of_places():
    assert format_id(Fraction(2594, 1000), 3) == "2,594"
    assert format_id(Fraction(2, 3), 4) == "0,6667"


@pytest.mark.parametrize(
    "value, expected",
    [
        (Fraction(25, 1000), "0,0250"),
        (Fraction(275, 10000), "0,0275"),
        (Fraction(3, 100), "0,0300"),
        (Fraction(13, 1000), "0,0130"),
        (Fraction(39, 1000), "0,0390"),
        (Fraction(1, 3), "0,3333"),  # not from a framework weight: rounded half up
        (Fraction(1, 20000), "0,0001"),  # half up
        (0, "0,0000"),
    ],
)
def test_format_gain_always_shows_four_places(value, expected):
    assert format_gain(value) == expected


def test_gains_and_contributions_of_the_framework_are_exact_with_four_places():
    # Every weight has at most 2 decimals, so no gain or contribution is rounded away.
    for indicator in FW.indicators:
        for level in FW.levels:
            exact = contribution(FW, indicator.number, level)
            shown = format_gain(exact)
            assert Fraction(Decimal(shown.replace(",", "."))) == exact
            assert len(shown.split(",")[1]) == 4
        assert format_gain(gain(FW, indicator.number)).count(",") == 1
    assert format_gain(contribution(FW, 33, 3)) == "0,0825"  # 3 x 2,75%


@pytest.mark.parametrize(
    "value, expected",
    [(Decimal("0.21"), "+0,21"), (Decimal("-0.05"), "-0,05"), (Decimal("0"), "0,00"), (Fraction(-1, 1000), "0,00")],
)
def test_format_change_is_signed(value, expected):
    assert format_change(value) == expected


def test_level_label_uses_the_indicators_scale():
    assert level_label(FW.indicator(1), 3) == "3 - Terdefinisi"
    assert level_label(FW.indicator(32), 3) == "3 - Transaksi"
    assert level_label(FW.indicator(32), 4) == "4 - Kolaborasi"


def test_lists_and_short_names():
    assert join_list(["A"]) == "A"
    assert join_list(["A", "B"]) == "A dan B"
    assert join_list([1, 2, 3], "atau") == "1, 2, atau 3"
    assert short_name(FW.indicator(21)) == "Penerapan Manajemen Risiko SPBE"
