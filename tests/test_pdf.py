"""PDF conversion with LibreOffice: one call, same-named inputs, no soffice, timeouts."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from spbe_reports import pdf

SOFFICE = shutil.which("soffice")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX shell script as a fake soffice")


def _document(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return path


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Point tempfile at an empty folder, to check that a conversion leaves nothing behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_same_named_documents_in_two_folders(tmp_path, private_tmp):
    first = _document(tmp_path / "out" / "dinas-a" / "laporan.docx", "Laporan Dinas Alfa")
    second = _document(tmp_path / "out" / "dinas-b" / "laporan.docx", "Laporan Dinas Beta")
    converted, note = pdf.convert_all([first, second])
    assert note is None
    assert converted == {first.with_suffix(".pdf"), second.with_suffix(".pdf")}
    for path, text in ((first, "Alfa"), (second, "Beta")):
        data = path.with_suffix(".pdf").read_bytes()
        assert data.startswith(b"%PDF")
        if shutil.which("pdftotext"):
            extracted = subprocess.run(
                ["pdftotext", str(path.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert f"Laporan Dinas {text}" in extracted
    assert list(private_tmp.iterdir()) == []  # profile and copies removed
    assert sorted(p.name for p in first.parent.iterdir()) == ["laporan.docx", "laporan.pdf"]


def test_no_documents_no_call(monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: pytest.fail("soffice looked up for nothing"))
    assert pdf.convert_all([]) == (set(), None)


def test_absent_soffice_gives_an_install_hint(tmp_path, monkeypatch):
    document = _document(tmp_path / "laporan.docx", "isi")
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    monkeypatch.delenv(pdf.ENV_VAR, raising=False)
    converted, note = pdf.convert_all([document])
    assert converted == set()
    assert "LibreOffice (soffice) tidak ditemukan" in note
    assert "apt-get install libreoffice-writer" in note and "winget install" in note and pdf.ENV_VAR in note
    assert "docs/pdf.md" in note
    assert document.exists() and not document.with_suffix(".pdf").exists()


def test_env_var_wins_and_a_wrong_one_is_named(tmp_path, monkeypatch):
    program = tmp_path / "soffice"
    program.write_text("")
    monkeypatch.setenv(pdf.ENV_VAR, str(program))
    assert pdf.find_soffice() == program
    monkeypatch.setenv(pdf.ENV_VAR, str(tmp_path / "tidak-ada"))
    assert pdf.find_soffice() is None
    assert str(tmp_path / "tidak-ada") in pdf.missing_note()


def test_path_lookup_tries_soffice_then_libreoffice(monkeypatch):
    monkeypatch.delenv(pdf.ENV_VAR, raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: "/opt/lo/libreoffice" if name == "libreoffice" else None)
    assert pdf.find_soffice() == Path("/opt/lo/libreoffice")


def test_windows_locations(monkeypatch):
    monkeypatch.setenv("ProgramFiles", r"C:\Program Files")
    candidates = [str(p) for p in pdf.windows_candidates()]
    assert any(c.endswith(os.path.join("LibreOffice", "program", "soffice.exe")) for c in candidates)
    assert len(candidates) == len(set(candidates))


@posix_only
def test_hanging_soffice_is_stopped(tmp_path, monkeypatch, private_tmp):
    marker = tmp_path / "child-alive"
    # soffice starts a child (as soffice.bin does); both must be gone after the timeout
    fake = _fake_soffice(tmp_path, f'(sleep 3; touch "{marker}") &\nsleep 30')
    monkeypatch.setenv(pdf.ENV_VAR, str(fake))
    monkeypatch.setattr(pdf, "BASE_TIMEOUT", 1)
    monkeypatch.setattr(pdf, "PER_FILE_TIMEOUT", 0)
    document = _document(tmp_path / "laporan.docx", "isi")
    started = time.monotonic()
    converted, note = pdf.convert_all([document])
    assert time.monotonic() - started < 10
    assert converted == set()
    assert "tidak selesai dalam 1 detik dan dihentikan" in note and "Word (.docx) tetap tersedia" in note
    time.sleep(3.5)
    assert not marker.exists()  # the whole process group was killed
    assert list(private_tmp.iterdir()) == []


@posix_only
def test_partial_conversion_names_the_missing_and_removes_stale_pdf(tmp_path, monkeypatch):
    # A fake soffice that converts only the first input (0001.docx) by writing a dummy PDF.
    fake = _fake_soffice(
        tmp_path,
        'while [ "$1" != "--outdir" ]; do shift; done; out="$2"; printf "%%PDF-1.4" > "$out/0001.pdf"',
    )
    monkeypatch.setenv(pdf.ENV_VAR, str(fake))
    first = _document(tmp_path / "a" / "laporan.docx", "a")
    second = _document(tmp_path / "b" / "laporan.docx", "b")
    stale = second.with_suffix(".pdf")
    stale.write_bytes(b"%PDF old")
    converted, note = pdf.convert_all([first, second])
    assert converted == {first.with_suffix(".pdf")}
    assert first.with_suffix(".pdf").read_bytes() == b"%PDF-1.4"
    assert not stale.exists()
    assert "1 dari 2 dokumen" in note and str(second) in note


@posix_only
def test_failing_soffice_reports_its_exit_code(tmp_path, monkeypatch):
    fake = _fake_soffice(tmp_path, 'echo "Error: source file could not be loaded"; exit 81')
    monkeypatch.setenv(pdf.ENV_VAR, str(fake))
    converted, note = pdf.convert_all([_document(tmp_path / "laporan.docx", "isi")])
    assert converted == set()
    assert "kode 81" in note and "could not be loaded" in note


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_relative_work_folder_as_a_run_gives_it(tmp_path, monkeypatch):
    # `spbe generate in -o out --pdf` puts LibreOffice's work folder in "out", a relative path.
    monkeypatch.chdir(tmp_path)
    document = _document(Path("out") / "dinas-a" / "laporan.docx", "Laporan Dinas Alfa")
    converted, note = pdf.convert_all([document], work_parent=Path("out"))
    assert note is None and converted == {document.with_suffix(".pdf")}
    assert not list(Path("out").glob(".spbe-tmp-*")), "the work folder is removed"
