"""The bundled samples (tools/make_samples.py): the assessor's notes agree with what the assessor did."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from spbe_reports import framework as frameworks
from spbe_reports.workbook.reader import read_workbook

ROOT = Path(__file__).resolve().parents[1]
FW = frameworks.load()


def _make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "tools" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    module = _make_samples()
    folder = tmp_path_factory.mktemp("contoh")
    module.build(folder)
    workbooks = (p for p in folder.rglob("*.xlsx") if p.name != "pengaturan.xlsx")  # the report settings
    return {p.relative_to(folder).as_posix(): read_workbook(p, FW, source=p.name) for p in workbooks}


def test_every_note_says_the_direction_the_level_moved(samples):
    checked = 0
    for read in samples.values():
        a = read.assessment
        for entry in a.entries:
            for line in filter(None, entry.assessor_note.split("\n")):
                header, text = line.split(": ", 1)
                stage = next(s for s in a.stages if header.casefold() == f"tingkat {s}")
                before = a.stages[a.stages.index(stage) - 1]
                old, new = entry.levels[before], entry.levels[stage]
                assert old != new, line  # a note only where the level changed
                raised = "dinaikkan" in text
                assert raised == (new > old), line
                numbers = [int(n) for n in re.findall(r"tingkat (\d)", text)]
                assert set(numbers) == {old, new}, line
                checked += 1
    assert checked > 20  # the evaluated samples carry many notes, both ways


def test_samples_name_their_government_and_head(samples):
    identities = {name: read.assessment.identity for name, read in samples.items()}
    assert identities["DPMPTSP Kota Mekarsari.xlsx"].parent_government == "Pemerintah Kota Mekarsari"
    assert identities["bapperida/Bapperida Sukamaju.xlsx"].parent_government == "Pemerintah Kabupaten Sukamaju"
    assert identities["Pemkab Sukamaju - evaluasi.xlsx"].parent_government == ""
    for identity in identities.values():
        assert identity.head_name and identity.head_position and len(identity.head_nip) == 18
    assert not any(p.code in ("missing-parent-government", "invalid-nip") for r in samples.values() for p in r.problems)
