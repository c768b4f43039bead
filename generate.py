"""Run the main job on the bundled folders: every workbook in input/ to reports in output/.

Same as ``spbe generate input -o output``; extra options are passed on, for example
``python generate.py --pdf``.
"""

import sys
from pathlib import Path

from spbe_reports.cli import main

if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    main(["generate", str(here / "input"), "-o", str(here / "output"), *sys.argv[1:]])
