"""What the command line shows before anything heavy is loaded: where the framework data and the
report templates are, and the defaults of its options.

Importing this module costs nothing (no YAML, no spreadsheet or document library), so that
``spbe --help`` answers at once; the modules that do the work import from here.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(__file__).parent / "data"
DEFAULT_FRAMEWORK = "permenpanrb-59-2020"
PARALLEL_FROM = 6  # below this many reports, starting worker processes costs more than it saves
DEFAULT_JOBS = min(4, os.cpu_count() or 1)  # processes rendering reports in parallel


def available_frameworks() -> list[str]:
    """The ids of the frameworks shipped with the package."""
    return sorted(path.stem for path in DATA_DIR.glob("*.yaml") if not path.stem.startswith("_"))


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
