"""The naive per-file script that ``spbe generate`` is measured against (issue #10).

    python tools/naive_baseline.py FOLDER_MASUKAN -o FOLDER_KELUARAN [-j 2]

What a competent person writes in an afternoon: for every .xlsx in a folder, load it with
openpyxl (full load, not read-only), read the 47 levels from the Penilaian sheet, compute the
index with the weights of spbe_reports/data/permenpanrb-59-2020.yaml in plain floats, draw two
pyplot charts (a radar of the aspects, a bar of the domains) as 150 dpi PNG, and fill a small
docxtpl report (a title, the index, a table of the aspects, the two pictures) whose template
this script makes itself with python-docx. The files are shared out over
``multiprocessing.Pool(2)``. No validation, no recap, no summary, no error handling: a bad
workbook ends the run. It does not import spbe_reports, only reads its framework file.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import openpyxl  # noqa: E402
import yaml  # noqa: E402
from docx import Document  # noqa: E402
from docx.shared import Mm  # noqa: E402
from docxtpl import DocxTemplate, InlineImage  # noqa: E402

FRAMEWORK = Path(__file__).resolve().parents[1] / "spbe_reports" / "data" / "permenpanrb-59-2020.yaml"
STAGES = ("Tingkat Mandiri", "Tingkat Dokumen", "Tingkat Interviu", "Tingkat Visitasi")  # later stages win
RATINGS = ((4.2, "Memuaskan"), (3.5, "Sangat Baik"), (2.6, "Baik"), (1.8, "Cukup"), (0.0, "Kurang"))


def make_template(path: Path) -> None:
    """Write the report template: a title, the index, a table of the aspects, two pictures."""
    doc = Document()
    doc.add_heading("Laporan Evaluasi SPBE {{ nama }}", level=1)
    doc.add_paragraph("Tahun penilaian {{ tahun }}. Indeks SPBE: {{ indeks }} (predikat {{ predikat }}).")
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Aspek", "Bobot (%)", "Indeks")):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for a in aspek %}"
    row = table.add_row().cells
    row[0].text, row[1].text, row[2].text = "{{ a.nama }}", "{{ a.bobot }}", "{{ a.indeks }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    # python-docx's add_row appends after the endfor row; move the data row between the tags.
    rows = table._tbl.tr_lst
    rows[2].addprevious(rows[3])
    doc.add_paragraph("Indeks per aspek")
    doc.add_paragraph("{{ radar }}")
    doc.add_paragraph("Indeks per domain")
    doc.add_paragraph("{{ batang }}")
    doc.save(path)


def read_levels(path: Path) -> tuple[str, int, dict[int, int]]:
    """The agency name, the year and indicator number -> level (the latest stage filled)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    identity = {row[0]: row[1] for row in wb["Identitas"].iter_rows(values_only=True) if row[0]}
    sheet = wb["Penilaian"]
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row[0] == "No")
    header = list(rows[header_at])
    stage_columns = [header.index(name) for name in STAGES if name in header]
    levels = {}
    for row in rows[header_at + 1 :]:
        if not isinstance(row[0], int):
            continue
        filled = [row[c] for c in stage_columns if row[c] not in (None, "")]
        levels[row[0]] = int(filled[-1])
    return identity["Nama Instansi"], identity["Tahun Penilaian"], levels


def compute(framework: dict, levels: dict[int, int]) -> tuple[float, dict[int, float], dict[int, float]]:
    """The index, and the index of every aspect and domain (weighted means of the levels)."""
    sums: dict[int, list[float]] = {a["number"]: [0.0, 0.0] for a in framework["aspects"]}
    for ind in framework["indicators"]:
        weight = float(ind["weight"])
        sums[ind["aspect"]][0] += levels[ind["number"]] * weight
        sums[ind["aspect"]][1] += weight
    aspects = {number: total / weight for number, (total, weight) in sums.items()}
    domains = {}
    for domain in framework["domains"]:
        members = [a for a in framework["aspects"] if a["domain"] == domain["number"]]
        weight = sum(float(a["weight"]) for a in members)
        domains[domain["number"]] = sum(aspects[a["number"]] * float(a["weight"]) for a in members) / weight
    index = sum(levels[ind["number"]] * float(ind["weight"]) for ind in framework["indicators"]) / 100
    return index, aspects, domains


def radar_chart(framework: dict, aspects: dict[int, float], path: Path) -> None:
    names = [a["name"] for a in framework["aspects"]]
    values = [aspects[a["number"]] for a in framework["aspects"]]
    angles = [2 * math.pi * i / len(values) for i in range(len(values))]
    fig, ax = plt.subplots(figsize=(6, 6), subplot_kw={"polar": True})
    ax.plot(angles + angles[:1], values + values[:1], color="tab:blue")
    ax.fill(angles + angles[:1], values + values[:1], color="tab:blue", alpha=0.25)
    ax.set_xticks(angles)
    ax.set_xticklabels([name[:28] for name in names], fontsize=7)
    ax.set_ylim(0, 5)
    fig.subplots_adjust(left=0.2, right=0.8, top=0.85, bottom=0.15)  # fixed margins: tight_layout costs ~60 ms
    fig.savefig(path, dpi=150)
    plt.close(fig)


def bar_chart(framework: dict, domains: dict[int, float], path: Path) -> None:
    names = [d["name"] for d in framework["domains"]]
    values = [domains[d["number"]] for d in framework["domains"]]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    bars = ax.bar(range(len(values)), values, color="tab:green")
    ax.bar_label(bars, fmt="%.2f")
    ax.set_xticks(range(len(values)))
    ax.set_xticklabels(names, fontsize=7)
    ax.set_ylim(0, 5)
    ax.set_ylabel("Indeks")
    fig.subplots_adjust(left=0.1, right=0.98, top=0.95, bottom=0.15)
    fig.savefig(path, dpi=150)
    plt.close(fig)


def process(task: tuple[Path, Path, Path, dict]) -> Path:
    """One workbook in, one folder with two charts and laporan.docx out."""
    path, out_dir, template, framework = task
    name, year, levels = read_levels(path)
    index, aspects, domains = compute(framework, levels)
    folder = out_dir / path.stem
    folder.mkdir(parents=True, exist_ok=True)
    radar_chart(framework, aspects, folder / "radar.png")
    bar_chart(framework, domains, folder / "domain.png")
    doc = DocxTemplate(template)
    context = {
        "nama": name,
        "tahun": year,
        "indeks": f"{index:.2f}",
        "predikat": next(label for floor, label in RATINGS if index >= floor),
        "aspek": [
            {"nama": a["name"], "bobot": a["weight"], "indeks": f"{aspects[a['number']]:.2f}"}
            for a in framework["aspects"]
        ],
        "radar": InlineImage(doc, str(folder / "radar.png"), width=Mm(120)),
        "batang": InlineImage(doc, str(folder / "domain.png"), width=Mm(140)),
    }
    doc.render(context)
    doc.save(folder / "laporan.docx")
    return folder / "laporan.docx"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Skrip naif pembanding: satu laporan per buku kerja.")
    parser.add_argument("input", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    framework = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    args.output.mkdir(parents=True, exist_ok=True)
    template = args.output / "templat.docx"
    make_template(template)
    tasks = [(path, args.output, template, framework) for path in sorted(args.input.glob("*.xlsx"))]
    with multiprocessing.Pool(args.jobs) as pool:
        made = pool.map(process, tasks)
    print(f"{len(made)} laporan ditulis ke {args.output}")


if __name__ == "__main__":
    main()
