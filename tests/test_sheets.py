"""The openpyxl helpers shared by the workbook writer and the recap: row heights and print setup."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from spbe_reports.sheets import (
    DEFAULT_WIDTH,
    FORM_MARGINS,
    LINE_HEIGHT,
    POINTS_PER_WIDTH,
    ROW_PADDING,
    Margins,
    column_groups,
    fit_row,
    fit_rows,
    group_breaks,
    merge_wrapped,
    page_setup,
    print_scale,
    printable_width,
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


def _wide_sheet(columns: int = 30, width: float = 10) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Lebar"
    for column in range(1, columns + 1):
        ws.column_dimensions[get_column_letter(column)].width = width
        ws.cell(row=10, column=column, value=column)
    return wb


def test_a_sheet_fitted_to_the_width_prints_at_the_scale_that_fits():
    ws = _wide_sheet(columns=30).active  # 300 widths = 1740 points
    page_setup(ws, landscape=True, margins=Margins(sides=0.4, top=0.7, bottom=0.7))
    assert printable_width(ws) == pytest.approx(841.9 - 57.6)
    assert print_scale(ws) == int(100 * (841.9 - 57.6) / (300 * POINTS_PER_WIDTH)) == 45
    ws.column_dimensions["A"].width = 1  # a narrow sheet is not enlarged
    for column in range(2, 31):
        ws.column_dimensions[get_column_letter(column)].width = 1
    assert print_scale(ws) == 100


def test_group_breaks_keep_blocks_whole_and_pack_them_while_they_fit():
    margins = Margins(sides=0.4, top=0.7, bottom=0.7)  # 784.3 points: 135 widths at 100%
    widths = [5, 26, 16, *([5] * 47)]  # titles A:B, then a column that goes with the first block
    blocks = [4, 14, 24, 35]  # four blocks of 10, 10, 11 and 16 columns
    assert group_breaks(widths, 2, blocks, landscape=True, margins=margins) == [14, 24, 35]
    narrow = [5, 5, *([2] * 47)]
    assert group_breaks(narrow, 2, blocks, landscape=True, margins=margins) == []  # all on one page
    assert group_breaks(widths, 2, [], landscape=True, margins=margins) == []  # one block, however wide


def test_column_groups_print_as_areas_beside_the_title_columns(tmp_path):
    wb = _wide_sheet(columns=30)
    ws = wb.active
    page_setup(ws, landscape=True, title_columns="A:B", column_breaks=[12, 22], body_rows=(6, 10))
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_area == "'Lebar'!$A$1:$K$10,'Lebar'!$L$6:$U$10,'Lebar'!$V$6:$AD$10"
    assert [group[:3] for group in column_groups(ws)] == [[1, 2, 3], [1, 2, 12], [1, 2, 22]]
    # The widest group (A:B and 10 columns: 120 widths = 696 points) fits the page at 100%.
    assert ws.page_setup.scale == print_scale(ws) == 100
    wb.save(tmp_path / "a.xlsx")
    ws = load_workbook(tmp_path / "a.xlsx")["Lebar"]
    assert ws.print_title_cols == "$A:$B" and print_scale(ws) == 100
    assert [group[2] for group in column_groups(ws)] == [3, 12, 22]


def test_column_groups_without_a_body_use_manual_breaks_and_scale_down_to_fit():
    ws = _wide_sheet(columns=30, width=20).active
    page_setup(ws, landscape=True, title_columns="A:B", column_breaks=[12], body_rows=(6, 5))
    assert [b.id for b in ws.col_breaks.brk] == [11]  # the page ends after column K
    assert not ws.print_area
    widest = (2 + 19) * 20 * POINTS_PER_WIDTH  # A:B and L:AD
    assert ws.page_setup.scale == int(100 * printable_width(ws) / widest)


def test_merge_wrapped_spreads_a_note_over_columns_and_fits_the_row():
    ws = Workbook().active
    for column in "ABC":
        ws.column_dimensions[column].width = 10
    ws["A2"] = "kata " * 20  # 100 characters over 30 widths: 36 a line, three lines
    merge_wrapped(ws, 2, 3, line_height=15)
    assert [str(r) for r in ws.merged_cells.ranges] == ["A2:C2"]
    assert ws["A2"].alignment.wrap_text and ws["A2"].alignment.vertical == "top"
    assert ws.row_dimensions[2].height == 3 * 15 + ROW_PADDING
