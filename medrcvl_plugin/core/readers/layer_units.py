"""The commune polygons of a user's file layer, read in bulk for a diagnostic, with a parsed copy.

``geometries.units_from_ogr`` reprojects the polygons to Lambert-93 and computes their points on
surface and envelopes; that parsed form is kept like the other parsed copies of the cache folder
(``cache.cached_parse``), keyed by the layer, the code field and the size and modification time of the
file and of its companion files (``.dbf`` of a shapefile, ``-wal`` of a GeoPackage…).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..sources.cache import cached_parse


def companions_stamp(path: Path) -> str:
    """Names, sizes and modification times of the files that hold a layer with ``path`` (same stem:
    ``x.shp``, ``x.dbf``…; ``x.gpkg-wal``…), so that a change in any of them is seen."""
    try:
        siblings = [
            p
            for p in path.parent.iterdir()
            if p != path and (p.name.startswith((path.stem + ".", path.name + "-")))
        ]
        parts = [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(siblings)]
    except OSError:
        return ""
    return "|".join(parts)


def _declares_z_or_m(source: str) -> bool:
    """Whether the OGR layer of ``source`` declares Z or M coordinates (the bulk reader may hand its
    polygons over in 2D already: the flattening must still be reported)."""
    from osgeo import ogr

    path, _, options = source.partition("|")
    name = options.split("layername=", 1)[1].split("|")[0] if "layername=" in options else None
    data = ogr.Open(path)
    if data is None:
        return False
    layer = data.GetLayerByName(name) if name else data.GetLayer(0)
    kind = layer.GetGeomType() if layer is not None else ogr.wkbUnknown
    return bool(ogr.GT_HasZ(kind) or ogr.GT_HasM(kind))


def read_layer_units(source: str, code_field: str, folder: Path | str | None = None) -> pd.DataFrame | None:
    """``units_from_ogr(source, code_field, as_wkb=True, surface=True)`` checked by
    ``unit_checks.checked_units`` (None when GDAL cannot read it), from a parsed copy in ``folder`` when
    the files did not change (None: no copy)."""
    from ..geometry.units import units_from_ogr

    path, _, options = source.partition("|")
    file = Path(path)

    def read(_path: Path) -> pd.DataFrame | None:
        """The bulk read itself, its polygons checked (2D, valid; ``unit_checks``)."""
        from ..geometry.checks import checked_units

        units = units_from_ogr(source, code_field, None, as_wkb=True, surface=True)
        return checked_units(units, declared_z=_declares_z_or_m(source)) if units is not None else None

    if folder is None or not file.is_file():
        return read(file)
    key = f"communes_layer:{options}:{code_field}:{companions_stamp(file)}"
    return cached_parse(file, read, key=key, folder=folder)
