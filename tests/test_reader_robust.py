"""The reader on real files from real clients and on hostile ones: bounded work, located problems.

Files saved by LibreOffice after real edits are kept in tests/data/libreoffice/ (made by
make_libreoffice.py there). Hostile workbooks are made here, in tmp_path, from the committed
original: each one reproduces a case of issue #9 at a smaller scale, and the module's
``HOSTILE`` table lists them with their full size for tools/measure (see the report).
"""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import pytest

from spbe_reports import framework as frameworks
from spbe_reports import interrupt, scoring
from spbe_reports.workbook import layout, reader, xlsx
from spbe_reports.workbook.reader import read_workbook

FW = frameworks.load()
LIBREOFFICE = Path(__file__).parent / "data" / "libreoffice"
ORIGINAL = LIBREOFFICE / "asli.xlsx"  # written by openpyxl (spbe template + filler)
RESAVED = LIBREOFFICE / "disimpan-ulang.xlsx"  # the same, opened and saved by LibreOffice: shared strings
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def read(path: Path):
    return read_workbook(path, FW, source=path.name)


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


# --- making hostile workbooks -------------------------------------------------------------------------


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip member of each sheet, by sheet name (read with regular expressions, not the reader)."""
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    targets = {}
    for rel in re.findall(r"<Relationship [^>]*>", rels):
        rid = re.search(r'Id="([^"]+)"', rel).group(1)
        target = re.search(r'Target="([^"]+)"', rel).group(1)
        targets[rid] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return {name: targets[rid] for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook)}


def rewritten(source: Path, target: Path, changes: dict, extra: dict | None = None) -> Path:
    """Copy ``source`` with members changed: ``changes`` maps a member (or 'sheet:<name>') to bytes -> bytes."""
    with zipfile.ZipFile(source) as archive:
        parts = sheet_parts(archive)
        changes = {parts[k[6:]] if k.startswith("sheet:") else k: change for k, change in changes.items()}
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for member in archive.infolist():
                data = archive.read(member)
                if member.filename in changes:
                    data = changes[member.filename](data)
                out.writestr(member.filename, data)
            for name, data in (extra or {}).items():
                out.writestr(name, data)
    return target


def junk_in_unread_sheet(source: Path, target: Path, elements: int) -> Path:
    """Issue #9: an 11 MB workbook whose Kriteria sheet (never read) holds millions of junk elements.

    Two-letter tag names drawn at random keep the part compressible only about fourfold, below
    the zip-bomb ratio, and there is no <dimension> to stop a scan early.
    """
    rng = random.Random(9)
    tags = [f"<{a}{b}/>".encode() for a in "abcdefghijklmnopqrstuvwxyz" for b in "abcdefghijklmnopqrstuvwxyz"]

    def junk(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension [^>]*/>", b"", xml)
        return xml.replace(b"<sheetData", b"".join(rng.choices(tags, k=elements)) + b"<sheetData", 1)

    return rewritten(source, target, {"sheet:Kriteria": junk})


def styles_with_many_formats(source: Path, target: Path, entries: int) -> Path:
    """Issue #9: a styles part of 49 KB (zipped) that declares 1.6 million cell formats."""

    def many(xml: bytes) -> bytes:
        return re.sub(rb"(<cellXfs[^>]*>)", lambda m: m.group(1) + b"<xf/>" * entries, xml, count=1)

    return rewritten(source, target, {"xl/styles.xml": many})


def many_sheet_entries(source: Path, target: Path, count: int) -> Path:
    """Issue #9: workbook.xml lists ``count`` more sheets, all pointing at the Petunjuk part."""
    with zipfile.ZipFile(source) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    rid = re.search(r'<sheet [^>]*name="Petunjuk"[^>]*r:id="([^"]+)"', workbook).group(1)
    entries = "".join(
        f'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'name="L{n}" sheetId="{n + 100}" r:id="{rid}"/>'
        for n in range(count)
    ).encode()
    return rewritten(source, target, {"xl/workbook.xml": lambda xml: xml.replace(b"</sheets>", entries + b"</sheets>")})


def wide_sheet(source: Path, target: Path, sheet: str, columns: int) -> Path:
    """Issue #9: every row of ``sheet`` gets a number in each column up to ``columns`` (16,384 is XFD)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c) for c in range(20, columns + 1)]

    def wide(xml: bytes) -> bytes:
        def row(m: re.Match) -> bytes:
            r = m.group(2).decode()
            return (
                m.group(1)
                + "".join(f'<c r="{c}{r}"><v>{i % 10}</v></c>' for i, c in enumerate(letters)).encode()
                + b"</row>"
            )

        return re.sub(rb'(<row r="(\d+)".*?)</row>', row, xml, flags=re.DOTALL)

    return rewritten(source, target, {f"sheet:{sheet}": wide})


def long_inline_cell(source: Path, target: Path, sheet: str, cell: str, chars: int) -> Path:
    """A cell of ``sheet`` holding ``chars`` characters as an inline string (openpyxl writes these)."""
    text = ("Penjelasan panjang. " * (chars // 20 + 1))[:chars].encode()

    def long(xml: bytes) -> bytes:
        pattern = rb'<c r="' + cell.encode() + rb'"[^>]*?(/>|>.*?</c>)'
        new = b'<c r="' + cell.encode() + b'" t="inlineStr"><is><t>' + text + b"</t></is></c>"
        changed, n = re.subn(pattern, lambda m: new, xml, count=1, flags=re.DOTALL)
        assert n == 1, cell
        return changed

    return rewritten(source, target, {f"sheet:{sheet}": long})


def long_shared_string(source: Path, target: Path, sheet: str, cell: str, chars: int) -> Path:
    """The shared string that ``cell`` of ``sheet`` shows, made ``chars`` long (LibreOffice and Excel share strings)."""
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(sheet_parts(archive)[sheet]).decode()
    index = int(re.search(rf'<c r="{cell}"[^>]*t="s"[^>]*><v>(\d+)</v>', xml).group(1))
    text = ("Penjelasan panjang. " * (chars // 20 + 1))[:chars].encode()

    def long(sst: bytes) -> bytes:
        entries = re.split(rb"(?=<si>)", sst)
        entries[index + 1] = (
            b"<si><t>" + text + b"</t></si>" + (b"</sst>" if entries[index + 1].endswith(b"</sst>") else b"")
        )
        return b"".join(entries)

    return rewritten(source, target, {"xl/sharedStrings.xml": long})


def many_shared_strings(source: Path, target: Path, count: int) -> Path:
    """A shared-strings part with ``count`` more entries (and a declared count to match)."""

    def many(sst: bytes) -> bytes:
        extra = "".join(f"<si><t>teks {n}</t></si>" for n in range(count)).encode()
        sst = re.sub(rb'count="\d+" uniqueCount="\d+"', f'count="{count}" uniqueCount="{count}"'.encode(), sst, count=1)
        return sst.replace(b"</sst>", extra + b"</sst>")

    return rewritten(source, target, {"xl/sharedStrings.xml": many})


# name -> (maker, arguments at the scale); tests use smaller ones where the size is not the point.
HOSTILE = {
    "junk-in-unread-sheet": (junk_in_unread_sheet, (ORIGINAL, 9_000_000)),
    "styles-1.6M-formats": (styles_with_many_formats, (ORIGINAL, 1_600_000)),
    "100k-sheet-entries": (many_sheet_entries, (ORIGINAL, 100_000)),
    "16384-columns": (wide_sheet, (ORIGINAL, layout.SHEET_ASSESSMENT, 16_384)),
    "10M-char-inline-cell": (long_inline_cell, (ORIGINAL, layout.SHEET_ASSESSMENT, "F9", 10_000_001)),
    "10M-char-shared-string": (long_shared_string, (RESAVED, layout.SHEET_ASSESSMENT, "F9", 10_000_001)),
    "2M-shared-strings": (many_shared_strings, (RESAVED, 2_000_000)),
}


def make_hostile(name: str, target: Path) -> Path:
    maker, (source, *arguments) = HOSTILE[name]
    return maker(source, target, *arguments)


def scores(result):
    return scoring.score(FW, result.assessment.final_values())


@pytest.fixture(scope="module")
def original():
    result = read(ORIGINAL)
    assert result.problems == () and result.assessment is not None
    return result


def same_reading(result, original) -> None:
    """The same identity, the same rows and the same indices as the original workbook."""
    assert result.assessment.identity == original.assessment.identity
    assert result.assessment.entries == original.assessment.entries
    assert scores(result).index == scores(original).index


def declared(path: Path, sheet: str) -> tuple[str, str]:
    """The dimension a sheet declares and the number of its last <row>."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(sheet_parts(archive)[sheet]).decode()
    return re.search(r'<dimension ref="([^"]+)"', xml).group(1), re.findall(r'<row r="(\d+)"', xml)[-1]


# --- LibreOffice-saved workbooks (tests/data/libreoffice) ------------------------------------------


def test_a_plain_libreoffice_resave_reads_exactly_as_the_original(original):
    result = read(RESAVED)
    with zipfile.ZipFile(RESAVED) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()  # LibreOffice's way of storing text, not openpyxl's
    assert result.problems == ()
    same_reading(result, original)
    assert result.assessment.template_version == original.assessment.template_version


def test_an_empty_row_deleted_in_libreoffice_is_read(original):
    path = LIBREOFFICE / "baris-kosong-dihapus.xlsx"
    assert declared(path, layout.SHEET_IDENTITY) == ("A1:C1048576", "1048576")  # what LibreOffice writes
    result = read(path)
    assert result.problems == ()
    same_reading(result, original)


def test_an_indicator_row_deleted_in_libreoffice_is_a_located_missing_indicator(original):
    path = LIBREOFFICE / "baris-indikator-10-dihapus.xlsx"
    assert declared(path, layout.SHEET_ASSESSMENT) == ("A1:M1048576", "1048576")
    result = read(path)
    assert [(p.code, p.sheet, p.indicator) for p in result.problems] == [
        ("missing-indicator", layout.SHEET_ASSESSMENT, 10)
    ]
    assert result.assessment.identity == original.assessment.identity
    assert result.assessment.entries == tuple(e for e in original.assessment.entries if e.number != 10)


def test_a_column_inserted_before_the_identity_labels_keeps_the_identity(original):
    result = read(LIBREOFFICE / "kolom-disisipkan-identitas.xlsx")
    assert result.problems == ()
    same_reading(result, original)


def test_a_moved_identity_field_is_reported_where_its_value_now_is(tmp_path):
    path = rewritten(
        LIBREOFFICE / "kolom-disisipkan-identitas.xlsx",
        tmp_path / "tanpa-nama.xlsx",
        {"sheet:Identitas": lambda xml: re.sub(rb'<c r="C3"[^>]*>.*?</c>', b"", xml, count=1)},
    )
    result = read(path)
    assert [(p.code, p.sheet, p.cell) for p in result.problems] == [
        ("missing-agency-name", layout.SHEET_IDENTITY, "C3")
    ]


# --- limits count content, not declarations ----------------------------------------------------------


def test_an_oversized_dimension_and_far_empty_rows_are_ignored(tmp_path, original):
    def declared_huge(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        empty_rows = b"".join(
            b'<row r="%d"><c r="A%d" s="1"/><c r="B%d" t="str"><v></v></c></row>' % (r, r, r)
            for r in (60_000, 1_048_576)
        )
        return xml.replace(b"</sheetData>", empty_rows + b"</sheetData>")

    path = rewritten(
        ORIGINAL, tmp_path / "dimensi.xlsx", {"sheet:Penilaian": declared_huge, "sheet:Identitas": declared_huge}
    )
    result = read(path)
    assert result.problems == ()
    same_reading(result, original)


def test_content_below_the_row_limit_is_refused_with_the_cell_to_clear(tmp_path):
    def far_value(xml: bytes) -> bytes:
        return xml.replace(
            b"</sheetData>", b'<row r="6000"><c r="C6000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        )

    result = read(rewritten(ORIGINAL, tmp_path / "jauh.xlsx", {"sheet:Penilaian": far_value}))
    assert [(p.code, p.sheet) for p in result.problems] == [("workbook-too-large", layout.SHEET_ASSESSMENT)]
    assert "sel C6000" in result.problems[0].message and "5.000 baris" in result.problems[0].message


# --- hostile files: bounded work, located problems ----------------------------------------------------


def read_recording_parts(path: Path):
    """Read ``path``; return the result and the zip members the reader opened, in order."""
    names: list[str] = []
    real_open = zipfile.ZipFile.open

    def recording(self, name, *args, **kwargs):
        names.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return real_open(self, name, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile.ZipFile, "open", recording)
        result = read(path)
    return result, names


def test_only_the_parts_the_reader_needs_are_opened():
    result, opened_parts = read_recording_parts(RESAVED)
    assert result.problems == ()
    with zipfile.ZipFile(RESAVED) as archive:
        parts = sheet_parts(archive)
    needed = {
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/sharedStrings.xml",
        *(parts[s] for s in (layout.SHEET_IDENTITY, layout.SHEET_ASSESSMENT, layout.SHEET_META)),
    }
    assert set(opened_parts) == needed  # not Petunjuk, Kriteria, Daftar, the theme or docProps
    assert len(opened_parts) == len(needed)  # each once


def test_junk_in_a_sheet_that_is_never_read_costs_nothing(tmp_path, original):
    path = junk_in_unread_sheet(ORIGINAL, tmp_path / "sampah.xlsx", 300_000)
    result, opened_parts = read_recording_parts(path)
    assert result.problems == ()
    same_reading(result, original)
    with zipfile.ZipFile(path) as archive:
        assert sheet_parts(archive)["Kriteria"] not in opened_parts


def test_a_styles_part_with_more_formats_than_excel_allows_is_refused(tmp_path):
    result = read(styles_with_many_formats(ORIGINAL, tmp_path / "gaya.xlsx", 1_600_000))
    assert codes(result) == ["workbook-too-complex"] and "65.490 format sel" in result.problems[0].message


def test_thousands_of_sheet_entries_are_refused_at_once(tmp_path):
    result = read(many_sheet_entries(ORIGINAL, tmp_path / "lembar.xlsx", 100_000))
    assert codes(result) == ["workbook-too-large"] and "1.000 lembar" in result.problems[0].message


def test_extra_sheet_entries_under_the_limit_are_not_parsed(tmp_path, original):
    result, opened_parts = read_recording_parts(many_sheet_entries(ORIGINAL, tmp_path / "lembar.xlsx", 900))
    assert result.problems == ()
    same_reading(result, original)
    with zipfile.ZipFile(ORIGINAL) as archive:
        assert sheet_parts(archive)["Petunjuk"] not in opened_parts


def test_cells_far_to_the_right_are_skipped(tmp_path, original):
    result = read(wide_sheet(ORIGINAL, tmp_path / "lebar.xlsx", layout.SHEET_ASSESSMENT, 2_000))
    assert result.problems == ()
    same_reading(result, original)


def test_the_elements_read_from_one_file_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ELEMENTS", 20_000)
    result = read(wide_sheet(ORIGINAL, tmp_path / "lebar.xlsx", layout.SHEET_ASSESSMENT, 2_000))
    assert [(p.code, p.sheet) for p in result.problems] == [("workbook-too-complex", layout.SHEET_ASSESSMENT)]
    assert "20.000 unsur XML" in result.problems[0].message


def test_a_tag_with_a_million_attributes_is_refused_before_it_is_parsed(tmp_path):
    attributes = b"".join(b' a%x=""' % n for n in range(200_000))  # 1.6 MB in one tag
    path = rewritten(
        ORIGINAL,
        tmp_path / "atribut.xlsx",
        {"sheet:Penilaian": lambda xml: xml.replace(b"<sheetData>", b"<sheetData><row" + attributes + b"/>", 1)},
    )
    result = read(path)
    assert [(p.code, p.sheet) for p in result.problems] == [("workbook-too-complex", layout.SHEET_ASSESSMENT)]


def test_the_attributes_read_from_one_file_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ATTRIBUTES", 1_000)
    result = read(RESAVED)  # LibreOffice writes about seven attributes per row
    assert codes(result) == ["workbook-too-complex"]


def test_a_part_too_large_once_decompressed_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_PART_BYTES", 20_000)
    result = read(ORIGINAL)  # Penilaian's part is about 60 KB
    assert [(p.code, p.sheet) for p in result.problems] == [("workbook-too-large", layout.SHEET_ASSESSMENT)]


@pytest.mark.parametrize(
    "maker, source",
    [(long_inline_cell, ORIGINAL), (long_shared_string, RESAVED)],
    ids=["inline", "shared"],
)
def test_a_cell_of_ten_million_characters_is_a_located_error(maker, source, tmp_path):
    result = read(maker(source, tmp_path / "panjang.xlsx", layout.SHEET_ASSESSMENT, "F9", 10_000_001))
    assert [(p.code, p.sheet, p.cell) for p in result.problems] == [("cell-too-long", layout.SHEET_ASSESSMENT, "F9")]
    assert "32.767 karakter" in result.problems[0].message and result.assessment is None


@pytest.mark.parametrize("maker, source", [(long_inline_cell, ORIGINAL), (long_shared_string, RESAVED)])
def test_a_cell_of_exactly_excels_limit_is_read_whole(maker, source, tmp_path):
    result = read(maker(source, tmp_path / "batas.xlsx", layout.SHEET_ASSESSMENT, "F9", xlsx.MAX_CELL_CHARS))
    assert result.problems == () and len(result.assessment.entry(5).explanation) == xlsx.MAX_CELL_CHARS


def test_an_overlong_shared_string_no_read_sheet_shows_is_harmless(tmp_path, original):
    # Index 1 is 'Data', a header of Identitas column A's title row; make an unused string long instead.
    def long_unused(sst: bytes) -> bytes:
        return sst.replace(b"</sst>", b"<si><t>" + b"x" * 100_000 + b"</t></si></sst>")

    result = read(rewritten(RESAVED, tmp_path / "tak-dipakai.xlsx", {"xl/sharedStrings.xml": long_unused}))
    assert result.problems == ()
    same_reading(result, original)


def test_a_huge_count_of_shared_strings_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_SHARED_STRINGS", 5_000)
    result = read(many_shared_strings(RESAVED, tmp_path / "teks.xlsx", 5_000))
    assert codes(result) == ["workbook-too-complex"] and "5.000 entri" in result.problems[0].message


def test_a_declared_shared_string_count_is_not_trusted(tmp_path, original):
    def declared_huge(sst: bytes) -> bytes:
        return re.sub(rb'count="\d+" uniqueCount="\d+"', b'count="4294967295" uniqueCount="4294967295"', sst, count=1)

    result = read(rewritten(RESAVED, tmp_path / "jumlah.xlsx", {"xl/sharedStrings.xml": declared_huge}))
    assert result.problems == ()
    same_reading(result, original)


def test_an_entity_declaration_in_shared_strings_is_refused(tmp_path):
    def bomb(sst: bytes) -> bytes:
        return sst.replace(b"<sst", b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]><sst', 1)

    result = read(rewritten(RESAVED, tmp_path / "entitas.xlsx", {"xl/sharedStrings.xml": bomb}))
    assert codes(result) == ["corrupt-workbook"] and "tidak diizinkan" in result.problems[0].message


def test_an_unreadable_number_is_a_located_corrupt_cell(tmp_path):
    def bad_number(xml: bytes) -> bytes:
        return re.sub(rb'<c r="A9"[^>]*>.*?</c>', b'<c r="A9"><v>lima</v></c>', xml, count=1, flags=re.DOTALL)

    result = read(rewritten(ORIGINAL, tmp_path / "angka.xlsx", {"sheet:Penilaian": bad_number}))
    assert [(p.code, p.sheet, p.cell) for p in result.problems] == [("corrupt-workbook", layout.SHEET_ASSESSMENT, "A9")]


# --- one file's failure is its own ---------------------------------------------------------------


@pytest.mark.parametrize(
    "error, code",
    [
        (MemoryError(), "workbook-too-large"),
        (RecursionError("maximum recursion depth exceeded"), "corrupt-workbook"),
        (TypeError("'NoneType' object is not subscriptable"), "corrupt-workbook"),
        (zipfile.BadZipFile("Bad CRC-32"), "corrupt-workbook"),
        (OSError(5, "Input/output error"), "unreadable-file"),
    ],
)
def test_any_failure_while_reading_is_the_files_own_problem(error, code, monkeypatch):
    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(xlsx.Package, "sheet", failing)
    result = read(ORIGINAL)
    assert codes(result) == [code] and result.assessment is None
    assert type(error).__name__ not in result.problems[0].message


def test_a_failure_after_reading_is_the_files_own_problem_too(monkeypatch):
    def failing(*args, **kwargs):
        raise ValueError("a bug in scoring the rows")

    monkeypatch.setattr(reader._Reader, "_read_entries", failing)
    assert codes(read(ORIGINAL)) == ["corrupt-workbook"]


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit])
def test_ctrl_c_and_exit_pass_through_untouched(interrupt, monkeypatch):
    def interrupted(*args, **kwargs):
        raise interrupt

    monkeypatch.setattr(xlsx.Package, "sheet", interrupted)
    with pytest.raises(interrupt):
        read(ORIGINAL)


def test_an_interrupt_a_library_turned_into_another_error_is_still_an_interrupt(monkeypatch):
    """A bare ``except`` in a library can turn Ctrl-C into a TypeError: the run's flag tells."""
    monkeypatch.setattr(interrupt, "_requested", True)

    def swallowed(*args, **kwargs):
        raise TypeError("expected <class 'int'>")

    monkeypatch.setattr(xlsx.Package, "sheet", swallowed)
    with pytest.raises(KeyboardInterrupt):
        read(ORIGINAL)


def test_without_an_interrupt_the_same_error_is_a_corrupt_workbook(monkeypatch):
    monkeypatch.setattr(interrupt, "_requested", False)

    def failing(*args, **kwargs):
        raise TypeError("expected <class 'int'>")

    monkeypatch.setattr(xlsx.Package, "sheet", failing)
    assert codes(read(ORIGINAL)) == ["corrupt-workbook"]


def test_a_missing_sheet_among_hundreds_lists_a_few_names(tmp_path):
    path = many_sheet_entries(LIBREOFFICE / "asli.xlsx", tmp_path / "lembar.xlsx", 900)
    path = rewritten(
        path,
        tmp_path / "tanpa-penilaian.xlsx",
        {"xl/workbook.xml": lambda xml: xml.replace(b'name="Penilaian"', b'name="Nilai"', 1)},
    )
    result = read(path)
    assert codes(result) == ["missing-sheet"]
    assert "dan 886 lembar lain" in result.problems[0].message and len(result.problems[0].message) < 1000


def test_the_element_budget_is_shared_by_all_the_parts_read(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ELEMENTS", 2_500)  # more than any one part of the file holds, less than all
    result = read(RESAVED)
    assert codes(result) == ["workbook-too-complex"]


@pytest.mark.parametrize("kind", ["element", "attribute"])
def test_thousands_of_invented_names_are_refused(kind, tmp_path):
    def invented(sst: bytes) -> bytes:
        if kind == "element":
            junk = b"".join(b"<n%d/>" % n for n in range(xlsx.MAX_NAMES + 1))
        else:
            junk = b"".join(b'<n a%d=""/>' % n for n in range(xlsx.MAX_NAMES + 1))
        return sst.replace(b"</sst>", junk + b"</sst>")

    result = read(rewritten(RESAVED, tmp_path / "nama.xlsx", {"xl/sharedStrings.xml": invented}))
    assert codes(result) == ["workbook-too-complex"] and "10.000 nama" in result.problems[0].message
