"""Reading filled workbooks: what is read back, what is accepted, and what is refused safely.

Workbooks are made by the real writer and filled through the filler, like an agency would;
scenarios that need a broken file change the saved file with openpyxl or at the XML level.
The filler clears a cell given None; writing "" or spaces instead checks that the reader
treats such a cell as empty too.
The bad-file corpus (one file per problem code) is tested in test_invalid_corpus.py.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
import pytest
from defusedxml import EntitiesForbidden
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from spbe_reports import framework as frameworks
from spbe_reports.assessment import Entry, Identity
from spbe_reports.workbook import layout, reader, sniff
from spbe_reports.workbook.filler import fill_workbook
from spbe_reports.workbook.reader import (
    clean_text,
    corrupt_reason,
    label_matches,
    parse_level,
    parse_number,
    parse_year,
    read_workbook,
    sheet_part,
    split_members,
)
from spbe_reports.workbook.writer import write_workbook

FW = frameworks.load()
DATA = Path(__file__).parent / "data"
MANDIRI, DOKUMEN, INTERVIU, VISITASI = (layout.STAGE_HEADERS[k] for k in ("mandiri", "dokumen", "interviu", "visitasi"))


def _load_make_invalid():
    spec = importlib.util.spec_from_file_location("make_invalid", DATA / "make_invalid.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_invalid = _load_make_invalid()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_workbook(FW, tmp_path_factory.mktemp("template") / "templat.xlsx")


@pytest.fixture(scope="module")
def good(tmp_path_factory, template) -> Path:
    """The corpus's good workbook: every indicator filled, no problem at all."""
    return fill_workbook(
        template, tmp_path_factory.mktemp("good") / "baik.xlsx", make_invalid.IDENTITY, make_invalid.good_rows(FW)
    )


def read(path: Path, fw=FW):
    return read_workbook(path, fw, source=path.name)


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


def found(result, code: str, cell: str | None = None) -> bool:
    return any(p.code == code and (cell is None or p.cell == cell) for p in result.problems)


def rewrite_sheet_xml(source: Path, target: Path, sheet: str, change) -> Path:
    """Copy a workbook, passing the XML text of ``sheet`` through ``change``."""
    with zipfile.ZipFile(source) as archive:
        part = sheet_part(archive, sheet)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for member in archive.infolist():
                data = archive.read(member)
                if member.filename == part:
                    data = change(data.decode("utf-8")).encode("utf-8")
                out.writestr(member, data)
    return target


def addresses(path: Path) -> tuple[dict[str, str], dict[int, int]]:
    """The column letter of each Penilaian header, and the row of each indicator."""
    workbook = load_workbook(path, read_only=True)
    rows = list(workbook[layout.SHEET_ASSESSMENT].iter_rows(values_only=True))
    workbook.close()
    top = next(i for i, row in enumerate(rows) if layout.COL_NUMBER in row)
    column = {h: get_column_letter(i) for i, h in enumerate(rows[top], 1) if h}
    row_of = {row[0]: i for i, row in enumerate(rows[top + 1 :], top + 2) if isinstance(row[0], int)}
    return column, row_of


def edited(source: Path, target: Path, change) -> Path:
    workbook = load_workbook(source)
    change(workbook)
    workbook.save(target)
    return target


# --- a good workbook, read back exactly -----------------------------------------------------------


def test_round_trip_gives_exactly_what_was_filled(template, tmp_path):
    identity = {
        layout.ID_NAME: "  Dinas Komunikasi dan Informatika  ",
        layout.ID_KIND: "pemerintah  KOTA",
        layout.ID_YEAR: "2026",
        layout.ID_CODE: "0123",
        layout.ID_COORDINATOR: "Budi Santoso, S.Kom., M.T.",
        layout.ID_RESPONSIBLE: "Siti Rahmawati",
        layout.ID_DATA_ENTRY: "Joko",
        layout.ID_MEMBERS: "Andi Wijaya\nRina Kartika; Dewi Lestari, S.E.",
        layout.ID_SERVICE.format(n=1): "Perizinan Berusaha",
        layout.ID_SERVICE.format(n=2): "Kesehatan",
        layout.ID_SERVICE.format(n=3): "Kependudukan",
    }
    rows = {}
    for ind in FW.indicators:
        forms = [3, 3.0, "3", f"3 - {ind.scale.level_name(3)}"]  # every accepted way of writing level 3
        rows[ind.number] = {
            MANDIRI: forms[ind.number % 4] if ind.number % 5 else 1,
            layout.COL_EXPLANATION: f"Penjelasan {ind.number}",
            layout.COL_EVIDENCE: f"Bukti {ind.number}",
        }
    rows[1].update(
        {
            DOKUMEN: 2,
            INTERVIU: "4 - Terpadu dan Terukur",
            VISITASI: 4.0,
            layout.COL_NOTE: "Dokumen belum lengkap.",
            layout.COL_TARGET: "5",
        }
    )
    rows[2].update({DOKUMEN: 3})
    path = fill_workbook(template, tmp_path / "isi.xlsx", identity, rows)

    result = read(path)

    assert result.problems == ()
    a = result.assessment
    assert a.identity == Identity(
        name="Dinas Komunikasi dan Informatika",
        kind="Pemerintah Kota",
        year=2026,
        code="0123",
        coordinator="Budi Santoso, S.Kom., M.T.",
        responsible="Siti Rahmawati",
        data_entry="Joko",
        members=("Andi Wijaya", "Rina Kartika", "Dewi Lestari, S.E."),
        services=("Perizinan Berusaha", "Kesehatan", "Kependudukan"),
    )
    assert a.source == "isi.xlsx" and a.framework_id == FW.id
    assert a.stages == ("mandiri", "dokumen", "interviu", "visitasi")
    assert a.template_version == layout.TEMPLATE_VERSION
    assert a.extra[layout.META_FRAMEWORK] == FW.id
    assert [e.number for e in a.entries] == [ind.number for ind in FW.indicators]
    assert a.entry(1) == Entry(
        number=1,
        levels={"mandiri": 3, "dokumen": 2, "interviu": 4, "visitasi": 4},
        explanation="Penjelasan 1",
        evidence="Bukti 1",
        assessor_note="Dokumen belum lengkap.",
        target=5,
    )
    assert a.entry(2).levels == {"mandiri": 3, "dokumen": 3, "interviu": None, "visitasi": None}
    assert a.entry(5).levels["mandiri"] == 1
    assert all(a.entry(n).levels["mandiri"] == 3 for n in (3, 4, 6, 7, 8))
    assert a.final_values()[1] == 4 and a.kind == "evaluasi"


def test_the_corpus_good_workbook_has_no_problem(good):
    result = read(good)
    assert result.problems == () and result.assessment is not None
    assert result.assessment.identity.members == ("Andi Wijaya", "Rina Kartika", "Dewi Lestari")


def test_reading_never_changes_the_input(good, tmp_path):
    path = tmp_path / "masukan.xlsx"
    shutil.copy2(good, path)
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    before = path.read_bytes(), path.stat().st_mtime_ns
    read(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_columns_are_found_by_header_not_position(good, tmp_path):
    def shuffle(wb):
        ws = wb[layout.SHEET_ASSESSMENT]
        ws.insert_cols(1)  # an extra column of the agency's own in front
        ws.cell(4, 1).value = "Catatan Internal"
        ws.cell(5, 1).value = "jangan dibaca"
        headers = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
        a, b = headers[MANDIRI], headers[layout.COL_EVIDENCE]
        for r in range(4, ws.max_row + 1):  # swap two columns, headers and all
            ws.cell(r, a).value, ws.cell(r, b).value = ws.cell(r, b).value, ws.cell(r, a).value
        ws.cell(4, b).value = "  TINGKAT\n mandiri "  # case and spaces do not matter

    result = read(edited(good, tmp_path / "diubah.xlsx", shuffle))
    assert result.problems == ()
    assert result.assessment.entries == read(good).assessment.entries


def test_a_workbook_without_meta_is_read_as_the_runs_framework(good, tmp_path):
    def forget_meta(wb):
        del wb[layout.SHEET_META]
        wb.custom_doc_props.props.clear()

    result = read(edited(good, tmp_path / "diketik-ulang.xlsx", forget_meta))
    assert result.problems == ()
    assert result.assessment.framework_id == FW.id and result.assessment.template_version == ""


def test_meta_is_read_from_document_properties_when_the_sheet_is_gone(good, tmp_path):
    def properties_only(wb):
        del wb[layout.SHEET_META]
        for prop in wb.custom_doc_props.props:
            if prop.name == layout.META_FRAMEWORK:
                prop.value = "kerangka-lain"

    result = read(edited(good, tmp_path / "properti.xlsx", properties_only))
    assert codes(result) == ["unknown-framework"] and result.assessment is None
    assert result.problems[0].sheet is None  # found in the document properties, not on a sheet


# --- levels ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, level",
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        (" 3 ", 3),
        ("3 - Terdefinisi", 3),
        ("3 – Terdefinisi", 3),
        ("5 - Salah Nama", 5),
        ("3.0", 3),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_accepted_level_forms(value, level):
    parsed = parse_level(value, 1, 5)
    assert parsed.level == level and parsed.code is None


@pytest.mark.parametrize(
    "value, code",
    [
        ("3,5", "level-not-integer"),
        (3.5, "level-not-integer"),
        ("Level 3", "level-not-integer"),
        ("tiga", "level-not-integer"),
        ("3-5", "level-not-integer"),
        (True, "level-not-integer"),
        (0, "level-out-of-range"),
        (6, "level-out-of-range"),
        (-1, "level-out-of-range"),
        ("-1", "level-out-of-range"),
        ("6 - Lebih", "level-out-of-range"),
    ],
)
def test_rejected_level_forms(value, code):
    assert parse_level(value, 1, 5).code == code


@pytest.mark.parametrize(
    "value, label",
    [
        ("5 - Terdefinisi", "Terdefinisi"),
        ("3 – Terpadu dan  Terukur ", "Terpadu dan  Terukur"),
        ("3:optimum", "optimum"),
        ("3", None),
        (3, None),
        ("3.0", None),
    ],
)
def test_the_name_after_a_level_number_is_kept_for_checking(value, label):
    assert parse_level(value, 1, 5).label == label


def test_level_names_match_without_regard_to_case_or_spacing():
    assert label_matches("  terpadu   DAN\nterukur ", "Terpadu dan Terukur")
    assert not label_matches("Terdefinisi", "Optimum")


def test_a_label_naming_another_level_is_read_by_its_number_with_a_warning(good, tmp_path):
    rows = {
        5: {MANDIRI: "5 - Terdefinisi"},  # process scale: Terdefinisi is level 3
        6: {MANDIRI: "2 - Salah Nama", layout.COL_TARGET: "4 - optimum"},
        7: {MANDIRI: "3 -  TERDEFINISI "},  # right name, other case and spacing: no warning
        8: {MANDIRI: 4, DOKUMEN: "4"},  # bare numbers: no warning
        32: {MANDIRI: "5 - Optimum", DOKUMEN: "3 - Terdefinisi"},  # service scale: 3 is Transaksi
    }
    path = fill_workbook(good, tmp_path / "label.xlsx", rows=rows)
    column, row_of = addresses(path)

    result = read(path)

    mismatches = {p.cell: p for p in result.problems if p.code == "level-label-mismatch"}
    assert set(mismatches) == {
        f"{column[MANDIRI]}{row_of[5]}",
        f"{column[MANDIRI]}{row_of[6]}",
        f"{column[layout.COL_TARGET]}{row_of[6]}",
        f"{column[DOKUMEN]}{row_of[32]}",
    }
    assert len(result.problems) == len(mismatches) and not any(p.is_error for p in result.problems)
    first = mismatches[f"{column[MANDIRI]}{row_of[5]}"]
    assert first.indicator == 5 and first.sheet == layout.SHEET_ASSESSMENT
    for text in (f"{column[MANDIRI]}{row_of[5]}", "'5 - Terdefinisi'", "angka 5", "'Terdefinisi' (nama tingkat 3)"):
        assert text in first.message
    assert "'5 - Optimum'" in first.message and "daftar pilihan" in first.message
    assert "nama tingkat" not in mismatches[f"{column[MANDIRI]}{row_of[6]}"].message  # names no level
    assert "'3 - Transaksi'" in mismatches[f"{column[DOKUMEN]}{row_of[32]}"].message
    entries = result.assessment
    assert entries.entry(5).levels["mandiri"] == 5 and entries.entry(6).target == 4
    assert entries.entry(7).levels["mandiri"] == 3 and entries.entry(32).levels["dokumen"] == 3


def test_every_bad_level_is_reported_at_its_cell_and_read_as_none(good, tmp_path):
    bad = {8: "3,5", 9: 3.5, 10: "Level 3", 11: "tiga", 12: 0, 13: 6, 14: -1, 15: "=2+1", 16: ""}
    rows = {n: {MANDIRI: value} for n, value in bad.items()}
    rows[20] = {DOKUMEN: "2,5", layout.COL_TARGET: 9}
    path = fill_workbook(good, tmp_path / "salah.xlsx", rows=rows)
    column, row_of = addresses(path)

    result = read(path)

    expected = {
        8: "level-not-integer",
        9: "level-not-integer",
        10: "level-not-integer",
        11: "level-not-integer",
        12: "level-out-of-range",
        13: "level-out-of-range",
        14: "level-out-of-range",
        15: "formula-not-computed",
        16: "missing-level",
    }
    for number, code in expected.items():
        assert found(result, code, f"{column[MANDIRI]}{row_of[number]}"), (number, code, result.problems)
        assert result.assessment.entry(number).levels["mandiri"] is None
    assert found(result, "level-not-integer", f"{column[DOKUMEN]}{row_of[20]}")
    assert found(result, "invalid-target", f"{column[layout.COL_TARGET]}{row_of[20]}")
    assert result.assessment.entry(20).target is None
    problem = next(p for p in result.problems if p.indicator == 9)
    assert "'3,5'" in problem.message and problem.file == "salah.xlsx" and problem.sheet == layout.SHEET_ASSESSMENT


def test_a_computed_empty_formula_is_an_empty_cell(good, tmp_path):
    """LibreOffice stores =IF(...;"";...) as an empty text result: empty, not 'not computed'."""
    path = fill_workbook(good, tmp_path / "rumus.xlsx", rows={7: {DOKUMEN: '=IF(1=1,"","")'}})
    path = rewrite_sheet_xml(
        path,
        tmp_path / "rumus-lo.xlsx",
        layout.SHEET_ASSESSMENT,
        lambda xml: re.sub(r'(<c r="H11")([^>]*)><f>', r'\1\2 t="str"><f>', xml),
    )
    result = read(path)
    assert result.problems == () and result.assessment.entry(7).levels["dokumen"] is None


def test_uncomputed_formula_found_in_cells_without_references(good, tmp_path):
    """Cell references are optional in the file format; some programs leave them out."""
    path = fill_workbook(good, tmp_path / "rumus.xlsx", rows={7: {DOKUMEN: "=1+1"}})
    column, row_of = addresses(path)
    path = rewrite_sheet_xml(
        path, tmp_path / "tanpa-r.xlsx", layout.SHEET_ASSESSMENT, lambda xml: re.sub(r'<c r="[A-Z]+\d+"', "<c", xml)
    )
    result = read(path)
    assert [(p.code, p.cell) for p in result.problems] == [("formula-not-computed", f"{column[DOKUMEN]}{row_of[7]}")]


def test_stage_gap_only_when_a_later_stage_is_filled(good, tmp_path):
    rows = {3: {VISITASI: 4}, 4: {DOKUMEN: 3}, 5: {DOKUMEN: 2, VISITASI: 3}}
    path = fill_workbook(good, tmp_path / "tahap.xlsx", rows=rows)
    column, row_of = addresses(path)
    result = read(path)
    gaps = sorted((p.indicator, p.cell) for p in result.problems if p.code == "stage-gap")
    assert gaps == [
        (3, f"{column[DOKUMEN]}{row_of[3]}"),
        (3, f"{column[INTERVIU]}{row_of[3]}"),
        (5, f"{column[INTERVIU]}{row_of[5]}"),
    ]
    assert all(not p.is_error for p in result.problems)
    assert result.assessment.final_values()[3] == 4


def test_missing_levels_only_still_give_an_assessment_for_a_draft(template, tmp_path):
    identity = {k: v for k, v in make_invalid.IDENTITY.items()}
    rows = {n: {MANDIRI: 2, layout.COL_EXPLANATION: "a", layout.COL_EVIDENCE: "b"} for n in range(1, 11)}
    result = read(fill_workbook(template, tmp_path / "draf.xlsx", identity, rows))
    errors = {p.code for p in result.problems if p.is_error}
    assert errors == {"missing-level"}
    assert result.assessment is not None and len(result.assessment.values_at("mandiri")) == 10


def test_content_warnings(good, tmp_path):
    rows = {16: {layout.COL_EXPLANATION: "", layout.COL_EVIDENCE: "  "}, 15: {layout.COL_EXPLANATION: ""}}
    identity = {layout.ID_SERVICE.format(n=1): ""}
    result = read(fill_workbook(good, tmp_path / "isi-kurang.xlsx", identity, rows))
    level_15 = result.assessment.entry(15).levels["mandiri"]
    assert level_15 == 1  # claimed level 1: nothing to explain
    assert sorted((p.code, p.indicator) for p in result.problems) == [
        ("missing-evidence", 16),
        ("missing-explanation", 16),
        ("missing-sectoral-service", next(i.number for i in FW.indicators if i.sectoral_service == 1)),
    ]
    assert all(not p.is_error for p in result.problems)


def test_duplicate_and_unknown_rows(good, tmp_path):
    def rows(wb):
        ws = wb[layout.SHEET_ASSESSMENT]
        ws.cell(60, 1).value = 3  # a second row for indicator 3, further down
        ws.cell(60, 5).value = 5
        ws.cell(61, 1).value = "Keterangan: diisi oleh tim"  # a note below the table: ignored
        ws.cell(62, 1).value = "x"
        ws.cell(62, 5).value = 2  # a level on a row that is not an indicator

    result = read(edited(good, tmp_path / "ganda.xlsx", rows))
    assert found(result, "duplicate-indicator", "A60")
    assert found(result, "unknown-indicator", "A62") and not found(result, "unknown-indicator", "A61")
    assert result.assessment.entry(3).levels["mandiri"] == 1 + 3 % 5  # the first row wins


@pytest.mark.parametrize("value", [2, 2.0, "2", " 2 ", "2.0", "2,0", "2.", "02"])
def test_accepted_indicator_numbers(value):
    assert parse_number(value) == 2


@pytest.mark.parametrize("value", ["2a", "2.5", 2.5, "2,5", "1.2.0", "-2", "", None, True, "dua"])
def test_rejected_indicator_numbers(value):
    assert parse_number(value) is None


def test_indicator_numbers_typed_as_text_or_decimals_are_read(good, tmp_path):
    def retype(wb):
        ws = wb[layout.SHEET_ASSESSMENT]
        row_of = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
        ws.cell(row_of[2], 1).value = "2.0"  # a text cell, as Excel keeps it when formatted as text
        ws.cell(row_of[3], 1).value = "3"
        ws.cell(row_of[4], 1).value = 4.0

    result = read(edited(good, tmp_path / "nomor-teks.xlsx", retype))
    assert result.problems == ()
    assert result.assessment.entries == read(good).assessment.entries


# --- identity -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [2026, 2026.0, "2026", " 2026 ", "2026.0"])
def test_accepted_years(value):
    assert parse_year(value, 2018, 2027) == 2026


@pytest.mark.parametrize("value", ["26", 2017, 2028, 2026.5, "dua ribu", True, "2026-01-01"])
def test_rejected_years(value):
    assert parse_year(value, 2018, 2027) is None


def test_year_typed_in_a_date_cell_is_recovered():
    from openpyxl.utils.datetime import from_excel

    assert parse_year(from_excel(2026), 2018, 2027) == 2026


def test_identity_errors_give_no_assessment_but_levels_are_still_checked(good, tmp_path):
    identity = {layout.ID_NAME: " ", layout.ID_KIND: "Kementerian", layout.ID_YEAR: 1999}
    result = read(fill_workbook(good, tmp_path / "identitas.xlsx", identity, rows={4: {MANDIRI: 7}}))
    assert result.assessment is None
    assert sorted(codes(result)) == ["invalid-year", "level-out-of-range", "missing-agency-name", "unknown-agency-type"]
    assert "'Kementerian'" in next(p.message for p in result.problems if p.code == "unknown-agency-type")


def test_members_split_without_breaking_academic_titles():
    assert split_members("Dr. Rina Wati, M.Si, Joko, ST\nAni;Budi") == (
        "Dr. Rina Wati, M.Si",
        "Joko, ST",
        "Ani",
        "Budi",
    )
    assert split_members("Andi, Budi, Cici") == ("Andi", "Budi", "Cici")
    assert split_members("") == ()


# --- free text ------------------------------------------------------------------------------------


def test_hostile_text_is_kept_as_data(good, tmp_path):
    text = "A & B <b>tebal</b> {{ 7*7 }} {% if x %} ${x}"
    excel_escaped = "Baris 1_x000D_\nBaris 2_x0007_ selesai _x005F_x0041_"  # as Excel stores CR, BEL, '_x0041_'
    path = fill_workbook(
        good,
        tmp_path / "teks.xlsx",
        {layout.ID_NAME: "Dinas <Kominfo> & Co"},
        {1: {layout.COL_EXPLANATION: text, layout.COL_EVIDENCE: excel_escaped}},
    )
    result = read(path)
    assert result.problems == ()
    entry = result.assessment.entry(1)
    assert entry.explanation == text
    assert entry.evidence == "Baris 1\nBaris 2 selesai _x0041_"
    assert result.assessment.identity.name == "Dinas <Kominfo> & Co"


@pytest.mark.parametrize(
    "value, text",
    [
        (" a\x00b\x07c\x1f ", "abc"),
        ("a\tb\nc", "a\tb\nc"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("x\ufffey\ud800", "xy"),
        (3201.0, "3201"),
        (3.5, "3.5"),
        (None, ""),
        ("_x0001_", ""),
    ],
)
def test_clean_text(value, text):
    assert clean_text(value) == text


# --- files refused safely -------------------------------------------------------------------------


def test_openpyxl_parses_xml_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_xml_entities_are_refused_not_expanded(good, tmp_path):
    bomb = '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    path = rewrite_sheet_xml(
        good,
        tmp_path / "entitas.xlsx",
        layout.SHEET_ASSESSMENT,
        lambda xml: xml.replace("<worksheet", bomb + "<worksheet", 1),
    )
    result = read(path)
    assert codes(result) == ["corrupt-workbook"] and result.assessment is None


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(good, tmp_path):
    path = tmp_path / "terkunci.xlsx"
    shutil.copy(good, path)
    path.chmod(0)
    try:
        result = read(path)
    finally:
        path.chmod(0o644)
    assert codes(result) == ["unreadable-file"]


def test_a_file_without_read_permission_is_unreadable_even_for_root(good, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sniff, "open", denied, raising=False)  # shadows the builtin in sniff only
    result = read(good)
    assert codes(result) == ["unreadable-file"] and "izin" in result.problems[0].message


def test_a_folder_named_like_a_workbook_is_unreadable(tmp_path):
    folder = tmp_path / "x.xlsx"
    folder.mkdir()
    result = read(folder)
    assert codes(result) == ["unreadable-file"] and "folder" in result.problems[0].message


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "besar.xlsx"
    with open(path, "wb") as handle:  # sparse: no disk space used, never read
        handle.truncate(sniff.MAX_FILE_BYTES + 1)
    result = read(path)
    assert codes(result) == ["file-too-large"] and "50 MB" in result.problems[0].message


def test_zip_members_too_large_in_total_are_refused(good, monkeypatch):
    monkeypatch.setattr(sniff, "MAX_UNCOMPRESSED_BYTES", 10_000)
    assert codes(read(good)) == ["workbook-too-large"]


def test_a_huge_sheet_without_dimension_is_refused_while_streaming(good, tmp_path):
    def no_dimension_and_far_row(xml):
        xml = re.sub(r"<dimension [^>]*/>", "", xml)
        return xml.replace(
            "</sheetData>", '<row r="9000"><c r="A9000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        )

    result = read(rewrite_sheet_xml(good, tmp_path / "panjang.xlsx", layout.SHEET_ASSESSMENT, no_dimension_and_far_row))
    assert codes(result) == ["workbook-too-large"] and result.problems[0].sheet == layout.SHEET_ASSESSMENT


def test_a_wrong_declared_dimension_does_not_hide_rows(good, tmp_path):
    path = rewrite_sheet_xml(
        good,
        tmp_path / "dimensi.xlsx",
        layout.SHEET_ASSESSMENT,
        lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:B2"/>', xml),
    )
    result = read(path)
    assert result.problems == () and len(result.assessment.entries) == len(FW.indicators)


@pytest.mark.parametrize(
    "corpus_file, code",
    [
        ("format-ods.ods", "format-ods"),
        ("format-xls.xls", "format-xls"),
        ("encrypted-workbook.xlsx", "encrypted-workbook"),
    ],
)
def test_formats_are_told_by_content_not_name(corpus_file, code, tmp_path):
    renamed = tmp_path / "menyamar.xlsx"
    shutil.copy(DATA / "invalid" / corpus_file, renamed)
    assert codes(read(renamed)) == [code]


def test_a_word_document_renamed_is_not_a_workbook(tmp_path):
    path = tmp_path / "laporan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert codes(read(path)) == ["not-a-workbook"]


def test_a_truncated_ole2_file_is_corrupt(tmp_path):
    path = tmp_path / "potong.xlsx"
    path.write_bytes((DATA / "invalid" / "encrypted-workbook.xlsx").read_bytes()[:700])
    assert codes(read(path)) == ["corrupt-workbook"]


# --- a workbook is read by its content, whatever its name -----------------------------------------


@pytest.mark.parametrize("name", ["laporan.xls", "laporan.XLS", "laporan.ods", "laporan.csv", "laporan"])
def test_a_real_xlsx_under_another_name_is_read_with_a_warning(good, tmp_path, name):
    path = tmp_path / name
    shutil.copy(good, path)
    before = hashlib.sha256(path.read_bytes()).digest(), path.stat().st_mtime_ns

    result = read(path)

    assert codes(result) == ["wrong-extension"] and not result.problems[0].is_error
    suffix = Path(name).suffix or "(tanpa akhiran)"
    assert f"berakhiran {suffix}." in result.problems[0].message and ".xlsx" in result.problems[0].message
    assert result.assessment.entries == read(good).assessment.entries
    assert result.assessment.identity == read(good).assessment.identity
    assert (hashlib.sha256(path.read_bytes()).digest(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize("name", ["laporan.XLSX", "laporan.xlsm"])
def test_workbook_names_give_no_name_warning(good, tmp_path, name):
    path = tmp_path / name
    shutil.copy(good, path)
    assert read(path).problems == ()


def test_a_refused_misnamed_workbook_keeps_the_name_warning(tmp_path):
    path = tmp_path / "tanpa-lembar.xls"
    shutil.copy(DATA / "invalid" / "missing-sheet.xlsx", path)
    result = read(path)
    assert codes(result) == ["wrong-extension", "missing-sheet"] and result.assessment is None


def _opened_files(monkeypatch) -> list:
    """Record every file the reader module opens itself."""
    handles = []

    def recording_open(*args, **kwargs):
        handle = open(*args, **kwargs)  # noqa: SIM115 - returned to the reader, closed by it
        handles.append(handle)
        return handle

    monkeypatch.setattr(reader, "open", recording_open, raising=False)  # shadows the builtin in reader only
    return handles


def test_the_workbook_file_is_closed_after_reading(good, tmp_path, monkeypatch):
    path = tmp_path / "baik.xls"
    shutil.copy(good, path)
    handles = _opened_files(monkeypatch)
    assert read(path).assessment is not None
    assert handles and all(h.closed for h in handles)


def test_the_workbook_file_is_closed_when_openpyxl_fails(good, tmp_path, monkeypatch):
    path = rewrite_sheet_xml(good, tmp_path / "rusak.xlsx", layout.SHEET_ASSESSMENT, lambda xml: xml[: len(xml) // 2])
    handles = _opened_files(monkeypatch)
    assert codes(read(path)) == ["corrupt-workbook"]
    assert handles and all(h.closed for h in handles)


# --- messages say what went wrong in Indonesian, never in the library's English -------------------

_ENGLISH = re.compile(r"Error|Exception|Forbidden|Invalid|Permission|No such|Unable|\bfile\b")


def test_a_broken_sheet_xml_is_corrupt_with_an_indonesian_reason(good, tmp_path):
    path = rewrite_sheet_xml(good, tmp_path / "rusak.xlsx", layout.SHEET_ASSESSMENT, lambda xml: xml[: len(xml) // 2])
    message = read(path).problems[0].message
    assert "XML di dalamnya tidak sah" in message and not _ENGLISH.search(message)


def test_an_xml_entity_bomb_is_named_in_indonesian(good, tmp_path):
    bomb = '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">]>'
    path = rewrite_sheet_xml(
        good,
        tmp_path / "entitas.xlsx",
        layout.SHEET_ASSESSMENT,
        lambda xml: xml.replace("<worksheet", bomb + "<worksheet", 1),
    )
    message = read(path).problems[0].message
    assert "tidak diizinkan" in message and not _ENGLISH.search(message)


def _wrapped(cause: Exception) -> Exception:
    """``cause`` as openpyxl re-raises it: inside a ValueError of its own."""
    try:
        try:
            raise cause
        except Exception as inner:
            raise ValueError("Unable to read workbook: could not read worksheets") from inner
    except ValueError as outer:
        return outer


@pytest.mark.parametrize(
    "exc, reason",
    [
        (_wrapped(EntitiesForbidden("a", None, None, None, None, None)), "deklarasi XML"),
        (ParseError("unclosed token: line 1, column 5"), "XML di dalamnya tidak sah"),
        (zipfile.BadZipFile("Bad CRC-32 for file 'xl/styles.xml'"), "arsip ZIP"),
        (zlib.error("Error -3 while decompressing data"), "arsip ZIP"),
        (KeyError("There is no item named 'xl/worksheets/sheet9.xml' in the archive"), "bagian buku kerja yang hilang"),
        (InvalidFileException("openpyxl does not support .xls file format"), "tidak dikenali"),
        (TypeError("expected <class 'int'>"), "struktur isinya tidak dapat dibaca"),
    ],
)
def test_corrupt_reasons_are_indonesian(exc, reason):
    text = corrupt_reason(exc)
    assert reason in text and not _ENGLISH.search(text) and type(exc).__name__ not in text


@pytest.mark.parametrize(
    "exc, reason",
    [
        (PermissionError(errno.EACCES, "Permission denied"), "tidak ada izin"),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "tidak ditemukan"),
        (OSError(errno.EIO, "Input/output error"), "gagal dibaca"),
        (OSError(errno.EBUSY, "Device or resource busy"), "dipakai aplikasi lain"),
        (OSError(9999, "Something odd"), "kesalahan sistem operasi nomor 9999"),
        (OSError("no errno"), "kesalahan sistem operasi"),
    ],
)
def test_os_reasons_are_indonesian(exc, reason):
    text = sniff.os_reason(exc)
    assert reason in text and not _ENGLISH.search(text) and "odd" not in text


# --- LibreOffice ------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) tidak terpasang")
def test_a_workbook_saved_again_by_libreoffice_reads_the_same(good, tmp_path):
    out = tmp_path / "lo"
    profile = (tmp_path / "profil").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(good),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    again = read(out / good.name)
    original = read(good)
    assert again.problems == () and again.assessment == original.assessment
