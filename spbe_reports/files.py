"""File-system edges: atomic writes and safe output names.

Nothing the tool writes is ever half there: every output goes to a temporary name in the
same folder and is renamed into place (an atomic rename on one file system). Output folder
names come from agency names typed by people, so they are reduced to a safe slug that can
neither leave the output folder nor collide with another agency's folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

TEMP_PREFIX = ".spbe-tmp-"
MAX_NAME = 80
_UMASK = os.umask(0)
os.umask(_UMASK)
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@contextlib.contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it to ``path`` when the block succeeds.

    On any exception (including KeyboardInterrupt) the temporary file is removed and the
    previous ``path``, if any, is left untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are shared like any file
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_bytes(path: Path | str, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text(path: Path | str, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def remove_stale_temps(folder: Path, skip: Path | None = None) -> None:
    """Delete temporary files a killed earlier run may have left in ``folder`` (recursively),
    except under ``skip`` (an input folder inside the output folder is never touched)."""
    if folder.is_dir():
        for stale in folder.rglob(f"{TEMP_PREFIX}*"):
            if skip is not None and stale.resolve().is_relative_to(skip):
                continue
            with contextlib.suppress(OSError):
                stale.unlink()


def slug(text: str) -> str:
    """A lowercase ASCII folder name made of letters, digits and single hyphens.

    A name too long to keep whole is cut and given a short hash of the whole name, so that two
    long names that differ only at the end ("... Kota Mekarsari", "... Kota Sukamaju") never
    share a folder, in one run or across runs.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(name) > MAX_NAME:
        digest = hashlib.sha1(name.encode("ascii")).hexdigest()[:6]
        name = f"{name[: MAX_NAME - 7].strip('-')}-{digest}"
    if not name:
        name = "instansi"
    if name in _WINDOWS_RESERVED:
        name = f"{name}-instansi"
    return name


def unique_slugs(names: Iterable[str]) -> list[str]:
    """Safe, distinct folder names for ``names``, in order: repeats get -2, -3, ...

    Names that differ only in case or punctuation map to the same slug and are told apart
    by the suffix, so no agency's output overwrites another's.
    """
    taken: set[str] = set()
    result = []
    for name in names:
        base = slug(name)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        result.append(candidate)
    return result
