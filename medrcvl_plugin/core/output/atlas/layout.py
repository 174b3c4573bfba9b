"""The atlas print layout, built in code or loaded from a ``.qpt`` template, and bound to the layers."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from qgis.core import (
    QgsFillSymbol,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutItemShape,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsProperty,
    QgsReadWriteContext,
    QgsRuleBasedRenderer,
    QgsSimpleLineSymbolLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtXml import QDomDocument

from ....compat import LAYOUT_ENUMS, layout_property, set_label_text_format
from ...base.errors import DataFormatError
from ...base.i18n import tr
from ..styles import text_format
from .charts import svg_data_path

MM = LAYOUT_ENUMS["mm"]
TABLE_COLUMNS = ("t_ind", "t_val", "t_epci", "t_dep", "t_reg", "t_fr")
NORTH_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="60" viewBox="0 0 40 60">'
    '<polygon points="20,14 32,56 20,46 8,56" fill="#222222"/>'
    '<polygon points="20,14 20,46 8,56" fill="#ffffff" stroke="#222222" stroke-width="1.5"/>'
    '<text x="20" y="12" text-anchor="middle" font-family="DejaVu Sans" font-size="13" '
    'font-weight="bold">N</text></svg>'
)
# Item rectangles (x, y, width, height in mm) for each orientation.
FRAMES = {
    "portrait": {
        "titre": (10, 7, 145, 10),
        "sous_titre": (10, 17, 190, 6),
        "carte": (10, 25, 126, 118),
        "legende": (138, 25, 62, 118),
        "tableau": (10, 146, 116, 48),
        "graphique": (129, 146, 71, 46),
        "texte": (10, 196, 190, 21),
        "lieux": (10, 218, 190, 45),
        "sources": (10, 264, 190, 28),
        "date": (135, 6, 65, 5),
        "page": (135, 11, 65, 5),
    },
    "landscape": {
        "titre": (10, 6, 220, 10),
        "sous_titre": (10, 16, 277, 6),
        "carte": (10, 24, 150, 122),
        "legende": (10, 148, 150, 40),
        "tableau": (165, 24, 122, 47),
        "graphique": (165, 73, 72, 47),
        "texte": (240, 73, 47, 60),
        "lieux": (165, 134, 122, 54),
        "sources": (10, 190, 277, 16),
        "date": (222, 5, 65, 5),
        "page": (222, 10, 65, 5),
    },
}
COLUMN_WIDTHS = (41, 15, 15, 15, 15, 15)


def place_item(item, frame: tuple) -> None:
    """Move and resize a layout item (mm)."""
    x, y, w, h = frame
    item.attemptMove(QgsLayoutPoint(x, y, MM))
    item.attemptResize(QgsLayoutSize(w, h, MM))


def add_label(
    layout: QgsPrintLayout,
    item_id: str,
    text: str,
    frame: tuple,
    size: float,
    bold: bool = False,
    color: str = "#222222",
    align=Qt.AlignmentFlag.AlignLeft,
) -> QgsLayoutItemLabel:
    """A plain-text label (expressions in ``[% %]``) in DejaVu Sans."""
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    label.setText(text)
    set_label_text_format(label, text_format(size, color, bold))
    label.setHAlign(align)
    label.setVAlign(Qt.AlignmentFlag.AlignTop)
    layout.addLayoutItem(label)
    place_item(label, frame)
    return label


def _legend_fonts(legend: QgsLayoutItemLegend) -> None:
    """DejaVu Sans in every legend style."""
    for style, size, bold in (
        (QgsLegendStyle.Style.Title, 9, True),
        (QgsLegendStyle.Style.Group, 8.5, True),
        (QgsLegendStyle.Style.Subgroup, 8.5, True),
        (QgsLegendStyle.Style.SymbolLabel, 7.5, False),
    ):
        fmt = text_format(size, bold=bold)
        target = legend.rstyle(style)
        if hasattr(target, "setTextFormat"):
            target.setTextFormat(fmt)
        else:
            font = fmt.font()
            font.setPointSizeF(size)
            target.setFont(font)
    for style in (QgsLegendStyle.Style.Symbol, QgsLegendStyle.Style.SymbolLabel):
        legend.rstyle(style).setMargin(QgsLegendStyle.Side.Top, 1.2)
    legend.rstyle(QgsLegendStyle.Style.Subgroup).setMargin(QgsLegendStyle.Side.Top, 2.5)


def build_layout(
    project: QgsProject, orientation: str = "portrait", name: str = "Atlas MedRCVL"
) -> QgsPrintLayout:
    """The atlas layout (A4) with every item, not yet bound to layers."""
    frames = FRAMES[orientation]
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(name)
    page = layout.pageCollection().page(0)
    page.setPageSize(
        "A4",
        QgsLayoutItemPage.Orientation.Landscape
        if orientation == "landscape"
        else QgsLayoutItemPage.Orientation.Portrait,
    )
    add_label(layout, "titre", '[% "titre" %]', frames["titre"], 17, bold=True, color="#08306b")
    add_label(layout, "sous_titre", '[% "sous_titre" %]', frames["sous_titre"], 9, color="#444444")
    carte = QgsLayoutItemMap(layout)
    carte.setId("carte")
    carte.setFrameEnabled(True)
    layout.addLayoutItem(carte)
    place_item(carte, frames["carte"])
    legend = QgsLayoutItemLegend(layout)
    legend.setId("legende")
    legend.setTitle("")
    legend.setLinkedMap(carte)
    legend.setResizeToContents(False)
    legend.setWrapString("~")
    legend.setSymbolWidth(5.0)
    legend.setSymbolHeight(3.5)
    _legend_fonts(legend)
    layout.addLayoutItem(legend)
    place_item(legend, frames["legende"])
    if orientation == "landscape":
        legend.setColumnCount(3)
        legend.setSplitLayer(True)
    scalebar = QgsLayoutItemScaleBar(layout)
    scalebar.setId("echelle")
    scalebar.setLinkedMap(carte)
    scalebar.setStyle("Single Box")
    scalebar.setUnits(LAYOUT_ENUMS["km"])
    scalebar.setUnitLabel("km")
    scalebar.setNumberOfSegments(2)
    scalebar.setNumberOfSegmentsLeft(0)
    scalebar.setSegmentSizeMode(LAYOUT_ENUMS["fit_width"])
    scalebar.setMinimumBarWidth(15)
    scalebar.setMaximumBarWidth(35)
    scalebar.setTextFormat(text_format(7))
    scalebar.setBackgroundEnabled(True)
    layout.addLayoutItem(scalebar)
    x, y, w, h = frames["carte"]
    scalebar.attemptMove(QgsLayoutPoint(x + 2, y + h - 11, MM))
    north = QgsLayoutItemPicture(layout)
    north.setId("nord")
    north.setPicturePath(svg_data_path(NORTH_SVG), LAYOUT_ENUMS["svg"])
    layout.addLayoutItem(north)
    place_item(north, (x + w - 10, y + 2, 8, 12))
    tx, ty, tw, th = frames["tableau"]
    box = QgsLayoutItemShape(layout)
    box.setId("tableau_fond")
    box.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    layout.addLayoutItem(box)
    place_item(box, (tx, ty, tw, th))
    offset: float = tx + 1
    scale = (tw - 2) / sum(COLUMN_WIDTHS)
    for column, width in zip(TABLE_COLUMNS, COLUMN_WIDTHS):
        align = Qt.AlignmentFlag.AlignLeft if column == "t_ind" else Qt.AlignmentFlag.AlignRight
        frame = (offset, ty + 1, width * scale - 1, th - 2)
        cell = add_label(layout, f"tableau_{column[2:]}", f'[% "{column}" %]', frame, 7.5, align=align)
        cell.setMargin(0.0)
        offset += width * scale
    chart = QgsLayoutItemPicture(layout)
    chart.setId("graphique")
    chart.setPicturePath(
        svg_data_path('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), LAYOUT_ENUMS["svg"]
    )
    chart.dataDefinedProperties().setProperty(
        layout_property("PictureSource"), QgsProperty.fromExpression('"graphique"')
    )
    layout.addLayoutItem(chart)
    place_item(chart, frames["graphique"])
    add_label(layout, "texte", '[% "texte" %]', frames["texte"], 10)
    add_label(layout, "lieux", '[% "lieux_texte" %]', frames["lieux"], 8)
    add_label(layout, "sources", "Sources", frames["sources"], 7, color="#444444")
    add_label(
        layout,
        "date",
        "Édité le [% format_date(now(), 'dd/MM/yyyy') %]",
        frames["date"],
        7.5,
        color="#444444",
        align=Qt.AlignmentFlag.AlignRight,
    )
    add_label(
        layout,
        "page",
        "Page [% @atlas_featurenumber %] / [% @atlas_totalfeatures %]",
        frames["page"],
        8,
        align=Qt.AlignmentFlag.AlignRight,
    )
    return layout


def load_template(project: QgsProject, template: Path, name: str = "Atlas MedRCVL") -> QgsPrintLayout:
    """A layout read from a ``.qpt`` template (the items are bound to layers by :func:`bind_layout`)."""
    document = QDomDocument()
    try:
        content = Path(template).read_text(encoding="utf-8")
    except OSError as error:
        raise DataFormatError(
            tr("Cannot read the layout template {p}: {e}").format(p=template, e=error), source=str(template)
        ) from error
    if not document.setContent(content)[0]:
        raise DataFormatError(
            tr("The layout template {p} is not valid XML").format(p=template), source=str(template)
        )
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    _items, ok = layout.loadFromTemplate(document, QgsReadWriteContext())
    if not ok:
        raise DataFormatError(
            tr("QGIS could not load the layout template {p}").format(p=template), source=str(template)
        )
    layout.setName(name)
    missing = [i for i in ("carte", "legende") if layout.itemById(i) is None]
    if missing:
        raise DataFormatError(
            tr("The layout template {p} lacks the items {i}").format(p=template, i=", ".join(missing)),
            source=str(template),
        )
    return layout


def save_template(layout: QgsPrintLayout, path: Path) -> None:
    """Save the layout as a ``.qpt`` template."""
    if not layout.saveAsTemplate(str(path), QgsReadWriteContext()):
        raise DataFormatError(tr("Could not save the layout template {p}").format(p=path), source=str(path))


def style_highlight(pages: QgsVectorLayer) -> None:
    """Draw only the current atlas page's outline (the commune, or the territory on the cover)."""
    halo = QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "#ffffff", "outline_width": "1.6"}
    )
    line = QgsSimpleLineSymbolLayer(QColor("#08306b"), 0.7)
    halo.appendSymbolLayer(line)
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(halo, 0, 0, "$id = @atlas_featureid", "Page courante"))
    pages.setRenderer(QgsRuleBasedRenderer(root))


def bind_layout(
    layout: QgsPrintLayout,
    pages: QgsVectorLayer,
    communes: QgsVectorLayer,
    lieux: Optional[QgsVectorLayer],
    sources_text: str,
    legend_title: str,
) -> None:
    """Point the map, legend, atlas and sources block at this diagnostic's layers."""
    carte = layout.itemById("carte")
    layers = [x for x in (lieux, pages, communes) if x is not None]
    carte.setLayers(layers)
    carte.setKeepLayerSet(True)
    carte.setAtlasDriven(True)
    carte.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
    carte.setAtlasMargin(0.35)
    carte.setExtent(pages.extent())
    legend = layout.itemById("legende")
    legend.setAutoUpdateModel(False)
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for layer, title in ((communes, legend_title), (lieux, "Lieux de médiation~numérique")):
        if layer is not None:
            node = root.addLayer(layer)
            node.setUseLayerName(False)  # a legend title, not a new layer name
            node.setName(title)
    legend.updateLegend()
    sources = layout.itemById("sources")
    if sources is not None:
        sources.setText(sources_text)
    atlas = layout.atlas()
    atlas.setCoverageLayer(pages)
    atlas.setPageNameExpression('"titre"')
    atlas.setEnabled(True)
