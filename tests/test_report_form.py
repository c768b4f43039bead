"""The per-agency report in its official form: kop and logo, Daftar Isi, BAB I-V, signatures,
Lampiran I and II, warnings, determinism; checked in the Word file and, where LibreOffice is
installed, in the PDF it makes (one conversion for the whole module).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import uuid
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from factories import FW, GENERATED_AT, assessment, levels
from PIL import Image, ImageDraw

from spbe_reports import render, report
from spbe_reports.evaluation import evaluate
from spbe_reports.problems import problem
from spbe_reports.settings import ROLE_ASSESSOR, ROLE_COORDINATOR, Settings, Signatory

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "laporan.docx"
AGENCY = "Dinas Kesehatan"
HEAD = ("dr. Rina Wulandari, M.Kes.", "Kepala Dinas Kesehatan", "197501012000031002")
LEAD = Signatory(ROLE_ASSESSOR, "Ketua Tim Asesor", "Dra. Siti Aminah, M.Si.", "197001011995031001", "Pembina, IV/a")
MEMBER = Signatory(ROLE_ASSESSOR, "Anggota Tim Asesor", "Budi Hartono, S.Kom.", "198205152006042003")
COORDINATOR = Signatory(ROLE_COORDINATOR, "Koordinator SPBE", "Drs. Ahmad Fauzi", "196805121994031005")
EMPTY_EXPLANATION = 3  # the indicator whose Penjelasan the agency left empty
WARNING = problem(
    "missing-explanation", f"{AGENCY}.xlsx", sheet="Penilaian", cell="H13", indicator=EMPTY_EXPLANATION, level=2
)
CHAPTERS = ["BAB I", "BAB II", "BAB III", "BAB IV", "BAB V", "LAMPIRAN I", "LAMPIRAN II"]
ANCHORS = [
    *("bab1", "bab1_1", "bab1_2", "bab1_3", "bab1_4", "bab2", "bab2_1", "bab2_2", "bab2_3"),
    *("bab3", "bab3_1", "bab3_2", "bab3_3", "bab3_4", "bab3_5", "bab3_6", "bab4", "bab4_1", "bab4_2", "bab5"),
    *("lampiran1", "lampiran2"),
]
SOFFICE = shutil.which("soffice")
needs_pdf = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice (soffice) atau pdftotext tidak terpasang"
)


# ---------------------------------------------------------------- scenario data


def written(base, *, head=HEAD):
    """``base`` (an Assessment from factories) as an agency fills it: every Penjelasan and Bukti
    written except the Penjelasan of EMPTY_EXPLANATION, and the head of the agency named."""
    name, position, nip = head
    ident = dataclasses.replace(base.identity, head_name=name, head_position=position, head_nip=nip)
    entries = tuple(
        dataclasses.replace(
            e,
            explanation="" if e.number == EMPTY_EXPLANATION else f"Penjelasan indikator {e.number}",
            evidence=f"Bukti indikator {e.number}",
        )
        for e in base.entries
    )
    return dataclasses.replace(base, identity=ident, entries=entries)


def long_road_evaluation():
    """All 47 indicators at 2 (indicator 1 at 1), two lowered by the document check: index 1,99
    (Cukup), 0,61 below Baik, a road of about twenty steps."""
    base = assessment(AGENCY, levels(2, i1=1), assessor={"dokumen": {5: 1, 6: 1}})
    return evaluate(FW, written(base))


def monitoring_evaluation():
    """Self-assessment only (a monitoring report)."""
    return evaluate(FW, written(assessment(AGENCY, levels(3, i2=2))))


def draft_evaluation():
    """An evaluation with indicator 47 not assessed yet, kept as a draft."""
    base = assessment(AGENCY, levels(3, i47=None), assessor={"dokumen": {2: 2}})
    return evaluate(FW, written(base), draft=True)


@pytest.fixture(scope="module")
def logo(tmp_path_factory) -> Path:
    """A small real PNG, as a coordinator's logo file."""
    path = tmp_path_factory.mktemp("logo") / "logo.png"
    image = Image.new("RGB", (64, 64), "white")
    ImageDraw.Draw(image).ellipse((4, 4, 60, 60), fill=(0, 90, 160))
    image.save(path)
    return path


@pytest.fixture(scope="module")
def settings(logo) -> Settings:
    return Settings(
        issuer="Pemerintah Kabupaten Sukamaju",
        unit="Tim Koordinasi SPBE",
        address="Jl. Merdeka No. 1, Sukamaju 45111",
        contact="Telp. (0231) 123456, surel spbe@sukamajukab.go.id",
        logo=logo,
        place="Sukamaju",
        assessors=(LEAD, MEMBER),
        coordinator=COORDINATOR,
    )


# ---------------------------------------------------------------- reading the documents


def paragraphs(element) -> list[str]:
    """The text of every paragraph under ``element``, line breaks as "\\n", tabs as "\\t"."""
    lines = []
    for paragraph in element.iter(qn("w:p")):
        parts = []
        for node in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
            parts.append({qn("w:br"): "\n", qn("w:tab"): "\t"}.get(node.tag, node.text or ""))
        lines.append("".join(parts))
    return lines


def body_paragraphs(path: Path) -> list[str]:
    return paragraphs(docx.Document(path).element.body)


def headers_text(path: Path) -> str:
    document = docx.Document(path)
    parts = []
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            parts += paragraphs(part._element)
    return "\n".join(parts)


def signature_lines(path: Path) -> list[str]:
    """The non-empty lines of the signature block (the table holding "Ketua Tim Asesor"/the date)."""
    document = docx.Document(path)
    blocks = [t for t in document.tables if any(", 29 November 2026" in c.text for c in t.rows[0].cells)]
    assert len(blocks) == 1
    return [line for line in paragraphs(blocks[0]._tbl) if line.strip()]


def section_text(lines: list[str], start: str, end: str) -> str:
    """The body text from the heading ``start`` to the heading ``end`` (the headings, not the Daftar Isi)."""
    text = "\n".join(lines)
    begin = text.index(start, text.index("BAB I\nPENDAHULUAN"))
    return text[begin : text.index(end, begin)]


def docpr(path: Path) -> list[tuple[str, str]]:
    """(name, descr) of every drawing in the body."""
    body = docx.Document(path).element.body
    return [(e.get("name"), e.get("descr") or "") for e in body.iter(qn("wp:docPr"))]


def pdf_pages(document: Path, out_dir: Path) -> list[str]:
    """The text of every page of the PDF LibreOffice makes of ``document`` (pdftotext, page by page)."""
    profile = out_dir / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf"]
        + ["--outdir", str(out_dir), str(document)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.rmtree(profile, ignore_errors=True)
    pdf = out_dir / document.with_suffix(".pdf").name
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def chapter_page(pages: list[str], number: str, title: str) -> int:
    """The 1-based page on which the heading "number" / "title" (two lines) stands."""
    found = [
        i
        for i, page in enumerate(pages, start=1)
        if re.search(rf"^{re.escape(number)}\n{re.escape(title)}$", page, re.MULTILINE)
    ]
    assert len(found) == 1, (number, found)
    return found[0]


# ---------------------------------------------------------------- the full evaluation report


@pytest.fixture(scope="module")
def full_report(tmp_path_factory, settings):
    """The 47-indicator evaluation with a long road, settings and one warning, rendered once."""
    ev = long_road_evaluation()
    out = tmp_path_factory.mktemp("lengkap")
    path = render.render_report(ev, TEMPLATE, out, generated_at=GENERATED_AT, settings=settings, warnings=[WARNING])
    return ev, path, body_paragraphs(path)


@pytest.fixture(scope="module")
def full_pdf(full_report, tmp_path_factory) -> list[str]:
    if SOFFICE is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) atau pdftotext tidak terpasang")
    _, path, _ = full_report
    return pdf_pages(path, tmp_path_factory.mktemp("pdf"))


def test_full_evaluation_report_has_the_kop_of_the_settings_with_its_logo(full_report):
    _, path, lines = full_report
    document = docx.Document(path)
    kop = [line for line in paragraphs(document.tables[0]._tbl) if line.strip()]
    assert kop == [
        "PEMERINTAH KABUPATEN SUKAMAJU",
        "TIM KOORDINASI SPBE",
        "Jl. Merdeka No. 1, Sukamaju 45111",
        "Telp. (0231) 123456, surel spbe@sukamajukab.go.id",
    ]
    logos = [(name, descr) for name, descr in docpr(path) if descr.startswith("Logo")]
    assert logos == [("logo.png", "Logo Pemerintah Kabupaten Sukamaju")]
    assert document.tables[0]._tbl.find(f".//{qn('wp:docPr')}") is not None  # the logo stands in the kop
    images = [p for p in document.part.package.parts if p.content_type == "image/png"]
    assert len(images) == 3  # the logo and the two charts
    assert "Disusun oleh" in lines and "Tim Koordinasi SPBE Pemerintah Kabupaten Sukamaju" in "\n".join(lines)


def test_daftar_isi_points_to_bookmarks_on_the_headings(full_report):
    _, path, _ = full_report
    body = docx.Document(path).element.body
    entries, targets = [], []
    for p in body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")).startswith("DaftarIsi"):
            instructions = "".join(t.text for t in p.iter(qn("w:instrText")))
            match = re.fullmatch(r" PAGEREF (\w+) \\h ", instructions)
            assert match, instructions
            entries.append(paragraphs(p)[0].rstrip("\t"))
            targets.append(match.group(1))
    assert targets == ANCHORS
    assert entries[0] == "BAB I PENDAHULUAN" and entries[-1] == "LAMPIRAN II DAFTAR BUKTI DUKUNG"
    headings = {}
    for p in body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")).startswith("Heading"):
            for mark in p.iter(qn("w:bookmarkStart")):
                headings[mark.get(qn("w:name"))] = paragraphs(p)[0].replace("\n", " ")
    assert set(targets) <= set(headings)  # every entry leads to a heading
    for entry, anchor in zip(entries, targets):
        assert headings[anchor] == entry  # ... and to the one it names


def test_chapters_are_headings_bab_i_to_v_then_lampiran(full_report):
    _, path, _ = full_report
    document = docx.Document(path)
    chapters = [p.text.split("\n")[0] for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters == ["DAFTAR ISI", *CHAPTERS]


def test_signatures_name_the_assessors_with_nip_and_the_head_who_acknowledges(full_report):
    _, path, _ = full_report
    lines = signature_lines(path)
    assert lines == [
        "Sukamaju, 29 November 2026",
        "Ketua Tim Asesor,",
        "Dra. Siti Aminah, M.Si.",
        "Pembina, IV/a",
        "NIP. 19700101 199503 1 001",
        "Anggota Tim Asesor,",
        "Budi Hartono, S.Kom.",
        "NIP. 19820515 200604 2 003",
        "Mengetahui,",
        "Kepala Dinas Kesehatan,",
        "dr. Rina Wulandari, M.Kes.",
        "NIP. 19750101 200003 1 002",
    ]
    assert report.format_nip("197001011995031001") == "19700101 199503 1 001"


def test_warnings_are_listed_in_catatan_kelengkapan_with_their_place(full_report):
    _, _, lines = full_report
    section = section_text(lines, "3.6 Catatan Kelengkapan", "BAB IV\nREKOMENDASI")
    assert "menemukan 1 catatan" in section
    assert f"Lembar Penilaian, sel H13\n{WARNING.message}" in section
    assert "Buku kerja terisi lengkap" not in section


def test_an_empty_penjelasan_prints_tidak_diisi(full_report):
    _, _, lines = full_report
    detail = section_text(lines, f"Indikator {EMPTY_EXPLANATION}. ", f"Indikator {EMPTY_EXPLANATION + 1}. ")
    assert "Penjelasan\ntidak diisi\nBukti Pendukung\nBukti indikator 3" in detail
    neighbour = section_text(lines, f"Indikator {EMPTY_EXPLANATION + 1}. ", f"Indikator {EMPTY_EXPLANATION + 2}. ")
    assert "Penjelasan\nPenjelasan indikator 4" in neighbour


def test_no_recommendation_step_appears_twice(full_report):
    ev, _, lines = full_report
    steps = [step for rec in ev.recommendations for step in rec.steps]
    assert len(steps) >= 40
    printed = Counter(lines)
    needed = Counter(step.criteria for step in steps)  # 45-47 share one criterion: each printed per step
    assert {criteria: printed[criteria] for criteria in needed} == dict(needed)
    headings = [line for line in lines if line.startswith("Prioritas ") and ": dari tingkat " in line]
    assert len(headings) == len(set(headings)) == len(steps)


def test_each_evidence_list_is_printed_once_and_referred_to_by_its_code(full_report):
    ev, _, lines = full_report
    steps = [step for rec in ev.recommendations for step in rec.steps if step.evidence]
    lists = list(dict.fromkeys(step.evidence for step in steps))
    assert len(lists) < len(steps)  # some steps share a list: printed once for all of them
    appendix = lines[lines.index("LAMPIRAN II\nDAFTAR BUKTI DUKUNG") :]
    codes = [line.split(".")[0] for line in appendix if re.match(r"B\d+\. Untuk indikator ", line)]
    assert codes == [f"B{n}" for n in range(1, len(lists) + 1)]

    def occurrences(items) -> int:
        return sum(1 for i in range(len(lines)) if tuple(lines[i : i + len(items)]) == items)

    assert {items: occurrences(items) for items in lists} == {items: 1 for items in lists}
    owners = Counter(item for items in lists for item in set(items))
    own_items = [item for item, count in owners.items() if count == 1]
    assert own_items and all(Counter(lines)[item] == 1 for item in own_items)
    references = Counter(line for line in lines if re.fullmatch(r"Daftar B\d+ pada Lampiran II", line))
    assert sum(references.values()) == len(steps) and len(references) == len(lists)


def test_shared_evidence_list_names_every_indicator_that_needs_it(full_report):
    ev, _, lines = full_report
    steps = [step for rec in ev.recommendations for step in rec.steps if step.evidence]
    shared = next(items for items, count in Counter(s.evidence for s in steps).items() if count > 1)
    users = [s for s in steps if s.evidence == shared]
    start = next(i for i in range(len(lines)) if tuple(lines[i : i + len(shared)]) == shared)
    heading = lines[start - 1]
    for step in users:
        assert re.search(rf"\b{step.indicator}\b", heading), heading
    assert heading.startswith("B") and "(menuju tingkat" in heading


def test_priority_table_leads_with_the_whole_road(full_report):
    ev, path, _ = full_report
    table = next(t for t in docx.Document(path).tables if t.rows[0].cells[-1].text == "Keterangan")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    road = list(dict.fromkeys(step.indicator for step in ev.road.steps))
    assert len(road) > report.TOP_PRIORITIES  # a long road: the table is longer than 10 rows, but only by the road
    assert len(rows) == len(road)
    assert [int(r[0]) for r in rows] == road and {r[-1] for r in rows} == {"jalan tersingkat"}
    assert rows[-1][5] == "2,60"  # the index after the last road step: the next predikat reached


@needs_pdf
def test_daftar_isi_page_numbers_match_the_pages_of_the_chapters(full_pdf):
    pages = full_pdf
    contents = next(i for i, page in enumerate(pages, start=1) if "DAFTAR ISI" in page.splitlines())
    entries = {}
    for line in pages[contents - 1].splitlines():
        match = re.fullmatch(r"(.+?)\s*\.{3,}\s*(\d+)", line.strip())
        if match:
            entries[match.group(1)] = int(match.group(2))
    assert len(entries) == len(ANCHORS)  # every entry ends with its page number
    assert all(page > contents for page in entries.values())
    for chapter, title in [
        ("BAB I", "PENDAHULUAN"),
        ("BAB II", "METODOLOGI"),
        ("BAB III", "HASIL EVALUASI"),
        ("BAB IV", "REKOMENDASI"),
        ("BAB V", "PENUTUP"),
        ("LAMPIRAN I", "RINCIAN PER INDIKATOR"),
        ("LAMPIRAN II", "DAFTAR BUKTI DUKUNG"),
    ]:
        assert entries[f"{chapter} {title}"] == chapter_page(pages, chapter, title), chapter
    assert entries["3.6 Catatan Kelengkapan"] >= entries["BAB III HASIL EVALUASI"]


@needs_pdf
def test_body_of_a_long_road_report_is_at_most_twelve_pages(full_pdf):
    pages = full_pdf
    first = chapter_page(pages, "BAB I", "PENDAHULUAN")
    appendix = chapter_page(pages, "LAMPIRAN I", "RINCIAN PER INDIKATOR")
    assert 5 <= appendix - first <= 12  # pages BAB I .. the page before LAMPIRAN I
    assert "PEMERINTAH KABUPATEN SUKAMAJU" in pages[0] and "TIM KOORDINASI SPBE" in pages[0]
    closing = pages[appendix - 2]
    assert "Mengetahui," in closing and "NIP. 19750101 200003 1 002" in closing  # signed before the appendix


# ---------------------------------------------------------------- monitoring, no settings, draft


def test_monitoring_report_is_signed_by_the_coordinator_without_mengetahui(tmp_path, settings):
    path = render.render_report(
        monitoring_evaluation(), TEMPLATE, tmp_path, generated_at=GENERATED_AT, settings=settings
    )
    lines = body_paragraphs(path)
    assert "LAPORAN HASIL PEMANTAUAN SPBE" in lines
    assert signature_lines(path) == [
        "Sukamaju, 29 November 2026",
        "Koordinator SPBE,",
        "Drs. Ahmad Fauzi",
        "NIP. 19680512 199403 1 005",
    ]
    text = "\n".join(lines)
    assert "Mengetahui" not in text and HEAD[0] not in text
    assert LEAD.name not in text and MEMBER.name not in text


@pytest.mark.parametrize("scenario", ["evaluasi", "pemantauan"])
def test_report_without_settings_has_a_plain_kop_and_dotted_lines(tmp_path, scenario):
    if scenario == "evaluasi":
        ev = evaluate(FW, written(assessment(AGENCY, 3, assessor={"dokumen": {2: 2}}), head=("", "", "")))
    else:
        ev = monitoring_evaluation()
    path = render.render_report(ev, TEMPLATE, tmp_path, generated_at=GENERATED_AT)
    document = docx.Document(path)
    kop = [line for line in paragraphs(document.tables[0]._tbl) if line.strip()]
    assert kop == ["PEMANTAUAN DAN EVALUASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK", "Menurut PermenPANRB 59/2020"]
    assert not [d for _, d in docpr(path) if d.startswith("Logo")]
    assert "Disusun oleh" not in body_paragraphs(path)
    dotted = f"{report.PLACE_BLANK}, 29 November 2026"
    if scenario == "evaluasi":
        expected = [dotted]
        for caption in ("Ketua Tim Asesor,", "Anggota Tim Asesor,"):
            expected += [caption, report.SIGNATURE_BLANK, report.NIP_BLANK]
        expected += ["Mengetahui,", f"Pimpinan {AGENCY},", report.SIGNATURE_BLANK, report.NIP_BLANK]
    else:
        expected = [dotted, "Koordinator SPBE,", report.SIGNATURE_BLANK, report.NIP_BLANK]
    assert signature_lines(path) == expected  # nothing but captions and lines to write on


def test_draft_report_renders_and_says_draf(tmp_path, settings):
    ev = draft_evaluation()
    path = render.render_report(ev, TEMPLATE, tmp_path, generated_at=GENERATED_AT, settings=settings)
    lines = body_paragraphs(path)
    assert ev.draft and not ev.final.complete
    assert "DRAF" in lines  # on the cover
    assert "DRAF - BELUM FINAL" in headers_text(path)  # on every page
    assert any(line.startswith("Catatan: dokumen ini adalah DRAF.") for line in lines)
    assert f"Indeks SPBE {AGENCY} belum dapat dihitung karena nilai sebagian indikator belum diisi." in lines
    assert not (tmp_path / render.RADAR_NAME).exists()


def test_draft_closing_paragraph_starts_its_sentence_with_a_capital(tmp_path):
    path = render.render_report(draft_evaluation(), TEMPLATE, tmp_path, generated_at=GENERATED_AT)
    closing = next(line for line in body_paragraphs(path) if line.startswith("Demikian laporan hasil"))
    assert "ini disusun. Laporan ini masih berupa draf" in closing


def test_cover_names_the_issuer_in_bold_without_markup(full_report):
    _, path, _ = full_report
    document = docx.Document(path)
    issuer = next(p for p in document.paragraphs if "Tim Koordinasi SPBE Pemerintah Kabupaten Sukamaju" in p.text)
    assert issuer.text == "Tim Koordinasi SPBE Pemerintah Kabupaten Sukamaju"
    assert all(run.bold for run in issuer.runs if run.text.strip())


# ---------------------------------------------------------------- determinism and images


def test_same_evaluation_twice_gives_identical_parts_and_described_images(tmp_path, settings):
    ev = long_road_evaluation()
    paths = [
        render.render_report(ev, TEMPLATE, tmp_path / run, generated_at=GENERATED_AT, settings=settings)
        for run in ("pertama", "kedua")
    ]
    contents = []
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n in ("word/document.xml", "word/settings.xml")]
            names += sorted(n for n in archive.namelist() if n.startswith("word/media/"))
            contents.append({name: archive.read(name) for name in names})
    first, second = contents
    assert len([n for n in first if n.startswith("word/media/")]) == 3
    assert first.keys() == second.keys() and len(first) == 5
    assert [n for n in first if first[n] != second[n]] == []
    assert b"w:updateFields" in first["word/settings.xml"]
    drawings = dict(docpr(paths[0]))
    assert set(drawings) == {"logo.png", render.RADAR_NAME, render.DOMAIN_NAME}
    assert drawings[render.RADAR_NAME].startswith("Grafik radar indeks aspek. Nilai Akhir: 1. ")
    assert drawings[render.DOMAIN_NAME].startswith("Grafik batang indeks domain. Nilai Akhir: ")
    assert all(drawings.values())
