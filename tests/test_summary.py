"""The coordinator's summary: ranking, statistics, the context of ringkasan.docx and the rendered text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from factories import assessment, batch, levels, result, varied_batch
from test_ranking import ODD_NAME, scenario_batch
from test_recap import compared_scenario

from spbe_reports import render, summary
from spbe_reports.agencies import Agency
from spbe_reports.formatting import format_index
from spbe_reports.problems import problem

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "ringkasan.docx"


@pytest.fixture(scope="module")
def scenario():
    return scenario_batch([Agency("Dinas Kominfo"), Agency("Dinas Pariwisata", "Perangkat Daerah", "0099")])


def test_context_counts_and_overview(scenario):
    context = summary.summary_context(scenario)
    assert context["counts"] == {
        "received": 7,
        "processed": 6,
        "complete": 5,
        "drafts": 1,
        "rejected": 1,
        "expected": 2,
        "missing": 1,
    }
    assert "7 buku kerja diterima: 6 diproses (5 lengkap dan 1 draf) dan 1 ditolak" in context["overview"]
    assert "1 di antaranya belum mengirim" in context["overview"]
    assert context["years"] == "2026"
    assert context["title"] == "RINGKASAN HASIL PEMANTAUAN SPBE"


def test_context_ranking_uses_indonesian_numbers(scenario):
    context = summary.summary_context(scenario)
    assert [(r["rank"], r["name"], r["index"], r["rating"]) for r in context["ranking"]] == [
        ("1", "Badan Perencanaan", "4,01", "Sangat Baik"),
        ("2", "Dinas Kesehatan", "3,00", "Baik"),
        ("2", "Dinas Kominfo", "3,00", "Baik"),
        ("4", ODD_NAME, "2,00", "Cukup"),
        ("5", "Dinas Sosial", "1,03", "Kurang"),
    ]
    assert context["drafts"] == [{"name": "Dinas Draf", "completeness": "46/47"}]
    [group] = scenario.groups.values()  # perangkat daerah without a parent government: one group
    [shown] = context["groups"]
    assert shown["average"]["index"] == format_index(group.average.index)
    assert shown["ranking"] == context["ranking"]


def test_context_rating_distribution(scenario):
    ratings = {r["name"]: (r["count"], r["percent"], r["range"]) for r in summary.summary_context(scenario)["ratings"]}
    assert ratings["Baik"] == (2, "40,0%", "2,60 - < 3,50")
    assert ratings["Kurang"] == (1, "20,0%", "1,00 - < 1,80")
    assert ratings["Memuaskan"] == (0, "0,0%", "4,20 - 5,00")


def test_attention_by_band_or_margin_below_average(scenario):
    context = summary.summary_context(scenario)
    attention = {a["name"]: a["reason"] for a in context["attention"]}
    assert set(attention) == {ODD_NAME, "Dinas Sosial"}
    [group] = scenario.groups.values()
    average = summary.rounded(group.average.index)
    assert attention[ODD_NAME] == f"predikat Cukup; {format_index(average - 2)} poin di bawah rata-rata kelompoknya"
    assert "0,50" in context["attention_rule"] and "Kurang atau Cukup" in context["attention_rule"]


def test_context_problems_and_missing(scenario):
    context = summary.summary_context(scenario)
    assert context["rejected"] == [
        {"source": "lama.xls", "agency": "-", "reason": problem("format-xls", "lama.xls").message}
    ]
    assert context["missing"] == [{"number": 1, "name": "Dinas Pariwisata", "kind": "Perangkat Daerah", "code": "0099"}]
    assert context["has_list"] and context["has_missing"]


def _text(path: Path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    for section in document.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def rendered(scenario, tmp_path_factory):
    path = tmp_path_factory.mktemp("ringkasan") / "ringkasan.docx"
    summary.render_summary(scenario, TEMPLATE, path)
    return path, _text(path)


def test_rendered_summary_text(rendered):
    _, text = rendered
    assert "RINGKASAN HASIL PEMANTAUAN SPBE" in text
    assert "1 | Badan Perencanaan | Perangkat Daerah | 4,01 | Sangat Baik" in text
    assert "2 | Dinas Kominfo | Perangkat Daerah | 3,00 | Baik" in text
    assert "Sangat Baik | 3,50 - < 4,20 | 1 | 20,0%" in text
    assert "Instansi yang Perlu Perhatian" in text
    assert "lama.xls" in text and "Excel 97-2003" in text
    assert "Dinas Pariwisata | Perangkat Daerah | 0099" in text
    assert "Dinas Draf | 46/47" in text
    assert "{{" not in text.replace(ODD_NAME, "") and "{%" not in text


def test_no_comparison_section_without_last_year(scenario, rendered):
    _, text = rendered
    assert summary.summary_context(scenario)["has_comparison"] is False
    assert "Perbandingan dengan Tahun Lalu" not in text and "Tahun Lalu | Tahun Ini" not in text


def test_rendered_summary_escapes_names(rendered):
    _, text = rendered
    assert ODD_NAME in text  # printed as typed: not markup, not a template tag


def test_rendered_summary_has_three_charts(rendered):
    path, _ = rendered
    document = docx.Document(path)
    assert len(document.inline_shapes) == 3
    assert document.core_properties.title == "Ringkasan Hasil Pemantauan SPBE 2026"


def test_summary_without_list_or_complete_workbooks(tmp_path):
    made = batch([result(assessment("Dinas Draf", levels(3, i7=None)))])
    path = tmp_path / "ringkasan.docx"
    summary.render_summary(made, TEMPLATE, path)
    text = _text(path)
    assert "Belum ada buku kerja yang lengkap, sehingga peringkat belum dapat disusun." in text
    assert "Instansi yang Belum Mengumpulkan" not in text
    assert len(docx.Document(path).inline_shapes) == 0
    [group] = summary.summary_context(made)["groups"]
    assert group["average"] == {"index": "-", "rating": "-"} and not group["has_average"]


def test_missing_template_is_a_template_error(scenario, tmp_path):
    with pytest.raises(render.TemplateError, match="tidak ditemukan"):
        summary.render_summary(scenario, tmp_path / "tidak-ada.docx", tmp_path / "ringkasan.docx")
    assert not (tmp_path / "ringkasan.docx").exists()


def test_template_builder_is_reproducible(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_summary_template", ROOT / "tools" / "build_summary_template.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(tmp_path / "ringkasan.docx")
    assert _text(built) == _text(TEMPLATE)  # the committed template is the builder's output


# --- year over year (--pembanding) ------------------------------------------------------------


@pytest.fixture(scope="module")
def compared():
    return compared_scenario()


def test_comparison_context(compared):
    context = summary.summary_context(compared)
    assert context["has_comparison"] is True
    comparison = context["comparison"]
    assert [tuple(r.values()) for r in comparison["rows"]] == [
        ("Dinas Naik", "2,03", "3,01", "+0,98", "naik"),
        ("Dinas Kerangka Lain", "2,00", "3,00", "+1,00", "naik"),
        ("Dinas Tetap", "3,00", "3,00", "0,00", "tetap"),
        ("Dinas Pembulatan", "2,05", "2,05", "0,00", "tetap"),
        ("Dinas Turun", "3,00", "2,01", "-0,99", "turun"),
    ]
    assert comparison["sentence"].startswith(
        "Dari 5 instansi yang juga dinilai tahun lalu, Indeks SPBE 2 instansi naik, 1 instansi turun, "
        "dan 2 instansi tetap."
    )
    assert "hasil-2025.json" in comparison["sentence"]
    assert comparison["new"] == ["Dinas Baru"]
    assert comparison["new_sentence"] == "Instansi baru tanpa data tahun lalu: Dinas Baru."


def test_rendered_comparison_section(compared, tmp_path):
    path = tmp_path / "ringkasan.docx"
    summary.render_summary(compared, TEMPLATE, path)
    text = _text(path)
    assert "Perbandingan dengan Tahun Lalu" in text
    assert "Nama Instansi | Tahun Lalu | Tahun Ini | Perubahan | Arah" in text
    assert "Dinas Naik | 2,03 | 3,01 | +0,98 | naik" in text
    assert "Dinas Turun | 3,00 | 2,01 | -0,99 | turun" in text
    assert "Instansi baru tanpa data tahun lalu: Dinas Baru." in text


def test_comparison_without_any_match_has_no_table(tmp_path):
    made = batch([result(assessment("Dinas Baru", 3))], compared=True)
    path = tmp_path / "ringkasan.docx"
    summary.render_summary(made, TEMPLATE, path)
    text = _text(path)
    assert "Tidak ada instansi yang ditemukan dalam hasil tahun lalu" in text
    assert "Tahun Lalu | Tahun Ini" not in text  # no empty table
    assert "Instansi baru tanpa data tahun lalu: Dinas Baru." in text


# --- forty agencies -----------------------------------------------------------------------------


def test_forty_agencies_ranking_table_in_order(tmp_path):
    made = varied_batch(40)
    path = tmp_path / "ringkasan.docx"
    summary.render_summary(made, TEMPLATE, path)
    document = docx.Document(path)
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Peringkat"]  # one ranking per group
    assert len(tables) == len(made.groups) == 5  # one group per kind here
    evaluations = {w.agency: w.evaluation for w in made.workbooks}
    for table in tables:
        rows = [[c.text for c in row.cells] for row in table.rows[1:]]
        members = {name: evaluations[name] for name in (r[1] for r in rows)}
        assert len({e.assessment.identity.kind for e in members.values()}) == 1  # like with like
        order = sorted(members, key=lambda n: (-members[n].final.index, n.casefold()))
        assert [r[1] for r in rows] == order
        for rank, name, kind, index, rating in rows:
            final = members[name].final
            assert int(rank) == 1 + sum(1 for e in members.values() if e.final.index > final.index)
            assert (kind, index, rating) == (
                members[name].assessment.identity.kind,
                format_index(final.index),
                final.rating,
            )
        if "Instansi 01" in members:
            ranks = dict((r[1], r[0]) for r in rows)
            assert ranks["Instansi 01"] == ranks["Instansi 02"]  # the exact tie shares a rank
    assert sum(len(t.rows) - 1 for t in tables) == 40
