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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_settings import write_sample_settings  # noqa: E402  (a sibling script, not a package)

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
    head: tuple[str, str, str]  # the agency's head: name, position, NIP (18 digits, spaced as printed)
    site: str  # where the evidence links point
    stages: tuple[str, ...] = ()  # assessor stages that were carried out
    quiet: set[int] = field(default_factory=set)  # indicators left without explanation/evidence


SAMPLES = [
    Sample(
        file="Diskominfo & Statistik Sukamaju.xlsx",
        agency=Agency(
            "Dinas Komunikasi, Informatika & Statistik Kabupaten Sukamaju",
            "Perangkat Daerah",
            "3210-01",
            parent="Pemerintah Kabupaten Sukamaju",
        ),
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
        head=(
            "Dr. Ir. H. Wawan Setiawan, M.T.",
            "Kepala Dinas Komunikasi, Informatika dan Statistik",
            "19710415 199803 1 006",
        ),
        site="https://sukamaju.go.id/spbe/bukti",
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
        # A regent is elected and has no NIP: the Sekretaris Daerah acknowledges for the government.
        head=("Ir. Bambang Sutrisno, M.M.", "Sekretaris Daerah Kabupaten Sukamaju", "19680917 199303 1 004"),
        site="https://sukamaju.go.id/spbe/bukti",
        stages=("dokumen", "interviu"),
    ),
    Sample(
        file="bapperida/Bapperida Sukamaju.xlsx",
        agency=Agency(
            "Badan Perencanaan Pembangunan, Riset & Inovasi Daerah",
            "Perangkat Daerah",
            "3210-02",
            parent="Pemerintah Kabupaten Sukamaju",
        ),
        seed=3,
        profile={1: 2, 2: 2, 3: 2, 4: 2, 5: 1, 6: 1, 7: 2, 8: 2},
        people={
            layout.ID_COORDINATOR: "Dr. Ujang Rahmat, S.IP., M.Si.",
            layout.ID_RESPONSIBLE: "Lilis Suryani, S.T., M.T.",
            layout.ID_DATA_ENTRY: "Rudi <Admin> Hartono",
            layout.ID_MEMBERS: "Tim Perencanaan; Tim Riset & Inovasi",
        },
        services=("Sistem Informasi Pembangunan Daerah", "Pengelolaan Hasil Riset Daerah", "Inovasi Daerah"),
        head=(
            "Drs. Dadang Hermawan, M.Si.",
            "Kepala Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
            "19690822 199503 1 002",
        ),
        site="https://sukamaju.go.id/spbe/bukti",
        quiet={5, 6, 24, 30},
    ),
    Sample(
        file="DPMPTSP Kota Mekarsari.xlsx",
        agency=Agency(
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Mekarsari",
            "Perangkat Daerah",
            "3277-05",
            parent="Pemerintah Kota Mekarsari",
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
        head=(
            "Sri Wahyuni, S.H., M.Si.",
            "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
            "19780510 200212 2 004",
        ),
        site="https://mekarsarikota.go.id/spbe/bukti",
        stages=("dokumen", "interviu", "visitasi"),
    ),
    Sample(
        file="Setwan Mekarsari.xlsx",
        agency=Agency(
            "Sekretariat DPRD Kota Mekarsari", "Perangkat Daerah", "3277-09", parent="Pemerintah Kota Mekarsari"
        ),
        seed=5,
        profile={1: 1, 2: 2, 3: 1, 4: 2, 5: 1, 6: 1, 7: 2, 8: 1},
        people={
            layout.ID_COORDINATOR: "Agus Salim, S.Sos.",
            layout.ID_RESPONSIBLE: "Nurhayati, S.E.",
            layout.ID_DATA_ENTRY: "Taufik Hidayat",
            layout.ID_MEMBERS: "Bagian Umum; Bagian Persidangan",
        },
        services=("Aspirasi Masyarakat", "Risalah Rapat Paripurna", "Kunjungan & Audiensi"),
        head=("H. Ahmad Fauzi, S.Sos., M.A.P.", "Sekretaris DPRD Kota Mekarsari", "19750103 199903 1 005"),
        site="https://mekarsarikota.go.id/spbe/bukti",
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


# What the assessor found at each stage, as it begins the note's sentence.
STAGE_SOURCES = {
    "dokumen": "Dokumen yang diperiksa",
    "interviu": "Hasil interviu dengan tim SPBE",
    "visitasi": "Hasil visitasi ke unit pelaksana",
}
# The assessor lowered the level from {old} to {new}: the evidence does not yet show level {old}.
LOWERED_NOTES = (
    "{source} belum menunjukkan pemenuhan kriteria tingkat {old}; yang terpenuhi baru tingkat {new}.",
    "Kriteria tingkat {old} belum terbukti: {source_lower} menunjukkan penerapan baru berjalan di sebagian "
    "unit kerja. Nilai disesuaikan menjadi tingkat {new}.",
    "Bukti dukung untuk tingkat {old} belum lengkap (dokumen penetapan atau laporan pelaksanaan belum "
    "dilampirkan); nilai disesuaikan menjadi tingkat {new}.",
)
# The assessor raised the level from {old} to {new}: the evidence shows more than was claimed.
RAISED_NOTES = (
    "{source} menunjukkan kondisi yang lebih baik daripada isian: kriteria tingkat {new} sudah terpenuhi, "
    "sehingga nilai dinaikkan dari tingkat {old}.",
    "Berdasarkan {source_lower}, kriteria tingkat {new} sudah terpenuhi; nilai dinaikkan dari tingkat {old}. "
    "Lampirkan bukti tersebut pada buku kerja agar tercatat pada penilaian berikutnya.",
    "Ditemukan bukti yang belum dilampirkan instansi (laporan pelaksanaan dan hasil reviu); kriteria tingkat "
    "{new} terpenuhi, nilai dinaikkan dari tingkat {old}.",
)


def assessor_note(rng: random.Random, stage: str, old: int, new: int) -> str:
    """The assessor's note for a change of level at ``stage``, in the direction of the change."""
    source = STAGE_SOURCES.get(stage, "Hasil pemeriksaan")
    template = rng.choice(RAISED_NOTES if new > old else LOWERED_NOTES)
    text = template.format(source=source, source_lower=source[:1].lower() + source[1:], old=old, new=new)
    return f"{layout.stage_header(stage)}: {text}"


def level_for(rng: random.Random, typical: int) -> int:
    return max(1, min(5, typical + rng.choice((-1, 0, 0, 0, 1))))


def fill(sample: Sample, template: Path, out: Path) -> None:
    fw = frameworks.load()
    rng = random.Random(sample.seed)
    wording = random.Random(sample.seed + 100)  # apart, so that the notes do not change the levels
    identity = {
        layout.ID_NAME: sample.agency.name,
        layout.ID_KIND: sample.agency.kind,
        layout.ID_YEAR: YEAR,
        layout.ID_CODE: sample.agency.code,
        layout.ID_PARENT: sample.agency.parent or None,
        layout.ID_HEAD_NAME: sample.head[0],
        layout.ID_HEAD_POSITION: sample.head[1],
        layout.ID_HEAD_NIP: sample.head[2],
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
            row[layout.COL_EVIDENCE] = f"Dokumen indikator {ind.number} & lampiran, {sample.site}/{ind.number}"
        value = own
        notes = []
        for stage in sample.stages:
            if rng.random() < 0.3:  # the assessor changes some values, mostly down
                changed = max(1, min(5, value + rng.choice((-1, -1, 1))))
                if changed != value:  # at the end of the scale the step may change nothing: no note then
                    notes.append(assessor_note(wording, stage, value, changed))
                    value = changed
            row[layout.STAGE_HEADERS[stage]] = value
        if notes:
            row[layout.COL_NOTE] = "\n".join(notes)
        rows[ind.number] = row
    rows[1][layout.COL_TARGET] = 4
    fill_workbook(template, out, identity=identity, rows=rows)


def main() -> None:
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "input")


def build(target: Path) -> None:
    """Write every sample into ``target`` (subfolders included)."""
    fw = frameworks.load()
    with tempfile.TemporaryDirectory() as tmp:
        for sample in SAMPLES:
            blank = Path(tmp) / "blank.xlsx"
            write_workbook(fw, blank, sample.agency, YEAR)
            out = target / sample.file
            out.parent.mkdir(parents=True, exist_ok=True)
            fill(sample, blank, out)
            print(f"ditulis: {out}")
    print(f"ditulis: {write_sample_settings(target)}")


if __name__ == "__main__":
    main()
