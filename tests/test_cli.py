"""The command line end to end: template -> fill -> generate, exit codes and messages."""

import json
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner
from conftest import FW

from spbe_reports.cli import cli
from spbe_reports.workbook import layout
from spbe_reports.workbook.filler import fill_workbook


def invoke(*args):
    # A wide terminal, so that rich does not fold a problem code across two lines.
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "200"})


def docx_text(path: Path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def fill(template: Path, out: Path, levels: dict[int, int], name="Dinas Uji") -> Path:
    rows = {
        n: {layout.STAGE_HEADERS["mandiri"]: v, layout.COL_EXPLANATION: "ada", layout.COL_EVIDENCE: "ada"}
        for n, v in levels.items()
    }
    identity = {
        layout.ID_NAME: name,
        layout.ID_KIND: "Perangkat Daerah",
        layout.ID_YEAR: 2026,
        **{layout.ID_SERVICE.format(n=k): f"Layanan {k}" for k in (1, 2, 3)},
    }
    return fill_workbook(template, out, identity=identity, rows=rows)


def test_template_then_fill_then_generate_gives_the_methods_indices(tmp_path):
    result = invoke("template", "-o", tmp_path / "dibagikan", "--instansi", "Dinas Uji", "--tahun", 2026)
    assert result.exit_code == 0, result.output
    [template] = (tmp_path / "dibagikan").glob("*.xlsx")
    # Services (32-47, 45,5 % of the index) at level 3, everything else at level 1:
    # 54,5 x 1 / 100 + 45,5 x 3 / 100 = 1,91 -> Cukup.
    levels = {ind.number: 3 if ind.number >= 32 else 1 for ind in FW.indicators}
    fill(template, tmp_path / "masuk" / "uji.xlsx", levels)
    result = invoke("generate", tmp_path / "masuk", "-o", tmp_path / "keluar", "-q")
    assert result.exit_code == 0, result.output

    entry = json.loads((tmp_path / "keluar" / "hasil.json").read_text(encoding="utf-8"))["workbooks"][0]
    assert (entry["index"], entry["index_exact"], entry["rating"]) == (1.91, "1.91", "Cukup")
    assert entry["domains"] == {"1": 1.0, "2": 1.0, "3": 1.0, "4": 3.0}
    assert entry["stages"] == {"mandiri": {"index": 1.91, "rating": "Cukup"}}

    ringkasan = openpyxl.load_workbook(tmp_path / "keluar" / "rekap.xlsx")["Ringkasan"]
    values = [cell.value for row in ringkasan.iter_rows() for cell in row]
    assert 1.91 in values and "Cukup" in values

    text = docx_text(tmp_path / "keluar" / entry["report"])
    assert "1,91" in text and "Cukup" in text and "Dinas Uji" in text
    # The road to Baik (2,60) agrees between hasil.json and the report.
    road = entry["road"]
    assert road["to_rating"] == "Baik" and road["index_after"] >= 2.60
    assert f"{road['index_after']:.2f}".replace(".", ",") in text


def test_all_levels_three_give_3_00_baik_in_every_output(tmp_path):
    invoke("template", "-o", tmp_path, "--tahun", 2026)
    [template] = tmp_path.glob("*.xlsx")
    fill(template, tmp_path / "masuk" / "a.xlsx", dict.fromkeys(range(1, 48), 3))
    assert invoke("generate", tmp_path / "masuk", "-o", tmp_path / "keluar", "-q").exit_code == 0
    entry = json.loads((tmp_path / "keluar" / "hasil.json").read_text(encoding="utf-8"))["workbooks"][0]
    assert (entry["index"], entry["rating"]) == (3.0, "Baik")
    text = docx_text(tmp_path / "keluar" / entry["report"])
    assert "3,00" in text and "Baik" in text


def test_a_rejected_workbook_gives_exit_1_and_the_others_are_still_reported(tmp_path, make_workbook):
    make_workbook(tmp_path / "masuk" / "baik.xlsx", "Dinas Baik")
    (tmp_path / "masuk" / "rusak.xlsx").write_bytes(b"%PDF-1.4 bukan buku kerja")
    result = invoke("generate", tmp_path / "masuk", "-o", tmp_path / "keluar", "-q")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "DITOLAK" in result.output and "not-a-workbook" in result.output and "Dinas Baik" in result.output
    entries = {e["source"]: e for e in json.loads((tmp_path / "keluar" / "hasil.json").read_text())["workbooks"]}
    assert entries["baik.xlsx"]["status"] == "ok" and (tmp_path / "keluar" / entries["baik.xlsx"]["report"]).is_file()
    assert entries["rusak.xlsx"]["status"] == "rejected" and "index" not in entries["rusak.xlsx"]
    assert entries["rusak.xlsx"]["errors"][0]["code"] == "not-a-workbook"


def test_validate_prints_problems_and_json(tmp_path, make_workbook):
    make_workbook(tmp_path / "baik.xlsx", "Dinas Baik")
    make_workbook(tmp_path / "kosong.xlsx", "Dinas Kosong", levels={n: 3 for n in range(1, 47)})
    result = invoke("validate", tmp_path)
    assert result.exit_code == 1
    assert "missing-level" in result.output and "Penilaian" in result.output
    assert not (tmp_path / "hasil.json").exists()

    result = invoke("validate", tmp_path, "--json")
    data = json.loads(result.output)
    statuses = {w["source"]: w["status"] for w in data["workbooks"]}
    assert statuses == {"baik.xlsx": "ok", "kosong.xlsx": "rejected"}
    assert result.exit_code == 1


def test_validate_exit_0_when_every_workbook_is_good(tmp_path, make_workbook):
    make_workbook(tmp_path / "baik.xlsx", "Dinas Baik")
    assert invoke("validate", tmp_path).exit_code == 0


def test_usage_errors_exit_2(tmp_path):
    assert invoke("generate", tmp_path / "tidak-ada").exit_code == 2
    assert invoke("generate", tmp_path, "--target", "tujuh").exit_code == 2
    assert invoke("generate", tmp_path, "--target-indeks", "9").exit_code == 2
    assert invoke("generate", tmp_path, "--tidak-dikenal").exit_code == 2
    result = invoke("template", "-o", tmp_path, "--daftar", tmp_path / "tidak-ada.csv")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_template_from_an_agency_list(tmp_path):
    daftar = tmp_path / "daftar.csv"
    daftar.write_text(
        "Nama Instansi;Jenis Instansi;Kode Instansi\nDinas A;Perangkat Daerah;01\nDinas B;Perangkat Daerah;02\n",
        encoding="utf-8",
    )
    result = invoke("template", "-o", tmp_path / "wb", "--daftar", daftar, "--tahun", 2027)
    assert result.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "wb").glob("*.xlsx"))
    assert names == ["Penilaian SPBE 2027 - Dinas A.xlsx", "Penilaian SPBE 2027 - Dinas B.xlsx"]
    identitas = openpyxl.load_workbook(tmp_path / "wb" / names[1])["Identitas"]
    values = {row[0]: row[1] for row in identitas.iter_rows(values_only=True)}
    assert (
        values["Nama Instansi"] == "Dinas B" and values["Kode Instansi"] == "02" and values["Tahun Penilaian"] == 2027
    )


def test_an_empty_input_folder_changes_nothing_and_says_why(tmp_path):
    (tmp_path / "masuk").mkdir()
    (tmp_path / "keluar").mkdir()
    (tmp_path / "keluar" / "hasil.json").write_text("lama", encoding="utf-8")
    result = invoke("generate", tmp_path / "masuk", "-o", tmp_path / "keluar", "-q")
    assert result.exit_code == 2 and "Tidak ada buku kerja" in result.output
    assert [p.name for p in (tmp_path / "keluar").iterdir()] == ["hasil.json"]
    assert (tmp_path / "keluar" / "hasil.json").read_text(encoding="utf-8") == "lama"
    assert invoke("validate", tmp_path / "masuk").exit_code == 2


def test_template_never_overwrites_a_workbook_unless_asked(tmp_path):
    invoke("template", "-o", tmp_path, "--instansi", "Dinas A", "--tahun", 2026)
    [path] = tmp_path.glob("*.xlsx")
    path.write_bytes(b"sudah diisi")
    result = invoke("template", "-o", tmp_path, "--instansi", "Dinas A", "--tahun", 2026)
    assert result.exit_code == 0 and "dilewati" in result.output and path.read_bytes() == b"sudah diisi"
    assert invoke("template", "-o", tmp_path, "--instansi", "Dinas A", "--tahun", 2026, "--timpa").exit_code == 0
    assert path.read_bytes() != b"sudah diisi"


def test_output_folder_equal_to_input_folder_and_impossible_target_are_usage_errors(tmp_path, make_workbook):
    make_workbook(tmp_path / "a.xlsx", "Dinas A")
    result = invoke("generate", tmp_path, "-o", tmp_path)
    assert result.exit_code == 2 and "sama dengan folder masukan" in result.output
    assert invoke("generate", tmp_path, "-o", tmp_path / "out", "--target", 6).exit_code == 2
    assert not (tmp_path / "out").exists()
