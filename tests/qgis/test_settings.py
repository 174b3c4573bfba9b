"""Typed settings round-trip through QgsSettings under medrcvl/."""

from __future__ import annotations

from qgis.core import QgsSettings

from medrcvl_plugin.core.base.settings import Settings


def test_settings_round_trip_and_types(qgis_app):
    original = Settings.load()
    try:
        s = Settings(mirror="/data/mirror", timeout_s=12, retries=4, default_territory="200043081")
        s.save()
        assert QgsSettings().value("medrcvl/timeout_s") in (12, "12")
        loaded = Settings.load()
        assert loaded.mirror == "/data/mirror"
        assert loaded.timeout_s == 12 and isinstance(loaded.timeout_s, int)
        assert loaded.retries == 4
    finally:
        original.save()


def test_bad_stored_value_falls_back_to_default(qgis_app):
    original = Settings.load()
    try:
        QgsSettings().setValue("medrcvl/timeout_s", "not a number")
        assert Settings.load().timeout_s == Settings().timeout_s
    finally:
        original.save()


def test_cache_dir_defaults_inside_profile(qgis_app):
    assert Settings(cache_dir="").effective_cache_dir().name == "cache"
    assert str(Settings(cache_dir="/x/y").effective_cache_dir()) == "/x/y"
