"""metadata.txt: the fields QGIS and the plugin repository read, and the version the code reports."""

from __future__ import annotations

import configparser
import re
import subprocess
from pathlib import Path

import pytest

from medrcvl_plugin.core.base.metadata import plugin_version

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def meta() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    assert parser.read(ROOT / "metadata.txt", encoding="utf-8")
    return dict(parser["general"])


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_required_fields_present(meta):
    for key in (
        "name",
        "qgisMinimumVersion",
        "description",
        "about",
        "version",
        "author",
        "email",
        "repository",
        "tracker",
        "icon",
    ):
        assert meta.get(key, "").strip(), key
    assert meta["name"] == "MedRCVL"
    assert (ROOT / meta["icon"]).is_file()


def test_qgis_range_covers_322_to_4(meta):
    assert _version(meta["qgisMinimumVersion"]) == (3, 22)
    assert _version(meta["qgisMaximumVersion"]) >= (4, 0)


def test_qt6_and_processing_flags(meta):
    assert meta["supportsQt6"].strip().lower() in ("true", "yes")
    assert meta["hasProcessingProvider"].strip().lower() in ("true", "yes")


def test_french_texts_differ_from_english(meta):
    assert meta["about[fr]"].strip() and meta["description[fr]"].strip()
    assert meta["about[fr]"] != meta["about"]
    assert meta["description[fr]"] != meta["description"]
    assert "fragilité" in meta["description[fr]"].lower()


def test_version_is_the_one_the_code_reports(meta):
    assert plugin_version() == meta["version"]
    assert len(_version(meta["version"])) == 3


def test_provider_long_name_shows_version(qgis_app):
    from medrcvl_plugin.processing.provider import MedrcvlProvider

    provider = MedrcvlProvider()
    assert provider.id() == "medrcvl"
    assert provider.longName().endswith(plugin_version())


def _shipped_files() -> list[Path]:
    """The tracked files pb_tool.cfg puts in the plugin zip (python_files, extras, extra_dirs)."""
    cfg = configparser.ConfigParser(interpolation=None)
    assert cfg.read(ROOT / "pb_tool.cfg", encoding="utf-8")
    names = " ".join(cfg["files"].get(key, "") for key in ("python_files", "extras", "extra_dirs")).split()
    tracked = (
        subprocess.run(["git", "ls-files", "-z", "--", *names], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode("utf-8")
        .split("\0")
    )
    return [ROOT / name for name in tracked if name]


def test_repository_rules(meta):
    """What plugins.qgis.org refuses at upload: booleans, an e-mail, web addresses, a licence in the zip."""
    for key in ("experimental", "deprecated"):
        assert meta[key].strip() in ("True", "False"), key
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", meta["email"].strip())
    for key in ("repository", "tracker", "homepage"):
        assert meta[key].startswith(("https://", "http://")), key
    assert all(tag.strip() for tag in meta["tags"].split(","))
    assert ROOT / "LICENSE" in _shipped_files()


def test_no_binaries_shipped():
    """No compiled or executable file in what the zip ships (the plugin repository rejects them)."""
    shipped = _shipped_files()
    assert ROOT / "medrcvl_plugin" / "plugin.py" in shipped
    compiled = (".pyc", ".pyo", ".so", ".pyd", ".dll", ".exe", ".dylib")
    images = (".png", ".jpg", ".jpeg", ".gif", ".ico", ".qm")  # binary formats the repository accepts
    binary = [
        p
        for p in shipped
        if p.suffix.lower() in compiled
        or (p.suffix.lower() not in images and p.is_file() and b"\0" in p.read_bytes()[:8192])
    ]
    assert binary == [], binary
