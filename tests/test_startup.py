"""`spbe validate` starts quickly (issue #10): its path loads no heavy library, and the small
spreadsheet rules written in place of openpyxl's give exactly what openpyxl gives.

openpyxl stays the reference here: every function of spbe_reports.workbook.cellformat is
compared with the one it replaces, on every column, every built-in format id, and many format
codes, serial numbers and ISO 8601 texts drawn by hypothesis.
"""

import json
import marshal
import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl.styles import numbers as openpyxl_numbers
from openpyxl.utils import cell as openpyxl_cell
from openpyxl.utils import datetime as openpyxl_datetime

from spbe_reports import framework as frameworks
from spbe_reports.defaults import DATA_DIR
from spbe_reports.workbook import cellformat

HEAVY = ("openpyxl", "pandas", "matplotlib", "docx", "docxtpl")


def outcome(function, *args, **kwargs):
    """What a call gives: ('value', type, value) or ('raises', exception type)."""
    try:
        value = function(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the exception's type is the outcome compared
        return ("raises", type(exc))
    return ("value", type(value), value)


def same_outcome(ours, theirs, *args, **kwargs):
    assert outcome(ours, *args, **kwargs) == outcome(theirs, *args, **kwargs), args


# --- the validate path's imports ---------------------------------------------------------------


def _run_fresh(code: str, watched=(), **kwargs) -> tuple[str, list[str]]:
    """Run ``code`` in a fresh interpreter: its output, and which of HEAVY and ``watched`` it had loaded at exit."""
    names = sorted({*HEAVY, *watched})
    report = (
        "import atexit, json, sys\n"
        f"atexit.register(lambda: print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({names!r}))), "
        "file=sys.stderr))\n"
    )
    done = subprocess.run([sys.executable, "-c", report + code], capture_output=True, text=True, timeout=300, **kwargs)
    return done.stdout, json.loads(done.stderr.strip().splitlines()[-1])


def test_importing_the_batch_loads_no_heavy_library():
    assert _run_fresh("import spbe_reports.batch")[1] == []


def test_validating_a_workbook_loads_no_heavy_library_and_yaml_only_once(tmp_path, make_workbook):
    make_workbook(tmp_path / "masuk" / "dinas.xlsx", "Dinas Contoh")
    validate = f"from spbe_reports.__main__ import main\nmain(['validate', {str(tmp_path / 'masuk')!r}, '--json'])"
    env = {**os.environ, frameworks.CACHE_ENV: str(tmp_path / "cache")}
    for run, yaml_loaded in enumerate((True, False)):
        output, loaded = _run_fresh(validate, ["yaml"], cwd=tmp_path, env=env)
        assert [w["agency"] for w in json.loads(output)["workbooks"]] == ["Dinas Contoh"], run
        assert loaded == (["yaml"] if yaml_loaded else []), run


def test_the_check_of_loaded_modules_sees_a_heavy_library():
    assert _run_fresh("import openpyxl.utils")[1] == ["openpyxl"]


# --- the framework file ------------------------------------------------------------------------


def test_the_framework_is_read_with_libyaml_when_pyyaml_has_it():
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML here was built without libyaml")
    assert frameworks._safe_loader() is yaml.CSafeLoader


@pytest.mark.parametrize("path", sorted(DATA_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_libyaml_reads_each_shipped_framework_as_the_python_loader_does(path):
    text = path.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=frameworks._safe_loader()) == yaml.load(text, Loader=yaml.SafeLoader)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of framework data, and a framework file to read (the shipped one's copy)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(frameworks.CACHE_ENV, str(folder))
    source = tmp_path / "kerangka.yaml"
    source.write_text((DATA_DIR / f"{frameworks.DEFAULT_FRAMEWORK}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return folder, source


def _load(path):
    return frameworks.load.__wrapped__(str(path))  # not the per-process memo of load


def _no_yaml(text, path):
    raise AssertionError("read as YAML")


def test_a_framework_read_once_comes_back_from_the_cache_equal(cache, monkeypatch):
    folder, source = cache
    first = _load(source)
    assert len(list(folder.glob("kerangka-*.marshal"))) == 1
    monkeypatch.setattr(frameworks, "_read_yaml", _no_yaml)
    assert _load(source) == first == frameworks.parse(yaml.safe_load(source.read_text(encoding="utf-8")), str(source))


def test_a_changed_framework_file_is_read_again(cache):
    folder, source = cache
    first = _load(source)
    source.write_text(source.read_text(encoding="utf-8").replace(first.name, "Kerangka Uji"), encoding="utf-8")
    assert _load(source).name == "Kerangka Uji" != first.name
    assert len(list(folder.glob("kerangka-*.marshal"))) == 2


@pytest.mark.parametrize(
    "content",
    [b"", b"not marshal", marshal.dumps((99, "0" * 64, {})), marshal.dumps({"name": "lain"}), marshal.dumps(7)],
    ids=["empty", "garbage", "foreign-version", "not-a-tuple", "a-number"],
)
def test_a_broken_or_foreign_cache_file_is_read_over_and_replaced(cache, monkeypatch, content):
    folder, source = cache
    expected = _load(source)
    (entry,) = folder.glob("kerangka-*.marshal")
    entry.write_bytes(content)
    assert _load(source) == expected
    monkeypatch.setattr(frameworks, "_read_yaml", _no_yaml)
    assert _load(source) == expected  # the entry was written again


def test_a_cache_folder_that_cannot_be_made_is_no_cache(cache):
    folder, source = cache
    folder.write_text("a file where the folder would be", encoding="utf-8")
    expected = frameworks.parse(yaml.safe_load(source.read_text(encoding="utf-8")), str(source))
    assert _load(source) == expected and folder.is_file()


def test_a_cache_entry_that_fails_to_be_written_leaves_no_partial_file(cache, monkeypatch):
    folder, source = cache

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(frameworks.os, "replace", full_disk)
    expected = frameworks.parse(yaml.safe_load(source.read_text(encoding="utf-8")), str(source))
    assert _load(source) == expected
    assert folder.is_dir() and not list(folder.iterdir())


def test_data_that_marshal_cannot_hold_is_not_cached(cache):
    folder, source = cache
    source.write_text(source.read_text(encoding="utf-8") + "\ndiperbarui: 2026-01-31\n", encoding="utf-8")
    _load(source)  # the date is an unknown key's value: the file loads, its data is not kept
    assert not folder.exists() or not list(folder.iterdir())


def test_an_empty_cache_setting_means_no_cache(monkeypatch, tmp_path):
    monkeypatch.setenv(frameworks.CACHE_ENV, "")
    assert frameworks.cache_dir() is None
    monkeypatch.delenv(frameworks.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform not in ("win32", "darwin"):
        assert frameworks.cache_dir() == tmp_path / "spbe-reports"


def test_invalid_yaml_is_still_a_framework_error_naming_the_file(cache):
    folder, source = cache
    source.write_text("nama: [tidak ditutup\n", encoding="utf-8")
    with pytest.raises(frameworks.FrameworkError, match="kerangka.yaml tidak dapat dibaca"):
        _load(source)


# --- columns -----------------------------------------------------------------------------------


def test_every_column_letter_is_openpyxls():
    for index in range(1, 18_279):
        letters = cellformat.get_column_letter(index)
        assert letters == openpyxl_cell.get_column_letter(index)
        assert cellformat.column_index_from_string(letters) == index
        assert cellformat.column_index_from_string(letters.lower()) == index


@given(st.integers(-30_000, 30_000))
@example(0)
@example(18_279)
def test_column_numbers_outside_a_to_zzz_are_refused_as_by_openpyxl(index):
    same_outcome(cellformat.get_column_letter, openpyxl_cell.get_column_letter, index)


LETTERISH = st.text(alphabet="ABCXYZabcxyzß\u0131\ufb00$1 _é", max_size=5)


@given(st.one_of(LETTERISH, st.text(max_size=5)))
@example("")
@example("AAAA")
@example("ZZZ")
@example("ZZZZ")
@example("\u00df\u00df")  # 'ß' upper-cases to 'SS': four letters from two
@example("\u0131")  # dotless i upper-cases to I
@example("A1")
def test_column_names_are_read_as_by_openpyxl(text):
    same_outcome(cellformat.column_index_from_string, openpyxl_cell.column_index_from_string, text)


# --- number formats ----------------------------------------------------------------------------


def test_every_builtin_format_id_is_openpyxls():
    assert cellformat.BUILTIN_FORMATS == openpyxl_numbers.BUILTIN_FORMATS
    for format_id in range(-2, 400):
        code = cellformat.builtin_format_code(format_id)
        assert code == openpyxl_numbers.builtin_format_code(format_id)
        assert cellformat.is_date_format(code) == openpyxl_numbers.is_date_format(code)
        assert cellformat.is_timedelta_format(code) == openpyxl_numbers.is_timedelta_format(code)


REAL_FORMATS = [
    None,
    "",
    "General",
    "dd/mm/yyyy",
    "d mmmm yyyy",
    "[$-421]dd mmmm yyyy;@",  # Indonesian locale, as Excel writes a long date
    "[$-F800]dddd, mmmm dd, yyyy",
    "[$Rp-421]#,##0.00",
    "[$Rp-421]#,##0;[Red]-[$Rp-421]#,##0",
    '_-[$Rp-421]* #,##0_-;-[$Rp-421]* #,##0_-;_-[$Rp-421]* "-"_-;_-@_-',
    '"Tanggal" 0',
    '"d" 0',
    "0\\d",
    "0_d",
    "[Red]0.00",
    "[RED]d",
    "[Color10]0",
    "[h]:mm:ss",
    "[hh]:mm",
    "[mm]:ss.00",
    "[ss].0",
    "[H]:MM:SS",
    "[>=100]0;[<0]d",
    "yyyy-mm-dd hh:mm:ss",
    "h:mm AM/PM",
    "mm:ss;[h]:mm",
    "0;[h]:mm",
    "#,##0.00 ;(#,##0.00)",
    "@",
    "0.00E+00",
    "# ?/?",
    "[",
    "]",
    '"',
    '"unclosed d',
    "\\",
]

FORMAT_TOKENS = [
    "d", "dd", "ddd", "mmmm", "m", "mm", "yy", "yyyy", "h", "hh", "s", "ss", "D", "M", "Y", "H", "S",
    "AM/PM", "A/P", "0", "#", "0.00", "#,##0", ",", ".", "%", "E+", "e-", "@", "*", " ", "-", "/", ":",
    "(", ")", "$", "Rp", '"', '"text"', '"d"', '"Tgl "', "\\d", "\\m", "\\", "_)", "_d", "_(", "_", ";",
    "[Red]", "[RED]", "[Blue]", "[Color10]", "[$-421]", "[$-F800]", "[$Rp-421]", "[h]", "[hh]", "[m]",
    "[mm]", "[s]", "[ss]", "[H]", "[MM]", "[SS]", "[hhh]", "[>=100]", "[<0]", "[", "]", ".0", ".000", "?",
    "General", "B1", "x", "é",
]  # fmt: skip

FORMAT_CODES = st.one_of(
    st.sampled_from(REAL_FORMATS),
    st.lists(st.sampled_from(FORMAT_TOKENS), max_size=12).map("".join),
    st.text(alphabet='dmyhsDMYHS0#.,;:[]$-"\\_@ /hmsE+?%()*', max_size=30),
    st.text(max_size=30),
)


@settings(max_examples=600)
@given(FORMAT_CODES)
def test_date_and_duration_formats_are_recognised_as_by_openpyxl(code):
    assert cellformat.is_date_format(code) == openpyxl_numbers.is_date_format(code)
    assert cellformat.is_timedelta_format(code) == openpyxl_numbers.is_timedelta_format(code)


# --- serial dates ------------------------------------------------------------------------------


def test_the_calendars_are_openpyxls():
    assert cellformat.CALENDAR_WINDOWS_1900 == openpyxl_datetime.CALENDAR_WINDOWS_1900
    assert cellformat.CALENDAR_MAC_1904 == openpyxl_datetime.CALENDAR_MAC_1904


CALENDARS = st.sampled_from(
    [
        (cellformat.CALENDAR_WINDOWS_1900, openpyxl_datetime.CALENDAR_WINDOWS_1900),
        (cellformat.CALENDAR_MAC_1904, openpyxl_datetime.CALENDAR_MAC_1904),
    ]
)
SERIALS = st.one_of(
    st.integers(-800_000, 3_000_000),  # 2,958,465 is 31 December 9999
    st.floats(-800_000, 3_000_000, allow_nan=False),
    st.floats(-2, 2),
    st.floats(55, 65),  # around 1900's phantom 29 February (serial 60)
    st.integers(55, 65),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e300, 0.99999999, 59.999999995, 1 / 3]),
)


@settings(max_examples=800)
@given(SERIALS, CALENDARS, st.booleans())
@example(60, (cellformat.CALENDAR_WINDOWS_1900, openpyxl_datetime.CALENDAR_WINDOWS_1900), False)
@example(60.5, (cellformat.CALENDAR_WINDOWS_1900, openpyxl_datetime.CALENDAR_WINDOWS_1900), False)
@example(0, (cellformat.CALENDAR_MAC_1904, openpyxl_datetime.CALENDAR_MAC_1904), False)
@example(0.5, (cellformat.CALENDAR_WINDOWS_1900, openpyxl_datetime.CALENDAR_WINDOWS_1900), True)
@example(2_958_466, (cellformat.CALENDAR_WINDOWS_1900, openpyxl_datetime.CALENDAR_WINDOWS_1900), False)
def test_serial_numbers_become_the_dates_openpyxl_gives(serial, calendars, duration):
    ours, theirs = calendars
    assert outcome(cellformat.from_excel, serial, ours, timedelta=duration) == outcome(
        openpyxl_datetime.from_excel, serial, theirs, timedelta=duration
    )


def test_an_empty_serial_is_no_date():
    assert cellformat.from_excel(None) is None is openpyxl_datetime.from_excel(None)


DATE_VALUES = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.dates(min_value=date(1, 1, 2), max_value=date(9999, 12, 30)),
    st.dates(min_value=date(1899, 12, 1), max_value=date(1900, 3, 31)),
    st.times(),
    st.timedeltas(),
)


@settings(max_examples=400)
@given(DATE_VALUES, CALENDARS)
@example(date(1900, 2, 28), (cellformat.CALENDAR_WINDOWS_1900, openpyxl_datetime.CALENDAR_WINDOWS_1900))
@example(date(1900, 3, 1), (cellformat.CALENDAR_WINDOWS_1900, openpyxl_datetime.CALENDAR_WINDOWS_1900))
@example(datetime(1905, 7, 18), (cellformat.CALENDAR_WINDOWS_1900, openpyxl_datetime.CALENDAR_WINDOWS_1900))
def test_dates_become_the_serial_numbers_openpyxl_gives(value, calendars):
    ours, theirs = calendars
    assert outcome(cellformat.to_excel, value, ours) == outcome(openpyxl_datetime.to_excel, value, theirs)


ISO_TEXTS = st.one_of(
    st.from_regex(r"\A(\d{4}-\d{2}-\d{2})?T?(\d{2}:\d{2}(:\d{2}(\.\d{1,4})?)?)?Z?[ +0-9:x]{0,3}\Z", fullmatch=True),
    st.from_regex(r"\A-?P?T?(\d{1,3}H)?(\d{1,3}M)?(\d{1,3}(\.\d{1,4})?S)?\Z", fullmatch=True),
    st.text(alphabet="0123456789-:.TZPHMS ", max_size=25),
    st.text(max_size=10),
)


@settings(max_examples=300)
@given(ISO_TEXTS)
@example("")
@example("2026-02-29")
@example("2026-01-31T24:00:00")
@example("12:30:15.5")
@example("PT1H30M")
@example("PT")
def test_iso_dates_are_read_as_by_openpyxl(text):
    same_outcome(cellformat.from_ISO8601, openpyxl_datetime.from_ISO8601, text)


def test_the_outcome_comparison_tells_values_types_and_errors_apart():
    assert outcome(int, "1") != outcome(float, "1")
    assert outcome(int, "x") == ("raises", ValueError)
    assert outcome(lambda: time(1)) != outcome(lambda: timedelta(hours=1))
