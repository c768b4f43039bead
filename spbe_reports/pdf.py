"""PDF copies of the Word documents, made by LibreOffice in one call for the whole batch.

LibreOffice starts slowly (a few seconds) and converts quickly, so every document of a run
goes to one ``soffice --headless --convert-to pdf`` call. The inputs are copied to unique
names in a private temporary folder first (every agency's report is called laporan.docx,
and one ``--outdir`` would let them overwrite each other), each PDF is then moved beside its
docx atomically. Each run has its own LibreOffice profile, so two runs (or a LibreOffice the
user has open) do not block each other; a conversion that hangs is stopped after a timeout.

When LibreOffice is not installed, no PDF is made and the note returned says how to install
it (docs/pdf.md); the Word documents are unaffected.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from spbe_reports import files

ENV_VAR = "SPBE_SOFFICE"
COMMANDS = ("soffice", "libreoffice")
BASE_TIMEOUT = 60  # seconds: LibreOffice's start-up
PER_FILE_TIMEOUT = 20  # seconds per document
INSTALL_HINT = (
    "Pasang LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui; Windows: "
    "winget install TheDocumentFoundation.LibreOffice atau unduh dari https://www.libreoffice.org), "
    f"atau tunjukkan lokasi soffice dengan variabel lingkungan {ENV_VAR}. Lihat docs/pdf.md."
)


def windows_candidates() -> list[Path]:
    """The usual install locations of soffice.exe on Windows."""
    roots = [os.environ.get(name) for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
    roots += [r"C:\Program Files", r"C:\Program Files (x86)"]
    seen, found = set(), []
    for root in roots:
        if root and root not in seen:
            seen.add(root)
            found.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    return found


def find_soffice() -> Path | None:
    """Where LibreOffice's soffice is: $SPBE_SOFFICE, then PATH (soffice, libreoffice), then the
    usual Windows and macOS locations. None when it is nowhere.

    A $SPBE_SOFFICE that names no file counts as not found, so the note tells the user.
    """
    configured = os.environ.get(ENV_VAR, "").strip().strip('"')
    if configured:
        path = Path(configured)
        return path if path.is_file() else None
    for command in COMMANDS:
        found = shutil.which(command)
        if found:
            return Path(found)
    candidates = windows_candidates() if sys.platform == "win32" else []
    if sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((path for path in candidates if path.is_file()), None)


def missing_note() -> str:
    configured = os.environ.get(ENV_VAR, "").strip()
    where = (
        f"LibreOffice tidak ditemukan di '{configured}' ({ENV_VAR})"
        if configured
        else "LibreOffice (soffice) tidak ditemukan"
    )
    return f"PDF tidak dibuat karena {where}; laporan Word (.docx) tetap dibuat. {INSTALL_HINT}"


def timeout_for(count: int) -> int:
    return BASE_TIMEOUT + PER_FILE_TIMEOUT * count


def convert_all(paths: Sequence[Path], work_parent: Path | None = None) -> tuple[set[Path], str | None]:
    """Convert every docx in ``paths`` to a PDF beside it (same name, .pdf) with one LibreOffice call.

    Returns the PDF paths written and a note in Indonesian for the user when some or all could
    not be made (LibreOffice missing, failed, or stopped after the timeout), else None. Never
    raises for a conversion problem; a KeyboardInterrupt stops LibreOffice and is re-raised.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return set(), None
    soffice = find_soffice()
    if soffice is None:
        return set(), missing_note()

    # LibreOffice's copies and profile live in ``work_parent`` (the output folder in a run), where
    # a later run removes them if this one is killed; the system's temporary folder otherwise.
    work = Path(tempfile.mkdtemp(prefix=files.TEMP_PREFIX + "pdf-", dir=work_parent)).resolve()  # a URI needs it whole
    try:
        inputs, outdir, profile = work / "masuk", work / "keluar", work / "profil"
        for folder in (inputs, outdir, profile):
            folder.mkdir()
        names = []
        for number, path in enumerate(paths, start=1):
            name = f"{number:04d}{path.suffix.lower()}"
            shutil.copyfile(path, inputs / name)
            names.append(name)
        limit = timeout_for(len(paths))
        failure = _run(soffice, profile, outdir, inputs, names, limit)
        converted = set()
        for path, name in zip(paths, names):
            made = outdir / (Path(name).stem + ".pdf")
            if made.is_file() and made.stat().st_size > 0:
                target = path.with_suffix(".pdf")
                with files.atomic_path(target) as tmp:
                    shutil.copyfile(made, tmp)
                converted.add(target)
        return converted, _note(paths, converted, failure)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(soffice: Path, profile: Path, outdir: Path, cwd: Path, names: list[str], limit: int) -> str | None:
    """Run LibreOffice; return why it failed (in Indonesian) or None."""
    command = [
        str(soffice),
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nologo",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *names,  # relative to cwd: short names keep the command line far below Windows' limit
    ]
    group = (
        {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
        if sys.platform == "win32"
        else {"start_new_session": True}
    )
    try:
        process = subprocess.Popen(
            command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **group
        )
    except OSError as exc:
        return f"LibreOffice ({soffice}) tidak dapat dijalankan: {exc.strerror or exc}"
    try:
        output, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill(process)
        return f"LibreOffice tidak selesai dalam {limit} detik dan dihentikan"
    except BaseException:
        _kill(process)
        raise
    if process.returncode != 0:
        last = output.decode("utf-8", "replace").strip().splitlines()[-1:] if output else []
        detail = f": {last[0]}" if last else ""
        return f"LibreOffice berhenti dengan kode {process.returncode}{detail}"
    return None


def _kill(process: subprocess.Popen) -> None:
    """Stop LibreOffice and every process it started (soffice starts soffice.bin)."""
    try:
        if sys.platform == "win32":
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(process.pid)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (OSError, ProcessLookupError):
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=10)


def _note(paths: list[Path], converted: set[Path], failure: str | None) -> str | None:
    missing = [p for p in paths if p.with_suffix(".pdf") not in converted]
    if not missing:
        return None
    for path in missing:  # a PDF of an earlier run would no longer match its docx
        path.with_suffix(".pdf").unlink(missing_ok=True)
    listed = ", ".join(str(p) for p in missing[:5]) + (f", dan {len(missing) - 5} lainnya" if len(missing) > 5 else "")
    reason = f" ({failure})" if failure else ""
    if len(missing) == len(paths):
        head = f"PDF tidak dapat dibuat{reason}"
    else:
        head = f"PDF tidak dapat dibuat untuk {len(missing)} dari {len(paths)} dokumen{reason}: {listed}"
    return f"{head}. Berkas Word (.docx) tetap tersedia; buka dan ekspor ke PDF secara manual bila perlu."
