"""The recap workbook (rekap.xlsx), read back with openpyxl."""

from __future__ import annotations

import statistics
import zipfile
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from factories import FW, assessment, batch, levels, rejected, result

from spbe_reports import ranking, recap
from spbe_reports.agencies import Agency
from spbe_reports.problems import problem
from spbe_reports.scoring import rounded

HOSTILE_NAME = '=HYPERLINK("http://contoh.invalid","klik")'


def _scenario(expected: list[Agency] | None = None):
    """Seven workbooks: a tie, an exact .xx5 index, an assessor stage, a draft, a hostile name, a rejection."""
    results = [
        result(assessment("Dinas Kesehatan", 3), report="dinas-kesehatan/laporan.docx"),
        result(assessment("Badan Perencanaan", levels(4, i1=5, i40=3), code="BP-01"), report="bp/laporan.docx"),
        result(assessment("Dinas Kominfo", 3), report="dinas-kominfo/laporan.docx"),  # ties with Kesehatan
        result(
            assessment(HOSTILE_NAME, levels(2, i21=3, i22=3, i23=3), code="-0012"),  # 2 + 3 x 0,015 = 2,045
            report="hostile/laporan.docx",
            problems=[
                problem("missing-explanation", "hostile.xlsx", sheet="Penilaian", cell="F32", indicator=21, level=3)
            ],
        ),
        result(
            assessment("Dinas Pendidikan", 3, assessor={"dokumen": levels(2)}),
            report="dinas-pendidikan/laporan.docx",
        ),
        result(assessment("Dinas Draf", levels(3, i5=None))),
        rejected(
            "rusak.xlsx",
            [
                problem("missing-year", "rusak.xlsx", sheet="Identitas", cell="B4"),
                problem("missing-agency-name", "rusak.xlsx", sheet="Identitas", cell="B2"),
            ],
            agency="@Dinas Rusak",
        ),
    ]
    return batch(results, expected=expected)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    expected = [
        Agency("Dinas Kesehatan"),
        Agency("Dinas Pariwisata", "Perangkat Daerah", "0099"),
        Agency("+Dinas Sosial"),
    ]
    made = _scenario(expected)
    path = tmp_path_factory.mktemp("rekap") / "rekap.xlsx"
    recap.write_recap(made, path)
    return made, path, openpyxl.load_workbook(path)


def _rows(ws, first: int = recap.HEADER_ROW + 1):
    """Data rows below the header until the first row without a name (column B)."""
    rows = []
    for row in ws.iter_rows(min_row=first):
        if row[1].value is None:
            break
        rows.append(row)
    return rows


def _column(label: str) -> int:
    return recap.summary_headers(FW).index(label)


def test_sheets_in_order(written):
    _, _, wb = written
    assert wb.sheetnames == ["Ringkasan", "Indikator", "Statistik", "Masalah", "Belum Mengumpulkan"]


def test_no_missing_sheet_without_an_agency_list(tmp_path):
    path = tmp_path / "rekap.xlsx"
    recap.write_recap(_scenario(None), path)
    assert "Belum Mengumpulkan" not in openpyxl.load_workbook(path).sheetnames


def test_ranking_order_ties_drafts_then_rejected(written):
    _, _, wb = written
    rows = _rows(wb["Ringkasan"])
    names = [r[1].value for r in rows]
    ranks = [r[0].value for r in rows]
    status = [r[_column("Status")].value for r in rows]
    assert names == [
        "Badan Perencanaan",
        "Dinas Kesehatan",
        "Dinas Kominfo",
        HOSTILE_NAME,
        "Dinas Pendidikan",
        "Dinas Draf",
        "@Dinas Rusak",
    ]
    assert ranks == [1, 2, 2, 4, 5, None, None]
    assert status == ["Diproses"] * 5 + ["Draf", "Ditolak"]


def test_rejected_row_gives_the_first_error(written):
    _, _, wb = written
    row = _rows(wb["Ringkasan"])[-1]
    assert row[_column("Keterangan")].value.startswith("Tahun Penilaian belum diisi")
    assert row[_column("Berkas")].value == "rusak.xlsx"
    assert row[_column("Indeks SPBE")].value is None


def test_indices_are_the_displayed_numbers(written):
    made, _, wb = written
    by_name = {s.name: s.evaluation for s in ranking.standings(made)}
    for row in _rows(wb["Ringkasan"])[:5]:
        final = by_name[row[1].value].final
        index = row[_column("Indeks SPBE")]
        # a number, not text: openpyxl reads a whole number such as 3.0 back as int 3
        assert index.data_type == "n" and isinstance(index.value, (int, float))
        assert index.value == float(final.index_display)
        assert index.number_format == "0.00"
        assert row[_column("Predikat")].value == final.rating
        for d in FW.domains:
            cell = row[_column(f"Domain {d.number}\n{d.name}")]
            assert cell.value == float(final.domain_display(d.number)) and cell.data_type == "n"
        for a in FW.aspects:
            assert row[_column(f"Aspek {a.number}\n{a.name}")].value == float(final.aspect_display(a.number))


def test_exact_half_is_rounded_up_like_the_report(written):
    _, _, wb = written
    row = next(r for r in _rows(wb["Ringkasan"]) if r[1].value == HOSTILE_NAME)
    assert row[_column("Indeks SPBE")].value == 2.05  # 2,045 exactly; round(2 + 3 * 0.015, 2) gives 2.04


def test_kind_self_index_and_completeness(written):
    _, _, wb = written
    rows = {r[1].value: r for r in _rows(wb["Ringkasan"])}
    assert rows["Dinas Pendidikan"][_column("Jenis Penilaian")].value == "Evaluasi"
    assert rows["Dinas Pendidikan"][_column("Indeks Penilaian Mandiri")].value == 3.0
    assert rows["Dinas Pendidikan"][_column("Indeks SPBE")].value == 2.0
    assert rows["Dinas Kominfo"][_column("Jenis Penilaian")].value == "Pemantauan"
    assert rows["Dinas Kominfo"][_column("Kelengkapan")].value == "47/47"
    assert rows["Dinas Draf"][_column("Kelengkapan")].value == "46/47"
    assert rows["Dinas Draf"][_column("Indeks SPBE")].value is None
    assert rows["Badan Perencanaan"][_column("Kode")].value == "BP-01"


def test_cells_are_coloured_by_predikat(written):
    _, _, wb = written
    fills = ranking.band_fills(FW)
    for row in _rows(wb["Ringkasan"])[:5]:
        rating = row[_column("Predikat")].value
        assert row[_column("Indeks SPBE")].fill.fgColor.rgb.endswith(fills[rating])
    assert len(set(fills.values())) == len(FW.ratings)


def test_report_link_is_relative(written):
    _, _, wb = written
    row = _rows(wb["Ringkasan"])[0]
    cell = row[_column("Laporan")]
    assert cell.value == "bp/laporan.docx"
    assert cell.hyperlink is not None and not cell.hyperlink.target.startswith("/")


def test_header_frozen_filtered_and_printable(written):
    _, _, wb = written
    ws = wb["Ringkasan"]
    assert ws.freeze_panes == f"C{recap.HEADER_ROW + 1}"
    assert ws.auto_filter.ref.startswith(f"A{recap.HEADER_ROW}:")
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${recap.HEADER_ROW}:${recap.HEADER_ROW}"


def test_indicator_heat_map(written):
    _, _, wb = written
    ws = wb["Indikator"]
    numbers = [c.value for c in ws[recap.HEADER_ROW - 1][2:]]
    assert numbers == [ind.number for ind in FW.indicators]
    assert ws.cell(recap.HEADER_ROW - 1, 3).comment.text.startswith("Indikator 1: Tingkat Kematangan")
    rows = {r[1].value: r for r in _rows(ws)}
    expected = levels(4, i1=5, i40=3)
    assert [c.value for c in rows["Badan Perencanaan"][2:]] == [expected[n] for n in numbers]
    assert rows["Dinas Pendidikan"][2].value == 2  # the final value, not the self-assessment
    assert rows["Dinas Draf"][2 + 4].value is None  # indicator 5 left empty
    average_row = next(r for r in rows.values() if str(r[1].value).startswith("Rata-rata"))
    assert average_row[2].value == pytest.approx(float(rounded(Fraction(5 + 3 + 3 + 2 + 2, 5))))
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert len(rules) == 1 and rules[0].type == "colorScale"
    assert [float(v.val) for v in rules[0].colorScale.cfvo] == [1, 3, 5]


def _statistics_rows(ws) -> dict[str, list]:
    return {row[0].value: [c.value for c in row] for row in ws.iter_rows() if isinstance(row[0].value, str)}


def test_rating_counts(written):
    _, _, wb = written
    rows = _statistics_rows(wb["Statistik"])
    # 3,98 Sangat Baik; 3,00 Baik x2; 2,05 Cukup; 2,00 Cukup
    assert rows["Memuaskan"][2] == 0
    assert rows["Sangat Baik"][2] == 1
    assert rows["Baik"][2] == 2
    assert rows["Cukup"][2] == 2
    assert rows["Kurang"][2] == 0
    assert rows["Jumlah"][2] == 5
    assert rows["Cukup"][3] == pytest.approx(0.4)


def test_index_statistics_agree_with_hand_computation(written):
    made, _, wb = written
    rows = _statistics_rows(wb["Statistik"])
    indices = sorted(s.index for s in ranking.standings(made) if s.rank is not None)
    count, mean, median, low, high = rows["Indeks SPBE"][1:6]
    assert count == 5
    assert mean == float(rounded(sum(indices) / 5)) == float(rounded(made.average.index))
    assert median == float(rounded(indices[2]))
    assert (low, high) == (float(rounded(indices[0])), float(rounded(indices[-1])))
    aspect = f"Aspek 7 {FW.aspect(7).name}"
    values = [float(s.evaluation.final.aspects[7]) for s in ranking.standings(made) if s.rank is not None]
    assert rows[aspect][2] == pytest.approx(statistics.mean(values), abs=0.005)
    assert rows[aspect][3] == pytest.approx(statistics.median(values), abs=0.005)


def test_weakest_indicators(written):
    _, _, wb = written
    rows = [r for label, r in _statistics_rows(wb["Statistik"]).items() if label[:3].rstrip(".").isdigit()]
    # Most indicators have levels 4, 3, 3, 2, 2 (mean 2,80); indicator 40 has 3, 3, 3, 2, 2 (2,60).
    first = rows[0]
    assert first[0].startswith("40. ")
    assert first[3] == float(rounded(Fraction(3 + 3 + 3 + 2 + 2, 5)))
    assert first[4] == 2  # two agencies below level 3
    assert len(rows) == ranking.WEAKEST
    means = [r[3] for r in rows]
    assert means == sorted(means)


def test_problems_sheet_lists_every_problem(written):
    made, _, wb = written
    rows = _rows(wb["Masalah"])
    assert len(rows) == sum(len(w.problems) for w in made.workbooks)
    header = [c.value for c in wb["Masalah"][recap.HEADER_ROW]]
    assert header == ["Berkas", "Instansi", "Status Berkas", "Tingkat", "Kode", "Lembar", "Sel", "Indikator", "Pesan"]
    rejected_rows = [[c.value for c in r] for r in rows if r[0].value == "rusak.xlsx"]
    assert [r[3] for r in rejected_rows] == ["Galat", "Galat"]
    assert rejected_rows[0][4:7] == ["missing-year", "Identitas", "B4"]
    warning = next([c.value for c in r] for r in rows if r[4].value == "missing-explanation")
    assert warning[1] == HOSTILE_NAME and warning[3] == "Peringatan" and warning[7] == 21
    draft = next([c.value for c in r] for r in rows if r[4].value == "incomplete-draft")
    assert draft[2] == "Draf"


def test_missing_submissions(written):
    _, _, wb = written
    rows = [[c.value for c in r] for r in _rows(wb["Belum Mengumpulkan"])]
    assert rows == [[1, "Dinas Pariwisata", "Perangkat Daerah", "0099"], [2, "+Dinas Sosial", None, None]]


def test_text_never_becomes_a_formula(written):
    _, path, wb = written
    hostile_cells = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.data_type == "s"
                    hostile_cells.append(cell.value)
    assert {HOSTILE_NAME, "+Dinas Sosial", "@Dinas Rusak", "-0012"} <= set(hostile_cells)
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in xml or "<f " in xml for xml in sheets)


def test_error_code_text_stays_text(tmp_path):
    made = batch([result(assessment("#N/A", 3)), result(assessment("Nama\x07 dengan bel", 3))])
    path = tmp_path / "rekap.xlsx"
    recap.write_recap(made, path)
    names = {r[1].value: r[1].data_type for r in _rows(openpyxl.load_workbook(path)["Ringkasan"])}
    assert names == {"#N/A": "s", "Nama dengan bel": "s"}


def test_written_atomically_without_leftovers(tmp_path):
    path = tmp_path / "rekap.xlsx"
    path.write_bytes(b"old")
    recap.write_recap(_scenario(), path)
    assert [p.name for p in tmp_path.iterdir()] == ["rekap.xlsx"]
    assert zipfile.is_zipfile(path)


def test_empty_batch_still_writes_every_sheet(tmp_path):
    made = batch([rejected("a.xls", [problem("format-xls", "a.xls")])], expected=[Agency("Dinas A")])
    path = tmp_path / "rekap.xlsx"
    recap.write_recap(made, path)
    wb = openpyxl.load_workbook(path)
    assert [r[_column("Status")].value for r in _rows(wb["Ringkasan"])] == ["Ditolak"]
    assert any("Belum ada buku kerja lengkap" in str(r[0].value) for r in wb["Statistik"].iter_rows())
    assert Path(path).stat().st_size > 0
