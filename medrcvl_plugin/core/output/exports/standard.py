"""Export of places to the national standard CSV layout (schema v1.0.2), rows validated first."""

from __future__ import annotations

import csv
import io
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ...base.errors import CancelledError, DataFormatError
from ...base.i18n import tr
from ...readers import lieux_schema
from ...readers.lieux import RENAMED
from ...readers.lieux_schema import STANDARD_FIELDS, Problem
from .. import sets as outputs

log = logging.getLogger(__name__)
TO_STANDARD = {v: k for k, v in RENAMED.items()}
#: column of ``frame_from_layer`` naming a point that could not be converted to latitude/longitude
COORDINATE_PROBLEM = "coordinate_problem"


@dataclass
class StandardExport:
    """Result of :func:`export_standard`: file written, rows written, rows rejected with reasons."""

    path: Path
    rows: int
    rejected: list[Problem] = field(default_factory=list)


def frame_from_layer(layer) -> pd.DataFrame:
    """Attributes of a point layer/feature source as a DataFrame; latitude/longitude from the geometry."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsCsException,
        QgsProject,
    )

    names = layer.fields().names()
    crs = layer.sourceCrs() if hasattr(layer, "sourceCrs") else layer.crs()
    transform = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    records = []
    for feature in layer.getFeatures():
        record = {name: _plain(feature[name]) for name in names}
        geometry = feature.geometry()
        if geometry is not None and not geometry.isEmpty():
            xy = geometry.centroid().asPoint()
            try:  # a point edited to an absurd place is reported (quality report), never fatal
                if not (math.isfinite(xy.x()) and math.isfinite(xy.y())):
                    raise QgsCsException("not finite")
                point = transform.transform(xy)
                record["latitude"], record["longitude"] = point.y(), point.x()
            except QgsCsException:
                record["latitude"] = record["longitude"] = math.nan
                record[COORDINATE_PROBLEM] = tr(
                    "point {x}, {y} of the layer ({crs}) cannot be converted to latitude/longitude"
                ).format(x=xy.x(), y=xy.y(), crs=crs.authid())
        records.append(record)
    extra = [COORDINATE_PROBLEM] if any(COORDINATE_PROBLEM in r for r in records) else []
    return pd.DataFrame(records, columns=list(dict.fromkeys([*names, "latitude", "longitude", *extra])))


def _plain(value: Any) -> Any:
    """A QVariant/QDate attribute as a Python value (NULL → None)."""
    if value is None:
        return None
    if hasattr(value, "isNull") and value.isNull():
        return None
    if hasattr(value, "toPyDateTime"):
        return value.toPyDateTime().date().isoformat()
    if hasattr(value, "toPyDate"):
        return value.toPyDate().isoformat()
    return value


def _cell(value: Any, column: str) -> str:
    """Text of a cell in the national layout (empty for missing values, ``.`` decimals)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if column in ("latitude", "longitude"):
        number = float(value)
        return f"{number:.7f}".rstrip("0").rstrip(".") if number == number else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def standard_rows(places: pd.DataFrame) -> pd.DataFrame:
    """The places table in the standard's columns and order, every value as text (None if empty)."""
    frame = places.rename(columns=TO_STANDARD).copy()
    if "code_insee_declared" in frame.columns:  # the diagnostic's lieux layer: producer's code first
        frame["code_insee"] = frame["code_insee_declared"].where(
            frame["code_insee_declared"].notna(), frame["code_insee"]
        )
    out = pd.DataFrame(index=frame.index)
    for column in STANDARD_FIELDS:
        values = frame[column].tolist() if column in frame.columns else [None] * len(frame)
        out[column] = [(_cell(v, column) or None) for v in values]
    return out.reset_index(drop=True)


def export_standard(
    places,
    out_csv: str | Path,
    *,
    overwrite: bool = False,
    schema_path: str | Path | None = None,
    feedback=None,
) -> StandardExport:
    """Write ``places`` (DataFrame or point layer) as a national-standard CSV; invalid rows are left out.

    Columns follow the schema order, multi-values stay ``|``-joined, every value is quoted, UTF-8.
    Raises OutputExistsError when ``out_csv`` exists and ``overwrite`` is False.
    """
    target = Path(out_csv)
    outputs.check_outputs([target], overwrite)
    frame = places if isinstance(places, pd.DataFrame) else frame_from_layer(places)
    if "lieu_id" not in frame.columns and "id" not in frame.columns:
        raise DataFormatError(
            tr("The places have no lieu_id/id field; found: {found}.").format(
                found=", ".join(map(str, frame.columns[:20]))
            ),
            field="lieu_id",
        )
    rows = standard_rows(frame)
    if feedback is not None and feedback.isCanceled():
        raise CancelledError(tr("Export cancelled."))
    problems = lieux_schema.validate(rows, schema_path)
    bad_lines = {p.line for p in problems if p.line >= 2}
    rejected = [
        Problem(
            p.line,
            p.field,
            p.value,
            tr("{id}: {message}").format(id=rows.at[p.line - 2, "id"] or "?", message=p.message),
        )
        for p in problems
        if p.line >= 2
    ]
    kept = rows[[(i + 2) not in bad_lines for i in range(len(rows))]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(STANDARD_FIELDS)
    for values in kept.itertuples(index=False):
        writer.writerow(["" if v is None else v for v in values])
    outputs.write_text(target, buffer.getvalue(), overwrite=overwrite)
    if rejected:
        log.warning(
            tr(
                "{n} place(s) not exported to {path}: they break the national schema " "(e.g. {first})."
            ).format(n=len(bad_lines), path=target, first=rejected[0].message)
        )
    return StandardExport(target, len(kept), rejected)
