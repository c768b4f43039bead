"""Workbooks filled on the template of the previous release (version 1) still read the same.

tests/data/old/ holds workbooks written and filled by release 1 (the bundled samples of that
release, copied from git). Their indices were recorded before the template gained the optional
Identitas rows of version 1.1 (Pemerintah Daerah Induk, the head of the agency); they must read
with exactly the same results, and only a perangkat daerah gains the new warning that its
Pemerintah Daerah Induk is missing.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from spbe_reports import framework as frameworks
from spbe_reports.evaluation import evaluate
from spbe_reports.groups import NO_PARENT_LABEL, comparison_group
from spbe_reports.workbook.reader import read_workbook

OLD = Path(__file__).parent / "data" / "old"
FW = frameworks.load()

# Recorded with release 1 (git HEAD before the 1.1 template): exact index, predikat, aspect indices,
# and the problem codes that release reported.
RECORDED = {
    "template-v1-evaluasi-pemkab.xlsx": (
        Fraction(671, 250),
        "Baik",
        {1: "14/5", 2: "3", 3: "5/2", 4: "7/2", 5: "19/8", 6: "5/3", 7: "11/5", 8: "7/2"},
        set(),
    ),
    "template-v1-evaluasi-perangkat-daerah.xlsx": (
        Fraction(6803, 2000),
        "Baik",
        {1: "33/10", 2: "15/4", 3: "7/2", 4: "5/2", 5: "15/8", 6: "7/3", 7: "39/10", 8: "4"},
        set(),
    ),
    "template-v1-pemantauan-perangkat-daerah.xlsx": (
        Fraction(1481, 1000),
        "Kurang",
        {1: "6/5", 2: "2", 3: "3/2", 4: "3/2", 5: "9/8", 6: "4/3", 7: "9/5", 8: "7/6"},
        {"missing-evidence", "missing-explanation"},
    ),
}


def test_every_old_workbook_is_recorded():
    assert {p.name for p in OLD.glob("*.xlsx")} == set(RECORDED)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_old_workbook_reads_with_the_same_results(name):
    index, rating, aspects, codes = RECORDED[name]
    read = read_workbook(OLD / name, FW, source=name)
    assert read.assessment is not None and read.assessment.template_version == "1"
    final = evaluate(FW, read.assessment).final
    assert final.index == index
    assert final.rating == rating
    assert {n: str(v) for n, v in final.aspects.items()} == aspects
    identity = read.assessment.identity
    new = {"missing-parent-government"} if identity.kind == "Perangkat Daerah" else set()
    assert {p.code for p in read.problems} == codes | new
    assert not any(p.is_error for p in read.problems)
    assert (identity.parent_government, identity.head_name, identity.head_position, identity.head_nip) == ("",) * 4


def test_old_perangkat_daerah_warning_has_no_cell_and_says_how_to_add_the_row():
    name = "template-v1-evaluasi-perangkat-daerah.xlsx"
    read = read_workbook(OLD / name, FW, source=name)
    [warning] = [p for p in read.problems if p.code == "missing-parent-government"]
    assert warning.sheet == "Identitas" and warning.cell is None  # the row does not exist in version 1
    assert "tambahkan baris berlabel 'Pemerintah Daerah Induk'" in warning.message
    assert comparison_group(read.assessment.identity).label == NO_PARENT_LABEL
