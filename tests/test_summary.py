"""The coordinator's summary: ranking, statistics, the context of ringkasan.docx and the rendered text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from factories import assessment, batch, levels, result
from test_ranking import ODD_NAME, scenario_batch

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
    assert context["average"]["index"] == format_index(scenario.average.index)


def test_context_rating_distribution(scenario):
    ratings = {r["name"]: (r["count"], r["percent"], r["range"]) for r in summary.summary_context(scenario)["ratings"]}
    assert ratings["Baik"] == (2, "40,0%", "2,60 - < 3,50")
    assert ratings["Kurang"] == (1, "20,0%", "1,00 - < 1,80")
    assert ratings["Memuaskan"] == (0, "0,0%", "4,20 - 5,00")


def test_attention_by_band_or_margin_below_average(scenario):
    context = summary.summary_context(scenario)
    attention = {a["name"]: a["reason"] for a in context["attention"]}
    assert set(attention) == {ODD_NAME, "Dinas Sosial"}
    average = summary.rounded(scenario.average.index)
    assert attention[ODD_NAME] == f"predikat Cukup; {format_index(average - 2)} poin di bawah rata-rata"
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
    assert summary.summary_context(made)["average"] == {"index": "-", "rating": "-"}


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
