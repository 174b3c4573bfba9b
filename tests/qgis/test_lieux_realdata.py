"""Places readers, schema validation and merge on the real files of ../shared/data/lieux."""

from __future__ import annotations

import csv
import json

import pytest

from medrcvl_plugin.core.readers import lieux, lieux_merge, lieux_schema, lieux_text
from medrcvl_plugin.core.readers.csvtools import read_table
from tests.conftest import REFERENCE_COMMUNES

pytestmark = pytest.mark.realdata
STANDARD = "lieux-centre-val-de-loire-hub-lo-2020.standard.csv"


@pytest.fixture(scope="module")
def standard(shared_data):
    return lieux.read_standard(
        shared_data / "lieux" / STANDARD,
        validate=True,
        schema_path=shared_data / "lieux" / "schema-lieux-mediation-numerique.json",
    )


@pytest.fixture(scope="module")
def hub_lo(shared_data):
    return lieux.read_hub_lo(
        shared_data / "lieux" / "hub-lo.json", config=shared_data / "lieux" / "hub-lo.config.json"
    )


@pytest.fixture(scope="module")
def france_services(shared_data):
    return lieux.read_france_services(shared_data / "lieux" / "france-services-liste-fs-2022.csv")


def test_standard_counts(shared_data, standard):
    with open(shared_data / "lieux" / STANDARD, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(standard) == len(rows) == 426
    # Dept 37 by postcode: 74 places. (The brief's "78" is the number of lines containing '"37'
    # — `grep -c '"37'` — which also counts street numbers such as "37 rue de la Chacatière" at Lèves.)
    in_37 = standard[standard["code_postal"].str.startswith("37")]
    assert len(in_37) == sum(r["code_postal"].startswith("37") for r in rows) == 74
    assert in_37["code_insee"].str.startswith("37").sum() == 73
    assert in_37[in_37["code_insee"].isna()]["lieu_id"].tolist() == ["hub-lo-137"]  # EPN de Ports
    assert standard["code_insee"].isna().sum() == 8
    assert standard["latitude"].notna().all()  # no "0" coordinates in this file
    assert standard["categorie"].value_counts()["France Services"] == 43


def test_standard_schema_problems(standard):
    # hand-checked: line 346 (hub-lo-433) has an empty adresse, the only schema violation of the file
    problems = standard.attrs["problems"]
    assert [(p.line, p.field) for p in problems] == [(346, "adresse")]
    assert standard.iloc[346 - 2]["lieu_id"] == "hub-lo-433"


def test_valid_example_and_builtin_schema(shared_data):
    raw = read_table(shared_data / "lieux" / "exemple-valide.csv", source="exemple", required=["id"])
    schema_path = shared_data / "lieux" / "schema-lieux-mediation-numerique.json"
    assert lieux_schema.validate(raw, schema_path) == []
    assert lieux_schema.validate(raw) == []
    example = lieux.read_standard(shared_data / "lieux" / "exemple-valide.csv", validate=True)
    assert example.attrs["problems"] == []
    row = example.iloc[0]
    assert row["categorie"] == "Tiers-lieu" and row["cat_autre"]  # TIERS_LIEUX|ASSO
    assert row["prog_aidants_connect"] and row["prog_conseiller_numerique"]
    assert row["code_insee"] == "51454" and row["itinerance"] == "Itinérant"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert schema["version"] == lieux_schema.SCHEMA_VERSION
    builtin = lieux_schema.builtin_schema()["fields"]
    assert [f["name"] for f in schema["fields"]] == list(lieux_schema.STANDARD_FIELDS)
    for ours, theirs in zip(builtin, schema["fields"]):
        constraints = theirs.get("constraints", {})
        assert ours["type"] == theirs["type"], theirs["name"]
        for key in ("pattern", "maxLength", "unique"):
            assert ours["constraints"].get(key) == constraints.get(key), (theirs["name"], key)
        assert ours["constraints"]["required"] == constraints.get("required", False), theirs["name"]


def test_reference_epci_places(standard):
    # selected by code_insee: none of the 8 places without code is in the CC (their communes are
    # AUNEAU, CLOYES, JANVILLE, PORTS, CONTRES x2, OUZOUER-LE-MARCHÉ, CESTAS — checked by eye)
    assert not set(standard[standard["code_insee"].isna()]["code_postal"]) & {"37500", "37420"}
    cc = standard[standard["code_insee"].isin(REFERENCE_COMMUNES)]
    assert sorted(cc["lieu_id"]) == sorted(
        [
            "hub-lo-75",
            "hub-lo-111",
            "hub-lo-174",
            "hub-lo-253",
            "hub-lo-271",
            "hub-lo-282",
            "hub-lo-339",
            "hub-lo-409",
        ]
    )
    assert cc["code_insee"].value_counts().to_dict() == {"37072": 4, "37011": 4}
    msap = cc.set_index("lieu_id").loc["hub-lo-282"]
    assert msap["nom"] == "MSAP AVOINE et IES" and msap["categorie"] == "France Services"
    assert cc.set_index("lieu_id").loc["hub-lo-409", "categorie"] == "Tiers-lieu"  # WELL CO'M WORK


def test_hub_lo_matches_the_standard_conversion(standard, hub_lo):
    assert len(hub_lo) == 426
    both = standard.merge(hub_lo, on="lieu_id", suffixes=("_s", "_h"))
    assert len(both) == 426
    for column in ("nom", "code_postal", "date_maj", "pivot", "site_web", "itinerance"):
        assert (both[f"{column}_s"].fillna("") == both[f"{column}_h"].fillna("")).all(), column
    assert (both["latitude_s"] == both["latitude_h"]).all()
    same = both["typologie_s"].map(lambda v: set(lieux_text.split_values(v))) == both["typologie_h"].map(
        lambda v: set(lieux_text.split_values(v))
    )
    # the only difference: Mairie de Cour-Cheverny, c_mairie=True gives MUNI through the public mapping
    assert both.loc[~same, "lieu_id"].tolist() == ["hub-lo-206"]
    assert hub_lo["code_insee"].isna().all()  # the raw register has no INSEE code


def test_france_services(france_services):
    assert len(france_services) == 2707
    assert (france_services["code_insee"].str[:2] == "37").sum() == 31
    avoine = france_services[france_services["code_insee"] == "37011"]
    assert avoine["nom"].tolist() == ["France services Avoine"]
    assert avoine.iloc[0]["horaires"].startswith("Mo 09:00-12:30,14:00-17:00")
    assert france_services["cat_france_services"].all()


def test_merge_msap_avoine_with_france_services(standard, france_services):
    merged = lieux_merge.merge_places([standard, france_services]).set_index("lieu_id")
    pairs = merged[merged["merged_ids"].str.contains("|", regex=False)]
    assert 40 <= len(pairs) <= 55  # 47 on this data; checked by listing names and addresses
    assert len(merged) == 426 + 2707 - len(pairs)
    msap = merged.loc["hub-lo-282"]
    assert msap["merged_ids"] == "hub-lo-282|france-services-1315"
    assert msap["source"] == "Hub LO|France Services"
    assert msap["complement_adresse"] == "Centre social du Véron"
    assert "france-services-1315" not in merged.index
    for other in ("hub-lo-253", "hub-lo-174"):  # Médiathèque and centre socio-culturel du Véron
        assert merged.loc[other, "merged_ids"] == other
