"""French texts, safe file names and the SVG chart of the atlas (no layout needed)."""

from __future__ import annotations

import base64

from atlas_fixture import ifn_scores

from medrcvl_plugin.core.output.atlas.charts import subscores_svg, svg_data_path
from medrcvl_plugin.core.output.atlas.texts import (
    commune_sentences,
    cover_text,
    epci_phrase,
    ordinal,
    safe_filename,
)


def test_safe_filenames():
    assert safe_filename("L'Île-Bouchard") == "l-ile-bouchard"
    assert safe_filename("Saint-Germain-sur-Vienne") == "saint-germain-sur-vienne"
    assert safe_filename("a/b:c\\d") == "a-b-c-d"
    assert safe_filename("Œuilly") == "oeuilly"
    assert safe_filename("///") == "sans-nom"
    assert safe_filename("x" * 200) == "x" * 80


def test_sentences_for_chinon(shared_data):
    score = ifn_scores(shared_data, ["37072"])["37072"]
    assert score == 6.8
    commune = {
        "nom": "Chinon",
        "ifn_score": score,
        "nom_epci": "CC Chinon, Vienne et Loire",
        "rank_epci": 7,
        "ifn_65plus": 9.0,
        "ifn_poverty": 7.0,
        "lieux_count": 4,
    }
    text = commune_sentences(commune, 6.537303246171564, 19)
    assert text.startswith(
        "Chinon a un indice de fragilité numérique de 6,8 sur 10, au-dessus de la "
        "moyenne de la communauté de communes (6,5)."
    )
    assert "7e rang sur 19 communes" in text
    assert "65 ans et plus (9,0 sur 10)" in text
    assert "4 lieux de médiation" in text
    lower = commune_sentences({**commune, "ifn_score": 5.2, "lieux_count": 0, "dist_lieu_km": 3.46}, 6.5, 19)
    assert "en dessous de" in lower and "3,5\u00a0km" in lower
    missing = commune_sentences({"nom": "Huismes", "ifn_score": None}, 6.5, 19)
    assert missing.startswith("L'indice de fragilité numérique n'est pas disponible pour Huismes")


def test_phrases_and_cover():
    assert epci_phrase("CA Tours Métropole") == "la communauté d'agglomération"
    assert epci_phrase("Tours Métropole Val de Loire") == "la métropole"
    assert epci_phrase("SIVOM") == "l'intercommunalité"
    assert ordinal(1) == "1er" and ordinal(2) == "2e"
    text = cover_text({"ifn_score": 6.54, "priorities": 1, "communes": 19, "lieux": 20}, "CC X", 6.2)
    assert "6,5 sur 10, au-dessus de la moyenne départementale (6,2)" in text
    assert "1 commune est signalée" in text


def test_chart_svg_renders_the_values():
    svg = subscores_svg(
        {"ifn_no_thd": 6.0, "ifn_poverty": 7.0, "ifn_no_4g": None}, {"ifn_no_thd": 6.69}, "Chinon", "EPCI"
    )
    assert "6,0" in svg and "6,7" in svg and "n.d." in svg and "Chinon" in svg
    path = svg_data_path(svg)
    assert path.startswith("base64:")
    assert base64.b64decode(path[7:]).decode("utf-8") == svg


def test_atlas_sources_say_which_datasets_are_missing():
    from medrcvl_plugin.core.output.atlas.export import sources_text

    rows = [
        {
            "source_id": "population",
            "title": "Populations légales",
            "producer": "INSEE",
            "vintage": "2023",
            "licence": "Licence Ouverte",
            "mode": "live",
        },
        {
            "source_id": "ifn_communes",
            "title": "Indice de fragilité numérique",
            "producer": "La MedNum",
            "vintage": "2023-08",
            "licence": "Licence Ouverte",
            "mode": "unavailable",
        },
    ]
    text = sources_text(rows)
    assert "INSEE, Populations légales (2023)" in text
    assert "Données manquantes, champs laissés vides : Indice de fragilité numérique." in text
    assert "La MedNum" not in text  # a dataset not read is not credited as a source
    assert "manquantes" not in sources_text(rows[:1])
