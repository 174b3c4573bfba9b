"""MedRCVL Processing algorithms run by id through the registry (real mirror = ../shared/data)."""

from __future__ import annotations

import logging

import pytest
from qgis.core import (
    NULL,
    QgsApplication,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputVectorLayer,
    QgsWkbTypes,
)

from medrcvl_plugin.core.base.errors import CancelledError, DataFormatError, NetworkError, user_message
from medrcvl_plugin.processing.algorithms.base import log_to_feedback, to_processing_exception
from medrcvl_plugin.processing.algorithms.frames import frame_features, frame_fields
from medrcvl_plugin.processing.algorithms.load_dataset import DATASETS
from medrcvl_plugin.processing.provider import MedrcvlProvider
from tests.conftest import REFERENCE_COMMUNES

pytestmark = pytest.mark.usefixtures("qgis_processing")


class RecordingFeedback(QgsProcessingFeedback):
    """Keeps the messages an algorithm reports."""

    def __init__(self) -> None:
        super().__init__()
        self.infos: list[str] = []
        self.warnings: list[str] = []

    def pushInfo(self, info):
        self.infos.append(info)

    def pushWarning(self, warning):
        self.warnings.append(warning)


@pytest.fixture(scope="module")
def provider(qgis_app):
    registry = QgsApplication.processingRegistry()
    if registry.providerById("medrcvl") is not None:  # left by another test module
        yield registry.providerById("medrcvl")
        return
    instance = MedrcvlProvider()
    assert registry.addProvider(instance)
    yield instance
    registry.removeProvider(instance)


def run(algorithm_id: str, parameters: dict, feedback=None) -> dict:
    import processing

    return processing.run(algorithm_id, parameters, feedback=feedback or RecordingFeedback())


def test_registry_knows_the_algorithms_with_groups_and_help(provider):
    registry = QgsApplication.processingRegistry()
    for algorithm_id, group in (
        ("medrcvl:loadcommunes", "data"),
        ("medrcvl:loaddataset", "data"),
        ("medrcvl:diagnostic", "diagnostic"),
    ):
        algorithm = registry.algorithmById(algorithm_id)
        assert algorithm is not None, algorithm_id
        assert algorithm.groupId() == group and algorithm.group()
        assert algorithm.displayName() and len(algorithm.shortHelpString()) > 80
        clone = algorithm.createInstance()
        assert type(clone) is type(algorithm) and clone is not algorithm


def test_diagnostic_declares_model_builder_outputs(provider):
    algorithm = QgsApplication.processingRegistry().algorithmById("medrcvl:diagnostic")
    names = {p.name() for p in algorithm.parameterDefinitions()}
    assert {
        "TERRITORY_KIND",
        "TERRITORY",
        "COMMUNE_LAYER",
        "CODE_FIELD",
        "MIRROR",
        "IFN_LOCATION",
        "ARCEP_TECHNO_LOCATION",
        "ARCEP_DEBIT_LOCATION",
        "ARCEP_BEST_LOCATION",
        "PLACES_LOCATION",
        "FRANCE_SERVICES_LOCATION",
        "IFN_THRESHOLD",
        "DISTANCE_KM",
        "OUTPUT",
        "OVERWRITE",
    } <= names
    outputs = {o.name(): o for o in algorithm.outputDefinitions()}
    assert isinstance(outputs["COMMUNES"], QgsProcessingOutputVectorLayer)
    assert isinstance(outputs["LIEUX"], QgsProcessingOutputVectorLayer)


@pytest.mark.realdata
def test_loadcommunes_epci_from_mirror_has_19_communes_and_provenance(provider, shared_data):
    result = run(
        "medrcvl:loadcommunes",
        {
            "TERRITORY_KIND": 0,
            "TERRITORY": "200043081",
            "MIRROR": str(shared_data),
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
    )
    layer = result["OUTPUT"]
    codes = sorted(f["code_insee"] for f in layer.getFeatures())
    assert codes == sorted(REFERENCE_COMMUNES)
    assert layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry
    meta = layer.metadata()
    assert "IGN – ADMIN EXPRESS" in meta.rights()
    assert "Licence Ouverte / Etalab 2.0" in meta.licenses()
    assert any("communes-37-indre-et-loire" in link.url for link in meta.links())
    assert any(link.url.endswith("epcicom.xlsx") for link in meta.links())


@pytest.mark.realdata
def test_loadcommunes_list_of_codes(provider, shared_data):
    result = run(
        "medrcvl:loadcommunes",
        {
            "TERRITORY_KIND": 2,
            "TERRITORY": "37072, 37011",
            "MIRROR": str(shared_data),
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
    )
    names = {f["code_insee"]: f["nom"] for f in result["OUTPUT"].getFeatures()}
    assert names["37072"] == "Chinon" and set(names) == {"37072", "37011"}


@pytest.mark.realdata
def test_loadcommunes_departement_from_mirror(provider, shared_data):
    result = run(
        "medrcvl:loadcommunes",
        {"TERRITORY_KIND": 1, "TERRITORY": "37", "MIRROR": str(shared_data), "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    layer = result["OUTPUT"]
    assert layer.featureCount() == 272
    assert all(f["code_insee"].startswith("37") for f in layer.getFeatures())


@pytest.mark.realdata
def test_loadcommunes_unknown_epci_is_a_clear_error(provider, shared_data):
    with pytest.raises(QgsProcessingException, match="999999999"):
        run(
            "medrcvl:loadcommunes",
            {
                "TERRITORY_KIND": 0,
                "TERRITORY": "999999999",
                "MIRROR": str(shared_data),
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
        )


def test_loadcommunes_bad_siren_is_a_clear_error(provider, tmp_path):
    with pytest.raises(QgsProcessingException, match="SIREN"):
        run(
            "medrcvl:loadcommunes",
            {"TERRITORY_KIND": 0, "TERRITORY": "12ab", "MIRROR": str(tmp_path), "OUTPUT": "TEMPORARY_OUTPUT"},
        )


@pytest.mark.realdata
def test_loaddataset_ifn_keeps_codes_text_and_real_scores(provider, shared_data):
    result = run(
        "medrcvl:loaddataset",
        {"SOURCE": DATASETS.index("ifn_communes"), "MIRROR": str(shared_data), "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    layer = result["OUTPUT"]
    assert layer.featureCount() == 35008
    code_field = layer.fields().field("code")
    assert code_field.typeName().lower() in ("string", "text")
    chinon = next(layer.getFeatures("\"code\" = '37072'"))
    assert chinon["ifn_score"] == pytest.approx(6.8, abs=0.05)
    assert next(layer.getFeatures("\"code\" = '01001'"))["code"] == "01001"
    meta = layer.metadata()
    assert "Source : La MedNum/ANSA – IFN 2023" in meta.rights()
    assert meta.links()[0].url.endswith("ifn-city-all-variation.csv")


@pytest.mark.realdata
def test_loaddataset_places_is_a_point_layer_without_fake_coordinates(provider, shared_data):
    result = run(
        "medrcvl:loaddataset",
        {
            "SOURCE": DATASETS.index("lieux_standard"),
            "MIRROR": str(shared_data),
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
    )
    layer = result["OUTPUT"]
    assert layer.featureCount() == 426
    assert layer.wkbType() == QgsWkbTypes.Type.Point and layer.crs().authid() == "EPSG:4326"
    points = [f.geometry().asPoint() for f in layer.getFeatures() if f.hasGeometry()]
    assert len(points) == 426  # this export has coordinates for every place
    assert all(41 < p.y() < 52 and -6 < p.x() < 10 for p in points)  # metropolitan France, no (0, 0)
    assert {f["code_insee"] for f in layer.getFeatures()} >= {"37072"}


def test_loaddataset_bad_file_names_the_file(provider, tmp_path):
    bad = tmp_path / "not-ifn.csv"
    bad.write_text("<html><body>Oops</body></html>\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="not-ifn.csv"):
        run(
            "medrcvl:loaddataset",
            {"SOURCE": DATASETS.index("ifn_communes"), "LOCATION": str(bad), "OUTPUT": "TEMPORARY_OUTPUT"},
        )


@pytest.mark.realdata
def test_cancelled_feedback_stops_loaddataset(provider, shared_data):
    feedback = RecordingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="(?i)cancel"):
        run(
            "medrcvl:loaddataset",
            {
                "SOURCE": DATASETS.index("population"),
                "MIRROR": str(shared_data),
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
            feedback,
        )


def test_error_message_names_source_line_field_and_url():
    text = user_message(DataFormatError("Bad value", source="f.csv", line=12, field="code"))
    assert "f.csv" in text and "12" in text and "code" in text
    text = user_message(NetworkError("Download failed", url="http://x.test/a", status=503))
    assert "http://x.test/a" in text and "503" in text
    assert isinstance(to_processing_exception(CancelledError("stop")), QgsProcessingException)


def test_log_records_reach_the_feedback():
    feedback = RecordingFeedback()
    with log_to_feedback(feedback):
        logging.getLogger("medrcvl_plugin.core.test").warning("mirror lacks %s", "arcep")
        logging.getLogger("medrcvl_plugin.core.test").info("read %d rows", 3)
    logging.getLogger("medrcvl_plugin.core.test").warning("after")
    assert feedback.warnings == ["mirror lacks arcep"]
    assert feedback.infos == ["read 3 rows"]


def test_frames_keep_text_codes_and_nulls(qgis_app):
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame(
        {
            "code": ["01001", "2A004"],
            "score": [6.8, np.nan],
            "n": [1, 2],
            "lat": [47.1, np.nan],
            "lon": [0.2, np.nan],
        }
    )
    fields = frame_fields(frame)
    features = list(frame_features(frame, fields, "lon", "lat"))
    assert [f["code"] for f in features] == ["01001", "2A004"]
    assert features[1]["score"] == NULL and features[0]["score"] == pytest.approx(6.8)
    assert features[0].hasGeometry() and not features[1].hasGeometry()
    assert features[1]["n"] == 2


def test_diagnostic_defaults_match_the_core(provider):
    from medrcvl_plugin.core.indicators import metrics as indicators
    from medrcvl_plugin.processing.algorithms import diagnostic

    assert diagnostic.DEFAULT_IFN_THRESHOLD == indicators.DEFAULT_IFN_THRESHOLD
    assert diagnostic.DEFAULT_DISTANCE_KM == indicators.DEFAULT_DISTANCE_KM


def test_diagnostic_params_from_a_commune_layer(provider, tmp_path):
    from qgis.core import QgsFeature, QgsGeometry, QgsProcessingContext, QgsProject, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:2154&field=insee:string", "mes communes", "memory")
    feature = QgsFeature(layer.fields())
    feature.setAttributes(["37072"])
    feature.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 1 0, 1 1, 0 0))"))
    layer.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(layer)
    try:
        algorithm = QgsApplication.processingRegistry().createAlgorithmById("medrcvl:diagnostic")
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        params = algorithm.diagnostic_params(
            {
                "TERRITORY_KIND": 4,
                "COMMUNE_LAYER": layer.id(),
                "CODE_FIELD": "insee",
                "IFN_LOCATION": "/data/ifn.csv",
                "IFN_THRESHOLD": 7.0,
                "DISTANCE_KM": 3.0,
                "OUTPUT": str(tmp_path / "d"),
                "OVERWRITE": True,
            },
            context,
        )
        assert params.territory.kind == "layer" and params.territory.code_field == "insee"
        assert [f["insee"] for f in params.territory.layer.getFeatures()] == ["37072"]
        assert params.locations == {"ifn_communes": "/data/ifn.csv"}
        assert (params.ifn_threshold, params.distance_km, params.overwrite) == (7.0, 3.0, True)
        assert str(params.output).endswith("d.gpkg")
        with pytest.raises(QgsProcessingException, match="INSEE"):
            algorithm.diagnostic_params(
                {
                    "TERRITORY_KIND": 4,
                    "COMMUNE_LAYER": layer.id(),
                    "CODE_FIELD": "nope",
                    "OUTPUT": str(tmp_path / "e"),
                },
                context,
            )
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


@pytest.fixture(scope="module")
def diagnostic_run(provider, shared_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("diag") / "diagnostic.gpkg"
    feedback = RecordingFeedback()
    result = run(
        "medrcvl:diagnostic",
        {"TERRITORY_KIND": 0, "TERRITORY": "200043081", "MIRROR": str(shared_data), "OUTPUT": str(out)},
        feedback,
    )
    return out, result, feedback


@pytest.mark.realdata
def test_diagnostic_by_id_outputs_the_two_layers(diagnostic_run):
    from qgis.core import QgsVectorLayer

    out, result, feedback = diagnostic_run
    assert result["OUTPUT"] == str(out) and out.exists()
    assert result["COMMUNE_COUNT"] == 19
    communes = result["COMMUNES"]
    if not isinstance(communes, QgsVectorLayer):
        communes = QgsVectorLayer(communes, "communes", "ogr")
    assert communes.isValid() and communes.featureCount() == 19
    assert communes.source().startswith(str(out))
    lieux = result["LIEUX"]
    if not isinstance(lieux, QgsVectorLayer):
        lieux = QgsVectorLayer(lieux, "lieux", "ogr")
    assert lieux.isValid() and lieux.featureCount() == result["LIEUX_COUNT"] > 0
    assert any("ARCEP" in w for w in feedback.warnings)  # the mirror has no dept-37 ARCEP rows
    assert result["WARNINGS"]


@pytest.mark.realdata
def test_diagnostic_refuses_to_overwrite(diagnostic_run, shared_data):
    out, _, _ = diagnostic_run
    before = out.stat().st_mtime_ns
    with pytest.raises(QgsProcessingException, match="already exists"):
        run(
            "medrcvl:diagnostic",
            {"TERRITORY_KIND": 0, "TERRITORY": "200043081", "MIRROR": str(shared_data), "OUTPUT": str(out)},
        )
    assert out.stat().st_mtime_ns == before


def test_finisher_sets_metadata_and_style_on_the_loaded_layer(qgis_app):
    from qgis.core import QgsProcessingContext, QgsProject, QgsVectorLayer

    from medrcvl_plugin.core.sources.catalogue import SOURCES
    from medrcvl_plugin.processing.algorithms.base import attach_finisher, layer_metadata

    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=nom:string", "lieux", "memory")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    context.addLayerToLoadOnCompletion(
        "lieux-uri", QgsProcessingContext.LayerDetails("lieux", QgsProject.instance(), "OUTPUT")
    )
    styled = []
    metadata = layer_metadata("Lieux", [SOURCES["lieux_standard"].provenance("/m/l.csv", "mirror")])
    attach_finisher(context, "lieux-uri", metadata, styled.append)
    finisher = context.layerToLoadOnCompletionDetails("lieux-uri").postProcessor()
    assert finisher is not None
    finisher.postProcessLayer(layer, context, RecordingFeedback())
    assert styled == [layer]
    assert layer.metadata().title() == "Lieux"
    assert "ANCT / Hub LO – lieux de médiation numérique" in layer.metadata().rights()

    def broken_style(target):
        raise ValueError("no such field")

    feedback = RecordingFeedback()
    attach_finisher(context, "lieux-uri", None, broken_style)
    context.layerToLoadOnCompletionDetails("lieux-uri").postProcessor().postProcessLayer(
        layer, context, feedback
    )
    assert any("no such field" in w for w in feedback.warnings)


def test_log_records_of_other_threads_do_not_reach_the_feedback():
    import threading

    feedback = RecordingFeedback()
    with log_to_feedback(feedback):
        worker = threading.Thread(target=lambda: logging.getLogger("medrcvl_plugin.x").warning("other"))
        worker.start()
        worker.join()
        logging.getLogger("medrcvl_plugin.x").warning("mine")
    assert feedback.warnings == ["mine"]
