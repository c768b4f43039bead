"""Build the shipped framework file for PermenPANRB 59/2020 from the shared reference.

The reference (``../shared/reference/kriteria_59_2020.yaml``) holds our Indonesian wording
of every indicator; the method facts (predikat bands, stages, legal basis) come from
``spbe-method.md``. Run from the project root::

    python tools/build_framework.py [PATH/TO/kriteria_59_2020.yaml]

and commit the result, ``spbe_reports/data/permenpanrb-59-2020.yaml``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "reference" / "kriteria_59_2020.yaml"
TARGET = ROOT / "spbe_reports" / "data" / "permenpanrb-59-2020.yaml"

HEADER = """\
# Kerangka penilaian SPBE menurut PermenPANRB 59/2020, sebagai data.
# Dibangun oleh tools/build_framework.py dari referensi kriteria proyek; teks kriteria,
# bukti dukung, dan rekomendasi adalah parafrasa, bukan kutipan resmi Lampiran peraturan.
# Bobot dalam persen terhadap indeks; bobot aspek/domain adalah jumlah bobot indikatornya.
"""


def weight(value: float) -> str:
    """Weights travel as strings so that they are read as exact decimals."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text


def build(source: Path) -> dict:
    ref = yaml.safe_load(source.read_text(encoding="utf-8"))
    scales = {
        key: {
            "name": scale["nama"],
            "description": scale["deskripsi"],
            "levels": {n: {"name": lv["nama"], "description": lv["deskripsi"]} for n, lv in scale["level"].items()},
        }
        for key, scale in ref["skala"].items()
    }
    sectoral = {45: 1, 46: 2, 47: 3}
    indicators = []
    for ind in ref["indikator"]:
        entry = {
            "number": ind["no"],
            "name": ind["nama"],
            "aliases": ind.get("nama_lain", []),
            "aspect": ind["aspek"],
            "weight": weight(ind["bobot"]),
            "scale": ind["skala"],
            "description": ind["penjelasan"],
        }
        if ind.get("catatan"):
            entry["note"] = ind["catatan"]
        if ind["no"] in sectoral:
            entry["sectoral_service"] = sectoral[ind["no"]]
        entry["levels"] = {
            n: {"criteria": lv["kriteria"], "evidence": lv["bukti_dukung"], "advice": lv["rekomendasi"]}
            for n, lv in ind["level"].items()
        }
        indicators.append(entry)
    return {
        "id": "permenpanrb-59-2020",
        "name": "PermenPANRB 59/2020",
        "version": "2020.1",
        "title": "Pemantauan dan Evaluasi Sistem Pemerintahan Berbasis Elektronik",
        "legal_basis": [
            "Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik",
            ref["meta"]["dasar_hukum"],
        ],
        "index_name": "Indeks SPBE",
        "text_note": ref["meta"]["sifat_teks"],
        "levels": {"min": 1, "max": 5},
        "stages": [
            {"key": "mandiri", "name": "Penilaian Mandiri"},
            {"key": "dokumen", "name": "Penilaian Dokumen"},
            {"key": "interviu", "name": "Penilaian Interviu"},
            {"key": "visitasi", "name": "Penilaian Visitasi"},
        ],
        "ratings": [
            {"min": "4.20", "name": "Memuaskan"},
            {"min": "3.50", "name": "Sangat Baik"},
            {"min": "2.60", "name": "Baik"},
            {"min": "1.80", "name": "Cukup"},
            {"min": "1.00", "name": "Kurang"},
        ],
        "scales": scales,
        "evidence_guidance": [
            {"from": g["indikator_dari"], "to": g["indikator_sampai"], "text": g["uraian"]}
            for g in ref["pedoman_bukti_dukung"].values()
        ],
        "domains": [{"number": d["no"], "name": d["nama"], "weight": weight(d["bobot"])} for d in ref["domain"]],
        "aspects": [
            {"number": a["no"], "name": a["nama"], "domain": a["domain"], "weight": weight(a["bobot"])}
            for a in ref["aspek"]
        ],
        "indicators": indicators,
    }


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    data = build(source)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    TARGET.write_text(HEADER + text, encoding="utf-8")
    print(f"ditulis: {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
