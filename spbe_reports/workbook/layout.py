"""The shape of the standard workbook, shared by its writer and its reader.

This is the contract of ``shared/spec/contract.md`` section 1 written down once: sheet
names, identity labels, column headers and the embedded version keys.
"""

from __future__ import annotations

# Bump the major number only on a change that old readers cannot follow; a compatible addition
# (new optional labels, which older readers ignore) bumps the minor number.
# 1.1: optional Pemerintah Daerah Induk and the head of the agency (name, position, NIP).
TEMPLATE_VERSION = "1.1"

SHEET_IDENTITY = "Identitas"
SHEET_ASSESSMENT = "Penilaian"
SHEET_GUIDE = "Petunjuk"
SHEET_CRITERIA = "Kriteria"
SHEET_LISTS = "Daftar"  # hidden: dropdown sources
SHEET_META = "_spbe"  # hidden: framework and template version

# Identity labels (column A), matched case-insensitively after trimming.
ID_NAME = "Nama Instansi"
ID_KIND = "Jenis Instansi"
ID_YEAR = "Tahun Penilaian"
ID_CODE = "Kode Instansi"
ID_PARENT = "Pemerintah Daerah Induk"  # for a Perangkat Daerah: the government it belongs to
ID_HEAD_NAME = "Nama Kepala Instansi"  # the head who acknowledges ("Mengetahui") the report
ID_HEAD_POSITION = "Jabatan Kepala Instansi"
ID_HEAD_NIP = "NIP Kepala Instansi"
NIP_DIGITS = 18  # Nomor Induk Pegawai of a civil servant
ID_COORDINATOR = "Koordinator SPBE"
ID_RESPONSIBLE = "Penanggung Jawab"
ID_DATA_ENTRY = "Pelaksana Entri Data"
ID_MEMBERS = "Anggota Tim Asesor"
ID_SERVICE = "Nama Layanan Publik Sektoral {n}"
SERVICE_COUNT = 3
IDENTITY_LABELS = (
    ID_NAME,
    ID_KIND,
    ID_YEAR,
    ID_CODE,
    ID_PARENT,
    ID_HEAD_NAME,
    ID_HEAD_POSITION,
    ID_HEAD_NIP,
    ID_COORDINATOR,
    ID_RESPONSIBLE,
    ID_DATA_ENTRY,
    ID_MEMBERS,
    *(ID_SERVICE.format(n=n) for n in range(1, SERVICE_COUNT + 1)),
)
REQUIRED_IDENTITY = (ID_NAME, ID_KIND, ID_YEAR)

AGENCY_KINDS = (
    "Instansi Pusat",
    "Pemerintah Provinsi",
    "Pemerintah Kabupaten",
    "Pemerintah Kota",
    "Perangkat Daerah",
)
KIND_LOCAL_UNIT = "Perangkat Daerah"  # the kind that belongs to a Pemerintah Daerah Induk

# Penilaian headers. Columns are found by this text, never by position.
COL_NUMBER = "No"
COL_DOMAIN = "Domain"
COL_ASPECT = "Aspek"
COL_NAME = "Indikator"
COL_EXPLANATION = "Penjelasan"
COL_EVIDENCE = "Bukti Pendukung"
COL_NOTE = "Catatan Asesor"
COL_TARGET = "Target"
STAGE_HEADERS = {
    "mandiri": "Tingkat Mandiri",
    "dokumen": "Tingkat Dokumen",
    "interviu": "Tingkat Interviu",
    "visitasi": "Tingkat Visitasi",
}
REQUIRED_COLUMNS = (COL_NUMBER, STAGE_HEADERS["mandiri"])

HEADER_SEARCH_ROWS = 10

# Keys of the hidden meta sheet (column A key, column B value), mirrored in document properties.
META_FRAMEWORK = "framework"
META_FRAMEWORK_VERSION = "framework_version"
META_TEMPLATE_VERSION = "template_version"
META_GENERATOR = "generator"


def stage_header(key: str) -> str:
    """The column header of a stage: from STAGE_HEADERS, or "Tingkat <Key>" for a stage it lacks."""
    return STAGE_HEADERS.get(key, f"Tingkat {key.title()}")
