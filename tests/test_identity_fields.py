"""Template 1.1: Pemerintah Daerah Induk and the head of the agency in Identitas, written and read."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import openpyxl
import pytest

from spbe_reports import framework as frameworks
from spbe_reports.agencies import Agency, read_agency_list
from spbe_reports.workbook import layout
from spbe_reports.workbook.filler import fill_workbook
from spbe_reports.workbook.reader import nip_problem, read_workbook
from spbe_reports.workbook.writer import write_workbook

FW = frameworks.load()
DATA = Path(__file__).parent / "data"
NEW_LABELS = [layout.ID_PARENT, layout.ID_HEAD_NAME, layout.ID_HEAD_POSITION, layout.ID_HEAD_NIP]


def _make_invalid():
    spec = importlib.util.spec_from_file_location("make_invalid", DATA / "make_invalid.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_invalid = _make_invalid()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    agency = Agency("Dinas Kesehatan", "Perangkat Daerah", "3210-07", parent="Pemerintah Kabupaten Sukamaju")
    return write_workbook(FW, tmp_path_factory.mktemp("templat") / "templat.xlsx", agency, 2026)


def _identity_rows(path: Path) -> dict[str, int]:
    ws = openpyxl.load_workbook(path)[layout.SHEET_IDENTITY]
    return {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def test_new_labels_follow_the_agency_code_and_the_version_is_a_minor_bump(template):
    labels = list(_identity_rows(template))
    start = labels.index(layout.ID_CODE)
    assert labels[start + 1 : start + 5] == NEW_LABELS
    assert layout.TEMPLATE_VERSION == "1.1"  # a compatible addition: old readers ignore the new rows


def test_parent_is_prefilled_hinted_and_nip_is_a_text_cell(template):
    rows = _identity_rows(template)
    ws = openpyxl.load_workbook(template)[layout.SHEET_IDENTITY]
    assert ws.cell(rows[layout.ID_PARENT], 2).value == "Pemerintah Kabupaten Sukamaju"
    assert "hanya untuk Perangkat Daerah" in ws.cell(rows[layout.ID_PARENT], 3).value
    assert ws.cell(rows[layout.ID_HEAD_NIP], 2).number_format == "@"
    assert "18 angka" in ws.cell(rows[layout.ID_HEAD_NIP], 3).value


def _filled(template: Path, tmp_path: Path, **identity) -> Path:
    values = {**make_invalid.IDENTITY, **identity}
    values = {label: value for label, value in values.items() if value is not ...}
    return fill_workbook(template, tmp_path / "isi.xlsx", values, make_invalid.good_rows(FW))


def test_new_fields_are_read(template, tmp_path):
    path = _filled(template, tmp_path)
    read = read_workbook(path, FW, source="isi.xlsx")
    identity = read.assessment.identity
    assert identity.parent_government == "Pemerintah Kabupaten Contoh"
    assert identity.head_name == "Dr. Hendra Wijaya, S.T., M.Si."
    assert identity.head_position == "Kepala Dinas Komunikasi dan Informatika"
    assert identity.head_nip == "197503122000031004"  # spaces removed
    assert read.problems == ()
    assert read.assessment.template_version == "1.1"


def test_perangkat_daerah_without_parent_is_warned_at_its_cell(template, tmp_path):
    path = _filled(template, tmp_path, **{layout.ID_PARENT: None})
    read = read_workbook(path, FW, source="isi.xlsx")
    [warning] = read.problems
    assert warning.code == "missing-parent-government" and not warning.is_error
    assert (warning.sheet, warning.cell) == ("Identitas", f"B{_identity_rows(path)[layout.ID_PARENT]}")
    assert read.assessment is not None


def test_whole_government_needs_no_parent(template, tmp_path):
    path = _filled(template, tmp_path, **{layout.ID_PARENT: None, layout.ID_KIND: "Pemerintah Kabupaten"})
    assert read_workbook(path, FW, source="isi.xlsx").problems == ()


@pytest.mark.parametrize(
    ("nip", "reason"),
    [
        (197503122000031004.0, "Format sel sebagai Teks"),  # a number cell: Excel keeps 15 digits
        ("1975031220000310", "NIP terdiri atas 18 angka, sedangkan isian ini 16 angka"),
        ("19750312 200003 1 00A", "hanya boleh berisi angka"),
    ],
)
def test_invalid_nip_is_a_warning_saying_why(template, tmp_path, nip, reason):
    path = _filled(template, tmp_path, **{layout.ID_HEAD_NIP: nip})
    read = read_workbook(path, FW, source="isi.xlsx")
    [warning] = read.problems
    assert warning.code == "invalid-nip" and not warning.is_error and reason in warning.message
    assert warning.cell == f"B{_identity_rows(path)[layout.ID_HEAD_NIP]}"


def test_nip_problem_accepts_empty_and_spaced_nip():
    assert nip_problem(None) == nip_problem("  ") == nip_problem("19750312 200003 1 004") == ""
    assert nip_problem("١٩٧٥٠٣١٢٢٠٠٠٠٣١٠٠٤")  # digits of another script are not a NIP


def test_agency_list_fills_the_parent_and_old_lists_still_read(tmp_path):
    new = tmp_path / "daftar.csv"
    new.write_text(
        "Nama Instansi;Jenis Instansi;Kode Instansi;Pemerintah Daerah Induk\n"
        "Dinas Kesehatan;Perangkat Daerah;01;Pemerintah Kabupaten Sukamaju\n"
        "Pemerintah Kabupaten Sukamaju;Pemerintah Kabupaten;02;\n",
        encoding="utf-8",
    )
    assert [a.parent for a in read_agency_list(new)] == ["Pemerintah Kabupaten Sukamaju", ""]
    old = tmp_path / "lama.csv"
    old.write_text("Nama Instansi,Kode Instansi\nDinas Kesehatan,01\n", encoding="utf-8")
    assert read_agency_list(old) == [Agency("Dinas Kesehatan", "", "01")]
