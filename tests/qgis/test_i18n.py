"""French translation: the translator follows QGIS's locale, is removed on unload, and covers every tr()."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale

from medrcvl_plugin import translation
from medrcvl_plugin.core.base.i18n import tr

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = "Digital-fragility diagnostic…"
FRENCH = "Diagnostic de fragilité numérique…"
TS = f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR"><context><name>MedRCVL</name>
<message><source>{ENGLISH}</source><translation>{FRENCH}</translation></message>
</context></TS>
"""


def _i18n_script():
    spec = importlib.util.spec_from_file_location("medrcvl_i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def qm_dir(tmp_path_factory) -> Path:
    """A folder holding medrcvl_fr.qm compiled by lrelease from a one-message .ts."""
    lrelease = shutil.which("lrelease")
    if lrelease is None:
        pytest.fail("lrelease is missing (qttools5-dev-tools, scripts/setup.sh)")
    folder = tmp_path_factory.mktemp("i18n")
    (folder / "medrcvl_fr.ts").write_text(TS, encoding="utf-8")
    subprocess.run(
        [lrelease, "-silent", str(folder / "medrcvl_fr.ts"), "-qm", str(folder / "medrcvl_fr.qm")], check=True
    )
    return folder


@pytest.fixture
def locale_settings(qgis_app):
    """Restore QGIS's locale settings and Qt's default locale after the test."""
    settings = QgsSettings()
    saved = {k: settings.value(k) for k in ("locale/userLocale", "locale/overrideFlag")}
    default = QLocale()
    yield settings
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)
    QLocale.setDefault(default)


def test_french_user_locale_installs_french_translator(qm_dir, locale_settings, monkeypatch):
    monkeypatch.setattr(translation, "I18N_DIR", qm_dir)
    locale_settings.setValue("locale/overrideFlag", True)
    locale_settings.setValue("locale/userLocale", "fr_FR")
    assert translation.user_language() == "fr"
    translator = translation.install_translator()
    try:
        assert translator is not None
        assert tr(ENGLISH) == FRENCH
    finally:
        translation.remove_translator(translator)
    assert tr(ENGLISH) == ENGLISH


def test_empty_user_locale_falls_back_to_french_system_locale(qm_dir, locale_settings, monkeypatch):
    monkeypatch.setattr(translation, "I18N_DIR", qm_dir)
    locale_settings.setValue("locale/overrideFlag", False)
    locale_settings.setValue("locale/userLocale", "")
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    assert translation.user_language() == "fr"
    translator = translation.install_translator()
    try:
        assert tr(ENGLISH) == FRENCH
    finally:
        translation.remove_translator(translator)


def test_english_locale_installs_no_translator(qm_dir, locale_settings, monkeypatch):
    monkeypatch.setattr(translation, "I18N_DIR", qm_dir)
    locale_settings.setValue("locale/overrideFlag", True)
    locale_settings.setValue("locale/userLocale", "en_GB")
    assert translation.install_translator() is None
    assert tr(ENGLISH) == ENGLISH


def test_plugin_shows_french_menu_and_unload_removes_translator(
    qm_dir, locale_settings, monkeypatch, qgis_iface
):
    from medrcvl_plugin import plugin as plugin_module

    monkeypatch.setattr(translation, "I18N_DIR", qm_dir)
    locale_settings.setValue("locale/overrideFlag", True)
    locale_settings.setValue("locale/userLocale", "fr_FR")
    for missing in ("removePluginMenu", "registerOptionsWidgetFactory", "unregisterOptionsWidgetFactory"):
        monkeypatch.setattr(qgis_iface, missing, lambda *a: None, raising=False)  # not in pytest-qgis's iface
    plugin = plugin_module.MedrcvlPlugin(qgis_iface)
    plugin.initGui()
    try:
        assert plugin.translator is not None
        texts = {a.objectName(): a.text() for a in plugin.actions}
        assert texts["medrcvl_diagnostic"] == FRENCH
    finally:
        plugin.unload()
    assert plugin.translator is None
    assert QCoreApplication.translate("MedRCVL", ENGLISH) == ENGLISH


def test_every_tr_literal_has_a_finished_french_translation():
    """Fails while `scripts/i18n.py check` lists untranslated strings (translation is one later pass)."""
    script = _i18n_script()
    strings = script.extract()
    assert len(strings) > 20
    translations = script.read_ts()
    missing = sorted(s for s in strings if not translations.get(s))
    assert not missing, (
        f"{len(missing)} tr() strings lack a French translation in i18n/medrcvl_fr.ts, "
        f"e.g. {missing[:5]} (run: {sys.executable} scripts/i18n.py update)"
    )


def test_shipped_translation_compiles_and_translates_the_menu(tmp_path, locale_settings, monkeypatch):
    """The real i18n/medrcvl_fr.ts, compiled by lrelease, gives the French menu text it declares."""
    expected = _i18n_script().read_ts().get(ENGLISH)
    if not expected:
        pytest.fail(f"i18n/medrcvl_fr.ts has no finished translation of {ENGLISH!r}")
    subprocess.run(
        [
            shutil.which("lrelease") or "lrelease",
            "-silent",
            str(ROOT / "i18n" / "medrcvl_fr.ts"),
            "-qm",
            str(tmp_path / "medrcvl_fr.qm"),
        ],
        check=True,
    )
    monkeypatch.setattr(translation, "I18N_DIR", tmp_path)
    translator = translation.install_translator("fr")
    try:
        assert tr(ENGLISH) == expected != ENGLISH
        assert tr("Load the communes of a territory") != "Load the communes of a territory"
    finally:
        translation.remove_translator(translator)


def test_catalogue_hint_for_the_ifn_is_translated(qgis_app):
    from medrcvl_plugin.core.sources.catalogue import source
    from medrcvl_plugin.translation import install_translator, remove_translator

    english = source("ifn_communes").how_to_get_text()
    assert english.startswith("Export the CSV")
    translator = install_translator("fr")
    try:
        assert translator is not None
        french = source("ifn_communes").how_to_get_text()
    finally:
        remove_translator(translator)
    assert french.startswith("Exportez le CSV") and "fragilite-numerique.fr" in french
