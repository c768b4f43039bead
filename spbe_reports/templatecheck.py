"""Check both templates against every kind of document a run can produce, before anything is written.

A template mistake that only some workbooks reach (a misspelt variable inside
``{%p if draft %}``) would otherwise stop a run half way, with some reports written and
others not. :func:`check_templates` fills the report template with a synthetic evaluation of
every kind - complete and draft, evaluation and monitoring, with and without last year's
comparison (same framework or another), the group average, warnings, a target index, the
top and the lowest predikat - and the summary template with one and several comparison
groups, with and without last year, the agency list, drafts and rejected workbooks, each
with and without a logo and signatories. Everything is rendered in memory: no file is
written anywhere, and charts are a small placeholder picture, not drawn.

The samples are built from the framework (every indicator, at every level somewhere), with
an agency name of long text and the characters ``& < > "`` that XML must escape.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PIL import Image

from spbe_reports import compare, render, report
from spbe_reports.agencies import Agency
from spbe_reports.assessment import SELF_STAGE, Assessment, Entry, Identity
from spbe_reports.evaluation import Evaluation, evaluate
from spbe_reports.framework import Framework
from spbe_reports.problems import ERROR, WARNING, Problem
from spbe_reports.scoring import Scores, rounded, score
from spbe_reports.settings import ROLE_ASSESSOR, ROLE_COORDINATOR, Settings, Signatory

GENERATED_AT = datetime(2026, 11, 29, 10, 0)
LONG_NAME = (
    'Dinas Komunikasi, Informatika, Statistik & Persandian <Kota> "Contoh" yang Namanya Sangat Panjang '
    "untuk Menguji Pemenggalan Baris pada Sampul, Kepala Halaman, Tabel, dan Blok Tanda Tangan Laporan"
)
PARENT = "Pemerintah Kabupaten Contoh & <Induk>"
TRICKY_TEXT = 'Penjelasan A & B <lengkap> "dikutip" {{ bukan_tag }} {% if x %}'


@dataclass(frozen=True)
class ReportSample:
    """One kind of report: what it is called (for messages) and what render_report is given."""

    name: str
    evaluation: Evaluation
    average: Scores | None = None
    average_label: str = report.DEFAULT_AVERAGE_LABEL
    warnings: tuple[Problem, ...] = ()


def check_templates(
    report_template: Path, summary_template: Path, framework: Framework, settings: Settings | None
) -> None:
    """Render every kind of report and summary a run can produce from the two templates, in memory.

    ``settings`` are the run's report settings (None: none). Every report is filled with them;
    an evaluation report and a summary again with full settings (a kop with a logo, named
    signatories) and a monitoring report and a summary with none, so that every branch of the
    kop and the signature block is filled too. Writes nothing. Raises render.TemplateError for
    the first mistake, naming the template, what to fix and the kind of document that showed it;
    OSError when the settings' logo cannot be read.
    """
    report_template, summary_template = Path(report_template), Path(summary_template)
    report_data = _read(report_template)
    summary_data = _read(summary_template)
    given = settings if settings is not None else Settings()
    variants = [
        ("dengan pengaturan laporan proses ini", given, Path(given.logo).read_bytes() if given.logo else None),
        ("dengan kop berlogo dan nama penanda tangan", full_settings(), PLACEHOLDER_PNG),
        ("tanpa pengaturan laporan", Settings(), None),
    ]
    samples = report_samples(framework)
    for sample, (label, chosen, logo) in [
        *((sample, variants[0]) for sample in samples),
        (samples[0], variants[1]),
        (samples[1], variants[2]),
    ]:
        with _found_in(f"laporan {sample.name} {label}"):
            _check_report(report_data, report_template, sample, chosen, logo)
    for (name, made), (label, chosen, logo) in zip(summary_samples(framework, samples), variants):
        with _found_in(f"ringkasan {name} {label}"):
            _check_summary(summary_data, summary_template, dataclasses.replace(made, settings=chosen), logo)


@contextmanager
def _found_in(kind: str) -> Iterator[None]:
    """Say which sample showed a mistake: the run may have no document of that kind itself."""
    try:
        yield
    except render.TemplateError as exc:
        raise render.TemplateError(
            f"{exc} Kesalahan ini ditemukan saat templat diperiksa dengan contoh {kind}, sebelum apa pun "
            "ditulis: setiap jenis dokumen diperiksa, juga yang tidak dibuat oleh proses ini."
        ) from exc.__cause__


class CheckedTemplate(render.PreparedTemplate):
    """A template filled for checking: every part is filled as in a run (Jinja2, pictures, the
    table check docxtpl does on the result), but the filled body is not put back into the
    document and its text is not turned into Word line breaks and tabs: steps that no template
    can make fail, and a third of the time of a render."""

    def resolve_listing(self, xml):
        return xml

    def fix_docpr_ids(self, tree):
        pass

    def map_tree(self, tree):
        pass


def _open(data: bytes, template: Path) -> CheckedTemplate:
    document = CheckedTemplate(io.BytesIO(data))
    document.init_docx()  # opened before from the same bytes by _read: it is a Word file
    return document


def _read(template: Path) -> bytes:
    """The template's bytes, once; a missing or unreadable template is the TemplateError open_template gives."""
    render.open_template(template)
    try:
        return template.read_bytes()
    except OSError as exc:
        raise render.TemplateError(f"Templat '{template}' tidak dapat dibaca: {exc}. Lihat {render.DOCS}.") from None


def _check_report(data: bytes, template: Path, sample: ReportSample, settings: Settings, logo: bytes | None) -> None:
    document = _open(data, template)
    context = render.report_context(
        document,
        sample.evaluation,
        generated_at=GENERATED_AT,
        average=sample.average,
        average_label=sample.average_label,
        settings=settings,
        warnings=sample.warnings,
        logo=logo,
    )
    series = report.chart_series(sample.evaluation, sample.average, sample.average_label)
    for key in render.REPORT_CHARTS:
        found = series[key]
        context[f"chart_{key}"] = render.chart_image(document, key, PLACEHOLDER_PNG, found) if found else ""
    render.render_document(document, context, template)


def _check_summary(data: bytes, template: Path, batch, logo: bytes | None) -> None:
    from spbe_reports import summary  # summary imports render; imported here to keep this module light

    document = _open(data, template)
    chart_data = summary.chart_data(batch)
    pictures = {
        variable: PLACEHOLDER_PNG if chart_data[key] else None
        for variable, (key, _name, _width) in summary.SUMMARY_CHARTS.items()
    }
    summary.fill_summary(document, batch, template, pictures, logo=logo)


def _placeholder_png() -> bytes:
    """A 4 x 4 grey PNG standing for every chart and logo while checking."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (128, 128, 128)).save(out, format="png")
    return out.getvalue()


PLACEHOLDER_PNG = _placeholder_png()


def full_settings() -> Settings:
    """Settings with every field: issuer, unit, address over two lines, contact, logo, place, three
    assessors and a coordinator, in long text with characters XML escapes."""

    def person(role: str, position: str, name: str, nip: str = "197001012000031001") -> Signatory:
        return Signatory(role, position, name, nip, "Pembina Utama Muda, IV/c")

    return Settings(
        issuer="Pemerintah Kabupaten Contoh & <Sekitarnya>",
        unit="Tim Koordinasi SPBE",
        address="Jalan Merdeka No. 1\nKecamatan Contoh, Kabupaten Contoh 12345",
        contact='Telepon (021) 123456, surel spbe@contoh.go.id, laman "https://contoh.go.id"',
        logo=Path("logo.png"),
        place="Contoh",
        assessors=(
            person(ROLE_ASSESSOR, "Ketua Tim Asesor", "Dr. Ir. Asesor Pertama & Rekan, M.Kom."),
            person(ROLE_ASSESSOR, "Anggota Tim Asesor", "Asesor Kedua <Anggota>", ""),
            person(ROLE_ASSESSOR, "Anggota Tim Asesor", "Asesor Ketiga"),
        ),
        coordinator=person(ROLE_COORDINATOR, "Koordinator SPBE", "Koordinator Contoh, S.T."),
    )


# --- the synthetic evaluations ---------------------------------------------------------------------


def _levels(fw: Framework, pattern: int | None = None, default: int | None = None) -> dict[int, int | None]:
    """A level for every indicator: ``default`` for all, or every level of the scale in turn (``pattern``
    shifts where the turn starts)."""
    levels = list(fw.levels)
    if pattern is None:
        return {ind.number: default for ind in fw.indicators}
    return {ind.number: levels[(i * 3 + pattern) % len(levels)] for i, ind in enumerate(fw.indicators)}


def _identity(name: str, *, full: bool, kind: str = "Perangkat Daerah", parent: str = PARENT) -> Identity:
    if not full:
        return Identity(name=name, kind=kind, year=2026)
    return Identity(
        name=name,
        kind=kind,
        year=2026,
        code="K-01 & <02>",
        coordinator="Ir. Sekretaris Daerah & Tim <Koordinasi>",
        responsible="Budi Santoso, S.Kom.",
        data_entry="Ani",
        members=("Andi", "Siti & Rekan <Tim>"),
        services=("Perizinan Berusaha & <Investasi>", "Kesehatan", "Pendidikan"),
        parent_government=parent if kind == "Perangkat Daerah" else "",
        head_name="Drs. Kepala Dinas, M.Si.",
        head_position="Kepala Dinas Komunikasi & Informatika",
        head_nip="196801011990031002",
    )


def _assessment(
    fw: Framework,
    identity: Identity,
    mandiri: Mapping[int, int | None],
    later: Mapping[str, Mapping[int, int | None]] | None = None,
    source: str = "contoh.xlsx",
) -> Assessment:
    stages = tuple(stage.key for stage in fw.stages)
    later = later or {}
    entries = tuple(
        Entry(
            number=ind.number,
            levels={
                s: (mandiri.get(ind.number) if s == SELF_STAGE else later.get(s, {}).get(ind.number)) for s in stages
            },
            explanation=TRICKY_TEXT if i % 2 == 0 else "",
            evidence="https://contoh.go.id/bukti?a=1&b=2\nDokumen <Rencana> & Notula" if i % 3 == 0 else "",
            assessor_note='Catatan asesor & <tim> "penting"' if later and i % 4 == 0 else "",
            target=min(fw.max_level, (mandiri.get(ind.number) or fw.min_level) + 1) if i % 5 == 0 else None,
        )
        for i, ind in enumerate(fw.indicators)
    )
    return Assessment(source=source, framework_id=fw.id, identity=identity, entries=entries, stages=stages)


def _assessors(fw: Framework, mandiri: Mapping[int, int | None]) -> dict[str, dict[int, int]]:
    """Every assessor stage changing some levels: lower, higher, and one stage that agrees."""
    later = [stage.key for stage in fw.stages if stage.key != SELF_STAGE]
    changes: dict[str, dict[int, int]] = {}
    for k, stage in enumerate(later):
        changes[stage] = {
            number: max(fw.min_level, min(fw.max_level, level + (-1 if (number + k) % 2 else 1)))
            for number, level in mandiri.items()
            if level is not None and number % (k + 3) == 0
        }
    return changes


def _previous(fw: Framework, identity: Identity, levels: Mapping[int, int], framework_id: str | None = None):
    """Last year's result of the agency ``identity``: every other level one lower, with recommendations."""
    last = {n: max(fw.min_level, v - (n % 2)) for n, v in levels.items()}
    scores = score(fw, last)
    return compare.Previous(
        source="hasil-2025.json",
        agency=identity.name,
        code=identity.code,
        year=2025,
        index=rounded(scores.index),
        domains={n: rounded(v) for n, v in scores.domains.items()},
        aspects={n: rounded(v) for n, v in scores.aspects.items()},
        indicators=last,
        recommendations=tuple((n, min(fw.max_level, v + 1)) for n, v in list(last.items())[:6]),
        framework=fw.id if framework_id is None else framework_id,
        workbook="2025/contoh.xlsx",
    )


def _assessed(fw: Framework, mandiri: Mapping[int, int]) -> dict[int, int]:
    """The final levels of ``mandiri`` after :func:`_assessors`' changes."""
    final = dict(mandiri)
    for changes in _assessors(fw, mandiri).values():
        final.update(changes)
    return final


def _warnings(source: str) -> tuple[Problem, ...]:
    return (
        Problem("contoh-peringatan", WARNING, 'Isian "Tahun" & <Kode> perlu diperiksa.', source, "Identitas", "C5"),
        Problem("contoh-peringatan", WARNING, "Bukti dukung indikator ini belum diisi.", source, indicator=3),
        Problem("contoh-peringatan", WARNING, "Buku kerja belum lengkap.", source),
    )


def report_samples(fw: Framework) -> list[ReportSample]:
    """Every kind of report a run can produce, as evaluations made from the framework."""
    varied, other = _levels(fw, 0), _levels(fw, 2)
    draft_levels = {n: (None if i % 4 == 1 else v) for i, (n, v) in enumerate(varied.items())}
    top, lowest = _levels(fw, default=fw.max_level), _levels(fw, default=fw.min_level)

    def made(identity, mandiri, later=None, **options) -> Evaluation:
        return evaluate(fw, _assessment(fw, identity, mandiri, later), **options)

    long_identity = _identity(LONG_NAME, full=True)
    average = made(_identity("Rata-rata", full=False), other).final
    label = f"Rata-rata perangkat daerah {PARENT} (3 instansi)"
    evaluasi = made(
        long_identity,
        varied,
        _assessors(fw, varied),
        previous=_previous(fw, long_identity, _assessed(fw, varied)),
        target_index=Decimal(fw.max_level) - Decimal("0.5"),
    )
    pemantauan = made(_identity("Pemerintah Kota Contoh", full=False, kind="Pemerintah Kota"), other)
    draf = made(_identity("Dinas Contoh <Draf>", full=False), draft_levels, draft=True)
    draf_evaluasi = made(_identity(LONG_NAME, full=True), draft_levels, _assessors(fw, draft_levels), draft=True)
    teratas = made(
        _identity("Badan Contoh & Teratas", full=True, kind="Pemerintah Provinsi"),
        top,
        {stage: {n: top[n] for n in changed} for stage, changed in _assessors(fw, top).items()},  # agreeing
        previous=_previous(fw, _identity("Badan Contoh & Teratas", full=True), top, framework_id="kerangka-lain"),
    )
    terendah = made(
        _identity("Kantor Contoh Terendah", full=True),
        lowest,
        previous=dataclasses.replace(
            _previous(fw, _identity("Kantor Contoh Terendah", full=True), lowest),
            indicators=dict(lowest),
            recommendations=(),
        ),
    )
    return [
        ReportSample("evaluasi lengkap", evaluasi, average, label, _warnings("contoh.xlsx")),
        ReportSample("pemantauan lengkap", pemantauan),
        ReportSample("draf pemantauan", draf, warnings=_warnings("draf.xlsx")),
        ReportSample("draf evaluasi", draf_evaluasi, average, label),
        ReportSample("predikat tertinggi", teratas, average, label),
        ReportSample("predikat terendah", terendah, warnings=_warnings("terendah.xlsx")[:1]),
    ]


def summary_samples(fw: Framework, samples: list[ReportSample]) -> Iterator[tuple[str, Any]]:
    """(name, batch) of every shape the summary takes: several groups and everything in them, one
    group and nothing else, and no complete workbook at all."""
    from spbe_reports.batch import BatchResult, WorkbookResult, group_results  # batch may import this module

    def result(name: str, sample: ReportSample, **identity) -> WorkbookResult:
        ev = sample.evaluation
        ident = dataclasses.replace(ev.assessment.identity, name=name, **identity)
        assessment = dataclasses.replace(ev.assessment, identity=ident, source=f"{name[:40]}.xlsx")
        ev = dataclasses.replace(ev, assessment=assessment)
        return WorkbookResult(assessment.source, evaluation=ev, agency=name, year=ident.year)

    def rejected(source: str) -> WorkbookResult:
        error = Problem("contoh-galat", ERROR, "Lembar Penilaian & <Identitas> tidak ditemukan.", source)
        return WorkbookResult(source, [error], agency="Dinas Ditolak & <Contoh>", year=2026)

    def made(results, *, expected=None, compared=False):
        batch = BatchResult(
            fw, Path("masuk"), Path("keluaran"), GENERATED_AT, list(results), expected, compared=compared
        )
        batch.groups = group_results(fw, batch.ok)
        return batch

    by_name = {s.name: s for s in samples}
    evaluasi, pemantauan = by_name["evaluasi lengkap"], by_name["pemantauan lengkap"]
    draf, teratas, terendah = by_name["draf pemantauan"], by_name["predikat tertinggi"], by_name["predikat terendah"]
    several = [
        result(LONG_NAME, evaluasi),
        result("Dinas Kedua & <Contoh>", pemantauan, kind="Perangkat Daerah", parent_government=PARENT),
        result("Dinas Ketiga Terendah", terendah),
        result("Pemerintah Kota Contoh", pemantauan),
        result("Pemerintah Provinsi Contoh", teratas),
        result("Perangkat Daerah Tanpa Induk", pemantauan, kind="Perangkat Daerah", parent_government=""),
        result("Dinas Draf <Contoh>", draf),
        rejected("ditolak.xlsx"),
    ]
    listed = [Agency(w.agency, "Perangkat Daerah", f"K{i}") for i, w in enumerate(several) if w.agency]
    yield (
        "beberapa kelompok",
        made(several, expected=[*listed, Agency("Dinas Belum Mengirim & <Contoh>", "Perangkat Daerah")], compared=True),
    )
    one = [result(f"Dinas Contoh {i} & <Satu>", evaluasi if i % 2 else terendah) for i in range(1, 4)]
    yield "satu kelompok", made(one)
    yield (
        "tanpa buku kerja lengkap",
        made([result("Dinas Draf Saja", draf), rejected("rusak.xlsx")], expected=[Agency("Dinas Draf Saja")]),
    )
