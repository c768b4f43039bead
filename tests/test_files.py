"""Output names cannot escape or collide; writes are all-or-nothing."""

import pytest

from spbe_reports import files


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dinas Komunikasi dan Informatika", "dinas-komunikasi-dan-informatika"),
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c", "a-b-c"),
        ("CON", "con-instansi"),
        ("lpt1", "lpt1-instansi"),
        ("Dinas Pendidikan & Kebudayaan", "dinas-pendidikan-kebudayaan"),
        ("Badan Pengelolaan Keuangan dan Aset Daerah Kabupaten Sukamaju Provinsi Jawa Barat Indonesia", None),
        ("...", "instansi"),
        ("Ďïñäš Késéhätån", "dinas-kesehatan"),
    ],
)
def test_slug_is_safe(name, expected):
    result = files.slug(name)
    assert result == expected if expected else len(result) <= files.MAX_NAME
    assert "/" not in result and "\\" not in result and not result.startswith(".") and result


def test_long_names_that_differ_only_at_the_end_get_distinct_stable_folders():
    a = files.slug("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Sukamaju Provinsi Jawa Barat")
    b = files.slug("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Sukamaju Provinsi Banten")
    assert a != b and len(a) <= files.MAX_NAME and len(b) <= files.MAX_NAME
    assert a == files.slug(
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Sukamaju Provinsi Jawa Barat"
    )


def test_names_differing_in_case_or_punctuation_do_not_collide():
    names = ["Dinas Kominfo", "DINAS KOMINFO", "Dinas Kominfo.", "dinas-kominfo-2", "Dinas Kominfo"]
    slugs = files.unique_slugs(names)
    assert len(set(slugs)) == len(slugs)
    assert slugs[:3] == ["dinas-kominfo", "dinas-kominfo-2", "dinas-kominfo-3"]


def test_atomic_path_replaces_only_on_success(tmp_path):
    target = tmp_path / "laporan.docx"
    files.write_text(target, "lama")
    with pytest.raises(RuntimeError), files.atomic_path(target) as tmp:
        tmp.write_text("setengah")
        raise RuntimeError("terputus")
    assert target.read_text() == "lama"
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.docx"]


def test_interrupt_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "hasil.json"
    with pytest.raises(KeyboardInterrupt), files.atomic_path(target) as tmp:
        tmp.write_text("{")
        raise KeyboardInterrupt
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_stale_temporaries_of_a_killed_run_are_removed(tmp_path):
    (tmp_path / "a").mkdir()
    stale = tmp_path / "a" / f"{files.TEMP_PREFIX}x.docx"
    stale.write_text("sisa")
    keep = tmp_path / "a" / "laporan.docx"
    keep.write_text("utuh")
    files.remove_stale_temps(tmp_path)
    assert not stale.exists() and keep.read_text() == "utuh"
