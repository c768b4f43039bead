"""Incremental runs: what an earlier run into the same output folder already made, and may keep.

A rerun redoes only what changed. Everything a run's outputs depend on is reduced to keys
(SHA-256 over canonical JSON):

- a workbook's *read* (its assessment and problems) depends on its bytes, its place in the
  input folder, the framework data and the program; a cached read is used instead of parsing;
- a *report* depends on its workbook's read, the options that shape it (targets, draft, last
  year's record of the agency), its group's average, its warnings, the report template, the
  settings (with the logo's bytes), its folder and ``--pdf``; a report whose key is unchanged,
  and whose files on disk are still byte for byte those the earlier run wrote, is kept;
- the *batch outputs* (rekap.xlsx, ringkasan.docx, hasil.json) depend on every workbook's
  result as hasil.json records it, the summary template, the settings and the agency list;
  when none of that changed they are kept too (with their time of generation);
- the *template check* depends on both templates, the settings and the framework.

The program itself (every module and data file of the package) is part of every key, so an
upgrade redoes everything once. The cache is the file ``.spbe-cache.json`` in the output
folder, written with the run's other outputs in one commit (spbe_reports.outfolder), so an
interrupted run never leaves half an entry; a cache that is missing, unreadable, of another
version or of another shape means a full run, never a crash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from spbe_reports.assessment import Assessment, Entry, Identity
from spbe_reports.problems import Problem
from spbe_reports.workbook.reader import WorkbookRead

CACHE_NAME = ".spbe-cache.json"
VERSION = 1
PACKAGE = Path(__file__).parent


def digest(*parts: Any) -> str:
    """SHA-256 of ``parts`` as canonical JSON (anything JSON cannot hold is taken as its repr)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=repr, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@cache
def program_digest() -> str:
    """The program itself: every module and data file of the installed package."""
    sha = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml") and path.is_file():
            sha.update(path.relative_to(PACKAGE).as_posix().encode("utf-8"))
            sha.update(path.read_bytes())
    return sha.hexdigest()


@dataclass
class Cache:
    """The state of the last complete run: reads by key, reports by folder, batch outputs, checked templates."""

    reads: dict[str, dict] = field(default_factory=dict)
    reports: dict[str, dict] = field(default_factory=dict)  # folder -> {"key": k, "files": {name: sha256}}
    batch: dict = field(default_factory=dict)  # {"key": k, "files": {...}, "generated_at": iso}
    templates: str = ""  # key of the last template check that passed

    def as_json(self) -> str:
        data = {
            "version": VERSION,
            "program": program_digest(),
            "reads": self.reads,
            "reports": self.reports,
            "batch": self.batch,
            "templates": self.templates,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load(folder: Path) -> Cache:
    """The cache of ``folder``; an empty one when it is missing, damaged, foreign or of another program."""
    try:
        data = json.loads((Path(folder) / CACHE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return Cache()
    if not isinstance(data, dict) or data.get("version") != VERSION or data.get("program") != program_digest():
        return Cache()
    reads, reports, batch = data.get("reads"), data.get("reports"), data.get("batch")
    return Cache(
        reads=reads if isinstance(reads, dict) else {},
        reports={k: v for k, v in reports.items() if _entry_ok(v)} if isinstance(reports, dict) else {},
        batch=batch if _entry_ok(batch) else {},
        templates=data.get("templates") if isinstance(data.get("templates"), str) else "",
    )


def _entry_ok(entry) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("key"), str)
        and isinstance(entry.get("files"), dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in entry["files"].items())
    )


def unchanged(folder: Path, entry: Mapping | None, key: str) -> bool:
    """Whether ``entry`` was made for ``key`` and its files are still on disk exactly as written."""
    if not entry or entry.get("key") != key:
        return False
    for name, sha in entry["files"].items():
        path = Path(folder) / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            return False
        try:
            if file_digest(path) != sha:
                return False
        except OSError:
            return False
    return True


def files_entry(root: Path, key: str, names: Iterable[str], **extra) -> dict:
    """A cache entry for the files ``names`` (relative to ``root``) as they are now."""
    return {"key": key, "files": {name: file_digest(root / name) for name in names}, **extra}


# --- reads as plain data --------------------------------------------------------------------


def read_as_data(read: WorkbookRead) -> dict:
    return {
        "assessment": asdict(read.assessment) if read.assessment is not None else None,
        "problems": [asdict(p) for p in read.problems],
    }


def read_from_data(data) -> WorkbookRead | None:
    """The WorkbookRead of ``read_as_data``; None when ``data`` is not one (a cache miss)."""
    try:
        problems = tuple(Problem(**p) for p in data["problems"])
        raw = data["assessment"]
        if raw is None:
            return WorkbookRead(None, problems)
        identity = dict(raw["identity"])
        identity["members"] = tuple(identity["members"])
        identity["services"] = tuple(identity["services"])
        entries = tuple(Entry(**entry) for entry in raw["entries"])
        assessment = Assessment(
            source=raw["source"],
            framework_id=raw["framework_id"],
            identity=Identity(**identity),
            entries=entries,
            stages=tuple(raw["stages"]),
            template_version=raw["template_version"],
            extra=dict(raw["extra"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    return WorkbookRead(assessment, problems)
