"""Export of places to the national standard CSV: layout, validation, round trip, Processing."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)

from medrcvl_plugin.core.base.errors import OutputExistsError
from medrcvl_plugin.core.output.exports.standard import export_standard
from medrcvl_plugin.core.readers import lieux, lieux_schema
from medrcvl_plugin.core.readers.csvtools import read_table
from medrcvl_plugin.processing.algorithms.frames import frame_features, frame_fields

STANDARD = "lieux-centre-val-de-loire-hub-lo-2020.standard.csv"


@pytest.fixture(scope="module")
def small(fixtures):
    return lieux.read_standard(fixtures / "lieux" / "standard-small.csv")


def lambert_layer(frame: pd.DataFrame) -> QgsVectorLayer:
    """A point layer in EPSG:2154 like the diagnostic's ``lieux`` layer (code_insee_declared added)."""
    # point-in-polygon codes: the MSAP of Avoine's point lies in Beaumont-en-Véron; Ports had no code
    located = {"hub-lo-282": "37022", "hub-lo-137": "37185"}
    codes = [located.get(i, c) for i, c in zip(frame["lieu_id"], frame["code_insee"])]
    frame = frame.assign(code_insee_declared=frame["code_insee"], flag_code_mismatch=0, code_insee=codes)
    layer = QgsVectorLayer("Point?crs=EPSG:2154", "lieux", "memory")
    layer.dataProvider().addAttributes(frame_fields(frame).toList())
    layer.updateFields()
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"),
        QgsCoordinateReferenceSystem("EPSG:2154"),
        QgsProject.instance(),
    )
    features = []
    for feature in frame_features(frame, layer.fields()):
        lat, lon = feature["latitude"], feature["longitude"]
        copy = QgsFeature(feature)
        if isinstance(lat, float):
            copy.setGeometry(QgsGeometry.fromPointXY(transform.transform(QgsPointXY(lon, lat))))
        features.append(copy)
    layer.dataProvider().addFeatures(features)
    return layer


def test_round_trip_and_layout(tmp_path, small):
    result = export_standard(small, tmp_path / "out.csv")
    assert result.rows == 4 and result.rejected == []
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    header = text.splitlines()[0]
    assert header == ",".join(f'"{f}"' for f in lieux_schema.STANDARD_FIELDS)
    assert '"France Services|Conseillers numériques"' in text  # pipes kept, every value quoted
    raw = read_table(tmp_path / "out.csv", source="out", required=["id"])
    assert lieux_schema.validate(raw) == []
    again = lieux.read_standard(tmp_path / "out.csv", source="test")
    pd.testing.assert_frame_equal(again, small, check_dtype=False)
    ports = raw.set_index("id").loc["hub-lo-137"]
    assert ports["latitude"] is None and ports["code_insee"] is None  # unknown stays empty, not 0


def test_invalid_rows_are_rejected_with_reasons(tmp_path, small, fixtures):
    services = lieux.read_france_services(fixtures / "lieux" / "france-services-live.csv")
    places = pd.concat([small, services.iloc[[1]]], ignore_index=True)
    result = export_standard(places, tmp_path / "out.csv")
    assert result.rows == 4
    fields = {p.field for p in result.rejected}
    assert fields == {"pivot", "date_maj"}  # France Services has no SIRET nor update date
    assert all(p.line == 6 and p.message.startswith("france-services-2: line 6") for p in result.rejected)
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    assert "france-services-2" not in ids and len(ids) == 4


def test_refuses_to_overwrite(tmp_path, small):
    target = tmp_path / "out.csv"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        export_standard(small, target)
    assert target.read_text(encoding="utf-8") == "keep me"
    export_standard(small, target, overwrite=True)
    assert target.read_text(encoding="utf-8").startswith('"id","pivot"')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temporary file left


def test_layer_in_lambert93(tmp_path, small, qgis_app):
    layer = lambert_layer(small)
    result = export_standard(layer, tmp_path / "out.csv")
    assert result.rows == 4
    again = lieux.read_standard(tmp_path / "out.csv", source="test").set_index("lieu_id")
    assert again.loc["hub-lo-282", "latitude"] == pytest.approx(47.178411, abs=1e-6)
    assert again.loc["hub-lo-282", "longitude"] == pytest.approx(0.190004, abs=1e-6)
    assert again.loc["hub-lo-282", "code_insee"] == "37011"  # the declared code is kept
    assert again.loc["hub-lo-137", "code_insee"] == "37185"  # none declared: the located one
    assert pd.isna(again.loc["hub-lo-137", "latitude"])


def test_layer_with_date_and_null_fields(tmp_path, small, qgis_app):
    from qgis.core import QgsField
    from qgis.PyQt.QtCore import QDate

    from medrcvl_plugin.compat import FIELD_TYPES
    from medrcvl_plugin.core.output.exports.standard import frame_from_layer

    layer = QgsVectorLayer("Point?crs=EPSG:4326", "lieux", "memory")
    names = ("lieu_id", "pivot", "nom", "commune", "code_postal", "adresse")
    layer.dataProvider().addAttributes(
        [QgsField(n, FIELD_TYPES["string"]) for n in names] + [QgsField("date_maj", FIELD_TYPES["date"])]
    )
    layer.updateFields()
    feature = QgsFeature(layer.fields())
    feature.setAttributes(["x-1", "123456789", "Lieu", "Tours", "37000", None, QDate(2024, 4, 2)])
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(0.6848, 47.3941)))
    layer.dataProvider().addFeatures([feature])
    frame = frame_from_layer(layer)
    assert frame.loc[0, "date_maj"] == "2024-04-02" and frame.loc[0, "adresse"] is None
    assert frame.loc[0, "latitude"] == pytest.approx(47.3941)
    result = export_standard(layer, tmp_path / "out.csv")
    assert result.rows == 0 and [p.field for p in result.rejected] == ["adresse"]


@pytest.mark.realdata
def test_real_file_round_trip(tmp_path, shared_data):
    places = lieux.read_standard(shared_data / "lieux" / STANDARD)
    result = export_standard(places, tmp_path / "out.csv")
    # the one row without adresse (hub-lo-433, line 346) breaks the schema and is left out
    assert result.rows == 425
    assert [(p.field, p.line) for p in result.rejected] == [("adresse", 346)]
    assert result.rejected[0].message.startswith("hub-lo-433:")
    again = lieux.read_standard(tmp_path / "out.csv")
    expected = places[places["lieu_id"] != "hub-lo-433"].reset_index(drop=True)
    pd.testing.assert_frame_equal(again, expected, check_dtype=False)
    raw = read_table(tmp_path / "out.csv", source="out", required=["id"])
    assert lieux_schema.validate(raw, shared_data / "lieux" / "schema-lieux-mediation-numerique.json") == []


def test_processing_export_standard(tmp_path, small, qgis_processing, medrcvl_provider):
    import processing
    from qgis.core import QgsProcessingException

    registry = QgsApplication.processingRegistry()
    assert "national standard" in registry.algorithmById("medrcvl:exportstandard").shortHelpString()
    layer = lambert_layer(small)
    target = tmp_path / "lieux-standard.csv"
    result = processing.run("medrcvl:exportstandard", {"INPUT": layer, "OUTPUT": str(target)})
    assert result["ROWS"] == 4 and result["REJECTED"] == 0 and result["OUTPUT"] == str(target)
    assert len(lieux.read_standard(target)) == 4
    with pytest.raises(QgsProcessingException, match="already exists"):
        processing.run("medrcvl:exportstandard", {"INPUT": layer, "OUTPUT": str(target)})
    result = processing.run(
        "medrcvl:exportstandard", {"INPUT": layer, "OUTPUT": str(target), "OVERWRITE": True}
    )
    assert result["ROWS"] == 4
