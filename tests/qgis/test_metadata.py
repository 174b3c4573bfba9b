"""metadata.txt: the fields QGIS and the plugin repository read, and the version the code reports."""

from __future__ import annotations

import configparser
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
    for key in ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
                "repository", "tracker", "icon"):
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
