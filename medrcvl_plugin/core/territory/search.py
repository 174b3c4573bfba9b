"""GUI-free search of a territory (EPCI, département, commune) by name or code.

Matching ignores accents, case, hyphens, apostrophes and punctuation: "chouze" finds
"Chouzé-sur-Loire", "st avertin" finds "Saint-Avertin", "200043081" finds its EPCI.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import pandas as pd

from ..base.i18n import tr

log = logging.getLogger(__name__)

KINDS = ("epci", "departement", "commune")
_KIND_ORDER = {kind: rank for rank, kind in enumerate(KINDS)}
_NON_WORD = re.compile(r"[^0-9a-z]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}

# INSEE COG départements (stable reference list: the COG communes file carries only the codes).
DEPARTEMENTS = dict(
    item.split(":", 1)
    for item in (
        "01:Ain|02:Aisne|03:Allier|04:Alpes-de-Haute-Provence|05:Hautes-Alpes|06:Alpes-Maritimes|07:Ardèche|"
        "08:Ardennes|09:Ariège|10:Aube|11:Aude|12:Aveyron|13:Bouches-du-Rhône|14:Calvados|15:Cantal|"
        "16:Charente|17:Charente-Maritime|18:Cher|19:Corrèze|2A:Corse-du-Sud|2B:Haute-Corse|21:Côte-d'Or|"
        "22:Côtes-d'Armor|23:Creuse|24:Dordogne|25:Doubs|26:Drôme|27:Eure|28:Eure-et-Loir|29:Finistère|"
        "30:Gard|31:Haute-Garonne|32:Gers|33:Gironde|34:Hérault|35:Ille-et-Vilaine|36:Indre|"
        "37:Indre-et-Loire|38:Isère|39:Jura|40:Landes|41:Loir-et-Cher|42:Loire|43:Haute-Loire|"
        "44:Loire-Atlantique|45:Loiret|46:Lot|47:Lot-et-Garonne|48:Lozère|49:Maine-et-Loire|50:Manche|"
        "51:Marne|52:Haute-Marne|53:Mayenne|54:Meurthe-et-Moselle|55:Meuse|56:Morbihan|57:Moselle|"
        "58:Nièvre|59:Nord|60:Oise|61:Orne|62:Pas-de-Calais|63:Puy-de-Dôme|64:Pyrénées-Atlantiques|"
        "65:Hautes-Pyrénées|66:Pyrénées-Orientales|67:Bas-Rhin|68:Haut-Rhin|69:Rhône|70:Haute-Saône|"
        "71:Saône-et-Loire|72:Sarthe|73:Savoie|74:Haute-Savoie|75:Paris|76:Seine-Maritime|"
        "77:Seine-et-Marne|78:Yvelines|79:Deux-Sèvres|80:Somme|81:Tarn|82:Tarn-et-Garonne|83:Var|"
        "84:Vaucluse|85:Vendée|86:Vienne|87:Haute-Vienne|88:Vosges|89:Yonne|90:Territoire de Belfort|"
        "91:Essonne|92:Hauts-de-Seine|93:Seine-Saint-Denis|94:Val-de-Marne|95:Val-d'Oise|971:Guadeloupe|"
        "972:Martinique|973:Guyane|974:La Réunion|976:Mayotte"
    ).split("|")
)


def normalize(text: str) -> str:
    """Lower-case ASCII words separated by one space ("Chouzé-sur-Loire" -> "chouze sur loire")."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = _NON_WORD.sub(" ", ascii_text).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@dataclass(frozen=True)
class Territory:
    """One searchable territory: ``kind`` in KINDS, its official ``code`` (text) and ``name``."""

    kind: str
    code: str
    name: str
    detail: str = ""  # e.g. the département of a commune, the member count of an EPCI
    key: str = field(default="", compare=False, repr=False)

    def label(self) -> str:
        """A one-line label for lists: name, code, kind and detail."""
        kind = {"epci": tr("EPCI"), "departement": tr("Département"), "commune": tr("Commune")}[self.kind]
        text = f"{self.name} ({self.code}) — {kind}"
        return f"{text}, {self.detail}" if self.detail else text


def territory_from_code(code: str) -> Optional[Territory]:
    """A territory guessed from a bare code (9-digit SIREN, département, 5-char commune), else None."""
    code = (code or "").strip().upper()
    if re.fullmatch(r"\d{9}", code):
        return Territory("epci", code, code)
    if code in DEPARTEMENTS:
        return Territory("departement", code, DEPARTEMENTS[code])
    if re.fullmatch(r"(\d{5}|2[AB]\d{3})", code):
        return Territory("commune", code, code)
    return None


class TerritoryIndex:
    """An in-memory index of territories searched by name words or code prefix."""

    def __init__(self, territories: Iterable[Territory]) -> None:
        self.territories = [
            t if t.key else Territory(t.kind, t.code, t.name, t.detail, normalize(t.name))
            for t in territories
        ]
        self._by_code = {(t.kind, t.code): t for t in self.territories}

    def __len__(self) -> int:
        return len(self.territories)

    def get(self, kind: str, code: str) -> Optional[Territory]:
        """The territory of ``kind`` with ``code``, or None."""
        return self._by_code.get((kind, str(code).strip().upper()))

    def search(self, text: str, limit: int = 30, kinds: Iterable[str] = KINDS) -> list[Territory]:
        """Territories whose name holds every word of ``text`` (word prefixes) or whose code starts so."""
        query = normalize(text)
        if not query:
            return []
        wanted = set(kinds)
        words = query.split()
        code_query = (text or "").strip().upper().replace(" ", "")
        scored = []
        for territory in self.territories:
            if territory.kind not in wanted:
                continue
            score = _score(territory, query, words, code_query)
            if score is not None:
                scored.append(
                    (score, _KIND_ORDER[territory.kind], len(territory.name), territory.name, territory)
                )
        scored.sort(key=lambda item: item[:4])
        return [item[-1] for item in scored[:limit]]


def _score(territory: Territory, query: str, words: list[str], code_query: str) -> Optional[int]:
    """Lower is better; None when ``territory`` does not match."""
    if code_query and territory.code == code_query:
        return 0
    if (
        len(code_query) >= 2
        and code_query.isalnum()
        and territory.code.startswith(code_query)
        and any(c.isdigit() for c in code_query)
    ):
        return 2
    key = territory.key
    if key == query:
        return 1
    if key.startswith(query + " "):  # whole words first: "chouze" -> "Chouzé-sur-Loire" before "Chouzelot"
        return 2
    if key.startswith(query):
        return 3
    key_words = key.split()
    if all(any(kw.startswith(w) for kw in key_words) for w in words):
        return 4
    if all(w in key for w in words):
        return 6
    return None


def build_index(cog_communes: pd.DataFrame, epci: Optional[pd.DataFrame] = None) -> TerritoryIndex:
    """Build the index from ``read_cog_communes`` and ``read_epci_composition`` frames."""
    territories: list[Territory] = []
    current = cog_communes[cog_communes["typecom"] == "COM"]
    departements = sorted(set(current["dep"].dropna()))
    for dep in departements:
        territories.append(Territory("departement", dep, DEPARTEMENTS.get(dep, dep)))
    for code, name, dep in zip(current["com"], current["libelle"], current["dep"]):
        dep_name = DEPARTEMENTS.get(dep, dep or "")
        territories.append(Territory("commune", str(code), str(name), f"{dep_name} ({dep})" if dep else ""))
    if epci is not None and len(epci):
        grouped = epci.groupby(epci["siren"].astype(str), sort=False)
        for siren, members in grouped:
            name = str(members["raison_sociale"].iloc[0])
            depts = sorted({str(d) for d in members.get("dept", pd.Series(dtype=object)).dropna()})
            detail = tr("{n} communes").format(n=len(members))
            if depts:
                detail += ", " + ", ".join(depts)
            territories.append(Territory("epci", siren, name, detail))
    log.debug("territory index: %d entries", len(territories))
    return TerritoryIndex(territories)


def load_index(cog_path: Path, epci_path: Optional[Path] = None) -> TerritoryIndex:
    """Read the COG communes (and the EPCI composition when given) and build the index."""
    from ..readers.cog import read_cog_communes

    cog = read_cog_communes(cog_path)
    epci = None
    if epci_path is not None:
        from ..readers.epci import read_epci_composition

        epci = read_epci_composition(epci_path)
    return build_index(cog, epci)


def members_of(epci: pd.DataFrame, siren: str) -> list[str]:
    """The commune codes (text) of the EPCI ``siren`` in a ``read_epci_composition`` frame."""
    rows = epci[epci["siren"].astype(str) == str(siren)]
    return sorted(str(code) for code in rows["insee"])
