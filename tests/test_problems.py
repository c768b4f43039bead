"""Every problem code is documented for users, and messages are complete sentences."""

import importlib.util
import re
from pathlib import Path

from spbe_reports.problems import CATALOGUE, ERROR, WARNING, problem

ROOT = Path(__file__).resolve().parents[1]


def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_user_documentation_matches_the_catalogue():
    page = (ROOT / "docs" / "masalah.md").read_text(encoding="utf-8")
    assert page == load_tool("build_docs").render(), "jalankan: python tools/build_docs.py"


def test_codes_are_kebab_case_with_a_severity():
    for code, kind in CATALOGUE.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code), code
        assert kind.severity in (ERROR, WARNING) and kind.message.endswith((".", ")")), code


def test_problem_fills_its_message_and_location():
    p = problem(
        "level-out-of-range",
        "a.xlsx",
        sheet="Penilaian",
        cell="E12",
        indicator=8,
        column="Tingkat Mandiri",
        value=6,
        low=1,
        high=5,
    )
    assert p.is_error and "indikator 8" in p.message and "6" in p.message
    assert p.location == "lembar Penilaian, sel E12"
    assert p.as_dict() == {
        "code": "level-out-of-range",
        "message": p.message,
        "sheet": "Penilaian",
        "cell": "E12",
        "indicator": 8,
    }
