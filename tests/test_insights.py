"""Indonesian number formatting and the generated strengths/priorities sentences."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

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
from spbe_reports.insights import priorities, priorities_sentence, road_sentence, strengths, strengths_sentence
from spbe_reports.recommend import recommendations, road
from spbe_reports.scoring import score

FW = framework_module.load()


def all_at(level: int, **overrides: int) -> dict[int, int]:
    values = {ind.number: level for ind in FW.indicators}
    values.update({int(k[1:]): v for k, v in overrides.items()})
    return values


# --- formatting -------------------------------------------------------------------------------


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
        (Fraction(25, 1000), "0,025"),
        (Fraction(275, 10000), "0,0275"),
        (Fraction(3, 100), "0,030"),
        (Fraction(13, 1000), "0,013"),
        (Fraction(1, 3), "0,3333"),
    ],
)
def test_format_gain_shows_three_or_four_places(value, expected):
    assert format_gain(value) == expected


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


# --- strengths ----------------------------------------------------------------------------------


def test_strengths_name_the_strongest_aspect_and_the_high_indicators():
    values = all_at(3, **{f"i{n}": 5 for n in range(42, 48)}, i11=4)
    sentences = strengths(FW, score(FW, values), values)
    assert sentences[0] == (
        "Aspek terkuat adalah Layanan Publik Berbasis Elektronik dengan indeks 5,00, "
        "disusul Perencanaan Strategis SPBE (3,25)."
    )
    assert "Domain Layanan SPBE mencapai indeks domain tertinggi, 3,79 (predikat Sangat Baik)." in sentences
    high = next(s for s in sentences if "tingkat 4 atau lebih" in s)
    assert high.startswith("Sebanyak 7 indikator sudah mencapai tingkat 4 atau lebih:")
    assert "indikator 42, 43, 44, 45, 46, dan 47 pada tingkat 5, serta indikator 11 pada tingkat 4" in high
    assert "Seluruh 47 indikator sudah berada pada tingkat 3 atau lebih." in sentences


def test_a_few_high_indicators_are_named_with_their_level():
    values = all_at(2, i11=4)
    sentences = strengths(FW, score(FW, values), values)
    assert (
        "Indikator 11 (Arsitektur SPBE Instansi Pusat/Pemerintah Daerah) sudah mencapai tingkat "
        "4 - Terpadu dan Terukur." in sentences
    )
    values = all_at(2, i11=4, i32=5)
    text = " ".join(strengths(FW, score(FW, values), values))
    assert "Sebanyak 2 indikator" in text and "(indikator 32, tingkat 5 - Optimum)" in text


def test_equal_aspects_are_said_once_and_not_ranked():
    values = all_at(2)
    sentences = strengths(FW, score(FW, values), values)
    assert sentences == ["Capaian seluruh aspek merata, masing-masing dengan indeks 2,00."]
    assert priorities(FW, score(FW, values), values, ())[0].startswith("Sebanyak 47 indikator masih di bawah")


def test_no_level_four_yet_but_level_three():
    values = all_at(3, i1=2)
    text = " ".join(strengths(FW, score(FW, values), values))
    assert "Belum ada indikator yang mencapai tingkat 4, tetapi sebanyak 46 dari 47 indikator" in text


# --- priorities -------------------------------------------------------------------------------


def test_priorities_name_weakest_aspect_below_three_by_aspect_and_largest_gain():
    values = all_at(3, i29=1, i31=2, i21=2, i12=2)
    scores = score(FW, values)
    recs = recommendations(FW, values)
    sentences = priorities(FW, scores, values, recs)
    assert sentences[0].startswith("Aspek terlemah adalah Pelaksanaan Audit TIK dengan indeks 2,00, disusul ")
    assert sentences[1] == (
        "Sebanyak 4 indikator masih di bawah tingkat 3 dan perlu diperbaiki lebih dulu: indikator 12 pada "
        "aspek Perencanaan Strategis SPBE; indikator 21 pada aspek Penerapan Manajemen SPBE; indikator 29 dan "
        "31 pada aspek Pelaksanaan Audit TIK."
    )
    assert sentences[2] == (
        "Dampak terbesar per langkah ada pada indikator 42, 43, 44, 45, 46, dan 47: kenaikan satu tingkat pada "
        "masing-masing indikator itu menambah Indeks SPBE 0,030."
    )
    after = scores.index + sum(r.gain for r in recs)
    assert sentences[3] == (
        f"Bila seluruh {len(recs)} langkah rekomendasi dipenuhi, Indeks SPBE naik dari "
        f"{format_index(scores.index)} menjadi {format_index(after)} (predikat Sangat Baik)."
    )


def test_nothing_below_three_says_so():
    values = all_at(4)
    text = " ".join(priorities(FW, score(FW, values), values, recommendations(FW, values)))
    assert "Tidak ada indikator di bawah tingkat 3" in text
    assert "masih di bawah" not in text


def test_a_single_largest_gain():
    values = all_at(5, i12=2)
    sentences = priorities(FW, score(FW, values), values, recommendations(FW, values))
    assert "Satu indikator masih di bawah tingkat 3" in sentences[1]
    expected = "Dampak terbesar per langkah ada pada indikator 12: kenaikan satu tingkat menambah Indeks SPBE 0,025."
    assert expected in sentences


# --- paragraphs from an evaluation ------------------------------------------------------------


def evaluation(values, to_index=None):
    scores = score(FW, values)
    return SimpleNamespace(
        framework=FW,
        final=scores,
        recommendations=recommendations(FW, values),
        road=road(FW, values, to_index=to_index),
    )


def test_road_sentence_one_step_and_several_steps():
    values = all_at(2, **{f"i{n}": 3 for n in range(1, 6)}, **{f"i{n}": 4 for n in range(11, 21)})  # 2,565
    assert road_sentence(evaluation(values)) == (
        "Untuk mencapai predikat Baik (indeks sekurang-kurangnya 2,60), cukup satu langkah: menaikkan "
        "indikator 42 dari tingkat 2 ke tingkat 3, sehingga Indeks SPBE menjadi 2,60."
    )
    text = road_sentence(evaluation(all_at(3), to_index=Decimal("3.105")))
    assert text.startswith("Untuk mencapai indeks 3,105 (predikat Baik), dibutuhkan sekurang-kurangnya 4 langkah")
    assert text.endswith("pada 2 indikator (42 dan 43), sehingga Indeks SPBE menjadi 3,12.")  # lowest numbers first


def test_road_sentence_at_the_top_and_without_an_index():
    assert road_sentence(evaluation(all_at(5))) == (
        "Indeks SPBE 5,00 sudah berada pada predikat tertinggi, Memuaskan; prioritasnya mempertahankan capaian ini."
    )
    values = all_at(3)
    del values[9]
    assert road_sentence(evaluation(values)) == ""


def test_paragraphs_join_the_sentences():
    values = all_at(3, i12=2)
    ev = evaluation(values)
    assert strengths_sentence(ev) == " ".join(strengths(FW, ev.final, values))
    assert priorities_sentence(ev) == " ".join(priorities(FW, ev.final, values, ev.recommendations))
    assert priorities_sentence(ev).count(". ") >= 2
