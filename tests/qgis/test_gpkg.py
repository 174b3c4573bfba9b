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


def test_prebuilt_spatial_index_gives_the_same_tree(tmp_path, monkeypatch):
    """An R*Tree built ahead is copied when it indexes the same envelopes (then its file is removed)."""
    import sqlite3

    communes, squares, lieux, tables, md = _inputs()
    known = np.array([s.GetEnvelope() for s in squares])
    used = []
    real_attach = gpkg._attach_rtree

    def attach(db, rtree, envelopes):
        used.append(real_attach(db, rtree, envelopes))
        return used[-1]

    monkeypatch.setattr(gpkg, "_attach_rtree", attach)
    dumps = []
    for name, prebuilt in (("plain", None), ("same", known), ("other", known + 1.0)):
        rtree = gpkg.prebuild_rtree(prebuilt) if prebuilt is not None else None
        out = tmp_path / f"{name}.gpkg"
        gpkg.write_diagnostic(out, communes, squares, lieux, tables, md, rtree=rtree)
        assert rtree is None or not rtree[0].exists()
        with sqlite3.connect(str(out)) as db:
            assert db.execute("SELECT rtreecheck('rtree_communes_geom')").fetchone()[0] == "ok"
            dumps.append([db.execute(f"SELECT * FROM rtree_communes_geom_{p}").fetchall()
                          for p in ("node", "rowid", "parent")])
        layer = QgsVectorLayer(f"{out}|layername=communes", "c", "ogr")
        from qgis.core import QgsFeatureRequest, QgsRectangle
        request = QgsFeatureRequest().setFilterRect(QgsRectangle(599999, 1, 600002, 3))
        assert [f["code_insee"] for f in layer.getFeatures(request)] == ["01001"]
    assert used == [False, True, False]  # a prebuilt index of other envelopes is not used
    assert dumps[0] == dumps[1] == dumps[2]
