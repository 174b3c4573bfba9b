"""The plugin loaded as QGIS loads it: root classFactory, initGui/initProcessing, unload."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_ALGORITHMS = {"medrcvl:loadcommunes", "medrcvl:loaddataset", "medrcvl:diagnostic"}


class RecordingIface:
    """Wraps pytest-qgis's iface and records what the plugin adds to and removes from QGIS."""

    def __init__(self, iface) -> None:
        self._iface = iface
        self.menu: dict[str, list] = {}
        self.option_factories: list = []

    def __getattr__(self, name):
        return getattr(self._iface, name)

    def addPluginToMenu(self, name, action):
        self.menu.setdefault(name, []).append(action)

    def removePluginMenu(self, name, action):
        self.menu[name].remove(action)

    def registerOptionsWidgetFactory(self, factory):
        self.option_factories.append(factory)

    def unregisterOptionsWidgetFactory(self, factory):
        self.option_factories.remove(factory)


@pytest.fixture(scope="module")
def plugin_package(tmp_path_factory):
    """The repository imported as QGIS imports it: a package named MedRCVL in a plugins folder."""
    plugins = tmp_path_factory.mktemp("plugins")
    (plugins / "MedRCVL").symlink_to(ROOT, target_is_directory=True)
    sys.path.insert(0, str(plugins))
    try:
        yield importlib.import_module("MedRCVL")
    finally:
        sys.path.remove(str(plugins))


@pytest.fixture
def iface(qgis_iface):
    return RecordingIface(qgis_iface)


def _registry():
    return QgsApplication.processingRegistry()


def test_root_class_factory_returns_plugin(plugin_package, iface):
    plugin = plugin_package.classFactory(iface)
    assert type(plugin).__name__ == "MedrcvlPlugin"
    assert type(plugin).__module__ == "MedRCVL.medrcvl_plugin.plugin"
    assert plugin.iface is iface


def test_init_gui_adds_menu_toolbar_provider_and_unload_removes_them(plugin_package, iface):
    plugin = plugin_package.classFactory(iface)
    plugin.initGui()
    try:
        actions = iface.menu["&MedRCVL"]
        assert {a.objectName() for a in actions} >= {"medrcvl_diagnostic", "medrcvl_help"}
        assert all(a.text() for a in actions)
        assert plugin.toolbar is not None and plugin.toolbar.actions()
        provider = _registry().providerById("medrcvl")
        assert provider is not None
        ids = {a.id() for a in provider.algorithms()}
        assert EXPECTED_ALGORITHMS <= ids
    finally:
        plugin.unload()
    assert iface.menu["&MedRCVL"] == []
    assert iface.option_factories == []
    assert plugin.actions == [] and plugin.toolbar is None
    assert _registry().providerById("medrcvl") is None
    assert plugin.translator is None


def test_processing_only_load_then_gui_registers_once(plugin_package, iface):
    """qgis_process calls initProcessing(); the desktop then initGui(): one provider, removed on unload."""
    plugin = plugin_package.classFactory(iface)
    plugin.initProcessing()
    first = _registry().providerById("medrcvl")
    assert first is not None
    plugin.initGui()
    try:
        assert _registry().providerById("medrcvl") is first
        assert len([p for p in _registry().providers() if p.id() == "medrcvl"]) == 1
    finally:
        plugin.unload()
    assert _registry().providerById("medrcvl") is None
