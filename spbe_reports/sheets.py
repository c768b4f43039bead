"""openpyxl helpers shared by the workbook writer and the recap: row heights and print setup.

Spreadsheet apps do not grow rows for wrapped text reliably (LibreOffice keeps the default
height of rows written by openpyxl, and neither it nor openpyxl measures text when a file is
opened), so without an estimate a long text would be cut off on screen and in print. The
estimate here is a greedy word wrap over a number of characters per unit of column width.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from openpyxl.worksheet.worksheet import Worksheet

DENSITY = 1.2  # characters of 10-point Calibri per unit of column width, with a small margin
BOLD_DENSITY = 11 / 12  # bold text is about a twelfth wider
LINE_HEIGHT = 13.5  # points per line of 10-point text
ROW_PADDING = 4  # points above and below the lines of a row
DEFAULT_WIDTH = 8.43  # Excel's width of a column without its own


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


def _wrapped_cells(ws: Worksheet, row: int) -> Iterator[tuple[str, float, bool]]:
    for cell in ws[row]:
        if isinstance(cell.value, str) and cell.alignment.wrap_text and not cell.alignment.text_rotation:
            # .get: reading a width must not add a column entry to the sheet
            dimension = ws.column_dimensions.get(cell.column_letter)
            width = (dimension.width if dimension else None) or DEFAULT_WIDTH
            yield cell.value, width, bool(cell.font.b)


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
) -> None:
    """Print ``ws`` on A4, fit to the page width, centred, with the sheet name and page numbers below.

    ``title_rows`` ("4:4" or "4:5") repeat on every page; ``header`` is plain text printed at the
    top left of every page; ``text_size`` is the font size of the header and footer (None: the
    application's default).
    """
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = margins.sides
    ws.page_margins.top, ws.page_margins.bottom = margins.top, margins.bottom
    ws.page_margins.header, ws.page_margins.footer = margins.header, margins.footer
    if title_rows:
        ws.print_title_rows = title_rows
    parts = [(ws.oddFooter.left, "&A"), (ws.oddFooter.right, "Halaman &P dari &N")]
    if header:
        parts.append((ws.oddHeader.left, header.replace("&", "&&")))  # "&" starts a header code
    for part, text in parts:
        part.text = text
        if text_size:
            part.size = text_size
