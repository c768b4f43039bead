"""The main job as one library call: a folder of workbooks in, reports and results out.

:func:`run` reads every workbook, validates it, evaluates the good ones, renders their
reports and writes ``hasil.json``, ``rekap.xlsx`` and ``ringkasan.docx``. It returns a
:class:`BatchResult`; the command line only prints it and picks the exit code.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path

from spbe_reports import compare, files
from spbe_reports import framework as frameworks
from spbe_reports.agencies import Agency, read_agency_list
from spbe_reports.errors import SpbeError, describe_os_error
from spbe_reports.evaluation import Evaluation, evaluate
from spbe_reports.framework import Framework
from spbe_reports.groups import Group, assign_groups, ordered
from spbe_reports.problems import WARNING, Problem, problem
from spbe_reports.scoring import Scores, score
from spbe_reports.settings import Settings, SettingsError, find_settings, is_settings_name, read_settings
from spbe_reports.workbook.layout import SHEET_IDENTITY
from spbe_reports.workbook.reader import read_workbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OTHER_SPREADSHEETS = (".xls", ".ods", ".csv")
ROOT = Path(__file__).resolve().parents[1]


def find_template_dir() -> Path:
    """The folder holding the report templates laporan.docx and ringkasan.docx.

    The one source is ``templates/`` at the project root, where users edit them. A wheel or a
    regular ``pip install .`` ships that folder as ``spbe_reports/templates`` (``package_dir`` in
    setup.cfg); an editable install or a source checkout has no such folder inside the package,
    so the project root's ``templates/`` is used.
    """
    shipped = resources.files("spbe_reports") / "templates"
    if isinstance(shipped, Path) and shipped.is_dir():
        return shipped
    return ROOT / "templates"


TEMPLATE_DIR = find_template_dir()

PARALLEL_FROM = 6  # below this many reports, starting worker processes costs more than it saves

Progress = Callable[[str, int, int], None]


class OutputError(SpbeError):
    """The output folder cannot be used."""


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
    jobs: int = min(4, os.cpu_count() or 1)  # processes rendering reports in parallel


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


def discover(input_dir: Path, skip: Path | None = None, settings: Path | None = None) -> list[Path]:
    """Workbooks (and other spreadsheets, to be rejected with advice) under ``input_dir``.

    Office lock files (``~$...``) and hidden files or folders are skipped silently (folders are
    only searched, even when their name ends in .xlsx), and so is
    the folder ``skip`` (the output folder, when it lies inside the input folder: its
    rekap.xlsx is not a workbook to read on the next run). So is the report settings file:
    pengaturan.xlsx directly in ``input_dir``, and the file ``settings`` wherever it lies.
    """
    skip = skip.resolve() if skip else None
    settings = settings.resolve() if settings else None
    found = []
    for path in sorted(input_dir.rglob("*")):
        parts = path.relative_to(input_dir).parts
        if any(part.startswith((".", "~$")) for part in parts):
            continue
        if skip and path.resolve().is_relative_to(skip):
            continue
        if (len(parts) == 1 and is_settings_name(path.name)) or (settings and path.resolve() == settings):
            continue
        if path.suffix.lower() in WORKBOOK_SUFFIXES + OTHER_SPREADSHEETS and path.is_file():
            found.append(path)
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

    Bad workbooks are reported in the result, never raised. Raises SpbeError (subclasses) only
    for broken setup: a missing input folder, an unknown framework, an unusable output folder,
    an unreadable agency list or previous results, a broken report template, or an unusable
    settings file (SettingsError; with ``render=False`` its problems go to the result instead).
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
    expected = read_agency_list(options.agencies) if options.agencies else None
    previous = load_previous(options.previous, framework) if options.previous else []
    progress = progress or (lambda *_: None)
    generated_at = datetime.now().astimezone().replace(microsecond=0)

    notes: list[str] = []
    paths = discover(input_dir, skip=output_dir if options.render else None, settings=settings_file)
    results = []
    for i, path in enumerate(paths):
        source = path.relative_to(input_dir).as_posix()
        progress(f"Membaca {source}", i, len(paths))
        read = read_workbook(path, framework, source=source)
        result = WorkbookResult(source, list(read.problems))
        if read.assessment is not None:
            result.agency = read.assessment.identity.name
            result.year = read.assessment.identity.year
            if _acceptable(result.problems, options.draft):
                draft = any(p.is_error for p in result.problems)
                if draft:  # the missing levels stay listed, as warnings of the draft
                    result.problems = [replace(p, severity=WARNING) for p in result.problems]
                    result.problems.append(problem("incomplete-draft", source))
                identity = read.assessment.identity
                match = compare.match_previous(identity.name, identity.code, previous) if previous else None
                if match is not None and match.year is not None and match.year >= identity.year:
                    notes.append(
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
        results.append(result)
    _reject_duplicates(results)

    batch = BatchResult(
        framework, input_dir, output_dir, generated_at, results, expected, notes=notes, compared=bool(options.previous)
    )
    batch.settings, batch.settings_file, batch.settings_problems = settings, settings_file, settings_problems
    batch.groups = group_results(framework, batch.ok)
    if options.render:
        _render(batch, options, progress)
    return batch


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
    """Last year's results: a hasil.json, or a folder holding one, or a folder of workbooks."""
    path = Path(path)
    json_path = path / "hasil.json" if path.is_dir() else path
    if json_path.is_file():
        try:
            data = json.loads(json_path.read_text(encoding="utf-8-sig"))  # Notepad writes a BOM
            return compare.previous_from_results(data, source=json_path.name)
        except json.JSONDecodeError as exc:
            raise OutputError(
                f"Hasil pembanding '{json_path}' bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}). "
                "Gunakan hasil.json yang ditulis spbe-reports tanpa diubah."
            ) from None
        except OSError as exc:
            raise OutputError(f"Hasil pembanding '{json_path}' tidak dapat dibaca: {describe_os_error(exc)}.") from None
        except (ValueError, KeyError, TypeError):
            raise OutputError(
                f"Hasil pembanding '{json_path}' tidak berbentuk hasil.json spbe-reports. "
                "Gunakan hasil.json yang ditulis spbe-reports tanpa diubah."
            ) from None
    if path.is_dir():
        from spbe_reports.results import workbook_entry

        entries = []
        for wb in discover(path):
            read = read_workbook(wb, framework, source=wb.relative_to(path).as_posix())
            if read.assessment is not None and not any(p.is_error for p in read.problems):
                result = WorkbookResult(read.assessment.source, evaluation=evaluate(framework, read.assessment))
                entries.append(workbook_entry(result))
        return compare.previous_from_results({"workbooks": entries}, source=path.name)
    raise OutputError(f"Pembanding '{path}' tidak ditemukan: berikan hasil.json tahun lalu atau foldernya.")


def _render_one(job) -> Path:
    from spbe_reports import render

    evaluation, template, out_dir, generated_at, average, label, settings, warnings = job
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


def _ignore_interrupt() -> None:
    # Workers finish the report in hand; the main process decides when to stop (see _render_reports).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_reports(jobs: list, workers: int) -> Iterator[Path]:
    """Render the reports, in order, on ``workers`` processes (inline when 1 or few reports).

    On Ctrl-C or kill, pending reports are cancelled and the running ones are allowed to
    finish, so that every report on disk is whole; then the interrupt goes on.
    """
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        yield from map(_render_one, jobs)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads (progress bar)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_interrupt)
    try:
        futures = [pool.submit(_render_one, job) for job in jobs]
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _render(batch: BatchResult, options: Options, progress: Progress) -> None:
    from spbe_reports import pdf, recap, render, results, summary

    output_dir = batch.output_dir
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Folder keluaran '{output_dir}' tidak dapat dibuat: {describe_os_error(exc)}.") from None
    files.remove_stale_temps(output_dir)
    laporan, ringkasan = options.template_dir / "laporan.docx", options.template_dir / "ringkasan.docx"
    for template in (laporan, ringkasan):  # a missing or broken template stops the run before any output
        render.open_template(template)

    ok = batch.ok
    if ok:  # first, so that a mistake in the summary template is found before any report is written
        summary.render_summary(batch, ringkasan, output_dir / "ringkasan.docx")
        batch.outputs["ringkasan"] = "ringkasan.docx"
    for result, folder in zip(ok, files.unique_slugs(w.evaluation.assessment.identity.name for w in ok)):
        result.folder = folder
    jobs = []
    for result in ok:  # each report is compared with its own group only (spbe_reports.groups)
        group = batch.groups[result.group.key]
        jobs.append(
            (
                result.evaluation,
                laporan,
                output_dir / result.folder,
                batch.generated_at,
                group.average,
                group.average_label,
                batch.settings,  # Settings() without a file: plain kop, blank lines to sign on
                tuple(result.warnings),
            )
        )
    workers = options.jobs if len(jobs) >= PARALLEL_FROM else 1
    for i, (result, docx) in enumerate(zip(ok, _render_reports(jobs, workers))):
        progress(f"Laporan {result.agency}", i + 1, len(ok))
        result.report = docx.relative_to(output_dir).as_posix()

    progress("Menulis rekap", 0, 1)
    recap.write_recap(batch, output_dir / "rekap.xlsx")
    batch.outputs["rekap"] = "rekap.xlsx"
    if options.pdf:
        progress("Mengonversi ke PDF", 0, 1)
        docs = [output_dir / w.report for w in ok] + ([output_dir / "ringkasan.docx"] if ok else [])
        converted, note = pdf.convert_all(docs)
        for w in ok:
            target = (output_dir / w.report).with_suffix(".pdf")
            if target in converted:
                w.pdf = target.relative_to(output_dir).as_posix()
        if note:
            batch.notes.append(note)
    results.write_results(batch, output_dir / "hasil.json")
    batch.outputs["hasil"] = "hasil.json"
