"""The report settings file (pengaturan.xlsx): template, reading, every mistake a coordinator makes, wiring."""

import json
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from spbe_reports import batch, settings
from spbe_reports.cli import _summary_title, cli
from spbe_reports.settings import (
    SETTINGS_NAME,
    Settings,
    SettingsError,
    Signatory,
    find_settings,
    read_settings,
    write_settings_template,
)

SOFFICE = shutil.which("soffice")

FIELDS = {
    "Instansi Penerbit": "Pemerintah Kabupaten Sukamaju",
    "Unit Penerbit": "Tim Koordinasi SPBE",
    "Alamat": "Jl. Merdeka No. 1\nSukamaju 45111",
    "Kontak": "Telp. (0231) 123456, surel spbe@sukamajukab.go.id",
    "Berkas Logo": "logo.png",
    "Tempat Penandatanganan": "Sukamaju",
}
LEAD = ("Asesor", "Ketua Tim Asesor", "Dra. Siti Aminah, M.Si.", "19700101 199503 2 001", "Pembina Utama Muda, IV/c")
MEMBER = ("Asesor", "Anggota Tim Asesor", "Rudi Hartono, S.Kom.", "", "")
COORDINATOR = (
    "Koordinator",
    "Sekretaris Daerah selaku Koordinator SPBE",
    "Ir. Bambang Sutrisno, M.T.",
    "196805121994031004",
    "",
)


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "200"})


def make_logo(path: Path, fmt: str = "PNG") -> Path:
    Image.new("RGB", (60, 40), (31, 78, 120)).save(path, fmt)
    return path


def fill(path: Path, fields: dict | None = None, rows: list | None = None) -> Path:
    """Fill a settings file the way a coordinator does in Excel: values beside labels, one row per signatory."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Pengaturan"]
    for label in fields or {}:
        [row] = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == label]
        sheet.cell(row, 2).value = fields[label]
    signers = workbook["Penanda Tangan"]
    for r, values in enumerate(rows or [], start=4):
        for c, value in enumerate(values, start=1):
            signers.cell(r, c).value = value
    workbook.save(path)
    return path


@pytest.fixture
def template(tmp_path) -> Path:
    return write_settings_template(tmp_path / SETTINGS_NAME)


@pytest.fixture
def filled(template) -> Path:
    make_logo(template.parent / "logo.png")
    return fill(template, FIELDS, [LEAD, MEMBER, COORDINATOR])


def problems_of(path: Path) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        read_settings(path)
    return list(caught.value.problems)


# --- the file and reading it back --------------------------------------------------------------


def test_a_filled_template_reads_back_every_field_and_signatory(filled):
    result = read_settings(filled)
    assert result.issuer == "Pemerintah Kabupaten Sukamaju" and result.unit == "Tim Koordinasi SPBE"
    assert result.address == "Jl. Merdeka No. 1\nSukamaju 45111" and result.place == "Sukamaju"
    assert result.contact.startswith("Telp. (0231)")
    assert result.logo == (filled.parent / "logo.png").absolute() and result.logo.is_absolute()
    assert result.assessors == (
        Signatory(
            "asesor", "Ketua Tim Asesor", "Dra. Siti Aminah, M.Si.", "197001011995032001", "Pembina Utama Muda, IV/c"
        ),
        Signatory("asesor", "Anggota Tim Asesor", "Rudi Hartono, S.Kom."),
    )
    assert result.coordinator == Signatory(
        "koordinator", "Sekretaris Daerah selaku Koordinator SPBE", "Ir. Bambang Sutrisno, M.T.", "196805121994031004"
    )
    assert result.source == filled


def test_an_untouched_template_means_no_kop_and_blank_signatures(template):
    assert read_settings(template) == Settings(source=template)


def test_empty_rows_between_signatories_are_ignored_and_order_is_kept(template):
    empty = (None, None, None, None, None)
    fill(template, rows=[empty, MEMBER, empty, LEAD])
    assert [s.position for s in read_settings(template).assessors] == ["Anggota Tim Asesor", "Ketua Tim Asesor"]


def test_roles_and_labels_are_matched_without_regard_to_case_and_spaces(template):
    workbook = openpyxl.load_workbook(template)
    workbook["Pengaturan"]["A4"] = "  instansi PENERBIT: "
    workbook.save(template)
    fill(template, {"  instansi PENERBIT: ": "Pemerintah Kota Mekarsari"}, [(" koordinator ", "Sekda", "Budi")])
    result = read_settings(template)
    assert result.issuer == "Pemerintah Kota Mekarsari" and result.coordinator.name == "Budi"


def test_the_template_is_ready_for_input_in_a_spreadsheet_app(template):
    workbook = openpyxl.load_workbook(template)
    assert workbook.sheetnames == ["Pengaturan", "Penanda Tangan", "Petunjuk"]
    signers = workbook["Penanda Tangan"]
    assert [c.value for c in signers[3]] == ["Peran", "Jabatan", "Nama", "NIP", "Pangkat/Golongan"]
    assert all(signers.cell(r, 4).number_format == "@" for r in range(4, 10))  # NIP stays text
    [roles] = signers.data_validations.dataValidation
    assert roles.formula1 == '"Asesor,Koordinator"' and "A4" in str(roles.sqref)
    assert signers.freeze_panes == "A4" and int(signers.page_setup.paperSize) == 9  # A4
    labels = [workbook["Pengaturan"].cell(r, 1).value for r in range(4, 10)]
    assert labels == list(FIELDS)
    assert all(workbook["Pengaturan"].cell(r, 3).value for r in range(4, 10))  # a hint per field
    guide = " ".join(str(c.value) for c in workbook["Petunjuk"]["A"] if c.value)
    assert "Koordinator" in guide and "ringkasan.docx" in guide and "Kepala" in guide.title()


def test_the_template_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / SETTINGS_NAME
    target.write_bytes(b"lama")

    def disk_full(self, path):
        Path(path).write_bytes(b"setengah")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", disk_full)
    with pytest.raises(OSError):
        write_settings_template(target)
    assert target.read_bytes() == b"lama" and [p.name for p in tmp_path.iterdir()] == [SETTINGS_NAME]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_settings_file_saved_again_by_libreoffice_still_reads(filled, tmp_path):
    out = tmp_path / "disimpan-ulang"
    profile = (tmp_path / "profil").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    resaved = out / SETTINGS_NAME
    make_logo(out / "logo.png")
    result = read_settings(resaved)
    assert result.issuer == FIELDS["Instansi Penerbit"] and result.logo == (out / "logo.png").absolute()
    assert [s.nip for s in result.assessors] == ["197001011995032001", ""]
    assert result.coordinator.name == "Ir. Bambang Sutrisno, M.T."


# --- mistakes, each named by its scenario -----------------------------------------------------


def test_missing_file_says_how_to_make_one(tmp_path):
    [message] = problems_of(tmp_path / "tidak-ada.xlsx")
    assert "tidak ditemukan" in message and "spbe pengaturan" in message


@pytest.mark.parametrize(
    "content, words",
    [(b"Nama;NIP\nBudi;123\n", "bukan buku kerja Excel"), (b"PK\x03\x04 terpotong", "rusak")],
    ids=["csv-named-xlsx", "truncated-zip"],
)
def test_a_file_that_is_not_a_workbook_is_refused(tmp_path, content, words):
    path = tmp_path / SETTINGS_NAME
    path.write_bytes(content)
    with pytest.raises(SettingsError) as caught:
        read_settings(path)
    assert words in str(caught.value) and str(path) in str(caught.value)


def test_missing_sheet_is_named(template):
    workbook = openpyxl.load_workbook(template)
    del workbook["Penanda Tangan"]
    workbook.save(template)
    [message] = problems_of(template)
    assert "lembar Penanda Tangan tidak ada" in message


def test_logo_file_missing_names_the_cell_and_where_it_was_looked_for(template):
    fill(template, {"Berkas Logo": "lambang.png"})
    [message] = problems_of(template)
    assert message.startswith("lembar Pengaturan, sel B8:") and "lambang.png" in message
    assert str(template.parent) in message


@pytest.mark.parametrize(
    "scenario, write, words",
    [
        ("text-named-png", lambda p: p.write_text("bukan gambar"), "bukan gambar PNG atau JPEG"),
        ("gif", lambda p: make_logo(p, "GIF"), "berformat GIF"),
        ("truncated-png", lambda p: p.write_bytes(make_logo(p).read_bytes()[:60]), "rusak"),
        ("over-5-mb", lambda p: p.write_bytes(b"\0" * (5 * 1024 * 1024 + 1)), "melebihi batas 5 MB"),
    ],
)
def test_a_logo_that_is_not_a_usable_png_or_jpeg_is_refused(template, scenario, write, words):
    write(template.parent / "logo.png")
    fill(template, {"Berkas Logo": "logo.png"})
    [message] = problems_of(template)
    assert "sel B8" in message and words in message


def test_jpeg_logo_in_a_subfolder_and_an_absolute_logo_path_are_accepted(template, tmp_path):
    (template.parent / "gambar").mkdir()
    make_logo(template.parent / "gambar" / "lambang.jpg", "JPEG")
    fill(template, {"Berkas Logo": "gambar/lambang.jpg"})
    assert read_settings(template).logo == (template.parent / "gambar" / "lambang.jpg").absolute()
    elsewhere = make_logo(tmp_path / "lain.png")
    fill(template, {"Berkas Logo": str(elsewhere)})
    assert read_settings(template).logo == elsewhere


@pytest.mark.parametrize(
    "nip, words",
    [
        ("19700101 199503 1 0O1", "memuat huruf"),
        ("19700101-199503-1-001", "memuat huruf atau tanda"),
        ("19700101 199503 1 00", "17 angka"),
    ],
    ids=["letter-o-for-zero", "dashes", "seventeen-digits"],
)
def test_a_bad_nip_is_refused_with_its_cell(template, nip, words):
    fill(template, rows=[("Asesor", "Ketua Tim Asesor", "Siti", nip)])
    [message] = problems_of(template)
    assert message.startswith("lembar Penanda Tangan, sel D4:") and words in message


def test_a_nip_typed_as_a_number_is_refused_because_excel_rounded_it(template):
    fill(template, rows=[("Asesor", "Ketua Tim Asesor", "Siti", 1.97001011995032e17)])
    [message] = problems_of(template)
    assert "sel D4" in message and "sebagai angka" in message and "Teks" in message and "petik (')" in message


def test_a_nip_typed_with_an_apostrophe_in_a_text_cell_is_read(template):
    fill(template, rows=[("Asesor", "Ketua Tim Asesor", "Siti", "'197001011995032001")])
    assert read_settings(template).assessors[0].nip == "197001011995032001"


@given(
    st.lists(st.sampled_from(["", " ", "  ", "\u00a0"]), min_size=18, max_size=18),
    st.text("0123456789", min_size=18, max_size=18),
)
def test_any_spacing_inside_an_18_digit_nip_is_removed(spaces, digits):
    spaced = "".join(d + s for d, s in zip(digits, spaces, strict=True))
    problems: list[str] = []
    assert settings._check_nip(spaced, "sel D4", problems) == digits and problems == []


def test_a_signatory_row_with_jabatan_and_nip_but_no_name_is_refused(template):
    fill(template, rows=[("Asesor", "Anggota Tim Asesor", None, "197001011995032001")])
    [message] = problems_of(template)
    assert "sel C4" in message and "Nama kosong" in message


def test_a_signatory_without_jabatan_is_refused(template):
    fill(template, rows=[("Koordinator", None, "Budi")])
    [message] = problems_of(template)
    assert "sel B4" in message and "Jabatan Budi kosong" in message


def test_an_unknown_role_is_refused(template):
    fill(template, rows=[("Ketua", "Ketua Tim Asesor", "Siti")])
    [message] = problems_of(template)
    assert "sel A4" in message and "Peran 'Ketua' tidak dikenal" in message


def test_two_coordinators_are_refused_naming_both_rows(template):
    fill(template, rows=[COORDINATOR, LEAD, ("Koordinator", "Kepala Dinas Kominfo", "Ani")])
    [message] = problems_of(template)
    assert "sel A6" in message and "baris 4, 6" in message


def test_a_telephone_number_typed_as_a_number_is_refused(template):
    fill(template, {"Kontak": 2311234567})
    [message] = problems_of(template)
    assert "sel B7" in message and "Kontak tersimpan sebagai angka" in message


def test_every_problem_is_listed_at_once_one_per_line(template):
    fill(
        template,
        {"Berkas Logo": "tidak-ada.png"},
        [("Ketua", "Ketua Tim", "Siti"), ("Asesor", "Anggota", None, "12ab"), COORDINATOR, COORDINATOR],
    )
    with pytest.raises(SettingsError) as caught:
        read_settings(template)
    lines = str(caught.value).splitlines()
    assert str(template) in lines[0]
    assert len(caught.value.problems) == 5 and lines[1:] == [f"- {p}" for p in caught.value.problems]
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "lembar Pengaturan, sel B8",
        "lembar Penanda Tangan, sel A4",
        "lembar Penanda Tangan, sel C5",
        "lembar Penanda Tangan, sel D5",
        "lembar Penanda Tangan, sel A7",
    ]


# --- where it is looked for --------------------------------------------------------------------


def test_the_settings_file_is_found_in_the_input_folder_whatever_its_case(tmp_path):
    assert find_settings(tmp_path) is None
    (tmp_path / "sub").mkdir()
    write_settings_template(tmp_path / "sub" / SETTINGS_NAME)
    assert find_settings(tmp_path) is None  # only directly in the input folder
    written = write_settings_template(tmp_path / "Pengaturan.XLSX")
    assert find_settings(tmp_path) == written


def test_discovery_skips_the_settings_file_but_not_the_workbooks(tmp_path, make_workbook):
    make_workbook(tmp_path / "Dinas A.xlsx", "Dinas A")
    write_settings_template(tmp_path / "PENGATURAN.xlsx")
    (tmp_path / "kop").mkdir()
    elsewhere = write_settings_template(tmp_path / "kop" / "kop-2026.xlsx")
    assert [p.name for p in batch.discover(tmp_path, settings=elsewhere).paths] == ["Dinas A.xlsx"]
    assert "kop-2026.xlsx" in [p.name for p in batch.discover(tmp_path).paths]


# --- command line and batch -------------------------------------------------------------------


def test_spbe_pengaturan_writes_the_file_and_never_overwrites_it_unless_asked(tmp_path):
    result = invoke("pengaturan", "-o", tmp_path)
    path = tmp_path / SETTINGS_NAME
    assert result.exit_code == 0 and f"ditulis: {path}" in result.output and "Langkah berikutnya" in result.output
    assert read_settings(path) == Settings(source=path)
    fill(path, {"Instansi Penerbit": "Pemerintah Kabupaten Sukamaju"})
    result = invoke("pengaturan", "-o", tmp_path)
    assert result.exit_code == 0 and "dilewati" in result.output and "--timpa" in result.output
    assert read_settings(path).issuer == "Pemerintah Kabupaten Sukamaju"
    assert invoke("pengaturan", "-o", tmp_path, "--timpa").exit_code == 0
    assert read_settings(path).issuer == ""


def test_generate_with_a_bad_settings_file_exits_2_and_writes_nothing(tmp_path, make_workbook, template):
    make_workbook(tmp_path / "masuk" / "a.xlsx", "Dinas A")
    bad = fill(template, rows=[("Asesor", "Ketua", "Siti", "123")])
    out = tmp_path / "keluar"
    result = invoke("generate", tmp_path / "masuk", "-o", out, "--pengaturan", bad, "-q")
    assert result.exit_code == 2 and "sel D4" in result.output and "NIP '123'" in result.output
    assert not out.exists()


def test_generate_without_settings_says_so_and_uses_empty_settings(tmp_path, make_workbook):
    make_workbook(tmp_path / "masuk" / "a.xlsx", "Dinas A")
    result = invoke("generate", tmp_path / "masuk", "-o", tmp_path / "keluar", "-q")
    assert result.exit_code == 0 and "Pengaturan laporan: tidak ada (kop polos" in result.output


def test_generate_reads_the_settings_file_of_the_input_folder(tmp_path, make_workbook):
    make_workbook(tmp_path / "masuk" / "a.xlsx", "Dinas A")
    path = write_settings_template(tmp_path / "masuk" / SETTINGS_NAME)
    make_logo(tmp_path / "masuk" / "logo.png")
    fill(path, FIELDS, [LEAD, COORDINATOR])
    result = batch.run(tmp_path / "masuk", tmp_path / "keluar", batch.Options(jobs=1))
    assert [w.source for w in result.workbooks] == ["a.xlsx"] and result.ok
    assert result.settings_file == path and result.settings.source == path
    assert result.settings.issuer == "Pemerintah Kabupaten Sukamaju" and result.settings.coordinator.name
    assert result.settings.logo == (tmp_path / "masuk" / "logo.png").absolute()


def test_generate_prints_which_settings_file_it_used(tmp_path, make_workbook):
    make_workbook(tmp_path / "masuk" / "a.xlsx", "Dinas A")
    write_settings_template(tmp_path / "masuk" / SETTINGS_NAME)
    result = invoke("generate", tmp_path / "masuk", "-o", tmp_path / "keluar", "-q")
    assert result.exit_code == 0
    assert f"Pengaturan laporan: {tmp_path / 'masuk' / SETTINGS_NAME}" in result.output


def test_validate_reports_the_settings_problems_with_the_workbooks(tmp_path, make_workbook):
    make_workbook(tmp_path / "a.xlsx", "Dinas A")
    path = fill(write_settings_template(tmp_path / SETTINGS_NAME), rows=[("Ketua", "Ketua", "Siti")])
    result = invoke("validate", tmp_path)
    assert result.exit_code == 2 and "1 dapat diproses" in result.output
    assert "belum dapat dipakai" in result.output and "Peran 'Ketua' tidak dikenal" in result.output
    payload = json.loads(invoke("validate", tmp_path, "--json").output)
    assert payload["settings"]["source"] == str(path) and len(payload["settings"]["errors"]) == 1
    assert [w["source"] for w in payload["workbooks"]] == ["a.xlsx"]
    fill(path, rows=[("Asesor", "Ketua Tim Asesor", "Siti")])
    result = invoke("validate", tmp_path)
    assert result.exit_code == 0 and f"Pengaturan laporan: {path}" in result.output


def test_the_run_summary_counts_warnings_and_the_workbooks_that_have_them():
    def workbook(warnings):
        return SimpleNamespace(warnings=[object()] * warnings)

    books = [workbook(4), workbook(0), workbook(2), workbook(1), workbook(0)]
    result = SimpleNamespace(ok=books, rejected=[], workbooks=books)
    assert _summary_title(result) == "Ringkasan: 5 diproses, 0 ditolak, 7 peringatan pada 3 buku kerja"
    clean = SimpleNamespace(ok=books[1:2], rejected=[], workbooks=books[1:2])
    assert _summary_title(clean) == "Ringkasan: 1 diproses, 0 ditolak, tanpa peringatan"
