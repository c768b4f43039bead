"""rekap.xlsx on paper and as numbers: page setup of every sheet, readable scale, whole link column,
no number stored as text; one LibreOffice conversion to PDF."""

from __future__ import annotations

import re
import shutil
import subprocess

import openpyxl
import pytest
from factories import FW, assessment, batch, levels, rejected, result, varied_batch
from openpyxl.utils import column_index_from_string, get_column_letter

from spbe_reports import files, recap
from spbe_reports.agencies import Agency
from spbe_reports.problems import problem
from spbe_reports.sheets import (
    MIN_SCALE,
    POINTS_PER_WIDTH,
    column_groups,
    print_scale,
    printable_width,
)

TABLE_SHEETS = [recap.SHEET_SUMMARY, recap.SHEET_INDICATORS, recap.SHEET_CHANGES, recap.SHEET_PROBLEMS]
WIDE_SHEETS = {recap.SHEET_SUMMARY, recap.SHEET_INDICATORS}  # printed in groups of columns
# The longest name files.slug keeps whole: its folder name has files.MAX_NAME characters.
LONG_NAME = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Mekarsari Provinsi Jawa Barat Selatan"
NUMBER_TEXT = re.compile(r"^\s*[+-]?\d+([.,]\d+)?\s*%?\s*$|^\s*\d+\s*/\s*\d+\s*$")
CODE_HEADERS = {"Kode", "Kode Instansi"}  # identifiers such as "0099": text on purpose
FLOAT_FORMATS = {recap.INDEX_FORMAT, recap.CHANGE_FORMAT, "0.0%"}


def _with_reports(made):
    """Give every processed workbook a report folder named like batch.run does, one of the longest kind."""
    ok = [w for w in made.workbooks if w.ok]
    names = [LONG_NAME if i == 0 else w.agency for i, w in enumerate(ok)]
    for w, folder in zip(ok, files.unique_slugs(names)):
        w.report = f"{folder}/laporan.docx"
    return made


def _small():
    """Five workbooks: a draft, a rejected one, a code that looks like a number, a list of agencies."""
    made = batch(
        [
            result(assessment("Dinas Kesehatan", 3, code="0012")),
            result(assessment("Badan Perencanaan", levels(4, i1=5, i40=3), code="-0013")),
            result(assessment("Dinas Pendidikan", 3, assessor={"dokumen": levels(2)})),
            result(assessment("Dinas Draf", levels(3, i5=None))),
            rejected(
                "rusak.xlsx", [problem("missing-year", "rusak.xlsx", sheet="Identitas", cell="B4")], agency="Rusak"
            ),
        ],
        expected=[Agency("Dinas Kesehatan"), Agency("Dinas Pariwisata", "Perangkat Daerah", "0099")],
    )
    return _with_reports(made)


@pytest.fixture(scope="module", params=["lima", "empat-puluh"])
def workbook(request, tmp_path_factory):
    made = _small() if request.param == "lima" else _with_reports(varied_batch(40, compared=True))
    path = tmp_path_factory.mktemp("rekap-cetak") / "rekap.xlsx"
    recap.write_recap(made, path)
    return openpyxl.load_workbook(path)


def test_every_sheet_prints_on_a4_landscape_with_header_footer_and_margins(workbook):
    for ws in workbook:
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", int(ws.PAPERSIZE_A4)), ws.title
        assert ws.oddHeader.left.text, ws.title  # the sheet's title on every page
        assert ws.oddFooter.right.text == "Halaman &P dari &N"
        assert ws.oddFooter.left.text == "&A"
        margins = ws.page_margins
        assert (margins.left, margins.right, margins.top, margins.bottom) == (0.4, 0.4, 0.7, 0.7)
        assert ws.print_options.horizontalCentered


def test_table_headers_repeat_on_every_page(workbook):
    for name in [*TABLE_SHEETS, recap.SHEET_MISSING]:
        if name in workbook.sheetnames:
            rows = workbook[name].print_title_rows
            assert rows and rows.endswith(f"${recap.HEADER_ROW}"), name


def test_narrow_sheets_fit_to_the_width_only(workbook):
    for ws in workbook:
        if ws.title in WIDE_SHEETS:
            continue
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title


def test_every_sheet_prints_at_a_readable_scale(workbook):
    for ws in workbook:
        scale = print_scale(ws)
        assert MIN_SCALE <= scale <= 100, (ws.title, scale)
        for group in column_groups(ws):  # every group of columns fits the page width at that scale
            width = sum(ws.column_dimensions[get_column_letter(c)].width for c in group) * POINTS_PER_WIDTH
            assert width * scale / 100 <= printable_width(ws) + 0.5, (ws.title, group)


def _areas(ws) -> list[tuple[int, int, int, int]]:
    """The print areas of ``ws`` as (first column, first row, last column, last row)."""
    found = []
    for area in ws.print_area.split(","):
        first, last = area.split("!")[1].replace("$", "").split(":")
        (c1, r1), (c2, r2) = (re.match(r"([A-Z]+)(\d+)", cell).groups() for cell in (first, last))
        found.append((column_index_from_string(c1), int(r1), column_index_from_string(c2), int(r2)))
    return found


def test_ringkasan_prints_the_scores_then_the_status_and_links_beside_rank_and_name(workbook):
    ws = workbook[recap.SHEET_SUMMARY]
    headers = [c.value for c in ws[recap.HEADER_ROW]]
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_cols == "$A:$B"
    (first, second) = _areas(ws)
    assert first[:2] == (1, 1)
    assert first[2] + 1 == second[0] == headers.index("Jenis Penilaian") + 1
    assert second[1] == recap.HEADER_ROW + 1  # the body only: titles and notes print with the first group
    assert second[2] == headers.index("Laporan") + 1 == len(headers)


def test_heat_map_prints_whole_domains_beside_rank_and_name(workbook):
    ws = workbook[recap.SHEET_INDICATORS]
    numbers = {c.column: c.value for c in ws[recap.HEADER_ROW - 1] if isinstance(c.value, int)}
    areas = _areas(ws)
    assert ws.print_title_cols == "$A:$B" and len(areas) >= 2
    printed = [[numbers[c] for c in range(a[0], a[2] + 1) if c in numbers] for a in areas]
    assert [n for part in printed for n in part] == [ind.number for ind in FW.indicators]  # each once, in order
    aspect = {ind.number: ind.aspect for ind in FW.indicators}
    domain = {a.number: a.domain for a in FW.aspects}
    for part in printed:  # a domain is never split over two pages
        for other in printed:
            if other is not part:
                assert not {domain[aspect[n]] for n in part} & {domain[aspect[n]] for n in other}


def test_report_link_shows_the_folder_and_fits_its_column(workbook):
    ws = workbook[recap.SHEET_SUMMARY]
    headers = [c.value for c in ws[recap.HEADER_ROW]]
    column = headers.index("Laporan") + 1
    links = [c for c in (ws.cell(row, column) for row in range(recap.HEADER_ROW + 1, ws.max_row + 1)) if c.hyperlink]
    assert links
    assert any(len(c.value) == files.MAX_NAME for c in links)  # the longest folder name there is
    width = ws.column_dimensions[get_column_letter(column)].width
    for cell in links:  # LibreOffice never wraps a link: it must fit on one line
        assert "/" not in cell.value and cell.hyperlink.target.endswith(f"{cell.value}/laporan.docx")
        assert len(cell.value) <= width * recap.DENSITY


def _header_of(ws, column: int):
    return ws.cell(row=recap.HEADER_ROW, column=column).value


def test_no_number_is_stored_as_text(workbook):
    for ws in workbook:
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or _header_of(ws, cell.column) in CODE_HEADERS:
                    continue
                assert cell.data_type == "s"
                assert not NUMBER_TEXT.match(cell.value), (ws.title, cell.coordinate, cell.value)


def test_numbers_carry_an_excel_number_format(workbook):
    seen = set()
    for ws in workbook:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, bool) or not isinstance(cell.value, (int, float)):
                    continue
                assert cell.data_type == "n"
                if isinstance(cell.value, float):
                    assert cell.number_format in FLOAT_FORMATS, (ws.title, cell.coordinate, cell.number_format)
                else:  # ranks, levels, counts, years; or a whole index (3.0 is read back as 3)
                    formats = {"General", "0", *FLOAT_FORMATS}
                    assert cell.number_format in formats or re.fullmatch(r'0"/\d+"', cell.number_format)
                seen.add(cell.number_format)
    assert recap.INDEX_FORMAT in seen  # "0.00": Excel shows 2,59 in an Indonesian locale
    assert all("," not in f for f in seen)  # the decimal comma comes from the locale, not the format


def test_indices_are_numbers_with_two_decimals_and_levels_integers(workbook):
    ws = workbook[recap.SHEET_SUMMARY]
    headers = [c.value for c in ws[recap.HEADER_ROW]]
    index = ws.cell(row=recap.HEADER_ROW + 1, column=headers.index(FW.index_name) + 1)
    assert isinstance(index.value, float) and index.number_format == "0.00"
    heat = workbook[recap.SHEET_INDICATORS]
    level = heat.cell(row=recap.HEADER_ROW + 1, column=4)
    assert isinstance(level.value, int) and level.data_type == "n"


def test_notes_above_a_table_wrap_within_the_first_page(workbook):
    for ws in workbook:
        for row in (2, 3):
            cell = ws.cell(row=row, column=1)
            if cell.value is None:
                continue
            assert cell.alignment.wrap_text, (ws.title, row)
            merged = [r for r in ws.merged_cells.ranges if r.min_row == row and r.min_col == 1]
            assert merged, (ws.title, row)
            first_group = column_groups(ws)[0]
            assert merged[0].max_col <= max(first_group)


SOFFICE, PDFTOTEXT = shutil.which("soffice"), shutil.which("pdftotext")


@pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="LibreOffice (soffice) or pdftotext is not installed")
def test_libreoffice_prints_every_sheet_with_the_link_column_whole(tmp_path):
    path = tmp_path / "rekap.xlsx"
    made = _small()
    recap.write_recap(made, path)
    profile = tmp_path / "profil"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", path.name],
        cwd=tmp_path,
        capture_output=True,
        timeout=180,
        check=True,
    )
    pdf = tmp_path / "rekap.pdf"
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.count("\f")
    sheets = openpyxl.load_workbook(path).sheetnames
    # Ringkasan 2 groups, Indikator a page per domain, one page or two for each other sheet; without
    # Calibri (or Carlito) LibreOffice draws wider columns and adds pages, never more than twice as many.
    assert len(sheets) <= pages <= 2 * (2 + len(FW.domains) + 2 * (len(sheets) - 2))
    for header in ("Laporan", "Pesan", "Kode Instansi"):  # the last column of Ringkasan, Masalah, Belum Mengumpulkan
        assert header in text
    longest = max((w.report.split("/")[0] for w in made.workbooks if w.report), key=len)
    assert longest in text.replace("\n", "")  # the link is printed whole
    assert "Halaman 1 dari" in text
