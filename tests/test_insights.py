"""The generated strengths, priorities and road sentences (spbe_reports.insights)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from types import SimpleNamespace

from spbe_reports import framework as framework_module
from spbe_reports.formatting import format_index
from spbe_reports.insights import (
    priorities,
    priorities_sentence,
    road_sentence,
    strength_band,
    strengths,
    strengths_sentence,
)
from spbe_reports.recommend import recommendations, road
from spbe_reports.scoring import score

FW = framework_module.load()


def all_at(level: int, **overrides: int) -> dict[int, int]:
    values = {ind.number: level for ind in FW.indicators}
    values.update({int(k[1:]): v for k, v in overrides.items()})
    return values


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
    values = all_at(3)
    sentences = strengths(FW, score(FW, values), values)
    assert sentences[0] == "Capaian seluruh aspek merata, masing-masing dengan indeks 3,00."
    assert not any("terkuat" in s or "Domain" in s for s in sentences)
    assert not any("terlemah" in s for s in priorities(FW, score(FW, values), values, ()))


def test_the_strength_band_is_the_band_of_a_level_three_index():
    assert (strength_band(FW).name, strength_band(FW).minimum) == ("Baik", Decimal("2.60"))
    stricter = dataclasses.replace(
        FW,
        ratings=tuple(
            dataclasses.replace(band, minimum=Decimal("3.10")) if band.name == "Baik" else band for band in FW.ratings
        ),
    )
    assert (strength_band(stricter).name, strength_band(stricter).minimum) == ("Cukup", Decimal("1.80"))
    # The same 2,50 aspect is no strength under 59/2020, but is one where level 3 falls into Cukup.
    values = all_at(2, i11=4)
    assert strengths(FW, score(FW, values), values)[0].startswith("Belum ada aspek yang mencapai predikat Baik")
    assert strengths(stricter, score(stricter, values), values)[0].startswith(
        "Aspek terkuat adalah Perencanaan Strategis SPBE dengan indeks 2,50"
    )


def test_a_weak_aspect_is_never_named_a_strength():
    # The strongest aspect is Kurang (1,75): said plainly, without "terkuat", and no domain praised.
    values = all_at(1, i11=2, i12=2, i13=4)
    sentences = strengths(FW, score(FW, values), values)
    assert sentences[0] == (
        "Belum ada aspek yang mencapai predikat Baik; aspek dengan capaian tertinggi adalah "
        "Perencanaan Strategis SPBE (2,25)."
    )
    assert not any("terkuat" in s or "Domain" in s for s in sentences)
    assert any("Indikator 13" in s for s in sentences)  # a level-4 indicator is still a strength


def test_only_the_honest_sentence_when_everything_is_at_level_one():
    values = all_at(1)
    assert strengths(FW, score(FW, values), values) == [
        "Belum ada aspek yang mencapai predikat Baik; capaian seluruh aspek merata, masing-masing dengan indeks 1,00."
    ]
    values = all_at(1, i42=2, i43=2, i44=2, i11=2, i12=2)  # two aspects tie at the top, still below Baik
    assert strengths(FW, score(FW, values), values) == [
        "Belum ada aspek yang mencapai predikat Baik; aspek dengan capaian tertinggi adalah Perencanaan "
        "Strategis SPBE dan Layanan Publik Berbasis Elektronik (masing-masing 1,50)."
    ]


def test_a_runner_up_below_the_band_is_not_named():
    values = all_at(2, **{f"i{n}": 4 for n in range(42, 48)})  # Layanan Publik 4,00; the rest 2,00
    first = strengths(FW, score(FW, values), values)[0]
    assert first == "Aspek terkuat adalah Layanan Publik Berbasis Elektronik dengan indeks 4,00."


def test_everything_at_the_top():
    values = all_at(5)
    assert strengths(FW, score(FW, values), values) == [
        "Capaian seluruh aspek merata, masing-masing dengan indeks 5,00.",
        "Seluruh 47 indikator sudah mencapai tingkat 5, tingkat tertinggi.",
    ]
    assert priorities(FW, score(FW, values), values, recommendations(FW, values)) == [
        "Seluruh indikator sudah berada pada tingkat tertinggi (5); prioritasnya mempertahankan capaian."
    ]
    values = all_at(5, **{f"i{n}": 4 for n in range(1, 8)})
    assert (
        "Seluruh 47 indikator sudah mencapai tingkat 4 atau lebih: 40 indikator pada tingkat 5 dan 7 indikator "
        "pada tingkat 4." in strengths(FW, score(FW, values), values)
    )


def test_a_draft_names_aspects_among_the_complete_ones_only():
    values = all_at(3, i44=1)
    for number in range(1, 11):  # Kebijakan Internal not filled in yet
        del values[number]
    scores = score(FW, values)
    sentences = strengths(FW, scores, values)
    assert sentences[0].startswith("Aspek terkuat di antara aspek yang nilainya sudah lengkap adalah")
    assert "di antara domain yang nilainya sudah lengkap" in sentences[1]
    assert "sebanyak 36 dari 47 indikator sudah berada pada tingkat 3" in sentences[2]
    text = " ".join(priorities(FW, scores, values, recommendations(FW, values)))
    assert "Aspek terlemah di antara aspek yang nilainya sudah lengkap adalah Layanan Publik" in text
    assert "Bila seluruh" not in text  # no index to reach without every value


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
        "masing-masing indikator itu menambah Indeks SPBE 0,0300, tetapi urutan prioritas tetap mendahulukan "
        "indikator yang tingkatnya lebih rendah."
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


def test_a_single_largest_gain_and_a_single_step():
    values = all_at(5, i12=2)
    sentences = priorities(FW, score(FW, values), values, recommendations(FW, values))
    assert "Satu indikator masih di bawah tingkat 3" in sentences[1]
    expected = "Dampak terbesar per langkah ada pada indikator 12: kenaikan satu tingkat menambah Indeks SPBE 0,0250."
    assert expected in sentences  # 12 leads the priority order: no note
    assert sentences[-1] == (
        "Bila satu-satunya langkah rekomendasi dipenuhi, Indeks SPBE naik dari 4,93 menjadi 4,95 (predikat Memuaskan)."
    )


def test_largest_gain_numbers_in_order_with_the_note_when_lower_levels_come_first():
    values = all_at(3, i44=1, i12=2)
    text = " ".join(priorities(FW, score(FW, values), values, recommendations(FW, values)))
    # 44 (at 1) leads the priority order and has the largest gain, like 42-47 at 3: no note.
    assert "indikator 42, 43, 44, 45, 46, dan 47: kenaikan satu tingkat" in text
    assert "urutan prioritas" not in text


def test_many_indicators_below_three_are_counted_per_aspect():
    values = all_at(3, **{f"i{n}": 2 for n in range(1, 31)})
    sentences = priorities(FW, score(FW, values), values, recommendations(FW, values))
    assert sentences[1] == (
        "Sebanyak 30 indikator masih di bawah tingkat 3 dan perlu diperbaiki lebih dulu: 10 pada aspek Kebijakan "
        "Internal Tata Kelola SPBE, 4 pada aspek Perencanaan Strategis SPBE, 4 pada aspek Teknologi Informasi dan "
        "Komunikasi, 2 pada aspek Penyelenggara SPBE, 8 pada aspek Penerapan Manajemen SPBE, dan 2 pada aspek "
        "Pelaksanaan Audit TIK."
    )
    values = all_at(3, **{f"i{n}": 2 for n in range(1, 9)})  # eight: still by number
    below = priorities(FW, score(FW, values), values, ())[1]
    assert below.endswith("indikator 1, 2, 3, 4, 5, 6, 7, dan 8 pada aspek Kebijakan Internal Tata Kelola SPBE.")


def test_every_indicator_below_three_is_said_in_one_phrase():
    values = all_at(2, i1=1)
    below = priorities(FW, score(FW, values), values, ())
    assert "Seluruh 47 indikator masih di bawah tingkat 3 dan perlu diperbaiki lebih dulu." in below
    assert not any("indikator 1, 2" in s for s in below)


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
    # Steps from level 3 before any from level 4: four indicators once, not 42 and 43 twice.
    assert text.endswith("pada 4 indikator (42, 43, 44, dan 45), sehingga Indeks SPBE menjadi 3,12.")


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
