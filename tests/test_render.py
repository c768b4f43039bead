"""Rendering the Word report from the real template, checked by extracted text (never bytes)."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm

from spbe_reports import charts, framework, render, report
from spbe_reports.assessment import Assessment, Entry, Identity
from spbe_reports.evaluation import evaluate
from spbe_reports.formatting import short_name
from spbe_reports.scoring import score

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "laporan.docx"
FW = framework.load()
STAGES = ("mandiri", "dokumen", "interviu", "visitasi")
WHEN = datetime(2026, 11, 29, 10, 0)
TRICKY_NAME = 'Dinas Kominfo & Statistik <Kota "Contoh">'
TRICKY_TEXT = "Penjelasan A & B <lengkap> {{ 7*7 }} {% if x %}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def make_evaluation(levels, assessor=None, *, name=TRICKY_NAME, draft=False, target_index=None):
    assessor = assessor or {}
    entries = tuple(
        Entry(
            ind.number,
            {"mandiri": levels.get(ind.number), **{s: assessor.get(s, {}).get(ind.number) for s in STAGES[1:]}},
            explanation=TRICKY_TEXT if ind.number == 1 else f"Penjelasan indikator {ind.number}",
            evidence="https://contoh.go.id/bukti?a=1&b=2" if ind.number == 1 else "",
            assessor_note="Notula belum ditandatangani" if ind.number == 2 else "",
        )
        for ind in FW.indicators
    )
    ident = Identity(
        name=name,
        kind="Pemerintah Kota",
        year=2026,
        coordinator="Ir. Sekretaris Daerah",
        responsible="Budi Santoso, S.Kom.",
        data_entry="Ani",
        members=("Andi",),
        services=("Perizinan Berusaha", "Kesehatan", "Pendidikan"),
    )
    a = Assessment(source="kominfo.xlsx", framework_id=FW.id, identity=ident, entries=entries, stages=STAGES)
    return evaluate(FW, a, draft=draft, target_index=target_index)


def uniform(level):
    return {ind.number: level for ind in FW.indicators}


def docx_text(path: Path) -> str:
    """Every paragraph of the body (tables included), headers and footers, one per line."""
    document = docx.Document(path)
    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            parts.append(part._element)
    lines = []
    for element in parts:
        for paragraph in element.iter(qn("w:p")):
            lines.append("".join(_run_text(node) for node in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab"))))
    return "\n".join(lines)


def _run_text(node) -> str:
    """The text of a w:t, or the line break / tab it stands for ("BAB I" / "PENDAHULUAN" on two lines)."""
    if node.tag == qn("w:br"):
        return "\n"
    if node.tag == qn("w:tab"):
        return "\t"
    return node.text or ""


@pytest.fixture(scope="module")
def evaluasi_report(tmp_path_factory):
    """Levels 3 with indicator 2 lowered to 2 by the document stage, and a batch average."""
    ev = make_evaluation(uniform(3), {"dokumen": {2: 2}})
    out = tmp_path_factory.mktemp("evaluasi")
    path = render.render_report(ev, TEMPLATE, out, generated_at=WHEN, average=score(FW, uniform(4)))
    return ev, path, docx_text(path)


@pytest.fixture(scope="module")
def draft_report(tmp_path_factory):
    """A self-assessment only, rendered as a draft with indicator 47 still empty."""
    levels = uniform(3)
    del levels[47]
    ev = make_evaluation(levels, name="Badan Perencanaan", draft=True)
    out = tmp_path_factory.mktemp("draft")
    (out / render.RADAR_NAME).write_bytes(PNG_MAGIC)  # left by an earlier, complete run
    path = render.render_report(ev, TEMPLATE, out, generated_at=WHEN)
    return ev, path, docx_text(path)


def test_text_with_markup_characters_prints_as_typed(evaluasi_report):
    _, _, text = evaluasi_report
    assert TRICKY_NAME in text
    assert TRICKY_TEXT in text  # "{{ 7*7 }}" is data: printed literally, never evaluated
    assert "https://contoh.go.id/bukti?a=1&b=2" in text
    assert "&amp;" not in text and "&lt;" not in text and "&#34;" not in text


def test_index_rating_and_title_of_an_evaluasi(evaluasi_report):
    ev, _, text = evaluasi_report
    shown = format(ev.final.index_display, "f").replace(".", ",")
    assert shown == "2,99"  # 3,00 minus one level of a 1,3% indicator: 2,987
    assert f"Indeks SPBE sebesar {shown} dengan predikat Baik" in text
    assert "LAPORAN HASIL EVALUASI SPBE" in text and "Laporan Hasil Evaluasi SPBE Tahun 2026" in text  # cover, footer
    assert "LAPORAN HASIL PEMANTAUAN" not in text and "Laporan Hasil Pemantauan" not in text
    assert "BAB III\nHASIL EVALUASI" in text and "hasil evaluasi SPBE" in text
    assert "Perubahan terhadap Penilaian Mandiri" in text  # the table of the stages
    assert "Notula belum ditandatangani" in text
    assert "DRAF" not in text


def test_average_column_appears_when_given(evaluasi_report, draft_report):
    _, path, text = evaluasi_report
    assert "Rata-rata instansi sejenis\n4,00 (Sangat Baik)" in text  # the summary row, under its label
    tables = [t for t in docx.Document(path).tables if t.rows[0].cells[-1].text == "Rata-rata kelompok"]
    assert [t.rows[0].cells[1].text for t in tables] == ["Domain", "Aspek"]  # both score tables have the column
    assert [len(t.rows) - 1 for t in tables] == [4, 8]
    assert {row.cells[-1].text for t in tables for row in t.rows[1:]} == {"4,00"}
    _, _, without = draft_report
    assert "Rata-rata kelompok" not in without and "Rata-rata seluruh instansi" not in without


def test_every_table_has_rows_beyond_its_header(evaluasi_report, draft_report):
    for _, path, _ in (evaluasi_report, draft_report):
        tables = docx.Document(path).tables
        headed = [t for t in tables if t.rows and t.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]
        assert len(tables) > 10 and len(headed) > 5
        assert all(len(table.rows) >= 1 for table in tables)  # the kop and the signature block have no header
        assert all(len(table.rows) >= 2 for table in headed)  # no table is left with its header alone


def test_no_template_tags_survive(evaluasi_report, draft_report):
    for _, _path, text in (evaluasi_report, draft_report):
        without_data = text.replace(TRICKY_TEXT, "")
        assert "{{" not in without_data and "{%" not in without_data and "%}" not in without_data


def test_draft_pemantauan_report(draft_report):
    _, path, text = draft_report
    assert "LAPORAN HASIL PEMANTAUAN SPBE" in text
    assert "EVALUASI SPBE" not in text
    assert "DRAF - BELUM FINAL" in text  # the header on every page
    assert "\nDRAF\n" in text  # on the cover
    assert "dokumen ini adalah DRAF" in text
    assert "Indeks SPBE Badan Perencanaan belum dapat dihitung" in text
    assert "Jalan menuju predikat berikutnya belum dapat dihitung" in text
    assert "tahap penilaian oleh asesor (dokumen, interviu, visitasi) belum diisi" in text  # 3.4 says why it is empty
    assert "Perubahan terhadap Penilaian Mandiri" not in text  # no table of stages
    assert "Rata-rata seluruh instansi" not in text
    assert not (path.parent / render.RADAR_NAME).exists()  # no chart of an incomplete index, old one removed


def test_target_index_adds_its_own_steps_after_the_road_to_the_next_predikat(tmp_path, evaluasi_report):
    levels = uniform(3) | {n: 4 for n in range(11, 31)}  # exactly 3,40 Baik; next band 3,50
    ev = make_evaluation(levels, target_index=Decimal("3.45"))
    text = docx_text(render.render_report(ev, TEMPLATE, tmp_path, generated_at=WHEN))
    body = text[text.index("BAB IV\nREKOMENDASI") :]  # past the Daftar Isi, which lists the same headings
    section = body[body.index("4.1 Jalan Menuju Predikat Berikutnya") : body.index("4.2 Prioritas Perbaikan")]
    road = section.index("Indeks SPBE 3,40 berada 0,10 poin di bawah batas predikat Sangat Baik (3,50).")
    target = section.index(
        "Untuk mencapai Indeks SPBE 3,45 (predikat Baik) yang ditetapkan sebagai target, paling sedikit "
        "diperlukan 2 langkah berikut:"
    )
    assert road < target
    after = section[target:]
    table = after[after.index("Indeks setelah langkah") :]
    first, second = ev.target_road.steps  # two steps of 3% indicators: 3,40 -> 3,43 -> 3,46
    expected = []
    for number, (step, after_step) in enumerate(((first, "3,43"), (second, "3,46")), start=1):
        name = short_name(FW.indicator(step.indicator))
        expected += [str(number), str(step.indicator), name, str(step.from_level), str(step.to_level), after_step]
    assert table.split("\n")[1:13] == expected
    _, _, without = evaluasi_report
    assert "yang ditetapkan sebagai target" not in without and "BAB IV\nREKOMENDASI" in without


def test_charts_are_written_as_png_beside_the_report(evaluasi_report):
    _, path, _ = evaluasi_report
    assert path.name == "laporan.docx"
    for name in (render.RADAR_NAME, render.DOMAIN_NAME):
        assert (path.parent / name).read_bytes().startswith(PNG_MAGIC)
    images = [p for p in docx.Document(path).part.package.parts if p.content_type == "image/png"]
    assert len(images) == 2
    assert not list(path.parent.glob(".spbe-tmp-*"))


def _tiny_template(path: Path, *lines: str) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def test_missing_variable_names_the_variable_and_the_template(tmp_path):
    template = _tiny_template(tmp_path / "laporan-ubahan.docx", "Instansi: {{ agency.name }}", "{{ nama_kepala }}")
    ev = make_evaluation(uniform(3))
    with pytest.raises(render.TemplateError) as caught:
        render.render_report(ev, template, tmp_path / "out", generated_at=WHEN)
    message = str(caught.value)
    assert "nama_kepala" in message and "laporan-ubahan.docx" in message
    assert not (tmp_path / "out" / "laporan.docx").exists()
    assert not list((tmp_path / "out").glob("*.png"))  # nothing half written


@pytest.fixture(scope="module")
def plain_context():
    return report.build_context(make_evaluation(uniform(3)), generated_at=WHEN)


def _fill(template: Path, context: dict) -> str:
    """Render a template without charts (render_document only) and return its text."""
    document = render.open_template(template)
    render.render_document(document, context, template)
    out = template.with_name("hasil.docx")
    document.save(out)
    return docx_text(out)


def test_missing_attribute_is_named(tmp_path, plain_context):
    template = _tiny_template(tmp_path / "t.docx", "{{ agency.nama }}")
    with pytest.raises(render.TemplateError, match="'nama'"):
        _fill(template, plain_context)


def test_broken_tag_is_a_template_error(tmp_path, plain_context):
    template = _tiny_template(tmp_path / "rusak.docx", "{% if draft %}", "tanpa penutup")
    with pytest.raises(render.TemplateError, match="rusak.docx"):
        _fill(template, plain_context)


def test_a_tiny_template_renders_escaped_text(tmp_path, plain_context):
    template = _tiny_template(tmp_path / "t.docx", "{{ agency.name }} | {{ index }} | {{ rating }}")
    assert _fill(template, plain_context).splitlines()[0] == f"{TRICKY_NAME} | 3,00 | Baik"


def test_missing_or_unreadable_template(tmp_path):
    with pytest.raises(render.TemplateError, match="tidak ditemukan"):
        render.render_report(make_evaluation(uniform(3)), tmp_path / "tidak-ada.docx", tmp_path, generated_at=WHEN)
    fake = tmp_path / "palsu.docx"
    fake.write_text("bukan dokumen Word")
    with pytest.raises(render.TemplateError, match="palsu.docx"):
        render.render_report(make_evaluation(uniform(3)), fake, tmp_path, generated_at=WHEN)


def test_template_messages_name_the_file_not_the_kind_of_document(tmp_path):
    missing = tmp_path / "ringkasan.docx"
    with pytest.raises(render.TemplateError) as caught:
        render.open_template(missing)
    assert str(caught.value) == f"Templat '{missing}' tidak ditemukan. Lihat {render.DOCS}."
    template = _tiny_template(tmp_path / "ringkasan-ubahan.docx", "{{ jumlah_instansi }}")
    with pytest.raises(render.TemplateError) as caught:
        render.render_document(render.open_template(template), {}, template)
    message = str(caught.value)
    assert message.startswith(f"Templat '{template}' memakai variabel 'jumlah_instansi'")
    assert render.DOCS in message and "laporan" not in message.replace(render.DOCS, "")


@pytest.mark.parametrize("name", ["laporan.docx", "ringkasan.docx"])
def test_footer_tab_stops_at_the_right_margin_only(name):
    section = docx.Document(ROOT / "templates" / name).sections[0]
    footer = section.footer.paragraphs[0]
    own = [(stop.position, stop.alignment) for stop in footer.paragraph_format.tab_stops]
    inherited = [stop.position for stop in footer.style.paragraph_format.tab_stops]
    assert inherited  # the Footer style brings centre and right stops of its own ...
    assert all((position, WD_TAB_ALIGNMENT.CLEAR) in own for position in inherited)  # ... cleared here
    [right] = [position for position, alignment in own if alignment == WD_TAB_ALIGNMENT.RIGHT]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert abs(right - text_width) < Cm(0.01)
    assert "\tHalaman " in footer.text


def test_domain_chart_guides_are_the_frameworks_band_bounds(tmp_path, monkeypatch):
    seen = []
    draw = charts.domain_chart

    def spy(labels, series, path, guides=()):
        seen.append(list(guides))
        return draw(labels, series, path, guides)

    monkeypatch.setattr(charts, "domain_chart", spy)
    render.render_report(make_evaluation(uniform(3)), TEMPLATE, tmp_path, generated_at=WHEN)
    assert seen == [[1.8, 2.6, 3.5, 4.2]]  # Cukup, Baik, Sangat Baik, Memuaskan under 59/2020


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) tidak terpasang")
def test_libreoffice_converts_the_report_to_pdf(evaluasi_report, tmp_path):
    _, path, _ = evaluasi_report
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "laporan.pdf"
    assert pdf.exists()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext tidak terpasang")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    assert "2,99" in text
    assert "Dinas Kominfo & Statistik" in text
    assert "LAPORAN HASIL EVALUASI SPBE" in text
