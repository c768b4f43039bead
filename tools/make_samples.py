"""Build the bundled sample workbooks in input/: five fictional agencies, filled like people do.

Each sample starts from the real standard workbook (``write_workbook``) and is filled
through ``fill_workbook``, so the samples always match the current template. Levels come
from a seeded generator around a chosen profile, so the files are the same on every run::

    python tools/make_samples.py [OUTPUT_DIR]
"""

from __future__ import annotations

import random
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from spbe_reports import framework as frameworks
from spbe_reports.agencies import Agency
from spbe_reports.workbook import layout
from spbe_reports.workbook.filler import fill_workbook
from spbe_reports.workbook.writer import write_workbook

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026


@dataclass
class Sample:
    file: str
    agency: Agency
    seed: int
    profile: dict[int, int]  # aspect number -> typical level
    people: dict[str, str]
    services: tuple[str, str, str]
    stages: tuple[str, ...] = ()  # assessor stages that were carried out
    quiet: set[int] = field(default_factory=set)  # indicators left without explanation/evidence


SAMPLES = [
    Sample(
        file="Diskominfo & Statistik Sukamaju.xlsx",
        agency=Agency("Dinas Komunikasi, Informatika & Statistik Kabupaten Sukamaju", "Perangkat Daerah", "3210-01"),
        seed=1,
        profile={1: 3, 2: 3, 3: 3, 4: 3, 5: 2, 6: 2, 7: 3, 8: 3},
        people={
            layout.ID_COORDINATOR: "Drs. H. Asep Saepudin, M.Si.",
            layout.ID_RESPONSIBLE: "Rina Marlina, S.Kom., M.T.",
            layout.ID_DATA_ENTRY: "Dedi Kurniawan, A.Md.",
            layout.ID_MEMBERS: 'Yuni Astuti; Fajar Nugraha; Siti "Ochi" Rohmah',
        },
        services=(
            "Izin Penyelenggaraan Menara Telekomunikasi",
            "Layanan Data Statistik Sektoral",
            "Pengaduan Jaringan Internet Desa",
        ),
    ),
    Sample(
        file="Pemkab Sukamaju - evaluasi.xlsx",
        agency=Agency("Pemerintah Kabupaten Sukamaju", "Pemerintah Kabupaten", "3210"),
        seed=2,
        profile={1: 3, 2: 3, 3: 3, 4: 3, 5: 2, 6: 2, 7: 3, 8: 3},
        people={
            layout.ID_COORDINATOR: "Ir. Bambang Sutrisno, M.M. (Sekretaris Daerah)",
            layout.ID_RESPONSIBLE: "Hj. Nenden Sumarni, S.E., M.Ak.",
            layout.ID_DATA_ENTRY: "Galih Permana, S.T.",
            layout.ID_MEMBERS: "Bappeda; BKPSDM; BPKAD; Inspektorat; DPMPTSP",
        },
        services=("Perizinan Berusaha Berbasis Risiko", "Administrasi Kependudukan", "Layanan Kesehatan Puskesmas"),
        stages=("dokumen", "interviu"),
    ),
    Sample(
        file="bapperida/Bapperida Sukamaju.xlsx",
        agency=Agency("Badan Perencanaan Pembangunan, Riset & Inovasi Daerah", "Perangkat Daerah", "3210-02"),
        seed=3,
        profile={1: 2, 2: 2, 3: 2, 4: 2, 5: 1, 6: 1, 7: 2, 8: 2},
        people={
            layout.ID_COORDINATOR: "Dr. Ujang Rahmat, S.IP., M.Si.",
            layout.ID_RESPONSIBLE: "Lilis Suryani, S.T., M.T.",
            layout.ID_DATA_ENTRY: "Rudi <Admin> Hartono",
            layout.ID_MEMBERS: "Tim Perencanaan; Tim Riset & Inovasi",
        },
        services=("Sistem Informasi Pembangunan Daerah", "Pengelolaan Hasil Riset Daerah", "Inovasi Daerah"),
        quiet={5, 6, 24, 30},
    ),
    Sample(
        file="DPMPTSP Kota Mekarsari.xlsx",
        agency=Agency(
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Mekarsari", "Perangkat Daerah", "3277-05"
        ),
        seed=4,
        profile={1: 4, 2: 4, 3: 4, 4: 4, 5: 3, 6: 3, 7: 4, 8: 4},
        people={
            layout.ID_COORDINATOR: "Hendra Gunawan, S.H., M.H.",
            layout.ID_RESPONSIBLE: "Maya Kusumawardani, S.Kom.",
            layout.ID_DATA_ENTRY: "Irfan Maulana",
            layout.ID_MEMBERS: "Bidang Perizinan; Bidang Pengaduan & Informasi",
        },
        services=("Perizinan Bangunan Gedung (PBG)", "Izin Reklame", "Pengaduan Perizinan"),
        stages=("dokumen", "interviu", "visitasi"),
    ),
    Sample(
        file="Setwan Mekarsari.xlsx",
        agency=Agency("Sekretariat DPRD Kota Mekarsari", "Perangkat Daerah", "3277-09"),
        seed=5,
        profile={1: 1, 2: 2, 3: 1, 4: 2, 5: 1, 6: 1, 7: 2, 8: 1},
        people={
            layout.ID_COORDINATOR: "Agus Salim, S.Sos.",
            layout.ID_RESPONSIBLE: "Nurhayati, S.E.",
            layout.ID_DATA_ENTRY: "Taufik Hidayat",
            layout.ID_MEMBERS: "Bagian Umum; Bagian Persidangan",
        },
        services=("Aspirasi Masyarakat", "Risalah Rapat Paripurna", "Kunjungan & Audiensi"),
        quiet={12, 13, 33},
    ),
]

EXPLANATIONS = {
    1: "Masih berupa rancangan yang sedang dibahas bersama bagian hukum.",
    2: "Sudah ditetapkan, tetapi cakupannya belum lengkap dan baru berlaku di sebagian unit.",
    3: "Sudah ditetapkan dan berlaku di semua unit sesuai pedoman; dokumen lengkap terlampir.",
    4: "Terpadu lintas unit dan direviu berkala; hasil reviu 2025 terlampir.",
    5: "Hasil reviu sudah ditindaklanjuti dengan perubahan kebijakan & penyempurnaan layanan.",
}


def level_for(rng: random.Random, typical: int) -> int:
    return max(1, min(5, typical + rng.choice((-1, 0, 0, 0, 1))))


def fill(sample: Sample, template: Path, out: Path) -> None:
    fw = frameworks.load()
    rng = random.Random(sample.seed)
    identity = {
        layout.ID_NAME: sample.agency.name,
        layout.ID_KIND: sample.agency.kind,
        layout.ID_YEAR: YEAR,
        layout.ID_CODE: sample.agency.code,
        **sample.people,
    }
    for n, service in enumerate(sample.services, start=1):
        identity[layout.ID_SERVICE.format(n=n)] = service
    rows = {}
    for ind in fw.indicators:
        own = level_for(rng, sample.profile[ind.aspect])
        row = {layout.STAGE_HEADERS["mandiri"]: f"{own} - {ind.scale.level_name(own)}" if ind.number % 3 == 0 else own}
        if ind.number not in sample.quiet:
            row[layout.COL_EXPLANATION] = EXPLANATIONS[own]
            row[layout.COL_EVIDENCE] = (
                f"Dokumen indikator {ind.number} & lampiran, https://sukamaju.go.id/spbe/bukti/{ind.number}"
            )
        value = own
        for stage in sample.stages:
            if rng.random() < 0.3:  # the assessor changes some values, mostly down
                value = max(1, min(5, value + rng.choice((-1, -1, 1))))
                row[layout.COL_NOTE] = f"{layout.STAGE_HEADERS[stage]}: bukti belum menunjukkan tingkat {own}."
            row[layout.STAGE_HEADERS[stage]] = value
        rows[ind.number] = row
    rows[1][layout.COL_TARGET] = 4
    fill_workbook(template, out, identity=identity, rows=rows)


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "input"
    fw = frameworks.load()
    with tempfile.TemporaryDirectory() as tmp:
        for sample in SAMPLES:
            blank = Path(tmp) / "blank.xlsx"
            write_workbook(fw, blank, sample.agency, YEAR)
            out = target / sample.file
            out.parent.mkdir(parents=True, exist_ok=True)
            fill(sample, blank, out)
            print(f"ditulis: {out}")


if __name__ == "__main__":
    main()
