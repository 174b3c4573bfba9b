"""Turn the readers' DataFrames into QGIS fields and features (tables or points)."""

from __future__ import annotations

import math
from typing import Any, Iterator

from qgis.core import QgsFeature, QgsField, QgsFields, QgsGeometry, QgsPointXY

from ...compat import FIELD_TYPES


def _kind(dtype: Any) -> str:
    """The QGIS field kind of a pandas dtype (text stays text)."""
    name = str(dtype)
    if name.startswith(("int", "Int", "uint", "UInt")):
        return "int64"
    if name.startswith(("float", "Float")):
        return "double"
    if name in ("bool", "boolean"):
        return "bool"
    return "string"


def frame_fields(frame) -> QgsFields:
    """QgsFields for the columns of ``frame`` (object/str → text, ints → int64, floats → double)."""
    fields = QgsFields()
    for column in frame.columns:
        fields.append(QgsField(str(column), FIELD_TYPES[_kind(frame[column].dtype)]))
    return fields


def _value(value: Any, kind: str) -> Any:
    """A Python value for QGIS: NaN/None/NA → None (NULL), numpy scalars → Python scalars."""
    if value is None:
        return None
    try:
        if value != value:  # NaN, pandas NA raises TypeError
            return None
    except TypeError:
        return None
    if kind == "int64":
        return int(value)
    if kind == "double":
        return float(value)
    if kind == "bool":
        return bool(value)
    return str(value)


def frame_features(
    frame, fields: QgsFields, lon: str | None = None, lat: str | None = None
) -> Iterator[QgsFeature]:
    """Features of ``frame``; with ``lon``/``lat`` columns, point geometries (none when NaN)."""
    kinds = [_kind(frame[c].dtype) for c in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        feature = QgsFeature(fields)
        feature.setAttributes([_value(v, k) for v, k in zip(row, kinds)])
        if lon is not None and lat is not None:
            x = feature[lon]
            y = feature[lat]
            if isinstance(x, float) and isinstance(y, float) and math.isfinite(x) and math.isfinite(y):
                feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        yield feature
