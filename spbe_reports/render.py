"""Render the Word documents from their docxtpl templates: the report of one workbook here,
and, through :func:`open_template` and :func:`render_document`, the summary across agencies.

Rendering is strict and escaped (docs/templat-laporan.md): Jinja2 with ``StrictUndefined``
(a misspelt variable is an error that names it, never a silent blank) and autoescape (an
agency named "Dinas A & B <Kota>" prints as typed and cannot break the document's XML).
The environment is sandboxed because the template is a file a coordinator edits, not code.
The report and its charts are written atomically: all of them appear, or none changes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime, timezone
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SandboxedEnvironment

from spbe_reports import charts, report
from spbe_reports.errors import SpbeError
from spbe_reports.evaluation import Evaluation
from spbe_reports.files import atomic_path
from spbe_reports.formatting import format_index
from spbe_reports.problems import Problem
from spbe_reports.scoring import Scores

if TYPE_CHECKING:
    from spbe_reports.settings import Settings

REPORT_NAME = "laporan.docx"
RADAR_NAME = "radar-aspek.png"
DOMAIN_NAME = "domain.png"
RADAR_WIDTH = Cm(13.0)
DOMAIN_WIDTH = Cm(13.5)
LOGO_HEIGHT = Cm(2.2)
DOCS = "docs/templat-laporan.md"


class DescribedImage(InlineImage):
    """An InlineImage with a stable name and alternative text (for screen readers and for
    identical files from identical input: docxtpl would otherwise name it after the temporary
    file it was read from).

    ``image`` is the picture's bytes; ``name`` the file name shown in Word (e.g. "radar-aspek.png").
    """

    def __init__(self, tpl, image: bytes, name: str, description: str, width=None, height=None):
        stream = io.BytesIO(image)
        super().__init__(tpl, stream, width=width, height=height)
        self.name, self.description = name, description

    def _insert_image(self):
        self.image_descriptor.seek(0)
        inline = self.tpl.current_rendering_part.new_pic_inline(self.image_descriptor, self.width, self.height)
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("name", self.name)
        doc_pr.set("descr", self.description)
        for element in inline.iter(qn("pic:cNvPr")):
            element.set("name", self.name)
            element.set("descr", self.description)
        # Close docxtpl's text run, add the drawing in a run of its own, reopen the text run.
        return f'</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r><w:t xml:space="preserve">'


class TemplateError(SpbeError):
    """A template cannot be opened or names something its document does not provide."""


def jinja_environment() -> jinja2.Environment:
    """The environment every docx template is rendered with: strict, escaped, sandboxed."""
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


def open_template(template: Path) -> DocxTemplate:
    """Open a docx template, raising TemplateError (in Indonesian) when it is missing or not a Word file."""
    template = Path(template)
    if not template.is_file():
        raise TemplateError(f"Templat '{template}' tidak ditemukan. Lihat {DOCS}.")
    document = DocxTemplate(template)
    try:
        document.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TemplateError(
            f"Templat '{template}' tidak dapat dibuka sebagai dokumen Word (.docx): {exc}. Lihat {DOCS}."
        ) from None
    return document


def render_document(document: DocxTemplate, context: dict, template: Path) -> None:
    """Render ``context`` into ``document``; template mistakes become TemplateError naming the file.

    A variable the context lacks (StrictUndefined) is named in the message; a malformed tag
    is reported with its line in the template's XML and the text around it.
    """
    try:
        document.render(context, jinja_environment(), autoescape=True)
        update_fields_on_open(document)
    except jinja2.UndefinedError as exc:
        name = _undefined_name(str(exc))
        raise TemplateError(
            f"Templat '{template}' memakai variabel '{name}' yang tidak tersedia. Periksa ejaan "
            f"tag {{{{ ... }}}} di templat; daftar variabel yang tersedia ada di {DOCS}."
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        near = " ".join(line.strip() for line in getattr(exc, "docx_context", []) if line.strip())[:200]
        where = f' di sekitar teks "{near}"' if near else ""
        raise TemplateError(
            f"Templat '{template}' berisi tag yang tidak sah{where}: {exc.message}. Periksa pasangan "
            f"{{% if %}}/{{% endif %}} dan {{% for %}}/{{% endfor %}}; lihat {DOCS}."
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"Templat '{template}' tidak dapat diisi: {exc}. Lihat {DOCS}.") from None


def update_fields_on_open(document: DocxTemplate) -> None:
    """Ask Word to update fields (the Daftar Isi page numbers) when it opens the document.

    LibreOffice computes PAGEREF fields whenever it lays out a page, so its view and PDF are
    right anyway; Word shows a field's stored value until it is updated, which this asks for.
    """
    settings = document.docx.settings.element
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


def _undefined_name(message: str) -> str:
    """The missing name from Jinja's message: "'x' is undefined", "'dict object' has no attribute 'y'"."""
    for pattern in (r"has no attribute '([^']+)'", r"^'([^']+)' is undefined", r"'([^']+)'"):
        match = re.search(pattern, message)
        if match:
            return match.group(1)
    return message


def render_report(
    evaluation: Evaluation,
    template: Path,
    out_dir: Path,
    *,
    generated_at: datetime,
    average: Scores | None = None,
    average_label: str = report.DEFAULT_AVERAGE_LABEL,
    settings: Settings | None = None,
    warnings: Sequence[Problem] = (),
) -> Path:
    """Write ``out_dir/laporan.docx`` and its charts (radar-aspek.png, domain.png); return the docx path.

    ``settings`` give the kop (with its logo) and the signatories; ``warnings`` the workbook's
    warnings for the report's "Catatan Kelengkapan".

    Charts that cannot be drawn (a draft without every index, a framework without domains)
    are not written, and a stale one from an earlier run is removed. Everything is written
    atomically. Raises TemplateError for a missing or broken template; OSError when
    ``out_dir`` cannot be written.
    """
    template, out_dir = Path(template), Path(out_dir)
    document = open_template(template)
    context = report.build_context(
        evaluation,
        generated_at=generated_at,
        average=average,
        average_label=average_label,
        settings=settings,
        warnings=warnings,
    )
    context["kop"]["logo"] = kop_logo(document, settings)
    series = report.chart_series(evaluation, average, average_label)
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        return _write_report(document, context, series, evaluation, template, out_dir, generated_at)
    except BaseException:
        if created and not any(out_dir.iterdir()):  # leave no empty folder behind a failed report
            out_dir.rmdir()
        raise


def _write_report(document, context, series, evaluation, template: Path, out_dir: Path, generated_at: datetime) -> Path:
    # The lower bounds of the predikat bands above the lowest, as ranking.band_bounds gives them;
    # computed here so a report worker does not import ranking's pandas (half a second each).
    guides = sorted(float(band.minimum) for band in evaluation.framework.ratings)[1:]
    stale = []
    with ExitStack() as stack:
        for key, name, draw, width in (
            ("aspects", RADAR_NAME, charts.radar_chart, RADAR_WIDTH),
            ("domains", DOMAIN_NAME, partial(charts.domain_chart, guides=guides), DOMAIN_WIDTH),
        ):
            variable = f"chart_{key}"
            if series[key] is None:
                stale.append(out_dir / name)
                context[variable] = ""
                continue
            png = stack.enter_context(atomic_path(out_dir / name))
            labels, values = series[key]
            draw(labels, values, png)
            description = chart_description(TITLES[key], labels, values)
            context[variable] = DescribedImage(document, png.read_bytes(), name, description, width=width)
        render_document(document, context, template)
        properties = document.docx.core_properties
        # Word's core properties hold at most 255 characters; a long agency name is cut, not fatal.
        properties.title = f"{context['title_short']} - {context['agency']['name']}"[:CORE_LIMIT]
        properties.subject = f"{context['framework']['index_name']} {context['agency']['year']}"[:CORE_LIMIT]
        properties.comments = ""
        properties.created = properties.modified = _utc(generated_at)
        target = out_dir / REPORT_NAME
        docx = stack.enter_context(atomic_path(target))
        document.save(docx)
    for path in stale:  # a chart from an earlier run that this report no longer has
        path.unlink(missing_ok=True)
    return target


TITLES = {"aspects": "Grafik radar indeks aspek", "domains": "Grafik batang indeks domain"}
CORE_LIMIT = 255


def chart_description(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]) -> str:
    """The alternative text of a chart: its title and every value it shows, as the reader would read them."""
    parts = []
    for name, values in series:
        items = "; ".join(f"{label}: {format_index(Decimal(str(value)))}" for label, value in zip(labels, values))
        parts.append(f"{name}: {items}")
    return f"{title}. " + ". ".join(parts) + "."


def kop_logo(document: DocxTemplate, settings: Settings | None):
    """The issuing body's logo for the kop, 2,2 cm high, or '' without one."""
    if settings is None or settings.logo is None:
        return ""
    name = "logo" + Path(settings.logo).suffix.lower()
    body = settings.issuer or settings.unit or "instansi penerbit"
    return DescribedImage(document, Path(settings.logo).read_bytes(), name, f"Logo {body}", height=LOGO_HEIGHT)


def _utc(moment: datetime) -> datetime:
    """A naive UTC datetime, as Word's document properties store it."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment
