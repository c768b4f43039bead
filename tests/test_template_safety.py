"""Templates cannot break a run: every mistake is one TemplateError naming the template and the fix,
every fill is bounded, and both templates are checked against every kind of document first.

Broken templates are made here by editing a copy of templates/laporan.docx's XML.
"""

from __future__ import annotations

import builtins
import dataclasses
import io
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from factories import FW, GENERATED_AT, assessment, batch, levels, result, varied_levels

from spbe_reports import render, report, summary, templatecheck, templating
from spbe_reports.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "templates" / "laporan.docx"
SUMMARY = ROOT / "templates" / "ringkasan.docx"
DATE_TAG = "{{ generated_date }}"  # once in the body of laporan.docx, on the cover


def edited(tmp_path: Path, old: str, new: str, *, source: Path = REPORT, name: str = "laporan-ubahan.docx") -> Path:
    """A copy of ``source`` whose document.xml has its first ``old`` replaced by ``new``."""
    target = tmp_path / name
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member in archive.infolist():
            data = archive.read(member)
            if member.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text, f"{old!r} is not in the template"
                data = text.replace(old, new, 1).encode("utf-8")
            out.writestr(member, data)
    return target


def complete():
    return result(assessment("Dinas Uji & <Contoh>", varied_levels(3))).evaluation


def fill_error(template: Path, tmp_path: Path) -> str:
    """The message of the TemplateError that rendering a complete report from ``template`` gives."""
    with pytest.raises(render.TemplateError) as caught:
        render.render_report(complete(), template, tmp_path / "keluaran", generated_at=GENERATED_AT)
    assert not (tmp_path / "keluaran").exists()  # nothing half written
    message = str(caught.value)
    assert message.startswith(f"Templat '{template}'")
    assert "Traceback" not in message and render.DOCS in message
    return message


# --- the check before a run -------------------------------------------------------------------


def test_misspelt_variable_in_the_draft_branch_is_caught_by_the_check(tmp_path):
    # The scenario: only drafts reach the mistake, so complete reports render fine ...
    template = edited(tmp_path, "<w:t>DRAF</w:t>", "<w:t>{{ tanda_draff }}</w:t>")
    path = render.render_report(complete(), template, tmp_path / "lengkap", generated_at=GENERATED_AT)
    assert path.is_file()
    # ... and the check, run before anything is written, finds it.
    with pytest.raises(render.TemplateError) as caught:
        templatecheck.check_templates(template, SUMMARY, FW, Settings())
    message = str(caught.value)
    assert "'tanda_draff'" in message and str(template) in message
    assert "contoh laporan draf pemantauan" in message and "sebelum apa pun ditulis" in message  # why, in this run


def test_mistake_only_with_a_logo_or_last_year_is_caught(tmp_path):
    logo = edited(tmp_path, "{{ kop.logo }}", "{{ kop.logo_besar }}", name="logo.docx")
    with pytest.raises(render.TemplateError, match="logo_besar"):
        templatecheck.check_templates(logo, SUMMARY, FW, None)  # a run without settings: no logo, yet checked
    last_year = edited(tmp_path, "{{ comparison.year }}", "{{ comparison.tahun }}", name="pembanding.docx")
    with pytest.raises(render.TemplateError, match="tahun"):
        templatecheck.check_templates(last_year, SUMMARY, FW, None)


def test_summary_template_mistake_in_the_several_groups_branch_is_caught(tmp_path):
    template = edited(tmp_path, "{{ g.title }}", "{{ g.judul }}", source=SUMMARY, name="ringkasan-ubahan.docx")
    with pytest.raises(render.TemplateError) as caught:
        templatecheck.check_templates(REPORT, template, FW, None)
    assert "'judul'" in str(caught.value) and "ringkasan-ubahan.docx" in str(caught.value)


def test_shipped_templates_pass_the_check():
    # Its speed (about 1 s) is measured by tools/benchmark.py, not asserted here.
    templatecheck.check_templates(REPORT, SUMMARY, FW, Settings())


def full_settings(folder: Path) -> Settings:
    """Every settings field filled, with a logo file in ``folder``."""
    logo = folder / "logo.png"
    logo.write_bytes(templatecheck.PLACEHOLDER_PNG)
    return dataclasses.replace(templatecheck.full_settings(), logo=logo)


def test_the_check_writes_no_file_anywhere(tmp_path, monkeypatch):
    settings = full_settings(tmp_path)
    scratch = tmp_path / "sementara"
    scratch.mkdir()
    written = []
    real_open, real_os_open = builtins.open, os.open

    def watching_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            written.append(file)
        return real_open(file, mode, *args, **kwargs)

    def watching_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            written.append(path)
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watching_open)
    monkeypatch.setattr(io, "open", watching_open)
    monkeypatch.setattr(os, "open", watching_os_open)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    templatecheck.check_templates(REPORT, SUMMARY, FW, settings)
    assert written == []
    assert list(scratch.iterdir()) == []


def _instrumented(source: Path, target: Path) -> dict[int, str]:
    """Copy ``source``, making every branch of the template call reached(n) when it is entered:
    "if c" becomes "if (c) and reached(n)", "else" "elif reached(n)", "for x in l" "for x in l if reached(n)"."""
    tag = re.compile(r"\{%(p|tr|tc|r)?\s+(if|elif|else|for)\b(.*?)%\}")
    branches: dict[int, str] = {}

    def mark(match: re.Match) -> str:
        kind, word, rest = match.group(1) or "", match.group(2), match.group(3).strip()
        n = len(branches) + 1
        branches[n] = match.group(0)
        if word in ("if", "elif"):
            return f"{{%{kind} {word} ({rest}) and reached({n}) %}}"
        if word == "else":
            return f"{{%{kind} elif reached({n}) %}}"
        return f"{{%{kind} for {rest} if reached({n}) %}}"

    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for member in archive.infolist():
            data = archive.read(member)
            if member.filename.startswith("word/") and member.filename.endswith(".xml"):
                data = tag.sub(mark, data.decode("utf-8")).encode("utf-8")
            out.writestr(member, data)
    return branches


# Branches no document of a run can reach: the summary is signed by the coordinator alone, and a
# complete report below the top predikat always has a road, so road_sentence is never the fallback.
UNREACHABLE = {
    ("ringkasan.docx", "{%tr if signature.has_acknowledgement %}"),
    ("laporan.docx", "{%p elif road_sentence %}"),
}


@pytest.mark.parametrize("with_settings", [False, True], ids=["tanpa-pengaturan", "lengkap"])
def test_the_check_enters_every_branch_of_the_shipped_templates(tmp_path, monkeypatch, with_settings):
    entered: set[int] = set()

    def reached(n: int) -> bool:
        entered.add(n)
        return True

    build, summarise = report.build_context, summary.summary_context
    monkeypatch.setattr(report, "build_context", lambda *a, **k: {**build(*a, **k), "reached": reached})
    monkeypatch.setattr(summary, "summary_context", lambda *a, **k: {**summarise(*a, **k), "reached": reached})
    settings = full_settings(tmp_path) if with_settings else Settings()
    for shipped, as_report in ((REPORT, True), (SUMMARY, False)):
        copy = tmp_path / shipped.name
        branches = _instrumented(shipped, copy)
        assert len(branches) > 40
        entered.clear()
        templatecheck.check_templates(copy if as_report else REPORT, SUMMARY if as_report else copy, FW, settings)
        missed = {(shipped.name, branches[n]) for n in branches if n not in entered}
        assert missed <= UNREACHABLE


# --- every kind of mistake: one message, exit 2, never a traceback -------------------------------


@pytest.mark.parametrize(
    "tag",
    ["{% include 'bab.docx' %}", "{% import 'makro.docx' as m %}", "{% from 'makro.docx' import kop %}"],
    ids=["include", "import", "from-import"],
)
def test_loading_another_template_is_refused_with_advice(tmp_path, tag):
    message = fill_error(edited(tmp_path, DATE_TAG, tag), tmp_path)
    assert "satu dokumen utuh" in message and "Salin isi" in message
    assert tag.split()[1] in message  # names the tag


def test_extends_is_refused_with_advice(tmp_path):
    message = fill_error(edited(tmp_path, DATE_TAG, "{% extends 'induk.docx' %}"), tmp_path)
    assert "{% extends %}" in message and "satu dokumen utuh" in message


def test_range_beyond_the_sandbox_limit(tmp_path):
    message = fill_error(edited(tmp_path, DATE_TAG, "{% for i in range(10**9) %}{{ i }}{% endfor %}"), tmp_path)
    assert "range()" in message and "100.000" in message


def test_call_refused_by_the_sandbox(tmp_path):
    message = fill_error(edited(tmp_path, DATE_TAG, "{{ agency.name.__class__.__mro__ }}"), tmp_path)
    assert "tidak diizinkan" in message and "__class__" in message


@pytest.mark.parametrize(
    "tag",
    ["{{ agency.name|tebal }}", "{% if draft %}{% else %}{{ agency.name|tebal }}{% endif %}"],
    ids=["top", "in-if"],
)
def test_filter_that_does_not_exist(tmp_path, tag):
    message = fill_error(edited(tmp_path, DATE_TAG, tag), tmp_path)
    assert "filter 'tebal' yang tidak ada" in message


def test_division_by_zero_names_the_text_around_it(tmp_path):
    message = fill_error(edited(tmp_path, DATE_TAG, "Tanggal {{ 1 / 0 }}"), tmp_path)
    assert "membagi dengan nol" in message
    assert 'di sekitar teks "Tanggal {{ 1 / 0 }}"' in message


def test_type_error_inside_an_expression(tmp_path):
    message = fill_error(edited(tmp_path, DATE_TAG, "{{ agency.year - agency.name }}"), tmp_path)
    assert "tidak dapat dihitung" in message and "TypeError" in message


def test_recursive_macro(tmp_path):
    macro = "{% macro ulang(n) %}{{ ulang(n + 1) }}{% endmacro %}{{ ulang(0) }}"
    message = fill_error(edited(tmp_path, DATE_TAG, macro), tmp_path)
    assert "memanggil dirinya sendiri" in message


class Exploding:
    """A context value whose text cannot be made: ``error`` is raised when it is printed."""

    def __init__(self, error: BaseException):
        self.error = error

    def __str__(self) -> str:
        raise self.error


def _fill_tiny(tmp_path: Path, value) -> None:
    template = edited(tmp_path, DATE_TAG, "{{ nilai }}", name="kecil.docx")
    context = report.build_context(complete(), generated_at=GENERATED_AT)
    context.update(nilai=value, chart_aspects="", chart_domains="")
    context["kop"]["logo"] = ""
    render.render_document(render.open_template(template), context, template)


def test_memory_error_while_filling_is_a_template_error(tmp_path):
    with pytest.raises(render.TemplateError, match="memori komputer habis"):
        _fill_tiny(tmp_path, Exploding(MemoryError()))


def test_anything_raised_while_filling_is_a_template_error(tmp_path):
    with pytest.raises(render.TemplateError, match="kecil.docx") as caught:
        _fill_tiny(tmp_path, Exploding(OSError("perangkat sibuk")))
    assert "perangkat sibuk" in str(caught.value)


@pytest.mark.parametrize("error", [KeyboardInterrupt(), SystemExit(3)], ids=["ctrl-c", "exit"])
def test_interrupts_pass_through(tmp_path, error):
    with pytest.raises(type(error)):
        _fill_tiny(tmp_path, Exploding(error))


# --- bounded rendering ----------------------------------------------------------------------


def test_nested_loops_over_real_data_with_an_empty_body_stop_at_the_operation_limit(tmp_path):
    loops = "".join("{% for i" + str(k) + " in indicators %}" for k in range(5)) + "{% endfor %}" * 5
    started = time.perf_counter()
    message = fill_error(edited(tmp_path, DATE_TAG, loops), tmp_path)
    assert "5.000.000 langkah" in message and "{% for %}" in message
    assert time.perf_counter() - started < 20  # 47**5 iterations would take hours


def test_nested_loops_over_a_generator_are_counted_item_by_item(tmp_path):
    loops = "{% for a in range(100000)|select %}{% for b in range(100000)|select %}{% endfor %}{% endfor %}"
    assert "langkah" in fill_error(edited(tmp_path, DATE_TAG, loops), tmp_path)


def test_time_limit_per_document(tmp_path, monkeypatch):
    monkeypatch.setattr(templating, "TIME_LIMIT", 0.3)
    slow = "{% for i in range(100000) %}{% set s = ('x' * 1000000)|upper %}{% endfor %}"  # few steps, each slow
    message = fill_error(edited(tmp_path, DATE_TAG, slow), tmp_path)
    assert "setelah 0,3 detik" in message


def test_output_size_limit(tmp_path):
    big = "{% for i in range(100000) %}{{ agency.name * 1000 }}{% endfor %}"
    message = fill_error(edited(tmp_path, DATE_TAG, big), tmp_path)
    assert "50.000.000 karakter" in message


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("{{ agency.name * 10**9 }}", "mengulang teks"),
        ("{{ [agency.name] * 10**8 }}", "mengulang teks atau daftar"),
        ("{{ 10 ** (10 ** 9) }}", "'**'"),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "teks lebih",
        ),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
            "menyambung",
        ),
        ("{% set l = [1] %}{% for i in range(40) %}{% set _ = l.extend(l) %}{% endfor %}", "daftar lebih"),
        ("{{ agency.name|center(10**9) }}", "filter center"),
        ("{{ '%1000000000s'|format(agency.name) }}", "lebar format"),
        ("{{ '{:>1000000000}'.format(agency.name) }}", "lebar format"),
        ("{{ agency.name|replace('', agency.name * 40000) }}", "filter replace"),
        ("{{ lipsum(10**7) }}", "lipsum()"),
        ("{% set s = agency.name * 400000 %}{{ [s] * 100000 }}", "mencetak daftar"),
        ("{% set s = agency.name * 400000 %}{{ [[s] * 100000]|join }}", "mencetak daftar"),
    ],
    ids=[
        "str-repeat",
        "list-repeat",
        "power",
        "concat",
        "plus",
        "extend",
        "center",
        "percent",
        "brace",
        "replace",
        "lipsum",
        "print-list",
        "join-nested",
    ],
)
def test_one_step_cannot_allocate_a_gigabyte(tmp_path, tag, words):
    started = time.perf_counter()
    message = fill_error(edited(tmp_path, DATE_TAG, tag), tmp_path)
    assert words in message
    assert time.perf_counter() - started < 10


def test_limits_leave_room_for_real_documents():
    budget = templating.Budget()
    context = report.build_context(complete(), generated_at=GENERATED_AT)
    context.update(chart_aspects="", chart_domains="")
    context["kop"]["logo"] = ""
    render.render_document(render.open_template(REPORT), context, REPORT, budget=budget)
    assert 0 < budget.operations * 100 < templating.MAX_OPERATIONS
    assert 0 < budget.output * 50 < templating.MAX_OUTPUT


# --- no temporary folder, and no slower than before --------------------------------------------


def test_summary_draws_its_charts_in_memory(tmp_path, monkeypatch):
    scratch = tmp_path / "sementara"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    made = batch(
        [result(assessment(f"Dinas {i}", levels(3, i1=i), parent="Pemerintah Kabupaten Uji")) for i in (1, 2, 4)]
    )
    summary.render_summary(made, SUMMARY, tmp_path / "keluaran" / "ringkasan.docx")
    assert list(scratch.iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "keluaran").iterdir()) == ["ringkasan.docx"]
    with zipfile.ZipFile(tmp_path / "keluaran" / "ringkasan.docx") as archive:
        assert len([n for n in archive.namelist() if n.endswith(".png")]) == 3  # the three charts
