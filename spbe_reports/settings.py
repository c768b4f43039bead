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
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spbe_reports import interrupt
from spbe_reports.errors import SpbeError
from spbe_reports.problems import problem
from spbe_reports.workbook import sniff, xlsx
from spbe_reports.workbook.reader import clean_text, corrupt_reason, normalise_label
from spbe_reports.workbook.xlsx import get_column_letter

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
    """The two sheets as grids of cached values, each under its actual name; None for a missing one.

    Read by the workbook reader's bounded parser (spbe_reports.workbook.xlsx): a settings file is
    as much outside input as a workbook, and as little may make the run work without end.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            package = xlsx.Package(archive)
            names = package.sheet_names
            grids = []
            for wanted, width in ((SHEET_SETTINGS, 2), (SHEET_SIGNATORIES, 20)):
                name = next((n for n in names if normalise_label(n) == normalise_label(wanted)), None)
                grids.append((name, package.sheet(name, MAX_ROWS, width).rows) if name else None)
            return _Sheets(*grids)
    except OSError as exc:
        raise SettingsError(path, [f"berkas tidak dapat dibuka ({sniff.os_reason(exc)})."]) from None
    except xlsx.Refused as refusal:
        where = ", ".join(f"{label} {value}" for label, value in (("lembar", refusal.sheet), ("sel", refusal.cell)) if value)
        found = problem(refusal.code, path.name, sheet=refusal.sheet, cell=refusal.cell, **refusal.params)
        raise SettingsError(path, [f"{where}: {found.message}" if where else found.message]) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a zip that breaks half way, a malformed part  # noqa: BLE001
        interrupt.check()
        raise SettingsError(
            path,
            [
                f"berkas rusak atau bukan buku kerja Excel ({corrupt_reason(exc)}). Buka di Excel dan simpan "
                "ulang sebagai .xlsx, atau buat berkas baru dengan 'spbe pengaturan'."
            ],
        ) from None


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


def write_settings_template(path: Path) -> Path:
    """Write the empty settings file (spbe_reports.settings_template; loads openpyxl only now)."""
    from spbe_reports.settings_template import write_settings_template as write

    return write(path)

