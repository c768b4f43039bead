"""The recap workbook (rekap.xlsx), read back with openpyxl."""

from __future__ import annotations

import statistics
import zipfile
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from factories import FW, assessment, batch, last_year, levels, rejected, result, varied_batch

from spbe_reports import ranking, recap, results
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
    assert rows["Dinas Kominfo"][_column("Kelengkapan")].value == 47  # a number, shown "47/47"
    assert rows["Dinas Draf"][_column("Kelengkapan")].value == 46
    assert rows["Dinas Draf"][_column("Kelengkapan")].number_format == '0"/47"'
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
    assert cell.value == "bp"  # the report's folder: short enough to print whole
    assert cell.hyperlink is not None and not cell.hyperlink.target.startswith("/")


def test_header_frozen_filtered_and_printable(written):
    _, _, wb = written
    ws = wb["Ringkasan"]
    assert ws.freeze_panes == f"C{recap.HEADER_ROW + 1}"
    assert ws.auto_filter.ref.startswith(f"A{recap.HEADER_ROW}:")
    assert ws.page_setup.orientation == "landscape"
    assert not ws.sheet_properties.pageSetUpPr.fitToPage  # printed in groups of columns (test_recap_print.py)
    assert ws.print_title_cols == "$A:$B"
    assert ws.print_title_rows == f"${recap.HEADER_ROW}:${recap.HEADER_ROW}"


def test_indicator_heat_map(written):
    _, _, wb = written
    ws = wb["Indikator"]
    numbers = [c.value for c in ws[recap.HEADER_ROW - 1][3:]]
    assert numbers == [ind.number for ind in FW.indicators]
    assert ws.cell(recap.HEADER_ROW - 1, 4).comment.text.startswith("Indikator 1: Tingkat Kematangan")
    rows = {r[1].value: r for r in _rows(ws)}
    expected = levels(4, i1=5, i40=3)
    assert [c.value for c in rows["Badan Perencanaan"][3:]] == [expected[n] for n in numbers]
    assert rows["Badan Perencanaan"][2].value.startswith("Perangkat daerah tanpa keterangan")  # Kelompok
    assert rows["Dinas Pendidikan"][3].value == 2  # the final value, not the self-assessment
    assert rows["Dinas Draf"][3 + 4].value is None  # indicator 5 left empty
    average_row = next(r for r in rows.values() if str(r[1].value).startswith("Rata-rata"))
    assert average_row[1].value.endswith("(5 instansi)")  # the group's complete workbooks
    assert average_row[3].value == pytest.approx(float(rounded(Fraction(5 + 3 + 3 + 2 + 2, 5))))
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
    [group] = made.groups.values()  # every workbook is a perangkat daerah without a parent: one group
    assert mean == float(rounded(sum(indices) / 5)) == float(rounded(group.average.index))
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


# --- year over year (--pembanding) ------------------------------------------------------------

# Last year's levels and this year's, per agency; a missing "last" means a new agency.
ROUNDED_UP = levels(2, i21=3, i22=3, i23=3)  # 2,045 -> 2,05
ROUNDED_SAME = levels(2, i1=3, i2=3, i3=3, i4=3)  # 2,052 -> 2,05


def compared_scenario(compared: bool = True):
    """Up, down, the same (also when only the exact index rose), another framework, new, a draft, a rejection."""
    other_framework = replace(last_year("Dinas Kerangka Lain", 2), framework="kerangka-lain")
    agencies = [
        ("Dinas Naik", levels(3, i1=4), last_year("Dinas Naik", levels(2, i1=4))),
        ("Dinas Turun", levels(2, i1=3), last_year("Dinas Turun", 3)),
        ("Dinas Tetap", 3, last_year("Dinas Tetap", 3)),
        ("Dinas Pembulatan", ROUNDED_SAME, last_year("Dinas Pembulatan", ROUNDED_UP)),
        ("Dinas Kerangka Lain", 3, other_framework),
        ("Dinas Baru", 4, None),
    ]
    results = [result(assessment(name, now), previous=before) for name, now, before in agencies]
    results.append(result(assessment("Dinas Draf", levels(3, i5=None)), previous=last_year("Dinas Draf", 2)))
    results.append(rejected("rusak.xlsx", [problem("missing-year", "rusak.xlsx", sheet="Identitas", cell="B4")]))
    return batch(results, compared=compared)


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    made = compared_scenario()
    path = tmp_path_factory.mktemp("rekap-pembanding") / "rekap.xlsx"
    recap.write_recap(made, path)
    return made, openpyxl.load_workbook(path)


def _by_name(rows) -> dict[str, list]:
    return {r[1].value: r for r in rows}


def test_change_columns_only_with_comparison(written, compared):
    _, _, plain = written
    _, wb = compared
    assert not {"Indeks Tahun Lalu", "Perubahan", "Arah"} & {c.value for c in plain["Ringkasan"][recap.HEADER_ROW]}
    header = [c.value for c in wb["Ringkasan"][recap.HEADER_ROW]]
    assert header == recap.summary_headers(FW, compared=True)
    assert header[6:11] == ["Indeks SPBE", "Predikat", "Indeks Tahun Lalu", "Perubahan", "Arah"]
    assert wb.sheetnames == ["Ringkasan", "Indikator", "Statistik", "Perubahan", "Masalah"]


def test_ringkasan_gives_last_year_the_change_and_its_direction(compared):
    made, wb = compared
    column = recap.summary_headers(FW, compared=True).index
    rows = _by_name(_rows(wb["Ringkasan"]))
    found = {
        name: (r[column("Indeks Tahun Lalu")].value, r[column("Perubahan")].value, r[column("Arah")].value)
        for name, r in rows.items()
    }
    assert found == {
        "Dinas Baru": (None, None, "baru"),
        # 3,0125 - 2,025 = 0,9875 exactly, but the reader sees 3,01 - 2,03 = 0,98
        "Dinas Naik": (2.03, pytest.approx(0.98), "naik"),
        "Dinas Tetap": (3.0, 0.0, "tetap"),
        "Dinas Kerangka Lain": (2.0, 1.0, "naik"),
        "Dinas Turun": (3.0, pytest.approx(-0.99), "turun"),
        "Dinas Pembulatan": (2.05, 0.0, "tetap"),  # 2,052 against 2,045: both show 2,05
        "Dinas Draf": (None, None, None),
        "(tidak terbaca)": (None, None, None),
    }
    change = rows["Dinas Turun"][column("Perubahan")]
    assert change.data_type == "n" and change.number_format == recap.CHANGE_FORMAT
    assert rows["Dinas Turun"][column("Indeks SPBE")].value == 2.01  # the columns after the new ones moved
    assert rows["Dinas Turun"][column(f"Aspek 1\n{FW.aspect(1).name}")].value == float(
        rounded(next(w for w in made.ok if w.agency == "Dinas Turun").evaluation.final.aspects[1])
    )


def _change_rows(ws):
    """Rows of ``Perubahan`` by name: the agencies of both years, then those under the "Baru" label."""
    compared_rows = _rows(ws)
    labels = [row[1].value for row in ws.iter_rows()]
    start = labels.index(recap.NEW_LABEL) + 2
    return _by_name(compared_rows), _by_name(_rows(ws, start))


def test_changes_sheet_agrees_with_the_comparison_and_hasil_json(compared):
    made, wb = compared
    headers = recap.change_headers(FW)
    assert [c.value for c in wb["Perubahan"][recap.HEADER_ROW]] == headers
    both, new = _change_rows(wb["Perubahan"])
    assert list(both) == ["Dinas Naik", "Dinas Kerangka Lain", "Dinas Tetap", "Dinas Pembulatan", "Dinas Turun"]
    assert list(new) == ["Dinas Baru"]
    for w in made.ok:
        if w.agency not in both:
            continue
        row = {h: cell for h, cell in zip(headers, both[w.agency])}
        previous = results.workbook_entry(w, compared=True)["previous"]
        assert row["Indeks SPBE Tahun Lalu"].value == previous["index"]
        assert row["Indeks SPBE Tahun Ini"].value == float(w.evaluation.final.index_display)
        assert row["Perubahan"].value == pytest.approx(previous["change"], abs=1e-9)
        assert row["Perubahan"].number_format == recap.CHANGE_FORMAT
        for kind, items in (("Domain", FW.domains), ("Aspek", FW.aspects)):
            for item in items:
                cell = row[f"{kind} {item.number}\n{item.name}"]
                pair = previous["domains" if kind == "Domain" else "aspects"].get(str(item.number))
                if pair is None:  # another framework: only the overall index is compared
                    assert cell.value is None
                else:
                    assert cell.value == pytest.approx(pair["to"] - pair["from"], abs=1e-9)


def test_changes_are_coloured_and_counted(compared):
    _, wb = compared
    headers = recap.change_headers(FW)
    both, new = _change_rows(wb["Perubahan"])
    rows = {name: {h: cell for h, cell in zip(headers, row)} for name, row in both.items()}
    naik, turun, tetap = rows["Dinas Naik"], rows["Dinas Turun"], rows["Dinas Tetap"]
    assert naik["Perubahan"].fill.fgColor.rgb.endswith("C6EFCE")
    assert turun["Perubahan"].fill.fgColor.rgb.endswith("FFC7CE")
    assert tetap["Perubahan"].fill.fgColor.rgb in (None, "00000000")
    aspect_1 = f"Aspek 1\n{FW.aspect(1).name}"
    assert naik[aspect_1].value > 0 and naik[aspect_1].fill.fgColor.rgb.endswith("C6EFCE")
    assert [naik[h].value for h in ("Arah", "Indikator Naik", "Indikator Turun")] == ["naik", 46, 0]
    assert [turun[h].value for h in ("Arah", "Indikator Naik", "Indikator Turun")] == ["turun", 0, 46]
    # Last year every indicator was advised one level up; all reached it but indicator 1 (4 -> 5, still 4).
    assert naik["Rekomendasi Tahun Lalu Terpenuhi"].value == "46 dari 47"
    assert turun["Rekomendasi Tahun Lalu Terpenuhi"].value == "0 dari 47"
    other = rows["Dinas Kerangka Lain"]
    assert other["Indikator Naik"].value is None and "Kerangka penilaian" in other["Keterangan"].value
    assert [new["Dinas Baru"][i].value for i in (5, 7)] == [4.0, "baru"]
    texts = [c.value for row in wb["Perubahan"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Dinas Draf" not in texts  # a draft has no index to compare
    assert any(t.startswith("Buku kerja draf tidak dibandingkan") for t in texts)
    note = wb["Perubahan"]["A3"].value
    assert "Indeks SPBE: 2 instansi naik, 1 turun, 2 tetap; 1 instansi baru." in note and "hasil-2025.json" in note


def test_changes_sheet_with_nothing_to_compare(tmp_path):
    made = batch([result(assessment("Dinas Baru", 3))], compared=True)
    path = tmp_path / "rekap.xlsx"
    recap.write_recap(made, path)
    ws = openpyxl.load_workbook(path)["Perubahan"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Tidak ada instansi yang ditemukan dalam hasil tahun lalu." in texts
    assert recap.NEW_LABEL in texts


# --- forty agencies: every figure read back equals the agency's own evaluation ------------------


@pytest.fixture(scope="module")
def forty(tmp_path_factory):
    made = varied_batch(40, compared=True)
    path = tmp_path_factory.mktemp("rekap-40") / "rekap.xlsx"
    recap.write_recap(made, path)
    return made, openpyxl.load_workbook(path)


def _expected_rank(evaluation, evaluations) -> int:
    """The rank within the comparison group: here, the same Jenis Instansi (no parent governments)."""
    kind = evaluation.assessment.identity.kind
    return 1 + sum(
        1
        for other in evaluations
        if other.assessment.identity.kind == kind and other.final.index > evaluation.final.index
    )


def _kind_order(kind: str) -> int:
    """Report order of the groups of varied_batch: whole governments by kind, then perangkat daerah."""
    order = ["Instansi Pusat", "Pemerintah Provinsi", "Pemerintah Kabupaten", "Pemerintah Kota", "Perangkat Daerah"]
    return order.index(kind)


def test_forty_agencies_ringkasan_rows_equal_their_evaluations(forty):
    made, wb = forty
    evaluations = {w.agency: w.evaluation for w in made.workbooks}
    assert len(evaluations) == 40
    column = recap.summary_headers(FW, compared=True).index
    rows = _rows(wb["Ringkasan"])
    assert [r[1].value for r in rows] == sorted(
        evaluations,
        key=lambda n: (
            _kind_order(evaluations[n].assessment.identity.kind),
            -evaluations[n].final.index,
            n.casefold(),
        ),
    )
    ranks = []
    for row in rows:
        ev = evaluations[row[1].value]
        ranks.append(row[0].value)
        assert row[0].value == _expected_rank(ev, evaluations.values())
        assert row[column("Indeks SPBE")].value == float(rounded(ev.final.index))
        assert row[column("Predikat")].value == FW.rating(rounded(ev.final.index))
        for d in FW.domains:
            assert row[column(f"Domain {d.number}\n{d.name}")].value == float(rounded(ev.final.domains[d.number]))
        for a in FW.aspects:
            assert row[column(f"Aspek {a.number}\n{a.name}")].value == float(rounded(ev.final.aspects[a.number]))
        direction = ev.comparison.index.direction if ev.comparison else "baru"
        assert row[column("Arah")].value == direction
    tie = [ranks[i] for i, r in enumerate(rows) if r[1].value in ("Instansi 01", "Instansi 02")]
    assert tie[0] == tie[1]  # "Instansi 01" and "Instansi 02" tie exactly (both Perangkat Daerah)
    shown = {r[1].value: r[column("Indeks SPBE")].value for r in rows}
    assert shown["Instansi 03"] == shown["Instansi 04"] == 2.05  # equal display, ranked by the exact index
    assert (
        ranks[[r[1].value for r in rows].index("Instansi 04")] < ranks[[r[1].value for r in rows].index("Instansi 03")]
    )


def test_forty_agencies_heat_map_rows_equal_their_final_levels(forty):
    made, wb = forty
    evaluations = {w.agency: w.evaluation for w in made.workbooks}
    ws = wb["Indikator"]
    numbers = [c.value for c in ws[recap.HEADER_ROW - 1][3:]]
    rows = [r for r in _rows(ws) if not str(r[1].value).startswith("Rata-rata")]
    assert len(rows) == 40
    for row in rows:
        ev = evaluations[row[1].value]
        assert row[0].value == _expected_rank(ev, evaluations.values())
        assert [c.value for c in row[3:]] == [ev.final.indicators[n] for n in numbers]
    assert any(ev.final.indicators != ev.stages["mandiri"].indicators for ev in evaluations.values())


def _statistics_blocks(ws) -> dict[str, dict[str, list]]:
    """The Statistik sheet's rows by group ("Kelompok: ..." title) and label."""
    blocks: dict[str, dict[str, list]] = {"": {}}
    current = ""
    for row in ws.iter_rows():
        label = row[0].value
        if isinstance(label, str) and label.startswith("Kelompok: "):
            current = label.removeprefix("Kelompok: ")
            blocks[current] = {}
        elif isinstance(label, str):
            blocks[current][label] = [c.value for c in row]
    return blocks


def test_forty_agencies_statistics_equal_an_independent_computation(forty):
    made, wb = forty
    blocks = _statistics_blocks(wb["Statistik"])
    # The sheet documents: statistics of the exact values, then rounded to two decimals.
    assert any("nilai tepat sebelum pembulatan" in str(label) for label in blocks[""])
    kinds = {w.evaluation.assessment.identity.kind for w in made.workbooks}
    assert len(blocks) == 1 + len(kinds)  # one block per comparison group: here, per kind
    for kind in kinds:
        finals = [w.evaluation.final for w in made.workbooks if w.evaluation.assessment.identity.kind == kind]
        label = "Perangkat daerah tanpa keterangan pemerintah daerah induk" if kind == "Perangkat Daerah" else kind
        _check_statistics(blocks[f"{label[:1]}{label[1:].casefold()} ({len(finals)} instansi)"], finals)


def _check_statistics(rows: dict[str, list], finals: list) -> None:
    series = {"Indeks SPBE": [f.index for f in finals]}
    series.update({f"Domain {d.number} {d.name}": [f.domains[d.number] for f in finals] for d in FW.domains})
    series.update({f"Aspek {a.number} {a.name}": [f.aspects[a.number] for f in finals] for a in FW.aspects})
    for label, values in series.items():
        expected = [
            len(finals),
            float(rounded(statistics.mean(values))),
            float(rounded(statistics.median(values))),
            float(rounded(min(values))),
            float(rounded(max(values))),
        ]
        assert rows[label][1:6] == expected, label
    bands = {band.name: 0 for band in FW.ratings}
    for f in finals:
        bands[FW.rating(rounded(f.index))] += 1
    assert {name: rows[name][2] for name in bands} == bands


def test_forty_agencies_changes_equal_hasil_json(forty):
    made, wb = forty
    headers = recap.change_headers(FW)
    both, new = _change_rows(wb["Perubahan"])
    assert len(both) == 35 and len(new) == 5
    for w in made.workbooks:
        if w.evaluation.comparison is None:
            assert w.agency in new
            continue
        previous = results.workbook_entry(w, compared=True)["previous"]
        row = dict(zip(headers, (c.value for c in both[w.agency])))
        assert row["Perubahan"] == pytest.approx(previous["change"], abs=1e-9)
        assert row["Perubahan"] == pytest.approx(row["Indeks SPBE Tahun Ini"] - row["Indeks SPBE Tahun Lalu"], abs=1e-9)
        for a in FW.aspects:
            pair = previous["aspects"][str(a.number)]
            assert row[f"Aspek {a.number}\n{a.name}"] == pytest.approx(pair["to"] - pair["from"], abs=1e-9)
    assert both["Instansi 05"][7].value == "tetap"
