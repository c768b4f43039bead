"""The few spreadsheet conventions the reader needs, without loading openpyxl.

Importing any part of openpyxl runs its package ``__init__``, which loads the whole library
(numpy included): most of a second, more than ``spbe validate`` on one workbook may take
(issue #10). The reader needs only these small rules, so they are written here, each giving
exactly what openpyxl 3.1 gives; tests/test_startup.py keeps openpyxl as the reference and
compares them on many inputs:

- column letters and numbers (A = 1 ... ZZZ = 18,278);
- the built-in number formats by id, and whether a format shows a date or a duration;
- Excel's serial dates in both calendars (1900, with its phantom 29 February, and 1904), and
  the ISO 8601 text of a ``t="d"`` cell.
"""

from __future__ import annotations

import datetime
import re
from math import isnan

# --- columns -----------------------------------------------------------------------------------

MAX_COLUMN = 18_278  # ZZZ, the last column whose name has three letters

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_letter_cache: dict[int, str] = {}
_index_cache: dict[str, int] = {}


def get_column_letter(index: int) -> str:
    """The letters of column ``index`` (1 -> 'A', 27 -> 'AA'); ValueError outside 1..18,278."""
    letters = _letter_cache.get(index)
    if letters is not None:
        return letters
    if not 1 <= index <= MAX_COLUMN:
        raise ValueError(f"Invalid column index {index}")
    letters, rest = "", index
    while rest:
        rest, remainder = divmod(rest - 1, 26)  # bijective base 26: no zero digit
        letters = _LETTERS[remainder] + letters
    _letter_cache[index] = letters
    return letters


def column_index_from_string(letters: str) -> int:
    """The number of column ``letters`` ('A' -> 1, 'aa' -> 27); ValueError unless A..ZZZ."""
    index = _index_cache.get(letters)
    if index is not None:
        return index
    index = 0
    if len(letters) <= 3:
        # The last three letters once upper-cased count, as in openpyxl ('ß' upper-cases to 'SS').
        for power, letter in zip((1, 26, 676), reversed(letters.upper())):
            position = _LETTERS.find(letter) + 1 if len(letter) == 1 else 0
            if not position:
                index = 0
                break
            index += position * power
    if not 0 < index <= MAX_COLUMN:
        raise ValueError(f"'{letters}' is not a valid column name. Column names are from A to ZZZ")
    _index_cache[letters] = index
    return index


# --- number formats ----------------------------------------------------------------------------

# The formats Excel knows by id without writing them in the styles part (ECMA-376, 18.8.30),
# as openpyxl names them: ids 23-36 and 50-163 are locale-dependent and have no code here.
BUILTIN_FORMATS = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}

# Quoted text and bracketed parts ([Red], [$-421]) other than elapsed hours, minutes or seconds
# show no date part, so they are removed before looking for one.
_NOT_DATE_PARTS = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")  # not escaped by \ nor the width of _x
_ELAPSED = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def builtin_format_code(format_id: int) -> str | None:
    """The code of built-in number format ``format_id``, or None when it has none here."""
    return BUILTIN_FORMATS.get(format_id)


def is_date_format(code: str | None) -> bool:
    """Whether a number shown with format ``code`` is a date or a time (its first section decides)."""
    if code is None:
        return False
    return _DATE_PART.search(_NOT_DATE_PARTS.sub("", code.split(";")[0])) is not None


def is_timedelta_format(code: str | None) -> bool:
    """Whether format ``code`` shows elapsed time ([h]:mm:ss): the number is a duration, not a date."""
    if code is None:
        return False
    return _ELAPSED.search(code.split(";")[0]) is not None


# --- serial dates ------------------------------------------------------------------------------

CALENDAR_WINDOWS_1900 = datetime.datetime(1899, 12, 30)  # day 0 once 1900's phantom 29 February is past
CALENDAR_MAC_1904 = datetime.datetime(1904, 1, 1)
_SECONDS_PER_DAY = 86_400


def from_excel(
    value: float | None, epoch: datetime.datetime = CALENDAR_WINDOWS_1900, timedelta: bool = False
) -> datetime.datetime | datetime.time | datetime.timedelta | None:
    """The date, time or duration a serial number stands for, to the millisecond.

    A serial under 1 is a time of day. In the 1900 calendar, serials under 60 are shifted by
    a day, because Excel counts a 29 February 1900 that never was. Raises OverflowError or
    ValueError for a serial outside Python's calendar.
    """
    if value is None:
        return None
    if timedelta:
        duration = datetime.timedelta(days=value)
        if duration.microseconds:
            duration = datetime.timedelta(
                seconds=duration.total_seconds() // 1, microseconds=round(duration.microseconds, -3)
            )
        return duration
    day, fraction = divmod(value, 1)
    time_of_day = datetime.timedelta(milliseconds=round(fraction * _SECONDS_PER_DAY * 1000))
    if 0 <= value < 1 and time_of_day.days == 0:
        minutes, seconds = divmod(time_of_day.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return datetime.time(hours, minutes, seconds, time_of_day.microseconds)
    if 0 < value < 60 and epoch == CALENDAR_WINDOWS_1900:
        day += 1
    return epoch + datetime.timedelta(days=day) + time_of_day


def _time_to_days(value: datetime.time | datetime.datetime) -> float:
    return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 10**6) / _SECONDS_PER_DAY


def to_excel(
    value: datetime.date | datetime.time | datetime.timedelta, epoch: datetime.datetime = CALENDAR_WINDOWS_1900
) -> float | int | None:
    """The serial number Excel stores for a date, datetime, time or duration (the inverse of from_excel)."""
    if isinstance(value, datetime.time):
        return _time_to_days(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds() / _SECONDS_PER_DAY
    if isnan(value.year):
        return None
    if not hasattr(value, "date"):
        value = datetime.datetime.combine(value, datetime.time())
    days = (value - epoch).days
    if 0 < days <= 60 and epoch == CALENDAR_WINDOWS_1900:
        days -= 1
    return days + _time_to_days(value)


# Compiled on first use by re's own cache: a t="d" cell is rare, and compiling both takes 0.6 ms.
_ISO_DATETIME = (
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?"
)
_ISO_DURATION = r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?"


def from_ISO8601(text: str) -> datetime.datetime | datetime.date | datetime.time | datetime.timedelta | None:
    """The date, time, datetime or duration (PT1H30M) of an ISO 8601 text; None for ''.

    Only the start of the text has to match, as in openpyxl. Raises ValueError when nothing does
    or a part is out of range (month 13).
    """
    if not text:
        return None
    match = re.match(_ISO_DATETIME, text)
    if match and any(match.groups()):
        parts = match.groupdict(0)
        for key in ("year", "month", "day", "hour", "minute", "second"):
            if parts[key]:
                parts[key] = int(parts[key])
        if parts["microsecond"]:
            parts["microsecond"] = int(float(parts["microsecond"]) * 1_000_000)
        if not parts["date"]:
            return datetime.time(parts["hour"], parts["minute"], parts["second"], parts["microsecond"])
        if not parts["time"]:
            return datetime.date(parts["year"], parts["month"], parts["day"])
        del parts["time"], parts["date"]
        return datetime.datetime(**parts)
    match = re.match(_ISO_DURATION, text)
    if match and any(match.groups()):
        parts = {key: float(value) if value else value for key, value in match.groupdict(0).items()}
        return datetime.timedelta(**parts)
    raise ValueError(f"Invalid datetime value {text}")
