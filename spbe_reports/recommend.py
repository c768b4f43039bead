"""Recommendations: what to do, indicator by indicator, and the shortest road to the next predikat.

A recommendation restates the requirement of the next level as advice, as official
recommendations do, with the framework's criteria and evidence for that level. The order
follows KemenPANRB's guidance (repair what is below level 3 first, then keep and raise what
is at 3 or more) and refines it: the lower an indicator's level, the sooner it comes, so a
4 -> 5 step never comes before a 3 -> 4 step; among equal levels the steps that raise the
index most come first.

Everything here is exact (fractions of the framework's decimal weights); nothing is rounded
except the index as the report displays it, which decides whether a predikat is reached.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from spbe_reports.framework import Framework, Indicator
from spbe_reports.scoring import gain, rounded, score

NEXT = "next"
REPAIR_BELOW = 3  # the official guidance: repair indicators below level 3, keep and raise the others


@dataclass(frozen=True)
class Step:
    """One level up on one indicator."""

    indicator: int
    from_level: int
    to_level: int
    gain: Fraction  # rise of the exact overall index = indicator weight / 100
    criteria: str  # the framework's criteria of to_level
    evidence: tuple[str, ...]  # the framework's evidence list of to_level
    advice: str  # the framework's advice of to_level, with service names filled in

    @property
    def repair(self) -> bool:
        """True when the step lifts a level below 3 (the guidance's "repair")."""
        return self.from_level < REPAIR_BELOW

    @property
    def advice_restates_criteria(self) -> bool:
        """True when the advice only restates the criteria, so a report may leave it out.

        The rule: every word of the advice after its first (the imperative verb, "Lengkapi",
        "Perluas"), leaving out Indonesian function words ("dan", "agar", "hingga" ...), also
        occurs in the criteria. "Lengkapi manajemen layanan agar mencakup pelayanan pengguna"
        restates "Manajemen layanan telah mencakup pelayanan pengguna". The rule is strict on
        purpose: an advice that adds a single word of substance (an action such as "reviu", a
        means such as "API") is kept. In PermenPANRB 59/2020 it holds for 5 of the 188 steps.
        """
        advice = _content_words(self.advice)[1:]
        return bool(advice) and set(advice) <= set(_content_words(self.criteria))


@dataclass(frozen=True)
class Recommendation:
    """All steps of one indicator from its value to its target."""

    indicator: int
    current: int
    target: int
    priority: int  # 1 = do first
    steps: tuple[Step, ...]

    @property
    def gain(self) -> Fraction:
        return sum((step.gain for step in self.steps), Fraction(0))


@dataclass(frozen=True)
class Road:
    """The smallest set of one-level steps that lifts the displayed index to ``to_index``."""

    to_rating: str
    to_index: Decimal  # the lower bound reached for (the band minimum, or the requested index)
    steps: tuple[Step, ...]
    index_after: Fraction  # exact index after all steps

    @property
    def gain(self) -> Fraction:
        return sum((step.gain for step in self.steps), Fraction(0))


@dataclass(frozen=True)
class EvidenceGroup:
    """Steps that ask for the very same evidence list, so a report can print that list once."""

    evidence: tuple[str, ...]  # the shared evidence list (framework text); () for steps without evidence
    steps: tuple[Step, ...]  # every step whose evidence is exactly this list, in priority order


def parse_target(text: str) -> int | str:
    """Read a default target level: "next" (one level up) or a level number such as "4".

    Raises ValueError, with a message in Indonesian, for anything else.
    """
    cleaned = str(text).strip().casefold()
    if cleaned in {NEXT, "berikutnya"}:
        return NEXT
    try:
        level = int(cleaned)
    except ValueError:
        raise ValueError(
            f"Target '{text}' tidak dikenali: tulis 'next' (naik satu tingkat dari nilai sekarang) "
            "atau nomor tingkat, misalnya 4."
        ) from None
    if level < 1:
        raise ValueError(f"Target '{text}' tidak sah: nomor tingkat harus bilangan bulat positif, misalnya 4.")
    return level


def recommendations(
    framework: Framework,
    values: Mapping[int, int],
    *,
    targets: Mapping[int, int] | None = None,
    default_target: int | str = NEXT,
    services: Sequence[str] = (),
) -> tuple[Recommendation, ...]:
    """The recommendations for every indicator below its target, in priority order.

    The target of an indicator is ``targets[n]`` when given (the workbook's Target column),
    else ``default_target``: "next" is one level up, a number is that level; both are capped at
    the framework's highest level. An indicator without a value, or already at or above its
    target, gets no recommendation. ``services`` are the agency's names of its sectoral public
    services, worked into the advice of the indicators that assess them.

    Priority: the lowest current level first (every indicator at 1, then at 2, 3 and 4), so
    what is below level 3 is repaired first and a 4 -> 5 step never comes before a 3 -> 4
    step; among equal levels the largest gain of one step first; then the lowest indicator
    number. Raises ValueError for a ``default_target`` that is neither
    "next" nor a level number.
    """
    _check_target(default_target)
    targets = targets or {}
    found = []
    for indicator in framework.indicators:
        current = values.get(indicator.number)
        if current is None:
            continue
        wanted = targets.get(indicator.number)
        target = _resolve_target(framework, current, default_target if wanted is None else wanted)
        if target <= current:
            continue
        steps = tuple(_step(framework, indicator, level, services) for level in range(current, target))
        found.append((indicator.number, current, target, steps))
    found.sort(key=lambda item: _priority_key(item[1], item[3][0].gain, item[0]))
    return tuple(
        Recommendation(indicator=number, current=current, target=target, priority=rank, steps=steps)
        for rank, (number, current, target, steps) in enumerate(found, start=1)
    )


def road(
    framework: Framework,
    values: Mapping[int, int],
    *,
    to_index: Decimal | None = None,
    services: Sequence[str] = (),
) -> Road | None:
    """The fewest one-level steps that lift the displayed index to the next predikat (or ``to_index``).

    The goal is ``to_index`` when it is given and above the displayed index, else the minimum of
    the band above the displayed index. It is reached when the index after the steps, rounded
    half up to 2 decimals as the report shows it, is at least the goal. Returns None when there
    is no goal above (already in the top band), when not every indicator has a value (no index),
    or when even every indicator at the highest level would not reach the goal.

    Why taking the largest gains gives the fewest steps: a step on indicator i raises the
    exact index by w_i/100 whatever its level, and indicator i offers (max - current_i) steps.
    So k steps raise the index by at most the sum S_k of the k largest available gains, and
    that sum is attained (take those k steps; the steps of one indicator are interchangeable,
    so taking the largest gains never needs a step on a level not yet reached). Rounding half
    up is non-decreasing, so if the index + S_k does not reach the goal no k-step set does,
    and the smallest k whose S_k reaches the goal is the minimum.

    Tie-break. Every step belongs to the pool of its starting level: one "repair" pool for the
    levels below 3 (the official guidance), then one pool for each level from 3 up. Among the
    sets of the minimal size k (a), the road prefers, in order:
    (b) the most steps from the repair pool, then the most from level 3, then from level 4,
        and so on (the counts per pool compared lexicographically, lowest pool first);
    (c) then the highest total gain (the largest rise for the same number of steps);
    (d) then the lowest indicator numbers (the sorted list of the steps' indicator numbers,
        compared element by element).
    Computed exactly, without trying sets: with c_p steps from pool p the largest possible gain
    is the sum of the c_p largest gains of each pool, and with r steps left over pools p.. the
    largest gain is the sum of the r largest gains of those pools together. That bound is
    attained, so choosing the counts pool by pool, lowest pool first, each as large as the
    bound still allows (the remaining pools taking the remaining steps), gives the
    lexicographically largest counts (b) with no backtracking: at most k + 1 candidate counts
    per pool, each checked in O(1) from prefix sums. Then (c) forces the c_p largest gains of
    each pool, and the only freedom left is which of equal gains to take; taking the lowest
    indicator numbers in each pool makes each pool's list element-wise smallest, hence their
    union too (d).
    The choice respects the order of levels (exchange argument). If it took the step from
    level m of indicator i but left out a lower step of i, take the lowest left-out step of i
    instead: the gain is the same (w_i/100), the set is still valid, and one step moves to a
    pool at or below m's. Moving to a lower pool raises the count of that pool at equal gain,
    contradicting (b); within one pool (levels 1 and 2 are both repair) each pool's steps of
    one indicator are taken lowest level first. For the same reason the road never takes a
    step from a level m >= 3 while a step from a lower level with an equal or larger gain is
    left out (so never a 4 -> 5 step while a 3 -> 4 step of equal or larger gain is left out):
    swapping it in for the lowest left-out step of its indicator keeps the goal and raises a
    lower pool's count.

    The steps are listed in the priority order of :func:`recommendations` (lowest current
    level first, then by gain, then by number), the steps of one indicator together, level by
    level.
    """
    scores = score(framework, values)
    if scores.index is None:
        return None
    goal = _road_goal(framework, rounded(scores.index), to_index)
    if goal is None:
        return None
    start = scores.index

    def reaches(total: Fraction) -> bool:
        return rounded(start + total) >= goal

    pools: dict[int, list[tuple[Fraction, int, int]]] = {}
    for indicator in framework.indicators:
        current = values[indicator.number]
        for level in range(current, framework.max_level):
            pools.setdefault(_pool(level), []).append((gain(framework, indicator.number), indicator.number, level))
    ordered = [pools[key] for key in sorted(pools)]
    for units in ordered:
        # Largest gain first; among equal gains the lowest indicator, then the lowest level.
        units.sort(key=lambda u: (-u[0], u[1], u[2]))
    size = _fewest_steps([u[0] for units in ordered for u in units], reaches)
    if size is None:
        return None
    counts = _pool_counts(ordered, size, reaches)
    chosen = [unit for units, count in zip(ordered, counts) for unit in units[:count]]
    chosen.sort(key=lambda u: (_priority_key(values[u[1]], u[0], u[1]), u[2]))
    steps = tuple(_step(framework, framework.indicator(number), level, services) for _, number, level in chosen)
    return Road(
        to_rating=framework.rating(goal),
        to_index=goal,
        steps=steps,
        index_after=start + sum((s.gain for s in steps), Fraction(0)),
    )


def group_by_evidence(recommendations: Sequence[Recommendation]) -> tuple[EvidenceGroup, ...]:
    """The steps of ``recommendations`` grouped by their evidence list, so each list is printed once.

    A group holds every step whose evidence is exactly that list (same items, same order), in
    priority order (the recommendations' order, then level by level); groups come in the order
    of their first step. Steps without evidence form one group with ``evidence == ()``.
    """
    groups: dict[tuple[str, ...], list[Step]] = {}
    for rec in sorted(recommendations, key=lambda r: r.priority):
        for step in rec.steps:
            groups.setdefault(tuple(step.evidence), []).append(step)
    return tuple(EvidenceGroup(evidence=evidence, steps=tuple(steps)) for evidence, steps in groups.items())


def with_service_name(text: str, name: str) -> str:
    """Work the agency's name of a sectoral service into a framework text.

    "Kembangkan layanan publik sektoral menjadi ..." becomes "Kembangkan layanan publik
    sektoral (Perizinan Berusaha) menjadi ..." (the first mention only). A text that does not
    use that phrase is prefixed instead: "Layanan Perizinan Berusaha: ...". A blank name
    leaves the text as it is.
    """
    name = " ".join(str(name or "").split())
    if not name or f"({name})" in text:
        return text
    match = _SECTORAL.search(text)
    if match:
        return f"{text[: match.end()]} ({name}){text[match.end() :]}"
    label = name if name.casefold().startswith("layanan") else f"Layanan {name}"
    return f"{label}: {text}"


_SECTORAL = re.compile(r"\blayanan publik sektoral\b", re.IGNORECASE)


def _step(framework: Framework, indicator: Indicator, from_level: int, services: Sequence[str]) -> Step:
    level = indicator.level(from_level + 1)
    name = _service_name(indicator, services)
    return Step(
        indicator=indicator.number,
        from_level=from_level,
        to_level=from_level + 1,
        gain=gain(framework, indicator.number),
        criteria=with_service_name(level.criteria, name),
        evidence=level.evidence,
        advice=with_service_name(level.advice, name),
    )


def _service_name(indicator: Indicator, services: Sequence[str]) -> str:
    number = indicator.sectoral_service
    if number is None or not 0 < number <= len(services):
        return ""
    return services[number - 1] or ""


def _priority_key(current: int, step_gain: Fraction, number: int) -> tuple:
    return (current, -step_gain, number)


def _pool(level: int) -> int:
    """The road's pool of a step from ``level``: 0 for every repair level (below 3), then 1, 2, ... for 3, 4, ..."""
    return max(0, level - REPAIR_BELOW + 1)


# Indonesian function words left out when comparing an advice with its criteria.
_FUNCTION_WORDS = frozenset(
    "agar atau bagi dalam dan dari dengan di hingga ini itu ke lalu oleh pada sampai secara sehingga "  # noqa: SIM905
    "serta setiap sudah telah tersebut untuk yang".split()
)


def _content_words(text: str) -> list[str]:
    return [word for word in re.findall(r"\w+", text.casefold()) if word not in _FUNCTION_WORDS]


def _check_target(target: int | str) -> None:
    if isinstance(target, bool) or not (target == NEXT or isinstance(target, int)):
        raise ValueError(f"Target bawaan '{target}' tidak sah: gunakan 'next' atau nomor tingkat.")


def _resolve_target(framework: Framework, current: int, target: int | str) -> int:
    """The level an indicator at ``current`` should reach, never above the highest level."""
    level = current + 1 if target == NEXT else int(target)
    return min(level, framework.max_level)


def _road_goal(framework: Framework, displayed: Decimal, to_index: Decimal | None) -> Decimal | None:
    if to_index is not None and Decimal(to_index) > displayed:
        return Decimal(to_index)
    band = framework.next_rating(displayed)
    return None if band is None else band.minimum


def _fewest_steps(gains: list[Fraction], reaches) -> int | None:
    """The smallest k for which the k largest gains reach the goal, or None if all of them do not."""
    total = Fraction(0)
    for k, step_gain in enumerate(sorted(gains, reverse=True), start=1):
        total += step_gain
        if reaches(total):
            return k
    return None


def _prefix_sums(gains) -> list[Fraction]:
    sums = [Fraction(0)]
    for step_gain in gains:
        sums.append(sums[-1] + step_gain)
    return sums


def _pool_counts(pools: list[list[tuple[Fraction, int, int]]], size: int, reaches) -> list[int]:
    """How many steps to take from each pool: the lexicographically largest counts, lowest pool first.

    ``pools`` are sorted largest gain first and ``size`` steps of them reach the goal. For each
    pool in turn the count is the largest one for which the best completion still reaches the
    goal: this pool's largest gains plus the largest gains of all later pools together.
    """
    own = [_prefix_sums(u[0] for u in units) for units in pools]
    later = [
        _prefix_sums(sorted((u[0] for units in pools[p + 1 :] for u in units), reverse=True)) for p in range(len(pools))
    ]
    counts: list[int] = []
    taken, left = Fraction(0), size
    for p, units in enumerate(pools):
        rest = len(later[p]) - 1  # steps available in the later pools
        count = next(
            c
            for c in range(min(left, len(units)), max(0, left - rest) - 1, -1)
            if reaches(taken + own[p][c] + later[p][left - c])
        )
        counts.append(count)
        taken, left = taken + own[p][count], left - count
    return counts
