"""Every file in tests/data/invalid/ gives its expected problem, where expected, and no traceback.

The corpus is built by tests/data/make_invalid.py, which also writes expected.yaml: for each
file, the problem code and the sheet, cell or indicator where the reader must report it. A
new file with its line in expected.yaml is a new test.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest
import yaml

from spbe_reports import framework as frameworks
from spbe_reports.problems import CATALOGUE
from spbe_reports.workbook.reader import read_workbook

CORPUS = Path(__file__).parent / "data" / "invalid"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
# Codes no corpus file can show: file permissions, a 50 MB file, and problems of the batch.
# Problems of the folder, the batch or the program rather than of one file's content; tested in
# test_batch.py and test_output_transaction.py.
NOT_IN_CORPUS = {
    "unreadable-file",
    "file-too-large",
    "duplicate-agency",
    "incomplete-draft",
    "unreadable-folder",
    "processing-failed",
    "report-failed",
}


def _other_framework():
    spec = importlib.util.spec_from_file_location("make_invalid", CORPUS.parent / "make_invalid.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.other_framework()


@pytest.fixture(scope="module")
def run_frameworks():
    other = _other_framework()
    return {None: frameworks.load(), other.id: other}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_gives_its_problem_where_expected(name, run_frameworks):
    expected = EXPECTED[name]
    path = CORPUS / name
    before = hashlib.sha256(path.read_bytes()).digest()

    result = read_workbook(path, run_frameworks[expected.get("run_framework")], source=name)

    where = {"sheet": expected.get("sheet"), "cell": expected.get("cell"), "indicator": expected.get("indicator")}
    matches = [
        p
        for p in result.problems
        if p.code == expected["code"] and {"sheet": p.sheet, "cell": p.cell, "indicator": p.indicator} == where
    ]
    assert matches, f"{name}: {expected} not in {[(p.code, p.sheet, p.cell, p.indicator) for p in result.problems]}"
    problem = matches[0]
    assert problem.file == name and problem.severity == CATALOGUE[problem.code].severity
    assert problem.message and "{" not in problem.message
    if problem.is_error and problem.code not in (
        "missing-level",
        "level-not-integer",
        "level-out-of-range",
        "formula-not-computed",
        "missing-indicator",
        "duplicate-indicator",
    ):
        assert result.assessment is None  # the file, structure or identity does not allow one
    if not problem.is_error:
        assert result.assessment is not None
    assert hashlib.sha256(path.read_bytes()).digest() == before


def test_every_corpus_file_is_expected_and_every_expectation_has_a_file():
    files = {p.name for p in CORPUS.iterdir() if p.name != "expected.yaml"}
    assert files == set(EXPECTED)


def test_every_problem_code_has_a_corpus_file():
    covered = {e["code"] for e in EXPECTED.values()}
    assert covered <= set(CATALOGUE)
    assert set(CATALOGUE) - covered == NOT_IN_CORPUS


def test_corpus_files_are_small():
    assert all(p.stat().st_size < 100_000 for p in CORPUS.iterdir())
