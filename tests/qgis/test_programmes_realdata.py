"""National programmes on the real files: the commune fields equal sums computed here from the two files
(csv module, own code fixes), on the reference EPCI and on communes merged after 2021."""

from __future__ import annotations

import csv
import re
import unicodedata

import pytest
from qgis.core import QgsVectorLayer

from medrcvl_plugin.core.base.settings import Settings
from medrcvl_plugin.core.diagnostic import DiagnosticParams, build_diagnostic
from medrcvl_plugin.core.territory.selection import Territory
from tests.conftest import REFERENCE_COMMUNES, REFERENCE_EPCI

pytestmark = pytest.mark.realdata
CNFS = "programmes/20230405-3925-cnfs.csv"
AC = "programmes/20240212-aidants_connect_structures.csv"


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _names(shared_data, codes) -> dict[str, str]:
    """Normalised COG name -> code of ``codes``."""
    with open(shared_data / "cog" / "communes.csv", encoding="utf-8") as fh:
        return {
            _plain(r["LIBELLE"]): r["COM"]
            for r in csv.DictReader(fh)
            if r["TYPECOM"] == "COM" and r["COM"] in codes
        }


def expected(shared_data, groups: dict[str, set[str]]) -> dict[str, tuple[int, int, int]]:
    """target code -> (advisers, active AC structures, their aidants), from the raw files.

    ``groups``: target -> the codes (of any vintage) that fold into it. A town hall named after a
    target commune counts there whatever its code (the files' known wrong codes, e.g. Lerné); a code of
    another département than the postal code's counts in the target named by the row's commune name."""
    owner = {code: target for target, codes in groups.items() for code in codes}
    names = _names(shared_data, set(groups))
    halls = {f"mairie de {name}": code for name, code in names.items()}

    def place(code: str, postcode: str, commune: str) -> str | None:
        postcode = postcode.split(".")[0].zfill(5)
        if code and postcode[:2] != code[:2]:  # (no overseas or Corsican code in these groups)
            target = names.get(_plain(commune.split("(")[0]))
            return target if target and target[:2] == postcode[:2] else None
        return owner.get(code)

    result = {target: [0, 0, 0] for target in groups}
    with open(shared_data / CNFS, encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            target = place(row["Code commune INSEE"].zfill(5), row["Code postal"], row["Commune INSEE"])
            if target:
                result[target][0] += int(row["Nombre de conseillers validés par le COSELEC"])
    with open(shared_data / AC, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Is Active"] != "true":
                continue
            name = _plain(row["Name"]).replace("mairie d ", "mairie de ")
            target = halls.get(name) or place(row["City Insee Code"], row["Zip Code"], row["City"])
            if target:
                result[target][1] += 1
                result[target][2] += int(row["Nombre d'aidants"] or 0)
    return {k: tuple(v) for k, v in result.items()}


def _communes(path) -> dict:
    layer = QgsVectorLayer(f"{path}|layername=communes", "communes", "ogr")
    return {
        f["code_insee"]: (
            f["conseillers_numeriques"],
            f["aidants_connect_structures"],
            f["aidants_connect_aidants"],
        )
        for f in layer.getFeatures()
    }


@pytest.fixture(scope="module")
def reference(shared_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("programmes") / "diagnostic.gpkg"
    result = build_diagnostic(
        DiagnosticParams(
            Territory("epci", REFERENCE_EPCI),
            out,
            mirror=str(shared_data),
            settings=Settings(cache_dir=str(out.parent / "cache")),
        )
    )
    return result


def test_reference_fields_equal_independent_sums(reference, shared_data):
    got = _communes(reference.gpkg)
    want = expected(shared_data, {c: {c} for c in REFERENCE_COMMUNES})
    assert got == want
    assert got["37011"][0] > 0 and got["37011"][1] > 0  # Avoine: IES (CNFS and Aidants Connect)
    assert got["37072"][0] > 0 and got["37072"][1] >= 2  # Chinon: Lire et Dire; CIAS, Mission locale
    assert got["37126"][1] == 1  # Lerné: its town hall carries Chinon's code in the file
    assert sum(v[0] for v in got.values()) == 2


def test_reference_reports_codes_structures_and_flags(reference, shared_data):
    path = reference.gpkg
    unmatched = QgsVectorLayer(f"{path}|layername=unmatched_codes", "u", "ogr")
    rows = [(f["source_id"], f["code"], f["reason"], f["detail"]) for f in unmatched.getFeatures()]
    assert any(r[0] == "aidants_connect" and r[2] == "wrong_code" and "LERNE" in r[3] for r in rows)
    with open(shared_data / AC, encoding="utf-8", newline="") as fh:  # empty codes of dept 37 postal codes
        empty_37 = sum(
            1 for r in csv.DictReader(fh) if not r["City Insee Code"] and r["Zip Code"][:2] == "37"
        )
    assert sum(1 for r in rows if r[0] == "aidants_connect" and r[2] == "empty_code") == empty_37
    assert not any(r[2] == "wrong_code" and "31555" == r[1] and "37003" not in r[3] for r in rows)
    assert any(
        r[2] == "wrong_code" and "Amboise" in r[3] and "37003" in r[3] for r in rows
    )  # Toulouse's code
    assert all(r[2] != "wrong_code" or "37" in r[3] or r[1].startswith("37") for r in rows)  # dept 37 only
    assert any("197 commune code(s) repaired" in w for w in reference.warnings)
    assert any("46 inactive" in w for w in reference.warnings)
    lieux = QgsVectorLayer(f"{path}|layername=lieux", "l", "ogr")
    flagged = {f["nom"] for f in lieux.getFeatures() if f["prog_aidants_connect"]}
    assert "MISSION LOCALE DU CHINONAIS" in flagged  # same SIREN, same commune
    unplaced = QgsVectorLayer(f"{path}|layername=programmes_unplaced", "p", "ogr")
    names = {f["nom"] for f in unplaced.getFeatures()}
    assert {"ASSOCIATION LIRE ET DIRE", "CIAS Chinon Vienne et Loire"} <= names
    assert "Mission locale de Chinon" not in names
    assert {f["siret"] for f in unplaced.getFeatures()} >= {"26375590200065"}  # text, no ".0"
    provenance = QgsVectorLayer(f"{path}|layername=provenance", "p", "ogr")
    attributions = {f["source_id"]: f["attribution"] for f in provenance.getFeatures()}
    assert attributions["cnfs"] == "ANCT – Conseillers numériques (2023)"
    assert attributions["aidants_connect"] == "ANCT – Aidants Connect (2024)"


MERGED = {
    "69149": {"69149", "69152"},  # Oullins-Pierre-Bénite (2024)
    "25060": {"25060", "25282"},  # Val-d'Usiers absorbed Goux-les-Usiers (2024)
    "93066": {"93066", "93059"},
}  # Saint-Denis absorbed Pierrefitte-sur-Seine (2025)
LAYERS = {
    "69": "communes-69-rhone.geojson",
    "25": "communes-25-doubs.geojson",
    "93": "communes-93-seine-saint-denis.geojson",
}


def test_communes_merged_after_2021(shared_data, tmp_path):
    """A 2018 layer dissolved into the 2026 communes: each merged commune sums its former communes."""
    from osgeo import gdal

    codes = sorted(set().union(*MERGED.values()))
    path = tmp_path / "old.gpkg"
    for number, name in enumerate(LAYERS.values()):
        source = shared_data / "communes" / "france" / name
        gdal.VectorTranslate(
            str(path),
            str(source),
            layerName="communes",
            accessMode=None if not number else "append",
            where="code IN ({})".format(",".join(f"'{c}'" for c in codes)),
        )
    layer = QgsVectorLayer(f"{path}|layername=communes", "old", "ogr")
    assert layer.featureCount() == len(codes)
    result = build_diagnostic(
        DiagnosticParams(
            Territory("layer", layer=layer, code_field="code"),
            tmp_path / "out.gpkg",
            mirror=str(shared_data),
            layer_mode="dissolve",
            settings=Settings(cache_dir=str(tmp_path / "cache")),
        )
    )
    got = _communes(result.gpkg)
    assert set(got) == set(MERGED)
    assert got == expected(shared_data, MERGED)
    assert got["69149"][0] >= 1 and got["25060"][0] >= 1 and got["93066"][1] >= 1  # former communes' rows


def _mirror_without_programmes(shared_data, folder):
    """A mirror of links to ../shared/data without its programmes/ folder (nothing copied)."""
    mirror = folder / "mirror"
    mirror.mkdir()
    for item in shared_data.iterdir():
        if item.name != "programmes":
            (mirror / item.name).symlink_to(item)
    return mirror


def test_unavailable_programmes_are_null(shared_data, tmp_path):
    mirror = _mirror_without_programmes(shared_data, tmp_path)
    result = build_diagnostic(
        DiagnosticParams(
            Territory("epci", REFERENCE_EPCI),
            tmp_path / "out.gpkg",
            mirror=str(mirror),
            settings=Settings(cache_dir=str(tmp_path / "cache")),
        )
    )
    got = _communes(result.gpkg)
    assert all(all(_null(x) for x in v) for v in got.values())
    assert any("conseillers_numeriques" in w for w in result.warnings)


def _null(value) -> bool:
    return value is None or (hasattr(value, "isNull") and value.isNull())


def test_cli_file_choice_per_programme(shared_data, tmp_path):
    """``diagnose --cnfs FILE`` reads that file; Aidants Connect, absent from the mirror, stays NULL."""
    from medrcvl_plugin.cli import app

    mirror = _mirror_without_programmes(shared_data, tmp_path)
    code = app.main(
        [
            "-q",
            "diagnose",
            "--epci",
            REFERENCE_EPCI,
            "--mirror",
            str(mirror),
            "--cnfs",
            str(shared_data / CNFS),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 0
    got = _communes(tmp_path / "out" / "diagnostic.gpkg")
    assert all(_null(v[1]) and _null(v[2]) for v in got.values())
    assert {c: v[0] for c, v in got.items()} == {
        c: v[0] for c, v in expected(shared_data, {c: {c} for c in REFERENCE_COMMUNES}).items()
    }
    assert code == 0 and got["37011"][0] == 1
    missing = app.main(
        [
            "-q",
            "diagnose",
            "--epci",
            REFERENCE_EPCI,
            "--mirror",
            str(mirror),
            "--overwrite",
            "--aidants-connect",
            str(tmp_path / "absent.csv"),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert missing == 1  # a file the user chose that cannot be read stops the run
