"""Run the main job on the bundled folders: every workbook in input/ to reports in output/.

Same as ``spbe generate input -o output``; extra options are passed on, for example
``python generate.py --pdf``.
"""

import os
import sys
from pathlib import Path

from spbe_reports.__main__ import main


def short(path: Path) -> str:
    """``path`` relative to the current folder when it can be (short paths in messages)."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    main(["generate", short(here / "input"), "-o", short(here / "output"), *sys.argv[1:]])
