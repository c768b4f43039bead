"""Render the Word documents from their docxtpl templates: the report of one workbook here,
and, through :func:`open_template` and :func:`render_document`, the summary across agencies.

Rendering is strict and escaped (docs/templat-laporan.md): Jinja2 with ``StrictUndefined``
(a misspelt variable is an error that names it, never a silent blank) and autoescape (an
agency named "Dinas A & B <Kota>" prints as typed and cannot break the document's XML).
The environment is sandboxed and bounded (:mod:`spbe_reports.templating`) because the
template is a file a coordinator edits, not code: whatever goes wrong while filling it is one
TemplateError in Indonesian naming the template, never a traceback or a hang.
The report and its charts are written atomically: all of them appear, or none changes.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime, timezone
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage

from spbe_reports import charts, docxpack, report, templating
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


class PreparedTemplate(DocxTemplate):
    """docxtpl's template, preparing the XML of each part for Jinja2 once per process.

    ``patch_xml`` (joining tags Word split across runs, and the like) is a pure function of
    the part's XML and a third of the time of a render; every report of a run, and every
    sample of :mod:`spbe_reports.templatecheck`, fills the same parts.
    """

    def patch_xml(self, src_xml):
        patched = _PATCHED.get(src_xml)
        if patched is None:
            patched = _PATCHED[src_xml] = super().patch_xml(src_xml)
            while len(_PATCHED) > templating.CACHE_SIZE:
                _PATCHED.popitem(last=False)
        return patched


_PATCHED: OrderedDict[str, str] = OrderedDict()


class TemplateError(SpbeError):
    """A template cannot be opened, or filling it failed: a mistake in it, or a limit of :mod:`templating`."""


def jinja_environment(budget: templating.Budget | None = None) -> jinja2.Environment:
    """The environment one document is rendered with: strict, escaped, sandboxed and bounded."""
    return templating.DocumentEnvironment(budget)


def open_template(template: Path, data: bytes | None = None) -> DocxTemplate:
    """Open a docx template, raising TemplateError (in Indonesian) when it is missing or not a Word file.

    ``data`` is the template's content when it was read already.
    """
    template = Path(template)
    if data is None and not template.is_file():
        raise TemplateError(f"Templat '{template}' tidak ditemukan. Lihat {DOCS}.")
    document = PreparedTemplate(template if data is None else io.BytesIO(data))
    try:
        document.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TemplateError(
            f"Templat '{template}' tidak dapat dibuka sebagai dokumen Word (.docx): {exc}. Lihat {DOCS}."
        ) from None
    return document


def open_report_template(template: Path) -> DocxTemplate:
    """The template to fill one report with, raising TemplateError as :func:`open_template` does.

    The template is prepared once per process (:mod:`spbe_reports.docxpack`) and every report
    is a new :class:`~spbe_reports.docxpack.Filling` of it; a template that cannot be prepared
    so is opened by docxtpl for every report, as :func:`open_template` does.
    """
    template = Path(template)
    if not template.is_file():
        raise TemplateError(f"Templat '{template}' tidak ditemukan. Lihat {DOCS}.")
    try:
        data = template.read_bytes()
    except OSError as exc:
        raise TemplateError(f"Templat '{template}' tidak dapat dibaca: {exc}. Lihat {DOCS}.") from None
    found, prepared = docxpack.cached(template, data)
    if not found:
        document = open_template(template, data)
        try:
            prepared = docxpack.prepare(template, data, document)
        except Exception:  # noqa: BLE001 - a package docxpack does not expect is filled by docxtpl
            prepared = docxpack.remember(template, data, None)
        if prepared is None:
            return document
    return prepared.new_document() if prepared is not None else open_template(template, data)


def render_document(
    document: DocxTemplate, context: dict, template: Path, *, budget: templating.Budget | None = None
) -> None:
    """Render ``context`` into ``document``; whatever goes wrong becomes TemplateError naming the file.

    A variable the context lacks (StrictUndefined) is named in the message; a malformed tag
    is reported with the text around it; so is every other mistake met while filling the
    template (an unknown filter, a division by zero, a call the sandbox refuses, a loop past
    the limits of :mod:`spbe_reports.templating`, ...), each with what to do. ``budget`` is
    the work the document may do (a fresh :class:`~spbe_reports.templating.Budget` by default).
    KeyboardInterrupt and SystemExit pass through.
    """
    environment = jinja_environment(budget)
    try:
        document.render(context, environment, autoescape=True)
        update_fields_on_open(document)
    except Exception as exc:  # noqa: BLE001 - every mistake in a template is the template's, named as such
        message, known = template_message(Path(template), exc, getattr(environment, "source", ""))
        if known:
            raise TemplateError(message) from None
        raise TemplateError(message) from exc  # --debug shows what happened


def template_message(template: Path, exc: Exception, source: str = "") -> tuple[str, bool]:
    """The Indonesian message for ``exc``, raised while filling ``template``, and whether it is a known kind.

    ``source`` is the XML of the template part being filled, to quote the text around the tag.
    """
    name = f"Templat '{template}'"
    where = _where(exc, source)
    if isinstance(exc, templating.UnsupportedTag):
        return (
            f"{name} memakai tag {exc.tag}{where}, padahal templat harus berupa satu dokumen utuh: program tidak "
            "memuat templat atau berkas lain dari dalam templat. Salin isi yang ingin disertakan langsung ke "
            f"templat ini, lalu hapus tag tersebut; lihat {DOCS}.",
            True,
        )
    unknown = re.search(r"No (filter|test) named '([^']+)'", str(exc))
    if unknown and isinstance(exc, (jinja2.TemplateAssertionError, jinja2.TemplateRuntimeError)):
        kind = "filter" if unknown.group(1) == "filter" else "uji (is ...)"
        return (
            f"{name} memakai {kind} '{unknown.group(2)}' yang tidak ada{where}. Periksa ejaannya; filter yang "
            f"dapat dipakai adalah filter bawaan Jinja2 (misalnya upper, lower, join, default); lihat {DOCS}.",
            True,
        )
    if isinstance(exc, jinja2.TemplateSyntaxError):
        near = " ".join(line.strip() for line in getattr(exc, "docx_context", []) if line.strip())[:200]
        near = f' di sekitar teks "{html.unescape(near)}"' if near else where
        return (
            f"{name} berisi tag yang tidak sah{near}: {exc.message.rstrip('.')}. Periksa pasangan "
            f"{{% if %}}/{{% endif %}} dan {{% for %}}/{{% endfor %}}; lihat {DOCS}.",
            True,
        )
    if isinstance(exc, jinja2.UndefinedError) and not isinstance(exc, jinja2.exceptions.SecurityError):
        variable = _undefined_name(str(exc))
        return (
            f"{name} memakai variabel '{variable}' yang tidak tersedia{where}. Periksa ejaan "
            f"tag {{{{ ... }}}} di templat; daftar variabel yang tersedia ada di {DOCS}.",
            True,
        )
    reason = _reason(exc)
    if reason is not None:
        return f"{name} tidak dapat diisi{where}: {reason}; lihat {DOCS}.", True
    return (
        f"{name} tidak dapat diisi{where}: {type(exc).__name__}: {exc}. Periksa tag di sekitar teks tersebut; "
        f"lihat {DOCS}.",
        False,
    )


def _reason(exc: Exception) -> str | None:
    """What went wrong and what to do, for the kinds of mistakes a template can make."""
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return (
            f"templat memanggil atau membuka sesuatu yang tidak diizinkan ({exc}). Templat hanya boleh mencetak "
            "variabel yang tersedia dan memakai filter; hapus bagian tersebut"
        )
    if isinstance(exc, templating.LimitExceeded):
        return exc.message.rstrip(".")
    if isinstance(exc, OverflowError) and "Range too big" in str(exc):
        return (
            f"range() di templat meminta lebih dari {templating.thousands(templating.MAX_RANGE)} angka, batas "
            "yang diizinkan. Perkecil jangkauannya"
        )
    if isinstance(exc, RecursionError):
        return (
            "makro atau perulangan rekursif memanggil dirinya sendiri terlalu dalam (tanpa akhir). Pastikan "
            "pemanggilan berulang itu berhenti, atau ganti dengan perulangan {% for %} biasa"
        )
    if isinstance(exc, MemoryError):
        return (
            "memori komputer habis saat mengisi templat. Periksa perulangan {% for %} dan teks atau daftar "
            "yang diulang sangat banyak"
        )
    if isinstance(exc, ZeroDivisionError):
        return "sebuah perhitungan membagi dengan nol. Periksa pembagian '/', '//' atau '%' di tag tersebut"
    if isinstance(exc, SyntaxError):
        return (
            f"susunan tag terlalu dalam bersarang ({exc.msg}). Kurangi {{% if %}} atau {{% for %}} yang "
            "saling bersarang"
        )
    if isinstance(exc, (TypeError, ValueError, ArithmeticError, LookupError, AttributeError)):
        return (
            f"sebuah ekspresi tidak dapat dihitung ({type(exc).__name__}: {exc}). Periksa jenis nilai yang "
            'dipakai: angka di konteks laporan berupa teks ("2,59"), bukan bilangan'
        )
    if isinstance(exc, jinja2.TemplateError):
        return f"{exc}. Periksa tag tersebut"
    return None


def _where(exc: Exception, source: str) -> str:
    """' di sekitar teks "..."': the paragraph of the template where ``exc`` happened, if known."""
    line = getattr(exc, "lineno", None) if isinstance(exc, jinja2.TemplateSyntaxError) else None
    trace = exc.__traceback__
    while line is None and trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            found = trace.tb_lineno
            trace = trace.tb_next
            while trace is not None:  # the innermost template frame (a macro called from a loop)
                if trace.tb_frame.f_code.co_filename == "<template>":
                    found = trace.tb_lineno
                trace = trace.tb_next
            line = found
            break
        trace = trace.tb_next
    if not line or not source:
        return ""
    lines = source.splitlines()
    text = _text(lines[line - 1 : line]) or _text(lines[max(line - 3, 0) : line + 2])
    return f' di sekitar teks "{text}"' if text else ""


def _text(xml_lines: list[str]) -> str:
    """The visible text of some lines of document XML, at most 200 characters."""
    text = html.unescape(re.sub(r"<[^>]+>", "", " ".join(xml_lines)))
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:199] + "…"


def update_fields_on_open(document: DocxTemplate) -> None:
    """Ask Word to update fields (the Daftar Isi page numbers) when it opens the document.

    LibreOffice computes PAGEREF fields whenever it lays out a page, so its view and PDF are
    right anyway; Word shows a field's stored value until it is updated, which this asks for.
    """
    docxpack.ask_to_update_fields(document.docx.settings.element)


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
    document = open_report_template(template)
    context = report_context(
        document,
        evaluation,
        generated_at=generated_at,
        average=average,
        average_label=average_label,
        settings=settings,
        warnings=warnings,
    )
    series = report.chart_series(evaluation, average, average_label)
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        return _write_report(document, context, series, evaluation, template, out_dir, generated_at)
    except BaseException:
        if created and not any(out_dir.iterdir()):  # leave no empty folder behind a failed report
            out_dir.rmdir()
        raise


def report_context(
    document: DocxTemplate,
    evaluation: Evaluation,
    *,
    generated_at: datetime,
    average: Scores | None = None,
    average_label: str = report.DEFAULT_AVERAGE_LABEL,
    settings: Settings | None = None,
    warnings: Sequence[Problem] = (),
    logo: bytes | None = None,
) -> dict:
    """The context of one report in ``document``: :func:`report.build_context` and the kop's logo.

    ``logo`` is the logo's picture (read from ``settings.logo`` when None). The charts
    (``chart_aspects``, ``chart_domains``) are the caller's: see :func:`chart_image`.
    """
    context = report.build_context(
        evaluation,
        generated_at=generated_at,
        average=average,
        average_label=average_label,
        settings=settings,
        warnings=warnings,
    )
    context["kop"]["logo"] = kop_logo(document, settings, logo)
    return context


REPORT_CHARTS = {
    "aspects": (RADAR_NAME, RADAR_WIDTH),
    "domains": (DOMAIN_NAME, DOMAIN_WIDTH),
}  # series key: file, width


def chart_image(document: DocxTemplate, key: str, png: bytes, series) -> DescribedImage:
    """Chart ``key`` of a report ("aspects", "domains"; variable ``chart_<key>``) as a picture for ``document``.

    ``series`` is the (labels, values) of :func:`report.chart_series` that ``png`` draws; it
    gives the alternative text.
    """
    name, width = REPORT_CHARTS[key]
    labels, values = series
    return DescribedImage(document, png, name, chart_description(TITLES[key], labels, values), width=width)


def _write_report(document, context, series, evaluation, template: Path, out_dir: Path, generated_at: datetime) -> Path:
    # The lower bounds of the predikat bands above the lowest, as ranking.band_bounds gives them;
    # computed here so a report worker does not import ranking's pandas (half a second each).
    guides = sorted(float(band.minimum) for band in evaluation.framework.ratings)[1:]
    draw = {"aspects": charts.radar_chart, "domains": partial(charts.domain_chart, guides=guides)}
    stale = []
    with ExitStack() as stack:
        for key, (name, _width) in REPORT_CHARTS.items():
            variable = f"chart_{key}"
            if series[key] is None:
                stale.append(out_dir / name)
                context[variable] = ""
                continue
            png = stack.enter_context(atomic_path(out_dir / name))
            draw[key](*series[key], png)
            context[variable] = chart_image(document, key, png.read_bytes(), series[key])
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


def kop_logo(document: DocxTemplate, settings: Settings | None, image: bytes | None = None):
    """The issuing body's logo for the kop, 2,2 cm high, or '' without one.

    ``image`` is the logo's picture; None reads it from ``settings.logo``.
    """
    if settings is None or settings.logo is None:
        return ""
    name = "logo" + Path(settings.logo).suffix.lower()
    body = settings.issuer or settings.unit or "instansi penerbit"
    image = Path(settings.logo).read_bytes() if image is None else image
    return DescribedImage(document, image, name, f"Logo {body}", height=LOGO_HEIGHT)


def _utc(moment: datetime) -> datetime:
    """A naive UTC datetime, as Word's document properties store it."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment
