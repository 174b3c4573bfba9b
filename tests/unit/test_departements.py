"""core/departements: the départements asked to the national places export, neighbours included."""

from __future__ import annotations

import pandas as pd

from medrcvl_plugin.core.sources import departements
from medrcvl_plugin.core.sources.catalogue import source
from medrcvl_plugin.core.sources.fetch import format_template


def test_territory_departements_come_with_their_neighbours():
    assert departements.with_neighbours(["37"]) == ["36", "37", "41", "49", "72", "86"]
    # a cross-border territory: both départements and the neighbours of each
    both = departements.with_neighbours(["37", "86"])
    assert {"37", "86", "79", "87", "16", "36"} <= set(both) and len(both) == len(set(both))
    assert departements.with_neighbours(["2a"]) == ["2A", "2B"]
    assert departements.with_neighbours(["974"]) == ["974"]  # an island has none
    assert departements.with_neighbours(["1"])[0] == "01"


def test_neighbours_are_symmetric_and_known():
    table = departements.NEIGHBOURS
    for code, near in table.items():
        assert code not in near
        for other in near:
            assert code in table[other], (code, other)
    assert set(table["13"]) == {"04", "30", "83", "84"}  # Bouches-du-Rhône (PACA, once a 404 slug)


def test_live_places_url_names_every_departement():
    url = format_template(source("lieux_standard").url, departements.places_params(["37"]))
    assert url == (
        "https://cartographie.societenumerique.gouv.fr/lieux/exporter"
        "?territoire_type=departements&territoires=36,37,41,49,72,86"
    )


def test_departement_regions_match_the_cog(shared_data):
    cog = pd.read_csv(shared_data / "cog" / "communes.csv", dtype=str)
    coms = cog[cog["TYPECOM"] == "COM"].drop_duplicates("DEP")
    expected = dict(zip(coms["DEP"], coms["REG"]))
    assert {dep: departements.DEPARTEMENT_REGION.get(dep) for dep in expected} == expected
    metropole = {d for d in expected if not d.startswith("97")}
    assert metropole <= set(departements.NEIGHBOURS)
