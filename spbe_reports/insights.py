"""Strengths and priorities of one result, as short sentences in Bahasa Indonesia.

The sentences are built from the figures (aspect and domain indices, indicator levels,
recommendations), name what they talk about and show numbers as the report does ("3,25").
A sentence appears only when the data says something: no aspect ranking when all aspects
are equal, no list of indicators below 3 when there are none. Strengths are named only when
they are ones: an aspect or domain below the band of a level-3 index is never praised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from spbe_reports.formatting import format_gain, format_goal, format_index, join_list, level_label, short_name
from spbe_reports.framework import Framework, Rating
from spbe_reports.recommend import REPAIR_BELOW, Recommendation
from spbe_reports.scoring import Scores, rounded

if TYPE_CHECKING:  # evaluation imports recommend and compare; only its type is needed here
    from spbe_reports.evaluation import Evaluation

HIGH_LEVEL = 4  # levels from here on are named as strengths
LISTED = 4  # up to this many indicators are named in full; beyond, only their numbers
NUMBERS_LISTED = 8  # up to this many numbers in one list; beyond, "dan N indikator lainnya" (N >= 2)


def strengths(framework: Framework, scores: Scores, values: Mapping[int, int]) -> list[str]:
    """Sentences on what the agency does well: strongest aspects and domain, indicators at level 4 or more.

    An aspect or a domain is named as a strength only when its displayed index reaches the
    predikat band a level-3 value falls into (:func:`strength_band`, "Baik" in 59/2020). When no
    aspect does, the first sentence says so plainly and names the highest aspect without praise.
    """
    sentences = [
        _strongest_aspects(framework, scores),
        _strongest_domain(framework, scores),
        *_high_indicators(framework, values),
    ]
    return [s for s in sentences if s]


def priorities(
    framework: Framework, scores: Scores, values: Mapping[int, int], recs: Sequence[Recommendation]
) -> list[str]:
    """Sentences on what to do first: weakest aspects, indicators below 3 by aspect, largest gains."""
    sentences = [
        _weakest_aspects(framework, scores),
        _below_three(framework, values),
        _largest_gain(framework, recs),
        _all_met(framework, scores, recs),
    ]
    return [s for s in sentences if s]


def weaknesses(framework: Framework, scores: Scores, values: Mapping[int, int]) -> list[str]:
    """What the result says needs repair: the weakest aspects and the indicators below level 3.

    The part of :func:`priorities` that describes the result (the report's summary); the
    steps and gains belong to its recommendations chapter.
    """
    sentences = [_weakest_aspects(framework, scores), _below_three(framework, values)]
    return [s for s in sentences if s]


def strength_band(framework: Framework) -> Rating:
    """The predikat band that an index of 3 (every indicator at level 3) falls into: "Baik" in 59/2020.

    It is the threshold of a strength: the guidance asks for level 3 before anything else.
    """
    level = Decimal(REPAIR_BELOW)
    return next((band for band in framework.ratings if level >= band.minimum), framework.ratings[-1])


def _strongest_aspects(framework: Framework, scores: Scores) -> str:
    if len(scores.aspects) < 2:
        return ""
    shown = {number: rounded(value) for number, value in scores.aspects.items()}
    band = strength_band(framework)
    top = max(shown.values())
    whole = len(shown) == len(framework.aspects)
    if len(set(shown.values())) == 1:
        every = "seluruh aspek" if whole else f"{len(shown)} aspek yang nilainya sudah lengkap"
        evenly = f"capaian {every} merata, masing-masing dengan indeks {format_index(top)}"
        if top >= band.minimum:
            return evenly[0].upper() + evenly[1:] + "."
        return f"Belum ada aspek yang mencapai predikat {band.name}; {evenly}."
    chosen = _at(framework, shown, top)
    names = _names(framework.aspect(n).name for n in chosen)
    if top < band.minimum:
        among = "" if whole else " yang nilainya sudah lengkap"
        value = format_index(top) if len(chosen) == 1 else f"masing-masing {format_index(top)}"
        return (
            f"Belum ada aspek{among} yang mencapai predikat {band.name}; aspek dengan capaian tertinggi "
            f"adalah {names} ({value})."
        )
    among = "" if whole else " di antara aspek yang nilainya sudah lengkap"
    if len(chosen) > 1:
        return f"Aspek terkuat{among} adalah {names}, masing-masing dengan indeks {format_index(top)}."
    sentence = f"Aspek terkuat{among} adalah {names} dengan indeks {format_index(top)}"
    value, number = max((v, -n) for n, v in shown.items() if v != top)
    if len(shown) >= 4 and value >= band.minimum:  # with few aspects the runner-up is simply the other end
        sentence += f", disusul {framework.aspect(-number).name} ({format_index(value)})"
    return sentence + "."


def _weakest_aspects(framework: Framework, scores: Scores) -> str:
    if len(scores.aspects) < 2:
        return ""
    shown = {number: rounded(value) for number, value in scores.aspects.items()}
    if len(set(shown.values())) == 1:
        return ""
    low = min(shown.values())
    chosen = _at(framework, shown, low)
    names = _names(framework.aspect(n).name for n in chosen)
    among = "" if len(shown) == len(framework.aspects) else " di antara aspek yang nilainya sudah lengkap"
    if len(chosen) > 1:
        return f"Aspek terlemah{among} adalah {names}, masing-masing dengan indeks {format_index(low)}."
    sentence = f"Aspek terlemah{among} adalah {names} dengan indeks {format_index(low)}"
    if len(shown) >= 4:  # with few aspects the runner-up is simply the other end
        value, number = min((v, n) for n, v in shown.items() if v != low)
        sentence += f", disusul {framework.aspect(number).name} ({format_index(value)})"
    return sentence + "."


def _names(names) -> str:
    """Names as a list; "serta" before the last when a name has its own "dan" ("Teknologi Informasi dan Komunikasi")."""
    names = list(names)
    return join_list(names, "serta" if any(" dan " in name for name in names) else "dan")


def _at(framework: Framework, shown: Mapping[int, Decimal], value: Decimal) -> list[int]:
    """The aspects whose displayed index is ``value``, in the framework's order."""
    return [a.number for a in framework.aspects if shown.get(a.number) == value]


def _strongest_domain(framework: Framework, scores: Scores) -> str:
    if len(scores.domains) < 2:
        return ""
    shown = {number: rounded(value) for number, value in scores.domains.items()}
    top = max(shown.values())
    if len(set(shown.values())) == 1 or top < strength_band(framework).minimum:
        return ""
    chosen = [d.number for d in framework.domains if shown.get(d.number) == top]
    names = _names(f"Domain {framework.domain(n).name}" for n in chosen)
    verb = "mencapai" if len(chosen) == 1 else "sama-sama mencapai"
    among = "" if len(shown) == len(framework.domains) else " di antara domain yang nilainya sudah lengkap"
    return f"{names} {verb} indeks domain tertinggi{among}, {format_index(top)} (predikat {framework.rating(top)})."


def _high_indicators(framework: Framework, values: Mapping[int, int]) -> list[str]:
    known = {i.number: values[i.number] for i in framework.indicators if values.get(i.number) is not None}
    high = sorted(((level, n) for n, level in known.items() if level >= HIGH_LEVEL), key=lambda x: (-x[0], x[1]))
    solid = sum(1 for level in known.values() if level >= REPAIR_BELOW)
    total = len(framework.indicators)
    sentences = []
    if not high:
        if solid:
            sentences.append(
                f"Belum ada indikator yang mencapai tingkat {HIGH_LEVEL}, tetapi {_count_of(solid, total)} "
                f"sudah berada pada tingkat {REPAIR_BELOW}."
            )
        return sentences
    if len(high) == total:
        reached = sorted({level for level, _ in high}, reverse=True)
        if reached == [framework.max_level]:
            return [f"Seluruh {total} indikator sudah mencapai tingkat {framework.max_level}, tingkat tertinggi."]
        if len(reached) == 1:
            return [f"Seluruh {total} indikator sudah mencapai tingkat {reached[0]}."]
        counts = join_list(
            f"{sum(1 for lv, _ in high if lv == level)} indikator pada tingkat {level}" for level in reached
        )
        return [f"Seluruh {total} indikator sudah mencapai tingkat {HIGH_LEVEL} atau lebih: {counts}."]
    if len(high) == 1:
        level, number = high[0]
        sentences.append(
            f"Indikator {number} ({short_name(framework.indicator(number))}) sudah mencapai tingkat "
            f"{level_label(framework.indicator(number), level)}."
        )
    elif len(high) <= LISTED:
        items = (
            f"{short_name(framework.indicator(n))} (indikator {n}, tingkat {level_label(framework.indicator(n), lv)})"
            for lv, n in high
        )
        sentences.append(
            f"Sebanyak {len(high)} indikator sudah mencapai tingkat {HIGH_LEVEL} atau lebih: {join_list(items)}."
        )
    else:
        groups = [
            f"indikator {_numbers([n for lv, n in high if lv == level])} pada tingkat {level}"
            for level in sorted({lv for lv, _ in high}, reverse=True)
        ]
        joined = groups[0] if len(groups) == 1 else f"{', '.join(groups[:-1])}, serta {groups[-1]}"
        sentences.append(f"Sebanyak {len(high)} indikator sudah mencapai tingkat {HIGH_LEVEL} atau lebih: {joined}.")
    if solid > len(high):
        count = _count_of(solid, total, capital=True)
        sentences.append(f"{count} sudah berada pada tingkat {REPAIR_BELOW} atau lebih.")
    return sentences


def _below_three(framework: Framework, values: Mapping[int, int]) -> str:
    low = [i for i in framework.indicators if values.get(i.number) is not None and values[i.number] < REPAIR_BELOW]
    total = len(framework.indicators)
    if not low:
        if any(values.get(i.number) is None for i in framework.indicators):
            return ""
        if all(values[i.number] >= framework.max_level for i in framework.indicators):
            return (
                f"Seluruh indikator sudah berada pada tingkat tertinggi ({framework.max_level}); "
                "prioritasnya mempertahankan capaian."
            )
        return (
            f"Tidak ada indikator di bawah tingkat {REPAIR_BELOW}; prioritasnya mempertahankan capaian "
            f"dan menaikkan indikator ke tingkat berikutnya."
        )
    head = f"masih di bawah tingkat {REPAIR_BELOW} dan perlu diperbaiki lebih dulu"
    if len(low) == total:
        return f"Seluruh {total} indikator {head}."
    if len(low) > NUMBERS_LISTED:  # a list of numbers this long is not read: counts per aspect instead
        counts = []
        for aspect in framework.aspects:
            count = sum(1 for i in low if i.aspect == aspect.number)
            if count:
                counts.append(f"{count} pada aspek {aspect.name}")
        return f"Sebanyak {len(low)} indikator {head}: {join_list(counts)}."
    groups = []
    for aspect in framework.aspects:
        numbers = [i.number for i in low if i.aspect == aspect.number]
        if numbers:
            groups.append(f"indikator {_numbers(numbers, limit=None)} pada aspek {aspect.name}")
    subject = "Satu indikator" if len(low) == 1 else f"Sebanyak {len(low)} indikator"
    return f"{subject} {head}: {'; '.join(groups)}."


def _largest_gain(framework: Framework, recs: Sequence[Recommendation]) -> str:
    if not recs:
        return ""
    ranked = sorted(recs, key=lambda r: r.priority)
    best = max(r.steps[0].gain for r in recs)
    chosen = [r for r in ranked if r.steps[0].gain == best]
    numbers = sorted(r.indicator for r in chosen)  # the sentence is about the gain: numbers read best in order
    # The priority order puts lower levels first: say so when these indicators do not lead it.
    later = min(r.current for r in chosen) > ranked[0].current
    note = ", tetapi urutan prioritas tetap mendahulukan indikator yang tingkatnya lebih rendah" if later else ""
    if len(numbers) == 1:
        return (
            f"Dampak terbesar per langkah ada pada indikator {numbers[0]}: kenaikan satu tingkat menambah "
            f"{framework.index_name} {format_gain(best)}{note}."
        )
    return (
        f"Dampak terbesar per langkah ada pada indikator {_numbers(numbers)}: kenaikan satu tingkat pada "
        f"masing-masing indikator itu menambah {framework.index_name} {format_gain(best)}{note}."
    )


def _all_met(framework: Framework, scores: Scores, recs: Sequence[Recommendation]) -> str:
    if scores.index is None or not recs:
        return ""
    after = scores.index + sum((r.gain for r in recs), Fraction(0))
    before_shown, after_shown = rounded(scores.index), rounded(after)
    steps = sum(len(r.steps) for r in recs)
    which = "satu-satunya langkah rekomendasi" if steps == 1 else f"seluruh {steps} langkah rekomendasi"
    return (
        f"Bila {which} dipenuhi, {framework.index_name} naik dari "
        f"{format_index(before_shown)} menjadi {format_index(after_shown)} (predikat {framework.rating(after_shown)})."
    )


def _numbers(numbers: Sequence[int], *, limit: int | None = NUMBERS_LISTED, conjunction: str = "dan") -> str:
    if limit is not None and len(numbers) > limit + 1:  # "dan 1 indikator lainnya" would save nothing
        return f"{', '.join(map(str, numbers[:limit]))}, {conjunction} {len(numbers) - limit} indikator lainnya"
    return join_list(numbers, conjunction)


def _count_of(part: int, total: int, *, capital: bool = False) -> str:
    text = f"seluruh {total} indikator" if part == total else f"sebanyak {part} dari {total} indikator"
    return text[0].upper() + text[1:] if capital else text


# --- one paragraph each, from a whole evaluation (what the report shows) ------------------------


def strengths_sentence(evaluation: Evaluation) -> str:
    """:func:`strengths` of an evaluation's final values, as one paragraph."""
    final = evaluation.final
    return " ".join(strengths(evaluation.framework, final, final.indicators))


def priorities_sentence(evaluation: Evaluation) -> str:
    """:func:`priorities` of an evaluation's final values and recommendations, as one paragraph."""
    final = evaluation.final
    return " ".join(priorities(evaluation.framework, final, final.indicators, evaluation.recommendations))


def road_sentence(evaluation: Evaluation) -> str:
    """The road to the next predikat in one sentence, or why there is none ('' without an index)."""
    framework, final, road = evaluation.framework, evaluation.final, evaluation.road
    if final.index is None:
        return ""
    shown = rounded(final.index)
    if road is None:
        if framework.next_rating(shown) is None:
            return (
                f"{framework.index_name} {format_index(shown)} sudah berada pada predikat tertinggi, "
                f"{framework.rating(shown)}; prioritasnya mempertahankan capaian ini."
            )
        return ""
    if any(band.minimum == road.to_index and band.name == road.to_rating for band in framework.ratings):
        goal = f"predikat {road.to_rating} (indeks sekurang-kurangnya {format_index(road.to_index)})"
    else:
        goal = f"indeks {format_goal(road.to_index)} (predikat {road.to_rating})"
    after = f"{framework.index_name} menjadi {format_index(road.index_after)}"
    if len(road.steps) == 1:
        step = road.steps[0]
        return (
            f"Untuk mencapai {goal}, cukup satu langkah: menaikkan indikator {step.indicator} dari tingkat "
            f"{step.from_level} ke tingkat {step.to_level}, sehingga {after}."
        )
    numbers = list(dict.fromkeys(step.indicator for step in road.steps))
    where = f"indikator {numbers[0]}" if len(numbers) == 1 else f"{len(numbers)} indikator ({_numbers(numbers)})"
    return (
        f"Untuk mencapai {goal}, dibutuhkan sekurang-kurangnya {len(road.steps)} langkah kenaikan satu tingkat "
        f"pada {where}, sehingga {after}."
    )
