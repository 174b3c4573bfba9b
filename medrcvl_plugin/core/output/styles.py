"""Map styles: choropleths of commune indicators (with a no-data class) and place symbols."""

from __future__ import annotations

import json
import logging
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Optional

from qgis.core import (
    QgsClassificationEqualInterval,
    QgsClassificationJenks,
    QgsClassificationPrettyBreaks,
    QgsClassificationQuantile,
    QgsColorBrewerColorRamp,
    QgsExpression,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsRuleBasedRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

from ...compat import LAYOUT_ENUMS, save_style_to_database
from ..base.errors import DataFormatError
from ..base.i18n import tr
from .atlas.texts import NBSP, format_number, is_missing

log = logging.getLogger(__name__)

METHODS = ("jenks", "quantile", "equal", "pretty", "ifn")
NO_DATA_LABEL = "Données non disponibles"
NO_DATA_COLOR = "#cccccc"
FONT_FAMILY = "DejaVu Sans"
CLASSES_PROPERTY = "medrcvl/classes"
PROGRAMME_LABEL = "Programme national~(Conseiller numérique,~Aidants Connect)"
PROGRAMME_FILTER = '"prog_conseiller_numerique" OR "prog_aidants_connect"'

# (key found in the normalised category, colour (Okabe–Ito, colour-blind safe), marker shape)
PLACE_CATEGORIES = (
    ("epn", "#0072B2", "circle"),
    ("bibli", "#E69F00", "square"),
    ("mediath", "#E69F00", "square"),
    ("france serv", "#009E73", "diamond"),
    ("msap", "#009E73", "diamond"),
    ("tiers", "#CC79A7", "triangle"),
    ("fablab", "#56B4E9", "pentagon"),
    ("mairie", "#F0E442", "hexagon"),
    ("social", "#D55E00", "star"),
    ("ccas", "#D55E00", "star"),
)
OTHER_PLACE = ("#666666", "cross_fill")
UNKNOWN_PLACE = ("#ffffff", "circle")  # no category: a hollow grey circle, distinct from "Autre"


def field_format(field: str) -> tuple[float, int, str]:
    """(factor, decimals, unit) used to print the values of a commune field."""
    if field.endswith("_share"):
        return 100.0, 0, "%"
    if field.endswith("_km"):
        return 1.0, 1, "km"
    if field == "lieux_per_10k":
        return 1.0, 1, f"/10{NBSP}000 hab."
    if field == "population":
        return 1.0, 0, "hab."
    if field.startswith(("lieux_count", "n_", "rank_", "flag_", "conseillers_", "aidants_connect_")):
        return 1.0, 0, ""
    return 1.0, 1, ""


def format_value(field: str, value: Any) -> str:
    """A value of ``field`` in French with its unit (shares ×100 with %)."""
    factor, decimals, unit = field_format(field)
    if is_missing(value):
        return format_number(None)
    return format_number(float(value) * factor, decimals, unit)


def compute_breaks(values: Iterable[Any], method: str = "jenks", classes: int = 5) -> list[float]:
    """Class bounds (ascending, ``classes + 1`` at most) computed on the non-missing values only."""
    if method not in METHODS:
        raise DataFormatError(
            tr("Unknown classification method {m}; expected one of {a}").format(
                m=method, a=", ".join(METHODS)
            ),
            field="method",
        )
    classes = max(1, int(classes))
    if method == "ifn":
        step = 9.0 / classes
        return [round(1.0 + i * step, 6) for i in range(classes + 1)]
    numbers = sorted(float(v) for v in values if not is_missing(v))
    if not numbers:
        return []
    if numbers[0] == numbers[-1]:
        return [numbers[0], numbers[-1]]
    engine = {
        "jenks": QgsClassificationJenks,
        "quantile": QgsClassificationQuantile,
        "equal": QgsClassificationEqualInterval,
        "pretty": QgsClassificationPrettyBreaks,
    }[method]()
    ranges = engine.classes(numbers, min(classes, len(set(numbers))))
    bounds = [ranges[0].lowerBound()] + [r.upperBound() for r in ranges]
    unique: list[float] = []
    for bound in bounds:
        if not unique or bound > unique[-1]:
            unique.append(bound)
    unique[0] = min(unique[0], numbers[0])
    unique[-1] = max(unique[-1], numbers[-1])
    return unique


def ramp_colors(count: int, scheme: str = "YlOrRd", reverse: bool = False) -> list[QColor]:
    """``count`` colours of a ColorBrewer scheme (interpolated beyond the scheme's size)."""
    size = min(max(count, 3), 11 if scheme in ("RdBu", "PuOr", "BrBG", "PRGn", "PiYG", "RdYlBu") else 9)
    brewer = QgsColorBrewerColorRamp(scheme, size)
    palette = [brewer.color(i / (size - 1)) for i in range(size)]
    if reverse:
        palette.reverse()
    if count == size:
        return palette
    return [_interpolate(palette, i / max(count - 1, 1)) for i in range(count)]


def _interpolate(palette: list[QColor], t: float) -> QColor:
    """The colour at ``t`` (0–1) of a piecewise-linear palette."""
    position = max(0.0, min(1.0, t)) * (len(palette) - 1)
    low = int(position)
    high = min(low + 1, len(palette) - 1)
    frac = position - low
    a, b = palette[low], palette[high]
    return QColor(
        round(a.red() + (b.red() - a.red()) * frac),
        round(a.green() + (b.green() - a.green()) * frac),
        round(a.blue() + (b.blue() - a.blue()) * frac),
    )


def class_label(field: str, low: float, high: float) -> str:
    """French legend label of one class: ``6,5 – 7,2`` (with the field's unit)."""
    factor, decimals, unit = field_format(field)
    return f"{format_number(low * factor, decimals)} – " f"{format_number(high * factor, decimals, unit)}"


def _fill(color: QColor) -> QgsFillSymbol:
    """A plain fill with a thin white outline."""
    return QgsFillSymbol.createSimple(
        {
            "color": color.name(),
            "outline_color": "#ffffff",
            "outline_width": "0.2",
            "outline_width_unit": "MM",
        }
    )


def apply_graduated(
    layer: QgsVectorLayer, field: str, method: str = "jenks", classes: int = 5, ramp: Optional[str] = None
) -> QgsRuleBasedRenderer:
    """Classify ``field`` (breaks on non-NULL values only) with a "no data" class; return the renderer."""
    index = layer.fields().indexOf(field)
    if index < 0:
        raise DataFormatError(
            tr("Layer {l} has no field {f}").format(l=layer.name(), f=field),
            source=layer.source(),
            field=field,
        )
    values = [f[field] for f in layer.getFeatures()]
    bounds = compute_breaks(values, method, classes)
    diverging = field.startswith("gap_")
    scheme = ramp or (
        "RdBu" if diverging else ("YlGnBu" if field.endswith(("ftth_share", "thd30_share")) else "YlOrRd")
    )
    count = max(len(bounds) - 1, 1) if bounds else 0
    if diverging and bounds:
        extent = max(abs(bounds[0]), abs(bounds[-1])) or 1.0
        palette = ramp_colors(11, scheme, reverse=True)
        colors = [
            _interpolate(palette, 0.5 + (lo + hi) / 4.0 / extent) for lo, hi in zip(bounds[:-1], bounds[1:])
        ]
    else:
        colors = ramp_colors(count, scheme) if count else []
    root = QgsRuleBasedRenderer.Rule(None)
    quoted = '"' + field.replace('"', '""') + '"'
    for i, (low, high) in enumerate(zip(bounds[:-1], bounds[1:]) if len(bounds) > 1 else []):
        op = ">=" if i == 0 else ">"
        expression = f"{quoted} {op} {low!r} AND {quoted} <= {high!r}"
        root.appendChild(
            QgsRuleBasedRenderer.Rule(_fill(colors[i]), 0, 0, expression, class_label(field, low, high))
        )
    if len(bounds) == 2 and bounds[0] == bounds[1]:
        root.appendChild(
            QgsRuleBasedRenderer.Rule(
                _fill(ramp_colors(3, scheme)[1]),
                0,
                0,
                f"{quoted} = {bounds[0]!r}",
                format_value(field, bounds[0]),
            )
        )
    root.appendChild(
        QgsRuleBasedRenderer.Rule(_fill(QColor(NO_DATA_COLOR)), 0, 0, f"{quoted} IS NULL", NO_DATA_LABEL)
    )
    renderer = QgsRuleBasedRenderer(root)
    layer.setRenderer(renderer)
    layer.setCustomProperty(
        CLASSES_PROPERTY, json.dumps({"field": field, "method": method, "bounds": bounds})
    )
    layer.triggerRepaint()
    return renderer


def classes_of(layer: QgsVectorLayer) -> dict:
    """The classification stored by :func:`apply_graduated` (``field``, ``method``, ``bounds``)."""
    return json.loads(layer.customProperty(CLASSES_PROPERTY, "{}") or "{}")


def text_format(
    size: float, color: str = "#222222", bold: bool = False, buffer: float = 0.0
) -> QgsTextFormat:
    """A DejaVu Sans text format, with an optional white halo."""
    fmt = QgsTextFormat()
    font = QFont(FONT_FAMILY)
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setColor(QColor(color))
    if buffer:
        halo = QgsTextBufferSettings()
        halo.setEnabled(True)
        halo.setSize(buffer)
        halo.setColor(QColor("#ffffff"))
        fmt.setBuffer(halo)
    return fmt


def _labels(field: str, size: float, placement, color: str, obstacle: bool) -> QgsVectorLayerSimpleLabeling:
    """Collision-free labels of ``field`` (QGIS never places overlapping labels unless asked)."""
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.placement = placement
    settings.dist = 1.0
    settings.setFormat(text_format(size, color, buffer=0.7))
    settings.obstacleSettings().setIsObstacle(obstacle)
    settings.priority = 7 if obstacle else 4
    return QgsVectorLayerSimpleLabeling(settings)


def label_communes(layer: QgsVectorLayer) -> None:
    """Label communes by name (horizontal, inside the polygons when they fit)."""
    layer.setLabeling(_labels("nom", 7.0, LAYOUT_ENUMS["horizontal"], "#333333", obstacle=False))
    layer.setLabelsEnabled(True)


def _normalise(text: str) -> str:
    """Lower case without accents."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def place_symbol_spec(category: str) -> tuple[str, str]:
    """(colour, marker shape) of a place category."""
    norm = _normalise(category)
    for key, color, shape in PLACE_CATEGORIES:
        if key in norm:
            return color, shape
    return OTHER_PLACE


def style_lieux(layer: QgsVectorLayer, labels: bool = True) -> QgsRuleBasedRenderer:
    """One symbol per ``categorie`` (shape + colour), a ring for national programmes, labels by name."""
    root = QgsRuleBasedRenderer.Rule(None)
    index = layer.fields().indexOf("categorie")
    categories = sorted(str(v) for v in layer.uniqueValues(index) if not is_missing(v)) if index >= 0 else []
    for category in categories:
        color, shape = place_symbol_spec(category)
        symbol = QgsMarkerSymbol.createSimple(
            {"name": shape, "color": color, "outline_color": "#ffffff", "outline_width": "0.3", "size": "3.2"}
        )
        literal = category.replace("'", "''")
        root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, f"\"categorie\" = '{literal}'", category))
    other = QgsMarkerSymbol.createSimple(
        {
            "name": UNKNOWN_PLACE[1],
            "color": UNKNOWN_PLACE[0],
            "outline_color": "#666666",
            "outline_width": "0.5",
            "size": "3.0",
        }
    )
    else_rule = QgsRuleBasedRenderer.Rule(other, 0, 0, "ELSE", "Catégorie non renseignée")
    root.appendChild(else_rule)
    fields = layer.fields()
    has_programmes = (
        fields.indexOf("prog_conseiller_numerique") >= 0 and fields.indexOf("prog_aidants_connect") >= 0
    )
    if has_programmes and any(
        True for _ in layer.getFeatures(QgsFeatureRequest(QgsExpression(PROGRAMME_FILTER)).setLimit(1))
    ):
        ring = QgsMarkerSymbol.createSimple(
            {
                "name": "circle",
                "color": "0,0,0,0",
                "outline_color": "#000000",
                "outline_width": "0.6",
                "size": "5.2",
            }
        )
        root.appendChild(QgsRuleBasedRenderer.Rule(ring, 0, 0, PROGRAMME_FILTER, PROGRAMME_LABEL))
    renderer = QgsRuleBasedRenderer(root)
    layer.setRenderer(renderer)
    if labels and fields.indexOf("nom") >= 0:
        layer.setLabeling(_labels("nom", 6.0, LAYOUT_ENUMS["around_point"], "#000000", obstacle=True))
        layer.setLabelsEnabled(True)
    layer.triggerRepaint()
    return renderer


def save_default_styles(
    gpkg_path: Path | str, field: str = "ifn_score", method: str = "jenks", classes: int = 5
) -> list[str]:
    """Store the choropleth and place styles as default styles inside the GeoPackage (``layer_styles``)."""
    saved = []
    for name in ("communes", "lieux"):
        layer = QgsVectorLayer(f"{gpkg_path}|layername={name}", name, "ogr")
        if not layer.isValid():
            raise DataFormatError(
                tr("The GeoPackage {p} has no valid layer {l}").format(p=gpkg_path, l=name),
                source=str(gpkg_path),
            )
        if name == "communes":
            apply_graduated(layer, field, method, classes)
            label_communes(layer)
        else:
            style_lieux(layer)
        error = save_style_to_database(layer, name, tr("MedRCVL default style"), True)
        if error:
            raise DataFormatError(
                tr("Could not save the style of {l} in {p}: {e}").format(l=name, p=gpkg_path, e=error),
                source=str(gpkg_path),
            )
        saved.append(name)
    log.info("Default styles saved in %s", gpkg_path)
    return saved
