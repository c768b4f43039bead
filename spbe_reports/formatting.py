"""Numbers and labels as an Indonesian reader expects them: "2,59", "+0,21", "3 - Terdefinisi".

Every figure goes through :func:`spbe_reports.scoring.rounded` (half up), so a value shown
here is the same value that hasil.json and the predikat use.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from spbe_reports.framework import Indicator
from spbe_reports.scoring import PLACES, rounded

Number = Fraction | Decimal | int

# Characters XML 1.0 forbids (tab, newline and carriage return are allowed), plus lone surrogates.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` with line ends as "\\n" and without the characters XML forbids (they would corrupt a docx)."""
    return _XML_FORBIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# Indicator weights have at most 2 decimals, so a gain (weight/100) and a contribution
# (level x weight/100) have at most 4: shown with exactly 4, every figure of a column lines up.
GAIN_PLACES = 4


def format_id(value: Number, places: int = PLACES) -> str:
    """``value`` rounded half up to ``places`` decimals with a decimal comma: 2.594 -> "2,59".

    No thousands separator: the values shown are indices and gains, all well below 1000.
    """
    shown = rounded(value, places)
    if shown == 0:
        shown = abs(shown)  # no "-0,00" for a tiny negative value
    return format(shown, "f").replace(".", ",")


def format_index(value: Number) -> str:
    """An index as published: two decimals, half up ("2,59")."""
    return format_id(value, PLACES)


def format_change(value: Number, places: int = PLACES) -> str:
    """A signed difference: "+0,21", "-0,05", or "0,00" when nothing changed."""
    text = format_id(value, places)
    return "+" + text if rounded(value, places) > 0 else text


def format_gain(value: Number) -> str:
    """A gain or a contribution to the index, always with 4 decimals: "0,0390", "0,0825", "0,0250".

    One fixed number of places for every such figure, so gains side by side in a table or a
    sentence are read alike. A figure with more decimals (not from a 59/2020 weight) is
    rounded half up: 1/3 -> "0,3333".
    """
    return format_id(value, GAIN_PLACES)


def goal_places(value: Decimal) -> int:
    """Decimals to show a goal index with: 2, or more when it was given more precisely (3,455)."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    return max(PLACES, -exponent) if isinstance(exponent, int) else PLACES


def format_goal(value: Number) -> str:
    """A goal index: "2,60"; a requested index given more precisely keeps its decimals ("3,455")."""
    return format_id(value, goal_places(Decimal(value)))


def level_label(indicator: Indicator, level: int) -> str:
    """The level with its name on the indicator's scale, as in the workbook's dropdowns: "3 - Terdefinisi"."""
    try:
        name = indicator.scale.level_name(level)
    except StopIteration:
        return str(level)
    return f"{level} - {name}" if name else str(level)


def join_list(items, conjunction: str = "dan") -> str:
    """Items as an Indonesian list: "A", "A dan B", "A, B, dan C"."""
    items = [str(item) for item in items]
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return f"{', '.join(items[:-1])}, {conjunction} {items[-1]}"


def short_name(indicator: Indicator) -> str:
    """The indicator's name without the leading "Tingkat Kematangan" that every 59/2020 name carries."""
    prefix = "tingkat kematangan "
    name = indicator.name
    return name[len(prefix) :] if name.casefold().startswith(prefix) and len(name) > len(prefix) else name
