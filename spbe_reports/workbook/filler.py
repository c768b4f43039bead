"""Fill a standard workbook the way a person would: by label and by column header.

Used by tests, by the generator of the bundled sample workbooks and by round-trip tests. It
finds Identitas rows by their label and Penilaian cells by (indicator number, header text),
exactly as the contract tells a reader to, so a filled workbook exercises the real layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from spbe_reports.files import atomic_path
from spbe_reports.workbook import layout


def fill_workbook(
    template: Path,
    out: Path,
    identity: Mapping[str, object] = {},  # read only, never changed
    rows: Mapping[int, Mapping[str, object]] = {},  # read only, never changed
) -> Path:
    """Copy ``template`` to ``out`` with the given values written in, and return ``out``.

    ``identity`` maps Identitas labels (e.g. ``"Nama Instansi"``) to values; ``rows`` maps an
    indicator number to {header text: value} for the Penilaian sheet, e.g.
    ``{12: {"Tingkat Mandiri": "3 - Terdefinisi", "Penjelasan": "..."}}``; None clears a cell.
    Labels and headers are matched without regard to case or spacing. Raises KeyError for a
    label, header or indicator the workbook does not have. ``out`` is written atomically; ``template`` is not modified.
    """
    workbook = load_workbook(template)
    _fill_identity(workbook[layout.SHEET_IDENTITY], identity)
    _fill_assessment(workbook[layout.SHEET_ASSESSMENT], rows)
    out = Path(out)
    with atomic_path(out) as tmp:
        workbook.save(tmp)
    return out


def _key(text: object) -> str:
    return " ".join(str(text).split()).casefold() if text is not None else ""


def _fill_identity(ws: Worksheet, values: Mapping[str, object]) -> None:
    label_rows = {_key(ws.cell(row=row, column=1).value): row for row in range(1, ws.max_row + 1)}
    for label, value in values.items():
        if _key(label) not in label_rows:
            raise KeyError(f"lembar {ws.title} tidak memiliki label '{label}'")
        _put(ws, label_rows[_key(label)], 2, value)


def _fill_assessment(ws: Worksheet, values: Mapping[int, Mapping[str, object]]) -> None:
    header_row, columns = _header(ws)
    number_column = columns[_key(layout.COL_NUMBER)]
    indicator_rows = {
        ws.cell(row=row, column=number_column).value: row for row in range(header_row + 1, ws.max_row + 1)
    }
    for number, cells in values.items():
        if number not in indicator_rows:
            raise KeyError(f"lembar {ws.title} tidak memiliki baris indikator {number}")
        for header, value in cells.items():
            if _key(header) not in columns:
                raise KeyError(f"lembar {ws.title} tidak memiliki kolom '{header}'")
            _put(ws, indicator_rows[number], columns[_key(header)], value)


def _put(ws: Worksheet, row: int, column: int, value: object) -> None:
    """Write ``value`` into a cell; None empties it (``ws.cell(..., value=None)`` would ignore it)."""
    ws.cell(row=row, column=column).value = value


def _header(ws: Worksheet) -> tuple[int, dict[str, int]]:
    """The header row and its columns by normalised header text."""
    wanted = {_key(header) for header in layout.REQUIRED_COLUMNS}
    for row in range(1, layout.HEADER_SEARCH_ROWS + 1):
        columns = {_key(ws.cell(row=row, column=col).value): col for col in range(1, ws.max_column + 1)}
        if wanted <= columns.keys():
            return row, columns
    raise KeyError(f"lembar {ws.title} tidak memiliki baris judul kolom dengan {', '.join(layout.REQUIRED_COLUMNS)}")
