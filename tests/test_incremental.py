"""Incremental runs: a rerun into the same output folder redoes only what changed, and shows every change."""

import json
import shutil
import time
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import snapshot

from spbe_reports import batch, incremental, recap, render, summary, templatecheck
from spbe_reports.batch import Options, run
from spbe_reports.defaults import TEMPLATE_DIR
from spbe_reports.workbook.reader import read_workbook

QUICK = Options(jobs=1)
SAMPLES = Path(__file__).resolve().parents[1] / "input"


@pytest.fixture
def calls(monkeypatch):
    """How often each costly step ran in a run: reading, checking, reports, summary, rekap."""
    counted = {"read": 0, "check": 0, "report": [], "summary": 0, "recap": 0}

    def counting(name, real):
        def wrapper(*args, **kwargs):
            if name == "report":
                counted["report"].append(args[0].assessment.identity.name)
            else:
                counted[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(batch, "read_workbook", counting("read", batch.read_workbook))
    monkeypatch.setattr(templatecheck, "check_templates", counting("check", templatecheck.check_templates))
    monkeypatch.setattr(render, "render_report", counting("report", render.render_report))
    monkeypatch.setattr(summary, "render_summary", counting("summary", summary.render_summary))
    monkeypatch.setattr(recap, "write_recap", counting("recap", recap.write_recap))

    def reset():
        counted.update({"read": 0, "check": 0, "report": [], "summary": 0, "recap": 0})

    counted["reset"] = reset
    return counted


@pytest.fixture
def three_agencies(tmp_path, make_workbook):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A", levels=2, code="A1")
    make_workbook(tmp_path / "in" / "b.xlsx", "Dinas B", levels=4, code="B1")
    make_workbook(tmp_path / "in" / "c.xlsx", "Kota C", levels=3, code="C1", **{"Jenis Instansi": "Pemerintah Kota"})
    return tmp_path


def test_an_unchanged_rerun_reads_checks_and_renders_nothing(three_agencies, calls):
    out = three_agencies / "out"
    run(three_agencies / "in", out, QUICK)
    assert len(calls["report"]) == 3 and calls["read"] == 3 and calls["check"] == 1
    first = snapshot(out)
    calls["reset"]()
    result = run(three_agencies / "in", out, QUICK)
    assert (calls["read"], calls["check"], calls["report"], calls["summary"], calls["recap"]) == (0, 0, [], 0, 0)
    assert (result.kept, result.rendered) == (3, 0)
    second = snapshot(out)
    for volatile in ("status.json", ".spbe-cache.json"):
        first.pop(volatile), second.pop(volatile)
    assert second == first, "nothing may be rewritten"
    status = json.loads((out / "status.json").read_text(encoding="utf-8"))
    assert status["generated_at"] == json.loads((out / "hasil.json").read_text(encoding="utf-8"))["generated_at"]
    assert set(status["files"]) >= {"hasil.json", "rekap.xlsx", "dinas-a/laporan.docx"}


def test_one_changed_workbook_rerenders_its_report_and_the_batch_outputs_only(three_agencies, make_workbook, calls):
    out = three_agencies / "out"
    run(three_agencies / "in", out, QUICK)
    before = snapshot(out)
    time.sleep(1)  # a new generated_at
    calls["reset"]()
    make_workbook(three_agencies / "in" / "c.xlsx", "Kota C", levels=3, code="C-2026", **{"Jenis Instansi": "Pemerintah Kota"})
    result = run(three_agencies / "in", out, QUICK)
    assert calls["report"] == ["Kota C"] and calls["read"] == 1
    assert (calls["summary"], calls["recap"]) == (1, 1)
    assert (result.kept, result.rendered) == (2, 1)
    after = snapshot(out)
    assert after["dinas-a/laporan.docx"] == before["dinas-a/laporan.docx"]
    assert after["kota-c/laporan.docx"] != before["kota-c/laporan.docx"]
    hasil = json.loads((out / "hasil.json").read_text(encoding="utf-8"))
    assert {w["source"]: w["agency_code"] for w in hasil["workbooks"]}["c.xlsx"] == "C-2026"
    text = "\n".join(cell.text for t in docx.Document(out / "kota-c" / "laporan.docx").tables for r in t.rows for cell in r.cells)
    assert "C-2026" in text, "the change is visible in the report"


def test_a_level_change_rerenders_the_reports_that_show_its_groups_average(three_agencies, make_workbook, calls):
    out = three_agencies / "out"
    run(three_agencies / "in", out, QUICK)
    calls["reset"]()
    make_workbook(three_agencies / "in" / "a.xlsx", "Dinas A", levels=3, code="A1")
    run(three_agencies / "in", out, QUICK)
    # Dinas A and Dinas B share a group (perangkat daerah) and its average; Kota C is alone.
    assert sorted(calls["report"]) == ["Dinas A", "Dinas B"]


@pytest.mark.parametrize(
    "change",
    ["report-template", "settings", "option", "force"],
)
def test_what_every_report_depends_on_rerenders_every_report(three_agencies, calls, change):
    from spbe_reports.settings import write_settings_template

    out = three_agencies / "out"
    templates = three_agencies / "templat"
    shutil.copytree(TEMPLATE_DIR, templates)
    options = Options(jobs=1, template_dir=templates)
    run(three_agencies / "in", out, options)
    calls["reset"]()
    if change == "report-template":
        _touch_docx(templates / "laporan.docx")
    elif change == "settings":
        write_settings_template(three_agencies / "in" / "pengaturan.xlsx")
    elif change == "option":
        options = Options(jobs=1, template_dir=templates, default_target=5)
    else:
        options = Options(jobs=1, template_dir=templates, force=True)
    run(three_agencies / "in", out, options)
    assert len(calls["report"]) == 3 and calls["summary"] == 1


def test_a_summary_template_change_rerenders_the_summary_not_the_reports(three_agencies, calls):
    out = three_agencies / "out"
    templates = three_agencies / "templat"
    shutil.copytree(TEMPLATE_DIR, templates)
    run(three_agencies / "in", out, Options(jobs=1, template_dir=templates))
    calls["reset"]()
    _touch_docx(templates / "ringkasan.docx")
    run(three_agencies / "in", out, Options(jobs=1, template_dir=templates))
    assert calls["report"] == [] and calls["summary"] == 1 and calls["check"] == 1


def _touch_docx(path: Path) -> None:
    """The same template with one more core property: other bytes, same documents."""
    document = docx.Document(path)
    document.core_properties.keywords = "diubah"
    document.save(path)


def test_a_damaged_or_foreign_cache_means_a_full_run(three_agencies, calls):
    out = three_agencies / "out"
    run(three_agencies / "in", out, QUICK)
    for damaged in ("{", "[]", json.dumps({"version": 99}), json.dumps({"version": 1, "program": "x"})):
        (out / incremental.CACHE_NAME).write_text(damaged, encoding="utf-8")
        calls["reset"]()
        run(three_agencies / "in", out, QUICK)
        assert len(calls["report"]) == 3, damaged


def test_a_cache_entry_of_the_right_shape_but_wrong_content_is_a_miss(three_agencies, calls):
    out = three_agencies / "out"
    run(three_agencies / "in", out, QUICK)
    data = json.loads((out / incremental.CACHE_NAME).read_text(encoding="utf-8"))
    for key in data["reads"]:
        data["reads"][key] = {"assessment": {"source": 1}, "problems": "x"}
    (out / incremental.CACHE_NAME).write_text(json.dumps(data), encoding="utf-8")
    calls["reset"]()
    result = run(three_agencies / "in", out, QUICK)
    assert calls["read"] == 3 and all(w.ok for w in result.workbooks)


def test_a_report_changed_on_disk_since_the_last_run_is_made_again(three_agencies, calls):
    out = three_agencies / "out"
    run(three_agencies / "in", out, QUICK)
    with zipfile.ZipFile(out / "dinas-b" / "laporan.docx", "a") as archive:
        archive.writestr("catatan.txt", "diubah orang")
    calls["reset"]()
    run(three_agencies / "in", out, QUICK)
    assert calls["report"] == ["Dinas B"]
    assert "catatan.txt" not in zipfile.ZipFile(out / "dinas-b" / "laporan.docx").namelist()


def test_a_cached_read_equals_a_fresh_read():
    from spbe_reports import framework

    fw = framework.load()
    for path in sorted(SAMPLES.rglob("*.xlsx")):
        if path.name == "pengaturan.xlsx":
            continue
        read = read_workbook(path, fw, source=path.name)
        data = json.loads(json.dumps(incremental.read_as_data(read)))
        assert incremental.read_from_data(data) == read, path.name
