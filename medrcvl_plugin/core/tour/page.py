"""The atlas page "Tournée itinérante proposée": map of the stops and served communes, the stops table,
the method in two sentences, the parameters and the sources (A4 landscape PDF)."""

from __future__ import annotations

from pathlib import Path

from ..base.errors import MedrcvlError
from ..base.fileio import atomic_path
from ..base.i18n import tr
from .plan import TourParams, TourResult


def sources_text(result: TourResult) -> str:
    """The sources line of the page: MedRCVL and the datasets the diagnostic read."""
    names = ["MedRCVL – diagnostic de fragilité numérique", *result.attributions]
    return "Sources : " + " ; ".join(names) + ". Licence Ouverte / Etalab 2.0."


def stops_text(result: TourResult, max_rows: int = 14) -> str:
    """The stops table as text lines (rank, commune, weight, communes served)."""
    lines = ["Rang  Arrêt (code INSEE)  –  poids desservi  –  communes desservies"]
    names = dict(zip(result.communes["code_insee"], result.communes["nom"]))
    for row in list(result.stops.itertuples(index=False))[:max_rows]:
        served = row.communes_desservies.split("|") if row.communes_desservies else []
        listed = ", ".join(str(names.get(c, c)) for c in served[:6]) + (" …" if len(served) > 6 else "")
        lines.append(
            f"{row.rang:>3}.  {row.nom} ({row.code_insee})  –  {row.poids_couvert:.0f}  –  "
            f"{listed or 'aucune commune éloignée'}"
        )
    if len(result.stops) > max_rows:
        lines.append(f"… et {len(result.stops) - max_rows} autres arrêts (voir tournee.csv)")
    return "\n".join(lines)


def parameters_text(result: TourResult, params: TourParams) -> str:
    """The parameters and the outcome in a few lines."""
    from .run import _km

    served = result.solution.value
    total = result.total_weight
    share = f"{100 * served / total:.0f} %" if total else "–"
    text = (
        f"Paramètres : {params.stops} arrêts ; rayon {_km(params.radius_km)} ; communes à plus de "
        f"{_km(params.beyond_km)} d'un lieu fixe ; distances "
        f"{'par la route' if result.distance == 'road' else 'à vol d’oiseau'} ; candidats : "
        f"{'couche fournie' if params.candidates is not None else 'toutes les communes'}.\n"
        f"Poids desservi : {served:.0f} sur {total:.0f} ({share})."
    )
    if result.unweighted:
        text += (
            f"\nCommunes éloignées sans score ou sans population (non pondérées) : "
            f"{', '.join(result.unweighted[:10])}{' …' if len(result.unweighted) > 10 else ''}."
        )
    return text


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

    from ..output.atlas.layout import MM, _label, _place
    from .run import method_text

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
    _label(layout, "titre", "Tournée itinérante proposée", (10, 6, 277, 10), 16, bold=True)
    map_item = QgsLayoutItemMap(layout)
    map_item.setId("carte")
    layout.addLayoutItem(map_item)
    _place(map_item, (10, 20, 150, 150))
    map_item.setCrs(communes.crs())
    map_item.setLayers([stops, communes])
    map_item.setKeepLayerSet(True)
    extent = communes.extent()
    extent.scale(1.05)
    map_item.setExtent(extent)
    _label(layout, "tableau", stops_text(result), (165, 20, 122, 95), 7.5)
    _label(layout, "methode", "Méthode. " + method_text(result, params), (165, 118, 122, 32), 7.5)
    _label(layout, "parametres", parameters_text(result, params), (165, 152, 122, 26), 7.5)
    _label(
        layout,
        "legende",
        "Vert : communes éloignées desservies ; orange : éloignées non desservies ; "
        "gris : à moins de la distance d'un lieu fixe ; points rouges : arrêts (rang).",
        (10, 172, 150, 10),
        7,
    )
    _label(layout, "sources", sources_text(result), (10, 190, 277, 12), 6.5, color="#555555")
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = 150.0
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    with atomic_path(pdf, params.overwrite) as tmp:
        status = QgsLayoutExporter(layout).exportToPdf(str(tmp), settings)
        if status != QgsLayoutExporter.ExportResult.Success:
            raise MedrcvlError(tr("The tour page could not be written to {p}.").format(p=pdf))
    return Path(pdf)
