"""Read a filled standard workbook into an :class:`~spbe_reports.assessment.Assessment`.

:func:`read_workbook` never raises for bad input: every finding is a
:class:`~spbe_reports.problems.Problem` with the file, sheet and cell where it lives, and the
reader goes on as far as the workbook allows, so one run lists everything an agency has to
fix. It returns an Assessment whenever the structure and the identity allow building one,
even with level errors (an invalid level becomes None); the batch decides what to accept.

How it reads:

- :mod:`~spbe_reports.workbook.sniff` checks the file first (size, real format, password,
  zip bomb). Content decides, not the name: an xlsx named ``.xls`` is read, with a
  ``wrong-extension`` warning.
- :mod:`~spbe_reports.workbook.xlsx` then reads only the parts the reader needs (the workbook
  part, styles, shared strings, the Identitas, Penilaian and meta sheets, the custom
  properties), streaming, with limits on the work of each file: parts nothing reads are never
  parsed, and a hostile file is refused in a second or two with a located problem
  (``workbook-too-large``, ``workbook-too-complex``, ``cell-too-long``). Values are those
  openpyxl gives with ``data_only``: the stored result of a formula. The file is opened
  read-only by the reader itself and never written, not even its timestamps.
- Each sheet becomes a plain grid of values, capped in columns, from row 1 to the last row
  with content; everything after that is plain Python on those grids. Declared dimensions
  and empty rows are ignored (LibreOffice writes an empty row 1,048,576 after a row was
  deleted); content below the row limit is refused with its cell. Formulas that have no stored
  result (a file written by a program and never recalculated) are kept aside, so an empty
  level cell can say so.
- Whatever else goes wrong while reading one file becomes that file's problem: a library's
  error is a ``corrupt-workbook`` with its reason in Indonesian (:func:`corrupt_reason`), a
  MemoryError a ``workbook-too-large``. Ctrl-C and SystemExit pass through.
- Identitas labels are found in the column that holds most of them (column A in the
  template; B after a column was inserted before them), values in the column to its right.
- Columns are found by header text (case, surrounding and repeated spaces ignored), within
  the first rows of Penilaian, never by position.
- A level cell's leading number is its level; a dropdown label whose name is not that
  level's name on the indicator's scale ("5 - Terdefinisi") gives a ``level-label-mismatch``
  warning.
- The framework and template version come from the hidden meta sheet, or else from the
  custom document properties. A workbook with neither, for instance one re-typed by hand
  following the layout, is read as a workbook of the run's framework.
- Free text is kept as typed, only trimmed and cleaned by :func:`clean_text` of characters
  that XML forbids, so that no text can corrupt a Word report later.
"""

from __future__ import annotations

import math
import re
import sys
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from spbe_reports import framework as frameworks
from spbe_reports import interrupt
from spbe_reports.assessment import SELF_STAGE, Assessment, Entry, Identity
from spbe_reports.formatting import level_label, xml_safe
from spbe_reports.framework import Framework, Indicator
from spbe_reports.problems import Problem, problem
from spbe_reports.workbook import layout, sniff, xlsx
from spbe_reports.workbook.cellformat import get_column_letter, to_excel

# How much of each sheet is read. Rows count up to the last one with content: empty rows below
# it (LibreOffice writes row 1,048,576 after a row was deleted) and declared dimensions are ignored.
MAX_IDENTITY_ROWS = 200  # the template has 19
MAX_IDENTITY_COLUMNS = 10  # labels are found in any of these (a column inserted before them moves them)
MAX_ASSESSMENT_ROWS = 5000  # the template has 51
MAX_META_ROWS = 200
MAX_COLUMNS = 100  # columns of Penilaian searched for headers; cells further right are ignored
FIRST_YEAR = 2018  # Perpres 95/2018 started SPBE evaluation
EXPLAIN_FROM_LEVEL = 2  # a claimed level from this one up needs an explanation and evidence
SHOWN_VALUE_LENGTH = 60  # a cell value quoted in a message is cut to this length
SHOWN_SHEETS = 20  # sheet names listed in a message about a missing sheet


@dataclass(frozen=True)
class WorkbookRead:
    """What reading one workbook gave: the assessment (None when it cannot be built) and problems."""

    assessment: Assessment | None
    problems: tuple[Problem, ...]


def read_workbook(path: Path, framework: Framework, *, source: str) -> WorkbookRead:
    """Read and validate the workbook at ``path`` against ``framework``.

    ``source`` names the file in every problem (the path relative to the input folder).
    Never raises for bad input; the file is opened read-only and never written.
    """
    path = Path(path)
    refused = sniff.check(path, source)
    if refused is not None:
        return WorkbookRead(None, (refused,))
    # The content is an xlsx: read it whatever the name, and say so when the name misleads.
    named = tuple(p for p in (sniff.misnamed(path, source),) if p is not None)
    try:
        read = _Reader(path, framework, source).read()
    except _Refused as refusal:
        return WorkbookRead(None, named + refusal.problems)
    except xlsx.Refused as refusal:
        where = {"sheet": refusal.sheet, "cell": refusal.cell}
        return WorkbookRead(None, named + (problem(refusal.code, source, **where, **refusal.params),))
    # Whatever else happens while reading this one file is this file's problem, never the run's:
    # a library's own error, a zip that breaks half way, no memory left, a recursion too deep.
    # Unless Ctrl-C or SIGTERM came meanwhile: a library may have turned it into any exception.
    except OSError as exc:
        interrupt.check()
        return WorkbookRead(None, named + (_unreadable(source, exc).problems))
    except MemoryError:
        interrupt.check()
        reason = "memori komputer tidak cukup untuk membacanya"
        return WorkbookRead(None, named + (problem("workbook-too-large", source, reason=reason),))
    except Exception as exc:  # noqa: BLE001 - one file's failure must not end the batch
        interrupt.check()
        return WorkbookRead(None, named + (problem("corrupt-workbook", source, reason=corrupt_reason(exc)),))
    return WorkbookRead(read.assessment, named + read.problems)


def _unreadable(source: str, exc: OSError) -> _Refused:
    return _Refused(problem("unreadable-file", source, reason=sniff.os_reason(exc)))


def corrupt_reason(exc: BaseException) -> str:
    """Why a workbook could not be read, in the user's words (no English exception name).

    For any exception of a library: the reader's own parsing says its reasons itself
    (:class:`~spbe_reports.workbook.xlsx.Refused`), the settings workbook is read by openpyxl,
    which wraps some failures (``ValueError: Unable to read workbook``), so the causes chained
    to ``exc`` are looked at too.
    """
    chain: list[BaseException] = []
    while exc is not None and exc not in chain and len(chain) < 10:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    for error in chain:
        if _is_instance_of(error, "defusedxml.common", "DefusedXmlException"):
            return "memuat deklarasi XML (DTD atau entitas) yang tidak diizinkan demi keamanan"
        if isinstance(error, (SyntaxError, ExpatError)):  # xml.etree, lxml and expat parse errors
            return "XML di dalamnya tidak sah atau terpotong"
        if isinstance(error, (zipfile.BadZipFile, zlib.error, EOFError)):
            return "arsip ZIP di dalamnya tidak utuh atau terpotong"
        if isinstance(error, KeyError):
            return "ada bagian buku kerja yang hilang"
        if _is_instance_of(error, "openpyxl.utils.exceptions", "InvalidFileException"):
            return "isinya tidak dikenali sebagai buku kerja Excel"
    return "struktur isinya tidak dapat dibaca"


def _is_instance_of(error: BaseException, module: str, name: str) -> bool:
    """Whether ``error`` is an instance of class ``name`` of ``module``, without importing it to ask.

    The reader loads neither openpyxl (most of a second) nor defusedxml: an exception of their
    classes can exist only once something else has loaded the module, so it is then there to look in.
    """
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(error, getattr(loaded, name))


# --- cleaning and parsing cell values ----------------------------------------------------------

_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def clean_text(value: Any) -> str:
    """A cell's content as text: trimmed, with characters XML forbids removed.

    Excel stores characters XML cannot hold as ``_xHHHH_`` escapes (``_x000D_`` for a carriage
    return); they are decoded as Excel does, then control characters other than tab and
    newline are removed and line ends become ``\\n``. Everything else, including ``&``, ``<``
    and ``{{ }}``, is kept as typed: escaping is the renderer's job. Numbers become their
    plain text (``3201`` not ``3201.0``), dates ISO dates.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    text = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return xml_safe(text).strip()


def normalise_label(text: Any) -> str:
    """A label or header as compared: case-folded, spaces collapsed, a trailing ':', '*' or '.' dropped."""
    return " ".join(clean_text(text).casefold().split()).rstrip(":*. ").strip()


def shown(value: Any) -> str:
    """A cell value as quoted in a message: as the user sees it, cleaned and cut short."""
    if isinstance(value, float) and not value.is_integer() and math.isfinite(value):
        text = repr(value).replace(".", ",")
    else:
        text = " ".join(clean_text(value).split())
    return text if len(text) <= SHOWN_VALUE_LENGTH else text[: SHOWN_VALUE_LENGTH - 1] + "…"


# "3", "3.0", "3 - Terdefinisi", "3 Terdefinisi"; not "3,5", "3 5" or "3-5". Group 2: the name.
_LEVEL_TEXT = re.compile(r"([+-]?\d+)(?:[.,]0*)?(?:\s*[-\u2013\u2014:]?\s*([^\d\s.,:\-\u2013\u2014].*))?", re.DOTALL)


@dataclass(frozen=True)
class Parsed:
    """A level cell read: ``level`` when valid, ``code`` ('level-not-integer' / 'level-out-of-range') when not.

    ``label`` is the text typed after the number ("Terdefinisi" in "3 - Terdefinisi"), if any.
    """

    level: int | None = None
    code: str | None = None
    label: str | None = None

    @property
    def empty(self) -> bool:
        return self.level is None and self.code is None


def parse_level(value: Any, low: int, high: int) -> Parsed:
    """Read a level cell: ``3``, ``3.0``, ``"3"`` and the dropdown label ``"3 - Terdefinisi"`` are 3.

    The leading integer of a label wins; the text after it is kept in ``label`` for
    :func:`label_matches` to check. ``3.5``, ``"3,5"``, ``"Level 3"`` and ``"tiga"`` are not
    integers; 0 or 6 on a 1..5 scale are out of range.
    """
    if value is None:
        return Parsed()
    if isinstance(value, (bool, datetime, date, time, timedelta)):
        return Parsed(code="level-not-integer")
    if isinstance(value, float):
        if not value.is_integer():
            return Parsed(code="level-not-integer")
        value = int(value)
    if isinstance(value, int):
        return Parsed(level=value) if low <= value <= high else Parsed(code="level-out-of-range")
    text = clean_text(value)
    if not text:
        return Parsed()
    match = _LEVEL_TEXT.fullmatch(text)
    if match is None:
        return Parsed(code="level-not-integer")
    parsed = parse_level(int(match.group(1)), low, high)
    label = match.group(2)
    return Parsed(level=parsed.level, code=parsed.code, label=label.strip() if label else None)


def label_matches(label: str, name: str) -> bool:
    """Whether the name typed after a level's number is ``name``, ignoring case and spacing."""
    return normalise_label(label) == normalise_label(name)


# "12", "12.", "12.0", "12,0" (a whole number typed as text); not "12a", "12.5" or "1.2.0".
_NUMBER_TEXT = re.compile(r"([0-9]+)(?:[.,]0*)?")


def parse_number(value: Any) -> int | None:
    """An indicator number from the No column (``12``, ``12.0``, ``"12"``, ``"12.0"``), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = _NUMBER_TEXT.fullmatch(clean_text(value))
        return int(match.group(1)) if match else None
    return None


def parse_year(value: Any, low: int, high: int) -> int | None:
    """A year from 2026, 2026.0 or "2026" (or a date whose year is meant), or None when invalid."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (datetime, date)):
        # 2026 typed into a date-formatted cell reads as a date in 1905: take the serial back.
        serial = to_excel(value)
        if isinstance(serial, (int, float)) and float(serial).is_integer() and low <= serial <= high:
            return int(serial)
        return value.year if low <= value.year <= high else None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    elif isinstance(value, str):
        text = clean_text(value)
        value = int(text.split(".")[0]) if re.fullmatch(r"\d{4}(\.0*)?", text) else None
    if isinstance(value, int) and low <= value <= high:
        return value
    return None


def nip_problem(value: Any) -> str:
    """Why a NIP cell is not a civil servant's NIP (18 digits, spaces allowed), or '' when it is or is empty.

    A number cell is always suspect: Excel keeps only 15 significant digits of a number, so an
    18-digit NIP typed into a cell formatted as a number loses its last digits.
    """
    if value is None or isinstance(value, str) and not clean_text(value):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (
            "sel ini berformat angka, sehingga Excel dapat mengubah angka-angka terakhir NIP (Excel hanya "
            "menyimpan 15 angka penting). Format sel sebagai Teks (klik kanan > Format Cells > Text), lalu "
            "ketik ulang NIP"
        )
    text = "".join(clean_text(value).split())
    if not text.isdigit() or not text.isascii():
        return "NIP hanya boleh berisi angka (spasi boleh)"
    if len(text) != layout.NIP_DIGITS:
        return f"NIP terdiri atas {layout.NIP_DIGITS} angka, sedangkan isian ini {len(text)} angka"
    return ""


_TITLE = re.compile(r"(?:[A-Za-z]{1,6}\.)+[A-Za-z]{0,6}\.?|[A-Z]{2,5}")


def split_members(text: str) -> tuple[str, ...]:
    """The assessor team members, one per line, semicolon or comma.

    A comma also separates academic titles from a name ("Budi Santoso, S.Kom., M.T."), so a
    comma-separated piece that looks like a title (dotted abbreviations or 2-5 capitals) is
    kept with the name before it.
    """
    members: list[str] = []
    for chunk in re.split(r"[\n;]", text):
        pieces = [p.strip() for p in chunk.split(",") if p.strip()]
        for piece in pieces:
            if members and pieces.index(piece) > 0 and _TITLE.fullmatch(piece):
                members[-1] = f"{members[-1]}, {piece}"
            else:
                members.append(piece)
    return tuple(members)


# --- the reader --------------------------------------------------------------------------------

Grid = list[tuple[Any, ...]]


class _Refused(Exception):
    """The workbook cannot be read further; carries the problems that say why."""

    def __init__(self, *problems: Problem):
        super().__init__(problems)
        self.problems = problems


@dataclass
class _Sheets:
    """The sheets the reader needs, copied into plain grids of cached values."""

    names: list[str]
    identity: str | None  # the actual sheet names found (matched without regard to case)
    assessment: str | None
    identity_grid: Grid = field(default_factory=list)
    assessment_grid: Grid = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    meta_sheet: str | None = None  # where the meta was read; None for the document properties
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # Penilaian's, never computed


@dataclass(frozen=True)
class _Column:
    index: int  # 0-based
    header: str

    def cell(self, row: int) -> str:
        return f"{get_column_letter(self.index + 1)}{row}"


class _Reader:
    def __init__(self, path: Path, framework: Framework, source: str):
        self.path = path
        self.framework = framework
        self.source = source
        self.problems: list[Problem] = []

    def add(self, code: str, **where_and_params) -> None:
        self.problems.append(problem(code, self.source, **where_and_params))

    def read(self) -> WorkbookRead:
        sheets = self._load()
        missing = [
            name
            for name, found in ((layout.SHEET_IDENTITY, sheets.identity), (layout.SHEET_ASSESSMENT, sheets.assessment))
            if found is None
        ]
        if missing:
            raise _Refused(
                *(
                    problem("missing-sheet", self.source, sheet=name, found=_sheet_list(sheets.names))
                    for name in missing
                )
            )
        self._check_meta(sheets.meta, sheets.meta_sheet)
        columns, header_row = self._find_columns(sheets.assessment_grid)
        identity, services, service_cells = self._read_identity(sheets.identity_grid)
        entries = self._read_entries(sheets, columns, header_row)
        self._check_services(services, service_cells)
        if identity is None:
            return WorkbookRead(None, tuple(self.problems))
        extra = {k: clean_text(v) for k, v in sheets.meta.items() if k != layout.META_TEMPLATE_VERSION}
        assessment = Assessment(
            source=self.source,
            framework_id=self.framework.id,
            identity=identity,
            entries=tuple(entries),
            stages=tuple(stage.key for stage in self.framework.stages),
            template_version=clean_text(sheets.meta.get(layout.META_TEMPLATE_VERSION)),
            extra=extra,
        )
        return WorkbookRead(assessment, tuple(self.problems))

    # --- loading ---------------------------------------------------------------------------

    def _load(self) -> _Sheets:
        """The sheets the reader needs, read through :mod:`~spbe_reports.workbook.xlsx` (bounded)."""
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - closed below, after the package
        except OSError as exc:
            raise _unreadable(self.source, exc) from None
        with handle:
            package = xlsx.open_package(handle)
            names = package.sheet_names
            sheets = _Sheets(
                names,
                _find_sheet(names, layout.SHEET_IDENTITY),
                _find_sheet(names, layout.SHEET_ASSESSMENT),
            )
            if sheets.identity:
                sheets.identity_grid = package.sheet(sheets.identity, MAX_IDENTITY_ROWS, MAX_IDENTITY_COLUMNS).rows
            if sheets.assessment:
                assessment = package.sheet(sheets.assessment, MAX_ASSESSMENT_ROWS, MAX_COLUMNS)
                sheets.assessment_grid, sheets.formulas = assessment.rows, assessment.formulas
            sheets.meta, sheets.meta_sheet = self._meta(package)
            return sheets

    def _meta(self, package: xlsx.Package) -> tuple[dict[str, Any], str | None]:
        """Key/value pairs of the hidden meta sheet, else of the custom document properties, and the sheet."""
        keys = (
            layout.META_FRAMEWORK,
            layout.META_FRAMEWORK_VERSION,
            layout.META_TEMPLATE_VERSION,
            layout.META_GENERATOR,
        )
        name = _find_sheet(package.sheet_names, layout.SHEET_META)
        meta: dict[str, Any] = {}
        if name:
            for row in package.sheet(name, MAX_META_ROWS, 2).rows:
                key = normalise_label(row[0]) if row else ""
                if key in keys and key not in meta and len(row) > 1 and clean_text(row[1]):
                    meta[key] = row[1]
        if meta:
            return meta, name
        for prop_name, value in package.custom_properties().items():
            key = normalise_label(prop_name).removeprefix("spbe_")
            if key in keys and key not in meta and clean_text(value):
                meta[key] = value
        return meta, None

    # --- meta and structure ----------------------------------------------------------------

    def _check_meta(self, meta: dict[str, Any], sheet: str | None) -> None:
        """Refuse a workbook of a newer template, an unknown framework or another framework.

        A workbook without meta is read as a workbook of the run's framework.
        """
        version = meta.get(layout.META_TEMPLATE_VERSION)
        if version is not None:
            text = clean_text(version)
            major = re.match(r"\d+", text)
            if major is None or int(major.group()) > int(layout.TEMPLATE_VERSION.split(".")[0]):
                raise _Refused(
                    problem(
                        "unknown-template-version",
                        self.source,
                        sheet=sheet,
                        found=shown(text),
                        supported=layout.TEMPLATE_VERSION,
                    )
                )
        framework_id = clean_text(meta.get(layout.META_FRAMEWORK))
        if framework_id and framework_id != self.framework.id:
            known = frameworks.available()
            if framework_id in known:
                raise _Refused(
                    problem(
                        "framework-mismatch",
                        self.source,
                        sheet=sheet,
                        found=framework_id,
                        expected=self.framework.id,
                    )
                )
            raise _Refused(
                problem(
                    "unknown-framework",
                    self.source,
                    sheet=sheet,
                    found=shown(framework_id),
                    available=", ".join(known),
                )
            )

    def _find_columns(self, grid: Grid) -> tuple[dict[str, _Column], int]:
        """The known columns by header, and the 1-based header row; refuses when a required one is absent."""
        known = {normalise_label(h): h for h in _all_headers(self.framework)}
        best: dict[str, _Column] = {}
        best_row = 0
        for r, row in enumerate(grid[: layout.HEADER_SEARCH_ROWS], 1):
            columns: dict[str, _Column] = {}
            for c, value in enumerate(row):
                header = known.get(normalise_label(value)) if value is not None else None
                if header and header not in columns:
                    columns[header] = _Column(c, header)
            if len(columns) > len(best):
                best, best_row = columns, r
        missing = [h for h in layout.REQUIRED_COLUMNS if h not in best]
        if missing:
            raise _Refused(
                *(
                    problem(
                        "missing-column",
                        self.source,
                        sheet=layout.SHEET_ASSESSMENT,
                        column=h,
                        rows=layout.HEADER_SEARCH_ROWS,
                    )
                    for h in missing
                )
            )
        return best, best_row

    # --- identity --------------------------------------------------------------------------

    def _read_identity(self, grid: Grid) -> tuple[Identity | None, tuple[str, ...], dict[int, str | None]]:
        """The Identity (None when a required field is wrong), the service names and their cells."""
        labels = {normalise_label(label): label for label in layout.IDENTITY_LABELS}
        at = label_column(grid, labels)
        value_column = get_column_letter(at + 2)
        values: dict[str, Any] = {}
        cells: dict[str, str] = {}
        for r, row in enumerate(grid, 1):
            label = labels.get(normalise_label(row[at])) if len(row) > at and row[at] is not None else None
            if label and label not in cells:
                values[label] = row[at + 1] if len(row) > at + 1 else None
                cells[label] = f"{value_column}{r}"
        sheet = layout.SHEET_IDENTITY

        def where(label: str) -> dict:
            return {"sheet": sheet, "cell": cells.get(label)}

        ok = True
        name = clean_text(values.get(layout.ID_NAME))
        if not name:
            self.add("missing-agency-name", **where(layout.ID_NAME))
            ok = False

        kind_value = clean_text(values.get(layout.ID_KIND))
        kinds = {normalise_label(k): k for k in layout.AGENCY_KINDS}
        kind = kinds.get(normalise_label(kind_value))
        if not kind_value:
            self.add("missing-agency-type", **where(layout.ID_KIND), choices=", ".join(layout.AGENCY_KINDS))
            ok = False
        elif kind is None:
            self.add(
                "unknown-agency-type",
                **where(layout.ID_KIND),
                value=shown(kind_value),
                choices=", ".join(layout.AGENCY_KINDS),
            )
            ok = False

        raw_year = values.get(layout.ID_YEAR)
        low, high = FIRST_YEAR, date.today().year + 1
        year = parse_year(raw_year, low, high)
        if not clean_text(raw_year):
            self.add("missing-year", **where(layout.ID_YEAR))
            ok = False
        elif year is None:
            self.add("invalid-year", **where(layout.ID_YEAR), value=shown(raw_year), low=low, high=high)
            ok = False

        service_labels = [layout.ID_SERVICE.format(n=n) for n in range(1, layout.SERVICE_COUNT + 1)]
        service_cells = {n: cells.get(label) for n, label in enumerate(service_labels, 1)}
        services = tuple(clean_text(values.get(label)) for label in service_labels)
        if not ok:
            return None, services, service_cells
        parent = " ".join(clean_text(values.get(layout.ID_PARENT)).split())
        if kind == layout.KIND_LOCAL_UNIT and not parent:
            self.add("missing-parent-government", **where(layout.ID_PARENT))
        raw_nip = values.get(layout.ID_HEAD_NIP)
        nip = "".join(clean_text(raw_nip).split())
        reason = nip_problem(raw_nip)
        if reason:
            self.add("invalid-nip", **where(layout.ID_HEAD_NIP), value=shown(raw_nip), reason=reason)
        identity = Identity(
            name=name,
            kind=kind,
            year=year,
            code=clean_text(values.get(layout.ID_CODE)),
            coordinator=clean_text(values.get(layout.ID_COORDINATOR)),
            responsible=clean_text(values.get(layout.ID_RESPONSIBLE)),
            data_entry=clean_text(values.get(layout.ID_DATA_ENTRY)),
            members=split_members(clean_text(values.get(layout.ID_MEMBERS))),
            services=services,
            parent_government=parent,
            head_name=clean_text(values.get(layout.ID_HEAD_NAME)),
            head_position=clean_text(values.get(layout.ID_HEAD_POSITION)),
            head_nip=nip,
        )
        return identity, services, service_cells

    def _check_services(self, services: tuple[str, ...], service_cells: dict[int, str | None]) -> None:
        """Warn for each indicator about a sectoral service whose name Identitas leaves empty."""
        for indicator in self.framework.indicators:
            n = indicator.sectoral_service
            if n and not (services[n - 1] if 0 < n <= len(services) else ""):
                self.add(
                    "missing-sectoral-service",
                    sheet=layout.SHEET_IDENTITY,
                    cell=service_cells.get(n),
                    indicator=indicator.number,
                    service=n,
                )

    # --- indicator rows ----------------------------------------------------------------------

    def _read_entries(self, sheets: _Sheets, columns: dict[str, _Column], header_row: int) -> list[Entry]:
        fw = self.framework
        sheet = sheets.assessment
        stage_columns = {s.key: columns.get(layout.stage_header(s.key)) for s in fw.stages}
        target = columns.get(layout.COL_TARGET)
        level_columns = [c for c in (*stage_columns.values(), target) if c is not None]
        number_column = columns[layout.COL_NUMBER]
        numbers = {indicator.number for indicator in fw.indicators}

        # Which rows are indicator rows, first occurrence wins.
        rows: dict[int, tuple[int, tuple]] = {}
        for r, row in enumerate(sheets.assessment_grid[header_row:], header_row + 1):
            raw_number = _at(row, number_column)
            number = parse_number(raw_number)
            levels_filled = any(clean_text(_at(row, c)) for c in level_columns)
            if number in numbers:
                if number in rows:
                    self.add(
                        "duplicate-indicator",
                        sheet=sheet,
                        cell=number_column.cell(r),
                        indicator=number,
                        other=rows[number][0],
                    )
                else:
                    rows[number] = (r, row)
            elif number is not None or levels_filled:
                self.add(
                    "unknown-indicator",
                    sheet=sheet,
                    cell=number_column.cell(r),
                    value=shown(raw_number),
                    framework=fw.name,
                )

        # Empty level cells may hold formulas never computed (the sheet's reading kept them).
        formulas = sheets.formulas

        entries = []
        for indicator in fw.indicators:
            if indicator.number not in rows:
                self.add("missing-indicator", sheet=sheet, indicator=indicator.number)
                continue
            r, row = rows[indicator.number]
            entries.append(self._entry(indicator.number, r, row, stage_columns, target, columns, formulas))
        return entries

    def _entry(self, number, r, row, stage_columns, target_column, columns, formulas) -> Entry:
        """One indicator row as an Entry; every invalid cell becomes None and a problem."""
        fw = self.framework
        indicator = fw.indicator(number)
        sheet = layout.SHEET_ASSESSMENT
        low, high = fw.min_level, fw.max_level
        levels: dict[str, int | None] = {}
        for key, column in stage_columns.items():
            levels[key] = None
            if column is None:
                continue
            cell = column.cell(r)
            raw = _at(row, column)
            parsed = parse_level(raw, low, high)
            formula = formulas.get((r, column.index + 1))
            if parsed.empty and formula:
                self.add("formula-not-computed", sheet=sheet, cell=cell, indicator=number, formula=shown(formula))
            elif parsed.empty and key == SELF_STAGE:
                self.add("missing-level", sheet=sheet, cell=cell, indicator=number, low=low, high=high)
            elif parsed.code:
                self.add(
                    parsed.code,
                    sheet=sheet,
                    cell=cell,
                    indicator=number,
                    column=column.header,
                    value=shown(raw),
                    low=low,
                    high=high,
                )
            self._check_label(indicator, cell, column, raw, parsed)
            levels[key] = parsed.level

        target = None
        if target_column is not None:
            raw = _at(row, target_column)
            parsed = parse_level(raw, low, high)
            formula = formulas.get((r, target_column.index + 1))
            if parsed.code or (parsed.empty and formula):
                self.add(
                    "invalid-target",
                    sheet=sheet,
                    cell=target_column.cell(r),
                    indicator=number,
                    value=shown(formula if parsed.empty else raw),
                    low=low,
                    high=high,
                )
            self._check_label(indicator, target_column.cell(r), target_column, raw, parsed)
            target = parsed.level

        self._check_stage_gaps(number, r, row, levels, stage_columns)
        texts = {
            header: clean_text(_at(row, columns.get(header)))
            for header in (layout.COL_EXPLANATION, layout.COL_EVIDENCE, layout.COL_NOTE)
        }
        claimed = levels.get(SELF_STAGE)
        if claimed is not None and claimed >= EXPLAIN_FROM_LEVEL:
            for header, code in (
                (layout.COL_EXPLANATION, "missing-explanation"),
                (layout.COL_EVIDENCE, "missing-evidence"),
            ):
                if not texts[header]:
                    column = columns.get(header)
                    self.add(
                        code, sheet=sheet, cell=column.cell(r) if column else None, indicator=number, level=claimed
                    )
        return Entry(
            number=number,
            levels=levels,
            explanation=texts[layout.COL_EXPLANATION],
            evidence=texts[layout.COL_EVIDENCE],
            assessor_note=texts[layout.COL_NOTE],
            target=target,
        )

    def _check_label(self, indicator: Indicator, cell: str, column: _Column, raw: Any, parsed: Parsed) -> None:
        """Warn when a valid level's typed name is not that level's name on the indicator's scale.

        The leading number stays the level (the workbook contract); the warning lets the filler
        see that "5 - Terdefinisi" was read as 5, not as Terdefinisi (3).
        """
        if parsed.level is None or not parsed.label:
            return
        name = indicator.scale.level_name(parsed.level)
        if label_matches(parsed.label, name):
            return
        meant = [lv.number for lv in indicator.scale.levels if label_matches(parsed.label, lv.name)]
        self.add(
            "level-label-mismatch",
            sheet=layout.SHEET_ASSESSMENT,
            cell=cell,
            indicator=indicator.number,
            column=column.header,
            value=shown(raw),
            level=parsed.level,
            text=shown(parsed.label),
            named=f" (nama tingkat {meant[0]})" if meant else "",
            label=level_label(indicator, parsed.level),
        )

    def _check_stage_gaps(self, number, r, row, levels, stage_columns) -> None:
        """Warn when an assessor stage is empty while a later one is filled (the self stage is required)."""
        keys = [k for k in stage_columns if k != SELF_STAGE]
        for i, key in enumerate(keys):
            column = stage_columns[key]
            if column is None or clean_text(_at(row, column)):
                continue
            later = next((k for k in keys[i + 1 :] if levels[k] is not None), None)
            if later is not None:
                self.add(
                    "stage-gap",
                    sheet=layout.SHEET_ASSESSMENT,
                    cell=column.cell(r),
                    indicator=number,
                    later=stage_columns[later].header,
                    earlier=column.header,
                )


def sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding worksheet ``sheet``, from the workbook part and its relationships."""
    return xlsx.Package(archive).part_of(sheet)


def _at(row: tuple, column: _Column | None) -> Any:
    return row[column.index] if column is not None and column.index < len(row) else None


def _all_headers(fw: Framework) -> Sequence[str]:
    return (
        layout.COL_NUMBER,
        layout.COL_DOMAIN,
        layout.COL_ASPECT,
        layout.COL_NAME,
        layout.COL_EXPLANATION,
        layout.COL_EVIDENCE,
        layout.COL_NOTE,
        layout.COL_TARGET,
        *(layout.stage_header(s.key) for s in fw.stages),
        *(h for h in layout.STAGE_HEADERS.values()),
    )


def _sheet_list(names: Sequence[str]) -> str:
    """The sheet names as listed in a message: the first SHOWN_SHEETS, each cut short."""
    shown_names = [shown(n) for n in names[:SHOWN_SHEETS]]
    more = len(names) - SHOWN_SHEETS
    return ", ".join(shown_names) + (f", dan {more} lembar lain" if more > 0 else "") if names else "-"


def label_column(grid: Grid, labels: dict[str, str]) -> int:
    """The 0-based column holding the most Identitas labels (column A in the template), leftmost on a tie.

    A column inserted before the labels moves them and their values one column to the right;
    they are read there, and every message names the cell where the value actually is.
    """
    counts = [0] * max((len(row) for row in grid), default=1)
    for row in grid:
        for c, value in enumerate(row):
            if isinstance(value, str) and normalise_label(value) in labels:
                counts[c] += 1
    return max(range(len(counts)), key=lambda c: (counts[c], -c))


def _find_sheet(names: Sequence[str], wanted: str) -> str | None:
    """The actual name of sheet ``wanted`` among ``names``, matched without regard to case or spaces."""
    key = normalise_label(wanted)
    return next((n for n in names if normalise_label(n) == key), None)
