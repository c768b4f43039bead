"""The main job as one library call: a folder of workbooks in, reports and results out.

:func:`run` reads every workbook, validates it, evaluates the good ones, renders their
reports and writes ``hasil.json``, ``rekap.xlsx`` and ``ringkasan.docx``. It returns a
:class:`BatchResult`; the command line only prints it and picks the exit code.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from spbe_reports import compare, files, incremental, interrupt
from spbe_reports import framework as frameworks
from spbe_reports.defaults import DEFAULT_JOBS, PARALLEL_FROM, TEMPLATE_DIR
from spbe_reports.errors import SpbeError, describe_os_error
from spbe_reports.evaluation import Evaluation, evaluate
from spbe_reports.framework import Framework
from spbe_reports.groups import Group, assign_groups, ordered
from spbe_reports.outfolder import OutputError, OutputFolder
from spbe_reports.problems import WARNING, Problem, problem
from spbe_reports.scoring import Scores, score
from spbe_reports.settings import Settings, SettingsError, find_settings, is_settings_name, read_settings
from spbe_reports.workbook import sniff
from spbe_reports.workbook.layout import SHEET_IDENTITY
from spbe_reports.workbook.reader import read_workbook

if TYPE_CHECKING:
    from spbe_reports.agencies import Agency

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
REPORT_NAME = "laporan.docx"  # as spbe_reports.render names it (not imported: render loads docxtpl)
OTHER_SPREADSHEETS = (".xls", ".ods", ".csv")


MAX_PREVIOUS_BYTES = 50 * 1024 * 1024  # last year's hasil.json: ~10 KB per agency

Progress = Callable[[str, int, int], None]


class NothingToDo(SpbeError):
    """The input folder holds no workbook: nothing is read and nothing is written."""


@dataclass(frozen=True)
class Options:
    framework: str = frameworks.DEFAULT_FRAMEWORK
    draft: bool = False  # render incomplete workbooks as drafts instead of rejecting them
    default_target: int | str = "next"
    target_index: Decimal | None = None
    previous: Path | None = None  # last year's hasil.json or folder of workbooks
    agencies: Path | None = None  # the list of agencies expected to submit
    settings: Path | None = None  # pengaturan.xlsx; None: the one in the input folder, if any
    pdf: bool = False
    template_dir: Path = TEMPLATE_DIR
    render: bool = True  # False for `spbe validate`
    force: bool = False  # redo everything, reusing nothing from the last run (--paksa)
    jobs: int = DEFAULT_JOBS  # processes rendering reports in parallel


@dataclass
class WorkbookResult:
    source: str  # path relative to the input folder, with forward slashes
    problems: list[Problem] = field(default_factory=list)
    evaluation: Evaluation | None = None
    folder: str | None = None  # output subfolder, relative to the output folder
    report: str | None = None  # laporan.docx, relative to the output folder
    pdf: str | None = None
    agency: str | None = None  # as read, also for rejected workbooks whose identity could be read
    year: int | None = None
    group: Group | None = None  # the comparison group of a processed workbook (see spbe_reports.groups)
    key: str | None = None  # what its evaluation depends on (spbe_reports.incremental); None: not reusable

    @property
    def ok(self) -> bool:
        return self.evaluation is not None and not any(p.is_error for p in self.problems)

    @property
    def status(self) -> str:
        return "ok" if self.ok else "rejected"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass
class GroupResult:
    """The processed workbooks of one comparison group and their average.

    ``average`` is the average of the complete members, or None when fewer than two are
    complete: an agency compared with itself tells nothing.
    """

    group: Group
    members: list[WorkbookResult] = field(default_factory=list)  # ok workbooks, drafts included
    average: Scores | None = None

    @property
    def complete(self) -> list[WorkbookResult]:
        return [w for w in self.members if w.evaluation.final.complete]

    @property
    def average_label(self) -> str:
        """How a report names the average: "Rata-rata pemerintah kabupaten (2 instansi)"."""
        return f"Rata-rata {self.group.label} ({len(self.complete)} instansi)"


@dataclass
class BatchResult:
    framework: Framework
    input_dir: Path
    output_dir: Path
    generated_at: datetime
    workbooks: list[WorkbookResult]
    expected: list[Agency] | None = None
    groups: dict[str, GroupResult] = field(default_factory=dict)  # by Group.key, in report order
    outputs: dict[str, str] = field(default_factory=dict)  # kind -> path relative to output_dir
    notes: list[str] = field(default_factory=list)  # run-level messages (e.g. PDF unavailable)
    compared: bool = False  # run with --pembanding
    settings: Settings = field(default_factory=Settings)  # kop, logo, signatories; Settings() without a file
    settings_file: Path | None = None  # the settings file read (or, with render=False, found unusable)
    settings_problems: list[str] = field(default_factory=list)  # render=False only: why it is unusable
    removed: list[str] = field(default_factory=list)  # outputs of the previous run no longer made (removed)
    recovered: bool = False  # an earlier run's interrupted commit was finished first
    rendered: int = 0  # reports made by this run
    kept: int = 0  # reports of the last run kept because nothing they depend on changed

    @property
    def new_agencies(self) -> list[WorkbookResult]:
        """With --pembanding: complete workbooks that had no match in last year's results (drafts are not compared)."""
        return [w for w in self.ok if self.compared and w.evaluation.final.complete and w.evaluation.comparison is None]

    @property
    def ok(self) -> list[WorkbookResult]:
        return [w for w in self.workbooks if w.ok]

    @property
    def rejected(self) -> list[WorkbookResult]:
        return [w for w in self.workbooks if not w.ok]

    @property
    def missing(self) -> list[Agency]:
        """Agencies of the --daftar list with no workbook in the run (matched by code, else name)."""
        if self.expected is None:
            return []
        seen_codes, seen_names = set(), set()
        for w in self.workbooks:
            if w.evaluation:
                identity = w.evaluation.assessment.identity
                seen_codes.add(identity.code.strip())
                seen_names.add(compare.normalise_name(identity.name))
            elif w.agency:
                seen_names.add(compare.normalise_name(w.agency))
        return [
            a
            for a in self.expected
            if not ((a.code and a.code.strip() in seen_codes) or compare.normalise_name(a.name) in seen_names)
        ]

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0


@dataclass
class Found:
    """What :func:`discover` finds: workbooks to read, and places it could not look into or read."""

    paths: list[Path] = field(default_factory=list)
    problems: list[tuple[str, Problem]] = field(default_factory=list)  # (source, problem)


def discover(input_dir: Path, skip: Path | None = None, settings: Path | None = None) -> Found:
    """Workbooks (and other spreadsheets, to be rejected with advice) under ``input_dir``.

    Office lock files (``~$...``) and hidden files or folders are skipped silently (folders are
    only searched, even when their name ends in .xlsx), and so is
    the folder ``skip`` (the output folder, when it lies inside the input folder: its
    rekap.xlsx is not a workbook to read on the next run). So is the report settings file:
    pengaturan.xlsx directly in ``input_dir``, and the file ``settings`` wherever it lies.

    Nothing is skipped without a word: a folder that cannot be read, and a link that points
    nowhere, are problems of their own; a FIFO or device with a workbook's name is passed on
    for the reader to refuse. Linked folders are followed, each real folder once (a link loop
    ends there).
    """
    skip = skip.resolve() if skip else None
    settings = settings.resolve() if settings else None
    found = Found()
    visited: set[tuple[int, int]] = set()

    def source(path: Path) -> str:
        return path.relative_to(input_dir).as_posix()

    def walk(folder: Path) -> None:
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in visited:
                return
            visited.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            where = source(folder) + "/" if folder != input_dir else "."
            found.problems.append((where, problem("unreadable-folder", where, reason=sniff.os_reason(exc))))
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith((".", "~$")):
                continue
            try:
                if skip and path.resolve().is_relative_to(skip):
                    continue
                is_dir = entry.is_dir()
            except (OSError, RuntimeError) as exc:  # RuntimeError: a link loop resolved by pathlib
                reason = sniff.os_reason(exc) if isinstance(exc, OSError) else "tautan berkas berputar-putar"
                found.problems.append((source(path), problem("unreadable-file", source(path), reason=reason)))
                continue
            if is_dir:
                walk(path)
            elif path.suffix.lower() in WORKBOOK_SUFFIXES + OTHER_SPREADSHEETS:
                if (folder == input_dir and is_settings_name(path.name)) or (settings and path.resolve() == settings):
                    continue
                if entry.is_symlink() and not path.exists():
                    reason = "tautan (pintasan) yang menunjuk ke berkas yang tidak ada"
                    found.problems.append((source(path), problem("unreadable-file", source(path), reason=reason)))
                else:
                    found.paths.append(path)

    walk(input_dir)
    return found


def load_settings(path: Path | None, strict: bool = True) -> tuple[Settings, list[str]]:
    """The report settings of ``path`` (``Settings()`` when None) and, when not ``strict``, its problems.

    Strict (generate): an unusable file raises SettingsError before anything is written.
    Not strict (validate): its problems are returned, so the workbooks are still checked.
    """
    if path is None:
        return Settings(), []
    try:
        return read_settings(path), []
    except SettingsError as exc:
        if strict:
            raise
        return Settings(), list(exc.problems)


def run(
    input_dir: Path, output_dir: Path, options: Options = Options(), progress: Progress | None = None
) -> BatchResult:
    """Process every workbook in ``input_dir``; write reports and results to ``output_dir``.

    Bad workbooks are reported in the result, never raised: whatever goes wrong while reading or
    rendering one workbook is that workbook's rejection. Raises SpbeError (subclasses) only for
    broken setup: a missing or empty input folder (NothingToDo), an unknown framework, an
    unusable or busy output folder, an unreadable agency list or previous results, a broken
    report template, or an unusable settings file (SettingsError; with ``render=False`` its
    problems go to the result instead). The output folder changes only when the run completes
    (:mod:`spbe_reports.outfolder`).
    """
    input_dir, output_dir = Path(input_dir), Path(output_dir)
    if not input_dir.is_dir():
        raise OutputError(f"Folder masukan '{input_dir}' tidak ditemukan.")
    if options.render and output_dir.resolve() == input_dir.resolve():
        raise OutputError(
            f"Folder keluaran sama dengan folder masukan ('{input_dir}'). Pilih folder lain dengan -o, misalnya -o keluaran."
        )
    settings_file = options.settings or find_settings(input_dir)
    settings, settings_problems = load_settings(settings_file, strict=options.render)
    framework = frameworks.load(options.framework)
    expected = None
    if options.agencies:
        from spbe_reports.agencies import read_agency_list  # pandas: only with --daftar

        expected = read_agency_list(options.agencies)
    previous = load_previous(options.previous, framework) if options.previous else []
    progress = progress or (lambda *_: None)
    generated_at = datetime.now().astimezone().replace(microsecond=0)

    # The output folder is skipped when it lies inside the input folder, never the other way round.
    inside = options.render and output_dir.resolve().is_relative_to(input_dir.resolve())
    found = discover(input_dir, skip=output_dir if inside else None, settings=settings_file)
    if not found.paths and not found.problems:
        raise NothingToDo(
            f"Tidak ada buku kerja (.xlsx/.xlsm) di folder '{input_dir}'; tidak ada yang dibaca atau diubah. "
            "Periksa nama folder masukan (bawaan: input)."
        )
    batch = BatchResult(framework, input_dir, output_dir, generated_at, [], expected, compared=bool(options.previous))
    batch.settings, batch.settings_file, batch.settings_problems = settings, settings_file, settings_problems
    if not options.render:
        _read_all(batch, found, previous, options, progress)
        return batch
    keep_out = input_dir if input_dir.resolve().is_relative_to(output_dir.resolve()) else None
    with OutputFolder(output_dir, generated_at, keep_out=keep_out) as folder:
        batch.recovered = folder.recovered
        memory = _Memory.start(output_dir, options, settings)
        if memory.old.templates != memory.new.templates:
            _check_templates(options, framework, settings)
        _read_all(batch, found, previous, options, progress, memory)
        _render(batch, options, progress, folder.stage, memory)
        (folder.stage / incremental.CACHE_NAME).write_text(memory.new.as_json(), encoding="utf-8")
        folder.commit(memory.generated_at or generated_at, kept=memory.kept)
        batch.removed = folder.removed
    return batch


@dataclass
class _Memory:
    """What a run may reuse from the last run into its output folder, and what it leaves for the next."""

    old: incremental.Cache
    new: incremental.Cache
    basis: dict[str, str]  # digests of what every output shares: program, framework, templates, settings
    kept: list[str] = field(default_factory=list)  # files of the last run kept in place
    generated_at: datetime | None = None  # set when the batch outputs of the last run are kept

    @classmethod
    def start(cls, output_dir: Path, options: Options, settings: Settings) -> _Memory:
        fw = options.framework
        framework_file = Path(fw) if fw.endswith((".yaml", ".yml")) else frameworks.DATA_DIR / f"{fw}.yaml"
        basis = {
            "program": incremental.program_digest(),
            "framework": incremental.digest(fw, incremental.file_digest(framework_file)),
            "report": incremental.file_digest(options.template_dir / "laporan.docx"),
            "summary": incremental.file_digest(options.template_dir / "ringkasan.docx"),
            "settings": incremental.digest(
                settings, incremental.file_digest(settings.logo) if settings.logo else None
            ),
        }
        new = incremental.Cache(templates=incremental.digest(basis))
        old = incremental.Cache() if options.force else incremental.load(output_dir)
        return cls(old, new, basis)

    def read(self, path: Path, source: str, framework: Framework):
        """The workbook's read: from the last run when its bytes are the same, else read now."""
        key = None
        try:
            info = path.stat()
            if stat.S_ISREG(info.st_mode) and info.st_size <= sniff.MAX_FILE_BYTES:
                key = incremental.digest(self.basis["program"], self.basis["framework"], source, incremental.file_digest(path))
        except OSError:
            pass  # read_workbook says why
        cached = incremental.read_from_data(self.old.reads[key]) if key in self.old.reads else None
        if cached is not None:
            self.new.reads[key] = self.old.reads[key]
            return cached, key
        read = read_workbook(path, framework, source=source)
        if key is not None and not any(p.code == "unreadable-file" for p in read.problems):
            self.new.reads[key] = incremental.read_as_data(read)
        return read, key


def _read_all(
    batch: BatchResult, found: Found, previous: list, options: Options, progress: Progress, memory: _Memory | None = None
) -> None:
    """Read, check and evaluate every workbook found, in order; fill ``batch.workbooks`` and ``batch.groups``."""
    results = [WorkbookResult(source, [found_problem]) for source, found_problem in found.problems]
    input_dir = batch.input_dir
    for i, path in enumerate(found.paths):
        interrupt.check()
        source = path.relative_to(input_dir).as_posix()
        progress(f"Membaca {source}", i, len(found.paths))
        try:
            results.append(_read_one(path, source, batch, previous, options, memory))
        except Exception as exc:  # noqa: BLE001 - one file's failure is that file's, never the batch's
            interrupt.check()  # a library may have turned Ctrl-C into another exception
            results.append(WorkbookResult(source, [problem("processing-failed", source, reason=_reason(exc))]))
    results.sort(key=lambda r: PurePosixPath(r.source).parts)
    _reject_duplicates(results)
    batch.workbooks = results
    batch.groups = group_results(batch.framework, batch.ok)


def _read_one(
    path: Path, source: str, batch: BatchResult, previous: list, options: Options, memory: _Memory | None
) -> WorkbookResult:
    framework = batch.framework
    read, key = memory.read(path, source, framework) if memory else (read_workbook(path, framework, source=source), None)
    result = WorkbookResult(source, list(read.problems))
    if read.assessment is None:
        return result
    result.agency = read.assessment.identity.name
    result.year = read.assessment.identity.year
    if not _acceptable(result.problems, options.draft):
        return result
    draft = any(p.is_error for p in result.problems)
    if draft:  # the missing levels stay listed, as warnings of the draft
        result.problems = [replace(p, severity=WARNING) for p in result.problems]
        result.problems.append(problem("incomplete-draft", source))
    identity = read.assessment.identity
    match = compare.match_previous(identity.name, identity.code, previous) if previous else None
    if match is not None and match.year is not None and match.year >= identity.year:
        batch.notes.append(
            f"Pembanding '{identity.name}' berasal dari tahun {match.year}, tidak lebih awal daripada "
            f"tahun penilaian {identity.year}; periksa --pembanding."
        )
    result.evaluation = evaluate(
        framework,
        read.assessment,
        default_target=options.default_target,
        target_index=options.target_index,
        previous=match,
        draft=draft,
    )
    if key is not None:
        result.key = incremental.digest(key, options.default_target, options.target_index, draft, match)
    return result


def _reason(exc: BaseException) -> str:
    """An unexpected exception in a few words for a rejection message."""
    if isinstance(exc, MemoryError):
        return "memori tidak cukup"
    if isinstance(exc, RecursionError):
        return "struktur berkas terlalu dalam"
    text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _acceptable(problems: list[Problem], draft: bool) -> bool:
    errors = [p for p in problems if p.is_error]
    return not errors or (draft and all(p.code == "missing-level" for p in errors))


def _reject_duplicates(results: list[WorkbookResult]) -> None:
    """Two workbooks of one agency and year are both rejected: neither may overwrite the other."""
    groups: dict[tuple[str, int], list[WorkbookResult]] = {}
    for r in results:
        if r.ok:
            identity = r.evaluation.assessment.identity
            groups.setdefault((compare.normalise_name(identity.name), identity.year), []).append(r)
    for group in groups.values():
        if len(group) < 2:
            continue
        for r in group:
            others = ", ".join(o.source for o in group if o is not r)
            identity = r.evaluation.assessment.identity
            r.problems.append(
                problem(
                    "duplicate-agency",
                    r.source,
                    sheet=SHEET_IDENTITY,
                    agency=identity.name,
                    year=identity.year,
                    other=others,
                )
            )


def group_results(framework: Framework, ok: list[WorkbookResult]) -> dict[str, GroupResult]:
    """Put every processed workbook in its comparison group (setting ``WorkbookResult.group``)
    and average each group's complete members; groups in report order, keyed by Group.key."""
    assigned = assign_groups([(w.evaluation.assessment.identity, w.evaluation.assessment.framework_id) for w in ok])
    for w, group in zip(ok, assigned):
        w.group = group
    found = {group.key: GroupResult(group) for group in ordered(assigned)}
    for w in ok:
        found[w.group.key].members.append(w)
    for result in found.values():
        complete = [w.evaluation for w in result.complete]
        result.average = average_scores(framework, complete) if len(complete) > 1 else None
    return found


def average_scores(framework: Framework, evaluations: list[Evaluation]) -> Scores | None:
    """The indices of the average agency of the run.

    Every index is linear in the indicator values, so scoring the mean values gives exactly the
    mean of the agencies' aspect, domain and overall indices.
    """
    if not evaluations:
        return None
    n = len(evaluations)
    means = {
        ind.number: sum(Fraction(e.final.indicators[ind.number]) for e in evaluations) / n
        for ind in framework.indicators
    }
    return score(framework, means)


def load_previous(path: Path, framework: Framework) -> list[compare.Previous]:
    """Last year's results: a hasil.json, or a folder holding one, or a folder of workbooks.

    A file too big to be a hasil.json, or one holding impossible numbers, is refused (OutputError)
    before any number is converted: a tampered file ends the run with a message, never a hang.
    """
    path = Path(path)
    json_path = path / "hasil.json" if path.is_dir() else path
    if json_path.is_file():
        return _previous_from_json(json_path)
    if path.is_dir():
        from spbe_reports.results import workbook_entry

        entries = []
        for wb in discover(path).paths:
            interrupt.check()
            read = read_workbook(wb, framework, source=wb.relative_to(path).as_posix())
            if read.assessment is not None and not any(p.is_error for p in read.problems):
                result = WorkbookResult(read.assessment.source, evaluation=evaluate(framework, read.assessment))
                entries.append(workbook_entry(result))
        return compare.previous_from_results({"workbooks": entries}, source=path.name)
    raise OutputError(f"Pembanding '{path}' tidak ditemukan: berikan hasil.json tahun lalu atau foldernya.")


def _previous_from_json(json_path: Path) -> list[compare.Previous]:
    advice = "Gunakan hasil.json yang ditulis spbe-reports tanpa diubah."
    try:
        if json_path.stat().st_size > MAX_PREVIOUS_BYTES:
            raise OutputError(
                f"Hasil pembanding '{json_path}' berukuran {sniff.megabytes(json_path.stat().st_size)}, melebihi "
                f"batas {sniff.megabytes(MAX_PREVIOUS_BYTES)} untuk sebuah hasil.json. {advice}"
            )
        data = json.loads(json_path.read_text(encoding="utf-8-sig"))  # Notepad writes a BOM
        return compare.previous_from_results(data, source=json_path.name)
    except json.JSONDecodeError as exc:
        raise OutputError(
            f"Hasil pembanding '{json_path}' bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}). {advice}"
        ) from None
    except OSError as exc:
        raise OutputError(f"Hasil pembanding '{json_path}' tidak dapat dibaca: {describe_os_error(exc)}.") from None
    except UnicodeDecodeError:
        raise OutputError(f"Hasil pembanding '{json_path}' bukan teks UTF-8. {advice}") from None
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        detail = f" ({exc})" if isinstance(exc, ValueError) and str(exc) else ""
        raise OutputError(
            f"Hasil pembanding '{json_path}' tidak berbentuk hasil.json spbe-reports{detail}. {advice}"
        ) from None


def _render_one(job) -> Path | str:
    """Render one report; return its path, or why it could not be made (a template error is raised)."""
    from spbe_reports import render

    evaluation, template, out_dir, generated_at, average, label, settings, warnings = job
    try:
        return render.render_report(
            evaluation,
            template,
            out_dir,
            generated_at=generated_at,
            average=average,
            average_label=label,
            settings=settings,
            warnings=warnings,
        )
    except (render.TemplateError, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - this workbook's report fails, the others go on
        interrupt.check()
        return _reason(exc)


def _start_worker(parent: int) -> None:
    """Worker set-up: leave Ctrl-C to the main process, and end with the run.

    Workers finish the report in hand when the main process is interrupted (see
    _render_reports). If the main process is killed outright, its worker's parent (the main
    process) goes, and a watchdog thread ends the worker
    at once: no process goes on writing after the run is gone.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "win32":  # getppid means nothing useful there; the pool's pipes end workers
        return
    # ``parent`` comes from the main process itself: a worker still starting when the run is
    # killed would otherwise take its new parent (init) for the run.

    def watch() -> None:
        while True:
            time.sleep(0.2)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _render_reports(jobs: list, workers: int) -> Iterator[Path | str]:
    """Render the reports, in order, on ``workers`` processes (inline when 1 or few reports).

    On Ctrl-C or kill, pending reports are cancelled and the running ones are allowed to
    finish, so that every report on disk is whole; then the interrupt goes on.
    """
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        for job in jobs:
            interrupt.check()
            yield _render_one(job)
        return
    # Spawned, never forked from this process (which may run threads); not a fork server either:
    # its server and workers outlive a main process that is killed outright (CPython 3.11).
    import multiprocessing  # here: `spbe validate` starts without them
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),))
    try:
        futures = [pool.submit(_render_one, job) for job in jobs]
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _check_templates(options: Options, framework: Framework, settings: Settings) -> None:
    """Render every kind of document the templates can produce, in memory, so that a template
    mistake ends the run before anything is written (spbe_reports.templatecheck)."""
    from spbe_reports.templatecheck import check_templates

    check_templates(options.template_dir / "laporan.docx", options.template_dir / "ringkasan.docx", framework, settings)


def _render(batch: BatchResult, options: Options, progress: Progress, stage: Path, memory: _Memory) -> None:
    """Write every output of the run into ``stage`` (a folder laid out as the output folder),
    keeping in place what the last run made from the same inputs (spbe_reports.incremental)."""
    laporan = options.template_dir / "laporan.docx"
    ok = batch.ok
    for result, folder in zip(ok, files.unique_slugs(w.evaluation.assessment.identity.name for w in ok)):
        result.folder = folder
    todo, keys = [], {}
    for result in ok:  # each report is compared with its own group only (spbe_reports.groups)
        group = batch.groups[result.group.key]
        keys[result.folder] = key = _report_key(result, group, memory, options)
        entry = memory.old.reports.get(result.folder)
        pdf_missing = options.pdf and f"{result.folder}/laporan.pdf" not in (entry or {}).get("files", {})
        if key is not None and not pdf_missing and incremental.unchanged(batch.output_dir, entry, key):
            result.report = f"{result.folder}/{REPORT_NAME}"
            result.pdf = f"{result.folder}/laporan.pdf" if options.pdf else None
            memory.new.reports[result.folder] = entry
            memory.kept += [name for name in entry["files"] if options.pdf or not name.endswith(".pdf")]
            batch.kept += 1
            continue
        job = (
            result.evaluation,
            laporan,
            stage / result.folder,
            batch.generated_at,
            group.average,
            group.average_label,
            batch.settings,  # Settings() without a file: plain kop, blank lines to sign on
            tuple(result.warnings),
        )
        todo.append((result, job))
    workers = options.jobs if len(todo) >= PARALLEL_FROM else 1
    made_now = []
    for i, ((result, _), made) in enumerate(zip(todo, _render_reports([job for _, job in todo], workers))):
        progress(f"Laporan {result.agency}", batch.kept + i + 1, len(ok))
        if isinstance(made, Path):
            result.report = made.relative_to(stage).as_posix()
            made_now.append(result)
        else:  # this workbook is rejected; its group's average and ranks are those of the read
            result.problems.append(problem("report-failed", result.source, reason=made))
            result.folder = None
    batch.rendered = len(made_now)

    batch_key = _batch_key(batch, keys, memory, options)
    kept_at = _moment(memory.old.batch.get("generated_at"))
    outputs = memory.old.batch.get("outputs")
    if (
        batch_key is not None
        and kept_at is not None
        and isinstance(outputs, dict)
        and incremental.unchanged(batch.output_dir, memory.old.batch, batch_key)
    ):
        memory.new.batch = memory.old.batch
        memory.kept += list(memory.old.batch["files"])
        memory.generated_at = kept_at
        batch.outputs.update({str(k): str(v) for k, v in outputs.items()})
        if made_now and options.pdf:
            _convert(batch, stage, [w.report for w in made_now])
    else:
        _render_batch_outputs(batch, options, progress, stage, made_now)
        names = [name for name in batch.outputs.values() if name != "hasil.json"] + ["hasil.json"]
        names += ["ringkasan.pdf"] if (stage / "ringkasan.pdf").is_file() else []
        if batch_key is not None:
            memory.new.batch = incremental.files_entry(
                stage, batch_key, names, generated_at=batch.generated_at.isoformat(), outputs=batch.outputs
            )
    for result in made_now:
        folder = stage / result.folder
        names = sorted(p.relative_to(stage).as_posix() for p in folder.iterdir() if p.is_file())
        if keys[result.folder] is not None:
            memory.new.reports[result.folder] = incremental.files_entry(stage, keys[result.folder], names)


def _moment(text) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _report_key(result: WorkbookResult, group: GroupResult, memory: _Memory, options: Options) -> str | None:
    """What one report depends on; None when its workbook's read cannot be reused."""
    if result.key is None:
        return None
    shared = {k: v for k, v in memory.basis.items() if k != "summary"}
    average = group.average.indicators if group.average is not None else None
    return incremental.digest(shared, result.key, result.folder, average, group.average_label, result.warnings, options.pdf)


def _batch_key(batch: BatchResult, keys: dict, memory: _Memory, options: Options) -> str | None:
    """What rekap.xlsx, ringkasan.docx and hasil.json depend on; None when some part cannot be keyed."""
    if any(w.key is None and w.ok for w in batch.workbooks):
        return None
    workbooks = [(w.source, w.key, w.problems, w.folder, w.report, keys.get(w.folder)) for w in batch.workbooks]
    return incremental.digest(memory.basis, workbooks, batch.expected, batch.notes, batch.compared, options.pdf)


def _render_batch_outputs(batch: BatchResult, options: Options, progress: Progress, stage: Path, made_now: list) -> None:
    """ringkasan.docx, rekap.xlsx, the PDFs of this run's documents, and hasil.json, into ``stage``."""
    from spbe_reports import recap, results, summary

    if batch.ok:
        interrupt.check()
        summary.render_summary(batch, options.template_dir / "ringkasan.docx", stage / "ringkasan.docx")
        batch.outputs["ringkasan"] = "ringkasan.docx"
    interrupt.check()
    progress("Menulis rekap", 0, 1)
    recap.write_recap(batch, stage / "rekap.xlsx")
    batch.outputs["rekap"] = "rekap.xlsx"
    if options.pdf:
        _convert(batch, stage, [w.report for w in made_now] + (["ringkasan.docx"] if batch.ok else []))
    interrupt.check()
    results.write_results(batch, stage / "hasil.json")
    batch.outputs["hasil"] = "hasil.json"


def _convert(batch: BatchResult, stage: Path, names: list[str]) -> None:
    """PDFs of the staged documents ``names`` (relative), beside them; a note when some fail."""
    from spbe_reports import pdf

    interrupt.check()
    converted, note = pdf.convert_all([stage / name for name in names], work_parent=batch.output_dir)
    for w in batch.ok:
        target = (stage / w.report).with_suffix(".pdf")
        if target in converted:
            w.pdf = target.relative_to(stage).as_posix()
    if note:
        batch.notes.append(note.replace(str(stage) + os.sep, ""))
