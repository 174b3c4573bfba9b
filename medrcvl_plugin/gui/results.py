"""Main-thread end of a diagnostic: layers in a styled group, message bar summary, report table."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Optional

from qgis.core import Qgis, QgsLayerTreeGroup, QgsProject, QgsVectorLayer
from qgis.PyQt.QtWidgets import QPushButton

from ..core.base.i18n import tr

log = logging.getLogger(__name__)

GROUP_PREFIX = "MedRCVL – "
MAP_LAYERS = ("communes", "lieux")


def open_layer(gpkg: Path, name: str, title: str) -> QgsVectorLayer:
    """The GeoPackage layer or table ``name`` as a QGIS layer called ``title``."""
    return QgsVectorLayer(f"{gpkg}|layername={name}", title, "ogr")


def style_layer(layer: QgsVectorLayer, name: str, field: str = "ifn_score") -> None:
    """Style a result layer with ``core.styles`` (a failing style never loses the layer)."""
    try:
        from ..core.output import styles

        if name == "communes":
            styles.apply_graduated(layer, field)
            if hasattr(styles, "label_communes"):
                styles.label_communes(layer)
        elif name == "lieux":
            styles.style_lieux(layer)
    except Exception as error:  # keep the data, report the style problem
        log.warning(tr("The layer {name} could not be styled: {error}").format(name=name, error=error))


def add_result_layers(
    gpkg: Path, territory: str, project: Optional[QgsProject] = None, field: str = "ifn_score"
) -> tuple[QgsLayerTreeGroup, dict[str, QgsVectorLayer]]:
    """Add the communes and places of ``gpkg`` to a group "MedRCVL – <territory>" at the top."""
    project = project or QgsProject.instance()
    root = project.layerTreeRoot()
    name = GROUP_PREFIX + (territory or Path(gpkg).stem)
    old = root.findGroup(name)
    if old is not None:  # a rerun replaces its own group, never the user's layers
        for layer_id in old.findLayerIds():
            project.removeMapLayer(layer_id)
        root.removeChildNode(old)
    group = root.insertGroup(0, name)
    titles = {"lieux": tr("Digital-mediation places"), "communes": tr("Communes – digital fragility")}
    layers: dict[str, QgsVectorLayer] = {}
    for key in ("lieux", "communes"):  # points above polygons
        layer = open_layer(gpkg, key, titles[key])
        if not layer.isValid():
            log.warning(tr("The GeoPackage {p} has no layer {name}.").format(p=gpkg, name=key))
            continue
        style_layer(layer, key, field)
        project.addMapLayer(layer, False)
        group.addLayer(layer)
        layers[key] = layer
    return group, layers


def add_unmatched_table(
    gpkg: Path, group: Optional[QgsLayerTreeGroup] = None, project: Optional[QgsProject] = None
) -> Optional[QgsVectorLayer]:
    """Add (once) the ``unmatched_codes`` table of ``gpkg`` to the project and return it."""
    project = project or QgsProject.instance()
    title = tr("Unmatched codes")
    for layer in project.mapLayersByName(title):
        if Path(layer.source().split("|")[0]) == Path(gpkg):
            return layer
    layer = open_layer(gpkg, "unmatched_codes", title)
    if not layer.isValid():
        return None
    project.addMapLayer(layer, group is None)
    if group is not None:
        group.addLayer(layer)
    return layer


def zoom_to(iface, layer) -> None:
    """Zoom the map canvas (when there is one) to ``layer``."""
    canvas = iface.mapCanvas() if hasattr(iface, "mapCanvas") else None
    if canvas is not None and layer is not None:
        canvas.setExtent(canvas.mapSettings().layerToMapCoordinates(layer, layer.extent()))
        canvas.refresh()


def summary_text(result: Any, territory: str) -> str:
    """One French-translatable sentence summing up a ``DiagnosticResult``."""
    text = tr("{territory}: {communes} communes, {lieux} places, {unmatched} unmatched codes.").format(
        territory=territory,
        communes=getattr(result, "communes", "?"),
        lieux=getattr(result, "lieux", "?"),
        unmatched=getattr(result, "unmatched", "?"),
    )
    missing = list(getattr(result, "missing", []) or [])
    if missing:
        text += " " + tr("Datasets missing, their fields left empty: {m}").format(m=", ".join(missing))
    warnings = list(getattr(result, "warnings", []) or [])
    if warnings:
        text += " " + tr("Warnings: {n} (see the log panel).").format(n=len(warnings))
    return text


def push_summary(
    iface,
    text: str,
    level=Qgis.MessageLevel.Success,
    button: Optional[tuple[str, Callable[[], None]]] = None,
    duration: int = 0,
) -> None:
    """Show ``text`` in the QGIS message bar, with an optional (label, slot) button."""
    bar = iface.messageBar()
    title = "MedRCVL"
    if button is not None and hasattr(bar, "createMessage") and hasattr(bar, "pushWidget"):
        item = bar.createMessage(title, text)
        push = QPushButton(button[0], item)
        push.clicked.connect(button[1])
        item.layout().addWidget(push)
        bar.pushWidget(item, level, duration)
    else:
        bar.pushMessage(title, text, level, duration)


def show_table(iface, layer: QgsVectorLayer) -> None:
    """Open the attribute table of ``layer`` (when the interface can)."""
    if hasattr(iface, "showAttributeTable"):
        iface.showAttributeTable(layer)
