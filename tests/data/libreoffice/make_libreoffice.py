"""Build the LibreOffice-saved workbooks in tests/data/libreoffice/ (see README.md there).

The filled standard workbook (``write_workbook`` + ``fill_workbook`` with the corpus's
identity and rows) is saved as ``asli.xlsx``; LibreOffice Calc then opens it, makes one edit
a person would make, and saves it as xlsx, so LibreOffice is the last writer of every other
file. The edits run through Python-UNO, which needs the system Python that LibreOffice ships
with (``python3-uno``), so this script runs twice: under the project's Python it builds the
source workbook and calls itself under ``/usr/bin/python3`` for the LibreOffice part::

    python tests/data/libreoffice/make_libreoffice.py [OUTPUT_DIR]
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
UNO_PYTHON = "/usr/bin/python3"  # the interpreter python3-uno is installed for

# file -> (sheet, edit, argument); rows and columns are 0-based as UNO counts them.
EDITS = {
    "disimpan-ulang.xlsx": ("Identitas", "none", 0),  # opened and saved, nothing changed
    "baris-kosong-dihapus.xlsx": ("Identitas", "delete-row", 17),  # row 18: the empty row below the services
    "baris-indikator-10-dihapus.xlsx": ("Penilaian", "delete-indicator", 10),
    "kolom-disisipkan-identitas.xlsx": ("Identitas", "insert-column", 0),  # a new column A before the labels
}


def build(target: Path) -> list[Path]:
    """Write asli.xlsx and the LibreOffice-saved files into ``target``."""
    import importlib.util

    from spbe_reports import framework as frameworks
    from spbe_reports.workbook.filler import fill_workbook
    from spbe_reports.workbook.writer import write_workbook

    spec = importlib.util.spec_from_file_location("make_invalid", HERE.parent / "make_invalid.py")
    make_invalid = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_invalid)
    fw = frameworks.load()
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        template = write_workbook(fw, Path(tmp) / "templat.xlsx")
        original = fill_workbook(template, target / "asli.xlsx", make_invalid.IDENTITY, make_invalid.good_rows(fw))
        made = [original]
        for name, (sheet, edit, argument) in EDITS.items():
            subprocess.run(
                [UNO_PYTHON, __file__, "--uno", str(original), str(target / name), sheet, edit, str(argument), tmp],
                check=True,
            )
            made.append(target / name)
    return made


# --- the LibreOffice side (runs under /usr/bin/python3) ---------------------------------------------


def _uno_edit(source: str, out: str, sheet_name: str, edit: str, argument: int, work: str) -> None:
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    pipe = f"spbe-lo-{os.getpid()}"
    profile = Path(work) / f"lo-profile-{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=pipe,name={pipe};urp;",
        ]
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(0.5)
        else:
            raise RuntimeError("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
        sheet = doc.Sheets.getByName(sheet_name)
        if sheet.isProtected():
            sheet.unprotect("")  # the template protects without a password: Review > Unprotect Sheet
        if edit == "delete-row":
            sheet.Rows.removeByIndex(argument, 1)
        elif edit == "delete-indicator":
            row = next(r for r in range(200) if sheet.getCellByPosition(0, r).getString() == str(argument))
            sheet.Rows.removeByIndex(row, 1)
        elif edit == "insert-column":
            sheet.Columns.insertByIndex(argument, 1)
        doc.storeToURL(uno.systemPathToFileUrl(out), (prop("FilterName", "Calc Office Open XML"),))
        doc.close(True)
        with contextlib.suppress(Exception):  # the bridge drops as the office quits
            desktop.terminate()
        office.wait(timeout=60)
    finally:
        if office.poll() is None:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--uno"]:
        _uno_edit(*sys.argv[2:6], int(sys.argv[6]), sys.argv[7])
    else:
        out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
        for path in build(out):
            print(path)
