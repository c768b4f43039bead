"""Shared fixtures: filled standard workbooks, made the way an agency would make them."""

import hashlib
from pathlib import Path

import pytest

from spbe_reports import framework as frameworks
from spbe_reports.agencies import Agency
from spbe_reports.workbook import layout
from spbe_reports.workbook.filler import fill_workbook
from spbe_reports.workbook.writer import write_workbook

FW = frameworks.load()


@pytest.fixture(scope="session")
def blank(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "blank.xlsx"
    return write_workbook(FW, path, Agency("Contoh", "Perangkat Daerah"), 2026)


@pytest.fixture
def make_workbook(blank):
    """make_workbook(path, name, levels={n: level} or one level, stages={stage: {n: level}}, **identity)."""

    def make(path: Path, name: str, levels=3, stages=None, code="", **identity) -> Path:
        values = levels if isinstance(levels, dict) else {ind.number: levels for ind in FW.indicators}
        rows = {
            n: {
                layout.STAGE_HEADERS["mandiri"]: level,
                layout.COL_EXPLANATION: f"Penjelasan indikator {n}",
                layout.COL_EVIDENCE: f"Bukti indikator {n}",
            }
            for n, level in values.items()
        }
        for stage, stage_levels in (stages or {}).items():
            for n, level in stage_levels.items():
                rows[n][layout.STAGE_HEADERS[stage]] = level
        ident = {
            layout.ID_NAME: name,
            layout.ID_KIND: "Perangkat Daerah",
            layout.ID_YEAR: 2026,
            layout.ID_CODE: code,
            **{layout.ID_SERVICE.format(n=k): f"Layanan {k}" for k in (1, 2, 3)},
            **identity,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        return fill_workbook(blank, path, identity=ident, rows=rows)

    return make


def snapshot(folder: Path) -> dict:
    """Bytes and modification times of every file under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
