"""The "Plan a tour" dialog: K stops of an itinerant service on a diagnostic (``core.tour_output``)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.base.i18n import tr
from . import results
from .task import error_message
from .widgets import ERROR_STYLE, note_label

log = logging.getLogger(__name__)


class TourDialog(QDialog):
    """Choose the diagnostic, K, R, X, optional candidates and roads, the folder; run on the main thread
    (fast; the PDF page needs it) and add the two layers to the project."""

    def __init__(self, iface, gpkg: Optional[Path] = None, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.result = None
        self.setWindowTitle(tr("MedRCVL – plan an itinerant service"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                tr(
                    "Chooses the stops of a bus or truck that serve the most people in fragile communes "
                    "far from any fixed mediation place (weight = population × IFN / 10). Exact optimum "
                    "up to 2,000,000 combinations, otherwise greedy + 1-swap."
                ),
                self,
            )
        )
        form = QFormLayout()
        self.diagnostic = QgsFileWidget(self)
        self.diagnostic.setFilter(tr("GeoPackage (*.gpkg)"))
        if gpkg is not None:
            self.diagnostic.setFilePath(str(gpkg))
        self.stops = QSpinBox(self)
        self.stops.setRange(1, 100)
        self.stops.setValue(5)
        self.radius = QDoubleSpinBox(self)
        self.radius.setRange(0.1, 200.0)
        self.radius.setValue(10.0)
        self.radius.setSuffix(" km")
        self.beyond = QDoubleSpinBox(self)
        self.beyond.setRange(0.0, 200.0)
        self.beyond.setValue(5.0)
        self.beyond.setSuffix(" km")
        self.candidates = QgsMapLayerComboBox(self)
        self.candidates.setFilters(QgsMapLayerProxyModel.Filter.PointLayer)
        self.candidates.setAllowEmptyLayer(True)
        self.candidates.setLayer(None)
        self.roads = QgsMapLayerComboBox(self)
        self.roads.setFilters(QgsMapLayerProxyModel.Filter.LineLayer)
        self.roads.setAllowEmptyLayer(True)
        self.roads.setLayer(None)
        self.output = QgsFileWidget(self)
        self.output.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        if gpkg is not None:
            self.output.setFilePath(str(Path(gpkg).parent / "tournee"))
        self.overwrite = QCheckBox(tr("Overwrite existing files"), self)
        form.addRow(tr("Diagnostic GeoPackage"), self.diagnostic)
        form.addRow(tr("Number of stops (K)"), self.stops)
        form.addRow(tr("Radius served by a stop"), self.radius)
        form.addRow(tr("Communes farther than this from a fixed place"), self.beyond)
        form.addRow(tr("Candidate stops (empty: every commune)"), self.candidates)
        form.addRow(tr("Road network (empty: straight line)"), self.roads)
        form.addRow(tr("Output folder"), self.output)
        form.addRow("", self.overwrite)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Plan the tour"))
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def params(self):
        """The TourParams of the form."""
        from ..core.tour.plan import TourParams

        return TourParams(
            Path(self.diagnostic.filePath()),
            Path(self.output.filePath() or "."),
            self.stops.value(),
            self.radius.value(),
            self.beyond.value(),
            candidates=self.candidates.currentLayer(),
            roads=self.roads.currentLayer(),
            overwrite=self.overwrite.isChecked(),
        )

    def run(self) -> None:
        """Plan and write; errors shown in the dialog in French."""
        from ..core.tour.run import method_text, run_tour

        params = self.params()
        try:
            self.result = run_tour(params)
        except Exception as error:  # every failure is told, none crashes QGIS
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(error_message(error))
            log.error("%s", error_message(error))
            return
        self.message.setStyleSheet("")
        text = method_text(self.result, params)
        self.message.setText(text)
        add_tour_layers(params.out_dir / "tournee.gpkg")
        results.push_summary(
            self.iface,
            tr("Tour written: {p}").format(p=params.out_dir / "tournee.gpkg"),
            Qgis.MessageLevel.Success,
            duration=10,
        )


def add_tour_layers(gpkg: Path, project: Optional[QgsProject] = None) -> list[QgsVectorLayer]:
    """Add the stops and served communes of ``gpkg`` (default styles) at the top of the project."""
    project = project or QgsProject.instance()
    group = project.layerTreeRoot().insertGroup(0, tr("MedRCVL – proposed tour"))
    layers = []
    for name, title in (("arrets", tr("Proposed stops")), ("communes", tr("Communes served"))):
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", title, "ogr")
        if layer.isValid():
            project.addMapLayer(layer, False)
            group.addLayer(layer)
            layers.append(layer)
    return layers
