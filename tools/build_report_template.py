"""Build the Word template of the per-agency report, ``templates/laporan.docx``.

The template is an ordinary Word document with real styles (Title, Heading 1-3, Normal,
List Bullet, Table Grid and a few named styles of our own: "Isi Tabel", "Kepala Tabel",
"Catatan", "Tanda Draf", "Sampul Instansi", "Kop", "Daftar Isi 1/2") and docxtpl tags ({{ }},
{%p %}, {%tr %}). A coordinator restyles and re-words it in Word; docs/templat-laporan.md lists
every variable.

The form is the one of an Indonesian official report: a kop (letterhead) with the issuing
body's logo on the first page, a cover, a Daftar Isi, BAB I Pendahuluan to BAB V Penutup with
the signature block, then the Lampiran. The Daftar Isi is made of ordinary paragraphs, each
with a PAGEREF field to a bookmark on its heading: LibreOffice computes those page numbers
whenever it lays the document out (so the PDF always has them) and Word updates them when the
document is opened (the renderer sets ``updateFields``). A Word TOC field would stay empty in
LibreOffice's PDF until someone updates it by hand.
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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
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

    for level, size, before in ((1, 14, 0), (2, 12, 12), (3, 11, 8)):
        heading = styles[f"Heading {level}"]
        _set_font(heading, size, True, NAVY)
        heading.font.italic = False
        _spacing(heading, before, 6 if level > 1 else 14, 1.0)
        heading.paragraph_format.keep_with_next = True
    # A BAB (chapter) or Lampiran opens a new page, centred, as Indonesian official reports do.
    chapter = styles["Heading 1"]
    chapter.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    chapter.paragraph_format.page_break_before = True

    for level, indent, bold in ((1, 0.0, True), (2, 0.8, False)):
        entry = _paragraph_style(doc, f"Daftar Isi {level}")
        _set_font(entry, 11, bold)
        _spacing(entry, 4 if level == 1 else 0, 2, 1.0)
        entry.paragraph_format.left_indent = Cm(indent)
        entry.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    kop = _paragraph_style(doc, "Kop")
    _set_font(kop, 10)
    _spacing(kop, 0, 0, 1.0)
    kop.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kop_title = _paragraph_style(doc, "Kop Judul", "Kop")
    _set_font(kop_title, 14, True)

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
    _set_font(signature, 10)  # a name with its degrees ("Dr. Ir. ..., M.T.") stays on one line
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


def page_header(section, text: str, draft_mark: bool = True) -> None:
    """The header of every page but the first: ``text`` on the left, the draft mark on the right.

    ``text`` is kept to one line by the context (``header_text``, shortened names). Without
    ``draft_mark`` (the summary, never a draft) only the text and its rule.
    """
    paragraph = section.header.paragraphs[0]
    tabs = paragraph.paragraph_format.tab_stops
    for inherited in paragraph.style.paragraph_format.tab_stops:
        tabs.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(f"{text}\t")
    _bottom_border(paragraph)
    if not draft_mark:
        return
    run = paragraph.add_run("{% if draft %}DRAF - BELUM FINAL{% endif %}")
    run.bold, run.font.color.rgb = True, RED
    first = section.first_page_header.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = first.add_run("{% if draft %}DRAF - BELUM FINAL{% endif %}")
    run.bold, run.font.color.rgb = True, RED


def _bottom_border(paragraph, size: int = 4) -> None:
    """A line under ``paragraph`` (``size`` in eighths of a point)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def setup_page(doc) -> None:
    section = setup_section(doc)
    page_header(section, "{{ header_text }}")
    page_footer(section, "{{ title_short }} Tahun {{ agency.year }}")
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

    def h(self, text: str, level: int, anchor: str | None = None):
        """A heading; with ``anchor``, a bookmark on it that the Daftar Isi points to."""
        heading = self.doc.add_heading(text, level)
        if anchor:
            bookmark(heading, anchor)
        return heading

    def chapter(self, number: str, title: str, anchor: str):
        """A BAB or Lampiran heading on two lines ("BAB I" / "PENDAHULUAN"), bookmarked."""
        heading = self.doc.add_heading(number, 1)
        heading.runs[0].add_break()
        heading.add_run(title)
        bookmark(heading, anchor)
        return heading

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
        row = sized_row(table, widths)
        row.cells[0].paragraphs[0].text = tag
        row.cells[0].paragraphs[0].style = self.doc.styles["Isi Tabel"]
        return row

    def merged_row(self, table, text: str, widths: list[float], fill: str | None = None, bold: bool = True):
        row = sized_row(table, widths)
        cell = row.cells[0].merge(row.cells[-1])
        paragraph = cell.paragraphs[0]
        paragraph.style = self.doc.styles["Isi Tabel"]
        paragraph.add_run(text).bold = bold
        if fill:
            _shade_row(row, fill)
        return row


def sized_row(table, widths: list[float]):
    """A new row of ``table`` whose cells have ``widths`` (cm); Word and LibreOffice read cell widths."""
    row = table.add_row()
    for cell, width in zip(row.cells, widths):
        cell.width = Cm(width)
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

_bookmark_ids = iter(range(1, 10_000))


def bookmark(paragraph, name: str) -> None:
    """Put a bookmark ``name`` around the text of ``paragraph`` (the target of a PAGEREF)."""
    ident = str(next(_bookmark_ids))
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), ident)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), ident)
    ppr = paragraph._p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _field_run(paragraph_element, kind: str, text: str = "") -> None:
    run = OxmlElement("w:r")
    if kind == "instr":
        child = OxmlElement("w:instrText")
        child.set(qn("xml:space"), "preserve")
        child.text = text
    elif kind == "text":
        child = OxmlElement("w:t")
        child.text = text
    else:
        child = OxmlElement("w:fldChar")
        child.set(qn("w:fldCharType"), kind)
    run.append(child)
    paragraph_element.append(run)


def toc_entry(b: Builder, text: str, anchor: str, level: int) -> None:
    """One line of the Daftar Isi: a link to the heading, dot leader, and its page (PAGEREF)."""
    paragraph = b.doc.add_paragraph(style=f"Daftar Isi {level}")
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    label = OxmlElement("w:t")
    label.set(qn("xml:space"), "preserve")
    label.text = text
    run.append(label)
    tab = OxmlElement("w:r")
    tab.append(OxmlElement("w:tab"))
    link.append(run)
    link.append(tab)
    paragraph._p.append(link)
    for kind, value in (
        ("begin", ""),
        ("instr", f" PAGEREF {anchor} \\h "),
        ("separate", ""),
        ("text", ""),
        ("end", ""),
    ):
        _field_run(paragraph._p, kind, value)


def table_of_contents(b: Builder, entries: list[tuple[str, str, int]]) -> None:
    """The Daftar Isi page; ``entries`` are (text, bookmark, level), in document order."""
    title = b.p("DAFTAR ISI", "Heading 1")
    title.paragraph_format.page_break_before = True
    for text, anchor, level in entries:
        if text.startswith("{%p"):
            b.tag(text)
        else:
            toc_entry(b, text, anchor, level)


def _cell_paragraphs(b: Builder, cell, lines: list[tuple[str, str]], align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    """Fill ``cell`` with paragraphs: (text, style) pairs; "**x**" is bold, "__x__" bold underlined."""
    first = True
    for text, style in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.style = b.doc.styles[style]
        paragraph.alignment = align
        if text.startswith("__") and text.endswith("__"):
            run = paragraph.add_run(text[2:-2])
            run.bold = run.underline = True
        elif text.startswith("**") and text.endswith("**"):
            paragraph.add_run(text[2:-2]).bold = True
        else:
            paragraph.add_run(text)


def kop(b: Builder) -> None:
    """The letterhead of the first page: logo beside the issuing body's name, address and contact.

    Without a logo the text takes the whole width; without settings (``kop.plain``) it names the
    evaluation only. A double line closes it, as on an Indonesian kop surat.
    """
    w = [2.6, 13.4]
    table = b.doc.add_table(rows=0, cols=2)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _grid(table, w)
    _no_borders(table)
    text_lines = [
        ("{%p for line in kop.titles %}", "Kop"),
        ("{{ line }}", "Kop Judul"),
        ("{%p endfor %}", "Kop"),
        ("{%p for line in kop.lines %}", "Kop"),
        ("{{ line }}", "Kop"),
        ("{%p endfor %}", "Kop"),
    ]
    b.tag_row(table, "{%tr if kop.has_logo %}", w)
    row = sized_row(table, w)
    _cell_paragraphs(b, row.cells[0], [("{{ kop.logo }}", "Kop")])
    _cell_paragraphs(b, row.cells[1], text_lines)
    _middle(row)
    b.tag_row(table, "{%tr else %}", w)
    row = sized_row(table, w)
    merged = row.cells[0].merge(row.cells[1])
    _cell_paragraphs(b, merged, text_lines)
    b.tag_row(table, "{%tr endif %}", w)
    line = b.p("", "Kop")
    ppr = line._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "thickThinSmallGap"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _middle(row) -> None:
    for cell in row.cells:
        tc_pr = cell._tc.get_or_add_tcPr()
        align = OxmlElement("w:vAlign")
        align.set(qn("w:val"), "center")
        tc_pr.append(align)


def signature_block(b: Builder) -> None:
    """Place and date, the signatories in pairs, and the acknowledgement ("Mengetahui"), from ``signature``.

    Each signatory has a caption (jabatan), four lines of room for a wet signature and stamp,
    the name (bold, underlined), pangkat/golongan when given, and the NIP; without settings the
    name and NIP are dotted lines to fill in by hand.
    """
    w = [8.0, 8.0]
    b.p("", keep=True)
    table = b.doc.add_table(rows=0, cols=2)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _grid(table, w)
    _no_borders(table)

    def person(x: str) -> list[tuple[str, str]]:
        return [
            (f"{{{{ {x}.caption }}}}", "Tanda Tangan"),
            ("", "Tanda Tangan"),
            ("", "Tanda Tangan"),
            ("", "Tanda Tangan"),
            ("", "Tanda Tangan"),
            (f"__{{{{ {x}.name }}}}__", "Tanda Tangan"),
            (f"{{{{ {x}.rank }}}}", "Tanda Tangan"),
            (f"{{{{ {x}.nip_line }}}}", "Tanda Tangan"),
        ]

    row = b.row(table, ["", "{{ signature.place_date }}"], w, style="Tanda Tangan", align=["c", "c"])
    b.tag_row(table, "{%tr for pair in signature.rows %}", w)
    row = sized_row(table, w)
    _cant_split(row)
    _cell_paragraphs(b, row.cells[0], person("pair.left"))
    _cell_paragraphs(b, row.cells[1], person("pair.right"))
    b.tag_row(table, "{%tr endfor %}", w)
    b.tag_row(table, "{%tr if signature.has_acknowledgement %}", w)
    row = sized_row(table, w)
    _cant_split(row)
    merged = row.cells[0].merge(row.cells[1])
    _cell_paragraphs(
        b, merged, [("", "Tanda Tangan"), ("Mengetahui,", "Tanda Tangan"), *person("signature.acknowledgement")]
    )
    b.tag_row(table, "{%tr endif %}", w)
    for row in table.rows:  # the block stays on one page
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def cover(b: Builder) -> None:
    kop(b)
    for _ in range(3):
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
    b.p("{{ agency.kind_line }}", "Sampul")
    for _ in range(4):
        b.p("", "Sampul")
    cover_foot(b)


def cover_foot(b: Builder) -> None:
    """The foot of a cover: the legal basis, who issued the document, and its date."""
    b.p("Berdasarkan", "Sampul")
    b.tag("{%p for basis in framework.legal_basis %}")
    b.p("{{ basis }}", "Sampul")
    b.tag("{%p endfor %}")
    for _ in range(3):
        b.p("", "Sampul")
    b.tag("{%p if issuer.name %}")
    b.p("Disusun oleh", "Sampul")
    b.p("{{ issuer.name }}", "Sampul").runs[0].bold = True
    b.tag("{%p endif %}")
    b.p("{{ generated_date }}", "Sampul")


# (text, bookmark, level) of every heading the Daftar Isi lists; a "{%p ... %}" entry is a tag.
CONTENTS = [
    ("BAB I PENDAHULUAN", "bab1", 1),
    ("1.1 Latar Belakang", "bab1_1", 2),
    ("1.2 Dasar Hukum", "bab1_2", 2),
    ("1.3 Maksud dan Tujuan", "bab1_3", 2),
    ("1.4 Ruang Lingkup", "bab1_4", 2),
    ("BAB II METODOLOGI", "bab2", 1),
    ("2.1 Tahapan Penilaian", "bab2_1", 2),
    ("2.2 Cara Perhitungan", "bab2_2", 2),
    ("2.3 Predikat dan Tingkat Kematangan", "bab2_3", 2),
    ("BAB III HASIL {{ kind|upper }}", "bab3", 1),
    ("3.1 Ringkasan Hasil", "bab3_1", 2),
    ("3.2 Indeks Domain dan Aspek", "bab3_2", 2),
    ("3.3 Nilai Indikator", "bab3_3", 2),
    ("3.4 Hasil per Tahap Penilaian", "bab3_4", 2),
    ("3.5 Perbandingan dengan Tahun Sebelumnya", "bab3_5", 2),
    ("3.6 Catatan Kelengkapan", "bab3_6", 2),
    ("BAB IV REKOMENDASI", "bab4", 1),
    ("4.1 Jalan Menuju Predikat Berikutnya", "bab4_1", 2),
    ("4.2 Prioritas Perbaikan", "bab4_2", 2),
    ("BAB V PENUTUP", "bab5", 1),
    ("LAMPIRAN I RINCIAN PER INDIKATOR", "lampiran1", 1),
    ("{%p if evidence_lists %}", "", 0),
    ("LAMPIRAN II DAFTAR BUKTI DUKUNG", "lampiran2", 1),
    ("{%p endif %}", "", 0),
]


def contents(b: Builder) -> None:
    table_of_contents(b, CONTENTS)


def draft_note(b: Builder) -> None:
    b.tag("{%p if draft %}")
    b.p(
        "Catatan: dokumen ini adalah DRAF. Laporan disusun dari buku kerja yang belum lengkap; indeks, "
        "predikat, dan rekomendasi yang belum dapat dihitung ditandai dengan tanda hubung (-). Draf ini "
        "bukan laporan resmi dan tidak dapat dijadikan dasar penetapan hasil.",
        "Tanda Draf",
    ).alignment = WD_ALIGN_PARAGRAPH.LEFT
    b.tag("{%p endif %}")


def introduction(b: Builder) -> None:
    b.chapter("BAB I", "PENDAHULUAN", "bab1")
    draft_note(b)
    b.h("1.1 Latar Belakang", 2, "bab1_1")
    b.p(
        "Sistem Pemerintahan Berbasis Elektronik (SPBE) adalah penyelenggaraan pemerintahan yang memanfaatkan "
        "teknologi informasi dan komunikasi untuk memberikan layanan kepada pengguna SPBE. Untuk mengetahui "
        "kemajuan dan meningkatkan kualitas penerapannya, SPBE setiap instansi pusat dan pemerintah daerah "
        "dipantau dan dievaluasi secara berkala menurut {{ framework.legal_basis_main }}."
    )
    b.p(
        "{{ kind_sentence }} Hasilnya dinyatakan sebagai {{ framework.index_name }} beserta predikatnya, indeks "
        "setiap domain dan aspek, serta nilai setiap indikator, dan menjadi dasar rekomendasi perbaikan."
    )
    b.h("1.2 Dasar Hukum", 2, "bab1_2")
    b.tag("{%p for basis in framework.legal_basis %}")
    b.bullet("{{ basis }}")
    b.tag("{%p endfor %}")
    b.h("1.3 Maksud dan Tujuan", 2, "bab1_3")
    b.p(
        "Maksud {{ kind }} ini adalah mengukur tingkat kematangan penerapan SPBE {{ agency.name }} tahun "
        "{{ agency.year }}. Tujuannya adalah memberikan gambaran capaian {{ framework.index_name }}, menunjukkan "
        "indikator yang perlu diperbaiki lebih dahulu, dan menyusun langkah perbaikan yang terukur menuju "
        "predikat berikutnya."
    )
    b.h("1.4 Ruang Lingkup", 2, "bab1_4")
    b.p(
        "{{ kind_label }} mencakup {{ framework.indicator_count }} indikator dalam {{ framework.aspect_count }} "
        "aspek{% if has_domains %} dan {{ framework.domain_count }} domain{% endif %} menurut "
        "{{ framework.name }}, pada instansi berikut:",
        keep=True,
    )
    w = [5.0, 11.0]
    table = b.table(
        [], w, [["Nama Instansi", "{{ agency.name }}"], ["Jenis Instansi", "{{ agency.kind }}"]], header=False
    )
    b.tag_row(table, "{%tr if agency.parent_government %}", w)
    b.row(table, ["Pemerintah Daerah Induk", "{{ agency.parent_government }}"], w)
    b.tag_row(table, "{%tr endif %}", w)
    for label, value in (
        ("Kode Instansi", "{{ agency.code }}"),
        ("Tahun Penilaian", "{{ agency.year }}"),
        ("Tahap Penilaian", "{{ stages_text }}"),
        ("Koordinator SPBE", "{{ agency.coordinator }}"),
        ("Penanggung Jawab", "{{ agency.responsible }}"),
        ("Pelaksana Entri Data", "{{ agency.data_entry }}"),
        ("Anggota Tim Asesor Internal", "{{ agency.members_text }}"),
    ):
        b.row(table, [label, value], w)
    b.tag_row(table, "{%tr if agency.has_services %}", w)
    b.row(table, ["Layanan Publik Sektoral", "{{ agency.services_text }}"], w)
    b.tag_row(table, "{%tr endif %}", w)


def methodology(b: Builder) -> None:
    b.chapter("BAB II", "METODOLOGI", "bab2")
    b.h("2.1 Tahapan Penilaian", 2, "bab2_1")
    b.p(
        "Penilaian dilaksanakan melalui tahap {{ methodology.stages_text }}. Penilaian mandiri dilakukan oleh Tim "
        "Asesor Internal instansi; tahap berikutnya dilakukan oleh asesor dan dapat mengubah nilai indikator. "
        "Nilai akhir setiap indikator adalah nilai dari tahap terakhir yang mengisinya. {{ kind_sentence }}"
    )
    b.h("2.2 Cara Perhitungan", 2, "bab2_2")
    b.tag("{%p for f in methodology.formulas %}")
    b.bullet("{{ f }}")
    b.tag("{%p endfor %}")
    b.h("2.3 Predikat dan Tingkat Kematangan", 2, "bab2_3")
    b.p(
        "Predikat ditentukan dari indeks yang ditampilkan dengan dua angka desimal; batas bawah setiap rentang "
        "termasuk dalam rentang tersebut.",
        keep=True,
    )
    b.table(
        ["Rentang Indeks", "Predikat"],
        [6.0, 6.0],
        loop="for r in methodology.ratings",
        cells=["{{ r.range }}", "{{ r.name }}"],
        align=["c", "c"],
    )
    b.p("")
    b.p("Nilai setiap indikator adalah tingkat kematangan pada salah satu dari dua skala berikut:", keep=True)
    b.table(
        ["Tingkat", "{{ methodology.scale_names[0] }}", "{{ methodology.scale_names[1] }}"],
        [2.0, 5.0, 5.0],
        loop="for lv in methodology.level_rows",
        cells=["{{ lv.number }}", "{{ lv.first }}", "{{ lv.second }}"],
        align=["c", "l", "l"],
    )
    b.p("{{ methodology.scales_note }}", "Catatan")


def score_table(b: Builder, label: str, items: str) -> None:
    """Indices with weight and predikat of ``items`` (domains or aspects), with the group average when given."""
    x = items[0]  # loop variable as a template editor expects it: d for domains, a for aspects
    cells = [f"{{{{ {x}.{key} }}}}" for key in ("number", "name", "weight", "index", "rating")]
    b.tag("{%p if has_average %}")
    b.table(
        ["No", label, "Bobot", "Indeks", "Predikat", "Rata-rata kelompok"],
        [1.0, 7.0, 1.6, 1.8, 2.4, 2.2],
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


def results(b: Builder) -> None:
    b.chapter("BAB III", "HASIL {{ kind|upper }}", "bab3")
    b.h("3.1 Ringkasan Hasil", 2, "bab3_1")
    w = [9.0, 7.0]
    table = b.table(
        [],
        w,
        [["**{{ framework.index_name }}**", "**{{ index }}**"], ["Predikat", "**{{ rating }}**"]],
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
        "{{ framework.index_name }} sebesar {{ index }} dengan predikat {{ rating }}.{% if gap_sentence %} "
        "{{ gap_sentence }}{% endif %}"
    )
    b.tag("{%p else %}")
    b.p(
        "{{ framework.index_name }} {{ agency.name }} belum dapat dihitung karena nilai sebagian indikator belum diisi."
    )
    b.tag("{%p endif %}")
    b.tag("{%p if has_average %}")
    b.p("{{ average_note }}", "Catatan")
    b.tag("{%p endif %}")
    b.tag("{%p if strengths_list %}")
    b.p("", bold_prefix="Kekuatan", keep=True)
    b.tag("{%p for s in strengths_list %}")
    b.bullet("{{ s }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.tag("{%p if weaknesses_list %}")
    b.p("", bold_prefix="Yang perlu diperbaiki", keep=True)
    b.tag("{%p for s in weaknesses_list %}")
    b.bullet("{{ s }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")

    b.h("3.2 Indeks Domain dan Aspek", 2, "bab3_2")
    b.tag("{%p if has_domains %}")
    score_table(b, "Domain", "domains")
    b.p("")
    b.tag("{%p endif %}")
    score_table(b, "Aspek", "aspects")
    b.p(
        "Bobot adalah bobot terhadap {{ framework.index_name }}. Predikat ditentukan dari indeks yang ditampilkan "
        "(dua angka desimal).",
        "Catatan",
    )
    b.tag("{%p if has_aspect_chart %}")
    b.p("{{ chart_aspects }}", align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    b.p("Grafik 1. Indeks Aspek", "Caption")
    b.tag("{%p endif %}")
    b.tag("{%p if has_domain_chart %}")
    b.p("{{ chart_domains }}", align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    b.p("Grafik 2. Indeks Domain", "Caption")
    b.tag("{%p endif %}")
    b.tag("{%p if not has_aspect_chart %}")
    b.p("Grafik indeks belum dapat disajikan karena nilai sebagian indikator belum diisi.", "Catatan")
    b.tag("{%p endif %}")

    b.h("3.3 Nilai Indikator", 2, "bab3_3")
    b.p(
        "Tabel berikut menyajikan nilai akhir setiap indikator, bobotnya terhadap {{ framework.index_name }}, dan "
        "kontribusinya (nilai × bobot / 100). Penjelasan dan bukti pendukung setiap indikator ada pada Lampiran I.",
        keep=True,
    )
    w = [0.9, 7.4, 1.4, 2.6, 1.6, 2.1]
    table = b.table(["No", "Indikator", "Nilai", "Nama Tingkat", "Bobot", "Kontribusi"], w)
    b.tag_row(table, "{%tr for g in indicator_groups %}", w)
    b.merged_row(table, "Aspek {{ g.number }}. {{ g.name }}: indeks {{ g.index }}", w, GROUP_FILL)
    b.tag_row(table, "{%tr for i in g.indicators %}", w)
    b.row(
        table,
        [
            "{{ i.number }}",
            "{{ i.short_name }}",
            "{{ i.level }}",
            "{{ i.level_name }}",
            "{{ i.weight }}",
            "{{ i.contribution }}",
        ],
        w,
        align=["c", "l", "c", "l", "c", "r"],
    )
    b.tag_row(table, "{%tr endfor %}", w)
    b.tag_row(table, "{%tr endfor %}", w)
    b.tag_row(table, "{%tr if complete %}", w)
    b.row(
        table,
        ["", "**Jumlah kontribusi**", "", "", "", "**{{ index_exact }}**"],
        w,
        align=["c", "l", "c", "l", "c", "r"],
    )
    b.tag_row(table, "{%tr endif %}", w)
    b.tag("{%p if complete %}")
    b.p("Jumlah kontribusi {{ index_exact }} dibulatkan menjadi {{ framework.index_name }} {{ index }}.", "Catatan")
    b.tag("{%p endif %}")

    b.h("3.4 Hasil per Tahap Penilaian", 2, "bab3_4")
    b.tag("{%p if has_stages %}")
    b.p(
        "Indeks setiap tahap dihitung dari nilai indikator sebagaimana adanya setelah tahap tersebut: setiap "
        "indikator memakai nilai terakhir yang diberikan sampai dengan tahap itu.",
        keep=True,
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
    b.tag("{%p if has_stage_changes %}")
    b.p(
        "Sebanyak {{ stage_changes_count }} indikator memperoleh nilai akhir yang berbeda dari hasil penilaian "
        "mandiri:",
        keep=True,
    )
    b.table(
        ["No", "Indikator", "Mandiri", "Akhir", "Diubah pada", "Catatan Asesor"],
        [0.9, 5.3, 1.5, 1.3, 2.4, 4.6],
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
    b.tag("{%p else %}")
    b.p(
        "Laporan ini disusun dari penilaian mandiri; tahap penilaian oleh asesor (dokumen, interviu, visitasi) "
        "belum diisi dalam buku kerja, sehingga nilai akhir sama dengan nilai penilaian mandiri."
    )
    b.tag("{%p endif %}")

    b.h("3.5 Perbandingan dengan Tahun Sebelumnya", 2, "bab3_5")
    b.tag("{%p if has_comparison %}")
    comparison(b)
    b.tag("{%p else %}")
    b.p("Hasil tahun sebelumnya tidak disertakan dalam {{ kind }} ini, sehingga perbandingan tidak disajikan.")
    b.tag("{%p endif %}")

    b.h("3.6 Catatan Kelengkapan", 2, "bab3_6")
    b.tag("{%p if has_warnings %}")
    b.p(
        "Pemeriksaan buku kerja menemukan {{ warning_count }} catatan yang tidak menghalangi perhitungan, tetapi "
        "perlu dilengkapi sebelum laporan ditetapkan:",
        keep=True,
    )
    b.table(
        ["No", "Letak", "Catatan"],
        [0.9, 3.6, 11.5],
        loop="for w in warnings",
        cells=["{{ w.number }}", "{{ w.where }}", "{{ w.message }}"],
        align=["c", "l", "l"],
    )
    b.tag("{%p else %}")
    b.p("Buku kerja terisi lengkap: setiap tingkat yang diisi disertai penjelasan dan bukti pendukung.")
    b.tag("{%p endif %}")


def comparison(b: Builder) -> None:
    b.p(
        "Hasil tahun ini dibandingkan dengan hasil {{ comparison.year }} yang tercatat dalam "
        "{{ comparison.source }}. Perubahan dihitung dari nilai yang ditampilkan (dua angka desimal).",
        keep=True,
    )
    head = ["Uraian", "Sebelumnya", "Sekarang", "Perubahan", "Keterangan"]
    w = [6.4, 2.4, 2.4, 2.4, 2.4]
    centre = ["l", "c", "c", "c", "c"]
    table = b.table(
        head,
        w,
        [
            [
                "**{{ framework.index_name }}**",
                "{{ comparison.index_before }}",
                "{{ comparison.index_after }}",
                "{{ comparison.index_change }}",
                "{{ comparison.index_direction }}",
            ]
        ],
        align=centre,
    )
    for key, label in (("domains", "Domain"), ("aspects", "Aspek")):
        b.tag_row(table, f"{{%tr for c in comparison.{key} %}}", w)
        b.row(
            table,
            [
                f"{label} {{{{ c.number }}}}. {{{{ c.name }}}}",
                "{{ c.before }}",
                "{{ c.after }}",
                "{{ c.change }}",
                "{{ c.direction }}",
            ],
            w,
            align=centre,
        )
        b.tag_row(table, "{%tr endfor %}", w)
    b.p("")
    b.tag("{%p if comparison.has_indicators %}")
    b.p("Indikator yang nilainya berubah dari tahun sebelumnya:", keep=True)
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
    b.p(
        "Dari {{ comparison.recommendation_count }} indikator yang direkomendasikan tahun sebelumnya, "
        "{{ comparison.met_count }} telah mencapai tingkat yang direkomendasikan{% if comparison.unmet_text %}; "
        "yang belum: {{ comparison.unmet_text }}{% endif %}."
    )
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
            "{{ s.short_name }}",
            "{{ s.from_level }}",
            "{{ s.to_level }}",
            "{{ s.index_after }}",
        ],
        align=["c", "c", "l", "c", "c", "c"],
    )


def recommendations(b: Builder) -> None:
    b.chapter("BAB IV", "REKOMENDASI", "bab4")
    b.h("4.1 Jalan Menuju Predikat Berikutnya", 2, "bab4_1")
    b.tag("{%p if has_road %}")
    b.p(
        "{{ framework.index_name }} {{ index }} berada {{ road.gap }} poin di bawah batas predikat "
        "{{ road.to_rating }} ({{ road.to_index }}). Jalan tersingkat ke sana adalah {{ road.step_count }} "
        "langkah kenaikan satu tingkat pada {{ road.indicator_count }} indikator, yang ditandai \u201cjalan "
        "tersingkat\u201d pada tabel 4.2. Setelah seluruh langkah itu, {{ framework.index_name }} menjadi "
        "{{ road.index_after }} dengan predikat {{ road.rating_after }}."
    )
    b.tag("{%p elif at_top %}")
    b.p(
        "{{ agency.name }} telah mencapai predikat tertinggi, {{ rating }}. Rekomendasi berikut ditujukan untuk "
        "mempertahankan dan menyempurnakan capaian tersebut."
    )
    b.tag("{%p elif road_sentence %}")
    b.p("{{ road_sentence }}")
    b.tag("{%p else %}")
    b.p("Jalan menuju predikat berikutnya belum dapat dihitung karena {{ framework.index_name }} belum dapat dihitung.")
    b.tag("{%p endif %}")
    b.tag("{%p if has_target_road %}")
    b.p(
        "Untuk mencapai {{ framework.index_name }} {{ target_road.to_index }} (predikat {{ target_road.to_rating }}) "
        "yang ditetapkan sebagai target, paling sedikit diperlukan {{ target_road.step_count }} langkah berikut:",
        keep=True,
    )
    road_steps_table(b, "target_road")
    b.p("")
    b.tag("{%p endif %}")

    b.h("4.2 Prioritas Perbaikan", 2, "bab4_2")
    b.tag("{%p if has_recommendations %}")
    b.p(
        "Urutan prioritas: langkah jalan tersingkat lebih dahulu, kemudian indikator dengan tingkat terendah "
        "(indikator di bawah tingkat 3 diperbaiki sebelum indikator yang sudah baik ditingkatkan), dan dalam "
        "tingkat yang sama indikator yang kenaikannya paling besar menambah {{ framework.index_name }}.",
        keep=True,
    )
    b.table(
        ["No", "Indikator", "Dari", "Ke", "Kenaikan per langkah", "Indeks setelahnya", "Keterangan"],
        [0.9, 5.6, 1.3, 1.1, 2.0, 2.6, 2.5],
        loop="for r in top_priorities",
        cells=[
            "{{ r.number }}",
            "{{ r.short_name }}",
            "{{ r.from_level }}",
            "{{ r.to_level }}",
            "{{ r.step_gain }}",
            "{{ r.index_after }}",
            "{{ r.mark }}",
        ],
        align=["c", "l", "c", "c", "c", "c", "c"],
    )
    b.p(
        "Kenaikan per langkah adalah pertambahan {{ framework.index_name }} (sebelum dibulatkan) untuk setiap kenaikan "
        "satu tingkat; indeks setelahnya adalah {{ framework.index_name }} setelah langkah jalan tersingkat sampai "
        "baris itu. {{ priorities_more }}",
        "Catatan",
    )
    b.tag("{%p else %}")
    b.p("Tidak ada rekomendasi kenaikan tingkat: seluruh indikator telah mencapai tingkat sasarannya.")
    b.tag("{%p endif %}")


def closing(b: Builder) -> None:
    b.chapter("BAB V", "PENUTUP", "bab5")
    b.p(
        "Demikian laporan hasil {{ kind }} SPBE {{ agency.name }} tahun {{ agency.year }} ini disusun. "
        "{% if complete %}Dengan {{ framework.index_name }} {{ index }} (predikat {{ rating }}), {% endif %}"
        "{{ closing_sentence }}"
    )
    b.p(
        "Laporan ini disusun dari buku kerja penilaian yang diisi instansi{% if has_stages %} dan hasil penilaian "
        "asesor{% endif %}; angka di dalamnya dihitung dengan metode {{ framework.name }} tanpa pembulatan antara."
    )
    signature_block(b)


def appendix_indicators(b: Builder) -> None:
    b.chapter("LAMPIRAN I", "RINCIAN PER INDIKATOR", "lampiran1")
    b.p(
        "Untuk setiap indikator: nilai, penjelasan dan bukti pendukung sebagaimana ditulis instansi dalam buku "
        "kerja, catatan asesor, dan, bila ada, rekomendasinya: syarat tingkat berikutnya dan bukti dukung yang "
        "perlu disiapkan{% if evidence_lists %} (daftar bukti dukung ada pada Lampiran II; satu daftar dapat "
        "berlaku untuk beberapa indikator){% endif %}. Isian yang kosong di buku kerja ditulis “tidak diisi”.",
        "Catatan",
    )
    w = [3.6, 12.4]
    b.tag("{%p for g in appendix %}")
    b.h("Aspek {{ g.number }}. {{ g.name }}", 2)
    b.tag("{%p for d in g.indicators %}")
    b.h("Indikator {{ d.number }}. {{ d.name }}", 3)
    table = b.table(
        [], w, [["Nilai", "{{ d.level_label }}{% if d.levels_text %} ({{ d.levels_text }}){% endif %}"]], header=False
    )
    b.row(table, ["Penjelasan", "{{ d.explanation }}"], w, split=True)
    b.row(table, ["Bukti Pendukung", "{{ d.evidence }}"], w, split=True)
    b.tag_row(table, "{%tr if d.note %}", w)
    b.row(table, ["Catatan Asesor", "{{ d.note }}"], w, split=True)
    b.tag_row(table, "{%tr endif %}", w)
    b.tag_row(table, "{%tr for s in d.steps %}", w)
    b.row(table, ["**Rekomendasi**", "**{{ s.heading }}**"], w)
    b.row(table, ["Syarat tingkat {{ s.to_level }}", "{{ s.criteria }}"], w, split=True)
    b.row(table, ["Bukti dukung", "{{ s.evidence_text }}"], w, split=True)
    b.tag_row(table, "{%tr if s.advice %}", w)
    b.row(table, ["Saran", "{{ s.advice }}"], w, split=True)
    b.tag_row(table, "{%tr endif %}", w)
    b.tag_row(table, "{%tr endfor %}", w)
    for row in table.rows[:1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")


def appendix_evidence(b: Builder) -> None:
    b.tag("{%p if evidence_lists %}")
    b.chapter("LAMPIRAN II", "DAFTAR BUKTI DUKUNG", "lampiran2")
    b.p(
        "Bukti dukung yang perlu disiapkan untuk langkah rekomendasi pada Lampiran I. Setiap daftar dicantumkan "
        "sekali, bersama indikator dan langkah yang memerlukannya.",
        "Catatan",
    )
    b.tag("{%p for e in evidence_lists %}")
    b.h("{{ e.code }}. Untuk {{ e.used_by }}", 3)
    b.tag("{%p for item in e.entries %}")
    b.bullet("{{ item }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")


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
    contents(b)
    introduction(b)
    methodology(b)
    results(b)
    recommendations(b)
    closing(b)
    appendix_indicators(b)
    appendix_evidence(b)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(target)
    return target


if __name__ == "__main__":
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
    print(f"Templat laporan ditulis ke {out}")
