"""Bounded, streaming reading of the few parts of an xlsx package that the reader needs.

openpyxl, even read-only, parses at open time every part it knows: the whole styles part
into objects, every worksheet up to its ``<dimension>`` (all of a worksheet that has none),
one worksheet object per ``<sheet>`` entry of the workbook part, every shared string. A small
hostile file could so make it work for minutes and take gigabytes (issue #9). This module
reads only:

- ``xl/workbook.xml`` and its relationships: the sheet names, their parts, the date system;
- the styles part, only its number formats and cell formats (which cells hold dates);
- the shared strings;
- the worksheets asked for, one cell at a time, into a plain grid;
- ``docProps/custom.xml`` (the framework and template version when the meta sheet is gone).

Every part is parsed with expat as it is decompressed, without a tree, with no DTD or entity
allowed, and reading stops at the first limit it reaches (bytes of a part, elements of the
parts read, entries, characters of a cell), so the work per file is bounded before and during parsing. Limits
count content, never declarations: a ``<dimension>`` or a ``count`` attribute is ignored,
and rows without content (LibreOffice writes an empty ``<row r="1048576">`` after a row
was deleted) cost nothing.

Values are decoded as openpyxl does with ``data_only=True``: the cached result of a formula,
numbers as int or float, dates from the number format of the cell's style, shared and inline
strings without their phonetic runs. A reason to stop is a :class:`Refused` carrying a
problem code of the catalogue and where it lives.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from xml.parsers import expat

from spbe_reports.workbook.cellformat import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    builtin_format_code,
    column_index_from_string,
    from_excel,
    from_ISO8601,
    get_column_letter,
    is_date_format,
    is_timedelta_format,
)

# --- limits: each bounds the work of one part; the reasons are the numbers' ----------------------

# Bytes decompressed from one part. The largest part the reader needs in a filled template is
# about 200 KB; 64 MB leaves room for 47 indicators with Excel's longest texts many times over,
# and keeps expat's own buffer (one start tag must fit in it) far below a gigabyte.
MAX_PART_BYTES = 64 * 1024 * 1024
# XML elements of all the parts read from one file, together. A filled template's parts that
# the reader needs hold about 2,000 (3,200 once saved by LibreOffice, with its shared strings);
# an agency's extra sheets add shared strings. Two million take about five seconds at worst.
MAX_ELEMENTS = 2_000_000
# Attributes of those elements, together: a cell has one to three; pyexpat builds a dict of them
# for every element, so a few elements with thousands each would cost as much as millions.
MAX_ATTRIBUTES = 4_000_000
# Distinct element and attribute names in one part: expat keeps every name it meets in a table,
# so millions of invented names cost seconds and hundreds of MB. SpreadsheetML with its
# extensions uses a few hundred.
MAX_NAMES = 10_000
# Bytes of one token (a tag with its attributes, a comment): expat keeps an unfinished token in
# memory and parses it again with every chunk fed, so one huge tag costs memory and quadratic
# time. Spreadsheet programs write tags of a few hundred bytes; the largest is the root's
# namespace list, a few kilobytes.
MAX_TOKEN_BYTES = 1024 * 1024
# Sheets listed in the workbook. The template has six; no filled form has a thousand.
MAX_SHEETS = 1_000
# Cell formats of the styles part: Excel's own limit ("unique cell formats/cell styles").
MAX_CELL_FORMATS = 65_490
# Shared strings. A filled template has under 2,000; half a million keeps them under ~100 MB.
MAX_SHARED_STRINGS = 500_000
# Characters in one cell: Excel's own limit, for typed text and formula results alike.
MAX_CELL_CHARS = 32_767
# Characters of text kept from one sheet's grid (a shared string counts each time it is shown).
# A Penilaian sheet filled generously holds under 200,000; the reader's cleaning of 10 million
# takes well under a second.
MAX_SHEET_CHARS = 10_000_000
# A number format's code: Excel's limit is 255 characters; a longer one is cut before it is
# looked at for date parts, so no regular expression ever sees a long string.
MAX_FORMAT_CHARS = 255
# A formula's text is kept only to be quoted in a message (60 characters shown); Excel allows 8,192.
MAX_FORMULA_CHARS = 8_192
# Excel's largest row number: a row beyond it is not in any spreadsheet program's grid.
MAX_ROW = 1_048_576

CHUNK_BYTES = 256 * 1024  # read from the zip member and fed to expat this much at a time

WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CUSTOM_PROPERTIES_PART = "docProps/custom.xml"
DEFAULT_PARTS = {"styles": "xl/styles.xml", "sharedStrings": "xl/sharedStrings.xml"}  # when no relationship names them
SHARED_FORMULA = "=(rumus bersama)"  # a formula that only points at another cell's (<f t="shared" si="0"/>)

_CELL_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


class Refused(Exception):
    """The package cannot be read further; ``code`` is a catalogue code, ``params`` fill its message."""

    def __init__(self, code: str, *, sheet: str | None = None, cell: str | None = None, **params: Any):
        super().__init__(code, sheet, cell, params)
        self.code = code
        self.sheet = sheet
        self.cell = cell
        self.params = params


def corrupt(reason: str, *, sheet: str | None = None, cell: str | None = None) -> Refused:
    return Refused("corrupt-workbook", sheet=sheet, cell=cell, reason=reason)


def too_complex(reason: str, *, sheet: str | None = None) -> Refused:
    return Refused("workbook-too-complex", sheet=sheet, reason=reason)


def number(n: int) -> str:
    """An integer as an Indonesian reader writes it: 65.490."""
    return f"{n:,}".replace(",", ".")


@dataclass
class Sheet:
    """One worksheet read: ``rows`` from row 1 to the last row with content, each ``width`` values wide.

    ``formulas`` holds the formulas whose result was never stored, as '=...' text, by
    (row, column), 1-based: openpyxl and this reader both read such a cell as empty.
    """

    rows: list[tuple[Any, ...]] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class _SheetEntry:
    name: str
    part: str | None  # the zip member; None when its relationship is missing
    chart: bool  # a chart sheet: no cells


class _TooLong:
    """A shared string over MAX_CELL_CHARS: an error only where a sheet that is read shows it."""


TOO_LONG = _TooLong()


class Package:
    """The parts of an xlsx package the reader needs, each parsed once, on first use.

    Raises :class:`Refused` for a limit or a malformed part; errors of the zip itself
    (``zipfile.BadZipFile``, ``zlib.error``, ``KeyError`` for a missing member, OSError) pass.
    """

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self._members = {info.filename: info for info in archive.infolist()}
        self._sheets: list[_SheetEntry] | None = None
        self._date1904 = False
        self._related: dict[str, str] = {}
        self._styles: tuple[frozenset[int], frozenset[int]] | None = None
        self._strings: list[Any] | None = None
        self._elements = 0  # read so far, from every part
        self._attributes = 0

    # --- the workbook part ----------------------------------------------------------------

    @property
    def sheet_names(self) -> list[str]:
        return [entry.name for entry in self._entries()]

    def part_of(self, name: str) -> str | None:
        """The zip member of sheet ``name`` (exact name), or None."""
        return next((e.part for e in self._entries() if e.name == name), None)

    def _entries(self) -> list[_SheetEntry]:
        if self._sheets is None:
            self._sheets = self._read_workbook()
        return self._sheets

    def _read_workbook(self) -> list[_SheetEntry]:
        targets: dict[str, tuple[str, str]] = {}  # relationship id -> (type, target)

        def relationship(name: str, attrs: dict[str, str]) -> None:
            if name == "Relationship" and attrs.get("TargetMode") != "External":
                targets[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))

        if WORKBOOK_RELS in self._members:
            self._parse(WORKBOOK_RELS, relationship)
        for kind in DEFAULT_PARTS:
            target = next((t for rel_type, t in targets.values() if rel_type.endswith(f"/{kind}")), None)
            part = _resolve(target) if target else DEFAULT_PARTS[kind]
            if part in self._members:
                self._related[kind] = part

        found: list[tuple[str, str]] = []

        def sheet(name: str, attrs: dict[str, str]) -> None:
            if name == "sheet":
                if len(found) >= MAX_SHEETS:
                    raise Refused(
                        "workbook-too-large",
                        reason=f"buku kerja memuat lebih dari {number(MAX_SHEETS)} lembar",
                    )
                found.append((attrs.get("name", ""), _prefixed(attrs, "id")))
            elif name == "workbookPr":
                self._date1904 = attrs.get("date1904", "").lower() in ("1", "true")

        self._parse(WORKBOOK_PART, sheet)
        entries = []
        for name, rid in found:
            rel_type, target = targets.get(rid, ("", ""))
            part = _resolve(target) if target else None
            entries.append(_SheetEntry(name, part if part in self._members else None, rel_type.endswith("/chartsheet")))
        return entries

    # --- styles and shared strings ----------------------------------------------------------

    def _date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        """The cell formats (style ids) that show dates, and those that show durations."""
        if self._styles is not None:
            return self._styles
        custom: dict[int, str] = {}
        formats: list[int] = []
        inside = []  # the cellXfs element is open

        def style(name: str, attrs: dict[str, str]) -> None:
            if name == "numFmt":
                custom[_integer(attrs.get("numFmtId"), "gaya sel")] = attrs.get("formatCode", "")[:MAX_FORMAT_CHARS]
            elif name == "cellXfs":
                inside.append(True)
            elif name == "xf" and inside:
                if len(formats) >= MAX_CELL_FORMATS:
                    raise too_complex(
                        f"bagian gaya sel memuat lebih dari {number(MAX_CELL_FORMATS)} format sel, batas Excel sendiri"
                    )
                formats.append(_integer(attrs.get("numFmtId") or "0", "gaya sel"))

        def end(name: str) -> None:
            if name == "cellXfs" and inside:
                inside.pop()

        part = self._related.get("styles")
        if part:
            self._parse(part, style, end)
        dates, durations = set(), set()
        for index, fmt_id in enumerate(formats):
            fmt = custom[fmt_id] if fmt_id in custom else builtin_format_code(fmt_id)
            if is_date_format(fmt):
                dates.add(index)
            if is_timedelta_format(fmt):
                durations.add(index)
        self._styles = frozenset(dates), frozenset(durations)
        return self._styles

    def _shared_strings(self) -> list[Any]:
        """Every shared string; one over MAX_CELL_CHARS is TOO_LONG (an error only where it is shown)."""
        if self._strings is not None:
            return self._strings
        strings: list[Any] = []
        text = _Text()
        state = {"phonetic": 0}

        def start(name: str, attrs: dict[str, str]) -> None:
            if name == "si":
                if len(strings) >= MAX_SHARED_STRINGS:
                    raise too_complex(f"daftar teks bersama memuat lebih dari {number(MAX_SHARED_STRINGS)} entri")
                text.reset()
            elif name == "rPh":
                state["phonetic"] += 1
            elif name == "t" and not state["phonetic"]:
                text.open()

        def end(name: str) -> None:
            if name == "t":
                text.close()
            elif name == "rPh":
                state["phonetic"] -= 1
            elif name == "si":
                # openpyxl drops 'x005F_' (Excel's escape of an underscore before _xHHHH_); so do we.
                strings.append(TOO_LONG if text.too_long else text.value().replace("x005F_", ""))

        part = self._related.get("sharedStrings")
        if part:
            self._parse(part, start, end, text.data)
        self._strings = strings
        return strings

    # --- worksheets --------------------------------------------------------------------------

    def sheet(self, name: str, max_rows: int, max_columns: int) -> Sheet:
        """The values of sheet ``name`` within ``max_columns`` columns, cached formula results included.

        Rows without content cost nothing; content below row ``max_rows`` (within the columns
        read) is refused as ``workbook-too-large``, a cell over Excel's 32,767 characters as
        ``cell-too-long``, both located. A chart sheet has no cells.
        """
        entry = next(e for e in self._entries() if e.name == name)
        if entry.chart:
            return Sheet()
        if entry.part is None:
            raise corrupt("ada bagian buku kerja yang hilang", sheet=name)
        dates, durations = self._date_styles()
        cells = _SheetCells(
            name,
            max_rows,
            max_columns,
            self._shared_strings(),  # read first: one part at a time keeps the budgets simple
            dates,
            durations,
            CALENDAR_MAC_1904 if self._date1904 else CALENDAR_WINDOWS_1900,
        )
        self._parse(entry.part, cells.start, cells.end, cells.text.data, sheet=name)
        return cells.result()

    def custom_properties(self) -> dict[str, Any]:
        """The custom document properties by name: text, int, float or bool values."""
        if CUSTOM_PROPERTIES_PART not in self._members:
            return {}
        properties: dict[str, Any] = {}
        text = _Text()
        current: list[str] = []  # [property name, value type] while inside a property

        def start(name: str, attrs: dict[str, str]) -> None:
            if name == "property":
                current[:] = [attrs.get("name", "")]
            elif current:
                current[1:] = [name]
                text.reset()
                text.open()

        def end(name: str) -> None:
            if name == "property":
                current.clear()
            elif len(current) == 2 and name == current[1]:
                text.close()
                if current[0] not in properties and not text.too_long:
                    properties[current[0]] = _typed_property(current[1], text.value())

        self._parse(CUSTOM_PROPERTIES_PART, start, end, text.data)
        return properties

    # --- parsing -----------------------------------------------------------------------------

    def _parse(self, part: str, start, end=None, data=None, *, sheet: str | None = None) -> None:
        """Stream ``part`` through expat, calling ``start(local name, attributes)``, ``end(local name)``, ``data(text)``.

        Stops at MAX_PART_BYTES, MAX_ELEMENTS, MAX_ATTRIBUTES, MAX_NAMES or MAX_TOKEN_BYTES; a DTD
        (and so any entity) is refused.
        """
        parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.buffer_text = True
        parser.buffer_size = 64 * 1024
        where = f"lembar {sheet}" if sheet else f"bagian {part}"
        names_error = too_complex(
            f"{where} memuat lebih dari {number(MAX_NAMES)} nama unsur atau atribut XML", sheet=sheet
        )
        local = _LocalNames(names_error)
        attribute_names: set[str] = set()
        # What this part may still use of the file's budgets (counted down: cheaper than attributes).
        elements = MAX_ELEMENTS - self._elements
        attributes = MAX_ATTRIBUTES - self._attributes

        def on_start(name: str, attrs: dict[str, str]) -> None:
            nonlocal elements, attributes
            elements -= 1
            if attrs:
                attributes -= len(attrs)
                if not attribute_names.issuperset(attrs):
                    attribute_names.update(attrs)
                    if len(attribute_names) > MAX_NAMES:
                        raise names_error
            if elements < 0 or attributes < 0:
                raise too_complex(
                    f"bagian yang dibaca memuat lebih dari {number(MAX_ELEMENTS)} unsur XML atau "
                    f"{number(MAX_ATTRIBUTES)} atribut; batas terlampaui di {where}",
                    sheet=sheet,
                )
            start(local[name], attrs)

        def forbidden(*_args) -> None:
            raise corrupt("memuat deklarasi XML (DTD atau entitas) yang tidak diizinkan demi keamanan", sheet=sheet)

        parser.StartElementHandler = on_start
        if end is not None:
            parser.EndElementHandler = lambda name: end(local[name])
        if data is not None:
            parser.CharacterDataHandler = data
        parser.StartDoctypeDeclHandler = forbidden
        parser.EntityDeclHandler = forbidden
        size = 0
        try:
            with self.archive.open(part) as source:
                while chunk := source.read(CHUNK_BYTES):
                    size += len(chunk)
                    if size > MAX_PART_BYTES:
                        raise Refused(
                            "workbook-too-large",
                            sheet=sheet,
                            reason=f"{where} lebih dari {MAX_PART_BYTES // (1024 * 1024)} MB setelah diekstrak",
                        )
                    parser.Parse(chunk, False)
                    if size - parser.CurrentByteIndex > MAX_TOKEN_BYTES:
                        raise too_complex(f"{where} memuat satu unsur XML lebih dari 1 MB", sheet=sheet)
                parser.Parse(b"", True)
        except expat.ExpatError:
            raise corrupt("XML di dalamnya tidak sah atau terpotong", sheet=sheet) from None
        finally:
            self._elements = MAX_ELEMENTS - elements
            self._attributes = MAX_ATTRIBUTES - attributes


class _LocalNames(dict):
    """An element's name without its namespace prefix ('x:c' -> 'c'), remembered once computed.

    Raises ``error`` when a part uses more than MAX_NAMES element names.
    """

    def __init__(self, error: Refused):
        super().__init__()
        self.error = error

    def __missing__(self, name: str) -> str:
        if len(self) >= MAX_NAMES:
            raise self.error
        local = self[name] = name.rpartition(":")[2]
        return local


class _Text:
    """Character data of the element being read, counted always and kept up to MAX_CELL_CHARS."""

    __slots__ = ("pieces", "length", "reading")

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.reading = False

    def open(self) -> None:
        self.reading = True

    def close(self) -> None:
        self.reading = False

    def data(self, text: str) -> None:
        if self.reading:
            self.length += len(text)
            if self.length <= MAX_CELL_CHARS:
                self.pieces.append(text)

    @property
    def too_long(self) -> bool:
        return self.length > MAX_CELL_CHARS

    def value(self) -> str:
        return "".join(self.pieces)


class _SheetCells:
    """The expat handlers that turn one worksheet's XML into a :class:`Sheet`."""

    def __init__(self, name, max_rows, max_columns, strings, dates, durations, epoch):
        self.name = name
        self.max_rows = max_rows
        self.max_columns = max_columns
        self.strings = strings
        self.dates = dates
        self.durations = durations
        self.epoch = epoch
        self.values: dict[int, dict[int, Any]] = {}
        self.formulas: dict[tuple[int, int], str] = {}
        self.last_row = 0  # the last row with content
        self.chars = 0
        self.row = 0
        self.column = 0
        self.cell: tuple[int, int, str, str | None, str] | None = None  # row, column, reference, type, style
        self.text = _Text()  # of <v> or of an inline string's runs
        self.formula = _Text()
        self.has_value = False
        self.has_formula = False
        self.has_inline = False
        self.inline = 0
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "c":
            self._open_cell(attrs)
        elif self.cell is None:
            if name == "row":
                self.row = _row_number(attrs.get("r"), self.row, self.name)
                self.column = 0
        elif name == "v":
            if self.cell[3] != "inlineStr":  # openpyxl ignores a <v> beside an inline string
                self.has_value = True
                self.text.reset()
                self.text.open()
        elif name == "f":
            self.has_formula = True
            self.formula.reset()
            self.formula.open()
        elif name == "is":
            if not self.has_inline:
                self.has_inline = True
                self.text.reset()
            self.inline += 1
        elif name == "rPh":
            self.phonetic += 1
        elif name == "t" and self.inline and not self.phonetic:
            self.text.open()

    def _open_cell(self, attrs: dict[str, str]) -> None:
        # The text and formula are reset when a <v>, <is> or <f> opens; the nesting counters
        # return to 0 by themselves in well-formed XML, which expat guarantees.
        reference = attrs.get("r")
        if reference:
            letters = reference.rstrip(_DIGITS)
            column = _COLUMNS.get(letters)
            if column is not None and 0 < len(reference) - len(letters) <= 7:
                row = int(reference[len(letters) :])
            else:
                column, row = _parse_reference(reference, self.name)
            self.column = column
        else:
            self.column += 1
            row = self.row
        if not 0 < row <= MAX_ROW:
            raise corrupt(f"nomor baris {row} di luar lembar", sheet=self.name)
        self.cell = (row, self.column, reference, attrs.get("t", "n"), attrs.get("s"))
        self.has_value = self.has_formula = self.has_inline = False

    def end(self, name: str) -> None:
        if self.cell is None:
            return
        if name == "c":
            self._close_cell()
        elif name == "v" or (name == "t" and self.inline):
            self.text.close()
        elif name == "f":
            self.formula.close()
        elif name == "is":
            self.inline -= 1
        elif name == "rPh":
            self.phonetic -= 1

    def _close_cell(self) -> None:
        row, column, reference, kind, style = self.cell
        self.cell = None
        if not (self.has_value or self.has_inline or self.has_formula):
            return  # a cell with a style only
        reference = reference or _reference(row, column)
        if self.text.too_long and (self.has_value or self.has_inline):
            raise Refused("cell-too-long", sheet=self.name, cell=reference, limit=number(MAX_CELL_CHARS))
        if column > self.max_columns:
            return
        value = self._value(kind, style, reference)
        if self.has_formula and not _has_result(kind, self.has_value, self.text.value()):
            if row <= self.max_rows:
                text = self.formula.value()[:MAX_FORMULA_CHARS]
                self.formulas[(row, column)] = f"={text}" if text else SHARED_FORMULA
            return
        if value is None:
            return
        content = not isinstance(value, str) or value.strip()
        if content and row > self.max_rows:
            raise Refused(
                "workbook-too-large",
                sheet=self.name,
                reason=f"lembar {self.name} berisi data sampai sel {reference}, padahal batasnya {number(self.max_rows)} baris",
            )
        if row > self.max_rows:
            return
        if isinstance(value, str):
            self.chars += len(value)
            if self.chars > MAX_SHEET_CHARS:
                raise Refused(
                    "workbook-too-large",
                    sheet=self.name,
                    reason=f"lembar {self.name} memuat lebih dari {number(MAX_SHEET_CHARS)} karakter teks",
                )
        self.values.setdefault(row, {})[column] = value
        if content:
            self.last_row = max(self.last_row, row)

    def _value(self, kind: str, style: str | None, reference: str) -> Any:
        """The cell's value as openpyxl gives it with data_only=True."""
        if kind == "inlineStr":
            return self.text.value() if self.has_inline else None
        raw = (self.text.value() or None) if self.has_value else None
        if raw is None:
            return None
        try:
            if kind == "n":
                value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                style_id = int(style) if style else 0
                if style_id in self.dates:
                    try:
                        return from_excel(value, self.epoch, timedelta=style_id in self.durations)
                    except (OverflowError, ValueError):
                        return "#VALUE!"  # openpyxl's value for a date serial outside the calendar
                return value
            if kind == "s":
                value = self.strings[int(raw)]
                if value is TOO_LONG:
                    raise Refused("cell-too-long", sheet=self.name, cell=reference, limit=number(MAX_CELL_CHARS))
                return value
            if kind == "b":
                return raw.strip().lower() in ("1", "true")
            if kind == "d":
                return from_ISO8601(raw)
        except (ValueError, IndexError, OverflowError):
            raise corrupt(f"isi sel {reference} tidak dapat dibaca", sheet=self.name, cell=reference) from None
        return raw  # "str" (a formula's text result), "e" (an error such as #N/A), or an unknown type

    def result(self) -> Sheet:
        width = range(1, self.max_columns + 1)
        rows = []
        for r in range(1, self.last_row + 1):
            values = self.values.get(r)
            rows.append(tuple(values.get(c) for c in width) if values else (None,) * self.max_columns)
        return Sheet(rows, self.formulas)


def _has_result(kind: str, has_value: bool, text: str) -> bool:
    """Whether a formula cell stores a result.

    Excel and LibreOffice store an empty text result as ``t="str"`` with an empty ``<v>``;
    openpyxl writes an empty ``<v>`` with no type, which holds no number: not computed.
    """
    return has_value and (bool(text) or kind in ("str", "s", "inlineStr"))


_DIGITS = "0123456789"
_COLUMNS: dict[str, int] = {}  # column letters -> number, filled as met (at most 18,278 entries)


def _parse_reference(reference: str, sheet: str) -> tuple[int, int]:
    """(column, row) of a cell reference such as 'F9' or '$F$9'; remembers the column letters met."""
    match = _CELL_REFERENCE.fullmatch(reference)
    if match is None:
        raise corrupt(f"alamat sel '{reference[:20]}' tidak sah", sheet=sheet)
    letters, digits = match.group(1), match.group(2)
    column = _COLUMNS[letters] = column_index_from_string(letters.upper())
    return column, int(digits)


def _row_number(text: str | None, previous: int, sheet: str) -> int:
    """A <row r="..."> number; rows without one follow the previous row."""
    if not text:
        return previous + 1
    try:
        value = float(text[:20])
    except ValueError:
        raise corrupt(f"nomor baris '{text[:20]}' tidak sah", sheet=sheet) from None
    if not (value.is_integer() and 0 < value <= MAX_ROW):
        raise corrupt(f"nomor baris '{text[:20]}' tidak sah", sheet=sheet)
    return int(value)


def _reference(row: int, column: int) -> str:
    return f"{get_column_letter(min(column, 18_278))}{row}"


def _integer(text: str | None, what: str) -> int:
    try:
        return int(text or "")
    except ValueError:
        raise corrupt(f"{what} memuat nomor yang tidak sah") from None


def _prefixed(attrs: dict[str, str], local: str) -> str:
    """The value of attribute ``local`` in any namespace prefix (``r:id``), or ''."""
    for key, value in attrs.items():
        if key.rpartition(":")[2] == local and ":" in key:
            return value
    return ""


def _resolve(target: str) -> str:
    """A relationship target of the workbook part as a zip member name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(f"xl/{target}")


def _typed_property(kind: str, text: str) -> Any:
    """A custom property's value by its vt: type; text when the type or the text is unexpected."""
    try:
        if kind in ("i1", "i2", "i4", "i8", "int", "ui1", "ui2", "ui4", "ui8", "uint"):
            return int(text)
        if kind in ("r4", "r8", "decimal"):
            return float(text)
    except ValueError:
        return text
    if kind == "bool":
        return text.strip().lower() in ("1", "true")
    return text


def open_package(handle: BinaryIO) -> Package:
    """The package in the open binary file ``handle`` (kept open by the caller while it is used)."""
    return Package(zipfile.ZipFile(handle))
