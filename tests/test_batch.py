"""The batch: good and bad workbooks side by side, nothing lost, nothing half-written."""

import json
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from conftest import snapshot

from spbe_reports import batch, files
from spbe_reports.batch import Options, run

DATA = Path(__file__).parent / "data" / "invalid"
EXPECTED = yaml.safe_load((DATA / "expected.yaml").read_text(encoding="utf-8"))
QUICK = Options(jobs=1)


def results(out: Path) -> dict:
    return {w["source"]: w for w in json.loads((out / "hasil.json").read_text(encoding="utf-8"))["workbooks"]}


def test_a_folder_of_good_and_every_kind_of_bad_file(tmp_path, make_workbook):
    inp, out = tmp_path / "masuk", tmp_path / "keluar"
    make_workbook(inp / "dinas-a.xlsx", "Dinas A")
    make_workbook(inp / "sub" / "dinas-b.xlsx", "Dinas B", levels=2)
    for name, expected in EXPECTED.items():
        if "run_framework" not in expected:  # framework-mismatch needs another run framework
            shutil.copy(DATA / name, inp / name)
    (inp / "~$dinas-a.xlsx").write_bytes(b"lock")
    (inp / ".tersembunyi.xlsx").write_bytes(b"hidden")
    before = snapshot(inp)

    result = run(inp, out, QUICK)

    assert result.exit_code == 1
    assert snapshot(inp) == before, "input folder must stay byte-for-byte unchanged"
    entries = results(out)
    assert "~$dinas-a.xlsx" not in entries and ".tersembunyi.xlsx" not in entries
    for source in ("dinas-a.xlsx", "sub/dinas-b.xlsx"):
        assert entries[source]["status"] == "ok"
        assert (out / entries[source]["report"]).is_file()
    for name, expected in EXPECTED.items():
        if "run_framework" in expected:
            continue
        entry = entries[name]
        codes = [p["code"] for p in entry["errors"] + entry["warnings"]]
        assert expected["code"] in codes, name
        if expected["code"] in {p["code"] for p in entry["errors"]}:
            assert entry["status"] == "rejected" and "index" not in entry
            assert all(p["message"] for p in entry["errors"])
    problems = openpyxl.load_workbook(out / "rekap.xlsx")["Masalah"]
    listed = {cell.value for row in problems.iter_rows() for cell in row}
    assert {"not-a-workbook", "format-xls", "level-out-of-range"} <= listed


def test_two_workbooks_of_one_agency_and_year_are_both_rejected(tmp_path, make_workbook):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas Kesehatan", levels=3)
    make_workbook(tmp_path / "in" / "b.xlsx", "DINAS  KESEHATAN.", levels=4)
    make_workbook(tmp_path / "in" / "c.xlsx", "Dinas Pendidikan")
    result = run(tmp_path / "in", tmp_path / "out", QUICK)
    entries = results(tmp_path / "out")
    assert entries["a.xlsx"]["status"] == entries["b.xlsx"]["status"] == "rejected"
    assert (
        entries["a.xlsx"]["errors"][0]["code"] == "duplicate-agency"
        and "b.xlsx" in entries["a.xlsx"]["errors"][0]["message"]
    )
    assert entries["c.xlsx"]["status"] == "ok" and result.exit_code == 1
    assert not (tmp_path / "out" / "dinas-kesehatan").exists()


def test_incomplete_workbook_is_rejected_or_rendered_as_a_draft(tmp_path, make_workbook):
    levels = {n: 3 for n in range(1, 48) if n != 12}
    make_workbook(tmp_path / "in" / "draf.xlsx", "Dinas Draf", levels=levels)
    assert results_of(run(tmp_path / "in", tmp_path / "out1", QUICK))["draf.xlsx"]["status"] == "rejected"

    result = run(tmp_path / "in", tmp_path / "out2", Options(jobs=1, draft=True))
    entry = results(tmp_path / "out2")["draf.xlsx"]
    assert result.exit_code == 0 and entry["status"] == "ok" and entry["draft"] is True
    assert "index" not in entry and "2" not in entry["aspects"] and entry["aspects"]["1"] == 3.0
    assert {"incomplete-draft", "missing-level"} <= {w["code"] for w in entry["warnings"]}
    text = "\n".join(p.text for p in docx.Document(tmp_path / "out2" / entry["report"]).paragraphs)
    assert "DRAF" in text


def results_of(result):
    return {w.source: {"status": w.status} for w in result.workbooks}


def test_a_rerun_gives_the_same_results(tmp_path, make_workbook):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A", levels=2)
    make_workbook(tmp_path / "in" / "b.xlsx", "Dinas B", levels=4)
    run(tmp_path / "in", tmp_path / "out", QUICK)
    first = json.loads((tmp_path / "out" / "hasil.json").read_text())
    first_text = [p.text for p in docx.Document(tmp_path / "out" / "dinas-a" / "laporan.docx").paragraphs]
    run(tmp_path / "in", tmp_path / "out", QUICK)
    second = json.loads((tmp_path / "out" / "hasil.json").read_text())
    first.pop("generated_at"), second.pop("generated_at")
    assert first == second
    second_text = [p.text for p in docx.Document(tmp_path / "out" / "dinas-a" / "laporan.docx").paragraphs]
    assert [t for t in first_text if "2026" not in t] == [t for t in second_text if "2026" not in t]
    assert not list((tmp_path / "out").rglob(f"{files.TEMP_PREFIX}*"))


def test_agency_names_that_would_collide_or_escape_get_their_own_folders(tmp_path, make_workbook):
    make_workbook(tmp_path / "in" / "a.xlsx", "../../Dinas/Kominfo", code="1")
    make_workbook(tmp_path / "in" / "b.xlsx", "Dinas (Kominfo)", code="2", **{"Tahun Penilaian": 2025})
    run(tmp_path / "in", tmp_path / "out", QUICK)
    reports = sorted(w["report"] for w in results(tmp_path / "out").values())
    assert reports == ["dinas-kominfo-2/laporan.docx", "dinas-kominfo/laporan.docx"]
    assert all((tmp_path / "out" / r).resolve().is_relative_to((tmp_path / "out").resolve()) for r in reports)


def test_missing_submissions_from_the_agency_list(tmp_path, make_workbook):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas Kesehatan", code="01")
    daftar = tmp_path / "daftar.csv"
    daftar.write_text("Nama Instansi,Kode Instansi\nDinas Kesehatan Kab.,01\nDinas Pendidikan,02\n", encoding="utf-8")
    result = run(tmp_path / "in", tmp_path / "out", Options(jobs=1, agencies=daftar))
    assert [a.name for a in result.missing] == ["Dinas Pendidikan"]
    document = json.loads((tmp_path / "out" / "hasil.json").read_text())
    assert document["missing"] == [{"agency": "Dinas Pendidikan", "kind": "", "code": "02"}]
    sheet = openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx")["Belum Mengumpulkan"]
    assert "Dinas Pendidikan" in {c.value for row in sheet.iter_rows() for c in row}


def test_previous_year_comparison(tmp_path, make_workbook):
    make_workbook(tmp_path / "2025" / "a.xlsx", "Dinas A", levels=2, code="A1", **{"Tahun Penilaian": 2025})
    run(tmp_path / "2025", tmp_path / "out2025", QUICK)
    make_workbook(tmp_path / "2026" / "a.xlsx", "Dinas A (perubahan nama)", levels=3, code="A1")
    make_workbook(tmp_path / "2026" / "b.xlsx", "Dinas Baru", levels=3, code="B1")
    result = run(tmp_path / "2026", tmp_path / "out2026", Options(jobs=1, previous=tmp_path / "out2025" / "hasil.json"))
    assert [w.agency for w in result.new_agencies] == ["Dinas Baru"]
    entries = results(tmp_path / "out2026")
    previous = entries["a.xlsx"]["previous"]
    assert (previous["index"], previous["change"]) == (2.0, 1.0)
    assert previous["indicators"]["12"] == {"from": 2, "to": 3}
    assert "previous" in entries["b.xlsx"] and entries["b.xlsx"]["previous"] is None

    # Last year's workbooks instead of last year's hasil.json give the same comparison.
    run(tmp_path / "2026", tmp_path / "out-wb", Options(jobs=1, previous=tmp_path / "2025"))
    assert results(tmp_path / "out-wb")["a.xlsx"]["previous"]["change"] == 1.0


def test_a_batch_rendered_by_worker_processes_matches_the_inline_one(tmp_path, make_workbook, monkeypatch):
    for i in range(3):
        make_workbook(tmp_path / "in" / f"{i}.xlsx", f"Dinas {i}", levels=i + 2)
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    run(tmp_path / "in", tmp_path / "par", Options(jobs=2))
    run(tmp_path / "in", tmp_path / "seq", QUICK)
    par, seq = (
        json.loads((tmp_path / "par" / "hasil.json").read_text()),
        json.loads((tmp_path / "seq" / "hasil.json").read_text()),
    )
    assert par["workbooks"] == seq["workbooks"]
    assert all((tmp_path / "par" / w["report"]).is_file() for w in par["workbooks"])


# "_x0007_" is how Excel stores a control character (BEL) that XML cannot hold.
HOSTILE = '=HYPERLINK("http://x") & <b>{{ 7*7 }}</b> _x0007_ Dinas "Uji"'


def test_hostile_text_is_inert_in_every_output(tmp_path, make_workbook):
    path = make_workbook(
        tmp_path / "in" / "a.xlsx", "nama", **{"Koordinator SPBE": "@SUM(A1:A9)", "Anggota Tim Asesor": "+62 812; -x"}
    )
    wb = openpyxl.load_workbook(path)
    [name_cell] = [row[1] for row in wb["Identitas"].iter_rows() if row[0].value == "Nama Instansi"]
    name_cell.value, name_cell.data_type = HOSTILE, "s"  # typed as text, as Excel stores '=...
    wb.save(path)
    result = run(tmp_path / "in", tmp_path / "out", QUICK)
    assert result.exit_code == 0
    shown = HOSTILE.replace("_x0007_", "")
    entry = results(tmp_path / "out")["a.xlsx"]
    assert entry["agency"] == shown
    document = docx.Document(tmp_path / "out" / entry["report"])  # still a valid docx
    text = "\n".join(
        [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert shown in text and "{{ 7*7 }}" in text and "49" not in text.replace("2026", "")
    sheet = openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx")["Ringkasan"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == shown]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice atau pdftotext tidak terpasang"
)
def test_pdf_beside_every_report_shows_the_index(tmp_path, make_workbook):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A", levels={n: 3 if n >= 32 else 1 for n in range(1, 48)})
    make_workbook(tmp_path / "in" / "b.xlsx", "Dinas B", levels=4)
    result = run(tmp_path / "in", tmp_path / "out", Options(jobs=1, pdf=True))
    assert result.exit_code == 0 and not result.notes
    for source, index in (("a.xlsx", "1,91"), ("b.xlsx", "4,00")):
        entry = results(tmp_path / "out")[source]
        pdf = tmp_path / "out" / entry["pdf"]
        assert pdf == (tmp_path / "out" / entry["report"]).with_suffix(".pdf")
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert index in text and entry["agency"] in text
    assert (tmp_path / "out" / "ringkasan.pdf").is_file()


def test_an_output_folder_inside_the_input_folder_is_not_read_back(tmp_path, make_workbook):
    make_workbook(tmp_path / "a.xlsx", "Dinas A")
    run(tmp_path, tmp_path / "output", QUICK)
    result = run(tmp_path, tmp_path / "output", QUICK)
    assert [w.source for w in result.workbooks] == ["a.xlsx"] and result.exit_code == 0


def test_symlinked_workbooks_are_read_and_folders_named_like_workbooks_are_searched(tmp_path, make_workbook):
    real = make_workbook(tmp_path / "elsewhere" / "a.xlsx", "Dinas A")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "tautan.xlsx").symlink_to(real)
    make_workbook(tmp_path / "in" / "map.xlsx" / "b.xlsx", "Dinas B")
    result = run(tmp_path / "in", tmp_path / "out", QUICK)
    assert sorted(w.source for w in result.workbooks) == ["map.xlsx/b.xlsx", "tautan.xlsx"] and result.exit_code == 0


def test_previous_results_saved_with_a_bom_are_read(tmp_path, make_workbook):
    make_workbook(tmp_path / "2025" / "a.xlsx", "Dinas A", levels=2, **{"Tahun Penilaian": 2025})
    run(tmp_path / "2025", tmp_path / "out2025", QUICK)
    bom = tmp_path / "hasil-bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + (tmp_path / "out2025" / "hasil.json").read_bytes())
    make_workbook(tmp_path / "2026" / "a.xlsx", "Dinas A", levels=3)
    run(tmp_path / "2026", tmp_path / "out2026", Options(jobs=1, previous=bom))
    assert results(tmp_path / "out2026")["a.xlsx"]["previous"]["change"] == 1.0
