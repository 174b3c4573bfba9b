"""Print the table of neighbouring départements (``core/sources/departements.py``) from commune polygons.

Usage: ``.venv/bin/python scripts/departement_neighbours.py ../shared/data/communes/france``.
Two départements are neighbours when their communes (IGN ADMIN EXPRESS, simplified) come within
``TOLERANCE_M`` of each other, in Lambert-93. Run it again when the polygons change.
"""

from __future__ import annotations

import sys
from pathlib import Path

from osgeo import ogr, osr

TOLERANCE_M = 1000.0


def main(folder: str) -> None:
    target = osr.SpatialReference()
    target.ImportFromEPSG(2154)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    shapes: dict[str, ogr.Geometry] = {}
    for path in sorted(Path(folder).glob("communes-*.geojson")):
        code = path.name.split("-")[1]
        if code.startswith("97"):
            continue  # overseas départements have no land neighbour
        data = ogr.Open(str(path))
        layer = data.GetLayer(0)
        source = layer.GetSpatialRef()
        source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(source, target)
        union = ogr.Geometry(ogr.wkbMultiPolygon)
        for feature in layer:
            geom = feature.GetGeometryRef().Clone()
            geom.Transform(transform)
            union = union.Union(geom.Buffer(0))
        shapes[code] = union.Buffer(TOLERANCE_M / 2)
    codes = sorted(shapes)
    neighbours = {code: [] for code in codes}
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            if shapes[a].Intersects(shapes[b]):
                neighbours[a].append(b)
                neighbours[b].append(a)
    print("NEIGHBOURS = {")
    for code in codes:
        print(f'    "{code}": ({", ".join(repr(n) for n in sorted(neighbours[code]))},),')
    print("}")


if __name__ == "__main__":
    main(sys.argv[1])
