"""French texts of the atlas: number formatting, safe file names and generated sentences."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any, Mapping, Optional

NBSP = "\u00a0"
MISSING = "–"


def is_missing(value: Any) -> bool:
    """True for None, NULL QVariants, NaN and empty strings."""
    if value is None or value == "":
        return True
    if hasattr(value, "isNull") and not isinstance(value, (int, float, str)):
        try:
            return bool(value.isNull())
        except TypeError:
            return False
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def format_number(value: Any, decimals: int = 1, unit: str = "") -> str:
    """French number: ``6,8``, ``1 234`` (no-break space), with an optional unit; missing → ``–``."""
    if is_missing(value):
        return MISSING
    number = float(value)
    text = f"{number:,.{decimals}f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", NBSP)
    if text.startswith("-") and float(text.replace(NBSP, "").replace(",", ".")) == 0:
        text = text[1:]
    if unit:
        text += unit if unit.startswith("/") else NBSP + unit
    return text


def format_share(value: Any, decimals: int = 0) -> str:
    """A 0–1 fraction shown as a French percentage (``0.253`` → ``25 %``)."""
    if is_missing(value):
        return MISSING
    return format_number(float(value) * 100.0, decimals, "%")


def ordinal(rank: int) -> str:
    """French ordinal: 1er, 2e, 3e..."""
    return "1er" if rank == 1 else f"{rank}e"


def safe_filename(name: str, max_length: int = 80) -> str:
    """A portable file name from a commune name: ``L'Île-Bouchard: 2/3`` → ``l-ile-bouchard-2-3``."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:max_length].strip("-") or "sans-nom"


def epci_phrase(nom_epci: Optional[str]) -> str:
    """ "la communauté de communes" / "la communauté d'agglomération"... from the EPCI's name."""
    name = (nom_epci or "").strip()
    upper = name.upper()
    if upper.startswith(("CC ", "COMMUNAUTÉ DE COMMUNES", "COMMUNAUTE DE COMMUNES")):
        return "la communauté de communes"
    if upper.startswith(("CA ", "COMMUNAUTÉ D'AGGLOMÉRATION", "COMMUNAUTE D'AGGLOMERATION")):
        return "la communauté d'agglomération"
    if upper.startswith(("CU ", "COMMUNAUTÉ URBAINE", "COMMUNAUTE URBAINE")):
        return "la communauté urbaine"
    if "MÉTROPOLE" in upper or "METROPOLE" in upper or upper.startswith("ME "):
        return "la métropole"
    return "l'intercommunalité"


def compare_phrase(value: float, reference: float, tolerance: float = 0.05) -> str:
    """ "au-dessus de", "en dessous de" or "proche de" comparing two scores."""
    if value - reference > tolerance:
        return "au-dessus de"
    if reference - value > tolerance:
        return "en dessous de"
    return "proche de"


SUBSCORES = {
    "ifn_no_thd": "l'absence de très haut débit",
    "ifn_no_4g": "l'absence de couverture 4G",
    "ifn_poverty": "la pauvreté",
    "ifn_65plus": "la part des 65 ans et plus",
    "ifn_low_diploma": "la part de peu diplômés",
}


def commune_sentences(commune: Mapping[str, Any], epci_score: Any, n_communes: int) -> str:
    """Two or three French sentences on one commune's fragility, rank and places."""
    nom = commune.get("nom") or commune.get("code_insee") or "La commune"
    # a row value is a number, NaN, a NULL QVariant or text: Any, checked by is_missing()
    score: Any = commune.get("ifn_score")
    sentences = []
    if is_missing(score):
        sentences.append(f"L'indice de fragilité numérique n'est pas disponible pour {nom}.")
    else:
        text = f"{nom} a un indice de fragilité numérique de {format_number(score)} sur 10"
        if not is_missing(epci_score):
            text += (
                f", {compare_phrase(float(score), float(epci_score))} la moyenne de "
                f"{epci_phrase(commune.get('nom_epci'))} ({format_number(epci_score)})"
            )
        sentences.append(text + ".")
        rank: Any = commune.get("rank_epci")
        if not is_missing(rank) and n_communes > 1:
            sentences.append(
                f"Elle se classe au {ordinal(int(rank))} rang sur {n_communes} communes "
                "(1 = la plus fragile)."
            )
        subs: dict[str, Any] = {k: commune.get(k) for k in SUBSCORES if not is_missing(commune.get(k))}
        if subs:
            worst = max(subs, key=lambda k: float(subs[k]))
            sentences[-1] = sentences[-1][:-1] + (
                f" ; sa fragilité tient d'abord à {SUBSCORES[worst]} "
                f"({format_number(subs[worst])} sur 10)."
            )
    count: Any = commune.get("lieux_count")
    distance = commune.get("dist_lieu_km")
    if is_missing(count) or int(count) == 0:
        place = "Aucun lieu de médiation numérique n'est recensé dans la commune"
        if not is_missing(distance):
            place += f" ; le plus proche est à {format_number(distance, 1, 'km')}"
        sentences.append(place + ".")
    else:
        word = "lieu" if int(count) == 1 else "lieux"
        sentences.append(f"La commune compte {int(count)} {word} de médiation numérique.")
    programmes = programme_sentence(commune)
    if programmes:
        sentences.append(programmes)
    return " ".join(sentences)


def _plural(count: int, one: str, many: str) -> str:
    """``1 conseiller numérique`` / ``2 conseillers numériques``."""
    return f"{count} {one if count == 1 else many}"


def programme_sentence(commune: Mapping[str, Any]) -> str:
    """ "2 conseillers numériques et 3 structures Aidants Connect sur la commune (5 aidants habilités)."
    (empty when both programme files were unavailable)."""
    advisers: Any = commune.get("conseillers_numeriques")
    structures: Any = commune.get("aidants_connect_structures")
    aidants: Any = commune.get("aidants_connect_aidants")
    parts = []
    if not is_missing(advisers):
        parts.append(
            _plural(int(advisers), "conseiller numérique", "conseillers numériques")
            if int(advisers)
            else "aucun conseiller numérique"
        )
    if not is_missing(structures):
        parts.append(
            _plural(int(structures), "structure Aidants Connect", "structures Aidants Connect")
            if int(structures)
            else "aucune structure Aidants Connect"
        )
    if not parts:
        return ""
    text = " et ".join(parts) + " sur la commune"
    notes = []
    if not is_missing(aidants) and int(aidants) and not is_missing(structures) and int(structures):
        notes.append(_plural(int(aidants), "aidant habilité", "aidants habilités"))
    notes.append("listes nationales ANCT 2023 et 2024")
    return text[0].upper() + text[1:] + f" ({' ; '.join(notes)})."


def cover_text(figures: Mapping[str, Any], nom_epci: str, dep_score: Any) -> str:
    """The cover's short text from the territory's key figures."""
    sentences = []
    score: Any = figures.get("ifn_score")
    if not is_missing(score):
        text = f"{nom_epci} a un indice de fragilité numérique moyen de {format_number(score)} sur 10"
        if not is_missing(dep_score):
            text += (
                f", {compare_phrase(float(score), float(dep_score))} la moyenne départementale "
                f"({format_number(dep_score)})"
            )
        sentences.append(text + ".")
    priorities = int(figures.get("priorities") or 0)
    communes = int(figures.get("communes") or 0)
    if priorities:
        word = "commune est signalée" if priorities == 1 else "communes sont signalées"
        sentences.append(f"{priorities} {word} comme prioritaires sur {communes}.")
    places = int(figures.get("lieux") or 0)
    sentences.append(f"Le territoire compte {places} lieux de médiation numérique recensés.")
    return " ".join(sentences)


def key_figures(figures: Mapping[str, Any]) -> str:
    """The cover's key figures as short lines."""
    return "\n".join(
        [
            f"Population : {format_number(figures.get('population'), 0)} hab.",
            f"Communes : {format_number(figures.get('communes'), 0)}",
            f"Lieux de médiation numérique : {format_number(figures.get('lieux'), 0)}",
            f"Communes prioritaires : {format_number(figures.get('priorities'), 0)}",
            *(
                [f"Conseillers numériques : {format_number(figures.get('conseillers_numeriques'), 0)}"]
                if not is_missing(figures.get("conseillers_numeriques"))
                else []
            ),
            *(
                [
                    "Structures Aidants Connect : "
                    f"{format_number(figures.get('aidants_connect_structures'), 0)}"
                ]
                if not is_missing(figures.get("aidants_connect_structures"))
                else []
            ),
        ]
    )
