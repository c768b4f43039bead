"""Build the Word template of the summary report across agencies, ``templates/ringkasan.docx``.

The summary has the look of the per-agency report (the same styles, table style and A4 page,
taken from ``tools/build_report_template.py``) and docxtpl tags for the context of
:func:`spbe_reports.summary.summary_context`. A coordinator may re-word and restyle it in
Word. Run from the project root and commit the result::

    python tools/build_summary_template.py [OUTPUT.docx]
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_report_template as base  # a sibling script, not a package

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "templates" / "ringkasan.docx"


def setup_page(doc) -> None:
    section = base.setup_section(doc)
    base.page_header(section, "{{ issuer.name }}", draft_mark=False)
    base.page_footer(section, "{{ title_short }} {{ years }}")
    base.set_properties(
        doc,
        "Ringkasan Hasil Pemantauan dan Evaluasi SPBE",
        "Templat ringkasan lintas instansi; variabel dari spbe_reports.summary.summary_context.",
        "SPBE, Indeks SPBE, ringkasan, rekapitulasi",
    )


def cover(b: base.Builder) -> None:
    base.kop(b)
    for _ in range(3):
        b.p("", "Sampul")
    b.p("{{ title }}", "Title")
    b.p("TAHUN {{ years }}", "Subtitle")
    for _ in range(3):
        b.p("", "Sampul")
    b.p(
        "{{ counts.complete }} instansi dinilai lengkap dari {{ counts.received }} buku kerja yang diterima",
        "Sampul Instansi",
    )
    for _ in range(4):
        b.p("", "Sampul")
    base.cover_foot(b)


CONTENTS = [
    ("BAB I PENDAHULUAN", "bab1", 1),
    ("1.1 Gambaran Umum", "bab1_1", 2),
    ("BAB II HASIL", "bab2", 1),
    ("2.1 Peringkat Instansi", "bab2_1", 2),
    ("2.2 Sebaran Predikat", "bab2_2", 2),
    ("2.3 Indeks Rata-rata Domain dan Aspek", "bab2_3", 2),
    ("{%p if has_comparison %}", "", 0),
    ("2.4 Perbandingan dengan Tahun Lalu", "bab2_4", 2),
    ("{%p endif %}", "", 0),
    ("BAB III PERHATIAN DAN PEMBINAAN", "bab3", 1),
    ("3.1 Indikator Terlemah", "bab3_1", 2),
    ("3.2 Instansi yang Perlu Perhatian", "bab3_2", 2),
    ("BAB IV KELENGKAPAN BUKU KERJA", "bab4", 1),
    ("4.1 Buku Kerja yang Ditolak", "bab4_1", 2),
    ("{%p if has_list %}", "", 0),
    ("4.2 Instansi yang Belum Mengumpulkan", "bab4_2", 2),
    ("{%p endif %}", "", 0),
    ("BAB V PENUTUP", "bab5", 1),
]


def closing(b: base.Builder) -> None:
    b.chapter("BAB V", "PENUTUP", "bab5")
    b.p(
        "Demikian ringkasan hasil {{ title_short|lower }} tahun {{ years }} ini disusun. Rincian setiap instansi "
        "tersedia dalam laporan masing-masing dan dalam rekap.xlsx; setiap instansi dibandingkan hanya dengan "
        "instansi sejenis dalam kelompoknya."
    )
    base.signature_block(b)


def overview(b: base.Builder) -> None:
    b.chapter("BAB I", "PENDAHULUAN", "bab1")
    b.h("1.1 Gambaran Umum", 2, "bab1_1")
    b.p("{{ overview }}")
    w = [11.0, 5.0]
    table = b.table(
        ["Uraian", "Jumlah"],
        w,
        [
            ["Buku kerja diterima", "{{ counts.received }}"],
            ["Buku kerja diproses", "{{ counts.processed }}"],
            ["    lengkap (memperoleh {{ framework.index_name }})", "{{ counts.complete }}"],
            ["    draf (belum lengkap)", "{{ counts.drafts }}"],
            ["Buku kerja ditolak", "{{ counts.rejected }}"],
        ],
        align=["l", "c"],
    )
    b.tag_row(table, "{%tr if has_list %}", w)
    b.row(table, ["Instansi dalam daftar", "{{ counts.expected }}"], w, align=["l", "c"])
    b.row(table, ["Instansi yang belum mengumpulkan", "{{ counts.missing }}"], w, align=["l", "c"])
    b.tag_row(table, "{%tr endif %}", w)
    b.p("")
    b.p("{{ group_note }}")
    b.tag("{%p for g in groups %}")
    b.p("{{ g.average_sentence }}", bold_prefix="{{ g.title }}: ")
    b.tag("{%p endfor %}")
    b.p("Rincian setiap instansi tersedia dalam laporan masing-masing dan dalam rekap.xlsx.", "Catatan")


def ranking(b: base.Builder) -> None:
    b.chapter("BAB II", "HASIL", "bab2")
    b.h("2.1 Peringkat Instansi", 2, "bab2_1")
    b.tag("{%p if has_complete %}")
    b.p("{{ ranking_note }}")
    b.tag("{%p for g in groups %}")
    b.tag("{%p if g.has_complete %}")
    b.h("{{ g.title }}", 3)
    b.table(
        ["Peringkat", "Nama Instansi", "Jenis Instansi", "{{ framework.index_name }}", "Predikat"],
        [2.3, 6.3, 3.2, 2.0, 2.2],
        loop="for r in g.ranking",
        cells=["{{ r.rank }}", "{{ r.name }}", "{{ r.kind }}", "{{ r.index }}", "{{ r.rating }}"],
        align=["c", "l", "l", "c", "c"],
    )
    b.p("")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")
    b.tag("{%p if has_chart_ranking %}")
    b.p("{{ chart_ranking }}", align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    b.p("Grafik 1. {{ framework.index_name }} per Instansi", "Caption")
    b.tag("{%p endif %}")
    b.tag("{%p else %}")
    b.p("Belum ada buku kerja yang lengkap, sehingga peringkat belum dapat disusun.")
    b.tag("{%p endif %}")
    b.tag("{%p if has_drafts %}")
    b.h("Buku Kerja Draf", 3)
    b.p(
        "Buku kerja berikut belum lengkap dan diproses sebagai draf; {{ framework.index_name }}-nya belum dapat "
        "ditetapkan sehingga tidak diberi peringkat."
    )
    b.table(
        ["Nama Instansi", "Indikator Terisi"],
        [12.0, 4.0],
        loop="for d in drafts",
        cells=["{{ d.name }}", "{{ d.completeness }}"],
        align=["l", "c"],
    )
    b.tag("{%p endif %}")


def ratings(b: base.Builder) -> None:
    b.h("2.2 Sebaran Predikat", 2, "bab2_2")
    b.p("{{ rating_sentence }}")
    b.table(
        ["Predikat", "Rentang Indeks", "Jumlah Instansi", "Persentase"],
        [4.5, 4.5, 3.5, 3.5],
        loop="for r in ratings",
        cells=["{{ r.name }}", "{{ r.range }}", "{{ r.count }}", "{{ r.percent }}"],
        align=["l", "c", "c", "c"],
    )
    b.p("")
    b.tag("{%p if has_chart_ratings %}")
    b.p("{{ chart_ratings }}", align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    b.p("Grafik 2. Sebaran Predikat", "Caption")
    b.tag("{%p endif %}")


def averages(b: base.Builder) -> None:
    b.h("2.3 Indeks Rata-rata Domain dan Aspek", 2, "bab2_3")
    b.tag("{%p if has_complete %}")
    b.p(
        "Rata-rata, nilai terendah, dan nilai tertinggi dihitung per kelompok dari instansi yang buku kerjanya "
        "lengkap; rata-rata dihitung dari nilai sebelum dibulatkan. Kelompok dengan kurang dari dua instansi "
        "lengkap tidak dirata-ratakan."
    )
    b.tag("{%p if has_chart_aspects %}")
    b.p("{{ chart_aspects }}", align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    b.p("Grafik 3. Indeks Aspek Rata-rata per Kelompok", "Caption")
    b.tag("{%p endif %}")
    head = ["No", "{{ label }}", "Rata-rata", "Predikat", "Terendah", "Tertinggi"]
    w = [1.0, 6.8, 2.0, 2.4, 1.9, 1.9]
    align = ["c", "l", "c", "c", "c", "c"]
    b.tag("{%p for g in groups %}")
    b.h("{{ g.title }}", 3)
    b.tag("{%p if g.has_average %}")
    b.tag("{%p if has_domains %}")
    b.table(
        [h.replace("{{ label }}", "Domain") for h in head],
        w,
        loop="for d in g.domains",
        cells=[
            "{{ d.number }}",
            "{{ d.name }}",
            "{{ d.mean }}",
            "{{ d.rating }}",
            "{{ d.minimum }}",
            "{{ d.maximum }}",
        ],
        align=align,
    )
    b.p("")
    b.tag("{%p endif %}")
    b.table(
        [h.replace("{{ label }}", "Aspek") for h in head],
        w,
        loop="for a in g.aspects",
        cells=[
            "{{ a.number }}",
            "{{ a.name }}",
            "{{ a.mean }}",
            "{{ a.rating }}",
            "{{ a.minimum }}",
            "{{ a.maximum }}",
        ],
        align=align,
    )
    b.p("")
    b.p(
        "{{ framework.index_name }} rata-rata: {{ g.index.mean }} (predikat {{ g.index.rating }}); median "
        "{{ g.index.median }}, terendah {{ g.index.minimum }}, tertinggi {{ g.index.maximum }}."
    )
    b.tag("{%p else %}")
    b.p("{{ g.average_sentence }}")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")
    b.tag("{%p else %}")
    b.p("Belum ada buku kerja yang lengkap, sehingga indeks rata-rata belum dapat dihitung.")
    b.tag("{%p endif %}")


def comparison(b: base.Builder) -> None:
    """Only with --pembanding; the whole section, heading included, disappears otherwise."""
    b.tag("{%p if has_comparison %}")
    b.h("2.4 Perbandingan dengan Tahun Lalu", 2, "bab2_4")
    b.p("{{ comparison.sentence }}")
    b.tag("{%p if comparison.has_rows %}")
    b.table(
        ["Nama Instansi", "Tahun Lalu", "Tahun Ini", "Perubahan", "Arah"],
        [7.6, 2.3, 2.3, 2.3, 1.9],
        loop="for c in comparison.rows",
        cells=["{{ c.name }}", "{{ c.before }}", "{{ c.after }}", "{{ c.change }}", "{{ c.direction }}"],
        align=["l", "c", "c", "c", "c"],
    )
    b.p("")
    b.tag("{%p endif %}")
    b.p("{{ comparison.new_sentence }}")
    b.tag("{%p endif %}")


def weakest(b: base.Builder) -> None:
    b.chapter("BAB III", "PERHATIAN DAN PEMBINAAN", "bab3")
    b.h("3.1 Indikator Terlemah", 2, "bab3_1")
    b.tag("{%p if has_weakest %}")
    b.p(
        "Indikator berikut memiliki rata-rata tingkat terendah dalam setiap kelompok. Indikator dengan banyak "
        "instansi di bawah tingkat {{ weak_level }} layak menjadi prioritas pembinaan bersama.",
        keep=True,
    )
    b.tag("{%p for g in groups %}")
    b.tag("{%p if g.has_weakest %}")
    b.h("{{ g.title }}", 3)
    b.table(
        ["No", "Indikator", "Aspek", "Rata-rata Tingkat", "Di Bawah Tingkat {{ weak_level }}"],
        [1.0, 8.6, 1.6, 2.3, 2.5],
        loop="for w in g.weakest",
        cells=["{{ w.number }}", "{{ w.name }}", "{{ w.aspect }}", "{{ w.mean }}", "{{ w.below }} dari {{ w.count }}"],
        align=["c", "l", "c", "c", "c"],
    )
    b.p("")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")
    b.tag("{%p else %}")
    b.p("Belum ada kelompok dengan sedikitnya dua buku kerja lengkap.")
    b.tag("{%p endif %}")


def attention(b: base.Builder) -> None:
    b.h("3.2 Instansi yang Perlu Perhatian", 2, "bab3_2")
    b.p("{{ attention_rule }}", keep=True)
    b.tag("{%p if has_attention %}")
    b.table(
        ["Peringkat dalam Kelompok", "Nama Instansi", "{{ framework.index_name }}", "Predikat", "Alasan"],
        [2.3, 5.5, 2.0, 2.2, 4.0],
        loop="for a in attention",
        cells=["{{ a.rank }}", "{{ a.name }} ({{ a.group }})", "{{ a.index }}", "{{ a.rating }}", "{{ a.reason }}"],
        align=["c", "l", "c", "c", "l"],
    )
    b.tag("{%p else %}")
    b.p("Tidak ada instansi yang memenuhi kriteria tersebut.")
    b.tag("{%p endif %}")


def problems(b: base.Builder) -> None:
    b.chapter("BAB IV", "KELENGKAPAN BUKU KERJA", "bab4")
    b.h("4.1 Buku Kerja yang Ditolak", 2, "bab4_1")
    b.tag("{%p if has_rejected %}")
    b.p(
        "Buku kerja berikut tidak diproses. Alasan yang dicantumkan adalah galat pertama; daftar lengkap galat "
        "dan peringatan setiap berkas ada pada lembar Masalah di rekap.xlsx untuk dikirimkan kembali kepada "
        "instansi."
    )
    b.table(
        ["Berkas", "Instansi", "Alasan"],
        [4.0, 4.0, 8.0],
        loop="for r in rejected",
        cells=["{{ r.source }}", "{{ r.agency }}", "{{ r.reason }}"],
    )
    b.tag("{%p else %}")
    b.p("Seluruh buku kerja yang diterima dapat diproses.")
    b.tag("{%p endif %}")
    b.tag("{%p if has_list %}")
    b.h("4.2 Instansi yang Belum Mengumpulkan", 2, "bab4_2")
    b.tag("{%p if has_missing %}")
    b.p("Sebanyak {{ counts.missing }} dari {{ counts.expected }} instansi dalam daftar belum mengirim buku kerja:")
    b.table(
        ["No", "Nama Instansi", "Jenis Instansi", "Kode"],
        [1.0, 8.5, 4.0, 2.5],
        loop="for m in missing",
        cells=["{{ m.number }}", "{{ m.name }}", "{{ m.kind }}", "{{ m.code }}"],
        align=["c", "l", "l", "c"],
    )
    b.tag("{%p else %}")
    b.p("Seluruh instansi dalam daftar telah mengirim buku kerja.")
    b.tag("{%p endif %}")
    b.tag("{%p endif %}")


def build(target: Path = TARGET) -> Path:
    doc = Document()
    base.setup_styles(doc)
    setup_page(doc)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):  # the empty first paragraph of the blank document
        body.remove(paragraph)
    b = base.Builder(doc)
    cover(b)
    base.table_of_contents(b, CONTENTS)
    overview(b)
    ranking(b)
    ratings(b)
    averages(b)
    comparison(b)
    weakest(b)
    attention(b)
    problems(b)
    closing(b)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(target)
    return target


if __name__ == "__main__":
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
    print(f"Templat ringkasan ditulis ke {out}")
