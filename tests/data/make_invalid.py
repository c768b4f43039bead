"""Build the bad-workbook corpus: one file per problem code in tests/data/invalid/.

Each workbook case starts from the real standard workbook (``write_workbook``), filled
completely and correctly through ``fill_workbook``, and then damaged in exactly one way with
openpyxl, so the reader must find exactly that problem where it was made. File-level cases
(an empty file, a renamed PDF, an old .xls, a password-protected workbook, a zip bomb...) are
built byte by byte. ``expected.yaml`` beside the files says, for each file, the code and the
sheet, cell or indicator where the reader must report it; tests/test_invalid_corpus.py loops
over it, so a new file is a new test::

    python tests/data/make_invalid.py [OUTPUT_DIR]

Not in the corpus: ``unreadable-file`` (needs file permissions; tested in test_reader.py),
``file-too-large`` (a 50 MB file does not belong in git; tested with a sparse file),
``duplicate-agency`` and ``incomplete-draft`` (batch-level).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import io
import random
import re
import struct
import sys
import tempfile
import zipfile
from collections.abc import Callable
from math import ceil
from pathlib import Path

import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from spbe_reports import framework as frameworks
from spbe_reports.framework import Framework
from spbe_reports.workbook import layout
from spbe_reports.workbook.filler import fill_workbook
from spbe_reports.workbook.writer import write_workbook

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "invalid"
OTHER_FRAMEWORK = "uji-kerangka-lain"  # id of a framework file passed by path (framework-mismatch)
PASSWORD = "rahasia"  # of encrypted-workbook.xlsx

IDENTITY = {
    layout.ID_NAME: "Dinas Komunikasi dan Informatika Kabupaten Contoh",
    layout.ID_KIND: "Perangkat Daerah",
    layout.ID_YEAR: 2026,
    layout.ID_CODE: "3201-KOMINFO",
    layout.ID_PARENT: "Pemerintah Kabupaten Contoh",
    layout.ID_HEAD_NAME: "Dr. Hendra Wijaya, S.T., M.Si.",
    layout.ID_HEAD_POSITION: "Kepala Dinas Komunikasi dan Informatika",
    layout.ID_HEAD_NIP: "19750312 200003 1 004",
    layout.ID_COORDINATOR: "Budi Santoso, S.Kom., M.T.",
    layout.ID_RESPONSIBLE: "Siti Rahmawati",
    layout.ID_DATA_ENTRY: "Joko Prasetyo",
    layout.ID_MEMBERS: "Andi Wijaya\nRina Kartika; Dewi Lestari",
    **{
        layout.ID_SERVICE.format(n=n): name
        for n, name in enumerate(("Perizinan Berusaha", "Kesehatan", "Kependudukan"), 1)
    },
}


def good_rows(fw: Framework) -> dict[int, dict[str, object]]:
    """Every indicator filled by the agency: a level (some as dropdown labels), explanation, evidence."""
    rows = {}
    for ind in fw.indicators:
        level = 1 + ind.number % fw.max_level
        value = f"{level} - {ind.level(level).name}" if ind.number % 2 else level
        rows[ind.number] = {
            layout.STAGE_HEADERS["mandiri"]: value,
            layout.COL_EXPLANATION: f"Kondisi indikator {ind.number} memenuhi kriteria tingkat {level}.",
            layout.COL_EVIDENCE: f"https://contoh.go.id/bukti/{ind.number}.pdf",
        }
    return rows


# --- the damaged workbooks ------------------------------------------------------------------------


class Good:
    """The filled standard workbook, and where its cells are."""

    def __init__(self, fw: Framework, folder: Path):
        self.fw = fw
        template = write_workbook(fw, folder / "template.xlsx")
        self.path = fill_workbook(template, folder / "good.xlsx", IDENTITY, good_rows(fw))
        self.bytes = self.path.read_bytes()
        workbook = load_workbook(self.path)
        identity = workbook[layout.SHEET_IDENTITY]
        self.identity_row = {identity.cell(r, 1).value: r for r in range(1, identity.max_row + 1)}
        sheet = workbook[layout.SHEET_ASSESSMENT]
        self.header_row = next(
            r for r in range(1, layout.HEADER_SEARCH_ROWS + 1) if sheet.cell(r, 1).value == layout.COL_NUMBER
        )
        self.column = {sheet.cell(self.header_row, c).value: c for c in range(1, sheet.max_column + 1)}
        meta = workbook[layout.SHEET_META]
        self.meta_row = {meta.cell(r, 1).value: r for r in range(1, meta.max_row + 1)}
        self._shared = None
        self.row = {
            sheet.cell(r, 1).value: r
            for r in range(self.header_row + 1, sheet.max_row + 1)
            if isinstance(sheet.cell(r, 1).value, int)
        }

    def identity_cell(self, label: str) -> str:
        return f"B{self.identity_row[label]}"

    def cell(self, number: int, header: str) -> str:
        return f"{get_column_letter(self.column[header])}{self.row[number]}"

    def damaged(self, change: Callable | tuple[str, str, object]) -> bytes:
        """The good workbook after ``change``, saved as bytes.

        ``change`` is a function of the workbook, or (sheet, cell, value): one cell set and
        put back afterwards, so that those cases share one loaded workbook (loading and
        saving the whole form is what makes the corpus slow to build).
        """
        if callable(change):
            workbook = load_workbook(io.BytesIO(self.bytes))
            change(workbook)
            return _saved(workbook)
        if self._shared is None:
            self._shared = load_workbook(io.BytesIO(self.bytes))
        sheet, cell, value = change
        target = self._shared[sheet][cell]
        before, target.value = target.value, value
        try:
            return _saved(self._shared)
        finally:
            target.value = before

    def set_cell(self, number: int, header: str, value) -> tuple[str, str, object]:
        return layout.SHEET_ASSESSMENT, self.cell(number, header), value

    def set_identity(self, label: str, value) -> tuple[str, str, object]:
        return layout.SHEET_IDENTITY, self.identity_cell(label), value

    def set_meta(self, key: str, value) -> tuple[str, str, object]:
        return layout.SHEET_META, f"B{self.meta_row[key]}", value


def _saved(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def workbook_cases(good: Good) -> list[tuple[str, bytes, dict]]:
    """(file name, content, expected) of every case made by damaging the good workbook."""
    fw = good.fw
    P, I = layout.SHEET_ASSESSMENT, layout.SHEET_IDENTITY
    self_col = layout.STAGE_HEADERS["mandiri"]
    sectoral = next(ind for ind in fw.indicators if ind.sectoral_service == 2)
    # A process-scale indicator labelled with level 5's number but level 3's name.
    process = next(ind for ind in fw.indicators if ind.number >= 5 and ind.scale.key == "proses")
    last_row = max(good.row.values())
    # Indicators claimed at level 2 or more: their explanation and evidence are expected.
    claimed = [n for n, cells in good_rows(fw).items() if n >= 15 and int(str(cells[self_col])[0]) >= 2]

    def rename_sheet(wb):
        wb[P].title = "Nilai"

    def delete_row(wb):
        wb[P].delete_rows(good.row[12])

    def extra_row(wb):
        wb[P].cell(last_row + 1, good.column[layout.COL_NUMBER]).value = 99
        wb[P].cell(last_row + 1, good.column[self_col]).value = 3

    def long_sheet(wb):
        wb[P].cell(6000, 1).value = "baris tersesat"

    cases = [
        ("missing-sheet.xlsx", rename_sheet, {"sheet": P}),
        (
            "missing-column.xlsx",
            (P, f"{get_column_letter(good.column[self_col])}{good.header_row}", "Level"),
            {"sheet": P},
        ),
        (
            "unknown-template-version.xlsx",
            good.set_meta(layout.META_TEMPLATE_VERSION, "2.0"),
            {"sheet": layout.SHEET_META},
        ),
        (
            "unknown-framework.xlsx",
            good.set_meta(layout.META_FRAMEWORK, "permenpanrb-99-2030"),
            {"sheet": layout.SHEET_META},
        ),
        (
            "missing-agency-name.xlsx",
            good.set_identity(layout.ID_NAME, "   "),
            {"sheet": I, "cell": good.identity_cell(layout.ID_NAME)},
        ),
        (
            "missing-agency-type.xlsx",
            good.set_identity(layout.ID_KIND, None),
            {"sheet": I, "cell": good.identity_cell(layout.ID_KIND)},
        ),
        (
            "unknown-agency-type.xlsx",
            good.set_identity(layout.ID_KIND, "Kementerian"),
            {"sheet": I, "cell": good.identity_cell(layout.ID_KIND)},
        ),
        (
            "missing-year.xlsx",
            good.set_identity(layout.ID_YEAR, None),
            {"sheet": I, "cell": good.identity_cell(layout.ID_YEAR)},
        ),
        (
            "invalid-year.xlsx",
            good.set_identity(layout.ID_YEAR, "26"),
            {"sheet": I, "cell": good.identity_cell(layout.ID_YEAR)},
        ),
        (
            "missing-parent-government.xlsx",
            good.set_identity(layout.ID_PARENT, None),
            {"sheet": I, "cell": good.identity_cell(layout.ID_PARENT)},
        ),
        (
            "invalid-nip.xlsx",
            good.set_identity(layout.ID_HEAD_NIP, "1975O312 200003 1 004"),  # a letter O for a zero
            {"sheet": I, "cell": good.identity_cell(layout.ID_HEAD_NIP)},
        ),
        ("missing-indicator.xlsx", delete_row, {"sheet": P, "indicator": 12}),
        (
            "duplicate-indicator.xlsx",
            good.set_cell(13, layout.COL_NUMBER, 12),
            {"sheet": P, "cell": good.cell(13, layout.COL_NUMBER), "indicator": 12},
        ),
        ("unknown-indicator.xlsx", extra_row, {"sheet": P, "cell": f"A{last_row + 1}"}),
        (
            "missing-level.xlsx",
            good.set_cell(7, self_col, None),
            {"sheet": P, "cell": good.cell(7, self_col), "indicator": 7},
        ),
        (
            "level-not-integer.xlsx",
            good.set_cell(8, self_col, "3,5"),
            {"sheet": P, "cell": good.cell(8, self_col), "indicator": 8},
        ),
        (
            "level-out-of-range.xlsx",
            good.set_cell(9, self_col, 6),
            {"sheet": P, "cell": good.cell(9, self_col), "indicator": 9},
        ),
        (
            "level-label-mismatch.xlsx",
            good.set_cell(process.number, self_col, f"5 - {process.scale.level_name(3)}"),
            {"sheet": P, "cell": good.cell(process.number, self_col), "indicator": process.number},
        ),
        (
            "formula-not-computed.xlsx",
            good.set_cell(10, self_col, "=1+2"),
            {"sheet": P, "cell": good.cell(10, self_col), "indicator": 10},
        ),
        (
            "stage-gap.xlsx",
            good.set_cell(11, layout.STAGE_HEADERS["interviu"], 3),
            {"sheet": P, "cell": good.cell(11, layout.STAGE_HEADERS["dokumen"]), "indicator": 11},
        ),
        (
            "invalid-target.xlsx",
            good.set_cell(14, layout.COL_TARGET, "tinggi"),
            {"sheet": P, "cell": good.cell(14, layout.COL_TARGET), "indicator": 14},
        ),
        (
            "missing-explanation.xlsx",
            good.set_cell(claimed[0], layout.COL_EXPLANATION, None),
            {"sheet": P, "cell": good.cell(claimed[0], layout.COL_EXPLANATION), "indicator": claimed[0]},
        ),
        (
            "missing-evidence.xlsx",
            good.set_cell(claimed[1], layout.COL_EVIDENCE, " "),
            {"sheet": P, "cell": good.cell(claimed[1], layout.COL_EVIDENCE), "indicator": claimed[1]},
        ),
        (
            "missing-sectoral-service.xlsx",
            good.set_identity(layout.ID_SERVICE.format(n=2), None),
            {"sheet": I, "cell": good.identity_cell(layout.ID_SERVICE.format(n=2)), "indicator": sectoral.number},
        ),
        ("workbook-too-large-rows.xlsx", long_sheet, {"code": "workbook-too-large", "sheet": P}),
    ]
    made = []
    for name, change, where in cases:
        expected = {"code": name.removesuffix(".xlsx"), **where}
        made.append((name, good.damaged(change), expected))
    # Any workbook of a known framework other than the run's: the test runs this one against a
    # copy of the framework under another id, given as a file path.
    made.append(
        (
            "framework-mismatch.xlsx",
            good.bytes,
            {"code": "framework-mismatch", "sheet": layout.SHEET_META, "run_framework": OTHER_FRAMEWORK},
        )
    )
    return made


# --- the file-level cases -------------------------------------------------------------------------


def file_cases(good: Good) -> list[tuple[str, bytes, dict]]:
    return [
        ("empty-file.xlsx", b"", {"code": "empty-file"}),
        ("not-a-workbook.xlsx", minimal_pdf("Laporan SPBE"), {"code": "not-a-workbook"}),
        ("format-xls.xls", compound_file({"Workbook": minimal_biff8()}), {"code": "format-xls"}),
        ("format-ods.ods", minimal_ods(), {"code": "format-ods"}),
        ("format-csv.csv", b"No;Indikator;Tingkat Mandiri\n1;Kebijakan;3\n", {"code": "format-csv"}),
        ("encrypted-workbook.xlsx", encrypted_ooxml(good.bytes, PASSWORD), {"code": "encrypted-workbook"}),
        ("corrupt-workbook.xlsx", good.bytes[: len(good.bytes) // 2], {"code": "corrupt-workbook"}),
        ("workbook-too-large.xlsx", zip_bomb(good.bytes), {"code": "workbook-too-large"}),
        ("workbook-too-complex.xlsx", too_many_formats(good.bytes), {"code": "workbook-too-complex"}),
        (
            "cell-too-long.xlsx",
            overlong_cell(good.bytes, good.cell(16, layout.COL_EXPLANATION)),
            {"code": "cell-too-long", "sheet": layout.SHEET_ASSESSMENT, "cell": good.cell(16, layout.COL_EXPLANATION)},
        ),
        ("wrong-extension.xls", good.bytes, {"code": "wrong-extension"}),  # a real xlsx, renamed
    ]


def _rezipped(package: bytes, member_name: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            target.writestr(member, change(data) if member.filename == member_name else data)
    return out.getvalue()


def too_many_formats(package: bytes) -> bytes:
    """``package`` with 70,000 more cell formats than Excel's limit allows (65,490), a few KB zipped."""
    return _rezipped(
        package, "xl/styles.xml", lambda xml: xml.replace(b"</cellXfs>", b"<xf/>" * 70_000 + b"</cellXfs>", 1)
    )


def overlong_cell(package: bytes, cell: str) -> bytes:
    """``package`` with Penilaian's ``cell`` holding 32,768 characters, one over Excel's limit.

    Written into the XML: openpyxl itself cuts a longer text to 32,767 characters when it saves.
    """
    text = (b"Uraian panjang. " * 2048)[:32_767] + b"x"
    pattern = re.compile(rb'<c r="' + cell.encode() + rb'"([^>]*?)(/>|>.*?</c>)', re.DOTALL)
    new = b'<c r="' + cell.encode() + b'" t="inlineStr"><is><t>' + text + b"</t></is></c>"
    return _rezipped(package, "xl/worksheets/sheet2.xml", lambda xml: pattern.sub(lambda m: new, xml, count=1))


def minimal_pdf(text: str) -> bytes:
    """A small valid one-page PDF showing ``text``."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def minimal_biff8() -> bytes:
    """The Workbook stream of an Excel 97-2003 file reduced to its BOF and EOF records."""
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06)
    eof = struct.pack("<HH", 0x000A, 0)
    return bof + eof


def minimal_ods() -> bytes:
    """An OpenDocument spreadsheet: the mimetype member first and stored, as the format requires."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        '<table:table table:name="Identitas"><table:table-row><table:table-cell office:value-type="string">'
        "<text:p>Nama Instansi</text:p></table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_bomb(workbook: bytes, size: int = 20 * 1024 * 1024) -> bytes:
    """The workbook plus one member of ``size`` zero bytes, compressed about a thousand to one."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        info = zipfile.ZipInfo("xl/media/image1.bin", date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w") as bomb:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                bomb.write(chunk)
    return out.getvalue()


# --- a Compound File Binary writer ([MS-CFB]), version 3 -------------------------------------------

FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 container holding ``streams`` at its root (as Office writes .xls and encrypted files).

    Streams under 4096 bytes go to the mini stream, as the format requires. The directory is a
    balanced tree ordered as the format orders names (length first, then upper case).
    """
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    small = [n for n in names if len(streams[n]) < MINI_CUTOFF]
    big = [n for n in names if len(streams[n]) >= MINI_CUTOFF]

    ministream, minifat, mini_start = bytearray(), [], {}
    for name in small:
        data = streams[name]
        count = ceil(len(data) / MINI_SECTOR)
        start = len(ministream) // MINI_SECTOR
        mini_start[name] = start if count else END
        minifat += [start + i + 1 for i in range(count - 1)] + ([END] if count else [])
        ministream += data.ljust(count * MINI_SECTOR, b"\0")

    # Regular sectors in order: directory, MiniFAT, mini stream, big streams; the FAT goes first.
    entries = 1 + len(names)
    minifat_sectors = ceil(len(minifat) * 4 / SECTOR)
    chains = [
        ("dir", ceil(entries * 128 / SECTOR)),
        ("minifat", minifat_sectors),
        ("ministream", ceil(len(ministream) / SECTOR)),
        *((name, ceil(len(streams[name]) / SECTOR)) for name in big),
    ]
    body = sum(count for _, count in chains)
    fat_count = 1
    while fat_count * (SECTOR // 4) < fat_count + body:
        fat_count += 1
    if fat_count > 109:
        raise ValueError("too big for a header-only DIFAT")
    fat = [FAT_SECTOR] * fat_count
    start = {}
    for name, count in chains:
        start[name] = len(fat) if count else END
        fat += [len(fat) + i + 1 for i in range(count - 1)] + ([END] if count else [])
    fat += [FREE] * (fat_count * (SECTOR // 4) - len(fat))

    def directory_entry(name, kind, color, left, right, child, first, size):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, color, left, right, child)
            + bytes(16 + 4 + 16)  # CLSID, state bits, creation and modification times
            + struct.pack("<IQ", first, size)
        )

    # A balanced binary tree over the sorted names: entry ids are 1..n in sorted order.
    def tree(lo, hi):  # the root id of names[lo:hi]
        if lo >= hi:
            return NO_STREAM, {}
        mid = (lo + hi) // 2
        left, left_links = tree(lo, mid)
        right, right_links = tree(mid + 1, hi)
        return mid + 1, {mid + 1: (left, right), **left_links, **right_links}

    top, links = tree(0, len(names))
    directory = directory_entry("Root Entry", 5, 1, NO_STREAM, NO_STREAM, top, start["ministream"], len(ministream))
    for i, name in enumerate(names, 1):
        left, right = links[i]
        first = mini_start[name] if name in mini_start else start[name]
        directory += directory_entry(name, 2, 1, left, right, NO_STREAM, first, len(streams[name]))
    while len(directory) % SECTOR:  # unused entries: empty, with no siblings and no child
        directory += directory_entry("", 0, 0, NO_STREAM, NO_STREAM, NO_STREAM, 0, 0)

    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<9I", 0, fat_count, start["dir"], 0, MINI_CUTOFF, start["minifat"], minifat_sectors, END, 0)
        + struct.pack("<109I", *(list(range(fat_count)) + [FREE] * (109 - fat_count)))
    )
    assert len(header) == SECTOR

    def padded(data: bytes) -> bytes:
        return bytes(data).ljust(ceil(len(data) / SECTOR) * SECTOR, b"\0")

    return (
        header
        + struct.pack(f"<{len(fat)}I", *fat)
        + directory
        + padded(struct.pack(f"<{len(minifat)}I", *minifat) if minifat else b"")
        + padded(ministream)
        + b"".join(padded(streams[name]) for name in big)
    )


# --- Office "agile" encryption ([MS-OFFCRYPTO] 2.3.4.10-15), as Excel's Encrypt with Password -----

_BLOCK_VERIFIER_INPUT = bytes.fromhex("fea7d2763b4b9e79")
_BLOCK_VERIFIER_HASH = bytes.fromhex("d7aa0f6d3061344e")
_BLOCK_KEY = bytes.fromhex("146e0be7abacd0d6")
_BLOCK_HMAC_KEY = bytes.fromhex("5fb2ad010cb9e1f6")
_BLOCK_HMAC_VALUE = bytes.fromhex("a0677f02b22c8433")
SPIN_COUNT = 100_000


def encrypted_ooxml(package: bytes, password: str, seed: int = 59) -> bytes:
    """``package`` (an xlsx) encrypted with ``password`` the way Excel 2010+ does it (AES-256, SHA-512).

    Needs the ``cryptography`` package; without it the EncryptedPackage stream holds random
    bytes, which is still what the reader must recognise (it only looks at the stream names).
    """
    rng = random.Random(seed)
    key_salt, password_salt = rng.randbytes(16), rng.randbytes(16)
    secret, verifier, hmac_key = rng.randbytes(32), rng.randbytes(16), rng.randbytes(64)
    try:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    except ImportError:
        encrypted = struct.pack("<Q", len(package)) + rng.randbytes(ceil(len(package) / 16) * 16)
        return compound_file({"EncryptionInfo": _encryption_info({}), "EncryptedPackage": encrypted})

    def aes(key: bytes, iv: bytes, data: bytes) -> bytes:
        data = data.ljust(ceil(len(data) / 16) * 16, b"\0")
        encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
        return encryptor.update(data) + encryptor.finalize()

    def sha512(*parts: bytes) -> bytes:
        return hashlib.sha512(b"".join(parts)).digest()

    digest = sha512(password_salt, password.encode("utf-16-le"))
    for i in range(SPIN_COUNT):
        digest = sha512(struct.pack("<I", i), digest)

    def password_key(block: bytes) -> bytes:
        return sha512(digest, block)[:32]

    segments = [package[i : i + 4096] for i in range(0, len(package), 4096)]
    encrypted = struct.pack("<Q", len(package)) + b"".join(
        aes(secret, sha512(key_salt, struct.pack("<I", n))[:16], segment) for n, segment in enumerate(segments)
    )
    hmac_value = hmac.new(hmac_key, encrypted, hashlib.sha512).digest()
    fields = {
        "key_salt": key_salt,
        "password_salt": password_salt,
        "hmac_key": aes(secret, sha512(key_salt, _BLOCK_HMAC_KEY)[:16], hmac_key),
        "hmac_value": aes(secret, sha512(key_salt, _BLOCK_HMAC_VALUE)[:16], hmac_value),
        "verifier_input": aes(password_key(_BLOCK_VERIFIER_INPUT), password_salt, verifier),
        "verifier_hash": aes(password_key(_BLOCK_VERIFIER_HASH), password_salt, sha512(verifier)),
        "key": aes(password_key(_BLOCK_KEY), password_salt, secret),
    }
    return compound_file({"EncryptionInfo": _encryption_info(fields), "EncryptedPackage": encrypted})


def _encryption_info(fields: dict[str, bytes]) -> bytes:
    from base64 import b64encode

    def b64(name: str) -> str:
        return b64encode(fields.get(name, bytes(16))).decode()

    cipher = 'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"'
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
        'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" '
        'xmlns:c="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate">'
        f'<keyData saltSize="16" {cipher} saltValue="{b64("key_salt")}"/>'
        f'<dataIntegrity encryptedHmacKey="{b64("hmac_key")}" encryptedHmacValue="{b64("hmac_value")}"/>'
        '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        f'<p:encryptedKey spinCount="{SPIN_COUNT}" saltSize="16" {cipher} saltValue="{b64("password_salt")}" '
        f'encryptedVerifierHashInput="{b64("verifier_input")}" encryptedVerifierHashValue="{b64("verifier_hash")}" '
        f'encryptedKeyValue="{b64("key")}"/>'
        "</keyEncryptor></keyEncryptors></encryption>"
    )
    return struct.pack("<HHI", 4, 4, 0x40) + xml.encode("utf-8")


# --- the corpus -----------------------------------------------------------------------------------


def other_framework(fw: Framework | None = None) -> Framework:
    """The shipped framework under another id, as if given by path (for framework-mismatch)."""
    path = frameworks.DATA_DIR / f"{frameworks.DEFAULT_FRAMEWORK}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw = copy.deepcopy(raw)
    raw["id"] = OTHER_FRAMEWORK
    return frameworks.parse(raw, source=f"{OTHER_FRAMEWORK}.yaml")


def build(output: Path = OUTPUT) -> dict[str, dict]:
    """Write every case and expected.yaml into ``output``; return the expectations."""
    fw = frameworks.load()
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        good = Good(fw, Path(folder))
        cases = file_cases(good) + workbook_cases(good)
    expected = {}
    for name, content, where in sorted(cases):
        (output / name).write_bytes(content)
        expected[name] = where
    header = "# Made by tests/data/make_invalid.py: file -> the problem the reader must report, and where.\n"
    (output / "expected.yaml").write_text(
        header + yaml.safe_dump(expected, sort_keys=True, allow_unicode=True), encoding="utf-8"
    )
    return expected


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    made = build(target)
    print(f"{len(made)} berkas ditulis ke {target}")
