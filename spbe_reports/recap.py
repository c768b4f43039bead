"""``rekap.xlsx``: every agency of a run in one workbook, for the coordinator.

Sheets: ``Ringkasan`` (one row per workbook, ranked within its comparison group, coloured by
predikat, rejected ones below, then the average of each group), ``Indikator`` (agencies x
indicators, a heat map of the final levels, with each group's average), ``Statistik`` (per
comparison group: predikat distribution, index statistics, weakest indicators), with --pembanding
``Perubahan`` (the change of the index, every domain and aspect since last year),
``Masalah`` (every validation problem, to send back) and, when a list of agencies was given,
``Belum Mengumpulkan``.

Indices are the DISPLAYED values (rounded half up to 2 decimals) stored as numbers with the
format ``0.00``, so the recap agrees with the reports and hasil.json. Changes from last year
are differences of displayed values (as in hasil.json's ``previous``), with the format
``+0.00;-0.00;0.00``. Text typed by people (agency names, messages) is always stored as text:
a name such as ``=HYPERLINK(...)`` never becomes a formula.
"""

from __future__ import annotations

import os
import re
from copy import copy
from decimal import Decimal
from fractions import Fraction
from pathlib import Path, PurePosixPath

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from spbe_reports import files, ranking
from spbe_reports.compare import DOWN, UP
from spbe_reports.formatting import short_name
from spbe_reports.framework import Indicator
from spbe_reports.problems import ERROR
from spbe_reports.recommend import REPAIR_BELOW
from spbe_reports.report import KIND_LABELS, indonesian_datetime
from spbe_reports.scoring import rounded
from spbe_reports.sheets import Margins, fit_rows, group_breaks, merge_wrapped, page_setup

SHEET_SUMMARY = "Ringkasan"
SHEET_INDICATORS = "Indikator"
SHEET_STATISTICS = "Statistik"
SHEET_CHANGES = "Perubahan"
SHEET_PROBLEMS = "Masalah"
SHEET_MISSING = "Belum Mengumpulkan"

HEADER_ROW = 5  # Ringkasan, Indikator, Masalah, Belum Mengumpulkan: title, subtitle, legend/note, blank, header
INDEX_FORMAT = "0.00"
CHANGE_FORMAT = "+0.00;-0.00;0.00"
NEW_LABEL = "Baru (tanpa data tahun lalu)"
STATUS_OK, STATUS_DRAFT, STATUS_REJECTED = "Diproses", "Draf", "Ditolak"
SEVERITY_LABELS = {ERROR: "Galat"}
WARNING_LABEL = "Peringatan"

BODY_FONT = "Calibri"  # the workbook's default font
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="1F4E79")
SECTION_FONT = Font(bold=True, size=12, color="1F4E79")
REJECTED_FILL = PatternFill("solid", fgColor="EDEDED")
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="top")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
ROTATED_HEADER = Alignment(horizontal="center", vertical="center", wrap_text=True, text_rotation=90)
NOTE_FONT = Font(italic=True, color="595959")
# Excel's own "Good" and "Bad" cell styles: green for a rise, red for a fall.
UP_FILL, UP_FONT = PatternFill("solid", fgColor="C6EFCE"), Font(color="006100")
DOWN_FILL, DOWN_FONT = PatternFill("solid", fgColor="FFC7CE"), Font(color="9C0006")
FORMULA_STARTS = ("=", "+", "-", "@")
# Row heights of 11-point text (the default font here), and the bold, centred headers with a margin.
DENSITY, HEADER_DENSITY, LINE_HEIGHT = 1.15, 1.0, 15
MARGINS = Margins(sides=0.4, top=0.7, bottom=0.7)  # inches: about 1 cm beside, 1,8 cm above and below


def write_recap(batch, path: Path) -> None:
    """Write the recap workbook of ``batch`` to ``path`` atomically (never half written)."""
    path = Path(path)
    workbook = build_recap(batch, path.parent)
    with files.atomic_path(path) as tmp:
        workbook.save(tmp)


def build_recap(batch, folder: Path | None = None) -> Workbook:
    """The recap as an openpyxl Workbook; ``folder`` is where it will be saved (for report links)."""
    wb = Workbook()
    wb.remove(wb.active)
    fw = batch.framework
    wb.properties.title = f"Rekapitulasi {fw.index_name}"
    wb.properties.creator = "spbe-reports"
    _summary_sheet(wb.create_sheet(SHEET_SUMMARY), batch, folder)
    _indicator_sheet(wb.create_sheet(SHEET_INDICATORS), batch)
    _statistics_sheet(wb.create_sheet(SHEET_STATISTICS), batch)
    if batch.compared:
        _changes_sheet(wb.create_sheet(SHEET_CHANGES), batch)
    _problems_sheet(wb.create_sheet(SHEET_PROBLEMS), batch)
    if batch.expected is not None:
        _missing_sheet(wb.create_sheet(SHEET_MISSING), batch)
    return wb


# --- cells -------------------------------------------------------------------------------------


def put(ws: Worksheet, row: int, column: int, value, number_format: str | None = None):
    """Write one cell. Text is always stored as text (never a formula or an error code)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"  # openpyxl turns "=..." into a formula and "#N/A" into an error
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # Excel keeps it text when the user edits the cell
    elif isinstance(value, (Fraction, Decimal)):
        cell.value = float(rounded(value))
        cell.number_format = number_format or INDEX_FORMAT
    else:
        cell.value = value
        if number_format:
            cell.number_format = number_format
    return cell


def _title(ws: Worksheet, title: str, subtitle: str) -> None:
    put(ws, 1, 1, title).font = TITLE_FONT
    put(ws, 2, 1, subtitle).font = NOTE_FONT


def _header(ws: Worksheet, row: int, labels: list[str], height: float | None = None) -> None:
    for column, label in enumerate(labels, start=1):
        cell = put(ws, row, column, label)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, GRID
    fit_rows(ws, row, row, density=HEADER_DENSITY, line_height=LINE_HEIGHT)
    if height:
        ws.row_dimensions[row].height = max(height, ws.row_dimensions[row].height or 0)


def _widths(ws: Worksheet, widths: list[float]) -> None:
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def _print_setup(
    ws: Worksheet,
    title: str,
    *,
    title_rows: str | None = None,
    title_columns: str | None = None,
    column_breaks: list[int] | tuple[int, ...] = (),
    body_rows: tuple[int, int] | None = None,
) -> None:
    """The recap's print look: A4 landscape, ``title`` above every page, small header and footer text.

    The subtitle and note (rows 2 and 3) wrap within the columns of the first printed page instead
    of running past its edge. With ``column_breaks`` the sheet prints in groups of columns, the
    later ones only ``body_rows`` (see spbe_reports.sheets.page_setup), else fitted to the page width.
    """
    for row in ws.iter_rows():
        for cell in row:
            if cell.has_style and cell.font.name is None:  # LibreOffice would take a serif font
                font = copy(cell.font)
                font.name = BODY_FONT
                cell.font = font
    last = min(column_breaks) - 1 if column_breaks else ws.max_column
    for row in (2, 3):
        if ws.cell(row=row, column=1).value is not None:
            merge_wrapped(ws, row, last, density=DENSITY, line_height=LINE_HEIGHT)
    page_setup(
        ws,
        landscape=True,
        title_rows=title_rows,
        margins=MARGINS,
        header=title,
        text_size=8,
        title_columns=title_columns,
        column_breaks=column_breaks,
        body_rows=body_rows,
    )


# Print layout: column widths by header label (in widths of a digit), so that a sheet prints at a
# readable scale; narrow columns get a vertical label. Domain and aspect columns are PART_WIDTH wide.
COLUMN_WIDTHS = {
    "Peringkat": 5,
    "Nama Instansi": 26,
    "Kelompok": 20,
    "Kode": 8,
    "Jenis Instansi": 12,
    "Tahun": 5,
    "Predikat": 11,
    "Indeks Tahun Lalu": 6,
    "Perubahan": 7,
    "Arah": 6,
    "Indeks Penilaian Mandiri": 6,
    "Jenis Penilaian": 11,
    "Kelengkapan": 6,
    "Status": 9,
    "Keterangan": 24,
    "Berkas": 24,
    "Laporan": 24,
    "Tahun Pembanding": 5,
    "Indikator Naik": 5,
    "Indikator Turun": 5,
    "Rekomendasi Tahun Lalu Terpenuhi": 9,
}
PART_WIDTH, INDEX_WIDTH, OTHER_WIDTH = 6, 8, 12
LINK_MIN_WIDTH, LINK_MAX_WIDTH = 10, 74  # the longest: a folder name of files.MAX_NAME characters and "-2"
VERTICAL_LABELS = {
    "Peringkat",
    "Tahun",
    "Indeks Tahun Lalu",
    "Perubahan",
    "Arah",
    "Kelengkapan",
    "Indeks Penilaian Mandiri",
    "Tahun Pembanding",
    "Indikator Naik",
    "Indikator Turun",
    "Rekomendasi Tahun Lalu Terpenuhi",
}
VERTICAL_FONT = Font(bold=True, color="FFFFFF", size=9)


def _label_widths(ws: Worksheet, headers: list[str], index_name: str) -> None:
    """Set each column's width from its header label (see COLUMN_WIDTHS)."""

    def width(label: str) -> float:
        if label.startswith(("Domain ", "Aspek ")):
            return PART_WIDTH
        if label.startswith(index_name):  # "Indeks SPBE", "Indeks SPBE Tahun Ini"
            return INDEX_WIDTH if label == index_name else COLUMN_WIDTHS["Indeks Tahun Lalu"] + 1
        return COLUMN_WIDTHS.get(label, OTHER_WIDTH)

    _widths(ws, [width(label) for label in headers])


def _link_width(ws: Worksheet, column: int, labels: list[str]) -> None:
    """Make the link column as wide as its longest text: LibreOffice never wraps a link (it would be cut)."""
    longest = max((len(label) for label in labels), default=0)
    width = min(LINK_MAX_WIDTH, max(LINK_MIN_WIDTH, longest / DENSITY + 2))
    ws.column_dimensions[get_column_letter(column)].width = width


def _vertical_labels(ws: Worksheet, row: int, headers: list[str], index_name: str) -> None:
    """Turn the header labels of the narrow columns (VERTICAL_LABELS) vertical."""
    for column, label in enumerate(headers, start=1):
        if label in VERTICAL_LABELS or (label.startswith(index_name) and label != index_name):
            cell = ws.cell(row=row, column=column)
            cell.alignment, cell.font = ROTATED_HEADER, VERTICAL_FONT


def _table(ws: Worksheet, first_row: int, last_row: int, columns: int) -> None:
    """Grid lines, top alignment, and row heights that show wrapped text whole."""
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = GRID
            if not cell.alignment.wrap_text and cell.alignment.horizontal is None:
                cell.alignment = WRAP_TOP if cell.data_type == "s" else Alignment(vertical="top")
    fit_rows(ws, first_row, last_row, density=DENSITY, line_height=LINE_HEIGHT)


def _subtitle(batch) -> str:
    fw = batch.framework
    years = sorted({s.evaluation.assessment.identity.year for s in ranking.standings(batch)})
    parts = [f"Kerangka {fw.name}"]
    if years:
        parts.append("tahun penilaian " + ", ".join(str(y) for y in years))
    parts.append(f"dibuat {indonesian_datetime(batch.generated_at)}")
    parts.append(f"{len(batch.workbooks)} buku kerja diterima, {len(batch.ok)} diproses, {len(batch.rejected)} ditolak")
    return "; ".join(parts) + "."


# --- Ringkasan -----------------------------------------------------------------------------


CHANGE_HEADERS = ["Indeks Tahun Lalu", "Perubahan", "Arah"]
GROUP_HEADER = "Kelompok"  # the comparison group (spbe_reports.groups) within which the rank holds


def summary_headers(framework, compared: bool = False) -> list[str]:
    """The header row of ``Ringkasan``; ``compared`` (--pembanding) adds last year's index, the change and its direction."""
    index = framework.index_name or "Indeks"
    return [
        "Peringkat",
        "Nama Instansi",
        GROUP_HEADER,
        "Kode",
        "Jenis Instansi",
        "Tahun",
        index,
        "Predikat",
        *(CHANGE_HEADERS if compared else []),
        *(f"Domain {d.number}\n{d.name}" for d in framework.domains),
        *(f"Aspek {a.number}\n{a.name}" for a in framework.aspects),
        "Indeks Penilaian Mandiri",
        "Jenis Penilaian",
        "Kelengkapan",
        "Status",
        "Keterangan",
        "Berkas",
        "Laporan",
    ]


def _summary_sheet(ws: Worksheet, batch, folder: Path | None) -> None:
    fw = batch.framework
    fills = {name: PatternFill("solid", fgColor=rgb) for name, rgb in ranking.band_fills(fw).items()}
    headers = summary_headers(fw, batch.compared)
    first = 9 + (len(CHANGE_HEADERS) if batch.compared else 0)  # the first domain column
    rotated = range(first, first + len(fw.domains) + len(fw.aspects) + 1)  # domain, aspect and self-assessment
    _label_widths(ws, headers, fw.index_name)
    reports = [report_label(s.result.report) for s in ranking.standings(batch) if s.result.report]
    _link_width(ws, headers.index("Laporan") + 1, reports)
    _title(ws, f"Rekapitulasi Hasil Penilaian {fw.index_name}", _subtitle(batch))
    note = (
        f"Peringkat berlaku dalam kelompoknya: pemerintah daerah dibandingkan dengan pemerintah daerah yang "
        f"sejenis, perangkat daerah dengan perangkat daerah pada pemerintah daerah induk yang sama. Dalam setiap "
        f"kelompok diurutkan menurut {fw.index_name} (nilai tepat sebelum pembulatan); nilai yang sama berbagi "
        "peringkat. Buku kerja draf dan yang ditolak dicantumkan di bawahnya, lalu rata-rata setiap kelompok."
    )
    if batch.compared:
        note += (
            f" Perubahan = {fw.index_name} tahun ini dikurangi tahun lalu (nilai yang ditampilkan); "
            f"rinciannya di lembar {SHEET_CHANGES}."
        )
    put(ws, 3, 1, note).font = NOTE_FONT
    _header(ws, HEADER_ROW, headers, height=150)
    for column in rotated:
        ws.cell(row=HEADER_ROW, column=column).alignment = ROTATED_HEADER
        ws.cell(row=HEADER_ROW, column=column).font = Font(bold=True, color="FFFFFF", size=9)
    _vertical_labels(ws, HEADER_ROW, headers, fw.index_name)

    row = HEADER_ROW
    for s in ranking.standings(batch):
        row += 1
        _standing_row(ws, row, s, batch, folder, fills)
    for w in batch.rejected:
        row += 1
        _rejected_row(ws, row, w, fw, batch.compared)
    last = max(row, HEADER_ROW)
    _table(ws, HEADER_ROW + 1, last, len(headers))
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last}"

    row = _group_averages(ws, last + 2, batch, fills)
    row = last + 2 if row is None else row + 2
    put(ws, row, 2, "Keterangan warna predikat").font = Font(bold=True)
    for band in fw.ratings:
        row += 1
        cell = put(ws, row, 2, f"{band.name} ({ranking.band_range(fw, band)})")
        cell.fill, cell.border = fills[band.name], GRID
    row += 1
    cell = put(ws, row, 2, f"{STATUS_REJECTED} (tidak diproses; lihat lembar {SHEET_PROBLEMS})")
    cell.fill, cell.border = REJECTED_FILL, GRID
    _print_setup(
        ws,
        f"Rekapitulasi Hasil Penilaian {fw.index_name}",
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        title_columns="A:B",  # rank and name beside the scores, and beside the status and links
        column_breaks=[headers.index("Jenis Penilaian") + 1],
        body_rows=(HEADER_ROW + 1, last),
    )


def _standing_row(ws: Worksheet, row: int, s: ranking.Standing, batch, folder: Path | None, fills) -> None:
    fw = batch.framework
    ev = s.evaluation
    identity = ev.assessment.identity
    final = ev.final

    def coloured(column: int, value):
        cell = put(ws, row, column, value)
        if value is not None and not isinstance(value, str):
            cell.fill = fills[fw.rating(rounded(value))]
        return cell

    put(ws, row, 1, s.rank).alignment = CENTER
    put(ws, row, 2, identity.name)
    put(ws, row, 3, group_title(s.group, batch))
    put(ws, row, 4, identity.code or None)
    put(ws, row, 5, identity.kind)
    put(ws, row, 6, identity.year).alignment = CENTER
    coloured(7, final.index).font = Font(bold=True)
    rating = put(ws, row, 8, final.rating)
    if final.rating:
        rating.fill = fills[final.rating]
    column = 9
    if batch.compared:
        _change_cells(ws, row, column, s, batch)
        column += len(CHANGE_HEADERS)
    for d in fw.domains:
        coloured(column, final.domains.get(d.number))
        column += 1
    for a in fw.aspects:
        coloured(column, final.aspects.get(a.number))
        column += 1
    coloured(column, ranking.self_index(ev))
    put(ws, row, column + 1, KIND_LABELS.get(ev.assessment.kind, ev.assessment.kind))
    filled, total = ranking.completeness(ev)
    put(ws, row, column + 2, filled, f'0"/{total}"').alignment = CENTER  # a number, shown "46/47"
    put(ws, row, column + 3, STATUS_DRAFT if s.rank is None else STATUS_OK)
    put(ws, row, column + 4, _remark(s))
    put(ws, row, column + 5, s.result.source)
    if s.result.report:
        link = put(ws, row, column + 6, report_label(s.result.report))
        target = batch.output_dir / s.result.report
        link.hyperlink = Path(os.path.relpath(target, folder)).as_posix() if folder else s.result.report
        link.font = Font(color="0563C1", underline="single")


def group_title(group, batch) -> str:
    """A group as named in the recap: "Perangkat daerah Pemerintah Kabupaten Sukamaju (3 instansi)"."""
    if group is None:
        return ""
    found = batch.groups.get(group.key)
    size = len(found.members) if found is not None else 0
    return f"{group.label[:1].upper()}{group.label[1:]} ({size} instansi)"


def _group_averages(ws: Worksheet, row: int, batch, fills) -> int | None:
    """Below the Ringkasan table: each group's average, in the index, domain and aspect columns.

    Returns the last row written, or None when no group has an average (fewer than two
    complete members each: an agency is not compared with itself).
    """
    fw = batch.framework
    averaged = [g for g in batch.groups.values() if g.average is not None and g.average.complete]
    if not averaged:
        return None
    headers = summary_headers(fw, batch.compared)
    index_col = headers.index(fw.index_name or "Indeks") + 1
    first = headers.index(f"Domain {fw.domains[0].number}\n{fw.domains[0].name}") + 1 if fw.domains else None
    put(ws, row, 2, "Rata-rata per kelompok (instansi lengkap)").font = Font(bold=True)
    for g in averaged:
        row += 1
        average = g.average
        put(ws, row, 2, g.average_label).font = Font(bold=True)
        cell = put(ws, row, index_col, average.index)
        cell.fill, cell.font = fills[fw.rating(rounded(average.index))], Font(bold=True)
        put(ws, row, index_col + 1, fw.rating(rounded(average.index))).fill = fills[fw.rating(rounded(average.index))]
        column = first
        for value in [
            *(average.domains.get(d.number) for d in fw.domains),
            *(average.aspects.get(a.number) for a in fw.aspects),
        ]:
            if value is not None:
                put(ws, row, column, value).fill = fills[fw.rating(rounded(value))]
            column += 1
        for c in range(1, len(headers) + 1):
            ws.cell(row=row, column=c).border = GRID
    return row


def report_label(report: str) -> str:
    """The text of a report link: the report's folder ("dinas-kesehatan"), short enough to print whole."""
    path = PurePosixPath(report)
    return path.parent.name or path.name


def _change_cells(ws: Worksheet, row: int, column: int, s: ranking.Standing, batch) -> None:
    """Last year's displayed index, the change and its direction ('baru' for a new agency)."""
    comparison = s.evaluation.comparison
    index = comparison.index if comparison is not None and s.rank is not None else None
    if index is not None:
        put(ws, row, column, index.before)
        _change_cell(ws, row, column + 1, index, fill=False)
    put(ws, row, column + 2, ranking.direction(batch, s) or None).alignment = CENTER


def _change_cell(ws: Worksheet, row: int, column: int, change, fill: bool = True):
    """A signed change, green when up and red when down (the fill, or only the font)."""
    cell = put(ws, row, column, change.change, CHANGE_FORMAT)
    if change.direction == UP:
        cell.font = UP_FONT
        if fill:
            cell.fill = UP_FILL
    elif change.direction == DOWN:
        cell.font = DOWN_FONT
        if fill:
            cell.fill = DOWN_FILL
    return cell


def _remark(s: ranking.Standing) -> str:
    parts = []
    if s.rank is None:
        parts.append("Belum lengkap; Indeks SPBE belum dapat ditetapkan")
    warnings = [p for p in s.result.warnings if p.code != "incomplete-draft"]
    if warnings:
        parts.append(f"{len(warnings)} peringatan (lihat lembar {SHEET_PROBLEMS})")
    return "; ".join(parts)


def _rejected_row(ws: Worksheet, row: int, w, framework, compared: bool) -> None:
    headers = summary_headers(framework, compared)
    status_col = headers.index("Status") + 1
    put(ws, row, 2, w.agency or "(tidak terbaca)")
    put(ws, row, headers.index("Tahun") + 1, w.year).alignment = CENTER
    put(ws, row, status_col, STATUS_REJECTED).font = Font(bold=True, color="C00000")
    put(ws, row, status_col + 1, ranking.first_error(w))
    put(ws, row, status_col + 2, w.source)
    for column in range(1, len(headers) + 1):
        ws.cell(row=row, column=column).fill = REJECTED_FILL


# --- Indikator -----------------------------------------------------------------------------


def _indicator_sheet(ws: Worksheet, batch) -> None:
    fw = batch.framework
    first = 4  # first indicator column
    widths = [COLUMN_WIDTHS["Peringkat"], COLUMN_WIDTHS["Nama Instansi"], 40]  # the group in one or two lines
    _widths(ws, [*widths, *([5] * len(fw.indicators))])  # before the headers: their row height follows the widths
    _title(ws, "Nilai Akhir Indikator per Instansi", _subtitle(batch))
    put(
        ws,
        3,
        1,
        f"Warna: merah = tingkat {fw.min_level}, kuning = tingkat {(fw.min_level + fw.max_level) // 2}, "
        f"hijau = tingkat {fw.max_level}. Sel kosong: indikator belum diisi (draf). "
        "Nama lengkap indikator tampil sebagai komentar pada nomornya.",
    ).font = NOTE_FONT
    headers = ["Peringkat", "Nama Instansi", GROUP_HEADER, *(str(ind.number) for ind in fw.indicators)]
    _header(ws, HEADER_ROW - 1, headers)
    for column, ind in enumerate(fw.indicators, start=first):
        number = put(ws, HEADER_ROW - 1, column, ind.number)
        number.comment = Comment(f"Indikator {ind.number}: {ind.name}", "spbe-reports", width=300, height=80)
        name = put(ws, HEADER_ROW, column, compact_name(ind))
        name.alignment = Alignment(text_rotation=90, horizontal="center", vertical="bottom", wrap_text=True)
        name.font, name.border = Font(size=8, bold=True), GRID
    ws.merge_cells(start_row=HEADER_ROW - 1, start_column=1, end_row=HEADER_ROW, end_column=1)
    ws.merge_cells(start_row=HEADER_ROW - 1, start_column=2, end_row=HEADER_ROW, end_column=2)
    ws.merge_cells(start_row=HEADER_ROW - 1, start_column=3, end_row=HEADER_ROW, end_column=3)
    ws.row_dimensions[HEADER_ROW].height = 150

    levels = ranking.level_frame(batch, complete_only=False)
    row = HEADER_ROW
    for s in ranking.standings(batch):
        row += 1
        put(ws, row, 1, s.rank).alignment = CENTER
        put(ws, row, 2, s.name)
        put(ws, row, 3, group_title(s.group, batch))
        for column, number in enumerate(levels.columns, start=first):
            value = levels.at[s.result.source, number]
            put(ws, row, column, None if pd.isna(value) else int(value)).alignment = CENTER
    last_data = row
    for key, found in batch.groups.items():  # each group's average, never one across groups
        complete = ranking.level_frame(batch, group=key)
        if len(complete) < 2:
            continue
        row += 1
        put(ws, row, 2, found.average_label).font = Font(bold=True)
        for column, number in enumerate(complete.columns, start=first):
            mean = Fraction(int(complete[number].sum()), int(complete[number].count()))
            put(ws, row, column, mean).font = Font(bold=True, size=9)
    last = max(row, HEADER_ROW)
    _table(ws, HEADER_ROW + 1, last, len(headers))
    if last > HEADER_ROW:
        area = f"{get_column_letter(first)}{HEADER_ROW + 1}:{get_column_letter(len(headers))}{last}"
        ws.conditional_formatting.add(area, level_scale(fw))
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=first)
    if last_data > HEADER_ROW:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last_data}"
    ws.cell(row=HEADER_ROW - 1, column=1).alignment = ROTATED_HEADER
    # On paper: one page width per domain (or several narrow domains together), rank and name on each.
    domains = [next(i for i, ind in enumerate(fw.indicators) if ind.aspect in d) for d in _domain_aspects(fw)]
    breaks = group_breaks(
        [*widths, *([5] * len(fw.indicators))],
        2,
        [first + i for i in domains],
        landscape=True,
        margins=MARGINS,
    )
    _print_setup(
        ws,
        "Nilai Akhir Indikator per Instansi",
        title_rows=f"{HEADER_ROW - 1}:{HEADER_ROW}",
        title_columns="A:B",
        column_breaks=breaks,
        body_rows=(HEADER_ROW + 1, last),
    )


def _domain_aspects(framework) -> list[set[int]]:
    """The aspect numbers of each domain, in the order of the domains."""
    return [{a.number for a in framework.aspects if a.domain == d.number} for d in framework.domains]


def compact_name(indicator: Indicator) -> str:
    """The indicator's short name also without "Berbasis Elektronik" and "Instansi Pusat/Pemerintah
    Daerah", for the narrow column headers of the recap."""
    name = re.sub(r"\s+Berbasis Elektronik$", "", short_name(indicator))
    return re.sub(r"\s+Instansi Pusat/Pemerintah Daerah", "", name) or indicator.name


def level_scale(framework) -> ColorScaleRule:
    """Red at the lowest level, yellow in the middle, green at the highest (fixed numbers, not percentiles)."""
    return ColorScaleRule(
        start_type="num",
        start_value=framework.min_level,
        start_color="F8696B",
        mid_type="num",
        mid_value=(framework.min_level + framework.max_level) / 2,
        mid_color="FFEB84",
        end_type="num",
        end_value=framework.max_level,
        end_color="63BE7B",
    )


# --- Statistik -----------------------------------------------------------------------------


def _statistics_sheet(ws: Worksheet, batch) -> None:
    fw = batch.framework
    fills = {name: PatternFill("solid", fgColor=rgb) for name, rgb in ranking.band_fills(fw).items()}
    _widths(ws, [60, 16, 14, 16, 18, 16])
    _title(ws, "Statistik Hasil Penilaian", _subtitle(batch))
    put(
        ws,
        3,
        1,
        "Statistik dihitung per kelompok pembanding (pemerintah daerah yang sejenis, atau perangkat daerah pada "
        "pemerintah daerah induk yang sama), dari buku kerja lengkap saja; draf dan buku kerja yang ditolak tidak "
        "termasuk. Rata-rata, median, minimum, dan maksimum dihitung dari nilai tepat sebelum pembulatan, lalu "
        "dibulatkan ke dua desimal.",
    ).font = NOTE_FONT
    row = 3
    for key, found in batch.groups.items():
        row += 2
        put(ws, row, 1, f"Kelompok: {group_title(found.group, batch)}").font = TITLE_FONT
        row = _group_statistics(ws, row + 2, batch, key, fills)
    if not batch.groups:
        row += 2
        put(ws, row, 1, "Belum ada buku kerja lengkap.")
    _print_setup(ws, "Statistik Hasil Penilaian")


def _group_statistics(ws: Worksheet, row: int, batch, key: str, fills) -> int:
    """One group's predikat distribution, index statistics and weakest indicators from ``row``; the last row."""
    fw = batch.framework
    counts = ranking.rating_counts(batch, key)
    complete = sum(c.count for c in counts)
    drafts = len(batch.groups[key].members) - complete
    put(ws, row, 1, "Sebaran Predikat").font = SECTION_FONT
    row += 1
    _header(ws, row, ["Predikat", "Rentang Indeks", "Jumlah Instansi", "Persentase"])
    start = row + 1
    for c in counts:
        row += 1
        put(ws, row, 1, c.band.name).fill = fills[c.band.name]
        put(ws, row, 2, ranking.band_range(fw, c.band)).alignment = CENTER
        put(ws, row, 3, c.count).alignment = CENTER
        put(ws, row, 4, float(c.share), "0.0%")
    row += 1
    put(ws, row, 1, "Jumlah").font = Font(bold=True)
    put(ws, row, 3, complete).font = Font(bold=True)
    ws.cell(row=row, column=3).alignment = CENTER
    put(ws, row, 4, 1.0 if complete else 0.0, "0.0%").font = Font(bold=True)
    if drafts:
        row += 1
        put(ws, row, 1, "Draf (belum berpredikat, tidak termasuk jumlah)")
        put(ws, row, 3, drafts).alignment = CENTER
    _table(ws, start, row, 4)

    row += 2
    put(ws, row, 1, "Statistik Indeks").font = SECTION_FONT
    row += 1
    _header(ws, row, ["Indeks", "Jumlah Instansi", "Rata-rata", "Median", "Minimum", "Maksimum"])
    start = row + 1
    for stat in ranking.index_statistics(batch, key):
        row += 1
        label = put(ws, row, 1, stat.label)
        if stat.key == "index":
            label.font = Font(bold=True)
        elif stat.key.startswith("aspect-"):
            label.alignment = Alignment(indent=1, wrap_text=True, vertical="top")
        put(ws, row, 2, stat.count).alignment = CENTER
        for column, value in enumerate((stat.mean, stat.median, stat.minimum, stat.maximum), start=3):
            put(ws, row, column, value)
    if row < start:
        row += 1
        put(ws, row, 1, "Belum ada buku kerja lengkap.")
    _table(ws, start, row, 6)

    row += 2
    put(ws, row, 1, f"Indikator Terlemah ({ranking.WEAKEST} terendah menurut rata-rata tingkat)").font = SECTION_FONT
    row += 1
    _header(
        ws,
        row,
        [
            "Indikator",
            "Aspek",
            "Bobot (%)",
            "Rata-rata Tingkat",
            f"Instansi di Bawah Tingkat {REPAIR_BELOW}",
            "Jumlah Instansi",
        ],
        height=32,
    )
    start = row + 1
    for weak in ranking.weakest_indicators(batch, key):
        row += 1
        put(ws, row, 1, f"{weak.indicator.number}. {weak.indicator.name}")
        put(ws, row, 2, weak.indicator.aspect).alignment = CENTER
        put(ws, row, 3, float(weak.indicator.weight), "0.00").alignment = CENTER
        put(ws, row, 4, weak.mean)
        put(ws, row, 5, weak.below).alignment = CENTER
        put(ws, row, 6, weak.count).alignment = CENTER
    if row < start:
        row += 1
        put(ws, row, 1, "Belum ada buku kerja lengkap.")
    _table(ws, start, row, 6)
    return row


# --- Perubahan -----------------------------------------------------------------------------


def change_headers(framework) -> list[str]:
    """The header row of ``Perubahan``: the index last year and now, then the change of every domain and aspect."""
    index = framework.index_name or "Indeks"
    return [
        "Peringkat",
        "Nama Instansi",
        "Kode",
        "Tahun Pembanding",
        f"{index} Tahun Lalu",
        f"{index} Tahun Ini",
        "Perubahan",
        "Arah",
        *(f"Domain {d.number}\n{d.name}" for d in framework.domains),
        *(f"Aspek {a.number}\n{a.name}" for a in framework.aspects),
        "Indikator Naik",
        "Indikator Turun",
        "Rekomendasi Tahun Lalu Terpenuhi",
        "Keterangan",
    ]


def _changes_sheet(ws: Worksheet, batch) -> None:
    """One row per agency present in both years, ranked; the new agencies below."""
    fw = batch.framework
    changes = ranking.year_changes(batch)
    new = ranking.new_agencies(batch)
    headers = change_headers(fw)
    first = 9  # the first domain column
    parts = len(fw.domains) + len(fw.aspects)
    _label_widths(ws, headers, fw.index_name)
    _title(ws, "Perubahan dari Tahun Lalu", _subtitle(batch))
    counts = ranking.direction_counts(changes)
    sources = sorted({c.comparison.source for c in changes if c.comparison.source})
    put(
        ws,
        3,
        1,
        f"Perubahan = nilai tahun ini dikurangi nilai tahun lalu, keduanya nilai yang ditampilkan (dua desimal), "
        f"sama dengan laporan dan hasil.json. Hijau = naik, merah = turun. {fw.index_name}: "
        f"{counts['naik']} instansi naik, {counts['turun']} turun, {counts['tetap']} tetap; {len(new)} instansi baru."
        + (f" Data tahun lalu: {', '.join(sources)}." if sources else ""),
    ).font = NOTE_FONT
    if parts:
        group = put(ws, HEADER_ROW - 1, first, "Perubahan indeks domain dan aspek")
        group.font, group.fill, group.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        ws.merge_cells(
            start_row=HEADER_ROW - 1, start_column=first, end_row=HEADER_ROW - 1, end_column=first + parts - 1
        )
    _header(ws, HEADER_ROW, headers, height=150)
    for column in range(first, first + parts):
        ws.cell(row=HEADER_ROW, column=column).alignment = ROTATED_HEADER
        ws.cell(row=HEADER_ROW, column=column).font = Font(bold=True, color="FFFFFF", size=9)
    _vertical_labels(ws, HEADER_ROW, headers, fw.index_name)

    row = HEADER_ROW
    for change in changes:
        row += 1
        _year_change_row(ws, row, change, first)
    if not changes:
        row += 1
        put(ws, row, 2, "Tidak ada instansi yang ditemukan dalam hasil tahun lalu.")
    last_compared = row
    _table(ws, HEADER_ROW + 1, row, len(headers))
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    if changes:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last_compared}"

    if new:
        row += 2
        put(ws, row, 2, NEW_LABEL).font = SECTION_FONT
        start = row + 1
        for s in new:
            row += 1
            put(ws, row, 1, s.rank).alignment = CENTER
            put(ws, row, 2, s.name)
            put(ws, row, 3, s.evaluation.assessment.identity.code or None)
            put(ws, row, 6, s.index)
            put(ws, row, 8, ranking.NEW).alignment = CENTER
        _table(ws, start, row, 8)
    if len(batch.ok) > len(changes) + len(new):
        row += 2
        note = f"Buku kerja draf tidak dibandingkan karena belum memiliki {fw.index_name}."
        put(ws, row, 2, note).font = NOTE_FONT
    _print_setup(ws, "Perubahan dari Tahun Lalu", title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def _year_change_row(ws: Worksheet, row: int, change: ranking.YearChange, first: int) -> None:
    fw = change.standing.evaluation.framework
    comparison = change.comparison
    put(ws, row, 1, change.standing.rank).alignment = CENTER
    put(ws, row, 2, change.name)
    put(ws, row, 3, change.standing.evaluation.assessment.identity.code or None)
    put(ws, row, 4, comparison.previous.year).alignment = CENTER
    if change.index is not None:
        put(ws, row, 5, change.index.before)
        put(ws, row, 6, change.index.after).font = Font(bold=True)
        _change_cell(ws, row, 7, change.index)
    put(ws, row, 8, change.direction or None).alignment = CENTER
    column = first
    for d in fw.domains:
        found = change.domain(d.number)
        if found is not None:
            _change_cell(ws, row, column, found)
        column += 1
    for a in fw.aspects:
        found = change.aspect(a.number)
        if found is not None:
            _change_cell(ws, row, column, found)
        column += 1
    if comparison.same_framework:
        put(ws, row, column, change.indicators_up).alignment = CENTER
        put(ws, row, column + 1, change.indicators_down).alignment = CENTER
        met, total = change.recommendations
        put(ws, row, column + 2, f"{met} dari {total}" if total else "tidak ada").alignment = CENTER
    else:
        put(ws, row, column + 3, "Kerangka penilaian tahun lalu berbeda: hanya indeks keseluruhan yang dibandingkan.")


# --- Masalah -------------------------------------------------------------------------------


PROBLEM_HEADERS = ["Berkas", "Instansi", "Status Berkas", "Tingkat", "Kode", "Lembar", "Sel", "Indikator", "Pesan"]


def _problems_sheet(ws: Worksheet, batch) -> None:
    _widths(ws, [22, 24, 9, 10, 18, 10, 6, 9, 50])
    _title(ws, "Daftar Masalah Validasi", _subtitle(batch))
    put(
        ws,
        3,
        1,
        "Galat membuat buku kerja ditolak; peringatan tidak menghalangi pemrosesan tetapi perlu diperiksa. "
        "Kirimkan baris-baris ini kepada instansi yang bersangkutan untuk diperbaiki.",
    ).font = NOTE_FONT
    _header(ws, HEADER_ROW, PROBLEM_HEADERS)
    row = HEADER_ROW
    for w in batch.workbooks:
        agency = w.evaluation.assessment.identity.name if w.evaluation else (w.agency or "")
        status = STATUS_REJECTED if not w.ok else (STATUS_DRAFT if not w.evaluation.final.complete else STATUS_OK)
        for p in sorted(w.problems, key=lambda p: not p.is_error):
            row += 1
            put(ws, row, 1, w.source)
            put(ws, row, 2, agency)
            put(ws, row, 3, status)
            level = put(ws, row, 4, SEVERITY_LABELS.get(p.severity, WARNING_LABEL))
            level.font = Font(bold=True, color="C00000") if p.is_error else Font(color="9C5700")
            put(ws, row, 5, p.code)
            put(ws, row, 6, p.sheet)
            put(ws, row, 7, p.cell).alignment = CENTER
            put(ws, row, 8, p.indicator).alignment = CENTER
            put(ws, row, 9, p.message)
    if row == HEADER_ROW:
        row += 1
        put(ws, row, 1, "Tidak ada masalah: semua buku kerja lolos validasi tanpa galat maupun peringatan.")
    _table(ws, HEADER_ROW + 1, row, len(PROBLEM_HEADERS))
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(PROBLEM_HEADERS))}{row}"
    _print_setup(ws, "Daftar Masalah Validasi", title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


# --- Belum Mengumpulkan --------------------------------------------------------------------


def _missing_sheet(ws: Worksheet, batch) -> None:
    missing = batch.missing
    _widths(ws, [6, 50, 24, 16])
    _title(ws, "Instansi yang Belum Mengumpulkan", _subtitle(batch))
    put(
        ws,
        3,
        1,
        f"{len(missing)} dari {len(batch.expected)} instansi dalam daftar belum mengirim buku kerja.",
    ).font = NOTE_FONT
    _header(ws, HEADER_ROW, ["No", "Nama Instansi", "Jenis Instansi", "Kode Instansi"])
    row = HEADER_ROW
    for number, agency in enumerate(missing, start=1):
        row += 1
        put(ws, row, 1, number).alignment = CENTER
        put(ws, row, 2, agency.name)
        put(ws, row, 3, agency.kind or None)
        put(ws, row, 4, agency.code or None)
    if not missing:
        row += 1
        put(ws, row, 2, "Semua instansi dalam daftar telah mengirim buku kerja.")
    _table(ws, HEADER_ROW + 1, row, 4)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    _print_setup(ws, "Instansi yang Belum Mengumpulkan", title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
