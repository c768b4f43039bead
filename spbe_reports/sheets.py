"""openpyxl helpers shared by the workbook writer and the recap: row heights and print setup.

Spreadsheet apps do not grow rows for wrapped text reliably (LibreOffice keeps the default
height of rows written by openpyxl, and neither it nor openpyxl measures text when a file is
opened), so without an estimate a long text would be cut off on screen and in print. The
estimate here is a greedy word wrap over a number of characters per unit of column width.

Printing: a sheet is fitted to the page width (as many pages down as needed). A sheet too wide
for that at a readable scale is printed in groups of columns instead: one print area per group
(the later ones only the table body), the first columns repeated beside every group, and a fixed
scale at which the widest group fits (spreadsheet apps ignore manual page breaks when a sheet is
fitted to pages). ``print_scale`` tells the scale either kind prints at on A4.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

DENSITY = 1.2  # characters of 10-point Calibri per unit of column width, with a small margin
BOLD_DENSITY = 11 / 12  # bold text is about a twelfth wider
LINE_HEIGHT = 13.5  # points per line of 10-point text
ROW_PADDING = 4  # points above and below the lines of a row
DEFAULT_WIDTH = 8.43  # Excel's width of a column without its own
# Points per unit of column width: Excel makes it 7 pixels at 96 dpi (5.25 points), LibreOffice with
# Calibri or its metric twin Carlito about 5.8; the larger, so that a page laid out here fits in both.
POINTS_PER_WIDTH = 5.8
A4_POINTS = (595.3, 841.9)  # the short and the long side of A4 (210 x 297 mm)
MIN_SCALE = 70  # below this a printed 11-point text is smaller than 8 points


def wrapped_lines(text: str, width: float, bold: bool = False, density: float = DENSITY) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide (greedy word wrap).

    ``density`` is the number of characters per unit of column width (smaller for a larger font);
    bold text fits fewer. A word longer than a line is broken over as many lines as it needs.
    """
    capacity = max(int(width * density * (BOLD_DENSITY if bold else 1)) - 1, 1)
    lines = 0
    for paragraph in text.split("\n"):
        length, count = 0, 1
        for word in paragraph.split():
            if length and length + 1 + len(word) <= capacity:
                length += 1 + len(word)
                continue
            if length:  # the word starts a new line
                count += 1
            broken = (len(word) - 1) // capacity  # extra lines of a word longer than a line
            count += broken
            length = len(word) - broken * capacity
        lines += count
    return lines


def row_lines(cells: Iterable[tuple[str, float, bool]], minimum_lines: int = 1, density: float = DENSITY) -> int:
    """The lines the tallest of the (text, column width, bold) cells needs, at least ``minimum_lines``."""
    return max([minimum_lines, *(wrapped_lines(text, width, bold, density) for text, width, bold in cells if text)])


def fit_row(
    ws: Worksheet,
    row: int,
    cells: Iterable[tuple[str, float, bool]],
    minimum_lines: int = 1,
    *,
    density: float = DENSITY,
    line_height: float = LINE_HEIGHT,
) -> None:
    """Set the height of ``row`` so that every (text, column width, bold) cell shows whole."""
    lines = row_lines(cells, minimum_lines, density)
    ws.row_dimensions[row].height = lines * line_height + ROW_PADDING


def fit_rows(
    ws: Worksheet, first_row: int, last_row: int, *, density: float = DENSITY, line_height: float = LINE_HEIGHT
) -> None:
    """Set the height of the rows whose wrapped text needs more than one line; leave the others.

    The cells are read from the sheet: text values in cells that wrap, with their column's width
    and their font's boldness. Rotated text is skipped (it grows the row by its length, not lines).
    """
    for row in range(first_row, last_row + 1):
        cells = list(_wrapped_cells(ws, row))
        if row_lines(cells, density=density) > 1:
            fit_row(ws, row, cells, density=density, line_height=line_height)


def merge_wrapped(
    ws: Worksheet, row: int, last_column: int, *, density: float = DENSITY, line_height: float = LINE_HEIGHT
) -> None:
    """Merge columns A to ``last_column`` of ``row`` and wrap its text (in column A) within them.

    For a long note above a table: unwrapped it would run past the printed page and be cut.
    The row gets the height of the wrapped text.
    """
    cell = ws.cell(row=row, column=1)
    if last_column > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    alignment = copy(cell.alignment)
    alignment.wrap_text, alignment.vertical = True, "top"
    cell.alignment = alignment
    if isinstance(cell.value, str):
        width = sum(_width(ws, column) for column in range(1, last_column + 1))
        fit_row(ws, row, [(cell.value, width, bool(cell.font.b))], density=density, line_height=line_height)


def _width(ws: Worksheet, column: int) -> float:
    # .get: reading a width must not add a column entry to the sheet
    dimension = ws.column_dimensions.get(get_column_letter(column))
    return (dimension.width if dimension else None) or DEFAULT_WIDTH


def _wrapped_cells(ws: Worksheet, row: int) -> Iterator[tuple[str, float, bool]]:
    for cell in ws[row]:
        if isinstance(cell.value, str) and cell.alignment.wrap_text and not cell.alignment.text_rotation:
            yield cell.value, _width(ws, cell.column), bool(cell.font.b)


@dataclass(frozen=True)
class Margins:
    """Page margins in inches (``sides`` is left and right)."""

    sides: float
    top: float
    bottom: float
    header: float = 0.3
    footer: float = 0.3


FORM_MARGINS = Margins(sides=0.4, top=0.6, bottom=0.8)


def page_setup(
    ws: Worksheet,
    *,
    landscape: bool,
    title_rows: str | None = None,
    margins: Margins = FORM_MARGINS,
    header: str = "",
    text_size: int | None = None,
    title_columns: str | None = None,
    column_breaks: Sequence[int] = (),
    body_rows: tuple[int, int] | None = None,
) -> None:
    """Print ``ws`` on A4, fit to the page width, centred, with the sheet name and page numbers below.

    ``title_rows`` ("4:4" or "4:5") repeat on every page; ``header`` is plain text printed at the
    top left of every page; ``text_size`` is the font size of the header and footer (None: the
    application's default).

    With ``column_breaks`` (the numbers of the columns that start a new page, 1 for A) the sheet
    is printed in groups of columns rather than fitted to the width: each group after the one
    before it, every row of a group first, ``title_columns`` ("A:B") repeated beside every
    group, at the largest scale (at most 100%) at which the widest group fits the width of A4.
    With ``body_rows`` (first, last) the groups are print areas: the first group prints every row,
    the later ones only ``body_rows`` (below the repeated ``title_rows``), so that titles and notes
    wider than the title columns are not printed cut beside the later groups.
    """
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if column_breaks:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.pageOrder = "downThenOver"
        starts = sorted(column_breaks)
        if body_rows and body_rows[1] >= body_rows[0]:  # else no body: breaks print the headers
            ends = [start - 1 for start in starts] + [ws.max_column]
            areas = [f"A1:{get_column_letter(ends[0])}{ws.max_row}"]
            for start, end in zip(starts, ends[1:]):
                areas.append(f"{get_column_letter(start)}{body_rows[0]}:{get_column_letter(end)}{body_rows[1]}")
            ws.print_area = areas
        else:
            for column in starts:
                ws.col_breaks.append(Break(id=column - 1, max=1048575))  # id: the last column of a page
    else:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages down as needed
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = margins.sides
    ws.page_margins.top, ws.page_margins.bottom = margins.top, margins.bottom
    ws.page_margins.header, ws.page_margins.footer = margins.header, margins.footer
    if title_rows:
        ws.print_title_rows = title_rows
    if title_columns:
        ws.print_title_cols = title_columns
    if column_breaks:
        widest = max(_points(ws, group) for group in column_groups(ws))
        ws.page_setup.scale = max(10, min(100, int(100 * printable_width(ws) / widest)))
    parts = [(ws.oddFooter.left, "&A"), (ws.oddFooter.right, "Halaman &P dari &N")]
    if header:
        parts.append((ws.oddHeader.left, header.replace("&", "&&")))  # "&" starts a header code
    for part, text in parts:
        part.text = text
        if text_size:
            part.size = text_size


def printable_width(ws: Worksheet) -> float:
    """The width in points between the side margins of an A4 page in ``ws``'s orientation."""
    return page_width(ws.page_setup.orientation == "landscape", ws.page_margins.left)


def page_width(landscape: bool, sides: float) -> float:
    """The width in points between side margins of ``sides`` inches on an A4 page."""
    short, long = A4_POINTS
    return (long if landscape else short) - 2 * 72 * sides


def group_breaks(
    widths: Sequence[float], title_columns: int, blocks: Sequence[int], *, landscape: bool, margins: Margins
) -> list[int]:
    """Where to break a sheet too wide for one page: the first column (number) of every page after the first.

    ``widths`` are the column widths from column A, the first ``title_columns`` of them repeated on
    every page. ``blocks`` are the first columns of the blocks that should not be split (a domain's
    indicators); the columns between the title columns and the first block go with it. Blocks are
    put side by side while they fit at 100%; a block wider than a page gets a page of its own.
    """
    capacity = page_width(landscape, margins.sides) / POINTS_PER_WIDTH - sum(widths[:title_columns])
    starts = sorted(b for b in blocks if b > title_columns + 1)
    bounds = [title_columns + 1, *starts, len(widths) + 1]
    breaks, used = [], 0.0
    for begin, stop in zip(bounds, bounds[1:]):
        width = sum(widths[begin - 1 : stop - 1])
        if used and used + width > capacity:
            breaks.append(begin)
            used = 0.0
        used += width
    return breaks


def column_groups(ws: Worksheet) -> list[list[int]]:
    """The columns (numbers) printed side by side on one page width: all of them when the sheet is
    fitted to the width, else each group between the manual column breaks, with the title columns."""
    last = ws.max_column
    titles: list[int] = []
    if ws.print_title_cols:
        first, end = (column_index_from_string(c.strip("$")) for c in ws.print_title_cols.split(":"))
        titles = list(range(first, end + 1))
    starts = sorted({b.id + 1 for b in ws.col_breaks.brk})
    areas = (ws.print_area or "").split(",")
    if len(areas) > 1:  # one print area per group: where each begins
        starts = [column_index_from_string(re.match(r"[^!]*!\$?([A-Z]+)", area).group(1)) for area in areas[1:]]
    bounds = [1, *starts, last + 1]
    groups = []
    for begin, stop in zip(bounds, bounds[1:]):
        columns = [c for c in range(begin, stop) if c not in titles]
        if columns:
            groups.append(titles + columns)
    return groups or [titles]


def print_scale(ws: Worksheet) -> int:
    """The scale (percent) at which ``ws`` prints on A4: the fixed scale of a sheet printed in
    groups of columns, or the one at which a spreadsheet app fits the sheet to the page width."""
    if not ws.sheet_properties.pageSetUpPr.fitToPage:
        return ws.page_setup.scale or 100
    widest = max(_points(ws, group) for group in column_groups(ws))
    return min(100, int(100 * printable_width(ws) / widest))


def _points(ws: Worksheet, columns: Iterable[int]) -> float:
    return sum(_width(ws, column) for column in columns) * POINTS_PER_WIDTH
