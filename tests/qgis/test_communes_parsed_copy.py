"""readers/communes.read_kept: the commune GeoJSON of a département kept as a parsed copy; the layer read
from the copy equals the one parsed from the file, its warnings come again, a changed file is re-read."""

from __future__ import annotations

import shutil

import pytest

from medrcvl_plugin.core.readers import communes
from medrcvl_plugin.core.sources.cache import PARSED_FOLDER

D37 = "communes/communes-37-indre-et-loire-2018.geojson"


def _content(layer) -> tuple:
    """Everything a layer's user sees: fields, CRS, geometry type, attributes and WKB of each feature."""
    fields = [(f.name(), f.type(), f.typeName()) for f in layer.fields()]
    rows = [
        (
            tuple(None if v is None or (hasattr(v, "isNull") and v.isNull()) else v for v in f.attributes()),
            bytes(f.geometry().asWkb()),
        )
        for f in layer.getFeatures()
    ]
    return fields, layer.crs().authid(), layer.wkbType(), rows, layer.extent().toString(6)


def _copies(folder) -> list:
    return sorted((folder / PARSED_FOLDER).glob("*.npz"))


@pytest.mark.realdata
def test_copy_gives_the_layer_of_the_file(shared_data, tmp_path):
    path = tmp_path / "communes-37.geojson"
    shutil.copy(shared_data / D37, path)
    want = _content(communes.read_geojson(path, source=str(path)))
    first = communes.read_kept(path, str(path), tmp_path / "cache")
    assert len(_copies(tmp_path / "cache")) == 1 and _content(first) == want
    again = communes.read_kept(path, str(path), tmp_path / "cache")
    assert _content(again) == want and len(want[3]) == 272
    text = path.read_text(encoding="utf-8").replace('"Chinon"', '"Chinon-sur-Vienne"', 1)
    path.write_text(text, encoding="utf-8")  # a changed file is parsed again
    names = {
        f["code_insee"]: f["nom"]
        for f in communes.read_kept(path, str(path), tmp_path / "cache").getFeatures()
    }
    assert names["37072"] == "Chinon-sur-Vienne"


def test_copy_keeps_padded_codes_and_warns_again(fixtures, tmp_path, caplog):
    path = fixtures / "net" / "communes-int-codes.geojson"
    for run in range(2):
        caplog.clear()
        with caplog.at_level("WARNING"):
            layer = communes.read_kept(path, "int-codes", tmp_path / "cache")
        assert communes.padded_codes(layer) == ["01001"], run
        assert "01001" in caplog.text, run
        assert sorted(f["code_insee"] for f in layer.getFeatures()) == ["01001", "37072"]
    assert len(_copies(tmp_path / "cache")) == 1


def test_layer_with_numbers_is_parsed_each_time(fixtures, tmp_path):
    path = fixtures / "net" / "communes-wfs-2154.geojson"  # population: an integer field
    for _ in range(2):
        layer = communes.read_kept(path, "IGN WFS", tmp_path / "cache")
        assert {f["code_insee"]: f["population"] for f in layer.getFeatures()}["37072"] == 7843
        assert layer.crs().authid() == "EPSG:2154"
    assert _copies(tmp_path / "cache") == []
