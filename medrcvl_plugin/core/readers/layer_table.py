"""A memory layer of text fields as a plain table and back, so that a parsed copy of it can be kept.

``cache.cached_parse`` keeps DataFrames of numbers, texts and bytes only (``parsed_store``): the
features of a memory layer whose fields are all text travel as one text column per field and the
geometries as WKB; the geometry type, the CRS, the field definitions and the layer's custom
properties as ``DataFrame.attrs``. A layer with other field types is not turned into a table.
"""

from __future__ import annotations

import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ...compat import FIELD_TYPES

GEOMETRY_COLUMN = "_wkb"


def _null(value) -> bool:
    return value is None or (hasattr(value, "isNull") and value.isNull())


def to_table(layer: QgsVectorLayer, properties: tuple[str, ...] = ()) -> pd.DataFrame | None:
    """The features of ``layer`` as a table (None when a field is not text); ``properties``: the custom
    properties of the layer to keep."""
    fields = list(layer.fields())
    text = FIELD_TYPES["string"]
    if any(field.type() != text for field in fields) or GEOMETRY_COLUMN in layer.fields().names():
        return None
    columns: dict[str, list] = {field.name(): [] for field in fields}
    shapes: list[bytes | None] = []
    names = list(columns)
    for feature in layer.getFeatures():
        for name, value in zip(names, feature.attributes()):
            columns[name].append(None if _null(value) else str(value))
        geometry = feature.geometry()
        shapes.append(None if geometry is None or geometry.isNull() else bytes(geometry.asWkb()))
    table = pd.DataFrame(
        {
            **{n: pd.Series(v, dtype=object) for n, v in columns.items()},
            GEOMETRY_COLUMN: pd.Series(shapes, dtype=object),
        }
    )
    crs = layer.crs()
    table.attrs.update(
        {
            "name": layer.name(),
            "wkb_type": QgsWkbTypes.displayString(layer.wkbType()),
            "authid": crs.authid(),
            "wkt": crs.toWkt() if crs.isValid() else "",
            "fields": [[f.name(), f.typeName(), f.length(), f.precision()] for f in fields],
            "properties": {
                key: str(layer.customProperty(key))
                for key in properties
                if layer.customProperty(key) is not None
            },
        }
    )
    return table


def from_table(table: pd.DataFrame) -> QgsVectorLayer:
    """The memory layer that ``to_table`` turned into ``table``."""
    attrs = table.attrs
    layer = QgsVectorLayer(
        f"{attrs['wkb_type']}?crs={attrs['authid'] or 'EPSG:4326'}", attrs["name"], "memory"
    )
    if not attrs["authid"] and attrs["wkt"]:
        layer.setCrs(QgsCoordinateReferenceSystem.fromWkt(attrs["wkt"]))
    fields = [
        QgsField(name, FIELD_TYPES["string"], type_name, length, precision)
        for name, type_name, length, precision in attrs["fields"]
    ]
    layer.dataProvider().addAttributes(fields)
    layer.updateFields()
    names = [name for name, *_ in attrs["fields"]]
    values = [table[name].tolist() for name in names]
    features = []
    definitions = layer.fields()
    for number, wkb in enumerate(table[GEOMETRY_COLUMN].tolist()):
        feature = QgsFeature(definitions)
        if wkb is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(wkb)
            feature.setGeometry(geometry)
        feature.setAttributes([column[number] for column in values])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    for key, value in attrs.get("properties", {}).items():
        layer.setCustomProperty(key, value)
    return layer
