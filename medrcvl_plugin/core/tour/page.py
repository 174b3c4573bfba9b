"""The atlas page "Tournée itinérante proposée": map of the stops and served communes, the stops table,
the method in two sentences, the parameters and the sources (A4 landscape PDF)."""

from __future__ import annotations

from pathlib import Path

from ..base.errors import MedrcvlError
from ..base.fileio import atomic_path
from ..base.i18n import tr
from .plan import TourParams, TourResult
from .texts import method_text, parameters_text, sources_text, stops_text


def export_page(result: TourResult, params: TourParams, gpkg: Path, pdf: Path) -> Path:
    """Write the page to ``pdf`` (atomically)."""
    from qgis.core import (
        Qgis,
        QgsLayoutExporter,
        QgsLayoutItemMap,
        QgsPrintLayout,
        QgsProject,
        QgsVectorLayer,
    )

    from ..output.atlas.layout import MM, add_label, place_item

    project = QgsProject()
    communes = QgsVectorLayer(f"{gpkg}|layername=communes", "Communes", "ogr")
    stops = QgsVectorLayer(f"{gpkg}|layername=arrets", "Arrêts proposés", "ogr")
    for layer in (communes, stops):
        if not layer.isValid():
            raise MedrcvlError(tr("The tour GeoPackage {p} cannot be read.").format(p=gpkg))
        project.addMapLayer(layer)
    project.setCrs(communes.crs())
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    from qgis.core import QgsLayoutSize

    page.setPageSize(QgsLayoutSize(297, 210, MM))
    add_label(layout, "titre", "Tournée itinérante proposée", (10, 6, 277, 10), 16, bold=True)
    map_item = QgsLayoutItemMap(layout)
    map_item.setId("carte")
    layout.addLayoutItem(map_item)
    place_item(map_item, (10, 20, 150, 150))
    map_item.setCrs(communes.crs())
    map_item.setLayers([stops, communes])
    map_item.setKeepLayerSet(True)
    extent = communes.extent()
    extent.scale(1.05)
    map_item.setExtent(extent)
    add_label(layout, "tableau", stops_text(result), (165, 20, 122, 95), 7.5)
    add_label(layout, "methode", "Méthode. " + method_text(result, params), (165, 118, 122, 32), 7.5)
    add_label(layout, "parametres", parameters_text(result, params), (165, 152, 122, 26), 7.5)
    add_label(
        layout,
        "legende",
        "Vert : communes éloignées desservies ; orange : éloignées non desservies ; "
        "gris : à moins de la distance d'un lieu fixe ; points rouges : arrêts (rang).",
        (10, 172, 150, 10),
        7,
    )
    add_label(layout, "sources", sources_text(result), (10, 190, 277, 12), 6.5, color="#555555")
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = 150.0
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    with atomic_path(pdf, params.overwrite) as tmp:
        status = QgsLayoutExporter(layout).exportToPdf(str(tmp), settings)
        if status != QgsLayoutExporter.ExportResult.Success:
            raise MedrcvlError(tr("The tour page could not be written to {p}.").format(p=pdf))
    return Path(pdf)
