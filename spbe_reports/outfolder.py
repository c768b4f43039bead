"""The output folder as one transaction: a run's outputs appear together or not at all.

A run writes everything (reports, charts, PDFs, ``ringkasan.docx``, ``rekap.xlsx``,
``hasil.json``) into a hidden staging folder inside the output folder, so that nobody sees a
half-made state. When every output is ready, :meth:`OutputFolder.commit` writes a journal
listing the moves, renames the staged files into place (``hasil.json`` last), removes the
outputs of the previous run that this run no longer makes (a report of a workbook that was
removed or is now rejected, a PDF of a run without ``--pdf``), and records the run in
``status.json``. Renames are atomic and quick, and interrupts wait for them
(:func:`spbe_reports.interrupt.deferred`); if the process is killed in the middle anyway, the
journal stays, and the next run finishes the commit before doing anything else.

A run that fails or is interrupted before the commit leaves the previous outputs untouched and
says so in ``status.json`` (``"state": "interrupted"`` or ``"failed"``, with the time of the
outputs still in place). One run at a time: a lock file that the operating system releases
when its process ends, so a killed run never leaves the folder locked.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from spbe_reports import files, interrupt
from spbe_reports.errors import SpbeError, describe_os_error

STATUS_NAME = "status.json"
JOURNAL_NAME = ".spbe-commit.json"
LOCK_NAME = ".spbe-lock"
STAGE_PREFIX = files.TEMP_PREFIX + "run-"
# The only file names a run writes; only these are ever removed as outputs of an earlier run.
OUTPUT_NAMES = frozenset(
    {
        "hasil.json",
        "rekap.xlsx",
        "ringkasan.docx",
        "ringkasan.pdf",
        "laporan.docx",
        "laporan.pdf",
        "radar-aspek.png",
        "domain.png",
    }
)
COMPLETE, INTERRUPTED, FAILED = "complete", "interrupted", "failed"


class OutputError(SpbeError):
    """The output folder cannot be used."""


class FolderBusy(OutputError):
    """Another run holds the output folder."""


@dataclass
class Status:
    """What ``status.json`` says: the state of the last run and the outputs in place."""

    state: str = COMPLETE
    generated_at: str | None = None  # of the outputs in place (hasil.json's generated_at)
    files: list[str] = field(default_factory=list)  # outputs in place, relative, forward slashes
    attempted_at: str | None = None  # when the last run (complete or not) started
    message: str = ""

    def as_dict(self) -> dict:
        return {
            "state": self.state,
            "generated_at": self.generated_at,
            "attempted_at": self.attempted_at,
            "message": self.message,
            "files": self.files,
        }

    @classmethod
    def from_dict(cls, data) -> Status:
        if not isinstance(data, dict):
            return cls()
        listed = data.get("files")
        return cls(
            state=str(data.get("state") or COMPLETE),
            generated_at=data.get("generated_at") if isinstance(data.get("generated_at"), str) else None,
            files=[f for f in listed if isinstance(f, str)] if isinstance(listed, list) else [],
            attempted_at=data.get("attempted_at") if isinstance(data.get("attempted_at"), str) else None,
            message=str(data.get("message") or ""),
        )


class OutputFolder:
    """Lock ``path``, give a staging folder, and commit or abandon it (a context manager).

    ``keep_out`` is a folder never written or cleaned (the input folder, when it lies inside
    the output folder).
    """

    def __init__(self, path: Path, started_at: datetime, keep_out: Path | None = None):
        self.path = Path(path)
        self.started_at = started_at
        self.keep_out = keep_out.resolve() if keep_out else None
        self.stage: Path | None = None
        self.committed = False
        self.recovered = False  # an interrupted commit of an earlier run was finished
        self.removed: list[str] = []  # outputs of the previous run that this run no longer makes
        self._lock = None  # a filelock.FileLock while the folder is ours

    def __enter__(self) -> OutputFolder:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"Folder keluaran '{self.path}' tidak dapat dibuat: {describe_os_error(exc)}.") from None
        from filelock import FileLock, Timeout  # here: `spbe validate` never locks a folder

        self._lock = FileLock(self.path / LOCK_NAME, timeout=0)
        try:
            self._lock.acquire()
        except Timeout:
            raise FolderBusy(
                f"Folder keluaran '{self.path}' sedang dipakai oleh proses spbe lain. Tunggu sampai proses itu "
                "selesai lalu jalankan ulang, atau pilih folder lain dengan -o."
            ) from None
        except NotImplementedError:  # a file system without locks (some network shares)
            self._lock = None
        except OSError as exc:
            raise OutputError(f"Folder keluaran '{self.path}' tidak dapat dipakai: {describe_os_error(exc)}.") from None
        try:
            self._recover()
            self.stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=self.path))
        except OSError as exc:
            self._release()
            raise OutputError(f"Folder keluaran '{self.path}' tidak dapat ditulis: {describe_os_error(exc)}.") from None
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, kind, exc, tb) -> None:
        with interrupt.deferred(reraise=False):  # the exception on its way goes on after the clean-up
            try:
                if not self.committed and kind is not None:
                    interrupted = issubclass(kind, KeyboardInterrupt) or interrupt.requested()
                    with contextlib.suppress(OSError):
                        self._record_abandoned(INTERRUPTED if interrupted else FAILED, exc)
                if self.stage is not None:
                    shutil.rmtree(self.stage, ignore_errors=True)
            finally:
                self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # --- status ----------------------------------------------------------------------------

    def status(self) -> Status:
        """The folder's status.json as read (an empty Status when there is none or it is unreadable)."""
        try:
            return Status.from_dict(json.loads((self.path / STATUS_NAME).read_text(encoding="utf-8")))
        except (OSError, ValueError, RecursionError):
            return Status(files=[])

    def _write_status(self, status: Status) -> None:
        files.write_text(self.path / STATUS_NAME, json.dumps(status.as_dict(), ensure_ascii=False, indent=2) + "\n")

    def _record_abandoned(self, state: str, exc: BaseException | None) -> None:
        previous = self.status()
        kept = f"hasil proses {previous.generated_at}" if previous.generated_at else "tidak ada keluaran sebelumnya"
        why = "dihentikan" if state == INTERRUPTED else f"gagal ({exc})" if exc else "gagal"
        message = f"Proses {self.started_at.isoformat()} {why}; folder ini tidak diubah ({kept})."
        self._write_status(
            Status(
                state=state,
                generated_at=previous.generated_at,
                files=previous.files,
                attempted_at=self.started_at.isoformat(),
                message=message,
            )
        )

    # --- commit ----------------------------------------------------------------------------

    def commit(self, generated_at: datetime, kept: list[str] = ()) -> None:
        """Put every staged file in place, remove the previous run's outputs no longer made, record the run.

        ``kept`` are outputs of the previous run that stay as they are (an incremental run);
        ``generated_at`` is the time of the hasil.json in place afterwards.
        """
        staged = sorted(
            (p.relative_to(self.stage).as_posix() for p in self.stage.rglob("*") if p.is_file()),
            key=lambda name: (name == "hasil.json", name),  # hasil.json last: it says what is there
        )
        previous = self.status()
        present = set(staged) | set(kept)
        removed = [name for name in previous.files if name not in present and self._removable(name)]
        status = Status(
            state=COMPLETE,
            generated_at=generated_at.isoformat(),
            files=sorted(present),
            attempted_at=self.started_at.isoformat(),
            message=f"Proses {self.started_at.isoformat()} selesai.",
        )
        journal = {"stage": self.stage.name, "files": staged, "remove": removed, "status": status.as_dict()}
        with interrupt.deferred():
            files.write_text(self.path / JOURNAL_NAME, json.dumps(journal, ensure_ascii=False) + "\n")
            self._apply(journal)
            self.committed = True
        self.removed = removed

    def _apply(self, journal: dict) -> None:
        """Carry out a journal: move, remove, record, forget. Safe to repeat after a crash."""
        stage = self.path / journal["stage"]
        failed = []
        for name in journal["files"]:
            if not _relative(name):
                continue
            source, target = stage / name, self.path / name
            if not source.is_file():
                continue  # moved before a crash
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
            except OSError as exc:
                failed.append(f"{name} ({describe_os_error(exc)})")
        if failed:
            raise OutputError(
                "Keluaran berikut tidak dapat ditempatkan (mungkin sedang dibuka di Word atau Excel): "
                + ", ".join(failed)
                + ". Tutup berkas itu lalu jalankan ulang; proses berikutnya menyelesaikan penempatan ini lebih dahulu."
            )
        for name in journal["remove"]:
            if self._removable(name):
                target = self.path / name
                with contextlib.suppress(OSError):
                    target.unlink(missing_ok=True)
                    if target.parent != self.path:
                        target.parent.rmdir()  # only when empty: files a user put there stay
        self._write_status(Status.from_dict(journal["status"]))
        (self.path / JOURNAL_NAME).unlink(missing_ok=True)
        shutil.rmtree(stage, ignore_errors=True)

    def _removable(self, name: str) -> bool:
        """An output name of an earlier run that may be removed: relative, inside, and one we write."""
        if not _relative(name) or PurePosixPath(name).name not in OUTPUT_NAMES or len(PurePosixPath(name).parts) > 2:
            return False
        target = (self.path / name).resolve()
        if not target.is_relative_to(self.path.resolve()):
            return False
        return self.keep_out is None or not target.is_relative_to(self.keep_out)

    def _recover(self) -> None:
        """Finish a commit an earlier run was killed in; remove what earlier runs left half made."""
        journal_path = self.path / JOURNAL_NAME
        if journal_path.is_file():
            try:
                journal = json.loads(journal_path.read_text(encoding="utf-8"))
                valid = isinstance(journal, dict) and isinstance(journal.get("stage"), str)
                valid = valid and journal["stage"].startswith(STAGE_PREFIX) and "/" not in journal["stage"]
            except (ValueError, RecursionError):
                valid = False
            if valid:
                journal.setdefault("files", [])
                journal.setdefault("remove", [])
                journal.setdefault("status", {})
                with interrupt.deferred():
                    self._apply(journal)
                self.recovered = True
            else:
                journal_path.unlink()
        for stale in self.path.glob(files.TEMP_PREFIX + "*"):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
        files.remove_stale_temps(self.path, skip=self.keep_out)


def _relative(name) -> bool:
    """A journal or status entry that names a place inside the folder (not absolute, no '..')."""
    if not isinstance(name, str) or not name or "\\" in name:
        return False
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and ":" not in pure.parts[0]
