"""The benchmark's own tools (tools/benchmark.py, tools/naive_baseline.py) measure what they claim."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from spbe_reports import batch
from spbe_reports import framework as frameworks
from spbe_reports.evaluation import evaluate
from spbe_reports.workbook.reader import read_workbook

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    return _tool("benchmark")


@pytest.fixture(scope="module")
def three_workbooks(bench, tmp_path_factory) -> Path:
    """Workbooks 0-2 of the benchmark: the first with assessor levels, each with its own texts."""
    return bench.make_batch(tmp_path_factory.mktemp("bench"), 3)


def test_benchmark_workbooks_are_valid_and_differ_in_their_texts(three_workbooks):
    fw = frameworks.load()
    read = [read_workbook(path, fw, source=path.name) for path in sorted(three_workbooks.glob("*.xlsx"))]
    assert all(not [p for p in r.problems if p.is_error] for r in read)
    explanations = {r.assessment.entry(1).explanation for r in read}
    assert len(explanations) == 3


def test_naive_baseline_writes_a_report_with_the_index_spbe_computes(three_workbooks, tmp_path):
    out = tmp_path / "naif"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "naive_baseline.py"), str(three_workbooks), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    fw = frameworks.load()
    for path in sorted(three_workbooks.glob("*.xlsx")):
        doc = Document(out / path.stem / "laporan.docx")
        expected = evaluate(fw, read_workbook(path, fw, source=path.name).assessment).final.index
        text = "\n".join(p.text for p in doc.paragraphs)
        shown = re.search(r"Indeks SPBE: (\d\.\d\d)", text).group(1)
        assert abs(float(shown) - float(expected)) <= 0.005  # float rounding, not half up: the naive way
        assert len(doc.inline_shapes) == 2  # radar and domain bars
        assert len(doc.tables[0].rows) == 1 + len(fw.aspects)


def test_wrapper_reports_the_peak_memory_of_the_largest_child(bench, tmp_path):
    command = [sys.executable, "-c", "b = bytearray(300 * 2**20); b[::4096] = b'x' * len(b[::4096])"]
    measured = bench.measure(command, env=None, cwd=tmp_path)
    assert measured.peak_mib >= 300
    small = bench.measure([sys.executable, "-c", "pass"], env=None, cwd=tmp_path)
    assert small.peak_mib < 100


def test_wrapper_reports_the_cpu_time_of_the_child_and_its_workers(bench, tmp_path):
    busy = "sum(range(3 * 10**7))"  # about 0.5 s of CPU, in each of two processes
    code = f"import multiprocessing as mp; p = mp.Process(target=exec, args=({busy!r},)); p.start(); {busy}; p.join()"
    measured = bench.measure([sys.executable, "-c", code], env=None, cwd=tmp_path)
    alone = bench.measure([sys.executable, "-c", busy], env=None, cwd=tmp_path)
    assert measured.cpu > 1.6 * alone.cpu > 0.2


def test_wrapper_stops_on_a_failing_command(bench, tmp_path):
    with pytest.raises(SystemExit, match="gagal"):
        bench.measure([sys.executable, "-c", "raise SystemExit(3)"], env=None, cwd=tmp_path)


def test_stage_timers_time_every_stage_and_put_the_package_back(bench, three_workbooks, tmp_path):
    original = batch._read_all
    total, timers = bench.split_by_stage(three_workbooks, tmp_path / "keluaran", jobs=1)
    assert batch._read_all is original
    assert not timers.missing
    assert set(timers.seconds) == {label for _, _, label in bench.STAGES}
    assert 0 < sum(timers.seconds.values()) <= total
    # the report stage is a generator: its time is the reports' time, not the moment it was created
    assert timers.seconds["laporan per instansi (grafik + docx)"] > 0.05
