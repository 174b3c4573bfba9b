"""core/slugs: région/département slugs of the live places URL, from COG codes."""

from __future__ import annotations

import pandas as pd

from medrcvl_plugin.core import slugs
from medrcvl_plugin.core.catalogue import source
from medrcvl_plugin.core.fetch import format_template


def test_slugs_of_codes():
    assert slugs.place_params("37") == {"region": "centre-val-de-loire", "departement": "indre-et-loire"}
    assert slugs.place_params("13") == {"region": "provence-alpes-cote-d-azur",
                                        "departement": "bouches-du-rhone"}
    assert slugs.place_params("2a") == {"region": "corse", "departement": "corse-du-sud"}
    assert slugs.departement_slug("1") == "ain" and slugs.departement_slug("22") == "cotes-d-armor"
    assert slugs.region_slug("11") == "ile-de-france" and slugs.region_slug("04") == "la-reunion"
    assert slugs.place_params("99") == {"region": "", "departement": ""}
    assert slugs.slugify("  Saint-Étienne / L'Œuvre ") == "saint-etienne-l-uvre"


def test_live_places_url_is_complete():
    url = format_template(source("lieux_standard").url, slugs.place_params("37"))
    assert url == ("https://cartographie.societenumerique.gouv.fr/centre-val-de-loire/indre-et-loire/"
                   "lieux/exporter")


def test_departement_regions_match_the_cog(shared_data):
    cog = pd.read_csv(shared_data / "cog" / "communes.csv", dtype=str)
    coms = cog[cog["TYPECOM"] == "COM"].drop_duplicates("DEP")
    expected = dict(zip(coms["DEP"], coms["REG"]))
    assert {dep: slugs.DEPARTEMENT_REGION.get(dep) for dep in expected} == expected
    assert all(slugs.place_params(dep)["departement"] for dep in expected)
