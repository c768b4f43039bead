"""A report template prepared once per process, filled per report and packed straight into a .docx.

docxtpl fills a template by opening it as a python-docx document (every part parsed), filling
the parts with Jinja2, parsing the body again into the document, and saving the whole package
(every part serialized and compressed again). For a run of many reports from one template,
most of that work gives the same result every time. :func:`prepare` does it once per process
and template, and :class:`Filling` does, per report, only what depends on the report:

- the template language is docxtpl's own: the body, the headers and footers, the footnotes and
  the document properties are prepared by docxtpl's ``patch_xml`` and filled by its
  ``render_xml_part`` (Jinja2, then line breaks and tabs in text turned into Word's), the
  tables checked by its ``fix_tables`` and the pictures numbered by its ``fix_docpr_ids``;
  pictures are added as python-docx adds them (same part names, relationships, sizes);
- the parts no template tag can change (styles, numbering, theme, fonts, settings, ...) are
  copied into the new .docx as compressed in the template, never decompressed and compressed
  again, and the body is written between the unchanged start and end of ``document.xml``.

The text, numbers, tables and pictures are those docxtpl gives (tests/test_render_speed.py
renders both ways and compares them). A template this module does not know how to pack (no
document properties or settings part, parts the zip does not hold under their name) is not
prepared: :func:`prepare` returns None and the caller fills it with docxtpl as it is.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import struct
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import BinaryIO

from docx.image.image import Image
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import parse_xml as parse_opc_xml
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docxtpl import DocxTemplate
from jinja2.exceptions import TemplateError
from lxml import etree

CACHE_SIZE = 4  # prepared templates kept per process
XML_LEVEL = 3  # zlib level of the parts written per report: the body in half the time of level 6, 6 kB larger
_NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_LISTING = re.compile("[\t\a\n\f]")  # what docxtpl's resolve_listing turns into Word's breaks and tabs
_PARAGRAPH_START = re.compile(r"<w:p(?: [^>]*)?>")  # where docxtpl's paragraph pattern starts a match
_MARKER = b"<spbe-body-marker/>"


@dataclass(frozen=True)
class Member:
    """One member of the .docx zip, as it is stored: ``data`` deflated (``method`` 8) or not (0)."""

    name: str
    data: bytes
    crc: int
    size: int
    method: int

    @classmethod
    def deflated(cls, name: str, content: bytes, level: int = XML_LEVEL) -> Member:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        return cls(name, data, zlib.crc32(content), len(content), zipfile.ZIP_DEFLATED)

    @classmethod
    def stored(cls, name: str, content: bytes) -> Member:
        return cls(name, content, zlib.crc32(content), len(content), zipfile.ZIP_STORED)

    def content(self) -> bytes:
        return zlib.decompress(self.data, -15) if self.method == zipfile.ZIP_DEFLATED else self.data


@dataclass
class _Part:
    """A part of the template that is filled per report: its name, its prepared XML and its pictures' links."""

    partname: PackURI
    source: str  # the XML docxtpl fills (patch_xml done)
    next_id: int  # the id python-docx gives a picture inserted in this part
    rels: bytes | None  # the part's relationships in the template (None: it has none)
    related: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, target partname): rId
    rids: frozenset[str] = frozenset()  # every rId the part has, external links too
    encoding: str = "utf-8"
    lined: str = field(init=False)  # the source with every paragraph on a line of its own, as docxtpl fills it

    def __post_init__(self):
        self.lined = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.source)  # docxtpl's render_xml_part does this


@dataclass
class Prepared:
    """What every report from one template shares, computed once per process by :func:`prepare`."""

    members: dict[str, Member]  # the template's zip, in its order, as stored
    body: _Part
    head: bytes  # document.xml up to the body ...
    tail: bytes  # ... and after it
    nsmap: dict  # the namespaces the document declares (the body needs no declarations of its own)
    stories: list[_Part]  # headers and footers
    footnotes: list[_Part]
    core: tuple[str, bytes]  # the document properties' member and XML
    settings: SimpleNamespace  # the settings, already asking Word to update fields on open
    content_types: bytes
    images: dict[str, PackURI]  # sha1: partname of the template's own pictures
    image_numbers: list[int | None]  # their numbers (image3.png: 3), as python-docx counts them

    def new_document(self) -> Filling:
        """A document to fill with one report's context (see :class:`Filling`)."""
        return Filling(self)


_CACHE: OrderedDict[tuple[str, str], Prepared | None] = OrderedDict()
_LOCK = threading.Lock()


def prepare(template: Path, data: bytes, document: DocxTemplate) -> Prepared | None:
    """The template ``template`` (its bytes ``data``, opened by docxtpl as ``document``), prepared.

    Kept per process by the template's path and content, so an edited template is prepared
    again. None when it cannot be packed this way (the caller then uses docxtpl as it is).
    """
    found, prepared = cached(template, data)
    if found:
        return prepared
    return remember(template, data, _prepare(data, document))


def remember(template: Path, data: bytes, prepared: Prepared | None) -> Prepared | None:
    """Keep ``prepared`` (None: cannot be prepared) for ``template`` with content ``data``; return it."""
    key = (str(template), hashlib.sha1(data).hexdigest())
    with _LOCK:
        _CACHE[key] = prepared
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return prepared


def cached(template: Path, data: bytes) -> tuple[bool, Prepared | None]:
    """(whether ``template`` with content ``data`` was prepared before, what it gave)."""
    key = (str(template), hashlib.sha1(data).hexdigest())
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return True, _CACHE[key]
    return False, None


def _prepare(data: bytes, document: DocxTemplate) -> Prepared | None:
    members = _members(data)
    if members is None:
        return None
    doc = document.docx
    main, package = doc.part, doc.part.package
    try:
        core_part = package.part_related_by(RT.CORE_PROPERTIES)
        settings_part = main.part_related_by(RT.SETTINGS)
    except KeyError:  # python-docx would make these parts: leave that to it
        return None
    footnote_parts = [part for part in package.iter_parts() if part.content_type == CT.WML_FOOTNOTES]
    stories = [
        part
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
        for _key, part in document.get_headers_footers(uri)
    ]
    needed = [main, core_part, settings_part, *stories, *footnote_parts]
    if "[Content_Types].xml" not in members or any(part.partname.membername not in members for part in needed):
        return None
    lower = {name.lower() for name in members}
    if len(lower) != len(members):
        return None  # two members differing only in case: leave that package to python-docx

    settings = copy.deepcopy(settings_part.settings.element)
    ask_to_update_fields(settings)
    members[settings_part.partname.membername] = Member.deflated(
        settings_part.partname.membername, serialize_part_xml(settings)
    )

    shell = copy.deepcopy(main.element)
    body = shell.find(f"{{{shell.nsmap['w']}}}body")
    marker = etree.Element("spbe-body-marker")
    shell.replace(body, marker)
    head, tail = serialize_part_xml(shell).split(_MARKER)

    def part_of(part, source: str, encoding: str = "utf-8") -> _Part:
        rels = members.get(part.partname.rels_uri.membername)
        return _Part(
            part.partname,
            source,
            getattr(part, "next_id", 1),  # a footnotes part is no story part: python-docx has no id for it
            rels.content() if rels is not None else None,
            {(rel.reltype, rel.target_part.partname): rId for rId, rel in part.rels.items() if not rel.is_external},
            frozenset(part.rels),
            encoding,
        )

    story_parts = []
    for part in stories:
        xml = document.get_part_xml(part)
        story_parts.append(part_of(part, document.patch_xml(xml), document.get_headers_footers_encoding(xml)))
    footnotes = []
    for part in footnote_parts:
        blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
        footnotes.append(part_of(part, document.patch_xml(blob)))
    images = {image_part.sha1: image_part.partname for image_part in package.image_parts}
    return Prepared(
        members=members,
        body=part_of(main, document.patch_xml(document.get_xml())),
        head=head,
        tail=tail,
        nsmap=dict(main.element.nsmap),
        stories=story_parts,
        footnotes=footnotes,
        core=(core_part.partname.membername, serialize_part_xml(core_part.element)),
        settings=SimpleNamespace(element=settings),
        content_types=members["[Content_Types].xml"].content(),
        images=images,
        image_numbers=[image_part.partname.idx for image_part in package.image_parts],
    )


def _members(data: bytes) -> dict[str, Member] | None:
    """The zip's members as stored (deflated data copied as it is), or None for a zip this module
    does not copy (other compression, encryption, duplicate names, a CRC that does not match)."""
    members: dict[str, Member] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            if info.filename in members or info.flag_bits & 0x1:
                return None
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                content = archive.read(info)
                members[info.filename] = Member.deflated(info.filename, content)
                continue
            name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
            start = info.header_offset + 30 + name_length + extra_length
            stored = data[start : start + info.compress_size]
            member = Member(info.filename, stored, info.CRC, info.file_size, info.compress_type)
            content = member.content()
            if zlib.crc32(content) != info.CRC or len(content) != info.file_size:
                return None
            members[info.filename] = member
    return members


class _Media:
    """The pictures added to one document, shared by its parts (one picture, one part)."""

    def __init__(self, prepared: Prepared):
        self.by_sha1: dict[str, PackURI] = dict(prepared.images)
        self.numbers = list(prepared.image_numbers)
        self.added: dict[PackURI, tuple[bytes, str]] = {}  # partname: (bytes, content type)

    def add(self, image: Image) -> PackURI:
        """The partname of ``image`` in the package, adding it as python-docx would (word/media/imageN.ext)."""
        found = self.by_sha1.get(image.sha1)
        if found is not None:
            return found
        number = next((n for n in range(1, len(self.numbers) + 1) if n not in self.numbers), len(self.numbers) + 1)
        partname = PackURI(f"/word/media/image{number}.{image.ext}")
        self.numbers.append(number)
        self.by_sha1[image.sha1] = partname
        self.added[partname] = (image.blob, image.content_type)
        return partname


class _Story:
    """The part being filled, as docxtpl's InlineImage sees it (``current_rendering_part``)."""

    def __init__(self, part: _Part, media: _Media):
        self.part, self.media = part, media
        self.related = dict(part.related)
        self.rids = set(part.rids)
        self.added: list[tuple[str, PackURI]] = []

    def new_pic_inline(self, image_descriptor, width=None, height=None):
        """A new ``wp:inline`` of the picture, its part and relationship added as python-docx adds them."""
        image = Image.from_file(image_descriptor)
        partname = self.media.add(image)
        rId = self.related.get((RT.IMAGE, partname))
        if rId is None:
            rId = next(f"rId{n}" for n in range(1, len(self.rids) + 2) if f"rId{n}" not in self.rids)
            self.rids.add(rId)
            self.related[(RT.IMAGE, partname)] = rId
            self.added.append((rId, partname))
        cx, cy = image.scaled_dimensions(width, height)
        return CT_Inline.new_pic_inline(self.part.next_id, rId, image.filename, cx, cy)

    def rels(self) -> bytes | None:
        """The part's relationships with the pictures added, or None when none was added."""
        if not self.added:
            return None
        if self.part.rels is not None:
            root = parse_opc_xml(self.part.rels)  # as python-docx reads it: blank text between elements dropped
        else:
            root = etree.Element(f"{{{_NS_RELS}}}Relationships", nsmap={None: _NS_RELS})
        base = self.part.partname.baseURI
        for rId, partname in self.added:
            etree.SubElement(
                root, f"{{{_NS_RELS}}}Relationship", Id=rId, Type=RT.IMAGE, Target=partname.relative_ref(base)
            )
        return serialize_part_xml(root)


class Filling(DocxTemplate):
    """One document filled from a :class:`Prepared` template, used as docxtpl's DocxTemplate is:
    ``render(context, jinja_env, autoescape)``, ``docx.core_properties``, ``save(path)``."""

    def __init__(self, prepared: Prepared):
        super().__init__(None)
        self.prepared = prepared
        self.media = _Media(prepared)
        core = CoreProperties(parse_xml(prepared.core[1]))
        self.docx = SimpleNamespace(core_properties=core, settings=prepared.settings)
        self.current_rendering_part = None
        self.docx_ids_index = 1000
        self.pic_map = {}
        self.filled: dict[str, bytes] = {}
        self.stories: list[_Story] = []

    def init_docx(self, reload: bool = True):
        pass  # nothing to open: the template was read once by prepare()

    def resolve_listing(self, xml):
        """docxtpl's resolve_listing, run only on the paragraphs that have something to resolve.

        docxtpl turns tabs, line breaks and page breaks in the text of every paragraph its
        pattern (``<w:p ...>`` up to the first ``</w:p>``) finds into Word's. The same
        paragraphs are found here with plain string searches, and only those holding such a
        character are given to docxtpl: the others it would leave as they are.
        """
        special = [m.start() for m in _LISTING.finditer(xml)]
        if not special:
            return xml
        resolve = super().resolve_listing
        parts, done, scan, k = [], 0, 0, 0
        while k < len(special):
            start = _PARAGRAPH_START.search(xml, scan)
            if start is None:
                break
            end = xml.find("</w:p>", start.end())
            if end < 0:
                break  # no paragraph ends after here: docxtpl's pattern finds nothing more either
            end += len("</w:p>")
            while k < len(special) and special[k] < start.start():
                k += 1  # outside every paragraph: docxtpl leaves it
            if k < len(special) and special[k] < end:
                parts += [xml[done : start.start()], resolve(xml[start.start() : end])]
                done = end
                while k < len(special) and special[k] < end:
                    k += 1
            scan = end
        return "".join([*parts, xml[done:]])

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        """docxtpl's render_xml_part with the same result, ``src_xml`` given with every paragraph
        already on a line of its own (``_Part.lined``, done once per process).

        The lines are what Jinja2's line numbers in a message refer to; they are taken out of
        the result again with plain replacements, as docxtpl takes them out with a pattern.
        """
        try:
            self.current_rendering_part = part
            dst_xml = jinja_env.from_string(src_xml).render(context)
        except TemplateError as exc:
            if getattr(exc, "lineno", None) is not None:  # the text around the mistake, as docxtpl gives it
                line_number = max(exc.lineno - 4, 0)
                exc.docx_context = [
                    re.sub(r"<[^>]+>", "", x) for x in src_xml.splitlines()[line_number : line_number + 7]
                ]
            raise
        dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        dst_xml = dst_xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self.resolve_listing(dst_xml)

    def fix_tables(self, xml):
        """docxtpl's fix_tables, run only when a table needs it (most filled bodies have none).

        docxtpl parses the filled body and widens or narrows every table whose rows have more
        cells, or fewer grid columns' worth of cells, than its grid declares. Whether any
        table is so is found here in a tenth of the time; only then is docxtpl's own run.
        """
        try:
            tree = etree.fromstring(xml)  # docxtpl's parser recovers from broken XML: the same tree for sound XML
        except etree.XMLSyntaxError:
            return super().fix_tables(xml)
        if "w" not in tree.nsmap or _tables_need_fixing(tree, f"{{{tree.nsmap['w']}}}"):
            return super().fix_tables(xml)  # also where docxtpl itself fails, to fail as it does
        return tree

    def _fill(self, part: _Part, context, jinja_env) -> str:
        story = _Story(part, self.media)
        self.stories.append(story)
        return self.render_xml_part(part.lined, story, context, jinja_env)

    def render(self, context, jinja_env=None, autoescape: bool = False) -> None:
        """Fill the body, headers, footers, footnotes and properties, as DocxTemplate.render does.

        One difference: docxtpl fills the footnotes once for every section of the document (a
        footnote's filled text is filled again); they are filled once here.
        """
        prepared = self.prepared
        if autoescape:
            jinja_env.autoescape = autoescape
        tree = self.fix_tables(self._fill(prepared.body, context, jinja_env))
        self.fix_docpr_ids(tree)
        self.filled[prepared.body.partname.membername] = prepared.head + _body_xml(tree, prepared.nsmap) + prepared.tail
        for part in prepared.stories:
            xml = self._fill(part, context, jinja_env)
            element = parse_xml(xml.encode(part.encoding))  # as python-docx loads the filled part
            self.filled[part.partname.membername] = serialize_part_xml(element)
        self.render_properties(context, jinja_env)
        for part in prepared.footnotes:
            self.filled[part.partname.membername] = self._fill(part, context, jinja_env).encode("utf-8")
        self.is_rendered = True

    def save(self, filename, *args, **kwargs) -> None:
        """Write the filled document as a .docx to ``filename`` (a path or a binary stream)."""
        prepared = self.prepared
        changed = dict(self.filled)
        name, _ = prepared.core
        changed[name] = serialize_part_xml(self.docx.core_properties._element)
        added: list[Member] = []
        for story in self.stories:
            rels = story.rels()
            if rels is not None:
                rels_name = story.part.partname.rels_uri.membername
                if rels_name in prepared.members:
                    changed[rels_name] = rels
                else:
                    added.append(Member.deflated(rels_name, rels))
        if self.media.added:
            changed["[Content_Types].xml"] = _content_types(prepared.content_types, self.media.added)
            for partname, (blob, _type) in self.media.added.items():
                added.append(Member.stored(partname.membername, blob))  # a picture is compressed already
        members = [
            Member.deflated(name, changed[name]) if name in changed else member
            for name, member in prepared.members.items()
        ]
        when = self.docx.core_properties.modified or datetime(1980, 1, 1)
        if hasattr(filename, "write"):
            write_zip(filename, [*members, *added], when)
        else:
            with open(filename, "wb") as out:
                write_zip(out, [*members, *added], when)
        self.is_saved = True


def _tables_need_fixing(tree, ns: str) -> bool:
    """Whether docxtpl's fix_tables would change a table of ``tree`` (``ns``: the w namespace in braces).

    As fix_tables counts them: the ``w:tc`` of every ``w:tr`` inside the table (nested tables'
    rows too), each as wide as its ``w:gridSpan``, against the table's ``w:gridCol``. True
    when in doubt (a table without a grid, a span that is no number).
    """
    try:
        spans = {}
        for span in tree.iter(f"{ns}gridSpan"):
            properties = span.getparent()
            if properties is not None and properties.tag == f"{ns}tcPr" and properties.getparent() is not None:
                spans[properties.getparent()] = int(span.get(f"{ns}val"))
        for table in tree.iter(f"{ns}tbl"):
            grid = table.find(f"{ns}tblGrid")
            if grid is None:
                return True
            columns = sum(1 for _ in grid.iterchildren(f"{ns}gridCol"))
            most = widest = 0
            for row in table.iter(f"{ns}tr"):
                cells = list(row.iterchildren(f"{ns}tc"))
                most = max(most, len(cells))
                widest = max(widest, sum(spans.get(cell, 1) for cell in cells))
            if most > columns or widest < columns:
                return True
    except (TypeError, ValueError):
        return True
    return False


def _body_xml(tree, nsmap: dict) -> bytes:
    """The filled body as XML, without the namespace declarations the document already makes
    (docxtpl's body, put back into the document, has none either)."""
    xml = etree.tostring(tree, encoding="UTF-8")
    end = xml.index(b">") + 1
    if tree.attrib or dict(tree.nsmap) != nsmap or xml[:end].endswith(b"/>"):
        return xml  # declarations of its own, or an empty body: written as it is
    prefix = f"{tree.prefix}:" if tree.prefix else ""
    return f"<{prefix}body>".encode() + xml[end:]


def ask_to_update_fields(settings) -> None:
    """Add ``w:updateFields`` to the settings element ``settings``: Word then updates fields (the
    Daftar Isi page numbers) when it opens the document. Nothing when it is there already."""
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = parse_xml(f'<w:updateFields xmlns:w="{_W}" w:val="true"/>')
    # Word refuses a settings part whose children are out of the schema's order (CT_Settings).
    later = next((child for child in settings if child.tag in _AFTER_UPDATE_FIELDS), None)
    if later is not None:
        later.addprevious(element)
    else:
        settings.append(element)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_AFTER_UPDATE_FIELDS = {  # the elements that follow w:updateFields in CT_Settings (ECMA-376)
    qn(f"w:{name}")
    for name in (
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )  # fmt: skip
} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}


def _content_types(xml: bytes, added: dict[PackURI, tuple[bytes, str]]) -> bytes:
    """[Content_Types].xml naming the added pictures' types, as python-docx writes them."""
    root = parse_opc_xml(xml)
    defaults = {
        element.get("Extension", "").lower(): element.get("ContentType")
        for element in root.iter(f"{{{_NS_TYPES}}}Default")
    }
    for partname, (_blob, content_type) in added.items():
        ext = partname.ext.lower()
        if defaults.get(ext) == content_type:
            continue
        if ext in defaults:
            etree.SubElement(root, f"{{{_NS_TYPES}}}Override", PartName=str(partname), ContentType=content_type)
        else:
            element = etree.Element(f"{{{_NS_TYPES}}}Default", Extension=partname.ext, ContentType=content_type)
            root.insert(0, element)
            defaults[ext] = content_type
    return serialize_part_xml(root)


def write_zip(out: BinaryIO, members: Iterable[Member], when: datetime) -> None:
    """Write ``members`` as a zip to ``out``, each as it is stored (nothing compressed again here).

    ``when`` is the date every member carries. A zip too large for the plain format (4 GiB,
    65.535 members) raises ValueError: no report comes near it.
    """
    members = list(members)
    if len(members) >= 0xFFFF:
        raise ValueError("too many members for a zip without ZIP64")
    year = min(max(when.year, 1980), 2107)
    dos_date = (year - 1980) << 9 | when.month << 5 | when.day
    dos_time = when.hour << 11 | when.minute << 5 | when.second // 2
    offset, central = 0, []
    for member in members:
        name = member.name.encode("utf-8")
        flags = 0x800 if not member.name.isascii() else 0  # the name is UTF-8
        fields = (20, flags, member.method, dos_time, dos_date, member.crc, len(member.data), member.size, len(name))
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name
        central.append(
            struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, 0, offset) + name
        )
        out.write(header)
        out.write(member.data)
        offset += len(header) + len(member.data)
        if offset > 0xFFFFFFFF:
            raise ValueError("zip too large without ZIP64")
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0))
