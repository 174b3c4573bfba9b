"""Choropleth classes, the no-data class, French legend labels, place symbols and GeoPackage styles."""

from __future__ import annotations

import shutil

import pytest
from atlas_fixture import cached_diagnostic
from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils, QgsVectorLayer

from medrcvl_plugin.core.base.errors import DataFormatError
from medrcvl_plugin.core.output import styles
from medrcvl_plugin.core.output.atlas.texts import NBSP, format_number, is_missing
from tests.conftest import REFERENCE_COMMUNES


@pytest.fixture()
def communes(shared_data, tmp_path):
    """A copy of the reference diagnostic's communes layer (editable)."""
    gpkg = tmp_path / "diagnostic.gpkg"
    shutil.copy(cached_diagnostic(shared_data, REFERENCE_COMMUNES), gpkg)
    layer = QgsVectorLayer(f"{gpkg}|layername=communes", "communes", "ogr")
    assert layer.isValid()
    return layer


def _matching_rules(layer, renderer, feature):
    """Labels of the rules whose filter accepts ``feature``."""
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    context.setFeature(feature)
    labels = []
    for rule in renderer.rootRule().children():
        if bool(QgsExpression(rule.filterExpression()).evaluate(context)):
            labels.append(rule.label())
    return labels


def test_french_numbers():
    assert format_number(6.8) == "6,8"
    assert format_number(1234, 0) == f"1{NBSP}234"
    assert format_number(None) == "–"
    assert format_number(float("nan")) == "–"
    assert styles.format_value("ftth_share", 0.253) == f"25{NBSP}%"
    assert (
        styles.format_value("lieux_per_10k", 3.25) == f"3,2/10{NBSP}000 hab."
        or styles.format_value("lieux_per_10k", 3.25) == f"3,3/10{NBSP}000 hab."
    )
    assert styles.format_value("dist_lieu_km", 2.04) == f"2,0{NBSP}km"


def test_breaks_ignore_nulls():
    values = [None, float("nan"), 5.2, 5.4, 6.8, 7.2, 7.8, 6.0]
    for method in ("jenks", "quantile", "equal", "pretty"):
        bounds = styles.compute_breaks(values, method, 3)
        assert bounds[0] <= 5.2 and bounds[0] > 0, method  # NULL never became 0
        assert bounds[-1] >= 7.8
        assert bounds == sorted(bounds)
    assert styles.compute_breaks(values, "ifn", 9) == [float(i) for i in range(1, 11)]
    with pytest.raises(DataFormatError):
        styles.compute_breaks(values, "kmeans", 3)


def test_graduated_with_no_data_class(communes):
    chinon = next(f for f in communes.getFeatures() if f["code_insee"] == "37072")
    communes.startEditing()
    communes.changeAttributeValue(chinon.id(), communes.fields().indexOf("ifn_score"), None)
    communes.commitChanges()
    renderer = styles.apply_graduated(communes, "ifn_score", "jenks", 5)
    rules = renderer.rootRule().children()
    assert len(rules) == 6
    assert rules[-1].label() == styles.NO_DATA_LABEL
    real = [f["ifn_score"] for f in communes.getFeatures() if not is_missing(f["ifn_score"])]
    assert len(real) == len(REFERENCE_COMMUNES) - 1
    bounds = styles.classes_of(communes)["bounds"]
    assert bounds[0] == pytest.approx(min(real)) and bounds[-1] == pytest.approx(max(real))
    assert all("," in r.label() and "." not in r.label() for r in rules[:-1])
    for feature in communes.getFeatures():
        matched = _matching_rules(communes, renderer, feature)
        assert len(matched) == 1, (feature["nom"], matched)
        if feature["code_insee"] == "37072":
            assert matched == [styles.NO_DATA_LABEL]


def test_methods_units_and_diverging_ramp(communes):
    for method in styles.METHODS:
        renderer = styles.apply_graduated(communes, "ifn_score", method, 4)
        count = len(renderer.rootRule().children()) - 1  # minus the no-data class
        assert 2 <= count <= (7 if method == "pretty" else 4), method  # pretty breaks round the bounds
    renderer = styles.apply_graduated(communes, "lieux_per_10k", "quantile", 3)
    assert renderer.rootRule().children()[0].label().endswith("hab.")
    renderer = styles.apply_graduated(communes, "gap_epci_ifn", "equal", 4)
    colors = [r.symbol().color() for r in renderer.rootRule().children()[:-1]]
    assert colors[0].blue() > colors[0].red()  # below the EPCI mean: blue
    assert colors[-1].red() > colors[-1].blue()  # above: red
    with pytest.raises(DataFormatError):
        styles.apply_graduated(communes, "no_such_field")


def test_places_style_and_labels(shared_data, tmp_path):
    gpkg = tmp_path / "d.gpkg"
    shutil.copy(cached_diagnostic(shared_data, REFERENCE_COMMUNES), gpkg)
    lieux = QgsVectorLayer(f"{gpkg}|layername=lieux", "lieux", "ogr")
    # The 2020 Hub LO export names no national programme: flag one place as Aidants Connect.
    first = next(lieux.getFeatures())
    lieux.startEditing()
    lieux.changeAttributeValue(first.id(), lieux.fields().indexOf("prog_aidants_connect"), True)
    assert lieux.commitChanges()
    renderer = styles.style_lieux(lieux)
    labels = [r.label() for r in renderer.rootRule().children()]
    categories = {str(v) for v in lieux.uniqueValues(lieux.fields().indexOf("categorie"))}
    assert categories <= set(labels)
    assert styles.PROGRAMME_LABEL in labels
    ring = renderer.rootRule().children()[-1]
    programme = [
        f for f in lieux.getFeatures() if f["prog_conseiller_numerique"] or f["prog_aidants_connect"]
    ]
    assert [f.id() for f in programme] == [first.id()]
    assert len(_matching_rules(lieux, renderer, programme[0])) == 2  # category + ring
    assert ring.filterExpression() == styles.PROGRAMME_FILTER
    colors = {styles.place_symbol_spec(c) for c in ("EPN", "Bibliothèque", "France Services", "Tiers-lieu")}
    assert len(colors) == 4
    settings = lieux.labeling().settings()
    assert lieux.labelsEnabled() and settings.fieldName == "nom"
    assert settings.format().font().family() == "DejaVu Sans"
    assert settings.obstacleSettings().isObstacle()


def test_default_styles_saved_in_geopackage(shared_data, tmp_path):
    gpkg = tmp_path / "d.gpkg"
    shutil.copy(cached_diagnostic(shared_data, REFERENCE_COMMUNES), gpkg)
    assert styles.save_default_styles(gpkg, "ifn_score", "quantile", 4) == ["communes", "lieux"]
    reopened = QgsVectorLayer(f"{gpkg}|layername=communes", "c", "ogr")
    assert reopened.renderer().type() == "RuleRenderer"
    labels = [r.label() for r in reopened.renderer().rootRule().children()]
    assert len(labels) == 5 and labels[-1] == styles.NO_DATA_LABEL
    lieux = QgsVectorLayer(f"{gpkg}|layername=lieux", "l", "ogr")
    place_labels = [r.label() for r in lieux.renderer().rootRule().children()]
    assert {"EPN", "France Services", "Tiers-lieu"} <= set(place_labels)
    assert styles.PROGRAMME_LABEL not in place_labels  # no place of the 2020 export is in a programme
