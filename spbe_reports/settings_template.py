"""The settings file ``pengaturan.xlsx`` as ``spbe pengaturan`` writes it for a coordinator to fill.

Kept apart from :mod:`spbe_reports.settings` (the model and the reading) so that a run, which
only reads the file, does not load openpyxl.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from spbe_reports import files
from spbe_reports.settings import (
    BLANK_SIGNATORY_ROWS,
    FORMATTED_ROWS,
    LABEL_ADDRESS,
    LABEL_CONTACT,
    LABEL_ISSUER,
    LABEL_LOGO,
    LABEL_PLACE,
    LABEL_UNIT,
    ROLE_LABELS,
    SETTINGS_NAME,
    SHEET_GUIDE,
    SHEET_SETTINGS,
    SHEET_SIGNATORIES,
    SIGNATORY_HEADERS,
)
from spbe_reports.sheets import fit_row, page_setup

_FONT = "Calibri"
_NAVY = "1F4E78"
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor=_NAVY)
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TITLE_FONT = Font(name=_FONT, size=14, bold=True, color=_NAVY)
_SUBTITLE_FONT = Font(name=_FONT, size=10, italic=True, color="404040")
_HEADING_FONT = Font(name=_FONT, size=11, bold=True, color=_NAVY)
_HEADER_FONT = Font(name=_FONT, size=10, bold=True, color="FFFFFF")
_BOLD = Font(name=_FONT, size=10, bold=True)
_BODY = Font(name=_FONT, size=10)
_HINT = Font(name=_FONT, size=9, italic=True, color="595959")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_TEXT = "@"  # Excel's Text number format: what is typed stays as typed (NIP, telephone numbers)

_FIELD_HINTS = (
    (
        LABEL_ISSUER,
        "Nama instansi yang menerbitkan laporan, baris pertama kop. Contoh: Pemerintah Kabupaten Sukamaju.",
    ),
    (
        LABEL_UNIT,
        "Unit penyusun laporan, di bawah nama instansi pada kop. Contoh: Tim Koordinasi SPBE, Inspektorat, "
        "atau Dinas Komunikasi dan Informatika.",
    ),
    (LABEL_ADDRESS, "Alamat kantor unit penerbit, untuk kop. Contoh: Jl. Merdeka No. 1, Sukamaju 45111."),
    (
        LABEL_CONTACT,
        "Telepon, surel, dan laman dalam satu baris. Contoh: Telp. (0231) 123456, surel spbe@sukamajukab.go.id, "
        "laman sukamajukab.go.id.",
    ),
    (
        LABEL_LOGO,
        "Nama berkas logo PNG atau JPEG (paling besar 5 MB) yang diletakkan di folder yang sama dengan "
        "berkas ini. Contoh: logo.png. Kosongkan bila tanpa logo.",
    ),
    (LABEL_PLACE, "Kota tempat laporan ditandatangani, ditulis sebelum tanggal. Contoh: Sukamaju."),
)

_SETTINGS_WIDTHS = {"A": 26, "B": 48, "C": 58}
_SIGNATORY_WIDTHS = {"A": 15, "B": 44, "C": 36, "D": 26, "E": 28}


def write_settings_template(path: Path) -> Path:
    """Write an empty settings file to ``path`` (atomically: never half there) and return ``path``."""
    path = Path(path)
    workbook = Workbook()
    _write_settings_sheet(workbook.active)
    _write_signatories_sheet(workbook.create_sheet(SHEET_SIGNATORIES))
    _write_guide(workbook.create_sheet(SHEET_GUIDE))
    workbook.properties.title = "Pengaturan laporan SPBE"
    workbook.properties.creator = "spbe-reports"
    with files.atomic_path(path) as tmp:
        workbook.save(tmp)
    return path


def _title(ws: Worksheet, title: str, subtitle: str, width: float) -> None:
    ws["A1"] = title
    ws["A1"].font = _TITLE_FONT
    ws.row_dimensions[1].height = 24
    ws["A2"] = subtitle
    ws["A2"].font = _SUBTITLE_FONT
    ws["A2"].alignment = _WRAP_TOP
    fit_row(ws, 2, [(subtitle, width, False)])


def _header(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=column, value=text)
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.row_dimensions[row].height = 20


def _write_settings_sheet(ws: Worksheet) -> None:
    ws.title = SHEET_SETTINGS
    for letter, width in _SETTINGS_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.merge_cells("A2:C2")
    _title(
        ws,
        "Pengaturan Laporan SPBE",
        "Diisi sekali oleh koordinator: kop, logo, dan tempat penandatanganan semua laporan. Isi kolom "
        "berwarna kuning; isian yang kosong dibiarkan kosong pada laporan.",
        sum(_SETTINGS_WIDTHS.values()),
    )
    _header(ws, 3, ("Isian", "Isi", "Keterangan"))
    for row, (label, hint) in enumerate(_FIELD_HINTS, start=4):
        label_cell = ws.cell(row=row, column=1, value=label)
        label_cell.font, label_cell.border, label_cell.alignment = _BOLD, _BORDER, _WRAP_TOP
        value = ws.cell(row=row, column=2)
        value.fill, value.border, value.alignment, value.number_format = _INPUT_FILL, _BORDER, _WRAP_TOP, _TEXT
        value.font = _BODY
        hint_cell = ws.cell(row=row, column=3, value=hint)
        hint_cell.font, hint_cell.border, hint_cell.alignment = _HINT, _BORDER, _WRAP_TOP
        fit_row(ws, row, [(hint, _SETTINGS_WIDTHS["C"] * 1.1, False)], minimum_lines=2)  # 9-point hints
    ws.freeze_panes = "B4"
    page_setup(ws, landscape=False, title_rows="3:3")


def _write_signatories_sheet(ws: Worksheet) -> None:
    for letter, width in _SIGNATORY_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.merge_cells("A2:E2")
    _title(
        ws,
        "Penanda Tangan Laporan",
        "Satu baris per penanda tangan. Asesor (boleh beberapa; urutan dipertahankan, Asesor pertama adalah "
        "ketua) menandatangani laporan evaluasi. Koordinator (paling banyak satu) menandatangani laporan "
        "pemantauan dan ringkasan. NIP 18 angka, boleh dengan spasi; kosongkan bila tidak ada. Baris kosong "
        "diabaikan. Contoh: Asesor | Ketua Tim Asesor | Dra. Siti Aminah, M.Si. | 19700101 199503 2 001 | "
        "Pembina Utama Muda, IV/c.",
        sum(_SIGNATORY_WIDTHS.values()),
    )
    _header(ws, 3, SIGNATORY_HEADERS)
    first, last = 4, 3 + BLANK_SIGNATORY_ROWS
    for row in range(first, last + 1):
        for column in range(1, len(SIGNATORY_HEADERS) + 1):
            cell = ws.cell(row=row, column=column)
            cell.fill, cell.border, cell.alignment, cell.font = _INPUT_FILL, _BORDER, _WRAP_TOP, _BODY
        ws.row_dimensions[row].height = 30
    for row in range(first, 3 + FORMATTED_ROWS + 1):  # rows added below the shaded ones keep the Text format
        ws.cell(row=row, column=4).number_format = _TEXT
    roles = DataValidation(
        type="list",
        formula1='"' + ",".join(ROLE_LABELS.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Peran tidak dikenal",
        error="Pilih Asesor atau Koordinator dari daftar.",
        showInputMessage=True,
        promptTitle="Peran",
        prompt="Asesor: menandatangani laporan evaluasi. Koordinator: laporan pemantauan dan ringkasan.",
    )
    roles.add(f"A{first}:A{3 + FORMATTED_ROWS}")
    ws.add_data_validation(roles)
    ws.freeze_panes = "A4"
    page_setup(ws, landscape=True, title_rows="3:3")


_GUIDE_WIDTH = 75


def _guide_lines() -> list[tuple[str, str]]:
    lines = [
        ("title", "Petunjuk Pengisian Pengaturan Laporan"),
        (
            "text",
            "Berkas ini diisi sekali oleh koordinator SPBE di Excel atau LibreOffice dan dipakai setiap kali "
            "laporan dibuat dengan 'spbe generate': kop, logo, dan penanda tangan semua laporan.",
        ),
        ("heading", f"Lembar {SHEET_SETTINGS}"),
        *(("bullet", f"{label}: {hint}") for label, hint in _FIELD_HINTS),
        ("heading", f"Lembar {SHEET_SIGNATORIES}"),
        ("bullet", "Peran: pilih Asesor atau Koordinator dari daftar."),
        (
            "bullet",
            "Jabatan: ditulis di atas tanda tangan, misalnya 'Ketua Tim Asesor' atau 'Sekretaris Daerah "
            "selaku Koordinator SPBE'.",
        ),
        ("bullet", "Nama: nama lengkap beserta gelar, seperti yang ditulis di bawah tanda tangan."),
        (
            "bullet",
            "NIP: 18 angka, boleh dipisah spasi (19700101 199503 1 001); kosongkan bila penanda tangan tidak "
            "memiliki NIP. Kolom NIP berformat Teks: jangan diubah menjadi angka, karena Excel membulatkan "
            "angka sepanjang itu. Pada baris baru, awali NIP dengan tanda petik (').",
        ),
        ("bullet", "Pangkat/Golongan: boleh dikosongkan, misalnya 'Pembina Utama Muda, IV/c'."),
        ("heading", "Siapa menandatangani apa"),
        (
            "bullet",
            "Laporan evaluasi (tahap penilaian asesor sudah terisi) ditandatangani oleh baris-baris Asesor, "
            "menurut urutannya, dan diketahui oleh kepala instansi yang dievaluasi; nama kepala instansi diambil "
            "dari lembar Identitas buku kerja instansi itu.",
        ),
        ("bullet", "Laporan pemantauan (hanya penilaian mandiri) dan ringkasan.docx ditandatangani oleh Koordinator."),
        (
            "bullet",
            "Isian yang kosong tidak pernah diganti nama karangan: laporan memuat kop polos dan garis kosong "
            "untuk ditandatangani dan dinamai dengan tangan.",
        ),
        ("heading", "Tempat berkas"),
        (
            "bullet",
            f"Simpan berkas ini dengan nama {SETTINGS_NAME} di folder buku kerja (misalnya input). 'spbe generate' "
            "dan 'spbe validate' menemukannya sendiri dan tidak membacanya sebagai buku kerja instansi. Berkas "
            "di tempat lain dipakai dengan 'spbe generate --pengaturan LOKASI'.",
        ),
        ("bullet", "Letakkan berkas logo di folder yang sama dengan berkas ini."),
        (
            "bullet",
            "Periksa dengan 'spbe validate': semua kesalahan (lembar, sel, dan cara memperbaikinya) ditampilkan "
            "sekaligus. Selama berkas ini masih salah, 'spbe generate' tidak membuat laporan apa pun.",
        ),
    ]
    return lines


def _write_guide(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = _GUIDE_WIDTH
    for row, (kind, text) in enumerate(_guide_lines(), start=1):
        cell = ws.cell(row=row, column=1, value=f"•  {text}" if kind == "bullet" else text)
        cell.alignment = _WRAP_TOP
        cell.font = {"title": _TITLE_FONT, "heading": _HEADING_FONT}.get(kind, _BODY)
        fit_row(ws, row, [(str(cell.value), _GUIDE_WIDTH - 2, False)])
        if kind in ("title", "heading"):
            ws.row_dimensions[row].height = 24
            cell.alignment = Alignment(vertical="bottom")
    page_setup(ws, landscape=False)
