"""The issuing body's settings: letterhead (kop), logo and signatories of every report.

A coordinator fills them once, in a spreadsheet app rather than a text editor, in
``pengaturan.xlsx`` (written by ``spbe pengaturan``, :func:`write_settings_template`):

- sheet ``Pengaturan``: label in column A, value in column B (Instansi Penerbit, Unit Penerbit,
  Alamat, Kontak, Berkas Logo, Tempat Penandatanganan), a hint in column C;
- sheet ``Penanda Tangan``: one row per signatory (Peran, Jabatan, Nama, NIP, Pangkat/Golongan);
  Asesor rows sign evaluation reports, the one Koordinator row signs monitoring reports and
  the summary;
- sheet ``Petunjuk``: how to fill it.

:func:`read_settings` turns the file into a frozen :class:`Settings`, or raises one
:class:`SettingsError` listing every problem (file, sheet, cell, remedy) so that the
coordinator fixes everything in one go. Without a file the batch uses ``Settings()``: a plain
letterhead and blank lines to sign on, never invented names.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from spbe_reports import files
from spbe_reports.errors import SpbeError
from spbe_reports.sheets import fit_row, page_setup
from spbe_reports.workbook import sniff
from spbe_reports.workbook.reader import clean_text, corrupt_reason, normalise_label

SETTINGS_NAME = "pengaturan.xlsx"

SHEET_SETTINGS = "Pengaturan"
SHEET_SIGNATORIES = "Penanda Tangan"
SHEET_GUIDE = "Petunjuk"

LABEL_ISSUER = "Instansi Penerbit"
LABEL_UNIT = "Unit Penerbit"
LABEL_ADDRESS = "Alamat"
LABEL_CONTACT = "Kontak"
LABEL_LOGO = "Berkas Logo"
LABEL_PLACE = "Tempat Penandatanganan"

COL_ROLE = "Peran"
COL_POSITION = "Jabatan"
COL_NAME = "Nama"
COL_NIP = "NIP"
COL_RANK = "Pangkat/Golongan"
SIGNATORY_HEADERS = (COL_ROLE, COL_POSITION, COL_NAME, COL_NIP, COL_RANK)

ROLE_ASSESSOR = "asesor"
ROLE_COORDINATOR = "koordinator"
ROLE_LABELS = {ROLE_ASSESSOR: "Asesor", ROLE_COORDINATOR: "Koordinator"}  # as the dropdown offers them

NIP_DIGITS = 18  # Nomor Induk Pegawai of a civil servant
MAX_LOGO_BYTES = 5 * 1024 * 1024
LOGO_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # MPO: a phone camera's JPEG, read as one
MAX_ROWS = 1000  # rows read per sheet; a settings sheet has a few dozen
HEADER_SEARCH_ROWS = 10
BLANK_SIGNATORY_ROWS = 6
FORMATTED_ROWS = 200  # rows of Penanda Tangan that keep the dropdown and the Text format of NIP


@dataclass(frozen=True)
class Signatory:
    """One person who signs reports."""

    role: str  # ROLE_ASSESSOR or ROLE_COORDINATOR
    position: str  # jabatan as typed, e.g. "Ketua Tim Asesor"
    name: str
    nip: str = ""  # 18 digits, spaces removed; "" when not given
    rank: str = ""  # pangkat/golongan as typed, e.g. "Pembina Utama Muda, IV/c"


@dataclass(frozen=True)
class Settings:
    """The issuing body and signatories of the reports; ``Settings()`` when there is no settings file."""

    issuer: str = ""  # Instansi Penerbit
    unit: str = ""  # Unit Penerbit
    address: str = ""  # Alamat (may hold line breaks typed with Alt+Enter)
    contact: str = ""  # Kontak
    logo: Path | None = None  # absolute path of a checked PNG or JPEG
    place: str = ""  # Tempat Penandatanganan
    assessors: tuple[Signatory, ...] = ()  # sign evaluation reports, in order; the first is the lead
    coordinator: Signatory | None = None  # signs monitoring reports and the summary
    source: Path | None = None  # the settings file as given; None when there was none


class SettingsError(SpbeError):
    """The settings file cannot be used; ``problems`` lists every finding, one sentence each."""

    def __init__(self, path: Path, problems: Sequence[str]):
        self.path = Path(path)
        self.problems = tuple(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(
            f"Berkas pengaturan laporan '{self.path}' belum dapat dipakai; perbaiki hal berikut, "
            f"simpan, lalu jalankan lagi:\n{lines}"
        )


# --- finding and reading ---------------------------------------------------------------------


def find_settings(input_dir: Path) -> Path | None:
    """The settings file of ``input_dir``: a file named pengaturan.xlsx (any case) directly inside it."""
    try:
        candidates = sorted(p for p in Path(input_dir).iterdir() if is_settings_name(p.name) and p.is_file())
    except OSError:
        return None
    return candidates[0] if candidates else None


def is_settings_name(name: str) -> bool:
    """Whether a file name is the settings file's (compared without regard to case)."""
    return name.casefold() == SETTINGS_NAME


_FIELDS = {
    LABEL_ISSUER: "issuer",
    LABEL_UNIT: "unit",
    LABEL_ADDRESS: "address",
    LABEL_CONTACT: "contact",
    LABEL_LOGO: "logo",
    LABEL_PLACE: "place",
}


def read_settings(path: Path) -> Settings:
    """Read and check a settings file.

    Raises SettingsError listing every problem at once: a missing, unreadable or non-xlsx file, a
    missing sheet or header, a missing or bad logo, a bad NIP (letters, not 18 digits, or typed as
    a number), a signatory row without a name or position, an unknown role, two coordinators.
    Empty rows are ignored; empty fields stay empty.
    """
    path = Path(path)
    if not path.exists():
        raise SettingsError(
            path,
            [
                "berkas tidak ditemukan. Buat berkas pengaturan dengan 'spbe pengaturan', isi di Excel atau "
                "LibreOffice, lalu sebutkan lokasinya dengan --pengaturan atau simpan sebagai "
                f"{SETTINGS_NAME} di folder buku kerja."
            ],
        )
    found = sniff.check(path, path.name)
    if found is not None:
        raise SettingsError(path, [_file_message(found)])
    sheets = _load(path)
    problems: list[str] = []
    fields = _read_fields(path, sheets, problems)
    assessors, coordinator = _read_signatories(sheets, problems)
    if problems:
        raise SettingsError(path, problems)
    return Settings(**fields, assessors=assessors, coordinator=coordinator, source=path)


def _file_message(found) -> str:
    if found.code in ("not-a-workbook", "format-csv"):
        return (
            "berkas ini bukan buku kerja Excel (.xlsx). Buat berkas pengaturan dengan 'spbe pengaturan' "
            "lalu isi di Excel atau LibreOffice."
        )
    return found.message


Grid = list[tuple[Any, ...]]


@dataclass
class _Sheets:
    settings: tuple[str, Grid] | None
    signatories: tuple[str, Grid] | None


def _load(path: Path) -> _Sheets:
    """The two sheets as grids of cached values, each under its actual name; None for a missing one."""
    try:
        with open(path, "rb") as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, missing default styles
            workbook = load_workbook(handle, read_only=True, data_only=True, keep_links=False)
            try:
                names = list(workbook.sheetnames)
                grids = []
                for wanted, width in ((SHEET_SETTINGS, 2), (SHEET_SIGNATORIES, 20)):
                    name = next((n for n in names if normalise_label(n) == normalise_label(wanted)), None)
                    grids.append((name, _grid(workbook[name], width)) if name else None)
                return _Sheets(*grids)
            finally:
                workbook.close()
    except OSError as exc:
        raise SettingsError(path, [f"berkas tidak dapat dibuka ({sniff.os_reason(exc)})."]) from None
    except Exception as exc:  # openpyxl raises many kinds on malformed parts  # noqa: BLE001
        raise SettingsError(
            path,
            [
                f"berkas rusak atau bukan buku kerja Excel ({corrupt_reason(exc)}). Buka di Excel dan simpan "
                "ulang sebagai .xlsx, atau buat berkas baru dengan 'spbe pengaturan'."
            ],
        ) from None


def _grid(sheet, width: int) -> Grid:
    if not hasattr(sheet, "reset_dimensions"):  # a chart sheet under that name
        return []
    sheet.reset_dimensions()  # the declared size may be missing or wrong: read what is there
    grid: Grid = []
    for row in sheet.iter_rows(min_row=1, max_col=width, values_only=True):
        if len(grid) >= MAX_ROWS:
            break
        grid.append(tuple(row))
    return grid


def _missing_sheet(name: str) -> str:
    return (
        f"lembar {name} tidak ada. Salin lembar itu dari berkas baru yang dibuat dengan 'spbe pengaturan' "
        "(jangan mengganti nama lembar)."
    )


def _read_fields(path: Path, sheets: _Sheets, problems: list[str]) -> dict[str, Any]:
    if sheets.settings is None:
        problems.append(_missing_sheet(SHEET_SETTINGS))
        return {}
    sheet, grid = sheets.settings
    wanted = {normalise_label(label): (label, attr) for label, attr in _FIELDS.items()}
    values: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for r, row in enumerate(grid, start=1):
        key = normalise_label(row[0]) if row else ""
        if key not in wanted:
            continue
        label, attr = wanted[key]
        raw = row[1] if len(row) > 1 else None
        where = f"lembar {sheet}, sel B{r}"
        if attr in rows:
            if clean_text(raw) and clean_text(values[attr]):
                problems.append(
                    f"{where}: '{label}' tercantum dua kali (baris {rows[attr]} dan {r}). Hapus salah satu barisnya."
                )
            elif clean_text(raw):
                values[attr], rows[attr] = raw, r
            continue
        values[attr], rows[attr] = raw, r

    fields: dict[str, Any] = {}
    for attr, raw in values.items():
        where = f"lembar {sheet}, sel B{rows[attr]}"
        if attr == "contact" and isinstance(raw, int | float) and not isinstance(raw, bool):
            problems.append(
                f"{where}: Kontak tersimpan sebagai angka ({clean_text(raw)}), sehingga angka 0 di depan nomor "
                "telepon hilang. Format sel sebagai Teks (Format Cells > Text) lalu ketik ulang, atau awali "
                "dengan tanda petik ('), misalnya '021 1234567."
            )
            continue
        if attr == "logo":
            fields["logo"] = _check_logo(path, clean_text(raw), where, problems)
        else:
            fields[attr] = clean_text(raw)
    return fields


def _check_logo(settings_path: Path, text: str, where: str, problems: list[str]) -> Path | None:
    """The logo file's absolute path after checking it is a readable PNG or JPEG of at most 5 MB."""
    if not text:
        return None
    if os.sep == "/":
        text = text.replace("\\", "/")  # a path typed on Windows
    logo = Path(text).expanduser()
    if not logo.is_absolute():
        logo = settings_path.parent / logo
    logo = logo.absolute()
    if not logo.is_file():
        what = "adalah folder, bukan berkas" if logo.is_dir() else "tidak ditemukan"
        problems.append(
            f"{where}: berkas logo '{text}' {what} (dicari di '{logo}'). Letakkan berkas logo PNG atau JPEG "
            "di folder yang sama dengan berkas pengaturan dan tulis namanya, misalnya logo.png."
        )
        return None
    size = logo.stat().st_size
    if size > MAX_LOGO_BYTES:
        problems.append(
            f"{where}: berkas logo '{text}' berukuran {sniff.megabytes(size)}, melebihi batas "
            f"{sniff.megabytes(MAX_LOGO_BYTES)}. Perkecil gambarnya (lebar 600 piksel sudah cukup untuk kop)."
        )
        return None
    problem = _image_problem(logo)
    if problem:
        problems.append(f"{where}: berkas logo '{text}' {problem}")
        return None
    return logo


def _image_problem(path: Path) -> str | None:
    """Why ``path`` is not a usable PNG or JPEG logo, or None."""
    from PIL import Image, UnidentifiedImageError

    remedy = "Simpan ulang logo sebagai PNG atau JPEG dari aplikasi pengolah gambar."
    try:
        with Image.open(path) as image:
            kind = image.format
            image.verify()  # structure and checksums, without decoding
        if kind in LOGO_FORMATS:
            with Image.open(path) as image:
                image.load()  # a truncated file fails only when its pixels are decoded
    except UnidentifiedImageError:
        return f"bukan gambar PNG atau JPEG yang dapat dibaca. {remedy}"
    except OSError as exc:
        if isinstance(exc, FileNotFoundError | PermissionError):
            return f"tidak dapat dibuka ({sniff.os_reason(exc)})."
        return f"rusak atau terpotong. {remedy}"
    except Exception:  # noqa: BLE001 - Pillow raises many kinds on malformed images (and on bombs)
        return f"rusak atau tidak dapat dibaca. {remedy}"
    if kind not in LOGO_FORMATS:
        return f"berformat {kind}, bukan PNG atau JPEG. {remedy}"
    return None


def _read_signatories(sheets: _Sheets, problems: list[str]) -> tuple[tuple[Signatory, ...], Signatory | None]:
    if sheets.signatories is None:
        problems.append(_missing_sheet(SHEET_SIGNATORIES))
        return (), None
    sheet, grid = sheets.signatories
    found = _find_header(grid)
    if found is None:
        problems.append(
            f"lembar {sheet}: baris judul kolom ({', '.join(SIGNATORY_HEADERS)}) tidak ditemukan di "
            f"{HEADER_SEARCH_ROWS} baris pertama. Salin lembar {SHEET_SIGNATORIES} dari berkas baru yang dibuat "
            "dengan 'spbe pengaturan'."
        )
        return (), None
    header_row, columns = found
    for required in (COL_ROLE, COL_POSITION, COL_NAME):
        if required not in columns:
            problems.append(
                f"lembar {sheet}, baris {header_row}: kolom '{required}' tidak ada. Tambahkan kolom berjudul "
                f"'{required}' atau salin lembar dari berkas baru yang dibuat dengan 'spbe pengaturan'."
            )
    if any(required not in columns for required in (COL_ROLE, COL_POSITION, COL_NAME)):
        return (), None

    assessors: list[Signatory] = []
    coordinators: list[tuple[int, Signatory]] = []
    for r, row in enumerate(grid[header_row:], start=header_row + 1):
        raw = {header: (row[i] if i < len(row) else None) for header, i in columns.items()}
        if all(not clean_text(v) for v in raw.values()):
            continue  # an empty row, or one left for later
        before = len(problems)

        def cell(header: str, row_number: int = r) -> str:
            return f"lembar {sheet}, sel {get_column_letter(columns[header] + 1)}{row_number}"

        role_text = clean_text(raw[COL_ROLE])
        role = {normalise_label(label): key for key, label in ROLE_LABELS.items()}.get(normalise_label(role_text))
        if not role_text:
            problems.append(f"{cell(COL_ROLE)}: Peran kosong. Pilih Asesor atau Koordinator dari daftar.")
        elif role is None:
            problems.append(
                f"{cell(COL_ROLE)}: Peran '{role_text}' tidak dikenal. Pilih Asesor atau Koordinator dari daftar "
                "(jabatan lengkap ditulis di kolom Jabatan)."
            )
        name = clean_text(raw[COL_NAME])
        if not name:
            problems.append(
                f"{cell(COL_NAME)}: Nama kosong, padahal baris {r} berisi data penanda tangan. Isi nama lengkap "
                "beserta gelarnya, atau kosongkan seluruh baris."
            )
        position = clean_text(raw[COL_POSITION])
        if not position and name:
            problems.append(
                f"{cell(COL_POSITION)}: Jabatan {name} kosong. Isi jabatan yang ditulis di atas tanda tangan, "
                "misalnya 'Ketua Tim Asesor'."
            )
        nip = _check_nip(raw.get(COL_NIP), cell(COL_NIP) if COL_NIP in columns else "", problems)
        if len(problems) > before or role is None:
            continue
        signatory = Signatory(role, position, name, nip, clean_text(raw.get(COL_RANK)))
        if role == ROLE_ASSESSOR:
            assessors.append(signatory)
        else:
            coordinators.append((r, signatory))
    if len(coordinators) > 1:
        rows = ", ".join(str(r) for r, _ in coordinators)
        problems.append(
            f"lembar {sheet}, sel {get_column_letter(columns[COL_ROLE] + 1)}{coordinators[1][0]}: Koordinator "
            f"tercantum lebih dari sekali (baris {rows}). Laporan pemantauan dan ringkasan ditandatangani satu "
            "Koordinator; ubah Peran baris lainnya atau hapus barisnya."
        )
    return tuple(assessors), coordinators[0][1] if coordinators else None


def _find_header(grid: Grid) -> tuple[int, dict[str, int]] | None:
    """The header row (1-based) and each known header's column index, from the first rows."""
    known = {_header_key(h): h for h in SIGNATORY_HEADERS}
    known.update({"pangkat": COL_RANK, "golongan": COL_RANK, "pangkat/gol": COL_RANK})
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS], start=1):
        columns: dict[str, int] = {}
        for i, value in enumerate(row):
            header = known.get(_header_key(value))
            if header and header not in columns:
                columns[header] = i
        if COL_ROLE in columns and COL_NAME in columns:
            return r, columns
    return None


def _header_key(value: Any) -> str:
    return normalise_label(value).replace(" / ", "/").replace("/ ", "/").replace(" /", "/")


def _check_nip(raw: Any, where: str, problems: list[str]) -> str:
    """The NIP as 18 digits, or "" (empty, or a problem was added)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    if not isinstance(raw, str):
        shown = clean_text(raw)
        problems.append(
            f"{where}: NIP tersimpan sebagai angka ({shown}), sehingga Excel membulatkan angka-angka terakhirnya. "
            "Format sel sebagai Teks (Format Cells > Text) atau awali dengan tanda petik ('), lalu ketik ulang "
            "NIP lengkap 18 angka."
        )
        return ""
    text = clean_text(raw)
    digits = "".join(text.removeprefix("'").split())  # LibreOffice keeps a typed apostrophe in a Text cell
    if not digits.isdigit() or not digits.isascii():
        problems.append(
            f"{where}: NIP '{text}' memuat huruf atau tanda selain angka. Tulis NIP {NIP_DIGITS} angka (boleh "
            "dipisah spasi), atau kosongkan bila tidak ada."
        )
        return ""
    if len(digits) != NIP_DIGITS:
        problems.append(
            f"{where}: NIP '{text}' terdiri atas {len(digits)} angka; NIP terdiri atas {NIP_DIGITS} angka. "
            "Periksa kembali NIP-nya, atau kosongkan bila tidak ada."
        )
        return ""
    return digits


# --- the template ----------------------------------------------------------------------------

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
