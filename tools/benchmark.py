"""Measure the main job on a regency-sized batch; the numbers go to docs/benchmark.md.

    python tools/benchmark.py [--workbooks 40] [--pdf]

Builds N filled workbooks from the standard template (varied levels, assessor stages in a
third of them), then times ``spbe validate`` and ``spbe generate`` (inline and with worker
processes). Speed targets live here, not in unit tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

from spbe_reports import batch
from spbe_reports import framework as frameworks
from spbe_reports.agencies import Agency
from spbe_reports.workbook import layout
from spbe_reports.workbook.filler import fill_workbook
from spbe_reports.workbook.writer import write_workbook

# Targets in seconds per workbook on the reference machine (2 cores): a regency of 60
# perangkat daerah should be checked in well under a minute and reported in about two.
TARGETS = {"validate": 0.25, "generate -j 1": 2.0, "generate -j 2": 1.5, "generate -j 2 --pdf": 4.0}


def make_batch(folder: Path, count: int) -> None:
    fw = frameworks.load()
    blank = folder / "blank.xlsx"
    write_workbook(fw, blank, Agency("Contoh", "Perangkat Daerah"), 2026)
    inputs = folder / "masuk"
    for i in range(count):
        rng = random.Random(i)
        base = rng.randint(1, 4)
        rows = {}
        for ind in fw.indicators:
            level = max(1, min(5, base + rng.choice((-1, 0, 0, 1))))
            row = {
                layout.STAGE_HEADERS["mandiri"]: level,
                layout.COL_EXPLANATION: "Penjelasan",
                layout.COL_EVIDENCE: "Bukti",
            }
            if i % 3 == 0:
                row[layout.STAGE_HEADERS["dokumen"]] = max(1, level - rng.choice((0, 0, 1)))
            rows[ind.number] = row
        identity = {
            layout.ID_NAME: f"Perangkat Daerah {i + 1:02d}",
            layout.ID_KIND: "Perangkat Daerah",
            layout.ID_YEAR: 2026,
            **{layout.ID_SERVICE.format(n=k): f"Layanan {k}" for k in (1, 2, 3)},
        }
        fill_workbook(blank, inputs / f"pd-{i + 1:02d}.xlsx", identity=identity, rows=rows)
    blank.unlink()


def timed(label: str, action, repeat: int) -> tuple[str, float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return label, statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workbooks", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        make_batch(tmp, args.workbooks)
        print(f"{args.workbooks} buku kerja dibuat dalam {time.perf_counter() - start:.1f} s")
        inputs = tmp / "masuk"
        rows = [
            timed("validate", lambda: batch.run(inputs, tmp / "v", batch.Options(render=False)), args.repeat),
            timed("generate -j 1", lambda: batch.run(inputs, tmp / "g1", batch.Options(jobs=1)), args.repeat),
            timed("generate -j 2", lambda: batch.run(inputs, tmp / "g2", batch.Options(jobs=2)), args.repeat),
        ]
        if args.pdf:
            rows.append(
                timed("generate -j 2 --pdf", lambda: batch.run(inputs, tmp / "p", batch.Options(jobs=2, pdf=True)), 1)
            )
    print(f"\nMesin: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"| langkah ({args.workbooks} buku kerja) | median (s) | tercepat (s) | per buku kerja (s) | target (s) | |")
    print("|---|---|---|---|---|---|")
    for label, median, best in rows:
        per = median / args.workbooks
        verdict = "tercapai" if per <= TARGETS[label] else "MELEBIHI"
        print(f"| {label} | {median:.1f} | {best:.1f} | {per:.2f} | {TARGETS[label]:.2f} | {verdict} |")


if __name__ == "__main__":
    main()
