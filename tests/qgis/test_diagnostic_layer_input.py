"""``medrcvl:diagnostic`` on a commune layer: a plain OGR file layer goes to the core as it is (bulk
read, parsed copy, the user's file named in the provenance, the same on every run); a selection, a
subset or a memory layer is copied."""

from __future__ import annotations

import sqlite3

import pytest
from osgeo import gdal
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

from medrcvl_plugin.processing.algorithms.diagnostic import file_layer

GEOJSON = "communes/communes-37-indre-et-loire-2018.geojson"
CODES = ("37072", "37011", "37022", "37074")


@pytest.fixture
def commune_gpkg(shared_data, tmp_path):
    """Four real communes of the CC Chinon in a GeoPackage layer ``communes``."""
    path = tmp_path / "mine.gpkg"
    gdal.VectorTranslate(
        str(path),
        str(shared_data / GEOJSON),
        layerName="communes",
        where="code IN ({})".format(",".join(f"'{c}'" for c in CODES)),
    )
    return path


def test_file_layer_only_for_a_plain_whole_ogr_layer(commune_gpkg):
    uri = f"{commune_gpkg}|layername=communes"
    layer = QgsVectorLayer(uri, "mine", "ogr")
    copy = file_layer(uri, layer, "code")
    assert copy is not None and copy is not layer and copy.source() == layer.source()
    assert copy.featureCount() == 4
    assert file_layer(layer, layer, "absent") is None  # the code field must be the file's
    whole = QgsProcessingFeatureSourceDefinition(layer.id(), False)
    assert file_layer(whole, layer, "code") is not None
    assert file_layer(QgsProcessingFeatureSourceDefinition(layer.id(), True), layer, "code") is None
    limited = QgsProcessingFeatureSourceDefinition(layer.id(), False, 2)
    assert file_layer(limited, layer, "code") is None
    subset = QgsVectorLayer(uri, "subset", "ogr")
    assert subset.setSubsetString("code = '37072'")
    assert file_layer(subset, subset, "code") is None
    other_crs = QgsVectorLayer(uri, "crs", "ogr")
    other_crs.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))  # set by the user, not the file's
    assert file_layer(other_crs, other_crs, "code") is None
    shapefile = commune_gpkg.parent / "mine.shp"  # no .cpg: QGIS's encoding setting applies
    gdal.VectorTranslate(str(shapefile), uri.split("|")[0], layerCreationOptions=["ENCODING="])
    encoded = QgsVectorLayer(str(shapefile), "encoded", "ogr")
    assert file_layer(encoded, encoded, "code") is not None
    encoded.setProviderEncoding("windows-1252")  # chosen by the user in QGIS
    assert file_layer(encoded, encoded, "code") is None
    edited = QgsVectorLayer(uri, "edited", "ogr")
    assert edited.startEditing() and edited.deleteFeature(next(edited.getFeatures()).id())
    assert file_layer(edited, edited, "code") is None
    edited.rollBack()
    memory = layer.materialize(QgsFeatureRequest())
    assert file_layer(memory, memory, "code") is None


def _location(gpkg) -> str:
    with sqlite3.connect(str(gpkg)) as db:
        return db.execute("SELECT location FROM provenance WHERE source_id = 'communes_geo'").fetchone()[0]


def _codes(gpkg) -> list[str]:
    with sqlite3.connect(str(gpkg)) as db:
        return sorted(r[0] for r in db.execute("SELECT code_insee FROM communes"))


@pytest.mark.realdata
def test_file_layer_provenance_names_the_file_and_selection_is_copied(
    shared_data, commune_gpkg, tmp_path, qgis_processing, medrcvl_provider
):
    from qgis import processing
    from qgis.core import QgsProject, QgsSettings

    settings = QgsSettings()
    before = settings.value("medrcvl/cache_dir")
    settings.setValue("medrcvl/cache_dir", str(tmp_path / "cache"))
    layer = QgsVectorLayer(f"{commune_gpkg}|layername=communes", "mine", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        _check_runs(
            processing,
            layer,
            {"TERRITORY_KIND": 4, "CODE_FIELD": "code", "MIRROR": str(shared_data)},
            tmp_path,
        )
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
        if before is None:
            settings.remove("medrcvl/cache_dir")
        else:
            settings.setValue("medrcvl/cache_dir", before)


def _check_runs(processing, layer, base: dict, tmp_path) -> None:
    """Two runs on the file (same provenance), one on a selection of ``layer``."""
    uri = layer.source()
    for run in range(2):  # the second run reads the parsed copy of the layer: same provenance
        out = tmp_path / f"file{run}.gpkg"
        result = processing.run(
            "medrcvl:diagnostic",
            {**base, "COMMUNE_LAYER": uri, "OUTPUT": str(out)},
            feedback=QgsProcessingFeedback(),
        )
        assert result["COMMUNE_COUNT"] == 4
        assert _location(out) == uri
    layer.selectByExpression("\"code\" IN ('37072', '37011')")
    out = tmp_path / "selected.gpkg"
    processing.run(
        "medrcvl:diagnostic",
        {**base, "COMMUNE_LAYER": QgsProcessingFeatureSourceDefinition(layer.id(), True), "OUTPUT": str(out)},
        feedback=QgsProcessingFeedback(),
    )
    assert _codes(out) == ["37011", "37072"]  # the selected features only
