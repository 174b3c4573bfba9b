"""The tour dialog: a run from the form writes the files and adds the layers; bad input is told."""

from __future__ import annotations

from pathlib import Path

import pytest
from qgis.core import QgsProject

from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
from medrcvl_plugin.core.territory.selection import Territory
from tests.conftest import REFERENCE_EPCI

pytestmark = pytest.mark.realdata


class _Bar:
    def __init__(self):
        self.messages = []

    def pushMessage(self, *args, **kwargs):
        self.messages.append(args)


class _Iface:
    def __init__(self):
        self.bar = _Bar()

    def messageBar(self):
        return self.bar


def test_tour_dialog_runs_and_reports(qgis_app, shared_data, tmp_path):
    from medrcvl_plugin.gui.tour_dialog import TourDialog

    gpkg = tmp_path / "diagnostic.gpkg"
    build_diagnostic(
        DiagnosticParams(
            Territory("epci", REFERENCE_EPCI),
            gpkg,
            mirror=str(shared_data),
            settings=Settings(cache_dir=str(tmp_path / "cache")),
        )
    )
    dialog = TourDialog(_Iface(), gpkg)
    dialog.stops.setValue(2)
    dialog.run()
    assert dialog.result is not None and dialog.result.solution.method == "exact"
    assert Path(dialog.output.filePath(), "tournee.gpkg").exists()
    added = [
        layer for layer in QgsProject.instance().mapLayers().values() if "tournee.gpkg" in layer.source()
    ]
    assert sorted(layer.source().rsplit("=", 1)[-1] for layer in added) == ["arrets", "communes"]
    dialog.stops.setValue(40)  # more than the 19 candidates
    dialog.overwrite.setChecked(True)
    dialog.run()
    assert "19" in dialog.message.text()
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().layerTreeRoot().removeAllChildren()
