"""Readers of digital-mediation places and their merge, on small hand-written fixtures."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from medrcvl_plugin.core.base import codes as code_text
from medrcvl_plugin.core.base.errors import DataFormatError
from medrcvl_plugin.core.readers import lieux, lieux_merge, lieux_text


@pytest.fixture(scope="module")
def small(fixtures):
    return lieux.read_standard(fixtures / "lieux" / "standard-small.csv", source="test")


def test_standard_columns_types_and_categories(small):
    assert list(small.columns) == list(lieux.PLACE_COLUMNS)
    assert small["lieu_id"].tolist() == ["hub-lo-282", "hub-lo-253", "hub-lo-137", "hub-lo-900"]
    msap = small.iloc[0]
    assert msap["code_insee"] == "37011" and isinstance(msap["code_postal"], str)
    assert msap["latitude"] == pytest.approx(47.178411)
    assert msap["categorie"] == "France Services" and msap["cat_france_services"]
    assert msap["prog_france_services"] and msap["prog_conseiller_numerique"]
    assert not msap["prog_aidants_connect"]
    assert msap["dispositifs"] == "France Services|Conseillers numériques"
    media = small.iloc[1]
    assert media["categorie"] == "EPN" and media["cat_epn"] and media["cat_bib"] and not media["cat_autre"]
    tiers = small.iloc[3]
    assert tiers["categorie"] == "Tiers-lieu" and tiers["cat_autre"]  # ASSO → autre as well
    assert tiers["source"] == "test"  # empty source cell → the source argument
    assert msap["source"] == "Hub LO"


def test_zero_coordinates_are_unknown_and_row_is_kept(small):
    ports = small.set_index("lieu_id").loc["hub-lo-137"]
    assert math.isnan(ports["latitude"]) and math.isnan(ports["longitude"])
    assert ports["code_insee"] is None
    assert ports["categorie"] == "EPN" and ports["cat_mairie"] and ports["prog_aidants_connect"]


def test_validate_flag_keeps_problems(fixtures):
    frame = lieux.read_standard(fixtures / "lieux" / "standard-small.csv", validate=True)
    assert frame.attrs["problems"] == []


def test_bad_coordinate_names_line_and_field(tmp_path, fixtures):
    text = (fixtures / "lieux" / "standard-small.csv").read_text(encoding="utf-8")
    path = tmp_path / "bad.csv"
    path.write_text(text.replace('"47.2092"', '"47.2O92"'), encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        lieux.read_standard(path)
    assert info.value.line == 3 and info.value.field == "latitude"
    assert "47.2O92" in str(info.value)


def test_hub_lo_rules(fixtures):
    config = {
        "id": {"colonne": "gid"},
        "nom": {"colonne": "c_nom"},
        "code_postal": {"colonne": "c_postcode"},
        "commune": {"colonne": "c_city"},
        "adresse": {"colonne": "c_adresse"},
        "latitude": {"colonne": "c_lat_coor1"},
        "longitude": {"colonne": "c_long_coor1"},
        "telephone": {"colonne": "c_telephone"},
        "date_maj": {"colonne": "c__edit_datemaj"},
        "pivot": {"colonne": "c_siren_site"},
        "itinerance": [{"colonnes": ["c_formation_detail"], "termes": ["itinérance"], "cible": "Itinérant"}],
        "typologie": [
            {"colonnes": ["c_statut_juridique"], "termes": ["Associatif"], "cible": "ASSO"},
            {"colonnes": ["c_etiquettes", "c_epn"], "termes": ["EPN", "True"], "cible": "EPN"},
            {
                "colonnes": ["c_etiquettes", "c_mediatheque"],
                "termes": ["Médiathèque", "True"],
                "cible": "BIB",
            },
            {"colonnes": ["c_etiquettes", "c_msap"], "termes": ["MSAP", "True"], "cible": "MSAP"},
        ],
        "dispositif_programmes_nationaux": [
            {"colonnes": ["c_promeneur"], "termes": ["True"], "cible": "Promeneurs du net"}
        ],
        "frais_a_charge": [
            {
                "colonnes": ["c_formation_detail"],
                "termes": ["gratuits", "gratuites"],
                "sauf": ["abonnés"],
                "cible": "Gratuit",
            },
            {"colonnes": ["c_formation_detail"], "termes": ["abonnés"], "cible": "Gratuit sous condition"},
        ],
    }
    frame = lieux.read_hub_lo(fixtures / "lieux" / "hub-lo-small.json", config=config).set_index("lieu_id")
    media, msap, unknown = frame.loc["hub-lo-253"], frame.loc["hub-lo-282"], frame.loc["hub-lo-999"]
    assert media["typologie"] == "EPN|BIB" and media["categorie"] == "EPN"
    assert media["itinerance"] == "Itinérant"
    assert media["frais_a_charge"] == "Gratuit sous condition"  # "sauf abonnés" blocks "Gratuit"
    assert msap["frais_a_charge"] == "Gratuit"
    assert media["telephone"] == "+33247580000" and media["date_maj"] == "2020-06-10"
    assert msap["typologie"] == "ASSO|MSAP" and msap["categorie"] == "France Services"
    assert msap["dispositifs"] == "Promeneurs du net" and msap["pivot"] == "200043081"
    assert unknown["code_postal"] == "07000" and math.isnan(unknown["latitude"])
    assert unknown["categorie"] == "Autre" and unknown["date_maj"] is None


def test_hub_lo_without_config_uses_builtin_mapping(fixtures):
    frame = lieux.read_hub_lo(fixtures / "lieux" / "hub-lo-small.json")
    assert frame.set_index("lieu_id").loc["hub-lo-253", "typologie"] == "EPN|BIB"
    with pytest.raises(DataFormatError, match="mapping file"):
        lieux.read_hub_lo(fixtures / "lieux" / "hub-lo-small.json", config=fixtures / "missing.json")


def test_france_services_live_layout(fixtures):
    frame = lieux.read_france_services(fixtures / "lieux" / "france-services-live.csv")
    assert len(frame) == 2
    avoine = frame.iloc[0]
    assert avoine["code_insee"] == "37011" and avoine["latitude"] == pytest.approx(47.210241)
    assert avoine["categorie"] == "France Services" and avoine["prog_france_services"]
    assert avoine["telephone"] == "+33247981704" and avoine["source"] == "France Services"
    assert frame.iloc[1]["code_insee"] == "01033" and frame.iloc[1]["code_postal"] == "01200"
    assert frame["lieu_id"].is_unique


def test_france_services_missing_column(tmp_path):
    path = tmp_path / "fs.csv"
    path.write_text(
        "lib_fs;adresse;code_postal;lib_com;latitude;longitude\nX;Y;37000;Tours;47;0.6\n", encoding="utf-8"
    )
    with pytest.raises(DataFormatError, match="insee_com"):
        lieux.read_france_services(path)


def test_merge_places_matches_msap_avoine_only(small, fixtures):
    services = lieux.read_france_services(fixtures / "lieux" / "france-services-live.csv")
    merged = lieux_merge.merge_places([small, services])
    assert len(merged) == len(small) + len(services) - 1
    row = merged.set_index("lieu_id").loc["hub-lo-282"]
    assert row["merged_ids"] == "hub-lo-282|france-services-1"
    assert row["source"] == "Hub LO|France Services"
    assert row["typologie"] == "MSAP|RFS" and row["cat_france_services"]
    assert row["complement_adresse"] == "Centre social du Véron"  # filled from France Services
    assert row["latitude"] == pytest.approx(47.178411)  # first source wins
    # the médiathèque is 160 m from the France Services site but another kind of place: not merged
    assert merged.set_index("lieu_id").loc["hub-lo-253", "merged_ids"] == "hub-lo-253"


def test_merge_places_never_merges_within_one_source(small):
    twice = small.copy()
    merged = lieux_merge.merge_places([small, twice])
    assert len(merged) == 2 * len(small)


def test_merge_places_of_nothing():
    merged = lieux_merge.merge_places([])
    assert merged.empty and list(merged.columns) == list(lieux.PLACE_COLUMNS)


def test_match_score_distance_and_names():
    base = dict(
        lieux.finalise(
            pd.DataFrame(
                [
                    {
                        "lieu_id": "a",
                        "nom": "Espace numérique de Tours",
                        "adresse": "1 rue X",
                        "commune": "Tours",
                        "latitude": 47.39,
                        "longitude": 0.69,
                        "typologie": "EPN",
                        "source": "A",
                    }
                ]
            )
        ).iloc[0]
    )
    near = dict(base, lieu_id="b", nom="Autre nom", adresse="2 bd Y", latitude=47.3910, source="B")
    far = dict(near, latitude=47.40)
    assert lieux_merge.match_score(pd.Series(base), pd.Series(near)) > 0  # same kind, 111 m apart
    assert lieux_merge.match_score(pd.Series(base), pd.Series(far)) == 0  # same kind, 1.1 km, other address
    assert lieux_merge.distance_m(47.39, 0.69, 47.40, 0.69) == pytest.approx(1112, abs=2)


TRICKY_CODES = ["1033", "1033.0", " 37011 ", "2A004", "", "  ", None, math.nan, 1033, 12.0, "٣٣٣٣", "abcd"]
TRICKY_PHONES = [
    "04 50 56 87 49",
    "04.50.56.87.49",
    "(04) 50-56-87-49",
    "+33 4",
    "0450568749",
    " ",
    None,
    "٠٤٥٠٥٦٨٧٤٩",
    "04\u00a050 56 87 49",
    "0 4 5 0 5 6 8 7 4 9 9",
    450568749,
]


def test_column_helpers_equal_the_cell_helpers():
    codes = pd.Series(TRICKY_CODES, dtype=object, index=range(10, 10 + len(TRICKY_CODES)))
    assert code_text.commune_codes(codes).tolist() == [code_text.commune_code(v) for v in TRICKY_CODES]
    assert code_text.commune_codes(codes).tolist()[:4] == ["01033", "01033", "37011", "2A004"]
    assert code_text.commune_codes(codes).index.equals(codes.index)
    phones = pd.Series(TRICKY_PHONES, dtype=object)
    assert lieux_text.phones(phones).tolist() == [lieux_text.phone(v) for v in TRICKY_PHONES]
    assert lieux_text.phones(phones).tolist()[:3] == ["+33450568749"] * 3
    assert lieux_text.texts(codes).tolist() == [lieux_text.clean_text(v) for v in TRICKY_CODES]
    assert lieux_text.texts(pd.Series([], dtype=object)).dtype == object


def test_opening_hours_parse_each_cell_once_and_reject_unreadable_days():
    raw = pd.DataFrame(
        {
            "h_lundi": ["09:00 - 12:00 / 14h00-17h30", "9h00-12h00", None, "fermé", "9h-12h / 9h00-12h00"],
            "h_mardi": ["9h00-12h00", None, None, "09:00 - 12:00", "sur RDV / 14:00 - 16:00"],
        }
    )
    assert lieux_text.opening_hours(raw) == [
        "Mo 09:00-12:00,14:00-17:30; Tu 09:00-12:00",
        "Mo 09:00-12:00",
        None,
        None,
        "Mo 09:00-12:00; Tu 14:00-16:00",
    ]
    assert lieux_text.opening_hours(raw) == [lieux_text._opening_hours(row) for _, row in raw.iterrows()]
    assert lieux_text.opening_hours(pd.DataFrame({"x": [1, 2]})) == [None, None]


def test_finalise_cleans_missing_values_and_keeps_text_columns_as_text():
    odd = pd.DataFrame(
        {
            "lieu_id": ["a", None, "c"],
            "nom": [" x ", math.nan, "y"],
            "typologie": ["EPN|msap", None, math.nan],
            "latitude": ["1.5", None, 2],
            "dispositifs": [None, "france services", "Aidants connect|Conseillers numériques"],
            "merged_ids": [None, "m", math.nan],
            "date_maj": pd.to_datetime(["2020-01-01", None, "2021-02-02"]),
        },
        index=[5, 7, 9],
    )
    odd.attrs["note"] = "kept"
    frame = lieux.finalise(odd)
    assert list(frame.columns) == list(lieux.PLACE_COLUMNS) and frame.index.tolist() == [0, 1, 2]
    assert frame["nom"].tolist() == [" x ", None, "y"]  # NaN → None, text kept as given
    assert frame["merged_ids"].tolist() == ["a", "m", "c"]
    assert frame["categorie"].tolist() == ["France Services", "France Services", "Autre"]
    assert frame["cat_epn"].tolist() == [True, False, False]
    assert frame["cat_autre"].tolist() == [False, False, True]
    assert frame["prog_aidants_connect"].tolist() == [False, False, True]
    assert frame["latitude"].tolist()[0] == 1.5 and math.isnan(frame["latitude"][1])
    assert frame["date_maj"].dtype == object and frame["date_maj"][1] is None
    assert frame["site_web"].isna().all() and frame.attrs["note"] == "kept"
    empty = lieux.finalise(pd.DataFrame())
    assert [str(empty[c].dtype) for c in ("cat_france_services", "cat_autre", "cat_epn", "latitude")] == [
        "bool",
        "bool",
        "object",
        "float64",
    ]


def test_normalise_many_equals_normalise():
    names = ["Saint-Étienne", "L'Île-Bouchard", "  ", None, "Œuvre  &  co", "a\nb", "Saint-Étienne", "ÇA-ÏS"]
    assert lieux_merge.normalise_many(names) == [lieux_merge.normalise(n) for n in names]
    assert lieux_merge.normalise_many(names[:3]) == ["saint etienne", "l ile bouchard", ""]


def test_merge_places_blocks_by_commune_name_when_the_code_is_missing(small, fixtures):
    services = lieux.read_france_services(fixtures / "lieux" / "france-services-live.csv")
    services.loc[0, "code_insee"] = None  # Avoine: only the name + département key remains
    merged = lieux_merge.merge_places([small, services])
    assert len(merged) == len(small) + len(services) - 1
    assert merged.set_index("lieu_id").loc["hub-lo-282", "merged_ids"] == "hub-lo-282|france-services-1"
    assert merged.index.tolist() == list(range(len(merged)))
    assert merged.dtypes.equals(lieux.finalise(small).dtypes)
    services.loc[0, "commune"] = "Chinon"  # no shared key any more: nothing merged
    assert len(lieux_merge.merge_places([small, services])) == len(small) + len(services)
