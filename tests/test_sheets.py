"""The openpyxl helpers shared by the workbook writer and the recap: row heights and print setup."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from spbe_reports.sheets import (
    DEFAULT_WIDTH,
    FORM_MARGINS,
    LINE_HEIGHT,
    ROW_PADDING,
    Margins,
    fit_row,
    fit_rows,
    page_setup,
    wrapped_lines,
)

# At width 10 a line holds 11 characters (10 * 1.2 - 1), or 10 in bold.
WIDTH = 10


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("", 1),
        ("abcde fghij", 1),  # exactly a line
        ("aaaa bbbb cccc", 2),  # the third word goes to the next line
        ("a\n\nb", 3),  # every paragraph starts a line, an empty one too
        ("x" * 25, 3),  # a word longer than a line is broken: 11 + 11 + 3
        ("ab " + "x" * 25, 4),  # ... and starts on a line of its own
        ("Tingkat Kematangan Kebijakan Internal", 4),  # Tingkat / Kematangan / Kebijakan / Internal
    ],
)
def test_wrapped_lines_of_known_texts(text, lines):
    assert wrapped_lines(text, WIDTH) == lines


def test_bold_text_and_a_lower_density_need_more_lines():
    assert wrapped_lines("abcde fghij", WIDTH, bold=True) == 2
    assert wrapped_lines("aaaa bbbb cccc", WIDTH, density=2) == 1
    assert wrapped_lines("aaaa bbbb cccc", WIDTH, density=0.8) == 3  # 7 characters a line


def test_fit_row_takes_the_tallest_cell_and_a_minimum():
    ws = Workbook().active
    fit_row(ws, 1, [("short", WIDTH, False), ("x" * 25, WIDTH, False), ("", 1, False)])
    assert ws.row_dimensions[1].height == 3 * LINE_HEIGHT + ROW_PADDING
    fit_row(ws, 2, [("short", WIDTH, False)], minimum_lines=2)
    assert ws.row_dimensions[2].height == 2 * LINE_HEIGHT + ROW_PADDING
    fit_row(ws, 3, [("aaaa bbbb cccc", WIDTH, False)], line_height=15)
    assert ws.row_dimensions[3].height == 2 * 15 + ROW_PADDING


def test_fit_rows_sets_heights_only_where_text_wraps_to_more_lines():
    ws = Workbook().active
    ws.column_dimensions["A"].width = WIDTH
    long, wrap = "aaaa bbbb cccc dddd eeee", Alignment(wrap_text=True)
    rows = {
        1: ("short", wrap),  # one line: left at the default height
        2: (long, wrap),  # three lines
        3: (long, Alignment()),  # not wrapped: the text runs over, the row stays
        4: (long, Alignment(wrap_text=True, text_rotation=90)),  # rotated: not lines
        5: (12345678901234567890, wrap),  # a number never wraps
        6: ("abcde fghij", wrap),  # one line, but two in bold (below)
    }
    for row, (value, alignment) in rows.items():
        ws.cell(row=row, column=1, value=value).alignment = alignment
    ws.cell(row=6, column=1).font = Font(bold=True)

    fit_rows(ws, 1, 6)

    heights = {row: ws.row_dimensions[row].height for row in rows}
    assert heights == {
        1: None,
        2: 3 * LINE_HEIGHT + ROW_PADDING,
        3: None,
        4: None,
        5: None,
        6: 2 * LINE_HEIGHT + ROW_PADDING,
    }


def test_fit_rows_reads_the_default_width_without_adding_columns():
    ws = Workbook().active
    ws["B1"] = "a" * 9 + " " + "b" * 9  # 19 characters: two lines at the default width (9 a line)
    ws["B1"].alignment = Alignment(wrap_text=True)
    fit_rows(ws, 1, 1, line_height=15)
    assert wrapped_lines(ws["B1"].value, DEFAULT_WIDTH) == 2
    assert ws.row_dimensions[1].height == 2 * 15 + ROW_PADDING
    assert "B" not in ws.column_dimensions


def test_page_setup_of_the_form():
    ws = Workbook().active
    page_setup(ws, landscape=True, title_rows="4:4")
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == int(ws.PAPERSIZE_A4)
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_options.horizontalCentered
    margins = ws.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.4, 0.4, 0.6, 0.8)
    assert (margins.header, margins.footer) == (FORM_MARGINS.header, FORM_MARGINS.footer) == (0.3, 0.3)
    assert ws.print_title_rows == "$4:$4"
    assert (ws.oddFooter.left.text, ws.oddFooter.right.text) == ("&A", "Halaman &P dari &N")
    assert ws.oddFooter.left.size is None
    assert ws.oddHeader.left.text is None


def test_page_setup_with_header_margins_and_small_text(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    page_setup(
        ws,
        landscape=False,
        title_rows="4:5",
        margins=Margins(sides=0.5, top=0.75, bottom=0.75),
        header="Rekap A & B",
        text_size=8,
    )
    wb.save(tmp_path / "a.xlsx")
    ws = load_workbook(tmp_path / "a.xlsx")["Ringkasan"]
    assert ws.page_setup.orientation == "portrait"
    margins = ws.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.5, 0.5, 0.75, 0.75)
    assert ws.print_title_rows == "$4:$5"
    assert ws.oddHeader.left.text == "Rekap A && B"  # a lone "&" would start a header code
    assert [ws.oddHeader.left.size, ws.oddFooter.left.size, ws.oddFooter.right.size] == [8, 8, 8]
    assert ws.oddFooter.right.text == "Halaman &P dari &N"


def test_page_setup_without_title_rows_leaves_none():
    ws = Workbook().active
    page_setup(ws, landscape=False)
    assert ws.print_title_rows is None
