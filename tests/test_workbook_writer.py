"""The standard workbook as written by spbe_reports.workbook.writer (contract.md section 1)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from spbe_reports import framework
from spbe_reports.agencies import Agency
from spbe_reports.workbook import layout
from spbe_reports.workbook.filler import fill_workbook
from spbe_reports.workbook.writer import (
    COL_FINAL,
    GENERATOR,
    build_workbook,
    level_label,
    workbook_filename,
    write_workbook,
)

FW = framework.load()
KOMINFO = Agency(name="Dinas Komunikasi dan Informatika", kind="Pemerintah Kota", code="0012")
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) tidak terpasang")

LEVEL_HEADERS = (*layout.STAGE_HEADERS.values(), layout.COL_TARGET)
AGENCY_INPUTS = (layout.STAGE_HEADERS["mandiri"], layout.COL_EXPLANATION, layout.COL_EVIDENCE, layout.COL_TARGET)
ASSESSOR_INPUTS = (
    layout.STAGE_HEADERS["dokumen"],
    layout.STAGE_HEADERS["interviu"],
    layout.STAGE_HEADERS["visitasi"],
    layout.COL_NOTE,
)


# --------------------------------------------------------------------------------------------
# helpers: read the workbook the way the contract tells a reader to


def _key(text: object) -> str:
    return " ".join(str(text).split()).casefold() if text is not None else ""


def find_header(ws: Worksheet) -> tuple[int, dict[str, int]]:
    for row in range(1, layout.HEADER_SEARCH_ROWS + 1):
        columns = {_key(ws.cell(row, col).value): col for col in range(1, ws.max_column + 1)}
        if _key(layout.COL_NUMBER) in columns and _key(layout.STAGE_HEADERS["mandiri"]) in columns:
            return row, columns
    raise AssertionError("no header row in the first rows")


def cell_of(ws: Worksheet, number: int, header: str):
    header_row, columns = find_header(ws)
    for row in range(header_row + 1, ws.max_row + 1):
        if ws.cell(row, columns[_key(layout.COL_NUMBER)]).value == number:
            return ws.cell(row, columns[_key(header)])
    raise AssertionError(f"no row for indicator {number}")


def identity_cell(ws: Worksheet, label: str):
    for row in range(1, ws.max_row + 1):
        if _key(ws.cell(row, 1).value) == _key(label):
            return ws.cell(row, 2)
    raise AssertionError(f"no label {label}")


def validation_of(ws: Worksheet, coordinate: str):
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coordinate} has {len(found)} validations"
    return found[0]


def list_values(wb, formula: str) -> list[str]:
    """The values of a list validation whose source is a range like 'Daftar'!$A$2:$A$6."""
    match = re.fullmatch(r"=?'?([^'!]+)'?!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)", formula.strip())
    assert match, f"not a range reference: {formula}"
    sheet, col1, row1, col2, row2 = match.groups()
    cells = wb[sheet][f"{col1}{row1}:{col2}{row2}"]
    return [cell.value for row in cells for cell in row]


def meta(wb) -> dict[str, str]:
    ws = wb[layout.SHEET_META]
    return {ws.cell(row, 1).value: ws.cell(row, 2).value for row in range(1, ws.max_row + 1)}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / workbook_filename(KOMINFO, 2026)
    assert write_workbook(FW, path, KOMINFO, 2026) == path
    return path


@pytest.fixture(scope="module")
def wb(written):
    return load_workbook(written)


# --------------------------------------------------------------------------------------------
# structure


def test_sheets_in_contract_order_with_lists_and_meta_hidden(wb):
    assert wb.sheetnames == [
        layout.SHEET_IDENTITY,
        layout.SHEET_ASSESSMENT,
        layout.SHEET_GUIDE,
        layout.SHEET_CRITERIA,
        layout.SHEET_LISTS,
        layout.SHEET_META,
    ]
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    assert states[layout.SHEET_LISTS] == "hidden"
    assert states[layout.SHEET_META] == "hidden"
    assert [title for title, state in states.items() if state == "visible"] == wb.sheetnames[:4]
    assert wb.active.title == layout.SHEET_IDENTITY


def test_identity_has_every_label_in_column_a_with_prefilled_values(wb):
    ws = wb[layout.SHEET_IDENTITY]
    labels = [ws.cell(row, 1).value for row in range(1, ws.max_row + 1)]
    for label in layout.IDENTITY_LABELS:
        assert labels.count(label) == 1, label
    assert identity_cell(ws, layout.ID_NAME).value == KOMINFO.name
    assert identity_cell(ws, layout.ID_KIND).value == "Pemerintah Kota"
    assert identity_cell(ws, layout.ID_CODE).value == "0012"
    assert identity_cell(ws, layout.ID_YEAR).value == 2026
    assert identity_cell(ws, layout.ID_COORDINATOR).value is None


def test_blank_workbook_leaves_identity_empty(tmp_path):
    path = write_workbook(FW, tmp_path / workbook_filename(None, 2026))
    assert path.name == "Penilaian SPBE 2026.xlsx"
    ws = load_workbook(path)[layout.SHEET_IDENTITY]
    assert all(identity_cell(ws, label).value is None for label in layout.IDENTITY_LABELS)


def test_identity_kind_is_a_dropdown_of_agency_kinds_and_year_is_checked(wb):
    ws = wb[layout.SHEET_IDENTITY]
    kind = validation_of(ws, identity_cell(ws, layout.ID_KIND).coordinate)
    assert kind.type == "list"
    assert list_values(wb, kind.formula1) == list(layout.AGENCY_KINDS)
    assert kind.showErrorMessage and kind.errorStyle == "stop" and "Pilih" in kind.error
    year = validation_of(ws, identity_cell(ws, layout.ID_YEAR).coordinate)
    assert (year.type, year.formula1, year.formula2) == ("whole", "2000", "2100")
    assert year.showErrorMessage and "tahun" in year.error.lower()


def test_assessment_header_row_is_found_where_the_reader_looks(wb):
    ws = wb[layout.SHEET_ASSESSMENT]
    header_row, columns = find_header(ws)
    assert header_row <= layout.HEADER_SEARCH_ROWS
    expected = [
        layout.COL_NUMBER,
        layout.COL_DOMAIN,
        layout.COL_ASPECT,
        layout.COL_NAME,
        *layout.STAGE_HEADERS.values(),
        layout.COL_EXPLANATION,
        layout.COL_EVIDENCE,
        layout.COL_NOTE,
        layout.COL_TARGET,
        COL_FINAL,
    ]
    assert {_key(h) for h in expected} <= columns.keys()
    # exactly one row carries the headers
    others = [r for r in range(1, header_row) if _key(ws.cell(r, 1).value) == _key(layout.COL_NUMBER)]
    assert others == []


def test_stage_header_is_shared_by_writer_and_reader():
    assert [layout.stage_header(s.key) for s in FW.stages] == list(layout.STAGE_HEADERS.values())
    assert layout.stage_header("klarifikasi") == "Tingkat Klarifikasi"  # a stage a future framework may add


def test_one_row_per_framework_indicator_with_names(wb):
    ws = wb[layout.SHEET_ASSESSMENT]
    header_row, columns = find_header(ws)
    rows = range(header_row + 1, header_row + 1 + len(FW.indicators))
    assert [ws.cell(r, columns["no"]).value for r in rows] == [ind.number for ind in FW.indicators]
    assert ws.cell(header_row + len(FW.indicators) + 1, columns["no"]).value is None
    assert len(FW.indicators) == 47
    for indicator in FW.indicators:
        aspect = FW.aspect(indicator.aspect)
        assert cell_of(ws, indicator.number, layout.COL_ASPECT).value == aspect.name
        assert cell_of(ws, indicator.number, layout.COL_DOMAIN).value == FW.domain(aspect.domain).name
        name = cell_of(ws, indicator.number, layout.COL_NAME).value
        if indicator.sectoral_service:
            assert name.startswith(f'="{indicator.name}"')
        else:
            assert name == indicator.name


def test_sectoral_service_rows_show_the_service_named_on_identitas(wb):
    ws = wb[layout.SHEET_ASSESSMENT]
    identity = wb[layout.SHEET_IDENTITY]
    sectoral = [ind for ind in FW.indicators if ind.sectoral_service]
    assert [ind.sectoral_service for ind in sectoral] == [1, 2, 3]
    for indicator in sectoral:
        label = layout.ID_SERVICE.format(n=indicator.sectoral_service)
        ref = identity_cell(identity, label).coordinate.replace("B", "$B$")
        assert f"'{layout.SHEET_IDENTITY}'!{ref}" in cell_of(ws, indicator.number, layout.COL_NAME).value


def test_final_value_formula_takes_the_last_filled_stage(wb):
    ws = wb[layout.SHEET_ASSESSMENT]
    formula = cell_of(ws, 1, COL_FINAL).value
    letters = [cell_of(ws, 1, header).coordinate for header in layout.STAGE_HEADERS.values()]
    # the latest stage (visitasi) is tested first, the self-assessment last
    positions = [formula.index(f'IF({coordinate}<>""') for coordinate in letters]
    assert positions == sorted(positions, reverse=True)


def test_level_cells_have_dropdowns_of_their_indicators_scale(wb):
    ws = wb[layout.SHEET_ASSESSMENT]
    scales_seen = set()
    for indicator in FW.indicators:
        expected = [level_label(lv.number, lv.name) for lv in indicator.scale.levels]
        for header in LEVEL_HEADERS:
            dv = validation_of(ws, cell_of(ws, indicator.number, header).coordinate)
            assert dv.type == "list" and dv.allow_blank
            assert not dv.formula1.startswith("=")
            assert list_values(wb, dv.formula1) == expected
            assert dv.showErrorMessage and dv.errorStyle == "stop"
            assert dv.errorTitle == "Tingkat tidak valid" and "daftar" in dv.error
            assert len(dv.error) <= 225 and len(dv.errorTitle) <= 32 and len(dv.prompt) <= 255
        scales_seen.add(indicator.scale.key)
    assert scales_seen == {"proses", "layanan"}
    assert list_values(wb, validation_of(ws, cell_of(ws, 1, layout.COL_TARGET).coordinate).formula1)[2] == (
        "3 - Terdefinisi"
    )
    assert list_values(wb, validation_of(ws, cell_of(ws, 32, layout.COL_TARGET).coordinate).formula1)[2] == (
        "3 - Transaksi"
    )


def test_free_text_cells_have_no_validation(wb):
    ws = wb[layout.SHEET_ASSESSMENT]
    for header in (layout.COL_EXPLANATION, layout.COL_EVIDENCE, layout.COL_NOTE):
        coordinate = cell_of(ws, 5, header).coordinate
        assert not any(coordinate in dv.sqref for dv in ws.data_validations.dataValidation)


def test_every_sheet_is_protected_without_password_allowing_formatting(wb):
    for ws in wb.worksheets:
        protection = ws.protection
        assert protection.sheet, ws.title
        assert protection.password is None and protection.hashValue is None, ws.title
        assert not protection.formatCells and not protection.formatColumns and not protection.formatRows


def test_inputs_unlocked_and_labels_formulas_locked(wb):
    ws = wb[layout.SHEET_ASSESSMENT]
    for number in (1, 31, 32, 47):
        for header in (*AGENCY_INPUTS, *ASSESSOR_INPUTS):
            assert not cell_of(ws, number, header).protection.locked, (number, header)
        for header in (layout.COL_NUMBER, layout.COL_DOMAIN, layout.COL_ASPECT, layout.COL_NAME, COL_FINAL):
            assert cell_of(ws, number, header).protection.locked, (number, header)
    header_row, _ = find_header(ws)
    assert all(cell.protection.locked for cell in ws[header_row])
    identity = wb[layout.SHEET_IDENTITY]
    for label in layout.IDENTITY_LABELS:
        value = identity_cell(identity, label)
        assert not value.protection.locked
        assert identity.cell(value.row, 1).protection.locked
    for title in (layout.SHEET_GUIDE, layout.SHEET_CRITERIA):
        assert all(cell.protection.locked for row in wb[title].iter_rows() for cell in row)


def test_input_cells_are_coloured_by_who_fills_them(wb):
    ws = wb[layout.SHEET_ASSESSMENT]
    agency = {cell_of(ws, 7, header).fill.fgColor.rgb for header in AGENCY_INPUTS}
    assessor = {cell_of(ws, 7, header).fill.fgColor.rgb for header in ASSESSOR_INPUTS}
    assert len(agency) == 1 and len(assessor) == 1 and agency != assessor


def test_meta_sheet_and_document_properties_carry_framework_and_template_version(wb):
    expected = {
        layout.META_FRAMEWORK: FW.id,
        layout.META_FRAMEWORK_VERSION: FW.version,
        layout.META_TEMPLATE_VERSION: layout.TEMPLATE_VERSION,
        layout.META_GENERATOR: GENERATOR,
    }
    assert meta(wb) == expected
    assert GENERATOR.startswith("spbe-reports ")
    props = {prop.name: prop.value for prop in wb.custom_doc_props}
    assert props == expected


def test_lists_sheet_holds_one_list_per_scale_and_the_agency_kinds(wb):
    ws = wb[layout.SHEET_LISTS]
    columns = {ws.cell(1, col).value: col for col in range(1, ws.max_column + 1)}
    for scale in FW.scales:
        col = columns[scale.name]
        values = [ws.cell(row, col).value for row in range(2, 2 + len(scale.levels))]
        assert values == [f"{lv.number} - {lv.name}" for lv in scale.levels]
    assert [ws.cell(row, columns[layout.ID_KIND]).value for row in range(2, 7)] == list(layout.AGENCY_KINDS)


def test_criteria_sheet_lists_every_indicator_level_and_explanation(wb):
    ws = wb[layout.SHEET_CRITERIA]
    rows = [[cell.value for cell in row] for row in ws.iter_rows(min_col=1, max_col=4)]
    headings = {row[0]: i for i, row in enumerate(rows) if row[1] == "Indikator"}
    assert list(headings) == [ind.number for ind in FW.indicators]
    for indicator in FW.indicators:
        start = headings[indicator.number]
        block = rows[start : start + 2 + len(indicator.levels)]
        assert block[0][2] == indicator.name
        assert block[1][1:3] == ["Penjelasan", indicator.description]
        for level, row in zip(indicator.levels, block[2:]):
            assert row[1] == level_label(level.number, level.name)
            assert row[2] == level.criteria
            assert all(item in row[3] for item in level.evidence)


def test_guide_explains_roles_cumulative_levels_and_unprotecting(wb):
    text = "\n".join(str(row[0].value) for row in wb[layout.SHEET_GUIDE].iter_rows(max_col=1) if row[0].value)
    for phrase in (
        "Tingkat Mandiri, Penjelasan, dan Bukti Pendukung",
        "Tingkat Dokumen, Tingkat Interviu, dan Tingkat Visitasi",
        "Catatan Asesor",
        "kumulatif",
        "Unprotect Sheet",
        "Tidak ada kata sandi",
        "Jangan mengganti nama lembar",
        "Indikator 1–31 memakai skala Kapabilitas Proses",
        "Indikator 32–47 memakai skala Kapabilitas Fungsi Teknis",
        "indikator 45–47",
    ):
        assert phrase in text, phrase


def test_form_layout_freezes_header_and_prints_landscape_fit_to_width(wb):
    ws = wb[layout.SHEET_ASSESSMENT]
    header_row, _ = find_header(ws)
    first_input = cell_of(ws, 1, layout.STAGE_HEADERS["mandiri"])
    assert ws.freeze_panes == first_input.coordinate
    assert first_input.row == header_row + 1
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.replace("$", "") == f"{header_row}:{header_row}"
    assert ws.column_dimensions["D"].width >= 30
    assert cell_of(ws, 1, layout.COL_NAME).alignment.wrap_text
    assert all(ws.row_dimensions[cell_of(ws, n, layout.COL_NAME).row].height >= 30 for n in (1, 47))


def test_output_is_deterministic_for_the_same_inputs():
    def snapshot(workbook):
        cells = {
            (ws.title, cell.coordinate): (cell.value, cell.protection.locked, cell.fill.fgColor.rgb)
            for ws in workbook.worksheets
            for row in ws.iter_rows()
            for cell in row
        }
        validations = {
            ws.title: sorted((str(dv.sqref), dv.formula1, dv.error) for dv in ws.data_validations.dataValidation)
            for ws in workbook.worksheets
        }
        return cells, validations

    assert snapshot(build_workbook(FW, KOMINFO, 2026)) == snapshot(build_workbook(FW, KOMINFO, 2026))


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "out" / "a.xlsx"
    write_workbook(FW, target)
    assert [p.name for p in target.parent.iterdir()] == ["a.xlsx"]


@pytest.mark.parametrize(
    ("agency", "year", "expected"),
    [
        (KOMINFO, 2026, "Penilaian SPBE 2026 - Dinas Komunikasi dan Informatika.xlsx"),
        (None, 2026, "Penilaian SPBE 2026.xlsx"),
        (None, None, "Penilaian SPBE.xlsx"),
        (Agency('Badan "A"/B: Kota*? <X>|'), 2026, "Penilaian SPBE 2026 - Badan A -B Kota X.xlsx"),
        (Agency("..."), 2026, "Penilaian SPBE 2026.xlsx"),
        (Agency("  Dinas\tPendidikan \n"), 2025, "Penilaian SPBE 2025 - Dinas Pendidikan.xlsx"),
    ],
)
def test_workbook_filename_is_filesystem_safe(agency, year, expected):
    assert workbook_filename(agency, year) == expected


def test_workbook_filename_limits_length():
    name = workbook_filename(Agency("Dinas " * 60), 2026)
    assert len(name) <= 130 and name.endswith(".xlsx") and not re.search(r'[\\/:*?"<>|]', name)


# --------------------------------------------------------------------------------------------
# filler


def test_filler_sets_identity_by_label_and_cells_by_indicator_and_header(written, tmp_path):
    out = fill_workbook(
        written,
        tmp_path / "filled.xlsx",
        identity={"nama instansi ": "Dinas Kesehatan", layout.ID_SERVICE.format(n=1): "Perizinan Daring"},
        rows={
            12: {"Tingkat Mandiri": "3 - Terdefinisi", "Penjelasan": "Sudah ditetapkan.", "tingkat dokumen": 2},
            47: {layout.COL_TARGET: 4, layout.COL_NOTE: "Perlu bukti tambahan."},
        },
    )
    wb = load_workbook(out)
    identity, ws = wb[layout.SHEET_IDENTITY], wb[layout.SHEET_ASSESSMENT]
    assert identity_cell(identity, layout.ID_NAME).value == "Dinas Kesehatan"
    assert identity_cell(identity, layout.ID_SERVICE.format(n=1)).value == "Perizinan Daring"
    assert identity_cell(identity, layout.ID_YEAR).value == 2026  # untouched prefill
    assert cell_of(ws, 12, "Tingkat Mandiri").value == "3 - Terdefinisi"
    assert cell_of(ws, 12, "Penjelasan").value == "Sudah ditetapkan."
    assert cell_of(ws, 12, "Tingkat Dokumen").value == 2
    assert cell_of(ws, 47, layout.COL_TARGET).value == 4
    assert cell_of(ws, 47, layout.COL_NOTE).value == "Perlu bukti tambahan."
    assert cell_of(ws, 11, "Tingkat Mandiri").value is None
    # the form survives: validations, protection, meta
    assert validation_of(ws, cell_of(ws, 12, "Tingkat Mandiri").coordinate).type == "list"
    assert ws.protection.sheet and wb[layout.SHEET_META].sheet_state == "hidden"
    assert meta(wb)[layout.META_FRAMEWORK] == FW.id
    assert {p.name for p in wb.custom_doc_props} >= {layout.META_FRAMEWORK, layout.META_TEMPLATE_VERSION}
    # the template itself is unchanged
    assert identity_cell(load_workbook(written)[layout.SHEET_IDENTITY], layout.ID_NAME).value == KOMINFO.name


def test_filler_clears_a_cell_given_none(written, tmp_path):
    filled = fill_workbook(written, tmp_path / "isi.xlsx", rows={12: {"Tingkat Mandiri": 3, "Penjelasan": "Ada."}})
    cleared = fill_workbook(
        filled, tmp_path / "kosong.xlsx", identity={layout.ID_NAME: None}, rows={12: {"Tingkat Mandiri": None}}
    )
    wb = load_workbook(cleared)
    ws = wb[layout.SHEET_ASSESSMENT]
    assert identity_cell(wb[layout.SHEET_IDENTITY], layout.ID_NAME).value is None  # the prefilled name is gone
    assert cell_of(ws, 12, "Tingkat Mandiri").value is None
    assert cell_of(ws, 12, "Penjelasan").value == "Ada."  # not named, not touched
    assert cell_of(load_workbook(filled)[layout.SHEET_ASSESSMENT], 12, "Tingkat Mandiri").value == 3  # input kept


@pytest.mark.parametrize(
    ("identity", "rows", "message"),
    [
        ({"Nama Kepala Dinas": "x"}, {}, "Nama Kepala Dinas"),
        ({}, {99: {"Tingkat Mandiri": 3}}, "indikator 99"),
        ({}, {1: {"Tingkat Akhir": 3}}, "Tingkat Akhir"),
    ],
)
def test_filler_refuses_unknown_labels_headers_and_indicators(written, tmp_path, identity, rows, message):
    with pytest.raises(KeyError, match=message):
        fill_workbook(written, tmp_path / "x.xlsx", identity=identity, rows=rows)
    assert not (tmp_path / "x.xlsx").exists()


# --------------------------------------------------------------------------------------------
# LibreOffice


def _soffice_convert(source: Path, outdir: Path, target: str, profile: Path) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    converted = outdir / f"{source.stem}.{target.split(':')[0]}"
    assert converted.exists(), result.stderr.decode(errors="replace")
    return converted


@needs_soffice
def test_libreoffice_keeps_validations_content_and_computes_formulas(written, tmp_path):
    filled = fill_workbook(
        written,
        tmp_path / "in" / "filled.xlsx",
        identity={layout.ID_SERVICE.format(n=1): "Perizinan Daring"},
        rows={
            1: {"Tingkat Mandiri": "2 - Terkelola", "Tingkat Dokumen": "3 - Terdefinisi"},
            2: {"Tingkat Mandiri": "4 - Terpadu dan Terukur"},
        },
    )
    converted = _soffice_convert(filled, tmp_path / "out", "xlsx", tmp_path / "lo-profile")
    wb = load_workbook(converted)
    assert wb.sheetnames[:4] == [
        layout.SHEET_IDENTITY,
        layout.SHEET_ASSESSMENT,
        layout.SHEET_GUIDE,
        layout.SHEET_CRITERIA,
    ]
    assert meta(wb)[layout.META_FRAMEWORK] == FW.id
    assert wb[layout.SHEET_META].sheet_state != "visible"
    assert {p.name: p.value for p in wb.custom_doc_props}[layout.META_TEMPLATE_VERSION] == layout.TEMPLATE_VERSION

    identity, ws = wb[layout.SHEET_IDENTITY], wb[layout.SHEET_ASSESSMENT]
    assert identity_cell(identity, layout.ID_NAME).value == KOMINFO.name
    assert str(identity_cell(identity, layout.ID_CODE).value) == "0012"
    assert validation_of(identity, identity_cell(identity, layout.ID_KIND).coordinate).type == "list"
    header_row, _ = find_header(ws)
    assert header_row <= layout.HEADER_SEARCH_ROWS
    assert cell_of(ws, 1, "Tingkat Mandiri").value == "2 - Terkelola"
    for indicator in (FW.indicator(1), FW.indicator(40)):
        for header in LEVEL_HEADERS:
            dv = validation_of(ws, cell_of(ws, indicator.number, header).coordinate)
            assert dv.type == "list"
            assert list_values(wb, dv.formula1) == [level_label(lv.number, lv.name) for lv in indicator.scale.levels]
            assert dv.showErrorMessage
    assert ws.protection.sheet and not cell_of(ws, 1, "Penjelasan").protection.locked

    values = load_workbook(converted, data_only=True)[layout.SHEET_ASSESSMENT]
    assert cell_of(values, 1, COL_FINAL).value == "3 - Terdefinisi"
    assert cell_of(values, 2, COL_FINAL).value == "4 - Terpadu dan Terukur"
    assert cell_of(values, 3, COL_FINAL).value in (None, "")
    assert cell_of(values, 45, layout.COL_NAME).value.endswith("Layanan: Perizinan Daring")
    assert "lembar Identitas" in cell_of(values, 46, layout.COL_NAME).value
