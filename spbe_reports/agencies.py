"""The list of agencies an evaluation covers, read from a CSV or XLSX file.

The list (``--daftar FILE``) names one agency per row under a header row with ``Nama Instansi``
and optionally ``Jenis Instansi`` and ``Kode Instansi`` (contract.md section 2), and
``Pemerintah Daerah Induk`` (the government a Perangkat Daerah belongs to, pre-filled into its
workbook; lists without that column read as before). It is typed by
people, so headers are matched without regard to case or spacing, names are trimmed, blank rows
are skipped, and codes stay text (``0012`` keeps its zeros). Anything else that is wrong stops
the run with an :class:`AgencyListError` naming the file and the row or column to fix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from spbe_reports import interrupt
from spbe_reports.errors import SpbeError
from spbe_reports.workbook import sniff
from spbe_reports.workbook.layout import AGENCY_KINDS, ID_CODE, ID_KIND, ID_NAME, ID_PARENT

CSV_SUFFIXES = (".csv",)
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
HEADER_SEARCH_ROWS = 10  # an XLSX list may have a title above its header row
MAX_LIST_BYTES = 5 * 1024 * 1024  # a list of every agency of a province is some 50 KB
MAX_AGENCIES = 5_000  # more rows than Indonesia has regional governments and ministries together
MAX_COLUMNS = 50  # the four known columns, with room for the coordinator's own


class AgencyListError(SpbeError):
    """The agency list is missing, unreadable or has content the tool cannot use."""


@dataclass(frozen=True)
class Agency:
    name: str
    kind: str = ""
    code: str = ""
    parent: str = ""  # Pemerintah Daerah Induk of a Perangkat Daerah


def read_agency_list(path: Path) -> list[Agency]:
    """Read the agencies of a CSV (UTF-8, comma or semicolon) or XLSX list, in file order.

    Raises AgencyListError when the file is missing or of another type, cannot be read, has no
    ``Nama Instansi`` column, names no agency, has a row without a name, or has a
    ``Jenis Instansi`` outside the allowed kinds.
    """
    path = Path(path)
    if not path.is_file():
        raise AgencyListError(f"Berkas daftar instansi tidak ditemukan: {path}")
    if path.stat().st_size > MAX_LIST_BYTES:
        raise AgencyListError(
            f"Berkas daftar instansi {path.name} berukuran {sniff.megabytes(path.stat().st_size)}, melebihi batas "
            f"{sniff.megabytes(MAX_LIST_BYTES)}. Daftar cukup memuat kolom nama, jenis, dan kode instansi; hapus lembar "
            "atau gambar lain."
        )
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        rows = _csv_rows(path)
    elif suffix in EXCEL_SUFFIXES:
        rows = _excel_rows(path)
    else:
        raise AgencyListError(
            f"Berkas daftar instansi {path.name} tidak didukung: gunakan berkas .csv (UTF-8, "
            "dipisahkan koma atau titik koma) atau .xlsx."
        )
    return _agencies(path, rows)


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise AgencyListError(
            f"Berkas daftar instansi {path.name} bukan teks UTF-8. Simpan ulang sebagai "
            "'CSV UTF-8 (dipisahkan koma)' atau sebagai .xlsx."
        ) from None
    except OSError as exc:
        raise AgencyListError(f"Berkas daftar instansi {path} tidak dapat dibaca: {exc.strerror}") from None
    header = next((line for line in text.splitlines() if line.strip()), "")
    # The header row decides the separator: Excel in an Indonesian locale saves with ';'.
    separator = ";" if header.count(";") > header.count(",") else ","
    try:
        frame = pd.read_csv(
            path,
            sep=separator,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
        )
    except pd.errors.EmptyDataError:
        return []
    except pd.errors.ParserError as exc:
        raise AgencyListError(
            f"Berkas daftar instansi {path.name} tidak dapat dibaca sebagai CSV "
            f"(pemisah '{separator}'): {exc}. Periksa tanda petik dan jumlah kolom pada baris itu."
        ) from None
    return _plain(frame)


def _excel_rows(path: Path) -> list[list[str]]:
    refused = sniff.check(path, path.name)  # encrypted, not a workbook, a zip bomb: before openpyxl
    if refused is not None:
        raise AgencyListError(f"Berkas daftar instansi {path.name} tidak dapat dibaca sebagai .xlsx: {refused.message}")
    try:
        frame = pd.read_excel(
            path,
            sheet_name=0,
            header=None,
            dtype=str,
            engine="openpyxl",
            nrows=HEADER_SEARCH_ROWS + MAX_AGENCIES + 1,  # reading stops there, however long the sheet
            usecols=lambda column: column < MAX_COLUMNS,
        )
    except Exception as exc:  # openpyxl raises many kinds for a damaged or mislabelled file
        interrupt.check()
        raise AgencyListError(f"Berkas daftar instansi {path.name} tidak dapat dibaca sebagai .xlsx: {exc}") from None
    return _plain(frame)


def _plain(frame: pd.DataFrame) -> list[list[str]]:
    """The frame's cells as trimmed strings, '' for empty cells."""
    return [[_text(value) for value in row] for row in frame.itertuples(index=False, name=None)]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return " ".join(str(value).split())


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _agencies(path: Path, rows: list[list[str]]) -> list[Agency]:
    """Agencies below the header row; ``rows[i]`` is row i + 1 of the file."""
    header_index = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if _key(ID_NAME) in map(_key, row)), None)
    if header_index is None:
        raise AgencyListError(
            f"Berkas daftar instansi {path.name} tidak memiliki kolom '{ID_NAME}'. Baris judul harus "
            f"memuat '{ID_NAME}' dan boleh memuat '{ID_KIND}', '{ID_CODE}', serta '{ID_PARENT}'."
        )
    header = [_key(cell) for cell in rows[header_index]]
    columns = {
        label: header.index(_key(label)) for label in (ID_NAME, ID_KIND, ID_CODE, ID_PARENT) if _key(label) in header
    }

    def cell(row: list[str], label: str) -> str:
        index = columns.get(label)
        return row[index] if index is not None and index < len(row) else ""

    if len(rows) - header_index - 1 > MAX_AGENCIES:
        raise AgencyListError(
            f"Berkas daftar instansi {path.name} memuat lebih dari {MAX_AGENCIES} baris instansi. Periksa apakah "
            "berkasnya benar; baris kosong di bawah daftar tidak perlu dihapus, tetapi data lain di lembar itu perlu."
        )
    agencies = []
    for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(row):
            continue
        name = cell(row, ID_NAME)
        if not name:
            raise AgencyListError(
                f"Berkas daftar instansi {path.name}, baris {number}: kolom '{ID_NAME}' kosong. "
                "Isi nama instansi atau hapus baris itu."
            )
        kind = _kind(path, number, cell(row, ID_KIND))
        agencies.append(Agency(name=name, kind=kind, code=cell(row, ID_CODE), parent=cell(row, ID_PARENT)))
    if not agencies:
        raise AgencyListError(f"Berkas daftar instansi {path.name} tidak memuat satu pun instansi.")
    return agencies


def _kind(path: Path, row: int, text: str) -> str:
    """The canonical spelling of an agency kind typed in any case, or '' when left empty."""
    if not text:
        return ""
    canonical = {_key(kind): kind for kind in AGENCY_KINDS}
    try:
        return canonical[_key(text)]
    except KeyError:
        raise AgencyListError(
            f"Berkas daftar instansi {path.name}, baris {row}: {ID_KIND} '{text}' tidak dikenal. "
            f"Pilihan yang sah: {', '.join(AGENCY_KINDS)}."
        ) from None
