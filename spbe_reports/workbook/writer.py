"""Write the standard workbook that agencies fill (contract.md section 1).

The workbook is a form: labels, headers and formulas are locked, the cells a person fills are
unlocked and coloured (yellow for the agency, blue for the assessors), and every sheet is
protected without a password so that nobody breaks the form by accident while anyone who must
can lift the protection (Review > Unprotect Sheet). Level cells are dropdowns fed from the
hidden ``Daftar`` sheet, one list per scale of the framework. Everything the form says comes from
the framework data, so another framework gives another form without code changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from spbe_reports import __version__
from spbe_reports.agencies import Agency
from spbe_reports.files import atomic_path
from spbe_reports.framework import Framework, Indicator, Scale
from spbe_reports.sheets import fit_row, page_setup
from spbe_reports.workbook import layout

GENERATOR = f"spbe-reports {__version__}"
COL_FINAL = "Nilai Akhir"  # a locked formula column; readers ignore it
MAX_FILENAME_NAME = 100
YEAR_RANGE = (2000, 2100)

# Penilaian sheet geometry: title rows above the one header row.
TITLE_ROW, SUBTITLE_ROW, BAND_ROW, HEADER_ROW = 1, 2, 3, 4
FIRST_INDICATOR_ROW = HEADER_ROW + 1

# Look of an official form.
_FONT = "Calibri"
_NAVY = "1F4E78"
_AGENCY_FILL = PatternFill("solid", fgColor="FFF2CC")
_ASSESSOR_FILL = PatternFill("solid", fgColor="DDEBF7")
_FORMULA_FILL = PatternFill("solid", fgColor="EDEDED")
_HEADER_FILL = PatternFill("solid", fgColor=_NAVY)
_HEADING_FILL = PatternFill("solid", fgColor="D9E1F2")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TITLE_FONT = Font(name=_FONT, size=14, bold=True, color=_NAVY)
_SUBTITLE_FONT = Font(name=_FONT, size=11, italic=True, color="404040")
_HEADER_FONT = Font(name=_FONT, size=10, bold=True, color="FFFFFF")
_BOLD = Font(name=_FONT, size=10, bold=True)
_BODY = Font(name=_FONT, size=10)
_HINT = Font(name=_FONT, size=9, italic=True, color="595959")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
_CENTER_TOP = Alignment(wrap_text=True, horizontal="center", vertical="top")
_UNLOCKED = Protection(locked=False)


# ---------------------------------------------------------------------------------------------
# Public API


def write_workbook(framework: Framework, path: Path, agency: Agency | None = None, year: int | None = None) -> Path:
    """Write the standard workbook for ``agency`` (blank when None) to ``path`` and return it.

    The file appears whole or not at all (written to a temporary name, then renamed).
    Raises OSError when the folder cannot be written.
    """
    workbook = build_workbook(framework, agency, year)
    path = Path(path)
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return path


def workbook_filename(agency: Agency | None, year: int | None) -> str:
    """A safe file name: 'Penilaian SPBE 2026 - <agency>.xlsx', or 'Penilaian SPBE 2026.xlsx' blank."""
    stem = "Penilaian SPBE" + (f" {year}" if year is not None else "")
    name = _safe_name(agency.name) if agency else ""
    return f"{stem} - {name}.xlsx" if name else f"{stem}.xlsx"


def level_label(number: int, name: str) -> str:
    """The dropdown text of a level, e.g. '3 - Terdefinisi'; readers take the leading number."""
    return f"{number} - {name}"


def build_workbook(framework: Framework, agency: Agency | None = None, year: int | None = None) -> Workbook:
    """The standard workbook in memory (see :func:`write_workbook`)."""
    wb = Workbook()
    identity_ws = wb.active
    identity_ws.title = layout.SHEET_IDENTITY
    assessment_ws = wb.create_sheet(layout.SHEET_ASSESSMENT)
    guide_ws = wb.create_sheet(layout.SHEET_GUIDE)
    criteria_ws = wb.create_sheet(layout.SHEET_CRITERIA)
    lists_ws = wb.create_sheet(layout.SHEET_LISTS)
    meta_ws = wb.create_sheet(layout.SHEET_META)

    lists = _write_lists(lists_ws, framework)
    identity_rows = _write_identity(identity_ws, framework, lists, agency, year)
    _write_assessment(assessment_ws, framework, lists, identity_rows)
    _write_guide(guide_ws, framework)
    _write_criteria(criteria_ws, framework)
    _write_meta(meta_ws, framework)

    for ws in wb.worksheets:
        _protect(ws)
    lists_ws.sheet_state = "hidden"
    meta_ws.sheet_state = "hidden"
    wb.active = 0
    _set_properties(wb, framework, agency, year)
    return wb


# ---------------------------------------------------------------------------------------------
# Daftar: dropdown sources


@dataclass(frozen=True)
class _Lists:
    """Absolute references (for data validation) to the dropdown lists on the Daftar sheet."""

    scales: dict[str, str]  # scale key -> "Daftar!$A$2:$A$6"
    kinds: str


def _write_lists(ws: Worksheet, framework: Framework) -> _Lists:
    columns: list[tuple[str, list[str]]] = [
        (scale.name, [level_label(level.number, level.name) for level in scale.levels]) for scale in framework.scales
    ]
    columns.append((layout.ID_KIND, list(layout.AGENCY_KINDS)))
    refs = []
    for index, (title, values) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value=title).font = _BOLD
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=index, value=value)
        ws.column_dimensions[letter].width = 32
        refs.append(f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(values) + 1}")
    note_row = max(len(values) for _, values in columns) + 3
    ws.cell(row=note_row, column=1, value="Lembar ini berisi daftar pilihan untuk lembar lain. Jangan diubah.")
    return _Lists(scales={scale.key: ref for scale, ref in zip(framework.scales, refs)}, kinds=refs[-1])


# ---------------------------------------------------------------------------------------------
# Identitas


def _identity_hints(framework: Framework) -> dict[str, str]:
    hints = {
        layout.ID_NAME: "Wajib. Nama resmi instansi sesuai nomenklatur.",
        layout.ID_KIND: "Wajib. Pilih dari daftar.",
        layout.ID_YEAR: "Wajib. Tahun penilaian, empat angka (misalnya 2026).",
        layout.ID_CODE: "Bila ada: kode instansi dari koordinator evaluasi.",
        layout.ID_PARENT: (
            "Diisi hanya untuk Perangkat Daerah: pemerintah daerah tempat instansi ini bernaung, misalnya "
            "Pemerintah Kabupaten Sukamaju. Rata-rata dan peringkat membandingkan perangkat daerah dalam satu "
            "pemerintah daerah. Kosongkan untuk instansi lain."
        ),
        layout.ID_HEAD_NAME: "Nama lengkap dan gelar kepala instansi, yang mengetahui laporan evaluasi.",
        layout.ID_HEAD_POSITION: "Jabatan kepala instansi, misalnya Kepala Dinas Komunikasi dan Informatika.",
        layout.ID_HEAD_NIP: f"NIP kepala instansi, {layout.NIP_DIGITS} angka (spasi boleh).",
        layout.ID_COORDINATOR: "Nama dan jabatan Koordinator SPBE (umumnya sekretaris instansi).",
        layout.ID_RESPONSIBLE: "Nama dan jabatan pejabat yang memeriksa dan menyetujui isian.",
        layout.ID_DATA_ENTRY: "Nama dan jabatan petugas yang mengisi buku kerja ini.",
        layout.ID_MEMBERS: "Nama anggota tim asesor internal, dipisahkan titik koma (;).",
    }
    for indicator in framework.indicators:
        if indicator.sectoral_service:
            label = layout.ID_SERVICE.format(n=indicator.sectoral_service)
            hints[label] = f"Nama layanan publik yang dinilai pada indikator {indicator.number}."
    return hints


def _write_identity(
    ws: Worksheet, framework: Framework, lists: _Lists, agency: Agency | None, year: int | None
) -> dict[str, int]:
    """Write the identity form; return the row of every label (formulas elsewhere refer to them)."""
    ws["A1"] = f"Identitas Instansi — Penilaian {framework.index_name}"
    ws["A1"].font = _TITLE_FONT
    ws.row_dimensions[1].height = 24
    for column, text in enumerate(("Data", "Isian", "Petunjuk pengisian"), start=1):
        _header_cell(ws.cell(row=2, column=column, value=text))
    ws.row_dimensions[2].height = 20

    hints = _identity_hints(framework)
    prefill = {
        layout.ID_NAME: agency.name if agency else None,
        layout.ID_KIND: (agency.kind or None) if agency else None,
        layout.ID_CODE: (agency.code or None) if agency else None,
        layout.ID_PARENT: (agency.parent or None) if agency else None,
        layout.ID_YEAR: year,
    }
    rows = {}
    for row, label in enumerate(layout.IDENTITY_LABELS, start=3):
        rows[label] = row
        label_cell = ws.cell(row=row, column=1, value=label)
        label_cell.font = _BOLD if label in layout.REQUIRED_IDENTITY else _BODY
        label_cell.alignment = Alignment(vertical="center", wrap_text=True)
        label_cell.border = _BORDER
        value_cell = ws.cell(row=row, column=2, value=prefill.get(label))
        _input_cell(value_cell, _AGENCY_FILL)
        value_cell.alignment = Alignment(vertical="center", wrap_text=True)
        hint_cell = ws.cell(row=row, column=3, value=hints.get(label, ""))
        hint_cell.font = _HINT
        hint_cell.alignment = Alignment(vertical="center", wrap_text=True)
        hint_cell.border = _BORDER
        ws.row_dimensions[row].height = 30
    ws.cell(row=rows[layout.ID_YEAR], column=2).number_format = "0"
    ws.cell(row=rows[layout.ID_YEAR], column=2).alignment = Alignment(horizontal="left", vertical="center")
    ws.cell(row=rows[layout.ID_CODE], column=2).number_format = "@"  # keeps leading zeros typed by hand
    # Text: a number keeps only 15 significant digits, so Excel would spoil an 18-digit NIP.
    ws.cell(row=rows[layout.ID_HEAD_NIP], column=2).number_format = "@"

    kinds = _list_validation(
        lists.kinds,
        "Jenis instansi tidak valid",
        f"Pilih salah satu dari daftar: {', '.join(layout.AGENCY_KINDS)}.",
    )
    kinds.add(f"B{rows[layout.ID_KIND]}")
    ws.add_data_validation(kinds)
    first, last = YEAR_RANGE
    years = DataValidation(
        type="whole",
        operator="between",
        formula1=str(first),
        formula2=str(last),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Tahun tidak valid",
        error=f"Isi tahun penilaian dengan empat angka antara {first} dan {last}, misalnya 2026.",
    )
    years.add(f"B{rows[layout.ID_YEAR]}")
    ws.add_data_validation(years)

    note_row = len(layout.IDENTITY_LABELS) + 4
    ws.cell(
        row=note_row,
        column=1,
        value="Isi sel berwarna kuning. Label di kolom A dibaca oleh aplikasi pengolah: jangan diubah. "
        "Petunjuk lengkap ada di lembar Petunjuk.",
    ).font = _HINT
    for letter, width in (("A", 34), ("B", 50), ("C", 60)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    page_setup(ws, landscape=False, title_rows="2:2")
    return rows


# ---------------------------------------------------------------------------------------------
# Penilaian


@dataclass(frozen=True)
class _Column:
    header: str
    width: float
    role: str  # "label", "level", "text", "final"
    fill: PatternFill | None = None
    band: str = ""  # who fills it, shown above the headers


def _assessment_columns(framework: Framework) -> list[_Column]:
    stage_keys = [stage.key for stage in framework.stages]
    self_stage, assessor_stages = stage_keys[0], stage_keys[1:]
    agency, assessor = "Diisi instansi", "Diisi asesor"
    return [
        _Column(layout.COL_NUMBER, 5, "label"),
        _Column(layout.COL_DOMAIN, 14, "label"),
        _Column(layout.COL_ASPECT, 16, "label"),
        _Column(layout.COL_NAME, 38, "label"),
        _Column(layout.stage_header(self_stage), 15, "level", _AGENCY_FILL, agency),
        _Column(layout.COL_EXPLANATION, 40, "text", _AGENCY_FILL, agency),
        _Column(layout.COL_EVIDENCE, 34, "text", _AGENCY_FILL, agency),
        *(_Column(layout.stage_header(key), 15, "level", _ASSESSOR_FILL, assessor) for key in assessor_stages),
        _Column(layout.COL_NOTE, 30, "text", _ASSESSOR_FILL, assessor),
        _Column(COL_FINAL, 15, "final", _FORMULA_FILL, "Otomatis"),
        _Column(layout.COL_TARGET, 15, "level", _AGENCY_FILL, "Opsional"),
    ]


def _write_assessment(ws: Worksheet, framework: Framework, lists: _Lists, identity_rows: dict[str, int]) -> None:
    columns = _assessment_columns(framework)
    letter = {col.header: get_column_letter(i) for i, col in enumerate(columns, start=1)}
    stage_letters = [letter[layout.stage_header(stage.key)] for stage in framework.stages]
    identity = quote_sheetname(layout.SHEET_IDENTITY)

    ws.cell(
        row=TITLE_ROW, column=1, value=f"Lembar Penilaian {framework.index_name} — {framework.name}"
    ).font = _TITLE_FONT
    name_ref = f"{identity}!$B${identity_rows[layout.ID_NAME]}"
    year_ref = f"{identity}!$B${identity_rows[layout.ID_YEAR]}"
    ws.cell(
        row=SUBTITLE_ROW,
        column=1,
        value=f'="Instansi: "&IF({name_ref}="","(isi di lembar Identitas)",{name_ref})'
        f'&"    Tahun: "&IF({year_ref}="","-",{year_ref})',
    ).font = _SUBTITLE_FONT
    ws.row_dimensions[TITLE_ROW].height = 24
    ws.row_dimensions[SUBTITLE_ROW].height = 18
    _write_bands(ws, columns)

    for index, column in enumerate(columns, start=1):
        _header_cell(ws.cell(row=HEADER_ROW, column=index, value=column.header))
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[HEADER_ROW].height = 30

    for row, indicator in enumerate(framework.indicators, start=FIRST_INDICATOR_ROW):
        values, shown = _indicator_labels(framework, indicator, identity, identity_rows)
        fit_row(ws, row, ((str(shown[col.header]), col.width, False) for col in columns if col.header in shown), 2)
        for index, column in enumerate(columns, start=1):
            cell = ws.cell(row=row, column=index)
            cell.border = _BORDER
            cell.font = _BODY
            cell.alignment = _CENTER_TOP if column.role in ("level", "final") or index == 1 else _WRAP_TOP
            if column.role == "label":
                cell.value = values[column.header]
            elif column.role == "final":
                cell.value = _final_formula(stage_letters, row)
                cell.fill = column.fill
            else:
                _input_cell(cell, column.fill)
    last_row = FIRST_INDICATOR_ROW + len(framework.indicators) - 1

    level_letters = [letter[col.header] for col in columns if col.role == "level"]
    for scale in framework.scales:
        rows = [FIRST_INDICATOR_ROW + i for i, ind in enumerate(framework.indicators) if ind.scale.key == scale.key]
        if rows:
            validation = _level_validation(framework, scale, lists.scales[scale.key])
            for start, end in _runs(rows):
                for col in level_letters:
                    validation.add(f"{col}{start}:{col}{end}")
            ws.add_data_validation(validation)

    ws.freeze_panes = f"{letter[layout.stage_header(framework.stages[0].key)]}{FIRST_INDICATOR_ROW}"
    ws.print_area = f"A1:{get_column_letter(len(columns))}{last_row}"
    page_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def _write_bands(ws: Worksheet, columns: Sequence[_Column]) -> None:
    """A row above the headers that says who fills which columns (merged over each group)."""
    groups: list[tuple[int, int, _Column]] = []  # first column, last column, a member
    for index, column in enumerate(columns, start=1):
        if not column.band:
            continue
        if groups and groups[-1][2].band == column.band and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], index, groups[-1][2])
        else:
            groups.append((index, index, column))
    for first, last, member in groups:
        for index in range(first, last + 1):
            cell = ws.cell(row=BAND_ROW, column=index)
            cell.fill, cell.border = member.fill, _BORDER
        cell = ws.cell(row=BAND_ROW, column=first, value=member.band)
        cell.font, cell.alignment = _BOLD, _CENTER
        if last > first:
            ws.merge_cells(start_row=BAND_ROW, start_column=first, end_row=BAND_ROW, end_column=last)
    ws.row_dimensions[BAND_ROW].height = 18


def _indicator_labels(
    framework: Framework, indicator: Indicator, identity: str, identity_rows: dict[str, int]
) -> tuple[dict[str, object], dict[str, object]]:
    """The label cells of an indicator row: (cell values, the text they show)."""
    aspect = framework.aspect(indicator.aspect)
    domain = framework.domain(aspect.domain) if aspect.domain is not None else None
    values: dict[str, object] = {
        layout.COL_NUMBER: indicator.number,
        layout.COL_DOMAIN: domain.name if domain else "",
        layout.COL_ASPECT: aspect.name,
        layout.COL_NAME: indicator.name,
    }
    shown = dict(values)
    if indicator.sectoral_service:
        # The agency names its sectoral services on Identitas; show that name below the indicator's.
        ref = f"{identity}!$B${identity_rows[layout.ID_SERVICE.format(n=indicator.sectoral_service)]}"
        placeholder = f"(tulis nama layanan di lembar {layout.SHEET_IDENTITY})"
        values[layout.COL_NAME] = (
            f'="{_formula_text(indicator.name)}"&CHAR(10)&IF({ref}="","{placeholder}","Layanan: "&{ref})'
        )
        shown[layout.COL_NAME] = f"{indicator.name}\n{placeholder}"
    return values, shown


def _final_formula(stage_letters: Sequence[str], row: int) -> str:
    """The value of the last filled stage (Nilai Akhir), blank while no stage is filled."""
    formula = '""'
    for col in stage_letters:  # built inside out: the latest stage is tested first
        formula = f'IF({col}{row}<>"",{col}{row},{formula})'
    return f"={formula}"


def _level_validation(framework: Framework, scale: Scale, source: str) -> DataValidation:
    example = level_label(scale.levels[len(scale.levels) // 2].number, scale.levels[len(scale.levels) // 2].name)
    validation = _list_validation(
        source,
        "Tingkat tidak valid",
        f"Pilih tingkat {framework.min_level} sampai {framework.max_level} dari daftar, misalnya "
        f'"{example}". Kriteria setiap tingkat ada di lembar {layout.SHEET_CRITERIA}.',
    )
    validation.showInputMessage = True
    validation.promptTitle = "Pilih tingkat"
    validation.prompt = f"Skala {scale.name}. Pilih dari daftar; kriteria setiap tingkat ada di lembar Kriteria."
    return validation


def _list_validation(source: str, title: str, message: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=source,  # OOXML stores validation formulas without the leading '='
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=title,
        error=message,
    )


def _runs(numbers: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Consecutive runs of sorted numbers as (first, last)."""
    start = previous = None
    for number in numbers:
        if previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            yield start, previous
        start = previous = number
    if start is not None:
        yield start, previous


# ---------------------------------------------------------------------------------------------
# Petunjuk


def _guide_lines(framework: Framework) -> list[tuple[str, str]]:
    """The instructions as (kind, text) lines; kind is 'title', 'heading', 'text' or 'bullet'."""
    stages = [layout.stage_header(stage.key) for stage in framework.stages]
    self_header, assessor_headers = stages[0], stages[1:]
    count = len(framework.indicators)
    lines: list[tuple[str, str]] = [
        ("title", f"Petunjuk Pengisian Buku Kerja Penilaian {framework.index_name}"),
        ("text", f"{framework.title} menurut {framework.name}. Versi templat {layout.TEMPLATE_VERSION}."),
        ("heading", "1. Susunan buku kerja"),
        (
            "bullet",
            f"Lembar {layout.SHEET_IDENTITY}: data instansi, tahun penilaian, tim, dan nama layanan publik sektoral.",
        ),
        ("bullet", f"Lembar {layout.SHEET_ASSESSMENT}: satu baris untuk setiap indikator ({count} indikator)."),
        ("bullet", f"Lembar {layout.SHEET_GUIDE}: petunjuk ini."),
        (
            "bullet",
            (
                f"Lembar {layout.SHEET_CRITERIA}: penjelasan setiap indikator, kriteria setiap tingkat, dan "
                "contoh bukti dukung."
            ),
        ),
        ("heading", "2. Siapa mengisi apa"),
        (
            "bullet",
            (
                f"Instansi (tim asesor internal) mengisi seluruh lembar {layout.SHEET_IDENTITY} serta kolom "
                f"{self_header}, {layout.COL_EXPLANATION}, dan {layout.COL_EVIDENCE} pada lembar "
                f"{layout.SHEET_ASSESSMENT}. Sel yang diisi instansi berwarna kuning."
            ),
        ),
        (
            "bullet",
            (
                f"Asesor mengisi kolom {_join(assessor_headers)} sesuai tahap penilaian yang dilaksanakan, "
                f"serta kolom {layout.COL_NOTE}. Sel yang diisi asesor berwarna biru. Kolom tahap yang belum "
                "dilaksanakan dibiarkan kosong."
            ),
        ),
        (
            "bullet",
            (
                f"Kolom {layout.COL_TARGET} boleh diisi instansi dengan tingkat yang ingin dicapai; kolom ini "
                "tidak wajib dan tidak memengaruhi nilai."
            ),
        ),
        (
            "bullet",
            (
                f"Kolom {COL_FINAL} terisi otomatis dengan nilai tahap terakhir yang sudah diisi, berurutan "
                f"{_join(stages)}."
            ),
        ),
        ("heading", "3. Cara mengisi tingkat"),
        (
            "bullet",
            (
                "Klik sel tingkat, lalu pilih dari daftar pilihan (tanda panah di sisi sel), misalnya "
                f'"{_example_label(framework)}". Isian di luar daftar ditolak.'
            ),
        ),
        (
            "bullet",
            (
                f"Tingkat bersifat kumulatif: tingkat {framework.min_level + 2} hanya dapat dipilih bila kriteria "
                f"tingkat {framework.min_level + 2} dan semua tingkat di bawahnya terpenuhi. Baca kriteria "
                f"di lembar {layout.SHEET_CRITERIA} sebelum memilih."
            ),
        ),
        *(
            ("bullet", f"Indikator {_ranges(numbers)} memakai skala {scale.name}.")
            for scale, numbers in _scale_indicators(framework)
        ),
        ("heading", "4. Penjelasan dan bukti pendukung"),
        (
            "bullet",
            (
                f"{layout.COL_EXPLANATION}: uraikan kondisi nyata yang membuktikan tingkat yang dipilih (apa "
                "yang sudah ada, sejak kapan, dan cakupannya)."
            ),
        ),
        (
            "bullet",
            (
                f"{layout.COL_EVIDENCE}: sebutkan nama dokumen, nomor dan tanggal penetapannya, serta tautan "
                "(URL) tempat dokumen atau aplikasi dapat diperiksa."
            ),
        ),
        *(("bullet", f"Bukti dukung indikator {lo}–{hi}: {text}") for lo, hi, text in framework.evidence_guidance),
        *_sectoral_lines(framework),
        (
            "bullet",
            (
                "Bila teks panjang terpotong, perbesar tinggi baris: klik dua kali batas bawah nomor baris, "
                "atau seret batas itu ke bawah."
            ),
        ),
        ("heading", "5. Makna tingkat"),
        *(line for scale in framework.scales for line in _scale_lines(scale)),
        ("heading", "6. Yang tidak boleh diubah"),
        (
            "bullet",
            (
                "Jangan mengganti nama lembar, judul kolom pada lembar Penilaian, atau label di kolom A lembar "
                "Identitas: aplikasi pengolah membaca buku kerja berdasarkan teks tersebut."
            ),
        ),
        (
            "bullet",
            (
                f"Jangan menghapus atau menambah baris indikator, dan jangan mengubah nomor pada kolom "
                f"{layout.COL_NUMBER}."
            ),
        ),
        (
            "bullet",
            (
                f"Lembar tersembunyi ({layout.SHEET_LISTS} dan {layout.SHEET_META}) berisi daftar pilihan dan "
                "versi templat; jangan diubah atau dihapus."
            ),
        ),
        ("bullet", "Simpan sebagai Buku Kerja Excel (.xlsx). Berkas .xls, .ods, atau .csv tidak dapat diproses."),
        ("heading", "7. Proteksi lembar"),
        (
            "bullet",
            (
                "Setiap lembar diproteksi tanpa kata sandi agar label, judul kolom, dan rumus tidak terubah "
                "tanpa sengaja. Sel isian (berwarna) tetap dapat diisi; lebar kolom, tinggi baris, dan format "
                "sel tetap dapat diubah."
            ),
        ),
        (
            "bullet",
            (
                "Bila proteksi perlu dibuka: di Microsoft Excel pilih menu Review (Tinjau) > Unprotect Sheet "
                "(Buka Proteksi Lembar); di LibreOffice Calc pilih Tools (Alat) > Protect Sheet (Proteksi "
                "Lembar) lalu hapus tanda centangnya. Tidak ada kata sandi. Aktifkan kembali proteksi "
                "setelah selesai."
            ),
        ),
    ]
    if framework.text_note:
        lines += [("heading", "Catatan"), ("text", framework.text_note)]
    return lines


def _sectoral_lines(framework: Framework) -> list[tuple[str, str]]:
    numbers = [ind.number for ind in framework.indicators if ind.sectoral_service]
    if not numbers:
        return []
    return [
        (
            "bullet",
            (
                f"Layanan publik sektoral: tulis nama layanan yang dinilai pada indikator {_ranges(numbers)} di lembar "
                f"{layout.SHEET_IDENTITY}; namanya akan tampil di kolom {layout.COL_NAME} lembar {layout.SHEET_ASSESSMENT}."
            ),
        )
    ]


def _scale_lines(scale: Scale) -> list[tuple[str, str]]:
    lines = [("text", f"Skala {scale.name}: {scale.description}".rstrip(": "))]
    lines += [("bullet", f"{level_label(lv.number, lv.name)}: {lv.description}") for lv in scale.levels]
    return lines


_GUIDE_WIDTH = 75


def _write_guide(ws: Worksheet, framework: Framework) -> None:
    ws.column_dimensions["A"].width = _GUIDE_WIDTH
    for row, (kind, text) in enumerate(_guide_lines(framework), start=1):
        cell = ws.cell(row=row, column=1, value=f"•  {text}" if kind == "bullet" else text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        fit_row(ws, row, [(str(cell.value), _GUIDE_WIDTH - 2, False)])
        cell.font = {"title": _TITLE_FONT, "heading": Font(name=_FONT, size=11, bold=True, color=_NAVY)}.get(
            kind, _BODY
        )
        if kind in ("title", "heading"):
            ws.row_dimensions[row].height = 24
            cell.alignment = Alignment(vertical="bottom")
    page_setup(ws, landscape=False)


# ---------------------------------------------------------------------------------------------
# Kriteria


def _write_criteria(ws: Worksheet, framework: Framework) -> None:
    ws["A1"] = f"Kriteria Tingkat Setiap Indikator — {framework.name}"
    ws["A1"].font = _TITLE_FONT
    ws.row_dimensions[1].height = 24
    ws["A2"] = framework.text_note
    ws["A2"].font = _HINT
    header_row = 3
    for index, text in enumerate(("No", "Tingkat", "Uraian", "Contoh Bukti Dukung"), start=1):
        _header_cell(ws.cell(row=header_row, column=index, value=text))
    ws.row_dimensions[header_row].height = 20

    row = header_row + 1
    for indicator in framework.indicators:
        heading = [indicator.number, "Indikator", indicator.name, f"Skala {indicator.scale.name}"]
        _criteria_row(ws, row, heading, font=_BOLD, fill=_HEADING_FILL)
        row += 1
        if indicator.description:
            _criteria_row(ws, row, ["", "Penjelasan", indicator.description, ""])
            row += 1
        for level in indicator.levels:
            evidence = "\n".join(f"• {item}" for item in level.evidence)
            _criteria_row(ws, row, ["", level_label(level.number, level.name), level.criteria, evidence])
            ws.cell(row=row, column=2).font = _BOLD
            row += 1
        if indicator.note:
            _criteria_row(ws, row, ["", "Catatan", indicator.note, ""], font=_HINT)
            row += 1
    for index, width in enumerate(_CRITERIA_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    page_setup(ws, landscape=True, title_rows=f"{header_row}:{header_row}")


_CRITERIA_WIDTHS = (6, 24, 70, 60)


def _criteria_row(
    ws: Worksheet, row: int, values: Sequence[object], font: Font = _BODY, fill: PatternFill | None = None
) -> None:
    fit_row(ws, row, ((str(v), w, bool(font.b)) for v, w in zip(values, _CRITERIA_WIDTHS)))
    for index, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=index, value=value)
        cell.font, cell.border = font, _BORDER
        cell.alignment = _CENTER_TOP if index == 1 else _WRAP_TOP
        if fill:
            cell.fill = fill


# ---------------------------------------------------------------------------------------------
# Meta, protection, properties


def _meta(framework: Framework) -> dict[str, str]:
    return {
        layout.META_FRAMEWORK: framework.id,
        layout.META_FRAMEWORK_VERSION: framework.version,
        layout.META_TEMPLATE_VERSION: layout.TEMPLATE_VERSION,
        layout.META_GENERATOR: GENERATOR,
    }


def _write_meta(ws: Worksheet, framework: Framework) -> None:
    for row, (key, value) in enumerate(_meta(framework).items(), start=1):
        ws.cell(row=row, column=1, value=key)
        ws.cell(row=row, column=2, value=value).number_format = "@"
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 30


def _protect(ws: Worksheet) -> None:
    """Protect without a password; still allow formatting, resizing and selecting."""
    ws.protection = SheetProtection(
        sheet=True,
        formatCells=False,
        formatColumns=False,
        formatRows=False,
        selectLockedCells=False,
        selectUnlockedCells=False,
    )


def _set_properties(wb: Workbook, framework: Framework, agency: Agency | None, year: int | None) -> None:
    props = wb.properties
    props.title = workbook_filename(agency, year).removesuffix(".xlsx")
    props.subject = framework.title
    props.creator = GENERATOR
    props.lastModifiedBy = GENERATOR
    props.keywords = f"SPBE; {framework.name}"
    props.language = "id-ID"
    for key, value in _meta(framework).items():
        wb.custom_doc_props.append(StringProperty(name=key, value=value))


# ---------------------------------------------------------------------------------------------
# Small helpers


def _header_cell(cell) -> None:
    cell.font, cell.fill, cell.alignment, cell.border = _HEADER_FONT, _HEADER_FILL, _CENTER, _BORDER


def _input_cell(cell, fill: PatternFill | None) -> None:
    cell.protection = _UNLOCKED
    cell.border = _BORDER
    if fill:
        cell.fill = fill


def _formula_text(text: str) -> str:
    """Text safe inside a double-quoted formula string."""
    return text.replace('"', '""')


def _join(items: Sequence[str]) -> str:
    """'a, b, dan c' in Indonesian."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} dan {items[1]}"
    return f"{', '.join(items[:-1])}, dan {items[-1]}"


def _ranges(numbers: Iterable[int]) -> str:
    """'1–31' or '45–47' or '3, 5–7' for sorted indicator numbers."""
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in _runs(sorted(numbers))]
    return _join(parts)


def _scale_indicators(framework: Framework) -> list[tuple[Scale, list[int]]]:
    pairs = []
    for scale in framework.scales:
        numbers = [ind.number for ind in framework.indicators if ind.scale.key == scale.key]
        if numbers:
            pairs.append((scale, numbers))
    return pairs


def _example_label(framework: Framework) -> str:
    scale = framework.indicators[0].scale
    level = scale.levels[len(scale.levels) // 2]
    return level_label(level.number, level.name)


_SLASHES = re.compile(r"[\\/]")
_UNSAFE = re.compile(r'[:*?"<>|\x00-\x1f\x7f]')


def _safe_name(name: str) -> str:
    """An agency name usable in a file name on Windows, macOS and Linux."""
    text = " ".join(_UNSAFE.sub(" ", _SLASHES.sub("-", name)).split())
    text = text[:MAX_FILENAME_NAME].strip(" .")
    return text.lstrip(".")
