"""The GeoPackage writer: layers, types, NULLs, aliases, metadata, atomic refusal to overwrite."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from osgeo import ogr
from qgis.core import QgsLayerMetadata, QgsVectorLayer, QgsWkbTypes

from medrcvl_plugin.core import gpkg
from medrcvl_plugin.core.errors import OutputExistsError


def _inputs():
    names = [f[0] for f in gpkg.COMMUNE_FIELDS]
    communes = pd.DataFrame({n: [None, None] for n in names})
    communes["code_insee"] = ["37072", "01001"]
    communes["population"] = pd.array([7880, None], dtype="Int64")
    communes["ifn_score"] = [6.8, np.nan]
    communes["flag_priority"] = pd.array([1, 0], dtype="Int64")
    squares = [ogr.CreateGeometryFromWkt(f"POLYGON(({x} 0,{x + 10} 0,{x + 10} 10,{x} 10,{x} 0))")
               for x in (500000, 600000)]
    lieux = pd.DataFrame({"lieu_id": ["a", "b"], "nom": ["EPN", "Médiathèque"], "cat_epn": [True, False],
                          "x": [500005.0, 600001.0], "y": [5.0, 2.0]})
    tables = {"unmatched_codes": pd.DataFrame({"source_id": ["ifn"], "code": ["99999"],
                                               "reason": ["unknown_code"], "detail": ["x"]})}
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


def test_feature_count_triggers_survive_the_bulk_insert(tmp_path):
    """The per-row count triggers are lifted during the insert and put back as GDAL declared them."""
    import sqlite3

    out = tmp_path / "d.gpkg"
    communes, squares, lieux, tables, md = _inputs()
    wkbs = [bytes(ogr.ForceToMultiPolygon(s).ExportToIsoWkb()) for s in squares]
    known = np.array([s.GetEnvelope() for s in squares])
    gpkg.write_diagnostic(out, communes, wkbs, lieux, tables, md, envelopes=known)
    with sqlite3.connect(str(out)) as db:
        triggers = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert {"trigger_insert_feature_count_communes", "trigger_insert_feature_count_lieux",
                "trigger_insert_feature_count_unmatched_codes"} <= triggers
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


def test_packed_spatial_index_holds_what_sqlite_would_insert(tmp_path):
    """The R*Tree packed in bulk passes ``rtreecheck``, stores the boxes SQLite would store (float32
    rounded outwards) and answers window queries like a brute-force search, then keeps working."""
    import sqlite3

    from medrcvl_plugin.core import gpkg_rtree

    rng = np.random.default_rng(3)
    low = rng.uniform(-3e5, 1.2e6, (6000, 2))  # negative and positive coordinates, 3 levels of nodes
    size = rng.uniform(0.01, 3e4, (6000, 2))
    envelopes = [(a, a + w, b, b + h) for (a, b), (w, h) in zip(low.tolist(), size.tolist())]
    envelopes[10] = None  # an empty geometry is not indexed
    db = sqlite3.connect(str(tmp_path / "t.sqlite"))
    db.execute('CREATE TABLE t (fid INTEGER PRIMARY KEY, geom BLOB)')
    gpkg_rtree._spatial_index(db, "t", envelopes)
    db.execute("CREATE VIRTUAL TABLE plain USING rtree(id, minx, maxx, miny, maxy)")
    db.executemany("INSERT INTO plain VALUES (?, ?, ?, ?, ?)",
                   [(i + 1, *e) for i, e in enumerate(envelopes) if e is not None])
    assert db.execute("SELECT rtreecheck('rtree_t_geom')").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM rtree_t_geom_node").fetchone()[0] > 100  # several levels
    ours = db.execute("SELECT * FROM rtree_t_geom ORDER BY id").fetchall()
    assert ours == db.execute("SELECT * FROM plain ORDER BY id").fetchall() and len(ours) == 5999
    for x0, y0 in rng.uniform(-2e5, 1.1e6, (40, 2)).tolist():
        window = (x0, x0 + 5e4, y0, y0 + 5e4)
        query = "SELECT id FROM {} WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ? ORDER BY id"
        got = db.execute(query.format("rtree_t_geom"), window).fetchall()
        assert got == db.execute(query.format("plain"), window).fetchall()
    for name in ("rtree_t_geom", "plain"):  # the tree stays editable
        db.execute(f"DELETE FROM {name} WHERE id BETWEEN 1 AND 3000")
        db.execute(f"INSERT INTO {name} VALUES (99999, 1, 2, 3, 4)")
    assert db.execute("SELECT rtreecheck('rtree_t_geom')").fetchone()[0] == "ok"
    ours = db.execute("SELECT * FROM rtree_t_geom ORDER BY id").fetchall()
    assert ours == db.execute("SELECT * FROM plain ORDER BY id").fetchall() and len(ours) == 3001
    db.close()


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
