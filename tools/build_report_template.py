"""Build the Word template of the per-agency report, ``templates/laporan.docx``.

The template is an ordinary Word document with real styles (Title, Heading 1-3, Normal,
List Bullet, Table Grid and a few named styles of our own: "Isi Tabel", "Kepala Tabel",
"Catatan", "Tanda Draf", "Sampul Instansi") and docxtpl tags ({{ }}, {%p %}, {%tr %}). A
coordinator restyles and re-words it in Word; docs/templat-laporan.md lists every variable.
Run from the project root and commit the result::

    python tools/build_report_template.py [OUTPUT.docx]

The build is deterministic apart from the timestamps Word files carry.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "templates" / "laporan.docx"

FONT = "Arial"
NAVY = RGBColor(0x1F, 0x4E, 0x79)
RED = RGBColor(0xC0, 0x00, 0x00)
HEADER_FILL = "1F4E79"
GROUP_FILL = "DEEAF6"
TEXT_WIDTH_CM = 16.0  # A4 (21 cm) minus 3 cm left and 2 cm right margins


# ------------------------------------------------------------------ styles and page


def _set_font(style, size: float | None = None, bold: bool | None = None, colour: RGBColor | None = None) -> None:
    font = style.font
    font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if colour is not None:
        font.color.rgb = colour


def _spacing(style, before: float = 0, after: float = 6, line: float | None = None) -> None:
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line


def _paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def setup_styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _set_font(normal, 11)
    _spacing(normal, 0, 6, 1.15)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "id-ID")
    normal.element.get_or_add_rPr().append(lang)

    title = styles["Title"]
    _set_font(title, 20, True, NAVY)
    _spacing(title, 0, 12, 1.0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The default Title carries a bottom border and expanded spacing: too decorative for an official report.
    ppr = title.element.get_or_add_pPr()
    for child in list(ppr):
        if child.tag == qn("w:pBdr"):
            ppr.remove(child)
    rpr = title.element.get_or_add_rPr()
    for child in list(rpr):
        if child.tag in (qn("w:spacing"), qn("w:kern")):
            rpr.remove(child)

    subtitle = styles["Subtitle"]
    _set_font(subtitle, 14, False, NAVY)
    subtitle.font.italic = False
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rpr = subtitle.element.get_or_add_rPr()
    for child in list(rpr):
        if child.tag == qn("w:spacing"):
            rpr.remove(child)

    for level, size, before in ((1, 15, 18), (2, 12.5, 12), (3, 11, 10)):
        heading = styles[f"Heading {level}"]
        _set_font(heading, size, True, NAVY)
        heading.font.italic = False
        _spacing(heading, before, 6, 1.0)
        heading.paragraph_format.keep_with_next = True

    caption = styles["Caption"]
    _set_font(caption, 9, False, RGBColor(0x40, 0x40, 0x40))
    caption.font.italic = True
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    _set_font(styles["List Bullet"], 11)
    _spacing(styles["List Bullet"], 0, 3, 1.15)
    for name in ("Header", "Footer"):
        _set_font(styles[name], 8.5, False, RGBColor(0x59, 0x59, 0x59))

    body = _paragraph_style(doc, "Isi Tabel")
    _set_font(body, 9)
    _spacing(body, 1, 1, 1.0)
    head = _paragraph_style(doc, "Kepala Tabel", "Isi Tabel")
    _set_font(head, 9, True, RGBColor(0xFF, 0xFF, 0xFF))
    head.paragraph_format.keep_with_next = True
    note = _paragraph_style(doc, "Catatan")
    _set_font(note, 9.5, False, RGBColor(0x40, 0x40, 0x40))
    note.font.italic = True
    draft = _paragraph_style(doc, "Tanda Draf")
    _set_font(draft, 12, True, RED)
    draft.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cover = _paragraph_style(doc, "Sampul Instansi")
    _set_font(cover, 16, True, NAVY)
    cover.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(cover, 0, 6, 1.0)
    centre = _paragraph_style(doc, "Sampul")
    centre.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signature = _paragraph_style(doc, "Tanda Tangan")
    _spacing(signature, 0, 0, 1.0)


def setup_section(doc):
    """The A4 page of every report: margins, header and footer distances, its own first page.

    Returns the section, for the caller's header and footer.
    """
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.2)
    section.different_first_page_header_footer = True
    return section


def page_footer(section, text: str) -> None:
    """The footer of every page but the first: ``text`` on the left, "Halaman n dari m" on the right.

    The Footer style brings its own centre (8,25 cm) and right (16,5 cm) tab stops; left in
    place, the tab would stop at the centre after a short text (the page number glued to the
    middle) or at 16,5 cm, past the 16 cm text width. So they are cleared for this paragraph,
    leaving one right stop at the margin.
    """
    footer = section.footer.paragraphs[0]
    tabs = footer.paragraph_format.tab_stops
    for inherited in footer.style.paragraph_format.tab_stops:
        tabs.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run(f"{text}\tHalaman ")
    field(footer, "PAGE")
    footer.add_run(" dari ")
    field(footer, "NUMPAGES")
    section.first_page_footer.paragraphs[0].text = ""


def set_properties(doc, title: str, comments: str, keywords: str) -> None:
    """The document properties of a template (the renderer overwrites title and subject)."""
    props = doc.core_properties
    props.title = title
    props.subject = "Sistem Pemerintahan Berbasis Elektronik"
    props.author = "spbe-reports"
    props.comments = comments
    props.language = "id-ID"
    props.keywords = keywords
    props.last_modified_by = "spbe-reports"
    props.revision = 1


def setup_page(doc) -> None:
    section = setup_section(doc)
    draft_mark = "{% if draft %}DRAF - BELUM FINAL{% endif %}"
    for header in (section.header, section.first_page_header):
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(draft_mark)
        run.bold, run.font.color.rgb, run.font.size = True, RED, Pt(10)
    page_footer(section, "{{ title_short }} - {{ agency.name }} - {{ agency.year }}")
    set_properties(
        doc,
        "Laporan Hasil Pemantauan dan Evaluasi SPBE",
        "Templat laporan; lihat docs/templat-laporan.md untuk daftar variabel.",
        "SPBE, Indeks SPBE, laporan",
    )


def field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out pages."""
    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    element.append(run)
    paragraph._p.append(element)


# ------------------------------------------------------------------ building blocks


class Builder:
    def __init__(self, doc):
        self.doc = doc

    def p(self, text: str = "", style: str | None = None, *, bold_prefix: str = "", align=None, keep=False):
        paragraph = self.doc.add_paragraph(style=style)
        if bold_prefix:
            paragraph.add_run(bold_prefix).bold = True
        if text:
            paragraph.add_run(text)
        if align is not None:
            paragraph.alignment = align
        if keep:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def tag(self, tag: str):
        """A paragraph holding only a docxtpl paragraph tag ({%p ... %}); docxtpl removes it."""
        return self.doc.add_paragraph(tag)

    def h(self, text: str, level: int):
        return self.doc.add_heading(text, level)

    def bullet(self, text: str):
        return self.doc.add_paragraph(text, style="List Bullet")

    def page_break(self):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(
        self,
        headers: list[str],
        widths: list[float],
        rows: list[list[str]] | None = None,
        *,
        loop: str | None = None,
        cells: list[str] | None = None,
        align: list[str] | None = None,
        header: bool = True,
    ):
        """A Table Grid table: a shaded header row, then fixed ``rows`` and/or one looped row.

        ``loop`` is the docxtpl row loop (e.g. "for d in domains"); ``cells`` the looped row.
        ``align`` gives per column "l", "c" or "r".
        """
        table = self.doc.add_table(rows=0, cols=len(widths))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _grid(table, widths)
        align = align or ["l"] * len(widths)
        if header:
            row = self.row(table, headers, widths, style="Kepala Tabel", align=["c"] * len(widths))
            _shade_row(row, HEADER_FILL)
            _repeat_header(row)
        for values in rows or []:
            self.row(table, values, widths, align=align)
        if loop:
            self.tag_row(table, f"{{%tr {loop} %}}", widths)
            self.row(table, cells or [], widths, align=align)
            self.tag_row(table, "{%tr endfor %}", widths)
        return table

    def row(self, table, values: list[str], widths: list[float], *, style: str = "Isi Tabel", align=None, split=False):
        """A table row; unless ``split``, Word keeps it on one page (rows here are short)."""
        row = table.add_row()
        if not split:
            _cant_split(row)
        align = align or ["l"] * len(widths)
        for cell, value, width, where in zip(row.cells, values, widths, align):
            cell.width = Cm(width)
            paragraph = cell.paragraphs[0]
            paragraph.style = self.doc.styles[style]
            paragraph.alignment = {
                "l": WD_ALIGN_PARAGRAPH.LEFT,
                "c": WD_ALIGN_PARAGRAPH.CENTER,
                "r": WD_ALIGN_PARAGRAPH.RIGHT,
            }[where]
            if value.startswith("**") and value.endswith("**"):
                paragraph.add_run(value[2:-2]).bold = True
            else:
                paragraph.add_run(value)
        return row

    def tag_row(self, table, tag: str, widths: list[float]):
        """A row holding only a docxtpl row tag ({%tr ... %}); docxtpl removes the whole row."""
        row = table.add_row()
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
        row.cells[0].paragraphs[0].text = tag
        row.cells[0].paragraphs[0].style = self.doc.styles["Isi Tabel"]
        return row

    def merged_row(self, table, text: str, widths: list[float], fill: str | None = None, bold: bool = True):
        row = table.add_row()
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
        cell = row.cells[0].merge(row.cells[-1])
        paragraph = cell.paragraphs[0]
        paragraph.style = self.doc.styles["Isi Tabel"]
        paragraph.add_run(text).bold = bold
        if fill:
            _shade_row(row, fill)
        return row


def _grid(table, widths: list[float]) -> None:
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    tbl_pr = table._tbl.tblPr
    tbl_pr.get_or_add_tblLayout().type = "fixed"
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(int(Cm(sum(widths)).twips)))
    total.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    # Word insists on the schema's order of table properties.
    tbl_pr.insert_element_before(total, *_AFTER_TBLW)


def _shade_row(row, fill: str) -> None:
    for cell in row.cells:
        tc_pr = cell._tc.get_or_add_tcPr()
        for old in tc_pr.findall(qn("w:shd")):
            tc_pr.remove(old)
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        tc_pr.append(shading)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    tr_pr.append(flag)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tbl_pr.insert_element_before(borders, *_AFTER_TBLW[_AFTER_TBLW.index("w:shd") :])


_AFTER_TBLW = (  # the elements that follow w:tblW inside w:tblPr (ECMA-376 CT_TblPr)
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)


# ------------------------------------------------------------------ the report, section by section


def cover(b: Builder) -> None:
    for _ in range(4):
        b.p("", "Sampul")
    b.p("{{ title }}", "Title")
    b.p("TAHUN {{ agency.year }}", "Subtitle")
    b.tag("{%p if draft %}")
    b.p("DRAF", "Tanda Draf").runs[0].font.size = Pt(28)
    b.p("Belum final: disusun dari buku kerja yang belum lengkap", "Tanda Draf")
    b.tag("{%p endif %}")
    for _ in range(3):
        b.p("", "Sampul")
    b.p("{{ agency.name }}", "Sampul Instansi")
    b.p("{{ agency.kind }}", "Sampul")
    for _ in range(4):
        b.p("", "Sampul")
    b.p("Berdasarkan", "Sampul")
    b.tag("{%p for basis in framework.legal_basis %}")
    b.p("{{ basis }}", "Sampul")
    b.tag("{%p endfor %}")
    for _ in range(3):
        b.p("", "Sampul")
    b.p("Tanggal laporan: {{ generated_date }}", "Sampul")
    b.page_break()


def draft_note(b: Builder) -> None:
    b.tag("{%p if draft %}")
    b.p(
        "Catatan: dokumen ini adalah DRAF. Laporan disusun dari buku kerja yang belum lengkap; indeks, "
        "predikat, dan rekomendasi yang belum dapat dihitung ditandai dengan tanda hubung (-). Draf ini "
        "bukan laporan resmi dan tidak dapat dijadikan dasar penetapan hasil.",
        "Tanda Draf",
    ).alignment = WD_ALIGN_PARAGRAPH.LEFT
    b.tag("{%p endif %}")


def identity(b: Builder) -> None:
    b.h("Identitas Instansi", 1)
    w = [5.0, 11.0]
    b.table(
        [],
        w,
        [
            ["Nama Instansi", "{{ agency.name }}"],
            ["Jenis Instansi", "{{ agency.kind }}"],
            ["Kode Instansi", "{{ agency.code }}"],
            ["Tahun Penilaian", "{{ agency.year }}"],
            ["Kerangka Penilaian", "{{ framework.name }}"],
            ["Jenis Penilaian", "{{ kind_label }}"],
            ["Berkas Penilaian", "{{ agency.source }}"],
        ],
        header=False,
    )
    b.h("Tim Asesor Internal", 2)
    b.table(
        [],
        w,
        [
            ["Koordinator SPBE", "{{ agency.coordinator }}"],
            ["Penanggung Jawab", "{{ agency.responsible }}"],
            ["Pelaksana Entri Data", "{{ agency.data_entry }}"],
            ["Anggota", "{{ agency.members_text }}"],
        ],
        header=False,
    )
    b.tag("{%p if agency.has_services %}")
    b.h("Layanan Publik Sektoral", 2)
    b.p("Layanan publik sektoral yang dinilai pada indikator layanan publik sektoral:")
    b.table(
        ["No", "Indikator", "Nama Layanan"],
        [1.5, 2.5, 12.0],
        loop="for s in agency.services",
        cells=["{{ s.number }}", "{{ s.indicator }}", "{{ s.name }}"],
        align=["c", "c", "l"],
    )
    b.tag("{%p endif %}")


def summary(b: Builder) -> None:
    b.h("Ringkasan Hasil", 1)
    b.p("{{ kind_sentence }}")
    w = [9.0, 7.0]
    table = b.table(
        [],
        w,
        [["**{{ framework.index_name }}**", "**{{ index }}**"], ["Predikat", "{{ rating }}"]],
        header=False,
        align=["l", "c"],
    )
    b.tag_row(table, "{%tr if has_stages %}", w)
    b.row(
        table,
        ["{{ framework.index_name }} hasil Penilaian Mandiri", "{{ self_index }} ({{ self_rating }})"],
        w,
        align=["l", "c"],
    )
    b.tag_row(table, "{%tr endif %}", w)
    b.tag_row(table, "{%tr if has_average %}", w)
    b.row(table, ["{{ average_label }}", "{{ average_index }} ({{ average_rating }})"], w, align=["l", "c"])
    b.tag_row(table, "{%tr endif %}", w)
    b.p("")
    b.tag("{%p if complete %}")
    b.p(
        "Berdasarkan hasil {{ kind }} tahun {{ agency.year }}, {{ agency.name }} memperoleh "
        "{{ framework.index_name }} sebesar {{ index }} dengan predikat {{ rating }}."
    )
    b.tag("{%p else %}")
    b.p(
        "{{ framework.index_name }} {{ agency.name }} belum dapat dihitung karena nilai sebagian indikator belum diisi."
    )
    b.tag("{%p endif %}")
    b.tag("{%p if has_stages and overclaim %}")
    b.p("{{ overclaim_sentence }}")
    b.tag("{%p endif %}")
    b.tag("{%p if strengths_list %}")
    b.p("", bold_prefix="Kekuatan", keep=True)
    b.tag("{%p for s in strengths_list %}")
    b.bullet("{{ s }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.tag("{%p if priorities_list %}")
    b.p("", bold_prefix="Prioritas perbaikan", keep=True)
    b.tag("{%p for s in priorities_list %}")
    b.bullet("{{ s }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.tag("{%p if road_sentence %}")
    b.p("", bold_prefix="Menuju predikat berikutnya", keep=True)
    b.p("{{ road_sentence }}")
    b.tag("{%p endif %}")


def charts(b: Builder) -> None:
    b.h("Grafik Indeks", 1)
    b.tag("{%p if has_aspect_chart %}")
    b.p("{{ chart_aspects }}", align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    b.p("Grafik 1. Indeks Aspek", "Caption")
    b.tag("{%p else %}")
    b.p("Grafik indeks aspek belum dapat disajikan karena nilai sebagian indikator belum diisi.", "Catatan")
    b.tag("{%p endif %}")
    b.tag("{%p if has_domains %}")
    b.tag("{%p if has_domain_chart %}")
    b.p("{{ chart_domains }}", align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    b.p("Grafik 2. Indeks Domain", "Caption")
    b.tag("{%p else %}")
    b.p("Grafik indeks domain belum dapat disajikan karena nilai sebagian indikator belum diisi.", "Catatan")
    b.tag("{%p endif %}")
    b.tag("{%p endif %}")


def score_table(b: Builder, label: str, items: str) -> None:
    """Indices with weight and predikat of ``items`` (domains or aspects), with the batch average when given."""
    x = items[0]  # loop variable as a template editor expects it: d for domains, a for aspects
    cells = [f"{{{{ {x}.{key} }}}}" for key in ("number", "name", "weight", "index", "rating")]
    b.tag("{%p if has_average %}")
    b.table(
        ["No", label, "Bobot", "Indeks", "Predikat", "{{ average_label }}"],
        [1.0, 6.0, 1.6, 1.8, 2.4, 3.2],
        loop=f"for {x} in {items}",
        cells=[*cells, f"{{{{ {x}.average }}}}"],
        align=["c", "l", "c", "c", "c", "c"],
    )
    b.tag("{%p else %}")
    b.table(
        ["No", label, "Bobot", "Indeks", "Predikat"],
        [1.0, 8.4, 1.8, 2.0, 2.8],
        loop=f"for {x} in {items}",
        cells=cells,
        align=["c", "l", "c", "c", "c"],
    )
    b.tag("{%p endif %}")


def index_tables(b: Builder) -> None:
    b.h("Indeks Domain dan Aspek", 1)
    b.tag("{%p if has_domains %}")
    b.h("Indeks Domain", 2)
    score_table(b, "Domain", "domains")
    b.tag("{%p endif %}")
    b.h("Indeks Aspek", 2)
    score_table(b, "Aspek", "aspects")
    b.p(
        "Bobot adalah bobot terhadap {{ framework.index_name }}. Predikat ditentukan dari indeks yang ditampilkan "
        "(dua angka desimal).",
        "Catatan",
    )


def indicators(b: Builder) -> None:
    b.h("Nilai Indikator", 1)
    b.p(
        "Tabel berikut menyajikan nilai akhir setiap indikator, bobotnya terhadap {{ framework.index_name }}, dan "
        "kontribusinya (nilai x bobot / 100). Jumlah kontribusi seluruh indikator sama dengan "
        "{{ framework.index_name }} sebelum dibulatkan.",
        keep=True,
    )
    w = [0.9, 6.8, 1.6, 2.6, 1.7, 2.4]
    table = b.table(["No", "Indikator", "Tingkat", "Nama Tingkat", "Bobot", "Kontribusi"], w)
    b.tag_row(table, "{%tr for g in indicator_groups %}", w)
    b.merged_row(table, "Aspek {{ g.number }}. {{ g.name }} (indeks {{ g.index }})", w, GROUP_FILL)
    b.tag_row(table, "{%tr for i in g.indicators %}", w)
    b.row(
        table,
        [
            "{{ i.number }}",
            "{{ i.name }}",
            "{{ i.level }}",
            "{{ i.level_name }}",
            "{{ i.weight }}",
            "{{ i.contribution }}",
        ],
        w,
        align=["c", "l", "c", "l", "c", "c"],
    )
    b.tag_row(table, "{%tr endfor %}", w)
    b.tag_row(table, "{%tr endfor %}", w)
    b.p("")
    b.tag("{%p if complete %}")
    b.p("Jumlah kontribusi: {{ index_exact }}, dibulatkan menjadi {{ framework.index_name }} {{ index }}.", "Catatan")
    b.tag("{%p endif %}")


def stages(b: Builder) -> None:
    b.tag("{%p if has_stages %}")
    b.h("Hasil per Tahap Penilaian", 1)
    b.p(
        "Indeks setiap tahap dihitung dari nilai indikator sebagaimana adanya setelah tahap tersebut: setiap "
        "indikator memakai nilai terakhir yang diberikan sampai dengan tahap itu."
    )
    b.table(
        ["Tahap Penilaian", "{{ framework.index_name }}", "Predikat", "Perubahan terhadap Penilaian Mandiri"],
        [5.5, 3.0, 3.5, 4.0],
        loop="for s in stages",
        cells=["{{ s.name }}", "{{ s.index }}", "{{ s.rating }}", "{{ s.change }}"],
        align=["l", "c", "c", "c"],
    )
    b.p("")
    b.tag("{%p if overclaim %}")
    b.p("{{ overclaim_sentence }}")
    b.tag("{%p endif %}")
    b.h("Indikator yang Nilainya Berubah", 2)
    b.tag("{%p if has_stage_changes %}")
    b.p(
        "Sebanyak {{ stage_changes_count }} indikator memperoleh nilai akhir yang berbeda dari hasil penilaian mandiri:"
    )
    b.table(
        ["No", "Indikator", "Mandiri", "Akhir", "Diubah pada", "Catatan Asesor"],
        [1.0, 5.6, 1.6, 1.4, 2.4, 4.0],
        loop="for c in stage_changes",
        cells=[
            "{{ c.number }}",
            "{{ c.name }}",
            "{{ c.self_level }}",
            "{{ c.final_level }}",
            "{{ c.stage }}",
            "{{ c.note }}",
        ],
        align=["c", "l", "c", "c", "l", "l"],
    )
    b.tag("{%p else %}")
    b.p("Nilai akhir seluruh indikator sama dengan hasil penilaian mandiri.")
    b.tag("{%p endif %}")
    b.tag("{%p endif %}")


def road_steps_table(b: Builder, road: str) -> None:
    """The steps of a road (``road`` or ``target_road``) with the index after each step."""
    b.table(
        ["Langkah", "No", "Indikator", "Dari", "Ke", "Indeks setelah langkah"],
        [1.9, 1.0, 7.7, 1.3, 1.3, 2.8],
        loop=f"for s in {road}.steps",
        cells=[
            "{{ s.step }}",
            "{{ s.number }}",
            "{{ s.name }}",
            "{{ s.from_level }}",
            "{{ s.to_level }}",
            "{{ s.index_after }}",
        ],
        align=["c", "c", "l", "c", "c", "c"],
    )


def recommendations(b: Builder) -> None:
    b.h("Rekomendasi", 1)
    b.p(
        "Rekomendasi disusun sesuai arahan pemantauan dan evaluasi SPBE: indikator yang nilainya di bawah "
        "tingkat 3 diperbaiki lebih dahulu, kemudian indikator yang telah mencapai tingkat 3 atau lebih "
        "dipertahankan dan ditingkatkan. Dalam setiap kelompok, indikator yang kenaikannya paling besar "
        "menambah {{ framework.index_name }} didahulukan."
    )
    b.h("Prioritas Perbaikan", 2)
    b.tag("{%p if has_recommendations %}")
    b.table(
        ["Prioritas", "No", "Indikator", "Dari", "Ke", "Kenaikan Indeks"],
        [1.7, 1.0, 8.1, 1.4, 1.4, 2.4],
        loop="for r in recommendations",
        cells=[
            "{{ r.priority }}",
            "{{ r.number }}",
            "{{ r.name }}",
            "{{ r.from_level }}",
            "{{ r.to_level }}",
            "{{ r.gain }}",
        ],
        align=["c", "c", "l", "c", "c", "c"],
    )
    b.p(
        "Kenaikan indeks adalah pertambahan {{ framework.index_name }} (sebelum dibulatkan) apabila indikator "
        "mencapai tingkat yang direkomendasikan.",
        "Catatan",
    )
    b.tag("{%p else %}")
    b.p("Tidak ada rekomendasi kenaikan tingkat: seluruh indikator telah mencapai tingkat sasarannya.")
    b.tag("{%p endif %}")

    b.h("Jalan Menuju Predikat Berikutnya", 2)
    b.tag("{%p if has_road %}")
    b.p(
        "Untuk mencapai predikat {{ road.to_rating }} ({{ framework.index_name }} sekurang-kurangnya "
        "{{ road.to_index }}), paling sedikit diperlukan {{ road.step_count }} langkah kenaikan satu tingkat "
        "berikut:"
    )
    road_steps_table(b, "road")
    b.p("")
    b.p(
        "Setelah seluruh langkah tersebut, {{ framework.index_name }} menjadi {{ road.index_after }} dengan predikat "
        "{{ road.rating_after }}."
    )
    b.tag("{%p elif at_top %}")
    b.p(
        "{{ agency.name }} telah mencapai predikat tertinggi, {{ rating }}. Rekomendasi di atas ditujukan untuk "
        "mempertahankan dan menyempurnakan capaian tersebut."
    )
    b.tag("{%p else %}")
    b.p("{{ road_sentence }}")
    b.tag("{%p endif %}")

    b.tag("{%p if has_target_road %}")
    b.h("Langkah Menuju Indeks Target {{ target_road.to_index }}", 2)
    b.p(
        "Untuk mencapai {{ framework.index_name }} {{ target_road.to_index }} (predikat {{ target_road.to_rating }}), "
        "paling sedikit diperlukan {{ target_road.step_count }} langkah kenaikan satu tingkat berikut:"
    )
    road_steps_table(b, "target_road")
    b.p("")
    b.p(
        "Setelah seluruh langkah tersebut, {{ framework.index_name }} menjadi {{ target_road.index_after }} dengan "
        "predikat {{ target_road.rating_after }}."
    )
    b.tag("{%p endif %}")

    b.tag("{%p if has_recommendations %}")
    b.h("Langkah per Indikator", 2)
    b.tag("{%p for r in recommendations %}")
    b.h("{{ r.priority }}. Indikator {{ r.number }}: {{ r.name }}", 3)
    b.p(
        "Dari tingkat {{ r.from_label }} menuju tingkat {{ r.to_label }}; kenaikan {{ framework.index_name }} "
        "{{ r.gain }}.",
        "Catatan",
    )
    b.tag("{%p for s in r.steps %}")
    b.p("{{ s.criteria }}", bold_prefix="Kriteria tingkat {{ s.to_label }}: ")
    b.p("", bold_prefix="Bukti dukung yang perlu disiapkan:", keep=True)
    b.tag("{%p for e in s.evidence %}")
    b.bullet("{{ e }}")
    b.tag("{%p endfor %}")
    b.p("{{ s.advice }}", bold_prefix="Saran: ")
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")


def comparison(b: Builder) -> None:
    b.tag("{%p if has_comparison %}")
    b.h("Perbandingan dengan Tahun Sebelumnya", 1)
    b.p(
        "Hasil tahun ini dibandingkan dengan hasil {{ comparison.year }} yang tercatat dalam "
        "{{ comparison.source }}. Perubahan dihitung dari nilai yang ditampilkan (dua angka desimal)."
    )
    head = ["Uraian", "Sebelumnya", "Sekarang", "Perubahan", "Keterangan"]
    w = [6.4, 2.4, 2.4, 2.4, 2.4]
    centre = ["l", "c", "c", "c", "c"]
    b.table(
        head,
        w,
        [
            [
                "{{ framework.index_name }}",
                "{{ comparison.index_before }}",
                "{{ comparison.index_after }}",
                "{{ comparison.index_change }}",
                "{{ comparison.index_direction }}",
            ]
        ],
        align=centre,
    )
    for label, key in (("Domain", "domains"), ("Aspek", "aspects")):
        b.tag(f"{{%p if comparison.has_{key} %}}")
        b.h(f"Perubahan Indeks {label}", 2)
        b.table(
            [label, *head[1:]],
            w,
            loop=f"for c in comparison.{key}",
            cells=[
                "{{ c.number }}. {{ c.name }}",
                "{{ c.before }}",
                "{{ c.after }}",
                "{{ c.change }}",
                "{{ c.direction }}",
            ],
            align=centre,
        )
        b.tag("{%p endif %}")
    b.h("Indikator yang Nilainya Berubah dari Tahun Sebelumnya", 2)
    b.tag("{%p if comparison.has_indicators %}")
    b.table(
        ["Indikator", *head[1:]],
        w,
        loop="for c in comparison.indicators",
        cells=[
            "{{ c.number }}. {{ c.name }}",
            "{{ c.before }}",
            "{{ c.after }}",
            "{{ c.change }}",
            "{{ c.direction }}",
        ],
        align=centre,
    )
    b.tag("{%p elif comparison.same_framework %}")
    b.p("Tidak ada nilai indikator yang berubah dari tahun sebelumnya.")
    b.tag("{%p else %}")
    b.p(
        "Hasil tahun sebelumnya disusun dengan kerangka penilaian lain, sehingga hanya indeks keseluruhan yang "
        "dibandingkan.",
        "Catatan",
    )
    b.tag("{%p endif %}")
    b.tag("{%p if comparison.has_recommendations %}")
    b.h("Tindak Lanjut Rekomendasi Tahun Sebelumnya", 2)
    b.p(
        "Dari {{ comparison.recommendation_count }} indikator yang direkomendasikan tahun sebelumnya, "
        "{{ comparison.met_count }} telah mencapai tingkat yang direkomendasikan."
    )
    b.table(
        ["No", "Indikator", "Sasaran", "Sebelumnya", "Sekarang", "Status"],
        [1.0, 6.6, 1.8, 2.3, 2.0, 2.3],
        loop="for r in comparison.recommendations",
        cells=["{{ r.number }}", "{{ r.name }}", "{{ r.target }}", "{{ r.before }}", "{{ r.now }}", "{{ r.status }}"],
        align=["c", "l", "c", "c", "c", "c"],
    )
    b.tag("{%p endif %}")
    b.tag("{%p endif %}")


def details(b: Builder) -> None:
    b.h("Lampiran 1. Penjelasan dan Bukti Pendukung per Indikator", 1)
    b.p(
        "Penjelasan dan bukti pendukung berikut ditulis oleh instansi dalam buku kerja penilaian dan disajikan "
        "sebagaimana adanya.",
        "Catatan",
    )
    b.tag("{%p for d in details %}")
    b.h("Indikator {{ d.number }}. {{ d.name }}", 3)
    w = [4.0, 12.0]
    table = b.table([], w, [["Nilai", "{{ d.level_label }}"]], header=False)
    b.tag_row(table, "{%tr if has_stages %}", w)
    b.row(table, ["Nilai per tahap", "{{ d.levels_text }}"], w)
    b.tag_row(table, "{%tr endif %}", w)
    b.row(table, ["Penjelasan", "{{ d.explanation }}"], w, split=True)  # free text may be long
    b.row(table, ["Bukti Pendukung", "{{ d.evidence }}"], w, split=True)
    b.tag_row(table, "{%tr if d.has_note %}", w)
    b.row(table, ["Catatan Asesor", "{{ d.note }}"], w, split=True)
    b.tag_row(table, "{%tr endif %}", w)
    # Keep the short first rows with the explanation so that a page break falls between indicators.
    for row in table.rows[:5]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    b.tag("{%p endfor %}")


def methodology(b: Builder) -> None:
    b.h("Lampiran 2. Metodologi", 1)
    b.h("Dasar Hukum", 2)
    b.tag("{%p for basis in framework.legal_basis %}")
    b.bullet("{{ basis }}")
    b.tag("{%p endfor %}")
    b.h("Cara Perhitungan", 2)
    b.tag("{%p for f in methodology.formulas %}")
    b.bullet("{{ f }}")
    b.tag("{%p endfor %}")
    b.h("Bobot Domain dan Aspek", 2)
    b.tag("{%p if has_domains %}")
    b.table(
        ["No", "Domain", "Bobot"],
        [1.0, 12.0, 3.0],
        loop="for d in methodology.domains",
        cells=["{{ d.number }}", "{{ d.name }}", "{{ d.weight }}"],
        align=["c", "l", "c"],
    )
    b.p("")
    b.tag("{%p endif %}")
    b.table(
        ["No", "Aspek", "Domain", "Indikator", "Bobot per Indikator", "Bobot Aspek"],
        [1.0, 5.6, 3.8, 1.8, 2.0, 1.8],
        loop="for a in methodology.aspects",
        cells=[
            "{{ a.number }}",
            "{{ a.name }}",
            "{{ a.domain_name }}",
            "{{ a.indicators }}",
            "{{ a.indicator_weight }}",
            "{{ a.weight }}",
        ],
        align=["c", "l", "l", "c", "c", "c"],
    )
    b.h("Predikat", 2)
    b.p(
        "Predikat ditentukan dari indeks yang ditampilkan dengan dua angka desimal; batas bawah setiap rentang "
        "termasuk dalam rentang tersebut."
    )
    b.table(
        ["Rentang Indeks", "Predikat"],
        [6.0, 6.0],
        loop="for r in methodology.ratings",
        cells=["{{ r.range }}", "{{ r.name }}"],
        align=["c", "c"],
    )
    b.h("Tingkat Kematangan", 2)
    b.tag("{%p for s in methodology.scales %}")
    b.p("{{ s.name }}", bold_prefix="", keep=True).runs[0].bold = True
    b.p("{{ s.description }}")
    b.table(
        ["Tingkat", "Nama", "Makna"],
        [1.6, 3.4, 11.0],
        loop="for lv in s.levels",
        cells=["{{ lv.number }}", "{{ lv.name }}", "{{ lv.description }}"],
        align=["c", "l", "l"],
    )
    b.p("")
    b.tag("{%p endfor %}")
    b.h("Tahapan Penilaian", 2)
    b.p(
        "Penilaian dilaksanakan melalui tahap {{ methodology.stages_text }}. Penilaian mandiri dilakukan oleh Tim "
        "Asesor Internal; tahap berikutnya dilakukan oleh asesor eksternal dan dapat mengubah nilai indikator. "
        "Nilai akhir setiap indikator adalah nilai dari tahap terakhir yang mengisinya."
    )
    b.p("{{ framework.text_note }}", "Catatan")


def signature(b: Builder) -> None:
    b.p("")
    b.p("")
    w = [8.0, 8.0]
    table = b.doc.add_table(rows=0, cols=2)
    table.autofit = False
    _grid(table, w)
    _no_borders(table)
    rows = [
        ["", "{{ signature.place_line }}, {{ signature.date }}"],
        ["Penanggung Jawab,", "Koordinator SPBE,"],
        ["", ""],
        ["", ""],
        ["", ""],
        ["**{{ signature.responsible }}**", "**{{ signature.coordinator }}**"],
    ]
    for values in rows:
        b.row(table, values, w, style="Tanda Tangan", align=["c", "c"])
    for row in table.rows[:-1]:  # the block stays on one page
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _cant_split(row) -> None:
    flag = OxmlElement("w:cantSplit")
    row._tr.get_or_add_trPr().append(flag)


def build(target: Path = TARGET) -> Path:
    doc = Document()
    setup_styles(doc)
    setup_page(doc)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):  # the empty first paragraph of the blank document
        body.remove(paragraph)
    b = Builder(doc)
    cover(b)
    draft_note(b)
    identity(b)
    summary(b)
    charts(b)
    index_tables(b)
    indicators(b)
    stages(b)
    recommendations(b)
    comparison(b)
    signature(b)  # the signature closes the body of the report; the annexes follow
    b.page_break()
    details(b)
    methodology(b)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(target)
    return target


if __name__ == "__main__":
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
    print(f"Templat laporan ditulis ke {out}")
