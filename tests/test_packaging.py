"""The report templates ship with the package, from the one top-level templates/ folder."""

from __future__ import annotations

import configparser
from fnmatch import fnmatch
from pathlib import Path

import pytest

from spbe_reports import defaults

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ("laporan.docx", "ringkasan.docx")


def setup_cfg() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "setup.cfg", encoding="utf-8")
    return parser


def lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def test_the_template_folder_in_use_holds_both_templates():
    assert defaults.find_template_dir() == defaults.TEMPLATE_DIR
    for name in TEMPLATES:
        assert (defaults.TEMPLATE_DIR / name).is_file(), name


def test_templates_inside_an_installed_package_win(tmp_path, monkeypatch):
    (tmp_path / "templates").mkdir()
    monkeypatch.setattr(defaults.resources, "files", lambda package: tmp_path)
    assert defaults.find_template_dir() == tmp_path / "templates"


def test_without_packaged_templates_the_project_folder_is_used(tmp_path, monkeypatch):
    monkeypatch.setattr(defaults.resources, "files", lambda package: tmp_path)
    assert defaults.find_template_dir() == ROOT / "templates"


def test_setup_cfg_lists_every_subpackage():
    listed = set(lines(setup_cfg()["options"]["packages"]))
    package = ROOT / "spbe_reports"
    on_disk = {"spbe_reports"} | {
        "spbe_reports." + ".".join(path.relative_to(package).parts)
        for path in package.rglob("*")
        if path.is_dir() and path.name != "__pycache__" and not path.name.startswith(".")
    }
    assert on_disk | {"spbe_reports.templates"} == listed


@pytest.mark.parametrize("name", TEMPLATES)
def test_setup_cfg_ships_the_top_level_templates(name):
    config = setup_cfg()
    mapping = dict(line.split(" = ") for line in lines(config["options"]["package_dir"]))
    assert mapping == {"spbe_reports.templates": "templates"}
    assert (ROOT / "templates" / name).is_file()
    included = config["options.package_data"]["spbe_reports.templates"].split(",")
    excluded = config["options.exclude_package_data"]["spbe_reports.templates"].split(",")
    assert any(fnmatch(name, pattern.strip()) for pattern in included)
    assert not any(fnmatch(name, pattern.strip()) for pattern in excluded)
    assert any(fnmatch(f"~${name}", pattern.strip()) for pattern in excluded)  # Word's lock file
