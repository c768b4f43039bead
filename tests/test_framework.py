"""The shipped framework loads, and every inconsistency in a framework file is named."""

import copy
from decimal import Decimal

import pytest
import yaml

from spbe_reports import framework as frameworks
from spbe_reports.framework import FrameworkError, parse

RAW = yaml.safe_load((frameworks.DATA_DIR / "permenpanrb-59-2020.yaml").read_text(encoding="utf-8"))


def small(**overrides) -> dict:
    """A two-aspect framework without domains and with a level 0 (the shapes of 8/2026 and 5/2018)."""
    level = {"criteria": "k", "evidence": ["b"], "advice": "r"}
    data = {
        "id": "kecil",
        "name": "Kecil",
        "version": "1",
        "title": "Uji",
        "legal_basis": ["-"],
        "index_name": "Indeks Uji",
        "levels": {"min": 0, "max": 2},
        "stages": [{"key": "mandiri", "name": "Penilaian Mandiri"}],
        "ratings": [{"min": "1.5", "name": "Baik"}, {"min": "0", "name": "Kurang"}],
        "scales": {"s": {"name": "Skala", "levels": {0: {"name": "Nol"}, 1: {"name": "Satu"}, 2: {"name": "Dua"}}}},
        "aspects": [{"number": 1, "name": "A", "weight": "60"}, {"number": 2, "name": "B", "weight": "40"}],
        "indicators": [
            {"number": 1, "name": "I1", "aspect": 1, "weight": "60", "scale": "s", "levels": {1: level, 2: level}},
            {"number": 2, "name": "I2", "aspect": 2, "weight": "40", "scale": "s", "levels": {1: level, 2: level}},
        ],
    }
    data.update(overrides)
    return data


def test_shipped_framework_has_the_59_2020_structure():
    fw = frameworks.load()
    assert (len(fw.domains), len(fw.aspects), len(fw.indicators)) == (4, 8, 47)
    assert [d.weight for d in fw.domains] == [Decimal("13"), Decimal("25"), Decimal("16.5"), Decimal("45.5")]
    assert fw.indicator(32).weight == Decimal("2.75") and fw.indicator(45).sectoral_service == 1
    assert fw.indicator(1).scale.key == "proses" and fw.indicator(47).scale.key == "layanan"
    assert fw.indicator(12).level(3).name == "Terdefinisi" and fw.indicator(40).level(3).name == "Transaksi"
    assert all(
        len(ind.levels) == 5 and all(lv.criteria and lv.evidence and lv.advice for lv in ind.levels)
        for ind in fw.indicators
    )


@pytest.mark.parametrize(
    ("shown", "rating"),
    [
        ("4.20", "Memuaskan"),
        ("4.19", "Sangat Baik"),
        ("3.50", "Sangat Baik"),
        ("3.49", "Baik"),
        ("2.60", "Baik"),
        ("2.59", "Cukup"),
        ("1.80", "Cukup"),
        ("1.79", "Kurang"),
        ("1.00", "Kurang"),
    ],
)
def test_rating_bands_have_inclusive_lower_bounds(shown, rating):
    assert frameworks.load().rating(Decimal(shown)) == rating


def test_a_framework_without_domains_and_with_level_zero_is_accepted():
    fw = parse(small())
    assert fw.domains == () and list(fw.levels) == [0, 1, 2]
    assert fw.next_rating(Decimal("1.2")).name == "Baik" and fw.next_rating(Decimal("1.5")) is None


def broken(path: str, value):
    data = copy.deepcopy(RAW)
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if value is KeyError:
        del node[last if not last.isdigit() else int(last)]
    else:
        node[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        ("indicators.0.weight", "1.4", "indicators"),  # weights no longer sum to 100
        ("aspects.0.weight", "14", "aspects[0].weight"),
        ("domains.1.weight", "26", "domains[1].weight"),
        ("indicators.1.number", 1, "indicators"),  # duplicate number
        ("indicators.5.aspect", 9, "indicators[5].aspect"),
        ("aspects.2.domain", 7, "aspects[2].domain"),
        ("indicators.3.scale", "lain", "indicators[3].scale"),
        ("ratings.4.min", "1.90", "ratings"),  # bands no longer in order / cover 1
        ("ratings.4", KeyError, "ratings"),  # lowest band missing: 1.00..1.79 uncovered
        ("indicators.7.levels.5", KeyError, "indicators[7].levels"),
        ("indicators.2.weight", "abc", "indicators[2].weight"),
        ("id", KeyError, "'id'"),
    ],
)
def test_inconsistent_framework_names_the_key(path, value, named):
    with pytest.raises(FrameworkError) as caught:
        parse(broken(path, value), source="kerangka-uji.yaml")
    assert "kerangka-uji.yaml" in str(caught.value)
    assert named in str(caught.value)


def test_unknown_framework_lists_the_available_ones():
    with pytest.raises(FrameworkError, match="permenpanrb-59-2020"):
        frameworks.load("permenpanrb-1-1999")
