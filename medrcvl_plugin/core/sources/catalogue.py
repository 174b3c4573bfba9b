"""The source catalogue: every public dataset MedRCVL reads, described once."""

from __future__ import annotations

from dataclasses import dataclass

from ..base.i18n import tr
from .provenance import Provenance

ETALAB = "Licence Ouverte / Etalab 2.0"

#: The INSEE Code officiel géographique in force: its year and the id of its page of files on insee.fr.
#: Each January INSEE publishes the new COG under a new id: update both (the file names follow the year),
#: together with the attribution, and check the columns of ``v_commune_YYYY.csv``/``v_mvt_commune_YYYY.csv``.
COG_YEAR = 2026
COG_FILES_ID = "8740222"
COG_BASE = f"https://www.insee.fr/fr/statistiques/fichier/{COG_FILES_ID}/"
#: INSEE populations légales in force (millésime 2023, in force on 1 January 2026) and their zip.
POPULATION_URL = "https://www.insee.fr/fr/statistiques/fichier/8680726/ensemble.zip"
#: DGCL composition of the EPCI (collectivites-locales.gouv.fr, one workbook a year).
EPCI_YEAR = 2026
EPCI_URL = (
    "https://www.collectivites-locales.gouv.fr/files/files/Etudes-et-statistiques/DESL/"
    f"{EPCI_YEAR}/EPCI/epcicom{EPCI_YEAR}.xlsx"
)
#: The national cartography of mediation places: export of the places of a list of départements.
PLACES_EXPORT = (
    "https://cartographie.societenumerique.gouv.fr/lieux/exporter"
    "?territoire_type=departements&territoires={departements}"
)
IFN_HINT = "Export the CSV from https://fragilite-numerique.fr (no stable file URL is published)"
CNFS_HINT = (
    "Download the CSV of the data.gouv.fr dataset https://www.data.gouv.fr/fr/datasets/"
    "conseiller-numerique-liste-des-structures-validees-par-le-comite-de-selection/"
)
AIDANTS_CONNECT_URL = (
    "https://raw.githubusercontent.com/inclusion-numerique/inclusion-numerique/"
    "38263aa2f488174e0ce5b581e9ef40bfbe943948/apps/web/public/data/"
    "aidants-connect_structures.csv"
)


@dataclass(frozen=True)
class Source:
    """One dataset: who publishes it, under which licence, where to get it and how to parse it."""

    id: str
    title: str
    producer: str
    licence: str
    vintage: str
    attribution: str
    url: str  # live URL (may hold {placeholders}); empty when no stable URL is published
    mirror_path: str  # relative path of the same file in a mirror laid out like ../shared/data
    format: str  # "csv", "json", "geojson", "xlsx", "mvt"
    parser: str  # dotted name of the reader function in medrcvl_plugin.core.readers
    how_to_get: str = ""  # said to the user when there is no stable URL
    member: str = ""  # the data file inside a zip (live download or a zip given by the user)
    patience_s: float = 0.0  # how long the live host may take to answer (slow exports)
    live_vintage: str = ""  # vintage of the live file when its URL fixes it; else from headers/date

    def how_to_get_text(self) -> str:
        """:attr:`how_to_get` in the user's language (empty when the source has a URL)."""
        hints = {
            IFN_HINT: tr(
                "Export the CSV from https://fragilite-numerique.fr " "(no stable file URL is published)"
            ),
            CNFS_HINT: tr(
                "Download the CSV of the data.gouv.fr dataset https://www.data.gouv.fr/fr/"
                "datasets/conseiller-numerique-liste-des-structures-validees-par-le-comite-"
                "de-selection/"
            ),
        }
        return hints.get(self.how_to_get, self.how_to_get)

    def provenance(self, location: str = "", mode: str = "", retrieved: str = "") -> Provenance:
        """A provenance record for this source read from ``location``."""
        return Provenance(
            self.id,
            self.title,
            self.producer,
            self.licence,
            self.vintage,
            self.attribution,
            location,
            mode,
            retrieved,
        )


ARCEP_BASE = "https://data.arcep.fr/fixe/maconnexioninternet/statistiques/last/commune/"
GEO_API = "https://geo.api.gouv.fr"
COMMUNE_FIELDS = "code,nom,population,codeEpci,codeDepartement,codeRegion"

SOURCES: dict[str, Source] = {
    s.id: s
    for s in (
        Source(
            "communes_geo",
            "Contours des communes (ADMIN EXPRESS simplifié)",
            "IGN / geo.api.gouv.fr",
            ETALAB,
            "COG 2018",
            "IGN – ADMIN EXPRESS",
            GEO_API
            + "/departements/{departement}/communes?fields="
            + COMMUNE_FIELDS
            + "&format=geojson&geometry=contour",
            "communes/communes-{departement}-{slug}-2018.geojson",
            "geojson",
            "communes.read_geojson",
        ),
        Source(
            "communes_wfs",
            "ADMIN EXPRESS COG carto (Géoplateforme WFS)",
            "IGN",
            ETALAB,
            "dernière édition",
            "IGN – ADMIN EXPRESS",
            "https://data.geopf.fr/wfs/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature"
            "&TYPENAMES=ADMINEXPRESS-COG-CARTO.LATEST:commune&OUTPUTFORMAT=application/json"
            "&SRSNAME=EPSG:2154",
            "",
            "geojson",
            "communes.read_wfs_geojson",
        ),
        Source(
            "ifn_communes",
            "Indice de fragilité numérique, communes (tout âge)",
            "La MedNum/ANSA",
            ETALAB,
            "2023-08 (COG 2021)",
            "Source : La MedNum/ANSA – IFN 2023",
            "",
            "ifn/ifn-city-all-variation.csv",
            "csv",
            "ifn.read_ifn",
            IFN_HINT,
        ),
        Source(
            "ifn_epci",
            "Indice de fragilité numérique, EPCI (tout âge)",
            "La MedNum/ANSA",
            ETALAB,
            "2023-08",
            "Source : La MedNum/ANSA – IFN 2023",
            "",
            "ifn/ifn-epci-all-variation.csv",
            "csv",
            "ifn.read_ifn",
            IFN_HINT,
        ),
        Source(
            "ifn_tiles",
            "Indice de fragilité numérique, tuiles vectorielles du site",
            "La MedNum/ANSA",
            ETALAB,
            "site fragilite-numerique.fr",
            "Source : La MedNum/ANSA – IFN 2023 (tuiles)",
            "https://fragilite-numerique.fr/api/tiles/city/{z}/{x}/{y}?filters[]=no_thd_coverage_rate"
            "&filters[]=no_4g_coverage_rate&filters[]=poverty_rate&filters[]=older_65_rate"
            "&filters[]=nscol15p_rate&variation=all",
            "",
            "mvt",
            "ifn_tiles.read_tiles",
        ),
        Source(
            "arcep_techno",
            "Ma connexion internet – éligibilité par technologie",
            "ARCEP",
            ETALAB,
            "dernière édition",
            "ARCEP – Ma connexion internet",
            ARCEP_BASE + "commune_techno.csv",
            "arcep/commune_techno.csv",
            "csv",
            "arcep.read_arcep",
        ),
        Source(
            "arcep_debit",
            "Ma connexion internet – débits filaires",
            "ARCEP",
            ETALAB,
            "dernière édition",
            "ARCEP – Ma connexion internet",
            ARCEP_BASE + "commune_debit_filaire.csv",
            "arcep/commune_debit_filaire.csv",
            "csv",
            "arcep.read_arcep",
        ),
        Source(
            "arcep_best",
            "Ma connexion internet – meilleure technologie THD",
            "ARCEP",
            ETALAB,
            "dernière édition",
            "ARCEP – Ma connexion internet",
            ARCEP_BASE + "commune_meilleure_techno_thd.csv",
            "arcep/commune_meilleure_techno_thd.csv",
            "csv",
            "arcep.read_arcep",
        ),
        Source(
            "lieux_standard",
            "Lieux de médiation numérique (standard national)",
            "ANCT / Hub LO",
            ETALAB,
            "2020",
            "ANCT / Hub LO – lieux de médiation numérique",
            PLACES_EXPORT,
            "lieux/lieux-centre-val-de-loire-hub-lo-2020.standard.csv",
            "csv",
            "lieux.read_standard",
            patience_s=150.0,
        ),
        Source(
            "lieux_hub_lo",
            "Hub LO Centre-Val de Loire (medrcvl.doterr.fr)",
            "GIP RECIA / Hub LO",
            ETALAB,
            "2020",
            "ANCT / Hub LO – lieux de médiation numérique",
            "",
            "lieux/hub-lo.json",
            "json",
            "lieux.read_hub_lo",
        ),
        Source(
            "france_services",
            "Structures labellisées France services",
            "ANCT",
            ETALAB,
            "2024-08-01",
            "ANCT – France services",
            "https://www.data.gouv.fr/fr/datasets/r/31576dff-fd61-4de9-819f-32c2f880b142",
            "lieux/liste-fs-20240801.csv",
            "csv",
            "lieux.read_france_services",
        ),
        Source(
            "cog_communes",
            "Code officiel géographique – communes",
            "INSEE",
            ETALAB,
            f"COG {COG_YEAR}",
            f"INSEE – COG {COG_YEAR}",
            COG_BASE + f"v_commune_{COG_YEAR}.csv",
            "cog/communes.csv",
            "csv",
            "cog.read_cog_communes",
            member=f"v_commune_{COG_YEAR}.csv",
            live_vintage=f"COG {COG_YEAR}",
        ),
        Source(
            "cog_mouvements",
            "Code officiel géographique – mouvements des communes",
            "INSEE",
            ETALAB,
            f"COG {COG_YEAR}",
            f"INSEE – COG {COG_YEAR}",
            COG_BASE + f"v_mvt_commune_{COG_YEAR}.csv",
            "cog/mouvements-communes.csv",
            "csv",
            "cog.read_cog_movements",
            member=f"v_mvt_commune_{COG_YEAR}.csv",
            live_vintage=f"COG {COG_YEAR}",
        ),
        Source(
            "population",
            "Populations légales des communes",
            "INSEE",
            ETALAB,
            "2023 (en vigueur au 1er janvier 2026)",
            "INSEE – populations légales 2023",
            POPULATION_URL,
            "population/donnees_communes.csv",
            "csv",
            "population.read_population",
            member="donnees_communes.csv",
            live_vintage="2023 (en vigueur au 1er janvier 2026)",
        ),
        Source(
            "epci_composition",
            "Composition communale des EPCI",
            "DGCL",
            ETALAB,
            "2025",
            "DGCL – composition des EPCI",
            EPCI_URL,
            "epci/epcicom.xlsx",
            "xlsx",
            "epci.read_epci_composition",
        ),
        Source(
            "banatic",
            "Table SIREN ↔ INSEE des communes (BANATIC)",
            "Ministère de l'Intérieur",
            ETALAB,
            "2025",
            "BANATIC 2025",
            "",
            "epci/banatic_siren_insee.xlsx",
            "xlsx",
            "epci.read_banatic",
        ),
        Source(
            "cnfs",
            "Structures accueillant des conseillers numériques France Services",
            "ANCT",
            ETALAB,
            "2023-04-05",
            "ANCT – Conseillers numériques (2023)",
            "",
            "programmes/20230405-3925-cnfs.csv",
            "csv",
            "programmes.read_cnfs",
            CNFS_HINT,
        ),
        Source(
            "aidants_connect",
            "Structures habilitées Aidants Connect",
            "ANCT / Aidants Connect (beta.gouv)",
            ETALAB,
            "2024-02",
            "ANCT – Aidants Connect (2024)",
            AIDANTS_CONNECT_URL,
            "programmes/20240212-aidants_connect_structures.csv",
            "csv",
            "programmes.read_aidants_connect",
        ),
    )
}


def source(source_id: str) -> Source:
    """The catalogue entry ``source_id`` (KeyError names the known ids)."""
    try:
        return SOURCES[source_id]
    except KeyError:
        raise KeyError(f"unknown source {source_id!r}; known: {', '.join(sorted(SOURCES))}") from None
