"""Write docs/masalah.md, the user's catalogue of validation problems, from problems.CATALOGUE.

Run after changing a message: ``python tools/build_docs.py``. A test fails when the page and
the catalogue disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

from spbe_reports.problems import CATALOGUE, ERROR

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "masalah.md"

INTRO = """\
# Katalog masalah buku kerja

Setiap masalah yang ditemukan pada buku kerja punya **kode** tetap (dipakai di `hasil.json`,
di lembar *Masalah* pada `rekap.xlsx`, dan di keluaran `spbe validate`), **tingkat**, dan
**pesan** yang menjelaskan letak masalah serta cara memperbaikinya.

- **Galat** menolak buku kerja: laporannya tidak dibuat sampai berkas diperbaiki. Buku kerja
  lain dalam folder yang sama tetap diproses.
- **Peringatan** tidak menolak buku kerja; laporan tetap dibuat, tetapi sebaiknya diperbaiki.

Letak masalah ditulis sebagai lembar dan sel (misalnya *lembar Penilaian, sel E12*). Kata
dalam kurung kurawal pada pesan di bawah diganti dengan nilai sebenarnya.

| Kode | Tingkat | Masalah | Pesan dan cara memperbaiki |
|---|---|---|---|
"""

# Generated file: edit spbe_reports/problems.py and rerun tools/build_docs.py.


def render() -> str:
    rows = []
    for code, kind in CATALOGUE.items():
        level = "Galat" if kind.severity == ERROR else "Peringatan"
        message = re.sub(r"\{(\w+)\}", r"*{\1}*", kind.message).replace("|", "\\|")
        rows.append(f"| `{code}` | {level} | {kind.title} | {message} |")
    return INTRO + "\n".join(rows) + "\n"


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"ditulis: {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
