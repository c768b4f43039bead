"""The fast report path gives the reports the docxtpl path gives: same text, numbers, tables and pictures.

Reports are filled from a template prepared once per process (spbe_reports.docxpack) and
charts drawn over the pixels of their fixed parts (charts._draw_on_frame). Each test renders
the same evaluation the fast way and the old way (docxtpl opening, filling and saving the
whole document; matplotlib drawing the whole figure) and compares what a reader gets.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import sys
import threading
import uuid
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from lxml import etree
from PIL import Image, ImageChops

from spbe_reports import charts, docxpack, framework, render, templatecheck

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "laporan.docx"
LOGO = ROOT / "input" / "logo.png"
FW = framework.load()
WHEN = datetime(2026, 11, 29, 10, 0)
SAMPLES = {sample.name: sample for sample in templatecheck.report_samples(FW)}
ASPECTS = [f"{a.number}. {a.name}" for a in FW.aspects]
DOMAINS = [d.name for d in FW.domains]
GUIDES = [1.8, 2.6, 3.5, 4.2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def _settings(with_logo: bool):
    return dataclasses.replace(templatecheck.full_settings(), logo=LOGO) if with_logo else None


def _render(sample, template: Path, out: Path, settings, *, slow: bool, monkeypatch) -> Path:
    """render_report as it runs, or as it ran before: docxtpl opening and saving every report."""
    with monkeypatch.context() as patched:
        if slow:
            patched.setattr(render, "open_report_template", render.open_template)
        return render.render_report(
            sample.evaluation,
            template,
            out,
            generated_at=WHEN,
            average=sample.average,
            average_label=sample.average_label,
            settings=settings,
            warnings=sample.warnings,
        )


def _elements(xml: bytes) -> list[tuple]:
    """Every element of an XML part with its attributes and text: the part as a reader gets it.

    Where namespaces are declared is no part of it, nor is blank text between elements (the
    line breaks LibreOffice writes between them, which python-docx drops when it re-saves a
    part and the fast path, copying the part, keeps); text in a leaf element (w:t) is kept.
    """

    def text(value: str | None, between: bool) -> str | None:
        return None if between and value is not None and not value.strip() else value

    return [
        (e.tag, sorted(e.attrib.items()), text(e.text, len(e) > 0), text(e.tail, True))
        for e in etree.fromstring(xml).iter()
    ]


def _content_types(xml: bytes, names: list[str]) -> dict[str, str | None]:
    """The content type [Content_Types].xml gives each member: its Override, or the Default of its extension."""
    root = etree.fromstring(xml)
    overrides = {e.get("PartName"): e.get("ContentType") for e in root if e.tag.endswith("Override")}
    defaults = {e.get("Extension").lower(): e.get("ContentType") for e in root if e.tag.endswith("Default")}
    return {
        name: overrides.get(f"/{name}", defaults.get(name.rsplit(".", 1)[-1].lower()))
        for name in names
        if name != "[Content_Types].xml"
    }


def assert_same_document(fast: Path, slow: Path) -> None:
    """Both .docx hold the same parts; XML parts the same elements, text and attributes; pictures the same bytes."""
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(slow) as b:
        assert a.testzip() is None
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            mine, theirs = a.read(name), b.read(name)
            if name == "[Content_Types].xml":  # python-docx writes it anew, in its own order and words
                names = a.namelist()
                assert _content_types(mine, names) == _content_types(theirs, names)
                assert None not in _content_types(mine, names).values()
            elif name.endswith((".xml", ".rels")):
                assert _elements(mine) == _elements(theirs), name
            else:
                assert mine == theirs, name


def _body(path: Path):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def _paragraphs(body) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]


def _tables(body) -> list[list[list[str]]]:
    return [
        [
            ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in row.iter(f"{W}tc")]
            for row in table.iter(f"{W}tr")
        ]
        for table in body.iter(f"{W}tbl")
    ]


def _extents(body) -> list[tuple[str, str]]:
    return [(e.get("cx"), e.get("cy")) for e in body.iter(f"{WP}extent")]


@pytest.mark.parametrize(
    ("name", "with_logo"),
    [
        ("evaluasi lengkap", True),
        ("pemantauan lengkap", False),
        ("draf pemantauan", False),
        ("draf evaluasi", True),
        ("predikat tertinggi", True),
        ("predikat terendah", False),
    ],
)
def test_the_fast_path_writes_the_report_docxtpl_writes(tmp_path, monkeypatch, name, with_logo):
    sample = SAMPLES[name]
    settings = _settings(with_logo)
    fast = _render(sample, TEMPLATE, tmp_path / "cepat", settings, slow=False, monkeypatch=monkeypatch)
    slow = _render(sample, TEMPLATE, tmp_path / "lambat", settings, slow=True, monkeypatch=monkeypatch)
    assert_same_document(fast, slow)
    # What a reader sees, said once more in plain terms: the text, the tables, the pictures' sizes.
    mine, theirs = _body(fast), _body(slow)
    assert _paragraphs(mine) == _paragraphs(theirs)
    assert _tables(mine) == _tables(theirs) and len(_tables(mine)) > 5
    drawn = [chart for chart in (render.RADAR_NAME, render.DOMAIN_NAME) if (fast.parent / chart).exists()]
    assert drawn == [chart for chart in (render.RADAR_NAME, render.DOMAIN_NAME) if (slow.parent / chart).exists()]
    assert _extents(mine) == _extents(theirs) and len(_extents(mine)) == len(drawn) + with_logo
    for chart in drawn:
        assert (fast.parent / chart).read_bytes() == (slow.parent / chart).read_bytes()


def test_the_report_template_is_filled_by_the_fast_path():
    assert isinstance(render.open_report_template(TEMPLATE), docxpack.Filling)


def test_a_report_is_the_same_bytes_every_time(tmp_path):
    sample = SAMPLES["evaluasi lengkap"]
    first = render.render_report(sample.evaluation, TEMPLATE, tmp_path / "a", generated_at=WHEN, average=sample.average)
    second = render.render_report(
        sample.evaluation, TEMPLATE, tmp_path / "b", generated_at=WHEN, average=sample.average
    )
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 29, 10, 0, 0)}


@pytest.fixture(scope="module")
def libreoffice_template(tmp_path_factory) -> Path:
    """The report template opened and saved again by LibreOffice Writer, as a coordinator might."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) tidak terpasang")
    folder = tmp_path_factory.mktemp("libreoffice")
    profile = folder / f"profil-{uuid.uuid4().hex}"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder / "hasil"),
            str(TEMPLATE),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = folder / "hasil" / "laporan.docx"
    assert saved.exists()
    with zipfile.ZipFile(saved) as archive:
        assert "LibreOffice" in archive.read("docProps/app.xml").decode()  # really written by Writer
    return saved


@pytest.mark.parametrize("name", ["evaluasi lengkap", "draf pemantauan"])
def test_a_template_saved_again_by_libreoffice_fills_the_same_both_ways(
    tmp_path, monkeypatch, libreoffice_template, name
):
    sample = SAMPLES[name]
    assert isinstance(render.open_report_template(libreoffice_template), docxpack.Filling)
    fast = _render(
        sample, libreoffice_template, tmp_path / "cepat", _settings(True), slow=False, monkeypatch=monkeypatch
    )
    slow = _render(
        sample, libreoffice_template, tmp_path / "lambat", _settings(True), slow=True, monkeypatch=monkeypatch
    )
    assert_same_document(fast, slow)
    text = "\n".join(_paragraphs(_body(fast)))
    assert sample.evaluation.assessment.identity.name in text
    left = text.replace(templatecheck.TRICKY_TEXT, "")  # data that looks like a tag, printed as typed
    assert "{{" not in left and "{%" not in left


def _tiny_template(path: Path, *lines: str) -> Path:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def test_an_edited_template_is_prepared_again(tmp_path):
    template = _tiny_template(tmp_path / "t.docx", "Versi satu: {{ agency.name }}")
    sample = SAMPLES["pemantauan lengkap"]
    first = render.render_report(sample.evaluation, template, tmp_path / "a", generated_at=WHEN)
    _tiny_template(template, "Versi dua: {{ agency.name }}")
    second = render.render_report(sample.evaluation, template, tmp_path / "b", generated_at=WHEN)
    assert _paragraphs(_body(first))[0].startswith("Versi satu")
    assert _paragraphs(_body(second))[0].startswith("Versi dua")


def test_a_package_the_fast_path_does_not_know_is_filled_by_docxtpl(tmp_path, monkeypatch):
    """A template without document properties (python-docx would add them): filled by docxtpl as before."""
    made = _tiny_template(tmp_path / "asal.docx", "Instansi: {{ agency.name }}")
    template = tmp_path / "tanpa-properti.docx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                continue
            if info.filename == "_rels/.rels":
                root = etree.fromstring(data)
                for rel in list(root):
                    if rel.get("Target", "").endswith("core.xml"):
                        root.remove(rel)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    assert not isinstance(render.open_report_template(template), docxpack.Filling)
    sample = SAMPLES["pemantauan lengkap"]
    path = render.render_report(sample.evaluation, template, tmp_path / "keluaran", generated_at=WHEN)
    assert _paragraphs(_body(path))[0] == f"Instansi: {sample.evaluation.assessment.identity.name}"


def test_a_table_that_needs_fixing_is_fixed_as_docxtpl_fixes_it():
    """A row with more cells than its grid: docxtpl widens the grid; the fast path lets it."""
    xml = (
        f'<w:body xmlns:w="{W[1:-1]}"><w:tbl><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid>'
        "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body>"
    )
    prepared = docxpack.prepare(TEMPLATE, TEMPLATE.read_bytes(), render.open_template(TEMPLATE))
    assert not docxpack._tables_need_fixing(etree.fromstring(TEMPLATE_BODY_OK), W)
    assert docxpack._tables_need_fixing(etree.fromstring(xml), W)
    fixed = prepared.new_document().fix_tables(xml)
    expected = render.open_template(TEMPLATE).fix_tables(xml)
    assert etree.tostring(fixed) == etree.tostring(expected)
    assert len(fixed.findall(f".//{W}gridCol")) == 2


TEMPLATE_BODY_OK = (
    f'<w:body xmlns:w="{W[1:-1]}"><w:tbl><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>'
    '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p/></w:tc></w:tr>'
    "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body>"
)


def test_memory_stays_flat_over_many_reports(tmp_path):
    """Resident memory after 60 reports in one process is about what it is after 15 (it grew
    by 2,6-3,6 MiB a report when every report left its document trees to the garbage collector)."""
    script = f"""
import sys
from datetime import datetime
from pathlib import Path
from spbe_reports import framework, render, templatecheck

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024

samples = templatecheck.report_samples(framework.load())
out = Path({str(tmp_path)!r})
marks = {{}}
for i in range(60):
    sample = samples[i % len(samples)]
    render.render_report(sample.evaluation, Path({str(TEMPLATE)!r}), out / str(i % 3), generated_at=datetime(2026, 1, 1),
                         average=sample.average, warnings=sample.warnings)
    if i + 1 in (15, 60):
        marks[i + 1] = rss()
print(marks[15], marks[60])
"""
    if not Path("/proc/self/status").exists():
        pytest.skip("/proc tidak tersedia")
    result = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, timeout=600)
    after_15, after_60 = map(float, result.stdout.split())
    assert (after_60 - after_15) / 45 < 0.3  # MiB a report


# --- charts ----------------------------------------------------------------------------------------


def _pixels(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def _on_a_new_thread(draw):
    """What ``draw`` returns when run on a thread of its own, so with chart frames built afresh."""
    result = []
    thread = threading.Thread(target=lambda: result.append(draw()))
    thread.start()
    thread.join()
    return result[0]


def _whole_draw(frame) -> bool:
    """The old drawing: matplotlib draws the whole figure, fixed parts and all."""
    frame.ax.figure.canvas.draw()
    return charts._text_overflows(frame.ax.figure)


_RADAR_FRAME = charts._radar_frame


def _old_radar_frame(labels):
    """The radar frame as it was: grid, scale and circle over the filled area, labels at zorder 3."""
    ax = _RADAR_FRAME(labels)
    ax.set_axisbelow("line")
    for spine in ax.spines.values():
        spine.set_zorder(2.5)
    for text in ax.texts:
        text.set_zorder(3)
    return ax


RADAR_SERIES = [("Nilai Akhir", [3.3, 3.75, 3.5, 2.5, 1.88, 2.33, 3.9, 4.0]), ("Rata-rata", [2.5] * 8)]
DOMAIN_SERIES = [("Nilai Akhir", [3.0, 2.5, 1.0, 4.25]), ("Rata-rata", [3.0, 3.1, 2.2, 5.0])]


def _radar() -> bytes:
    out = io.BytesIO()
    charts.radar_chart(ASPECTS, RADAR_SERIES, out)
    return out.getvalue()


def _domain() -> bytes:
    out = io.BytesIO()
    charts.domain_chart(DOMAINS, DOMAIN_SERIES, out, GUIDES)
    return out.getvalue()


@pytest.mark.parametrize("draw", [_radar, _domain], ids=["radar", "domain"])
def test_drawing_over_the_kept_pixels_is_the_whole_draw(monkeypatch, draw):
    """The domain chart's frame is as it was, so this is also the old picture, pixel for pixel."""
    _on_a_new_thread(draw)  # warm: the first chart on a frame draws its fixed parts
    fast = _on_a_new_thread(lambda: (draw(), draw())[1])  # a chart drawn over the kept pixels
    monkeypatch.setattr(charts, "_draw_on_frame", _whole_draw)
    whole = _on_a_new_thread(draw)
    assert ImageChops.difference(_pixels(fast), _pixels(whole)).getbbox() is None  # not one pixel differs


def test_the_radar_looks_as_it_did(monkeypatch, tmp_path):
    """The radar's grid, scale and circle now lie under its light filled area (15% opaque), not
    over it, so that they are drawn once per run. That is the only change: the picture has the
    same size, and only pixels of grid lines inside the filled area differ, by at most 15% of
    the contrast between grid grey and fill colour (0,15 x 255 = 38 of 255 whatever the
    colours; 24 for the blue here), which no reader can tell on paper or on screen."""
    fast = _pixels(_on_a_new_thread(lambda: (_radar(), _radar())[1]))
    monkeypatch.setattr(charts, "_draw_on_frame", _whole_draw)
    monkeypatch.setattr(charts, "_radar_frame", _old_radar_frame)
    old = _pixels(_on_a_new_thread(_radar))
    fast.save(tmp_path / "radar-baru.png")  # to look at: pytest keeps the last runs' folders
    old.save(tmp_path / "radar-lama.png")
    assert fast.size == old.size
    difference = np.asarray(ImageChops.difference(fast, old)).max(axis=2)
    assert difference.max() <= round(0.15 * 255)
    assert (difference > 0).mean() < 0.02  # thin lines: about 1% of the pixels
    assert difference.mean() < 0.25


def test_png_bytes_keep_every_pixel_and_the_resolution():
    rng = np.random.default_rng(7)
    rgb = rng.integers(0, 256, size=(37, 53, 3), dtype=np.uint8)
    picture = Image.open(io.BytesIO(charts.png_bytes(rgb, 150)))
    assert picture.mode == "RGB" and picture.size == (53, 37)
    assert (np.asarray(picture) == rgb).all()
    assert picture.info["dpi"] == pytest.approx((150, 150), abs=0.1)


LISTINGS = {
    "plain": "<w:p><w:r><w:t>satu</w:t></w:r></w:p><w:p><w:r><w:t>dua</w:t></w:r></w:p>",
    "line break and tab": '<w:p w:rsidR="1"><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
    "<w:t>a\nb\tc</w:t></w:r></w:p><w:p><w:r><w:t>d</w:t></w:r></w:p>",
    "page and paragraph breaks": "<w:p><w:r><w:t>a\fb\ac</w:t></w:r></w:p>",
    "picture XML with line breaks": "<w:p><w:r><w:drawing><wp:inline>\n  <wp:extent/>\n</wp:inline></w:drawing></w:r>"
    "<w:r><w:t>x\ny</w:t></w:r></w:p>",
    "nested paragraph (text box)": "<w:p><w:r><w:txbxContent><w:p><w:r><w:t>in\nside</w:t></w:r></w:p></w:txbxContent>"
    "<w:t>after\nit</w:t></w:r></w:p><w:p><w:r><w:t>next\none</w:t></w:r></w:p>",
    "break outside any paragraph": "<w:tbl>\n<w:tr>\t</w:tr></w:tbl><w:p><w:r><w:t>p\nq</w:t></w:r></w:p>\n",
    "paragraph never closed": "<w:p><w:r><w:t>a\nb</w:t></w:r></w:p><w:p><w:r><w:t>c\nd</w:t></w:r>",
    "look-alike tags": "<w:pPr>\n</w:pPr><w:proofErr/>\n<w:p><w:r><w:t>\n</w:t></w:r></w:p>",
}


@pytest.mark.parametrize("xml", LISTINGS.values(), ids=LISTINGS.keys())
def test_line_breaks_and_tabs_are_resolved_as_docxtpl_resolves_them(xml):
    filling = docxpack.prepare(TEMPLATE, TEMPLATE.read_bytes(), render.open_template(TEMPLATE)).new_document()
    assert filling.resolve_listing(xml) == render.open_template(TEMPLATE).resolve_listing(xml)
