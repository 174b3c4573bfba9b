"""The generated French sentence of the programme counts (atlas commune pages)."""

from __future__ import annotations

from medrcvl_plugin.core.output.atlas.texts import commune_sentences, programme_sentence


def test_counts_with_plurals_and_aidants():
    text = programme_sentence(
        {"conseillers_numeriques": 2, "aidants_connect_structures": 3, "aidants_connect_aidants": 5}
    )
    assert text.startswith("2 conseillers numériques et 3 structures Aidants Connect sur la commune")
    assert "5 aidants habilités" in text
    one = programme_sentence(
        {"conseillers_numeriques": 1, "aidants_connect_structures": 1, "aidants_connect_aidants": 1}
    )
    assert (
        one.startswith("1 conseiller numérique et 1 structure Aidants Connect") and "1 aidant habilité" in one
    )


def test_zero_is_said_and_null_is_silent():
    zero = programme_sentence(
        {"conseillers_numeriques": 0, "aidants_connect_structures": 0, "aidants_connect_aidants": 0}
    )
    assert zero.startswith("Aucun conseiller numérique et aucune structure Aidants Connect")
    assert programme_sentence({"conseillers_numeriques": None, "aidants_connect_structures": None}) == ""
    only = programme_sentence(
        {"conseillers_numeriques": None, "aidants_connect_structures": 2, "aidants_connect_aidants": 0}
    )
    assert (
        only.startswith("2 structures Aidants Connect sur la commune") and "aidant" not in only.split("(")[1]
    )


def test_commune_page_text_carries_the_sentence():
    text = commune_sentences(
        {
            "nom": "Chinon",
            "ifn_score": 6.8,
            "lieux_count": 4,
            "conseillers_numeriques": 1,
            "aidants_connect_structures": 2,
            "aidants_connect_aidants": 3,
        },
        6.5,
        19,
    )
    assert (
        "1 conseiller numérique et 2 structures Aidants Connect sur la commune (3 aidants habilités" in text
    )
