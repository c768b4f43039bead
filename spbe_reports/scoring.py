"""Indices exactly as the method computes them.

Aspect index = sum(level x indicator weight) / aspect weight; domain index = sum(aspect
index x aspect weight) / domain weight; overall index = sum(level x indicator weight) / 100.
Arithmetic is exact (fractions of exact decimal weights); values are rounded half up to
two decimals only for display, and a predikat is read from the displayed value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from spbe_reports.framework import Framework

PLACES = 2


def exact(value: Decimal | int) -> Fraction:
    return Fraction(value)


def rounded(value: Fraction | Decimal | int, places: int = PLACES) -> Decimal:
    """Round an exact value half up (away from zero on a tie) to ``places`` decimals, as published."""
    value = Fraction(value)
    scaled = abs(value) * 10**places
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)  # floor(x + 1/2)
    result = Decimal(whole).scaleb(-places)
    return (-result if value < 0 else result).quantize(Decimal(1).scaleb(-places))


def _terminates(value: Fraction) -> bool:
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def as_decimal_string(value: Fraction, digits: int = 12) -> str:
    """The unrounded value as a decimal string: exact when it terminates, else to ``digits`` places."""
    if _terminates(value):
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    else:
        text = format(rounded(value, digits), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def weighted(framework: Framework, values: Mapping[int, int], numbers) -> Fraction | None:
    """Sum of level x weight over ``numbers`` divided by their weight; None if any is missing."""
    numbers = list(numbers)
    if not numbers or any(values.get(n) is None for n in numbers):
        return None
    total = sum(exact(framework.indicator(n).weight) * values[n] for n in numbers)
    weight = sum(exact(framework.indicator(n).weight) for n in numbers)
    return Fraction(total) / weight


@dataclass(frozen=True)
class Scores:
    """The exact indices of one set of indicator values.

    Aspects and domains appear only when all their indicators have a value; ``index`` is
    None unless every indicator has one (a draft shows what can honestly be computed).
    """

    framework: Framework
    indicators: Mapping[int, int]
    aspects: Mapping[int, Fraction]
    domains: Mapping[int, Fraction]
    index: Fraction | None

    @property
    def complete(self) -> bool:
        return self.index is not None

    @property
    def index_display(self) -> Decimal | None:
        return None if self.index is None else rounded(self.index)

    @property
    def rating(self) -> str | None:
        return None if self.index is None else self.framework.rating(rounded(self.index))

    def aspect_display(self, number: int) -> Decimal | None:
        return rounded(self.aspects[number]) if number in self.aspects else None

    def domain_display(self, number: int) -> Decimal | None:
        return rounded(self.domains[number]) if number in self.domains else None

    def rating_of(self, value: Fraction) -> str:
        return self.framework.rating(rounded(value))


def score(framework: Framework, values: Mapping[int, int]) -> Scores:
    """Compute every index that the given indicator values allow.

    ``values`` maps indicator number to level; numbers not in the framework are ignored,
    and levels are taken as they are (validation happens at the edges).
    """
    known = {n: v for n, v in values.items() if v is not None and n in {i.number for i in framework.indicators}}
    aspects = {}
    for aspect in framework.aspects:
        value = weighted(framework, known, (i.number for i in framework.aspect_indicators(aspect.number)))
        if value is not None:
            aspects[aspect.number] = value
    domains = {}
    for domain in framework.domains:
        members = framework.domain_aspects(domain.number)
        if members and all(a.number in aspects for a in members):
            domains[domain.number] = sum(aspects[a.number] * exact(a.weight) for a in members) / exact(domain.weight)
    index = weighted(framework, known, (i.number for i in framework.indicators))
    return Scores(framework, known, aspects, domains, index)


def contribution(framework: Framework, number: int, level: int) -> Fraction:
    """What one indicator adds to the overall index: level x weight / 100."""
    return exact(framework.indicator(number).weight) * level / 100


def gain(framework: Framework, number: int) -> Fraction:
    """The rise of the overall index when one indicator goes up one level."""
    return exact(framework.indicator(number).weight) / 100
