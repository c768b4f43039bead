"""A run is one transaction for the output folder: all of its outputs, or the previous ones, never a mix.

Also: one run at a time per folder, interrupts at any moment, one file's failure is its own,
and nothing in the input folder is skipped without a word.
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from conftest import snapshot
from filelock import FileLock

from spbe_reports import batch, files, interrupt, outfolder
from spbe_reports.batch import NothingToDo, Options, run
from spbe_reports.cli import cli

QUICK = Options(jobs=1)
CLI = [sys.executable, "-m", "spbe_reports"]


def results(out: Path) -> dict:
    return {w["source"]: w for w in json.loads((out / "hasil.json").read_text(encoding="utf-8"))["workbooks"]}


def status(out: Path) -> dict:
    return json.loads((out / outfolder.STATUS_NAME).read_text(encoding="utf-8"))


def assert_consistent(out: Path) -> None:
    """Every invariant a reader of the output folder relies on."""
    assert not list(out.rglob(f"{files.TEMP_PREFIX}*")), "no staging or temporary file may remain"
    assert not (out / outfolder.JOURNAL_NAME).exists()
    if not (out / "hasil.json").exists():
        assert not list(out.glob("*/laporan.docx"))
        return
    document = json.loads((out / "hasil.json").read_text(encoding="utf-8"))
    state = status(out)
    assert state["generated_at"] == document["generated_at"]
    for name in state["files"]:
        assert (out / name).is_file(), name
    for entry in document["workbooks"]:
        if entry.get("report"):
            report = docx.Document(out / entry["report"])  # whole: opens
            assert report.core_properties.created is not None
    on_disk = {p.relative_to(out).as_posix() for p in out.glob("*/laporan.docx")}
    assert on_disk == {e["report"] for e in document["workbooks"] if e.get("report")}


def test_a_complete_run_records_its_outputs_in_status_json(tmp_path, make_workbook):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A")
    run(tmp_path / "in", tmp_path / "out", QUICK)
    state = status(tmp_path / "out")
    assert state["state"] == "complete"
    assert {"hasil.json", "rekap.xlsx", "ringkasan.docx", "dinas-a/laporan.docx"} <= set(state["files"])
    assert_consistent(tmp_path / "out")


def test_a_failed_run_leaves_the_previous_outputs_and_says_so(tmp_path, make_workbook, monkeypatch):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A")
    make_workbook(tmp_path / "in" / "b.xlsx", "Dinas B")
    out = tmp_path / "out"
    run(tmp_path / "in", out, QUICK)
    before = snapshot(out)
    previous = status(out)["generated_at"]

    def broken(*args, **kwargs):
        raise batch.OutputError("rekap tidak dapat ditulis")

    from spbe_reports import recap

    monkeypatch.setattr(recap, "write_recap", broken)
    with pytest.raises(batch.OutputError):
        run(tmp_path / "in", out, Options(jobs=1, force=True))  # forced: nothing is reused
    after = snapshot(out)
    after.pop(outfolder.STATUS_NAME), before.pop(outfolder.STATUS_NAME)
    assert after == before, "reports rendered before the failure must not replace the previous ones"
    state = status(out)
    assert state["state"] == "failed" and state["generated_at"] == previous
    assert "rekap tidak dapat ditulis" in state["message"]
    assert_consistent(out)


def test_outputs_of_workbooks_no_longer_there_are_removed_but_files_users_added_stay(tmp_path, make_workbook):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A")
    make_workbook(tmp_path / "in" / "b.xlsx", "Dinas B")
    out = tmp_path / "out"
    run(tmp_path / "in", out, QUICK)
    (out / "dinas-a" / "catatan-saya.txt").write_text("milik pengguna", encoding="utf-8")
    (tmp_path / "in" / "a.xlsx").unlink()
    result = run(tmp_path / "in", out, QUICK)
    assert "dinas-a/laporan.docx" in result.removed
    assert not (out / "dinas-a" / "laporan.docx").exists()
    assert (out / "dinas-a" / "catatan-saya.txt").read_text(encoding="utf-8") == "milik pengguna"
    assert_consistent(out)


def test_a_tampered_status_file_cannot_make_a_run_delete_other_files(tmp_path, make_workbook):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A")
    out = tmp_path / "out"
    run(tmp_path / "in", out, QUICK)
    (tmp_path / "rahasia.txt").write_text("x", encoding="utf-8")
    (out / "catatan.docx").write_text("x", encoding="utf-8")
    state = status(out)
    state["files"] += ["../rahasia.txt", str(tmp_path / "rahasia.txt"), "catatan.docx", "../in/a.xlsx"]
    (out / outfolder.STATUS_NAME).write_text(json.dumps(state), encoding="utf-8")
    run(tmp_path / "in", out, QUICK)
    assert (tmp_path / "rahasia.txt").exists() and (out / "catatan.docx").exists()
    assert (tmp_path / "in" / "a.xlsx").exists()


def test_a_commit_killed_half_way_is_finished_by_the_next_run(tmp_path, monkeypatch):
    out = tmp_path / "out"
    started = batch.datetime.now().astimezone()
    real_replace = os.replace
    moved = []

    def dying_replace(source, target):
        if len(moved) == 1:
            raise SystemExit("killed")  # the process dies between two renames
        moved.append(target)
        real_replace(source, target)

    with pytest.raises(SystemExit), outfolder.OutputFolder(out, started) as folder:
        (folder.stage / "dinas-a").mkdir()
        (folder.stage / "dinas-a" / "laporan.docx").write_text("baru", encoding="utf-8")
        (folder.stage / "hasil.json").write_text('{"generated_at": "baru"}', encoding="utf-8")
        monkeypatch.setattr(outfolder.os, "replace", dying_replace)
        folder.commit(started)
    monkeypatch.setattr(outfolder.os, "replace", real_replace)
    assert (out / outfolder.JOURNAL_NAME).exists() and not (out / "hasil.json").exists()

    with outfolder.OutputFolder(out, started) as again:
        assert again.recovered
    assert (out / "hasil.json").read_text(encoding="utf-8") == '{"generated_at": "baru"}'
    assert (out / "dinas-a" / "laporan.docx").read_text(encoding="utf-8") == "baru"
    assert status(out)["state"] == "complete" and not (out / outfolder.JOURNAL_NAME).exists()
    assert not list(out.glob(f"{files.TEMP_PREFIX}*"))


def test_a_second_run_into_a_busy_folder_is_refused_with_a_message(tmp_path, make_workbook):
    from click.testing import CliRunner

    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A")
    (tmp_path / "out").mkdir()
    with FileLock(tmp_path / "out" / outfolder.LOCK_NAME):
        result = CliRunner().invoke(cli, ["generate", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 2 and "sedang dipakai oleh proses spbe lain" in result.output
    assert not (tmp_path / "out" / "hasil.json").exists()
    run(tmp_path / "in", tmp_path / "out", QUICK)  # released: the next run goes ahead
    assert_consistent(tmp_path / "out")


def test_two_runs_started_at_once_leave_one_consistent_folder(tmp_path, make_workbook):
    for i in range(3):
        make_workbook(tmp_path / "in1" / f"{i}.xlsx", f"Dinas {i}", levels=2)
        make_workbook(tmp_path / "in2" / f"{i}.xlsx", f"Dinas {i}", levels=4)
    out = tmp_path / "out"
    procs = [
        subprocess.Popen([*CLI, "generate", str(tmp_path / name), "-o", str(out), "-q", "-j", "1"], stderr=subprocess.PIPE)
        for name in ("in1", "in2")
    ]
    outcomes = [(p.wait(timeout=180), p.stderr.read().decode()) for p in procs]
    codes = sorted(code for code, _ in outcomes)
    assert codes in ([0, 0], [0, 2]), outcomes
    if codes == [0, 2]:
        assert any("sedang dipakai" in err for code, err in outcomes if code == 2)
    assert_consistent(out)
    indices = {w["index"] for w in results(out).values()}
    assert indices in ({2.0}, {4.0}), "every report and hasil.json from one run"


def test_input_folder_inside_the_output_folder_is_read_and_left_alone(tmp_path, make_workbook, monkeypatch):
    make_workbook(tmp_path / "masuk" / "a.xlsx", "Dinas A")
    before = snapshot(tmp_path / "masuk")
    monkeypatch.chdir(tmp_path)
    result = run(Path("masuk"), Path("."), QUICK)
    assert [w.status for w in result.workbooks] == ["ok"]
    assert (tmp_path / "dinas-a" / "laporan.docx").is_file()
    assert snapshot(tmp_path / "masuk") == before


def test_nothing_to_do_changes_nothing(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "~$kunci.xlsx").write_text("x")  # a lock file of Excel: skipped
    with pytest.raises(NothingToDo):
        run(tmp_path / "in", tmp_path / "out", QUICK)
    assert not (tmp_path / "out").exists()


def test_a_memory_error_in_one_file_rejects_that_file_only(tmp_path, make_workbook, monkeypatch):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A")
    make_workbook(tmp_path / "in" / "b.xlsx", "Dinas B")
    real = batch.read_workbook

    def read(path, framework, source):
        if source == "a.xlsx":
            raise MemoryError
        return real(path, framework, source=source)

    monkeypatch.setattr(batch, "read_workbook", read)
    result = run(tmp_path / "in", tmp_path / "out", QUICK)
    [a, b] = result.workbooks
    assert a.status == "rejected" and a.errors[0].code == "processing-failed" and "memori" in a.errors[0].message
    assert b.status == "ok" and (tmp_path / "out" / b.report).is_file()


def test_a_report_that_cannot_be_made_rejects_its_workbook_only(tmp_path, make_workbook, monkeypatch):
    from spbe_reports import render

    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A")
    make_workbook(tmp_path / "in" / "b.xlsx", "Dinas B")
    real = render.render_report

    def flaky(evaluation, *args, **kwargs):
        if evaluation.assessment.identity.name == "Dinas A":
            raise ValueError("gambar tidak dapat digambar")
        return real(evaluation, *args, **kwargs)

    monkeypatch.setattr(render, "render_report", flaky)
    result = run(tmp_path / "in", tmp_path / "out", QUICK)
    [a, b] = result.workbooks
    assert a.errors[0].code == "report-failed" and "gambar tidak dapat digambar" in a.errors[0].message
    assert results(tmp_path / "out")["a.xlsx"]["status"] == "rejected"
    assert b.ok
    assert_consistent(tmp_path / "out")


def test_ctrl_c_turned_into_another_error_by_a_library_is_still_an_interrupt(tmp_path, make_workbook, monkeypatch):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A")

    def swallowing_library(*args, **kwargs):
        monkeypatch.setattr(interrupt, "_requested", True)  # Ctrl-C arrived, and a bare except made it this:
        raise TypeError("'NoneType' object is not subscriptable")

    monkeypatch.setattr(batch, "read_workbook", swallowing_library)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path / "in", tmp_path / "out", QUICK)
    assert status(tmp_path / "out")["state"] == "interrupted"
    assert not (tmp_path / "out" / "hasil.json").exists()


def test_unreadable_folders_special_files_and_dangling_links_are_reported(tmp_path, make_workbook, monkeypatch):
    inp = tmp_path / "in"
    make_workbook(inp / "a.xlsx", "Dinas A")
    make_workbook(inp / "terkunci" / "b.xlsx", "Dinas B")
    os.mkfifo(inp / "pipa.xlsx")
    (inp / "hilang.xlsx").symlink_to(tmp_path / "tidak-ada.xlsx")
    (inp / "putar").symlink_to(inp, target_is_directory=True)  # a loop: read each workbook once
    real_scandir = os.scandir

    def scandir(path):
        if isinstance(path, (str, os.PathLike)) and Path(path).name == "terkunci":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(batch.os, "scandir", scandir)
    result = run(inp, tmp_path / "out", QUICK)
    by_source = {w.source: w for w in result.workbooks}
    assert by_source["a.xlsx"].ok
    assert by_source["terkunci/"].errors[0].code == "unreadable-folder"
    assert "tidak ada izin" in by_source["terkunci/"].errors[0].message
    assert "bukan berkas biasa" in by_source["pipa.xlsx"].errors[0].message
    assert "tidak ada" in by_source["hilang.xlsx"].errors[0].message
    assert len(result.workbooks) == 4 and result.exit_code == 1


@pytest.mark.parametrize(
    "value",
    ["1e308", "1e999999999", "-1", "9" * 5000],
    ids=["huge", "huge-exponent-string", "negative", "five-thousand-digits"],
)
def test_tampered_numbers_in_last_years_results_end_the_run_clearly(tmp_path, make_workbook, value):
    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A")
    literal = value if value != "1e999999999" else f'"{value}"'
    (tmp_path / "hasil.json").write_text(
        '{"workbooks": [{"status": "ok", "agency": "Dinas A", "index": ' + literal + "}]}", encoding="utf-8"
    )
    proc = subprocess.run(
        [*CLI, "generate", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "--pembanding", str(tmp_path / "hasil.json")],
        capture_output=True,
        timeout=60,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err, err
    assert "Hasil pembanding" in err
    assert not (tmp_path / "out").exists() or not (tmp_path / "out" / "hasil.json").exists()


def test_control_characters_in_names_are_shown_not_obeyed(tmp_path, make_workbook):
    from click.testing import CliRunner

    # "_x001B_" is how Excel stores ESC in a cell; the reader gives it back as the character.
    make_workbook(tmp_path / "in" / "a\x1b[2Jb.xlsx", "Dinas _x001B_]0;judul_x0007_A")
    result = CliRunner().invoke(cli, ["generate", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"])
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "a\\x1b[2Jb.xlsx" in result.output


def _descendants(pid: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        return "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_workers_end_with_a_killed_main_process(tmp_path, make_workbook):
    for i in range(8):
        make_workbook(tmp_path / "in" / f"{i}.xlsx", f"Dinas {i}", levels=(i % 5) + 1)
    proc = subprocess.Popen([*CLI, "generate", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "-j", "2"])
    deadline = time.monotonic() + 120
    helpers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        helpers = {p for p in _descendants(proc.pid) if "multiprocessing" in Path(f"/proc/{p}/cmdline").read_text()}
        if len(helpers) >= 3:  # the fork server and two workers (spawn: two workers)
            break
        time.sleep(0.1)
    assert len(helpers) >= 2, "the run should render on worker processes"
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in helpers if _alive(p)], "no worker may go on after the run is killed"
    run(tmp_path / "in", tmp_path / "out", QUICK)  # the next run cleans what the killed one left
    assert_consistent(tmp_path / "out")


def _interrupt_at(delay: float, inp: Path, out: Path, sig, force: bool) -> tuple[int, str]:
    proc = subprocess.Popen(
        [*CLI, "generate", str(inp), "-o", str(out), "-q", "-j", "2", *(["--paksa"] if force else [])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err.decode()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_rerun_keeps_the_previous_outputs_whole(tmp_path, make_workbook, sig):
    for i in range(6):
        make_workbook(tmp_path / "in" / f"{i}.xlsx", f"Dinas {i}", levels=(i % 5) + 1)
    out = tmp_path / "out"
    run(tmp_path / "in", out, QUICK)
    before = snapshot(out)
    proc = subprocess.Popen(
        [*CLI, "generate", str(tmp_path / "in"), "-o", str(out), "-q", "-j", "1", "--paksa"], stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while not list(out.glob(f"{outfolder.STAGE_PREFIX}*/*/laporan.docx")) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "Traceback" not in err.decode(), err.decode()
    assert "Dihentikan" in err.decode()
    after = snapshot(out)
    assert status(out)["state"] == "interrupted"
    after.pop(outfolder.STATUS_NAME), before.pop(outfolder.STATUS_NAME)
    assert after == before
    assert_consistent(out)


def test_stress_interrupts_at_random_moments_never_break_the_folder(tmp_path, make_workbook):
    """Ctrl-C or SIGTERM at random moments of many runs: exit 130 (or a finished run), whole files,
    a consistent folder, no temporary file left anywhere, and nothing new in the system's temp."""
    for i in range(7):
        make_workbook(tmp_path / "in" / f"{i}.xlsx", f"Dinas {i}", levels=(i % 5) + 1)
    make_workbook(tmp_path / "in" / "rusak.xlsx", "Dinas Rusak", levels={1: 9})
    out = tmp_path / "out"
    temp = Path(os.environ.get("TMPDIR", "/tmp"))
    temp_before = {p.name for p in temp.glob("spbe*")}
    rng = random.Random(9)
    for _ in range(10):
        code, err = _interrupt_at(rng.uniform(0.05, 4.0), tmp_path / "in", out, rng.choice([signal.SIGINT, signal.SIGTERM]), rng.random() < 0.7)
        assert code in (1, 130), err  # 1: the run finished first (one workbook is rejected)
        assert "Traceback" not in err and "Fatal Python error" not in err, err
        assert_consistent(out)
        if (out / "hasil.json").exists():
            entries = results(out)
            assert entries["rusak.xlsx"]["status"] == "rejected"
            assert all(entries[f"{i}.xlsx"]["status"] == "ok" for i in range(7)), "no good workbook may be called corrupt"
    assert {p.name for p in temp.glob("spbe*")} <= temp_before


def test_a_template_mistake_only_drafts_reach_stops_the_run_before_anything_changes(tmp_path, make_workbook):
    import shutil
    import zipfile

    from spbe_reports.defaults import TEMPLATE_DIR

    make_workbook(tmp_path / "in" / "a.xlsx", "Dinas A")
    out = tmp_path / "out"
    run(tmp_path / "in", out, QUICK)
    before = snapshot(out)
    templates = tmp_path / "templat"
    templates.mkdir()
    shutil.copy(TEMPLATE_DIR / "ringkasan.docx", templates)
    with zipfile.ZipFile(TEMPLATE_DIR / "laporan.docx") as source, zipfile.ZipFile(templates / "laporan.docx", "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                data = data.replace(b"<w:t>DRAF</w:t>", b"<w:t>{{ tanda_draff }}</w:t>", 1)
            target.writestr(member, data)
    proc = subprocess.run(
        [*CLI, "generate", str(tmp_path / "in"), "-o", str(out), "-q", "--templat", str(templates)],
        capture_output=True,
        timeout=120,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "tanda_draff" in err and "Traceback" not in err, err
    after = snapshot(out)
    assert status(out)["state"] == "failed"
    after.pop(outfolder.STATUS_NAME), before.pop(outfolder.STATUS_NAME)
    assert after == before
