"""Strengths and priorities of one result, as short sentences in Bahasa Indonesia.

The sentences are built from the figures (aspect and domain indices, indicator levels,
recommendations), name what they talk about and show numbers as the report does ("3,25").
A sentence appears only when the data says something: no aspect ranking when all aspects
are equal, no list of indicators below 3 when there are none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from spbe_reports.formatting import format_gain, format_id, format_index, join_list, level_label, short_name
from spbe_reports.framework import Framework
from spbe_reports.recommend import REPAIR_BELOW, Recommendation
from spbe_reports.scoring import Scores, rounded

if TYPE_CHECKING:  # evaluation imports recommend and compare; only its type is needed here
    from spbe_reports.evaluation import Evaluation

HIGH_LEVEL = 4  # levels from here on are named as strengths
LISTED = 4  # up to this many indicators are named in full; beyond, only their numbers
NUMBERS_LISTED = 8  # up to this many numbers in one list; beyond, "dan N indikator lainnya"


def strengths(framework: Framework, scores: Scores, values: Mapping[int, int]) -> list[str]:
    """Sentences on what the agency does well: strongest aspects and domain, indicators at level 4 or more."""
    sentences = [
        _extreme_aspects(framework, scores, strongest=True),
        _strongest_domain(framework, scores),
        *_high_indicators(framework, values),
    ]
    return [s for s in sentences if s]


def priorities(
    framework: Framework, scores: Scores, values: Mapping[int, int], recs: Sequence[Recommendation]
) -> list[str]:
    """Sentences on what to do first: weakest aspects, indicators below 3 by aspect, largest gains."""
    sentences = [
        _extreme_aspects(framework, scores, strongest=False),
        _below_three(framework, values),
        _largest_gain(framework, recs),
        _all_met(framework, scores, recs),
    ]
    return [s for s in sentences if s]


def _extreme_aspects(framework: Framework, scores: Scores, *, strongest: bool) -> str:
    if len(scores.aspects) < 2:
        return ""
    shown = {number: rounded(value) for number, value in scores.aspects.items()}
    if len(set(shown.values())) == 1:
        value = format_index(next(iter(shown.values())))
        return f"Capaian seluruh aspek merata, masing-masing dengan indeks {value}." if strongest else ""
    edge = max(shown.values()) if strongest else min(shown.values())
    chosen = [a.number for a in framework.aspects if shown.get(a.number) == edge]
    names = join_list(framework.aspect(n).name for n in chosen)
    word = "terkuat" if strongest else "terlemah"
    if len(chosen) > 1:
        return f"Aspek {word} adalah {names}, masing-masing dengan indeks {format_index(edge)}."
    sentence = f"Aspek {word} adalah {names} dengan indeks {format_index(edge)}"
    rest = sorted((v, n) for n, v in shown.items() if v != edge)
    if len(shown) >= 4:  # with few aspects the runner-up is simply the other end
        value, number = rest[-1] if strongest else rest[0]
        sentence += f", disusul {framework.aspect(number).name} ({format_index(value)})"
    return sentence + "."


def _strongest_domain(framework: Framework, scores: Scores) -> str:
    if len(scores.domains) < 2:
        return ""
    shown = {number: rounded(value) for number, value in scores.domains.items()}
    top = max(shown.values())
    if len(set(shown.values())) == 1:
        return ""
    chosen = [d.number for d in framework.domains if shown.get(d.number) == top]
    names = join_list(f"Domain {framework.domain(n).name}" for n in chosen)
    verb = "mencapai" if len(chosen) == 1 else "sama-sama mencapai"
    return f"{names} {verb} indeks domain tertinggi, {format_index(top)} (predikat {framework.rating(top)})."


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
    if not low:
        if all(values.get(i.number) is not None for i in framework.indicators):
            return (
                f"Tidak ada indikator di bawah tingkat {REPAIR_BELOW}; prioritasnya mempertahankan capaian "
                f"dan menaikkan indikator ke tingkat berikutnya."
            )
        return ""
    groups = []
    for aspect in framework.aspects:
        numbers = [i.number for i in low if i.aspect == aspect.number]
        if numbers:
            groups.append(f"indikator {_numbers(numbers, limit=None)} pada aspek {aspect.name}")
    head = "Satu indikator" if len(low) == 1 else f"Sebanyak {len(low)} indikator"
    return f"{head} masih di bawah tingkat {REPAIR_BELOW} dan perlu diperbaiki lebih dulu: {'; '.join(groups)}."


def _largest_gain(framework: Framework, recs: Sequence[Recommendation]) -> str:
    if not recs:
        return ""
    best = max(r.steps[0].gain for r in recs)
    numbers = [r.indicator for r in sorted(recs, key=lambda r: r.priority) if r.steps[0].gain == best]
    if len(numbers) == 1:
        return (
            f"Dampak terbesar per langkah ada pada indikator {numbers[0]}: kenaikan satu tingkat menambah "
            f"{framework.index_name} {format_gain(best)}."
        )
    return (
        f"Dampak terbesar per langkah ada pada indikator {_numbers(numbers)}: kenaikan satu tingkat pada "
        f"masing-masing indikator itu menambah {framework.index_name} {format_gain(best)}."
    )


def _all_met(framework: Framework, scores: Scores, recs: Sequence[Recommendation]) -> str:
    if scores.index is None or not recs:
        return ""
    after = scores.index + sum((r.gain for r in recs), Fraction(0))
    before_shown, after_shown = rounded(scores.index), rounded(after)
    steps = sum(len(r.steps) for r in recs)
    return (
        f"Bila seluruh {steps} langkah rekomendasi dipenuhi, {framework.index_name} naik dari "
        f"{format_index(before_shown)} menjadi {format_index(after_shown)} (predikat {framework.rating(after_shown)})."
    )


def _numbers(numbers: Sequence[int], *, limit: int | None = NUMBERS_LISTED, conjunction: str = "dan") -> str:
    if limit is not None and len(numbers) > limit:
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
        goal = f"indeks {format_id(road.to_index, _places(road.to_index))} (predikat {road.to_rating})"
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


def _places(value) -> int:
    """Decimals to show a requested index with: 2, or more when it was given more precisely."""
    exponent = value.normalize().as_tuple().exponent
    return max(2, -exponent) if isinstance(exponent, int) else 2
