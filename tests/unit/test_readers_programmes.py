"""Readers of the programme files on small hand-written samples (real layouts, a few real rows)."""

from __future__ import annotations

import pytest

from medrcvl_plugin.core.base.errors import DataFormatError
from medrcvl_plugin.core.readers.programmes import read_aidants_connect, read_cnfs, town_hall_name

CNFS_HEADER = (
    "Raison sociale;Commune INSEE;Département;Région;Nombre de conseillers validés par le COSELEC;"
    "Date de validation en comité de sélection;Type;SIRET;Code département;Adresse;"
    "Code commune INSEE;Code postal;Investissement financier estimatif total de l’Etat;ZRR;QPV;"
    "France services\n"
)
CNFS = (
    CNFS_HEADER
    + "SI D ENERGIE DE L AIN;Bourg-en-Bresse;Ain;Auvergne-Rhône-Alpes;6;01/01/2021;publique;25010021100011;1;"
    "32 CRS DE VERDUN 01000 BOURG-EN-BRESSE;1053;1000;224574;non;non;non renseigné\n"
    + "ASSOCIATION LIRE ET DIRE;Chinon;Indre-et-Loire;Centre-Val de Loire;1;30/06/2021;privée;"
    "34370472200036;37;4 PL TENKODOGO 37500 CHINON;37072;37500;37429;non;non;non\n"
    + "SANS CODE;;Indre-et-Loire;Centre-Val de Loire;2;30/06/2021;privée;34370472200036;37;x;;37500;1;non;"
    "non;oui\n"
).encode()
AC_HEADER = (
    "Name,ID,UUID,Is Active,City Insee Code,Address,Zip Code,Siret,France Services Label,City,"
    "Nombre d'aidants\n"
)
AC = (
    AC_HEADER
    + 'BetaGouv,1,u1,true,75107,"20 Avenue de Ségur, 75007 Paris",75007,13002603200016.0,false,Paris,22\n'
    + 'La Palette,3,u3,false,23244,"9 place de la Poste \n23800 Dun Le Palestel",23800,42189774500020.0,'
    "false,Dun Le Palestel,3\n" + 'Net SOLIDAIRE,4,u4,true,,"14 bis avenue",17000,0.0,true,La Rochelle,\n'
).encode()


def test_cnfs_codes_repaired_siret_text_and_counts():
    frame = read_cnfs(CNFS, source="cnfs.csv")
    assert frame["code_insee"].tolist() == ["01053", "37072", None]
    assert frame["code_status"].tolist() == ["leading_zero_repaired", "ok", "empty_code"]
    assert frame["code_postal"].tolist()[0] == "01000"
    assert frame["siret"].tolist()[1] == "34370472200036"
    assert frame["conseillers"].tolist() == [6, 1, 2]
    assert frame["france_services"].tolist() == [False, False, True]
    assert frame["line"].tolist() == [2, 3, 4]


def test_aidants_connect_active_siret_newlines_and_empty_codes():
    frame = read_aidants_connect(AC, source="ac.csv")
    assert frame["siret"].tolist() == ["13002603200016", "42189774500020", None]
    assert frame["active"].tolist() == [True, False, True]
    assert frame["adresse"].tolist()[1] == "9 place de la Poste, 23800 Dun Le Palestel"
    assert frame["code_status"].tolist() == ["ok", "ok", "empty_code"]
    assert frame["aidants"].tolist() == [22, 3, 0]


def test_bad_boolean_and_count_name_line_and_field():
    bad = AC.replace(b"BetaGouv,1,u1,true", b"BetaGouv,1,u1,peut-etre")
    with pytest.raises(DataFormatError, match=r"line 2, field Is Active") as error:
        read_aidants_connect(bad, source="ac.csv")
    assert error.value.field == "Is Active"
    with pytest.raises(DataFormatError, match=r"line 3.*Nombre de conseillers"):
        read_cnfs(CNFS.replace(b";1;30/06/2021", b";un;30/06/2021"), source="cnfs.csv")
    with pytest.raises(DataFormatError, match="missing column"):
        read_cnfs(AC, source="cnfs.csv")


def test_town_hall_names():
    assert town_hall_name("mairie de lerne") == "lerne"
    assert town_hall_name("mairie d artannes sur indre") == "artannes sur indre"
    assert town_hall_name("commune de la riche") == "la riche"
    assert town_hall_name("communaute de communes bleré") is None


def test_code_siret_and_address_cleaning_cell_by_cell():
    import numpy as np
    import pandas as pd

    from medrcvl_plugin.core.readers.programmes import _one_line, repair_codes, siret_text

    cells = pd.Series(
        ["1053", None, np.nan, "37011.0", " 2A004 ", "abc", "", 1053.0, 37011, "1053"],
        index=range(10, 20),
        dtype=object,
    )
    codes, status = repair_codes(cells)
    assert codes.tolist() == ["01053", None, None, "37011", "2A004", None, None, "01053", "37011", "01053"]
    assert status.tolist() == [
        "leading_zero_repaired",
        "empty_code",
        "empty_code",
        "ok",
        "ok",
        "invalid_code",
        "empty_code",
        "leading_zero_repaired",
        "ok",
        "leading_zero_repaired",
    ]
    assert list(codes.index) == list(cells.index) == list(status.index)
    sirets = siret_text(pd.Series(["13002603200016.0", "0.0", None, "1 234", "123456789012345", 4.2e13]))
    assert sirets.tolist() == ["13002603200016", None, None, "00000000001234", None, "42000000000000"]
    folded = _one_line(pd.Series(["9 place de la Poste \n23800 Dun", None, " x ,", "a\r\n\r\nb"]))
    assert folded.tolist() == ["9 place de la Poste, 23800 Dun", None, "x", "a, b"]
