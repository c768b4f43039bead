"""Measure ``spbe generate`` against the naive per-file script; the tables go to docs/benchmark.md.

    python tools/benchmark.py [--workbooks 40 160 640] [--jobs 2] [--repeat 3] [--kode HEAD]

Makes N realistic filled workbooks from the standard template (varied levels, assessor stages in
a third of them, a different Penjelasan and Bukti Pendukung text in each), then, for every N and
every -j, in one session:

- runs the naive script (tools/naive_baseline.py) and ``spbe generate IN -o OUT -q -j J`` as
  subprocesses, INTERLEAVED (naive, spbe, naive, spbe, ... ``--repeat`` times) so that both see
  the same machine state, each into a fresh output folder; prints the median wall time, workbooks
  per second, the speed of spbe relative to the naive script, and the peak memory;
- splits one spbe run by stage, in this process: the batch's stage functions are wrapped with
  timers (monkeypatched here; the package is not changed);
- reruns spbe into the same output folder, unchanged and after changing one workbook's
  Penjelasan text, and gives their time as a share of the full run;

and once: the start-up time of ``spbe --help`` and of ``spbe validate`` on one workbook (median
of 5), beside a bare ``python -c pass``.

Peak memory (Linux): every measured command runs under a tiny wrapper process that waits for it
and reads ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``: the resident set size of the
largest process among the command and every descendant it waited for (worker processes
included), not the sum of them. A fresh wrapper per command, since that maximum only grows.

``--kode REV`` measures a commit exactly, whatever the working tree holds (other work in
progress): ``git archive REV`` is unpacked in a temporary folder and put first on the import path
of this process and of every spbe subprocess. The naive script is always this folder's.

Speed targets are read from the tables (docs/benchmark.md), not from unit tests: timings depend
on the machine. Prints Markdown ready to paste.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
NAIVE = TOOLS / "naive_baseline.py"
YEAR = 2026

# Runs argv[1:], waits, prints its wall time, exit code, the end of its stderr, the CPU time of
# it and its reaped descendants, and the peak RSS of the largest of them (Linux: ru_maxrss in KiB).
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rc": done.returncode, "peak_kib": usage.ru_maxrss, "stderr": done.stderr[-2000:].decode("utf-8", "replace")}))
"""

# The batch's stages, as (module, attribute) and the name printed: what run() calls in order.
STAGES = (
    ("batch", "_check_templates", "periksa templat"),
    ("batch", "_read_all", "baca dan periksa buku kerja"),
    ("batch", "_render_reports", "laporan per instansi (grafik + docx)"),
    ("summary", "render_summary", "ringkasan.docx"),
    ("recap", "write_recap", "rekap.xlsx"),
    ("results", "write_results", "hasil.json"),
    ("outfolder", "OutputFolder.commit", "commit folder keluaran"),
)

EXPLANATIONS = (
    "sudah ditetapkan melalui keputusan kepala perangkat daerah dan disosialisasikan ke seluruh bidang",
    "masih berupa rancangan yang dibahas bersama bagian hukum sekretariat daerah",
    "dijalankan sesuai pedoman, dengan reviu tahunan oleh tim koordinasi SPBE",
    "sudah terpadu dengan sistem pemerintah provinsi melalui layanan berbagi pakai",
    "dievaluasi setiap semester dan hasilnya ditindaklanjuti dalam rencana kerja tahun berikutnya",
    "baru diterapkan pada dua bidang; bidang lain menyusul pada triwulan berikutnya",
)
EVIDENCE = (
    "SK Kepala Dinas",
    "notula rapat koordinasi",
    "laporan reviu tahunan",
    "tangkapan layar aplikasi",
    "dokumen rencana kerja",
    "berita acara uji coba",
)


# --------------------------------------------------------------------------- the workbooks


def write_blank(folder: Path) -> Path:
    """The standard workbook, empty, from which every benchmark workbook is filled."""
    from spbe_reports import framework as frameworks
    from spbe_reports.agencies import Agency
    from spbe_reports.workbook.writer import write_workbook

    blank = folder / "blank.xlsx"
    write_workbook(frameworks.load(), blank, Agency("Contoh", "Perangkat Daerah"), YEAR)
    return blank


def make_workbook(blank: Path, target: Path, i: int, revision: int = 0) -> None:
    """Fill workbook number ``i`` (0-based): levels around a random base, assessor levels in a
    third of them, its own Penjelasan and Bukti texts. A ``revision`` > 0 changes one
    Penjelasan text only (the rerun case)."""
    from spbe_reports import framework as frameworks
    from spbe_reports.workbook import layout
    from spbe_reports.workbook.filler import fill_workbook

    rng = random.Random(i)
    base = rng.randint(1, 4)
    name = f"Perangkat Daerah {i + 1:03d}"
    rows = {}
    for ind in frameworks.load().indicators:
        level = max(1, min(5, base + rng.choice((-1, 0, 0, 1))))
        explanation = f"{name}: indikator {ind.number} {rng.choice(EXPLANATIONS)} (tingkat {level})."
        if revision and ind.number == 1:
            explanation += f" Diperbarui setelah klarifikasi ke-{revision}."
        row = {
            layout.STAGE_HEADERS["mandiri"]: level,
            layout.COL_EXPLANATION: explanation,
            layout.COL_EVIDENCE: f"{rng.choice(EVIDENCE)} {YEAR}; https://pd{i + 1:03d}.example.go.id/bukti/{ind.number}",
        }
        if i % 3 == 0:
            row[layout.STAGE_HEADERS["dokumen"]] = max(1, level - rng.choice((0, 0, 1)))
        rows[ind.number] = row
    identity = {
        layout.ID_NAME: name,
        layout.ID_KIND: "Perangkat Daerah",
        layout.ID_YEAR: YEAR,
        **{layout.ID_SERVICE.format(n=k): f"Layanan {k}" for k in (1, 2, 3)},
    }
    fill_workbook(blank, target, identity=identity, rows=rows)


def workbook_name(i: int) -> str:
    return f"pd-{i + 1:04d}.xlsx"


def make_batch(folder: Path, count: int) -> Path:
    """Fill ``count`` workbooks into ``folder``/masuk; return that folder."""
    blank = write_blank(folder)
    inputs = folder / "masuk"
    inputs.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        make_workbook(blank, inputs / workbook_name(i), i)
    blank.unlink()
    return inputs


# --------------------------------------------------------------------------- measuring


@dataclass
class Measured:
    wall: float  # seconds
    peak_mib: float  # RSS of the largest process
    cpu: float = 0.0  # seconds of CPU (user + system) of the command and its workers, summed


def spbe_command() -> list[str]:
    """The installed ``spbe`` script beside this Python (what users run), else ``python -m``."""
    script = Path(sys.executable).with_name("spbe")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "spbe_reports"]


def measure(command: list[str], env: dict[str, str], cwd: Path) -> Measured:
    """Run ``command`` under the wrapper; raise SystemExit with its stderr if it fails."""
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, env=env, cwd=cwd, check=True
    )
    data = json.loads(done.stdout)
    if data["rc"] != 0:
        raise SystemExit(f"Perintah gagal (kode {data['rc']}): {' '.join(command)}\n{data['stderr']}")
    return Measured(data["wall"], data["peak_kib"] / 1024, data["cpu"])


def median_of(runs: list[Measured]) -> Measured:
    return Measured(
        statistics.median(r.wall for r in runs), max(r.peak_mib for r in runs), statistics.median(r.cpu for r in runs)
    )


@dataclass
class Timers:
    """Seconds spent in each wrapped stage (summed over calls)."""

    seconds: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # stages the measured code does not have

    def add(self, label: str, elapsed: float) -> None:
        self.seconds[label] = self.seconds.get(label, 0.0) + elapsed


def _timed(function: Callable, label: str, timers: Timers) -> Callable:
    """``function`` wrapped with a timer; a generator is timed from its call to its end (or close)."""
    if inspect.isgeneratorfunction(function):

        def timed_generator(*args, **kwargs) -> Iterator:
            start = time.perf_counter()
            try:
                yield from function(*args, **kwargs)
            finally:
                timers.add(label, time.perf_counter() - start)

        return timed_generator

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            timers.add(label, time.perf_counter() - start)

    return timed


@contextmanager
def stage_timers() -> Iterator[Timers]:
    """Wrap the batch's stage functions (STAGES) with timers while inside; restore them after."""
    import importlib

    timers, undo = Timers(), []
    for module_name, attribute, label in STAGES:
        owner = importlib.import_module(f"spbe_reports.{module_name}")
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        original = getattr(owner, name, None) if owner is not None else None
        if original is None:
            timers.missing.append(f"{module_name}.{attribute}")
            continue
        setattr(owner, name, _timed(original, label, timers))
        undo.append((owner, name, original))
    try:
        yield timers
    finally:
        for owner, name, original in reversed(undo):
            setattr(owner, name, original)


def split_by_stage(inputs: Path, output: Path, jobs: int) -> tuple[float, Timers]:
    """One spbe run in this process, timed by stage; returns its total and the timers."""
    from spbe_reports import batch

    with stage_timers() as timers:
        start = time.perf_counter()
        result = batch.run(inputs, output, batch.Options(jobs=jobs))
        total = time.perf_counter() - start
    if result.rejected:
        raise SystemExit(f"{len(result.rejected)} buku kerja ditolak pada pengukuran per tahap.")
    return total, timers


# --------------------------------------------------------------------------- the session


@dataclass
class Row:
    """The figures of one (N, -j)."""

    count: int
    jobs: int
    naive: Measured
    spbe: Measured
    naive_runs: list[float]
    spbe_runs: list[float]
    stage_total: float = 0.0
    timers: Timers | None = None
    unchanged: float | None = None  # rerun, same inputs, same output folder
    one_changed: float | None = None  # rerun after one Penjelasan changed
    rerun_total: float = 0.0
    rerun_timers: Timers | None = None  # a second such rerun, in this process, by stage

    @property
    def speedup(self) -> float:
        """How many times faster spbe is than the naive script (below 1: slower)."""
        return self.naive.wall / self.spbe.wall


def machine() -> str:
    """CPU model, cores, memory, OS and Python, in one line."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "? GiB"
    return (
        f"{model}, {os.cpu_count()} inti, {memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def code_version(rev: str | None) -> str:
    """The commit measured: REV, or HEAD with a note when the working tree has uncommitted changes."""
    git = ["git", "-C", str(ROOT)]
    try:
        commit = subprocess.run(
            [*git, "rev-parse", "--short", rev or "HEAD"], capture_output=True, text=True, check=True
        )
        if rev:
            return commit.stdout.strip()
        dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True)
        return commit.stdout.strip() + (" + perubahan belum di-commit" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "tidak diketahui"


def export_commit(rev: str, target: Path) -> None:
    """Unpack ``git archive REV`` into ``target`` (the repository is not touched)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)


def startup_times(one: Path, env: dict[str, str], cwd: Path, times: int = 5) -> list[tuple[str, float]]:
    """Median wall time of a bare interpreter, ``spbe --help`` and ``spbe validate`` on one workbook."""
    commands = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("spbe --help", [*spbe_command(), "--help"]),
        ("spbe validate (1 buku kerja)", [*spbe_command(), "validate", str(one)]),
    ]
    return [(label, statistics.median(measure(cmd, env, cwd).wall for _ in range(times))) for label, cmd in commands]


def run_size(pool: Path, blank: Path, work: Path, count: int, jobs: int, args, env: dict[str, str]) -> Row:
    """Every measurement at one N and one -j, in a folder of its own."""
    folder = work / f"n{count}-j{jobs}"
    inputs = folder / "masuk"
    inputs.mkdir(parents=True)
    for i in range(count):
        shutil.copyfile(pool / workbook_name(i), inputs / workbook_name(i))
    naive_runs, spbe_runs = [], []
    for r in range(args.repeat):  # interleaved: both see the same machine state
        naive_runs.append(
            measure(
                [sys.executable, str(NAIVE), str(inputs), "-o", str(folder / f"naif-{r}"), "-j", str(jobs)], env, folder
            )
        )
        shutil.rmtree(folder / f"naif-{r}")
        out = folder / f"spbe-{r}"
        spbe_runs.append(
            measure([*spbe_command(), "generate", str(inputs), "-o", str(out), "-q", "-j", str(jobs)], env, folder)
        )
        if r < args.repeat - 1:
            shutil.rmtree(out)
        print(
            f"  N={count} -j {jobs} ulangan {r + 1}: naif {naive_runs[-1].wall:.1f} s, spbe {spbe_runs[-1].wall:.1f} s",
            file=sys.stderr,
        )
    row = Row(
        count,
        jobs,
        median_of(naive_runs),
        median_of(spbe_runs),
        [m.wall for m in naive_runs],
        [m.wall for m in spbe_runs],
    )
    if not args.no_stages:
        row.stage_total, row.timers = split_by_stage(inputs, folder / "tahap", jobs)
        shutil.rmtree(folder / "tahap")
    if not args.no_rerun:
        out = folder / f"spbe-{args.repeat - 1}"
        command = [*spbe_command(), "generate", str(inputs), "-o", str(out), "-q", "-j", str(jobs)]
        row.unchanged = measure(command, env, folder).wall
        make_workbook(blank, inputs / workbook_name(0), 0, revision=1)
        row.one_changed = measure(command, env, folder).wall
        if not args.no_stages:  # the same case again, split by stage
            make_workbook(blank, inputs / workbook_name(0), 0, revision=2)
            row.rerun_total, row.rerun_timers = split_by_stage(inputs, out, jobs)
    shutil.rmtree(folder)
    return row


# --------------------------------------------------------------------------- printing


def fmt(seconds: float) -> str:
    return f"{seconds:.1f}" if seconds >= 1 else f"{seconds:.2f}"


def comma(text: str) -> str:
    """Indonesian decimal comma."""
    return text.replace(".", ",")


def print_stages(title: str, total: float, timers: Timers, count: int) -> None:
    """One run's time by stage, as a Markdown table; "lainnya" is what no wrapped stage took."""
    print()
    print(f"{title}, total {comma(fmt(total))} s:")
    print()
    print("| tahap | waktu (s) | bagian | per buku kerja (ms) |")
    print("|---|---|---|---|")
    rest = total - sum(timers.seconds.values())
    rows = [(label, timers.seconds[label]) for _, _, label in STAGES if label in timers.seconds]
    rows.append(("lainnya (folder keluaran, pencarian berkas, kerangka, pengaturan, catatan proses ulang)", rest))
    for label, seconds in rows:
        print(f"| {label} | {comma(fmt(seconds))} | {seconds / total:.0%} | {seconds / count * 1000:.0f} |")
    if timers.missing:
        print(f"\nTidak ada di kode yang diukur (tidak diukur): {', '.join(timers.missing)}")


def print_tables(rows: list[Row], startup: list[tuple[str, float]], header: str) -> None:
    print(header)
    print()
    print(
        "| N buku kerja | -j | naif (s) | spbe (s) | naif (buku kerja/s) | spbe (buku kerja/s) | spbe dibanding naif | memori puncak naif (MiB) | memori puncak spbe (MiB) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row.count} | {row.jobs} | {comma(fmt(row.naive.wall))} | {comma(fmt(row.spbe.wall))} "
            f"| {comma(f'{row.count / row.naive.wall:.2f}')} | {comma(f'{row.count / row.spbe.wall:.2f}')} "
            f"| {comma(f'{row.speedup:.2f}')}x | {row.naive.peak_mib:.0f} | {row.spbe.peak_mib:.0f} |"
        )
    print()
    print("Waktu CPU (user + system, proses utama dan pekerjanya dijumlahkan; tidak banyak terpengaruh beban lain):")
    print()
    print(
        "| N buku kerja | -j | CPU naif (s) | CPU spbe (s) | naif per buku kerja (ms) | spbe per buku kerja (ms) | spbe dibanding naif (CPU) |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row.count} | {row.jobs} | {comma(fmt(row.naive.cpu))} | {comma(fmt(row.spbe.cpu))} "
            f"| {row.naive.cpu / row.count * 1000:.0f} | {row.spbe.cpu / row.count * 1000:.0f} "
            f"| {comma(f'{row.naive.cpu / row.spbe.cpu:.2f}')}x |"
        )
    print()
    print(
        "Waktu tiap ulangan (s): "
        + "; ".join(
            f"N={r.count} -j {r.jobs}: naif {', '.join(comma(fmt(t)) for t in r.naive_runs)} / spbe {', '.join(comma(fmt(t)) for t in r.spbe_runs)}"
            for r in rows
        )
    )
    for row in rows:
        if row.timers is not None:
            print_stages(
                f"Per tahap, satu proses spbe di dalam benchmark (N={row.count}, -j {row.jobs})",
                row.stage_total,
                row.timers,
                row.count,
            )
        if row.rerun_timers is not None:
            print_stages(
                f"Per tahap, proses ulang setelah 1 buku kerja berubah (N={row.count}, -j {row.jobs}; per buku kerja: dibagi N)",
                row.rerun_total,
                row.rerun_timers,
                row.count,
            )
    reruns = [r for r in rows if r.unchanged is not None]
    if reruns:
        print()
        print(
            "| N buku kerja | -j | jalankan penuh (s) | ulang tanpa perubahan (s) | terhadap penuh | ulang, 1 buku kerja berubah (s) | terhadap penuh |"
        )
        print("|---|---|---|---|---|---|---|")
        for r in reruns:
            print(
                f"| {r.count} | {r.jobs} | {comma(fmt(r.spbe.wall))} | {comma(fmt(r.unchanged))} | {r.unchanged / r.spbe.wall:.0%} "
                f"| {comma(fmt(r.one_changed))} | {r.one_changed / r.spbe.wall:.0%} |"
            )
    if startup:
        print()
        print("| perintah | median 5 kali (s) |")
        print("|---|---|")
        for label, seconds in startup:
            print(f"| `{label}` | {comma(f'{seconds:.2f}')} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Ukur spbe generate dibanding skrip naif.")
    parser.add_argument(
        "--workbooks", type=int, nargs="+", default=[40, 160], help="jumlah buku kerja (N), boleh beberapa"
    )
    parser.add_argument("--jobs", type=int, nargs="+", default=[2], help="-j untuk spbe dan jumlah proses skrip naif")
    parser.add_argument("--repeat", type=int, default=3, help="ulangan berselang-seling per N")
    parser.add_argument("--kode", metavar="REV", help="ukur commit ini (git archive), bukan pohon kerja")
    parser.add_argument("--no-stages", action="store_true", help="tanpa pembagian per tahap")
    parser.add_argument("--no-rerun", action="store_true", help="tanpa pengukuran jalankan ulang")
    parser.add_argument("--no-startup", action="store_true", help="tanpa pengukuran waktu mulai")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat minimal 1")

    load_before = os.getloadavg()[0]  # other work on the machine skews the times, not the interleaved ratio much
    with tempfile.TemporaryDirectory(prefix="spbe-benchmark-") as tmp:
        work = Path(tmp)
        env = dict(os.environ)
        if args.kode:
            code = work / "kode"
            code.mkdir()
            export_commit(args.kode, code)
            sys.path.insert(0, str(code))
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")]))
        import spbe_reports

        version = code_version(args.kode)  # now: HEAD may move while the benchmark runs
        print(f"Kode diukur: {version} ({Path(spbe_reports.__file__).parent})", file=sys.stderr)
        start = time.perf_counter()
        pool = make_batch(work, max(args.workbooks))
        blank = write_blank(work)
        print(f"{max(args.workbooks)} buku kerja dibuat dalam {time.perf_counter() - start:.0f} s", file=sys.stderr)
        startup = []
        if not args.no_startup:
            one = work / "satu"
            one.mkdir()
            shutil.copyfile(pool / workbook_name(0), one / workbook_name(0))
            startup = startup_times(one, env, work)
        rows = [run_size(pool, blank, work, count, jobs, args, env) for count in args.workbooks for jobs in args.jobs]
    header = (
        f"Mesin: {machine()}.\nKode: {version}. Perintah: python tools/benchmark.py "
        + " ".join(sys.argv[1:] if argv is None else argv)
        + f"\nBeban mesin (load average 1 menit) di awal {load_before:.1f}, di akhir {os.getloadavg()[0]:.1f}."
    )
    print_tables(rows, startup, header)


if __name__ == "__main__":
    main()
