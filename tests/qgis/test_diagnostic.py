"""Diagnostic runs on a small mirror (links to ../shared/data): older layers, missing data, cancel."""

from __future__ import annotations

import csv

import pytest
from qgis.core import QgsFeedback, QgsVectorLayer

from medrcvl_plugin.core.base.errors import CancelledError, TerritoryError
from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
from medrcvl_plugin.core.territory.selection import Territory

pytestmark = pytest.mark.realdata
GEOJSON_2016 = "communes/communes-37-indre-et-loire-2016.geojson"


def _mirror(shared_data, tmp_path, parts=("cog", "population", "ifn")):
    """A mirror folder holding only ``parts`` (symbolic links, nothing copied)."""
    mirror = tmp_path / "mirror"
    (mirror / "communes").mkdir(parents=True)
    for part in parts:
        (mirror / part).symlink_to(shared_data / part)
    name = "communes-37-indre-et-loire-2018.geojson"
    (mirror / "communes" / name).symlink_to(shared_data / "communes" / name)
    return mirror


ABSENT = (
    "epci_composition",
    "ifn_epci",
    "arcep_techno",
    "arcep_debit",
    "arcep_best",
    "lieux_standard",
    "france_services",
    "cnfs",
    "aidants_connect",
)


def without(mirror, source_ids):
    """Remove the files of ``source_ids`` from a mirror of links (a linked folder becomes a folder of
    links to its other files). A mirror lacking a file never sends the run to a live host."""
    from medrcvl_plugin.core.sources.catalogue import source

    for source_id in source_ids:
        relative = source(source_id).mirror_path
        parent = mirror / relative.split("/")[0]
        if parent.is_symlink():
            target = parent.resolve()
            parent.unlink()
            parent.mkdir()
            for item in target.iterdir():
                (parent / item.name).symlink_to(item)
        if (mirror / relative).is_symlink():
            (mirror / relative).unlink()
    return mirror


def _params(mirror, tmp_path, territory, absent=ABSENT, **kw):
    """Parameters; the ``absent`` datasets are missing from the mirror (never a live host in tests)."""
    return DiagnosticParams(
        territory,
        tmp_path / "out.gpkg",
        mirror=str(without(mirror, absent)),
        settings=Settings(cache_dir=str(tmp_path / "cache")),
        **kw,
    )


def _features(path, name="communes"):
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    return {f["code_insee"]: f for f in layer.getFeatures()}


@pytest.fixture(scope="module")
def ifn_file(shared_data):
    with open(shared_data / "ifn" / "ifn-city-all-variation.csv", encoding="utf-8") as fh:
        return {row["code"]: float(row["total"]) for row in csv.DictReader(fh) if row["total"]}


@pytest.mark.parametrize("mode", ["keep", "dissolve"])
def test_older_user_layer_keep_or_dissolve(shared_data, tmp_path, ifn_file, mode):
    layer = QgsVectorLayer(str(shared_data / GEOJSON_2016), "communes 2016", "ogr")
    areas = {f["code"]: f.geometry().area() for f in layer.getFeatures()}
    mirror = _mirror(shared_data, tmp_path)
    result = build_diagnostic(
        _params(mirror, tmp_path, Territory("layer", layer=layer, code_field="code"), layer_mode=mode)
    )
    rows = _features(result.gpkg)
    if mode == "keep":
        assert len(rows) == 277
        for former in ("37120", "37227", "37232"):
            assert rows[former]["ifn_score"] == pytest.approx(ifn_file["37232"])
            assert rows[former]["ifn_method"] == "repeated: value of current commune 37232"
        assert rows["37004"]["ifn_method"] == "direct"
        assert any("former commune" in w for w in result.warnings)
    else:
        assert len(rows) == 272 and "37120" not in rows and "37135" not in rows
        assert rows["37232"]["ifn_score"] == pytest.approx(ifn_file["37232"])
        # the dissolved Coteaux-sur-Loire covers its three 2016 communes (areas in EPSG:2154 m²)
        ratio = rows["37232"].geometry().area() / rows["37123"].geometry().area()
        expected = (areas["37120"] + areas["37227"] + areas["37232"]) / (areas["37123"] + areas["37102"])
        assert ratio == pytest.approx(expected, rel=0.01)
        assert rows["37021"]["population"] > 0


def test_missing_datasets_leave_fields_null_with_warnings(shared_data, tmp_path):
    mirror = _mirror(shared_data, tmp_path, parts=("cog", "population"))
    result = build_diagnostic(
        _params(mirror, tmp_path, Territory("communes", ["37072", "37011"]), absent=(*ABSENT, "ifn_communes"))
    )
    rows = _features(result.gpkg)
    assert sorted(rows) == ["37011", "37072"]
    assert all(f["ifn_score"] is None or f["ifn_score"].isNull() for f in rows.values())
    assert all(f["flag_priority"] is None or f["flag_priority"].isNull() for f in rows.values())
    assert rows["37072"]["population"] > 7000 and rows["37072"]["lieux_count"] == 0
    text = " ".join(result.warnings)
    assert "fragilité" in text and "lieux" in text.lower()
    provenance = {
        f["source_id"]: f["mode"]
        for f in QgsVectorLayer(f"{result.gpkg}|layername=provenance", "p", "ogr").getFeatures()
    }
    assert provenance["ifn_communes"] == "unavailable" and provenance["population"] == "mirror"
    assert "Indice de fragilité numérique, communes (tout âge)" in result.missing


def test_a_source_the_user_chose_that_fails_fails_the_run(shared_data, tmp_path):
    from medrcvl_plugin.core.base.errors import SourceUnavailable

    mirror = _mirror(shared_data, tmp_path, parts=("cog", "population", "ifn"))
    (tmp_path / "page.csv").write_text("<!DOCTYPE html><html><body>Connexion</body></html>")
    (tmp_path / "cut.csv").write_text("name,division\n")  # the header only, no column of scores
    for chosen, expected in (("page.csv", "HTML"), ("cut.csv", "cut.csv"), ("nothere.csv", "nothere.csv")):
        params = _params(mirror, tmp_path, Territory("communes", ["37072"]))
        params.locations = {"ifn_communes": str(tmp_path / chosen)}
        with pytest.raises(SourceUnavailable, match=expected) as info:
            build_diagnostic(params)
        assert "you chose" in str(info.value) or "chose" in str(info.value)
        assert not params.output.exists()


def test_a_drifted_optional_file_of_the_mirror_only_warns(shared_data, tmp_path):
    mirror = _mirror(shared_data, tmp_path, parts=("cog", "population"))
    (mirror / "ifn").mkdir()
    (mirror / "ifn" / "ifn-city-all-variation.csv").write_text("nom;autre\nChinon;1\n")  # renamed columns
    result = build_diagnostic(
        _params(
            mirror, tmp_path, Territory("communes", ["37072"]), absent=[s for s in ABSENT if s != "ifn_epci"]
        )
    )
    rows = _features(result.gpkg)
    assert rows["37072"]["ifn_score"] is None or rows["37072"]["ifn_score"].isNull()
    assert any("ifn-city-all-variation.csv" in w for w in result.warnings)
    assert "Indice de fragilité numérique, communes (tout âge)" in result.missing


def test_cancel_leaves_no_output(shared_data, tmp_path):
    feedback = QgsFeedback()
    feedback.cancel()
    mirror = _mirror(shared_data, tmp_path)
    params = _params(mirror, tmp_path, Territory("communes", ["37072"]))
    with pytest.raises(CancelledError):
        build_diagnostic(params, feedback)
    assert not params.output.exists() and not list(tmp_path.glob("*.part*"))


def test_unknown_territory_is_a_clear_error(shared_data, tmp_path):
    mirror = _mirror(shared_data, tmp_path, parts=("cog", "epci"))
    with pytest.raises(TerritoryError, match="99999"):
        build_diagnostic(_params(mirror, tmp_path, Territory("departement", "99999")))
    with pytest.raises(TerritoryError, match="123456789"):
        build_diagnostic(_params(mirror, tmp_path, Territory("epci", "123456789"), absent=ABSENT[1:]))


@pytest.fixture(scope="module")
def cog_frame(shared_data):
    from medrcvl_plugin.core.readers import cog

    return cog.read_cog_communes(shared_data / "cog" / "communes.csv")


def test_resolve_kinds_by_codes_never_names(cog_frame):
    import pandas as pd

    from medrcvl_plugin.core.territory.selection import resolve

    composition = pd.DataFrame(
        {
            "siren": ["200043081", "200043081", "241000405"],
            "raison_sociale": ["CC Chinon, Vienne et Loire"] * 2 + ["Other"],
            "insee": ["37072", "37011", "10387"],
        }
    )
    got = resolve(Territory("epci", "200043081"), cog_frame, composition)
    assert got.codes == ["37011", "37072"] and got.departements == ["37"] and got.regions == ["24"]
    assert got.epci_sirens == ["200043081"] and got.name == "CC Chinon, Vienne et Loire"
    dep = resolve(Territory("departement", "37"), cog_frame, composition)
    assert len(dep.codes) == 272 and dep.name.startswith("Indre-et-Loire")
    region = resolve(Territory("region", "24"), cog_frame, None)
    assert set(region.departements) == {"18", "28", "36", "37", "41", "45"}
    listed = resolve(Territory("communes", "37072, 37011,37072"), cog_frame, composition)
    assert listed.codes == ["37011", "37072"] and listed.epci_sirens == ["200043081"]
    with pytest.raises(TerritoryError, match="3707"):
        resolve(Territory("communes", ["3707"]), cog_frame, None)
    with pytest.raises(TerritoryError):
        resolve(Territory("communes", []), cog_frame, None)
    with pytest.raises(TerritoryError, match="kind"):
        resolve(Territory("canton", "3701"), cog_frame, None)


def test_layer_codes_cleaned_and_reused_when_already_read(cog_frame):
    from medrcvl_plugin.core.territory.selection import clean_codes, resolve

    assert clean_codes([" 37072", 1001, "NULL", None, "", "2A004", "97101"]) == [
        "37072",
        "01001",
        "2A004",
        "97101",
    ]
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:2154&field=insee:string", "mine", "memory")
    got = resolve(
        Territory("layer", layer=layer, code_field="insee"),
        cog_frame,
        None,
        codes=["37072", "97101", "2A004"],
    )  # the layer itself is empty: the codes given are used
    assert got.codes == ["2A004", "37072", "97101"] and got.departements == ["2A", "37", "971"]
    assert got.name == "mine" and got.regions == ["01", "24", "94"]
    with pytest.raises(TerritoryError, match="3707,"):
        resolve(Territory("layer", layer=layer, code_field="insee"), cog_frame, None, codes=["3707", "x"])


def test_memory_layer_duplicates_are_reported_not_dropped_silently(shared_data, tmp_path):
    from qgis.core import QgsFeature, QgsGeometry

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:2154&field=insee:string", "mine", "memory")
    features = []
    for code, x in (("37072", 480000), ("37072", 490000), ("37011", 470000), (None, 460000)):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([code])
        feature.setGeometry(
            QgsGeometry.fromWkt(
                f"MULTIPOLYGON((({x} 6680000,{x + 900} 6680000,{x + 900} 6680900,{x} 6680000)))"
            )
        )
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    mirror = _mirror(shared_data, tmp_path)
    result = build_diagnostic(_params(mirror, tmp_path, Territory("layer", layer=layer, code_field="insee")))
    rows = _features(result.gpkg)
    assert sorted(rows) == ["37011", "37072"]
    assert rows["37072"].geometry().boundingBox().xMinimum() == pytest.approx(480000)
    reasons = {
        (f["code"], f["reason"])
        for f in QgsVectorLayer(f"{result.gpkg}|layername=unmatched_codes", "u", "ogr").getFeatures()
    }
    assert ("37072", "duplicate_code") in reasons
    assert any(reason == "no_code" for _, reason in reasons)
