"""Quality report of places: hand-made cases, the real Hub LO file, and ``medrcvl:qualityreport``."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from qgis.core import QgsApplication, QgsFeature, QgsField, QgsGeometry, QgsVectorLayer

from medrcvl_plugin.compat import FIELD_TYPES
from medrcvl_plugin.core.indicators import quality
from medrcvl_plugin.core.readers import lieux

STANDARD = "lieux-centre-val-de-loire-hub-lo-2020.standard.csv"


def places_frame(rows: list[dict]) -> pd.DataFrame:
    """A places table from a few hand-written rows."""
    return lieux.finalise(pd.DataFrame(rows))


def communes_layer() -> QgsVectorLayer:
    """Two square 'communes' in EPSG:4326: 37011 west of 0.185°E, 37022 east of it."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "communes", "memory")
    layer.dataProvider().addAttributes([QgsField("code_insee", FIELD_TYPES["string"])])
    layer.updateFields()
    features = []
    for code, wkt in (
        ("37011", "POLYGON((0.10 47.10, 0.185 47.10, 0.185 47.30, 0.10 47.30, 0.10 47.10))"),
        ("37022", "POLYGON((0.185 47.10, 0.30 47.10, 0.30 47.30, 0.185 47.30, 0.185 47.10))"),
    ):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([code])
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


HAND = [
    {
        "lieu_id": "a",
        "nom": "Médiathèque",
        "adresse": "8 av. de la République",
        "code_insee": "37011",
        "latitude": 47.20,
        "longitude": 0.15,
        "date_maj": "2021-06-01",
        "services": "X",
    },
    {
        "lieu_id": "b",
        "nom": "MEDIATHEQUE",
        "adresse": "8 av de la republique",
        "code_insee": "37011",
        "latitude": 47.25,
        "longitude": 0.12,
        "date_maj": "2021-06-01",
        "services": "X",
    },  # same name+address
    {
        "lieu_id": "c",
        "nom": "Voisin",
        "adresse": "autre",
        "code_insee": "37022",
        "latitude": 47.2001,
        "longitude": 0.1502,
        "date_maj": "2019-01-01",
        "services": "X",
    },  # 19 m from a
    {
        "lieu_id": "d",
        "nom": "Sans code",
        "adresse": "x",
        "code_insee": None,
        "latitude": 0.0,
        "longitude": 0.0,
        "date_maj": "2021-06-01",
        "services": None,
    },
    {
        "lieu_id": "e",
        "nom": "Madrid",
        "adresse": "y",
        "code_insee": "37022",
        "latitude": 40.42,
        "longitude": -3.70,
        "date_maj": None,
        "services": "X",
    },
    {
        "lieu_id": "f",
        "nom": "Saint-Denis",
        "adresse": "z",
        "code_insee": "97411",
        "latitude": -20.88,
        "longitude": 55.45,
        "date_maj": "2021-06-01",
        "services": "X",
    },
]


def test_hand_made_cases(qgis_app):
    report = quality.quality_report(places_frame(HAND), communes_layer(), today=dt.date(2021, 12, 31))
    issues = {(r.lieu_id, r.issue) for r in report.itertuples()}
    assert issues == {
        ("b", "duplicate"),
        ("c", "duplicate"),
        ("c", "stale"),
        ("c", "code_insee_mismatch"),
        ("d", "missing_coordinates"),
        ("d", "missing_code_insee"),
        ("d", "missing_services"),
        ("e", "outside_france"),
        ("e", "stale"),
        ("e", "code_insee_mismatch"),
    }
    detail = report.set_index(["lieu_id", "issue"])["detail"]
    assert "same name and address as a" in detail[("b", "duplicate")]
    assert detail[("c", "duplicate")].startswith("19 m from a")
    assert "declared 37022 but the point lies in commune 37011" == detail[("c", "code_insee_mismatch")]
    assert "no valid update date" in detail[("e", "stale")]
    assert "km outside it" in detail[("e", "code_insee_mismatch")]
    assert list(report.columns) == ["lieu_id", "nom", "issue", "detail"]


def test_diagnostic_layer_checks_declared_code(qgis_app):
    frame = places_frame(HAND[2:3]).assign(code_insee_declared="37022", code_insee="37011")
    report = quality.quality_report(frame, communes_layer(), today=dt.date(2019, 6, 1))
    assert report["issue"].tolist() == ["code_insee_mismatch"]
    ok = frame.assign(code_insee_declared="37011")
    assert quality.quality_report(ok, communes_layer(), today=dt.date(2019, 6, 1)).empty


def test_thresholds_are_parameters(qgis_app):
    frame = places_frame(HAND[:3])
    report = quality.quality_report(
        frame, today=dt.date(2021, 12, 31), stale_months=36, duplicate_distance=10
    )
    assert set(report["issue"]) == {"duplicate"}  # only the name+address one; c is 19 m away
    assert quality.months_before(dt.date(2021, 8, 31), 18) == dt.date(2020, 2, 29)


@pytest.fixture(scope="module")
def standard(shared_data):
    return lieux.read_standard(shared_data / "lieux" / STANDARD)


@pytest.fixture(scope="module")
def communes_37(shared_data, qgis_app):
    layer = QgsVectorLayer(
        str(shared_data / "communes" / "communes-37-indre-et-loire-2018.geojson"), "communes", "ogr"
    )
    assert layer.isValid() and layer.featureCount() == 272
    return layer


@pytest.mark.realdata
def test_real_hub_lo_quality(standard, communes_37):
    report = quality.quality_report(standard, communes_37, today=dt.date(2021, 12, 31))
    counts = report["issue"].value_counts().to_dict()
    # 144 places without services, 8 without code (same as counted with pandas on the CSV), 105 updated
    # before 2020-06-30 (pandas: (date_maj < "2020-06-30").sum()), no place outside France or without point.
    assert counts.get("missing_services") == 144
    assert counts.get("missing_code_insee") == 8
    assert counts.get("stale") == 105
    assert "outside_france" not in counts and "missing_coordinates" not in counts
    mismatch = report[report["issue"] == "code_insee_mismatch"].set_index("lieu_id")["detail"]
    # Checked independently with osgeo.ogr (SetSpatialFilter on the dept-37 GeoJSON): the MSAP of Avoine
    # (47.178411, 0.190004) lies in Beaumont-en-Véron 37022, hub-lo-20 in Saint-Pierre-des-Corps 37233,
    # hub-lo-304 in Yzeures-sur-Creuse 37282; four places coded Tours/La Ville-aux-Dames (37261/37273)
    # have points far outside Indre-et-Loire (e.g. EPN GENTIANA at 43.66 N, 6.13 E, in the Var).
    assert mismatch["hub-lo-282"] == "declared 37011 but the point lies in commune 37022"
    assert mismatch["hub-lo-20"].endswith("commune 37233")
    assert mismatch["hub-lo-304"].endswith("commune 37282")
    assert set(mismatch.index) == {
        "hub-lo-282",
        "hub-lo-20",
        "hub-lo-304",
        "hub-lo-147",
        "hub-lo-192",
        "hub-lo-349",
        "hub-lo-363",
    }
    assert "km outside it" in mismatch["hub-lo-147"]
    duplicates = report[report["issue"] == "duplicate"].set_index("lieu_id")["detail"]
    # hub-lo-281 and hub-lo-280 are both named "MSAP" with the same address (read in the CSV)
    assert duplicates["hub-lo-281"] == "same name and address as hub-lo-280 (MSAP)"
    assert 20 <= len(duplicates) <= 35  # 26 on this file


def places_layer(frame: pd.DataFrame) -> QgsVectorLayer:
    """A memory point layer (EPSG:4326) of a places table."""
    from medrcvl_plugin.processing.algorithms.frames import frame_features, frame_fields

    layer = QgsVectorLayer("Point?crs=EPSG:4326", "lieux", "memory")
    fields = frame_fields(frame)
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    layer.dataProvider().addFeatures(list(frame_features(frame, layer.fields(), "longitude", "latitude")))
    return layer


def test_processing_quality_report(qgis_processing, medrcvl_provider):
    import processing

    algorithm = QgsApplication.processingRegistry().algorithmById("medrcvl:qualityreport")
    assert algorithm is not None and "duplicates" in algorithm.shortHelpString()
    layer = places_layer(places_frame(HAND))
    result = processing.run(
        "medrcvl:qualityreport",
        {
            "INPUT": layer,
            "COMMUNES": communes_layer(),
            "TODAY": "2021-12-31",
            "OUTPUT": "memory:",
            "OUTPUT_TABLE": "memory:",
        },
    )
    assert result["ISSUES"] == 10
    points = result["OUTPUT"]
    assert points.featureCount() == 10 and result["OUTPUT_TABLE"].featureCount() == 10
    by_issue = {(f["lieu_id"], f["issue"]): f for f in points.getFeatures()}
    mismatch = by_issue[("c", "code_insee_mismatch")]
    assert mismatch.geometry().asPoint().x() == pytest.approx(0.1502)
    assert not by_issue[("d", "missing_coordinates")].hasGeometry()
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        processing.run("medrcvl:qualityreport", {"INPUT": layer, "TODAY": "31/12/2021", "OUTPUT": "memory:"})
