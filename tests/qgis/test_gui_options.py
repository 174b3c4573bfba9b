"""The MedRCVL page of QGIS Options: saves the settings, shows and clears the cache."""

from __future__ import annotations

import pytest
from gui_helpers import restore_settings, snapshot_settings
from qgis.core import QgsSettings
from qgis.gui import QgsOptionsPageWidget

from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.gui.options import MedrcvlOptionsFactory, MedrcvlOptionsWidget


@pytest.fixture()
def isolated(qgis_app, tmp_path):
    saved = snapshot_settings()
    QgsSettings().remove("medrcvl")
    yield tmp_path
    restore_settings(saved)


def test_factory_title_and_page(isolated) -> None:
    factory = MedrcvlOptionsFactory()
    assert factory.title() == "MedRCVL"
    assert not factory.icon().isNull()
    page = factory.createWidget(None)
    assert isinstance(page, QgsOptionsPageWidget)


def test_apply_saves_settings(isolated) -> None:
    page = MedrcvlOptionsWidget()
    assert page.territory.text() == "200043081"  # the default
    page.mirror.setFilePath(str(isolated / "mirror"))
    page.cache_dir.setFilePath(str(isolated / "cache"))
    page.timeout.setValue(17)
    page.deadline.setValue(99)
    page.mirror_then_live.setChecked(True)
    page.retries.setValue(5)
    page.cache_max.setValue(42)
    page.territory.setText("37")
    page.output_dir.setFilePath(str(isolated / "out"))
    page.apply()
    s = Settings.load()
    assert (
        s.mirror,
        s.cache_dir,
        s.timeout_s,
        s.retries,
        s.cache_max_mb,
        s.default_territory,
        s.output_dir,
    ) == (str(isolated / "mirror"), str(isolated / "cache"), 17, 5, 42, "37", str(isolated / "out"))
    assert s.deadline_s == 99 and s.mirror_then_live is True
    again = MedrcvlOptionsWidget()  # a new page shows the saved values
    assert again.mirror_then_live.isChecked() and again.deadline.value() == 99
    assert again.timeout.value() == 17 and again.mirror.filePath() == str(isolated / "mirror")


def test_bad_default_territory_is_shown_and_not_saved(isolated) -> None:
    page = MedrcvlOptionsWidget()
    page.territory.setText("Chinon")
    assert page.validate() is False
    assert not page.territory_error.isHidden()
    assert page.territory_error.text() == (
        "Chinon is not an EPCI SIREN (9 digits), a département or a " "commune code."
    )
    page.apply()
    assert Settings.load().default_territory == "200043081"


def test_cache_size_and_clear(isolated) -> None:
    cache = isolated / "cache"
    cache.mkdir()
    (cache / "abc-communes.csv").write_bytes(b"x" * 2 * 1024 * 1024)
    (cache / "abc-communes.csv.meta.json").write_text("{}")
    page = MedrcvlOptionsWidget()
    page.confirm = False
    page.cache_dir.setFilePath(str(cache))
    assert page.cache_size.text() == "Current size: 2.0 MB in 2 files"
    page.clear_button.click()
    assert list(cache.iterdir()) == []
    assert page.cache_size.text() == "Current size: 0.0 MB in 0 files"
