"""Comparison groups: like is compared with like, in the batch, rekap.xlsx, ringkasan and hasil.json."""

from __future__ import annotations

import json
from fractions import Fraction

import docx
import openpyxl
import pytest
from conftest import FW

from spbe_reports import ranking, recap, results, summary
from spbe_reports.assessment import Identity
from spbe_reports.batch import Options, run
from spbe_reports.groups import (
    NO_PARENT_LABEL,
    Group,
    assign_groups,
    comparison_group,
    normalise_government,
    ordered,
)
from spbe_reports.workbook import layout
from spbe_reports.workbook.filler import fill_workbook


def unit(parent: str = "", name: str = "Dinas") -> Identity:
    return Identity(name, "Perangkat Daerah", 2026, parent_government=parent)


# --- groups.py ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "Pemerintah Kabupaten Sukamaju",
        "pemerintah  kabupaten sukamaju ",
        "Pemkab Sukamaju",
        "PEMKAB. SUKAMAJU",
        "Kab. Sukamaju",
        "Kabupaten Sukamaju",
        "Pemerintah Kab. Sukamaju",
    ],
)
def test_abbreviations_and_spelling_name_one_government(spelling):
    assert normalise_government(spelling) == "pemerintah kabupaten sukamaju"
    group = comparison_group(unit(spelling))
    assert group.key == "pd:pemerintah kabupaten sukamaju"
    assert group.label.casefold() == "perangkat daerah pemerintah kabupaten sukamaju"  # the case as typed


def test_city_and_province_abbreviations():
    assert normalise_government("Pemkot Mekarsari") == normalise_government("Pemerintah Kota Mekarsari")
    assert normalise_government("Pemprov Jawa Barat") == "pemerintah provinsi jawa barat"
    assert normalise_government("Prov. Jawa Barat") == "pemerintah provinsi jawa barat"
    # a regency and a city of one name are two governments
    assert normalise_government("Kab. Mekarsari") != normalise_government("Kota Mekarsari")


def test_whole_governments_are_grouped_by_kind_never_with_their_units():
    regency = comparison_group(Identity("Pemerintah Kabupaten Sukamaju", "Pemerintah Kabupaten", 2026))
    assert regency == Group("pemerintah-kabupaten", "pemerintah kabupaten")
    assert regency != comparison_group(unit("Pemerintah Kabupaten Sukamaju"))
    kinds = ["Instansi Pusat", "Pemerintah Provinsi", "Pemerintah Kabupaten", "Pemerintah Kota"]
    assert len({comparison_group(Identity("X", kind, 2026)).key for kind in kinds}) == 4
    # a parent typed for a whole government is ignored: it is compared with its kind
    assert comparison_group(Identity("X", "Pemerintah Kota", 2026, parent_government="Pemprov A")).key == (
        "pemerintah-kota"
    )


def test_units_without_parent_form_their_own_group():
    group = comparison_group(unit(""))
    assert group == Group("pd:?", NO_PARENT_LABEL)
    assert comparison_group(unit("   ")) == group


def test_framework_is_part_of_the_key():
    a = comparison_group(unit("Pemkab Sukamaju"), "permenpanrb-59-2020")
    b = comparison_group(unit("Pemkab Sukamaju"), "kerangka-lain")
    assert a.key == "permenpanrb-59-2020:pd:pemerintah kabupaten sukamaju" and a.key != b.key
    assert a.label == b.label


def test_label_is_the_most_common_spelling_then_the_first_seen():
    members = [unit("Pemerintah Kabupaten Sukamaju "), unit("Pemkab Sukamaju"), unit("pemerintah kabupaten sukamaju")]
    labels = {g.label for g in assign_groups([(m, "fw") for m in members])}
    assert labels == {"perangkat daerah Pemerintah Kabupaten Sukamaju"}  # 2 of 3 spell it so (after expansion)
    tie = [unit("Pemerintah Kabupaten SUKAMAJU"), unit("Pemerintah Kabupaten Sukamaju")]
    assert {g.label for g in assign_groups([(m, "fw") for m in tie])} == {
        "perangkat daerah Pemerintah Kabupaten SUKAMAJU"
    }


def test_report_order_whole_governments_then_units_then_units_without_parent():
    groups = [
        comparison_group(unit("")),
        comparison_group(unit("Pemerintah Kota Mekarsari")),
        comparison_group(Identity("Kota", "Pemerintah Kota", 2026)),
        comparison_group(unit("Pemerintah Kabupaten Sukamaju")),
        comparison_group(Identity("Pusat", "Instansi Pusat", 2026)),
    ]
    assert [g.key for g in ordered(groups + groups[:2])] == [
        "instansi-pusat",
        "pemerintah-kota",
        "pd:pemerintah kabupaten sukamaju",
        "pd:pemerintah kota mekarsari",
        "pd:?",
    ]


# --- a batch mixing two governments' perangkat daerah and a whole-government evaluation -------

SUKAMAJU = "perangkat daerah Pemerintah Kabupaten Sukamaju"
MEKARSARI = "perangkat daerah Pemerintah Kota Mekarsari"
# name -> (uniform level, Jenis Instansi, Pemerintah Daerah Induk as typed)
MIXED = {
    "Dinas Kesehatan Sukamaju": (3, "Perangkat Daerah", "Pemerintah Kabupaten Sukamaju"),
    "Dinas Kominfo Sukamaju": (4, "Perangkat Daerah", "Pemkab Sukamaju"),
    "Bapperida Sukamaju": (2, "Perangkat Daerah", "Kab. Sukamaju"),
    "DPMPTSP Mekarsari": (5, "Perangkat Daerah", "Pemerintah Kota Mekarsari"),
    "Setwan Mekarsari": (2, "Perangkat Daerah", "Pemkot Mekarsari"),
    "Pemerintah Kabupaten Sukamaju": (1, "Pemerintah Kabupaten", ""),
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, blank):
    """The batch run on MIXED's workbooks (reports, rekap.xlsx, ringkasan.docx, hasil.json written)."""
    folder = tmp_path_factory.mktemp("campuran")
    for name, (level, kind, parent) in MIXED.items():
        identity = {
            layout.ID_NAME: name,
            layout.ID_KIND: kind,
            layout.ID_YEAR: 2026,
            layout.ID_PARENT: parent or None,
            **{layout.ID_SERVICE.format(n=k): f"Layanan {k}" for k in (1, 2, 3)},
        }
        rows = {
            ind.number: {
                layout.STAGE_HEADERS["mandiri"]: level,
                layout.COL_EXPLANATION: "Penjelasan",
                layout.COL_EVIDENCE: "Bukti",
            }
            for ind in FW.indicators
        }
        fill_workbook(blank, folder / f"{name}.xlsx", identity=identity, rows=rows)
    out = tmp_path_factory.mktemp("keluaran")
    return run(folder, out, Options(jobs=1)), out


def test_each_group_is_averaged_apart_exactly(mixed):
    made, _ = mixed
    by_label = {g.group.label: g for g in made.groups.values()}
    assert list(by_label) == ["pemerintah kabupaten", SUKAMAJU, MEKARSARI]  # report order
    assert by_label[SUKAMAJU].average.index == Fraction(3)  # (3 + 4 + 2) / 3, never with Mekarsari
    assert by_label[MEKARSARI].average.index == Fraction(7, 2)  # (5 + 2) / 2
    assert by_label["pemerintah kabupaten"].average is None  # a group of one is not averaged
    assert [len(g.members) for g in by_label.values()] == [1, 3, 2]
    assert by_label[SUKAMAJU].average_label == f"Rata-rata {SUKAMAJU} (3 instansi)"
    assert not hasattr(made, "average")  # no mixed average anywhere


def test_hasil_json_gives_each_workbook_its_group_rank_and_average(mixed):
    made, out = mixed
    entries = {e["agency"]: e["group"] for e in json.loads((out / "hasil.json").read_text("utf-8"))["workbooks"]}
    assert entries["Dinas Kominfo Sukamaju"] == {
        "key": f"{FW.id}:pd:pemerintah kabupaten sukamaju",
        "label": SUKAMAJU,
        "size": 3,
        "rank": 1,
        "average": 3.0,
    }
    assert {n: (e["rank"], e["average"]) for n, e in entries.items()} == {
        "Dinas Kominfo Sukamaju": (1, 3.0),
        "Dinas Kesehatan Sukamaju": (2, 3.0),
        "Bapperida Sukamaju": (3, 3.0),
        "DPMPTSP Mekarsari": (1, 3.5),
        "Setwan Mekarsari": (2, 3.5),
        "Pemerintah Kabupaten Sukamaju": (1, None),
    }
    assert results.results_document(made)["workbooks"][0]["group"] == entries[made.workbooks[0].agency]


def test_rekap_ranks_within_groups_and_shows_each_groups_average(mixed):
    made, out = mixed
    ws = openpyxl.load_workbook(out / "rekap.xlsx")[recap.SHEET_SUMMARY]
    headers = [c.value for c in ws[recap.HEADER_ROW]]
    assert headers[2] == recap.GROUP_HEADER
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=recap.HEADER_ROW + 1) if r[0].value is not None]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (1, "Pemerintah Kabupaten Sukamaju", "Pemerintah kabupaten (1 instansi)"),
        (1, "Dinas Kominfo Sukamaju", "Perangkat daerah Pemerintah Kabupaten Sukamaju (3 instansi)"),
        (2, "Dinas Kesehatan Sukamaju", "Perangkat daerah Pemerintah Kabupaten Sukamaju (3 instansi)"),
        (3, "Bapperida Sukamaju", "Perangkat daerah Pemerintah Kabupaten Sukamaju (3 instansi)"),
        (1, "DPMPTSP Mekarsari", "Perangkat daerah Pemerintah Kota Mekarsari (2 instansi)"),
        (2, "Setwan Mekarsari", "Perangkat daerah Pemerintah Kota Mekarsari (2 instansi)"),
    ]
    index = headers.index("Indeks SPBE")
    averages = {r[1].value: r[index].value for r in ws.iter_rows() if str(r[1].value).startswith("Rata-rata ")}
    assert averages.pop("Rata-rata per kelompok (instansi lengkap)") is None  # the title of the averages
    assert averages == {f"Rata-rata {SUKAMAJU} (3 instansi)": 3.0, f"Rata-rata {MEKARSARI} (2 instansi)": 3.5}


def test_attention_margin_is_measured_against_the_own_group(mixed):
    made, _ = mixed
    found = {s.name: reasons for s, reasons in ranking.needs_attention(made)}
    # Setwan: 2,00 is 1,50 below Mekarsari's 3,50 (it would be only 1,00 below Sukamaju's 3,00)
    assert found["Setwan Mekarsari"] == ["predikat Cukup", "1,50 poin di bawah rata-rata kelompoknya"]
    assert found["Pemerintah Kabupaten Sukamaju"] == ["predikat Kurang"]  # no average: a group of one


def test_reports_and_summary_name_their_group(mixed):
    made, out = mixed
    texts = {}
    for w in made.ok:
        document = docx.Document(out / w.report)
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        texts[w.agency] = " ".join(p.text for p in document.paragraphs) + " " + " ".join(cells)
    assert f"Rata-rata {SUKAMAJU} (3 instansi)" in texts["Bapperida Sukamaju"]
    assert f"Rata-rata {MEKARSARI} (2 instansi)" in texts["Setwan Mekarsari"]
    assert "Rata-rata pemerintah kabupaten" not in texts["Pemerintah Kabupaten Sukamaju"]
    context = summary.summary_context(made)
    assert [g["title"] for g in context["groups"]] == [
        "Pemerintah kabupaten (1 instansi)",
        "Perangkat daerah Pemerintah Kabupaten Sukamaju (3 instansi)",
        "Perangkat daerah Pemerintah Kota Mekarsari (2 instansi)",
    ]
    assert [g["average"]["index"] for g in context["groups"]] == ["-", "3,00", "3,50"]
    text = " ".join(p.text for p in docx.Document(out / "ringkasan.docx").paragraphs)
    assert "Perangkat daerah Pemerintah Kota Mekarsari (2 instansi)" in text
