"""File-level checks made before any spreadsheet library opens a file.

:func:`check` looks at a file's size and first bytes, never trusting its name alone: a PDF
renamed ``.xlsx`` is not a workbook, and an ``.xlsx`` that Excel protected with a password is
in fact an OLE2 (Compound File Binary) container holding an ``EncryptedPackage`` stream. For a
zip it reads only the central directory, so a zip bomb (a few kilobytes that decompress to
gigabytes) is refused before openpyxl decompresses anything.

Every finding is a :class:`~spbe_reports.problems.Problem`; nothing here raises for bad input.
A file whose content is an xlsx is read whatever its name; :func:`misnamed` then warns when
the name says otherwise (a workbook renamed ``.xls`` by hand, say).
"""

from __future__ import annotations

import errno
import os
import stat
import struct
import zipfile
from math import ceil
from pathlib import Path

from spbe_reports.problems import Problem, problem

MAX_FILE_BYTES = 50 * 1024 * 1024  # the filled template is ~100 KB; 50 MB leaves room for pictures
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # sum of the zip members' sizes once decompressed
MAX_COMPRESSION_RATIO = 100  # refused on members bigger than RATIO_MIN_BYTES once decompressed
RATIO_MIN_BYTES = 10 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a member first, or an empty archive
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
WORKBOOK_PART = "xl/workbook.xml"
ENCRYPTED_STREAM = "EncryptedPackage"
# Other spreadsheet formats, told apart by name when their content is not recognised.
FORMAT_BY_SUFFIX = {".xls": "format-xls", ".ods": "format-ods", ".csv": "format-csv"}
# The names an Office Open XML workbook goes by (with macros: .xlsm); any other is misleading.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
NO_SUFFIX = "(tanpa akhiran)"
# Why a file could not be opened, by errno, in the user's words (the OS's own text is English).
_OS_REASONS = {
    errno.EACCES: "tidak ada izin membaca berkas",
    errno.EPERM: "tidak ada izin membaca berkas",
    errno.ENOENT: "berkas tidak ditemukan",
    errno.EISDIR: "ini sebuah folder, bukan berkas",
    errno.EIO: "media penyimpanan gagal dibaca",
    errno.EBUSY: "berkas sedang dipakai aplikasi lain",
    errno.ENAMETOOLONG: "nama atau jalur berkas terlalu panjang",
    errno.ELOOP: "tautan berkas berputar-putar",
    errno.EMFILE: "terlalu banyak berkas terbuka sekaligus",
    errno.ENFILE: "terlalu banyak berkas terbuka sekaligus",
    errno.ENXIO: "perangkat penyimpanan tidak tersedia",
    errno.ENODEV: "perangkat penyimpanan tidak tersedia",
    errno.ETIMEDOUT: "waktu akses habis (folder jaringan?)",
    errno.EINVAL: "nama berkas tidak sah",
}
# Windows: the file is open in another program (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION).
_WINDOWS_LOCKED = (32, 33)


def check(path: Path, source: str) -> Problem | None:
    """The first file-level problem of ``path``, or None when openpyxl may open it.

    ``source`` is the name shown to the user (the path relative to the input folder).
    """
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            return problem("unreadable-file", source, reason="ini sebuah folder, bukan berkas")
        if not stat.S_ISREG(info.st_mode):
            return problem("unreadable-file", source, reason="bukan berkas biasa")
        if info.st_size == 0:
            return problem("empty-file", source)
        if info.st_size > MAX_FILE_BYTES:
            return problem("file-too-large", source, size=megabytes(info.st_size), limit=megabytes(MAX_FILE_BYTES))
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return problem("unreadable-file", source, reason=os_reason(exc))

    suffix = path.suffix.lower()
    if head.startswith(OLE2_MAGIC):
        return _check_ole2(path, source)
    if head.startswith(ZIP_MAGICS):
        return _check_zip(path, source, suffix)
    if suffix in FORMAT_BY_SUFFIX:
        return problem(FORMAT_BY_SUFFIX[suffix], source)
    return problem("not-a-workbook", source, suffix=suffix or NO_SUFFIX)


def misnamed(path: Path, source: str) -> Problem | None:
    """A ``wrong-extension`` warning when ``path``, which :func:`check` let through, is not named .xlsx.

    Call it only after :func:`check` returned None: the content is then an xlsx whatever
    the name, and it is read as one.
    """
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return None
    return problem("wrong-extension", source, suffix=path.suffix or NO_SUFFIX)


def os_reason(exc: OSError) -> str:
    """Why a file could not be opened, in the user's words (never the operating system's English)."""
    if getattr(exc, "winerror", None) in _WINDOWS_LOCKED:
        return "berkas sedang dibuka aplikasi lain"
    if isinstance(exc, PermissionError):
        return "tidak ada izin membaca berkas"
    if isinstance(exc, FileNotFoundError):
        return "berkas tidak ditemukan"
    if isinstance(exc, IsADirectoryError):
        return "ini sebuah folder, bukan berkas"
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return f"kesalahan sistem operasi nomor {exc.errno}" if exc.errno else "kesalahan sistem operasi"


def megabytes(size: int) -> str:
    """A byte count as an Indonesian reader writes it: '52,4 MB', '20 MB', '12 KB'."""
    if size < 1024 * 1024:
        return f"{ceil(size / 1024)} KB"
    text = f"{size / (1024 * 1024):.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')} MB"


def _check_ole2(path: Path, source: str) -> Problem:
    """An OLE2 file is either a password-protected xlsx or an Excel 97-2003 workbook."""
    try:
        names = ole2_stream_names(path.read_bytes())
    except (OSError, ValueError, struct.error) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "wadah OLE2 tidak utuh"
        return problem("corrupt-workbook", source, reason=reason)
    if ENCRYPTED_STREAM in names:
        return problem("encrypted-workbook", source)
    return problem("format-xls", source)


def _check_zip(path: Path, source: str, suffix: str) -> Problem | None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "mimetype" in names and _read_prefix(archive, "mimetype", 200).strip() == ODS_MIMETYPE:
                return problem("format-ods", source)
            if WORKBOOK_PART not in names:
                if any(name.startswith("xl/") for name in names):
                    return problem("corrupt-workbook", source, reason=f"bagian {WORKBOOK_PART} tidak ada")
                if suffix in FORMAT_BY_SUFFIX:
                    return problem(FORMAT_BY_SUFFIX[suffix], source)
                return problem("not-a-workbook", source, suffix=suffix or NO_SUFFIX)
            return _check_sizes(members, source)
    except OSError as exc:
        return problem("unreadable-file", source, reason=os_reason(exc))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError, EOFError):
        return problem("corrupt-workbook", source, reason="arsip ZIP di dalamnya tidak utuh atau terpotong")


def _read_prefix(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as member:
        return member.read(limit)


def _check_sizes(members: list[zipfile.ZipInfo], source: str) -> Problem | None:
    """Refuse a zip bomb from the sizes its central directory declares.

    Python's zipfile never returns more than a member's declared size (a member that lies
    fails its CRC check instead), so checking the declared sizes bounds what openpyxl reads.
    """
    if len(members) > MAX_ZIP_MEMBERS:
        return problem("workbook-too-large", source, reason=f"{len(members)} bagian di dalam arsip")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        return problem(
            "workbook-too-large",
            source,
            reason=f"isinya {megabytes(total)} setelah diekstrak, batasnya {megabytes(MAX_UNCOMPRESSED_BYTES)}",
        )
    for m in members:
        if m.file_size > RATIO_MIN_BYTES and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1):
            return problem(
                "workbook-too-large",
                source,
                reason=f"bagian {m.filename} mengembang dari {megabytes(m.compress_size)} menjadi {megabytes(m.file_size)}",
            )
    return None


def ole2_stream_names(data: bytes) -> set[str]:
    """The names of every entry in an OLE2 / Compound File Binary container ([MS-CFB]).

    Reads the header, the FAT and the directory chain; every offset is bounds-checked and
    every chain is followed at most once per sector, so a hostile file cannot loop or read
    past its end. Raises ValueError when the container is malformed.
    """
    if len(data) < 512 or not data.startswith(OLE2_MAGIC):
        raise ValueError("not an OLE2 container")
    sector_shift = struct.unpack_from("<H", data, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise ValueError("bad sector size")
    size = 1 << sector_shift
    fat_count, first_dir = struct.unpack_from("<II", data, 0x2C)
    first_difat, difat_count = struct.unpack_from("<II", data, 0x44)

    def sector(n: int) -> bytes:
        start = (n + 1) * size
        if start + size > len(data):
            raise ValueError("sector out of range")
        return data[start : start + size]

    # The FAT sector numbers: 109 in the header, the rest in the DIFAT chain.
    fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
    next_difat, seen = first_difat, set()
    for _ in range(difat_count):
        if next_difat >= 0xFFFFFFFA or next_difat in seen:
            break
        seen.add(next_difat)
        entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors.extend(entries[:-1])
        next_difat = entries[-1]
    fat: list[int] = []
    for n in fat_sectors[:fat_count]:
        if n >= 0xFFFFFFFA:
            continue
        fat.extend(struct.unpack(f"<{size // 4}I", sector(n)))

    names: set[str] = set()
    current, visited = first_dir, set()
    while current < 0xFFFFFFFA:
        if current in visited or current >= len(fat):
            raise ValueError("bad directory chain")
        visited.add(current)
        block = sector(current)
        for offset in range(0, len(block) - 127, 128):
            length = struct.unpack_from("<H", block, offset + 0x40)[0]
            kind = block[offset + 0x42]
            if kind and 2 <= length <= 64:
                names.add(block[offset : offset + length - 2].decode("utf-16-le", "replace"))
        current = fat[current]
    return names
