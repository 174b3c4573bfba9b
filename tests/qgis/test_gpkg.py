"""The GeoPackage writer: layers, types, NULLs, aliases, metadata, atomic refusal to overwrite."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from osgeo import ogr
from qgis.core import QgsLayerMetadata, QgsVectorLayer, QgsWkbTypes

from medrcvl_plugin.core.base.errors import OutputExistsError
from medrcvl_plugin.core.output import gpkg


def _inputs():
    names = [f[0] for f in gpkg.COMMUNE_FIELDS]
    communes = pd.DataFrame({n: [None, None] for n in names})
    communes["code_insee"] = ["37072", "01001"]
    communes["population"] = pd.array([7880, None], dtype="Int64")
    communes["ifn_score"] = [6.8, np.nan]
    communes["flag_priority"] = pd.array([1, 0], dtype="Int64")
    squares = [
        ogr.CreateGeometryFromWkt(f"POLYGON(({x} 0,{x + 10} 0,{x + 10} 10,{x} 10,{x} 0))")
        for x in (500000, 600000)
    ]
    lieux = pd.DataFrame(
        {
            "lieu_id": ["a", "b"],
            "nom": ["EPN", "Médiathèque"],
            "cat_epn": [True, False],
            "x": [500005.0, 600001.0],
            "y": [5.0, 2.0],
        }
    )
    tables = {
        "unmatched_codes": pd.DataFrame(
            {"source_id": ["ifn"], "code": ["99999"], "reason": ["unknown_code"], "detail": ["x"]}
        )
    }
    md = QgsLayerMetadata()
    md.setTitle("Diagnostic test")
    md.setRights(["Source : La MedNum/ANSA – IFN 2023"])
    return communes, squares, lieux, tables, {"communes": md}


def test_layers_types_nulls_aliases_metadata(tmp_path):
    out = tmp_path / "d.gpkg"
    gpkg.write_diagnostic(out, *_inputs())
    layer = QgsVectorLayer(f"{out}|layername=communes", "c", "ogr")
    assert layer.isValid() and layer.featureCount() == 2
    assert layer.crs().authid() == "EPSG:2154"
    assert QgsWkbTypes.displayString(layer.wkbType()) == "MultiPolygon"
    features = {f["code_insee"]: f for f in layer.getFeatures()}
    assert features["37072"]["ifn_score"] == pytest.approx(6.8)
    assert features["37072"]["population"] == 7880 and features["37072"]["flag_priority"] == 1
    missing = features["01001"]["ifn_score"]
    assert missing is None or missing.isNull()  # NULL, never 0
    assert features["37072"].geometry().area() == pytest.approx(100.0)
    assert layer.attributeAlias(layer.fields().indexOf("population")) == "Population municipale"
    assert layer.metadata().title() == "Diagnostic test"
    points = QgsVectorLayer(f"{out}|layername=lieux", "l", "ogr")
    got = {f["lieu_id"]: f for f in points.getFeatures()}
    assert got["a"].geometry().asPoint().x() == pytest.approx(500005.0) and got["a"]["cat_epn"] == 1
    table = QgsVectorLayer(f"{out}|layername=unmatched_codes", "u", "ogr")
    assert [f["code"] for f in table.getFeatures()] == ["99999"]
    # spatial index usable: a rectangle request finds the square
    from qgis.core import QgsFeatureRequest, QgsRectangle

    request = QgsFeatureRequest().setFilterRect(QgsRectangle(599999, 1, 600002, 3))
    assert [f["code_insee"] for f in layer.getFeatures(request)] == ["01001"]


def test_refuses_to_overwrite_unless_asked(tmp_path):
    out = tmp_path / "d.gpkg"
    out.write_bytes(b"user data")
    with pytest.raises(OutputExistsError):
        gpkg.write_diagnostic(out, *_inputs())
    assert out.read_bytes() == b"user data" and list(tmp_path.iterdir()) == [out]
    gpkg.write_diagnostic(out, *_inputs(), overwrite=True)
    assert QgsVectorLayer(f"{out}|layername=communes", "c", "ogr").featureCount() == 2


def test_feature_counts_extent_and_triggers_as_gdal_keeps_them(tmp_path):
    """Counts, extent and GDAL's feature-count triggers are right after the write and count later edits."""
    import sqlite3

    out = tmp_path / "d.gpkg"
    communes, squares, lieux, tables, md = _inputs()
    wkbs = [bytes(ogr.ForceToMultiPolygon(s).ExportToIsoWkb()) for s in squares]
    gpkg.write_diagnostic(out, communes, wkbs, lieux, tables, md)
    with sqlite3.connect(str(out)) as db:
        triggers = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert {
            "trigger_insert_feature_count_communes",
            "trigger_insert_feature_count_lieux",
            "trigger_insert_feature_count_unmatched_codes",
        } <= triggers
        blob = db.execute("SELECT geom FROM communes WHERE code_insee='01001'").fetchone()[0]
    assert blob[40:] == wkbs[1]  # the WKB written as given, after the 40-byte header
    ds = ogr.Open(str(out), 1)
    layer = ds.GetLayerByName("communes")
    assert layer.GetFeatureCount() == 2 and layer.GetExtent() == (500000.0, 600010.0, 0.0, 10.0)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("code_insee", "02002")
    layer.CreateFeature(feature)  # the restored triggers keep counting later edits
    ds = None
    assert QgsVectorLayer(f"{out}|layername=communes", "c", "ogr").featureCount() == 3


def test_spatial_index_is_the_one_gdal_writes(tmp_path):
    """The R*Tree of the written layers is GDAL's own: the triggers are those that this GDAL writes for a
    layer it creates itself (their set changed with GeoPackage 1.4 / GDAL 3.8), ``rtreecheck`` passes and
    the index holds every commune."""
    import sqlite3

    from osgeo import ogr, osr

    communes, squares, lieux, tables, md = _inputs()
    out = tmp_path / "d.gpkg"
    gpkg.write_diagnostic(out, communes, squares, lieux, tables, md)
    reference = tmp_path / "gdal.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(reference))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    ds.CreateLayer("communes", srs, ogr.wkbMultiPolygon, ["GEOMETRY_NAME=geom", "FID=fid"])
    ds = None

    def triggers(path):
        with sqlite3.connect(str(path)) as db:
            return {
                name.replace("rtree_communes_geom_", "")
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type='trigger' "
                    "AND name LIKE 'rtree_communes_geom_%'"
                )
            }

    assert triggers(out) == triggers(reference) and len(triggers(out)) >= 4
    with sqlite3.connect(str(out)) as db:
        assert db.execute("SELECT rtreecheck('rtree_communes_geom')").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM rtree_communes_geom").fetchone()[0] == len(communes)
        assert (
            db.execute(
                "SELECT count(*) FROM gpkg_extensions WHERE extension_name='gpkg_rtree_index'"
            ).fetchone()[0]
            == 2
        )


def test_written_layer_answers_spatial_filters(tmp_path):
    import sqlite3

    from qgis.core import QgsFeatureRequest, QgsRectangle

    communes, squares, lieux, tables, md = _inputs()
    out = tmp_path / "d.gpkg"
    gpkg.write_diagnostic(out, communes, squares, lieux, tables, md)
    with sqlite3.connect(str(out)) as db:
        for name in ("rtree_communes_geom", "rtree_lieux_geom"):
            assert db.execute(f"SELECT rtreecheck('{name}')").fetchone()[0] == "ok"
        # rebuilt with larger pages, still a GeoPackage ("GPKG" application id), not left in WAL mode
        assert db.execute("PRAGMA page_size").fetchone()[0] == gpkg.PAGE_SIZE
        assert db.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    layer = QgsVectorLayer(f"{out}|layername=communes", "c", "ogr")
    request = QgsFeatureRequest().setFilterRect(QgsRectangle(599999, 1, 600002, 3))
    assert [f["code_insee"] for f in layer.getFeatures(request)] == ["01001"]


def test_table_rows_keep_order_types_and_every_kind_of_na_is_null(tmp_path):
    """A table written by OGR keeps its rows in order with their SQLite types; None, NaN and pd.NA are
    NULL; geometries given as WKB, OGR objects, None or empty give the same polygons or NULL."""
    import sqlite3

    count = 23
    frame = pd.DataFrame(
        {
            "code": [f"{i:05d}" if i % 5 else None for i in range(count)],
            "mixed": [i if i % 3 else ("x" if i % 2 else np.nan) for i in range(count)],
            "n": pd.array([i if i % 4 else None for i in range(count)], dtype="Int64"),
            "flag": [i % 2 == 0 for i in range(count)],
            "score": [i / 7 if i % 6 else np.nan for i in range(count)],
        }
    )
    assert [gpkg.kind_of(frame[c]) for c in frame.columns] == ["str", "str", "int", "bool", "real"]
    communes, squares, lieux, _, _ = _inputs()
    square = squares[0]
    geometries = [bytes(ogr.ForceToMultiPolygon(square.Clone()).ExportToIsoWkb()), square]
    out = gpkg.write_diagnostic(tmp_path / "t.gpkg", communes, geometries, lieux, {"t": frame})
    with sqlite3.connect(str(out)) as db:
        got = db.execute(
            "SELECT fid, code, mixed, n, flag, score, typeof(n), typeof(mixed) FROM t " "ORDER BY fid"
        ).fetchall()
    assert [r[0] for r in got] == list(range(1, count + 1))
    for i, row in enumerate(got):
        assert row[1] == (f"{i:05d}" if i % 5 else None)
        assert row[2] == (str(i) if i % 3 else ("x" if i % 2 else None))
        assert row[3] == (i if i % 4 else None) and row[6] == ("integer" if i % 4 else "null")
        assert row[4] == (1 if i % 2 == 0 else 0)
        assert row[5] == (i / 7 if i % 6 else None)
        assert row[7] == ("text" if i % 3 or i % 2 else "null")
    data = ogr.Open(str(out))  # kept: its layers die with it
    written = [f.GetGeometryRef().ExportToWkt() for f in data.GetLayerByName("communes")]
    assert written[0] == written[1] == ogr.ForceToMultiPolygon(square.Clone()).ExportToWkt()
    empty = bytes(ogr.Geometry(ogr.wkbMultiPolygon).ExportToIsoWkb())
    out = gpkg.write_diagnostic(tmp_path / "n.gpkg", communes, [None, empty], lieux, {}, overwrite=True)
    data = ogr.Open(str(out))
    assert [f.GetGeometryRef() for f in data.GetLayerByName("communes")] == [None, None]


def test_an_error_gdal_raises_while_closing_a_dataset_is_raised_not_printed():
    """GDAL >= 3.8 reports a failed final flush (a full disk) from the dataset's destructor: it becomes a
    RuntimeError of the writer (then a French disk error), not a traceback printed on stderr."""

    class Dataset:
        def __del__(self):
            raise RuntimeError("sqlite3_exec(COMMIT) failed: database or disk is full")

    Dataset.__module__ = Dataset.__del__.__module__ = "osgeo.gdal"  # as GDAL's Dataset and its __del__
    dataset = Dataset()
    with pytest.raises(RuntimeError, match="disk is full"):
        with gpkg._closing_errors_raised():
            dataset = None
    assert dataset is None

    class Other:
        def __del__(self):
            raise RuntimeError("not GDAL's")

    seen = []
    import sys

    previous, sys.unraisablehook = sys.unraisablehook, lambda u: seen.append(str(u.exc_value))
    try:
        other = Other()
        with gpkg._closing_errors_raised():
            other = None
    finally:
        sys.unraisablehook = previous
    assert other is None and seen == ["not GDAL's"]  # left to the previous hook
