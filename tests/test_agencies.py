"""Reading the list of agencies (--daftar): CSV with comma or semicolon, or XLSX."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from spbe_reports.agencies import Agency, AgencyListError, read_agency_list
from spbe_reports.errors import SpbeError


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.create_sheet("Lain").append(["Nama Instansi"])  # only the first sheet counts
    wb.save(path)
    return path


def test_csv_with_commas(tmp_path):
    path = write_csv(
        tmp_path / "daftar.csv",
        "Nama Instansi,Jenis Instansi,Kode Instansi\n"
        "Dinas Komunikasi dan Informatika,Pemerintah Kota,0012\n"
        '"Badan Perencanaan, Penelitian dan Pengembangan",Pemerintah Kota,0100\n',
    )
    assert read_agency_list(path) == [
        Agency("Dinas Komunikasi dan Informatika", "Pemerintah Kota", "0012"),
        Agency("Badan Perencanaan, Penelitian dan Pengembangan", "Pemerintah Kota", "0100"),
    ]


def test_csv_with_semicolons_and_bom_as_excel_saves_it(tmp_path):
    path = write_csv(
        tmp_path / "daftar.csv",
        "\ufeffNama Instansi;Jenis Instansi;Kode Instansi\r\n"
        "Dinas Kesehatan, Pengendalian Penduduk;perangkat daerah;007\r\n"
        ";;\r\n"
        "  Sekretariat Daerah  ;;\r\n",
    )
    assert read_agency_list(path) == [
        Agency("Dinas Kesehatan, Pengendalian Penduduk", "Perangkat Daerah", "007"),
        Agency("Sekretariat Daerah", "", ""),
    ]


def test_csv_with_only_names_and_headers_in_any_case(tmp_path):
    path = write_csv(tmp_path / "daftar.csv", "  NAMA   instansi \nKota A\n\nKota B\n")
    assert read_agency_list(path) == [Agency("Kota A"), Agency("Kota B")]


def test_xlsx_keeps_leading_zeros_and_finds_header_below_a_title(tmp_path):
    path = write_xlsx(
        tmp_path / "daftar.xlsx",
        [
            ["Daftar Instansi Peserta Evaluasi SPBE 2026"],
            [],
            ["No", "Kode Instansi", "nama instansi", "JENIS INSTANSI"],
            [1, "0012", " Dinas Komunikasi dan Informatika ", "Pemerintah Kota"],
            [None, None, None, None],
            [2, 345, "Pemerintah Provinsi Contoh", "pemerintah provinsi"],
        ],
    )
    assert read_agency_list(path) == [
        Agency("Dinas Komunikasi dan Informatika", "Pemerintah Kota", "0012"),
        Agency("Pemerintah Provinsi Contoh", "Pemerintah Provinsi", "345"),
    ]


def test_error_is_a_setup_error():
    assert issubclass(AgencyListError, SpbeError)


def test_missing_file(tmp_path):
    with pytest.raises(AgencyListError, match="tidak ditemukan.*tidak-ada.csv"):
        read_agency_list(tmp_path / "tidak-ada.csv")


@pytest.mark.parametrize("name", ["daftar.xls", "daftar.ods", "daftar.txt"])
def test_unsupported_extension(tmp_path, name):
    path = write_csv(tmp_path / name, "Nama Instansi\nKota A\n")
    with pytest.raises(AgencyListError, match=rf"{name} tidak didukung.*\.csv.*\.xlsx"):
        read_agency_list(path)


def test_missing_name_column(tmp_path):
    path = write_csv(tmp_path / "daftar.csv", "Instansi;Jenis Instansi\nKota A;Pemerintah Kota\n")
    with pytest.raises(AgencyListError, match="daftar.csv tidak memiliki kolom 'Nama Instansi'"):
        read_agency_list(path)


def test_missing_name_column_in_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "daftar.xlsx", [["Nama", "Kode"], ["Kota A", "1"]])
    with pytest.raises(AgencyListError, match="daftar.xlsx tidak memiliki kolom 'Nama Instansi'"):
        read_agency_list(path)


@pytest.mark.parametrize("text", ["", "Nama Instansi\n", "Nama Instansi;Kode Instansi\n;\n\n"])
def test_empty_list(tmp_path, text):
    path = write_csv(tmp_path / "daftar.csv", text)
    with pytest.raises(AgencyListError, match="daftar.csv"):
        read_agency_list(path)


def test_empty_list_message_says_no_agency(tmp_path):
    path = write_csv(tmp_path / "daftar.csv", "Nama Instansi\n\n")
    with pytest.raises(AgencyListError, match="tidak memuat satu pun instansi"):
        read_agency_list(path)


def test_unknown_kind_names_the_row_and_the_allowed_kinds(tmp_path):
    path = write_csv(
        tmp_path / "daftar.csv",
        "Nama Instansi,Jenis Instansi\nKota A,Pemerintah Kota\nKabupaten B,Pemkab\n",
    )
    with pytest.raises(AgencyListError) as caught:
        read_agency_list(path)
    message = str(caught.value)
    assert "daftar.csv, baris 3" in message and "'Pemkab'" in message
    assert "Instansi Pusat, Pemerintah Provinsi, Pemerintah Kabupaten, Pemerintah Kota, Perangkat Daerah" in message


def test_unknown_kind_in_xlsx_names_the_sheet_row(tmp_path):
    path = write_xlsx(tmp_path / "daftar.xlsx", [["Judul"], ["Nama Instansi", "Jenis Instansi"], ["Kota A", "Kota"]])
    with pytest.raises(AgencyListError, match="baris 3: Jenis Instansi 'Kota' tidak dikenal"):
        read_agency_list(path)


def test_row_without_name_is_an_error(tmp_path):
    path = write_csv(tmp_path / "daftar.csv", "Nama Instansi,Kode Instansi\nKota A,1\n,2\n")
    with pytest.raises(AgencyListError, match="baris 3: kolom 'Nama Instansi' kosong"):
        read_agency_list(path)


def test_csv_not_utf8(tmp_path):
    path = write_csv(tmp_path / "daftar.csv", "Nama Instansi\nDinas Pariwisata Kab. Ñ\n", encoding="cp1252")
    with pytest.raises(AgencyListError, match="bukan teks UTF-8"):
        read_agency_list(path)


def test_csv_with_a_broken_row(tmp_path):
    path = write_csv(tmp_path / "daftar.csv", 'Nama Instansi,Kode Instansi\n"Kota A,1\nKota B,2\n')
    with pytest.raises(AgencyListError, match="daftar.csv tidak dapat dibaca sebagai CSV"):
        read_agency_list(path)


def test_damaged_xlsx(tmp_path):
    path = write_csv(tmp_path / "daftar.xlsx", "bukan berkas excel")
    with pytest.raises(AgencyListError, match="daftar.xlsx tidak dapat dibaca sebagai .xlsx"):
        read_agency_list(path)


def test_an_oversized_list_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    from spbe_reports import agencies

    monkeypatch.setattr(agencies, "MAX_LIST_BYTES", 100)
    path = write_csv(tmp_path / "daftar.csv", "Nama Instansi\n" + "Dinas A\n" * 50)
    with pytest.raises(AgencyListError, match="melebihi batas"):
        read_agency_list(path)


def test_a_list_with_more_rows_than_there_are_agencies_is_refused(tmp_path, monkeypatch):
    from spbe_reports import agencies

    monkeypatch.setattr(agencies, "MAX_AGENCIES", 3)
    path = write_csv(tmp_path / "daftar.csv", "Nama Instansi\n" + "".join(f"Dinas {i}\n" for i in range(4)))
    with pytest.raises(AgencyListError, match="lebih dari 3 baris"):
        read_agency_list(path)


def test_an_xlsx_list_that_is_a_zip_bomb_is_refused_before_openpyxl(tmp_path):
    import zipfile

    path = tmp_path / "daftar.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(AgencyListError, match="daftar.xlsx tidak dapat dibaca sebagai .xlsx"):
        read_agency_list(path)
