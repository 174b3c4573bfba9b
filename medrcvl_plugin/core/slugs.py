"""URL slugs of régions and départements (``centre-val-de-loire/indre-et-loire``) from their COG codes.

The live national cartography of mediation places (``lieux_standard``) is addressed by
``/{region}/{departement}/``: lower-case ASCII words of the official names joined by hyphens.
"""

from __future__ import annotations

import re
import unicodedata

#: the région of each département (COG 2026), for a département given alone
DEPARTEMENT_REGION = {
    **dict.fromkeys(("971",), "01"), **dict.fromkeys(("972",), "02"), **dict.fromkeys(("973",), "03"),
    **dict.fromkeys(("974",), "04"), **dict.fromkeys(("976",), "06"),
    **dict.fromkeys(("75", "77", "78", "91", "92", "93", "94", "95"), "11"),
    **dict.fromkeys(("18", "28", "36", "37", "41", "45"), "24"),
    **dict.fromkeys(("21", "25", "39", "58", "70", "71", "89", "90"), "27"),
    **dict.fromkeys(("14", "27", "50", "61", "76"), "28"),
    **dict.fromkeys(("02", "59", "60", "62", "80"), "32"),
    **dict.fromkeys(("08", "10", "51", "52", "54", "55", "57", "67", "68", "88"), "44"),
    **dict.fromkeys(("44", "49", "53", "72", "85"), "52"),
    **dict.fromkeys(("22", "29", "35", "56"), "53"),
    **dict.fromkeys(("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"), "75"),
    **dict.fromkeys(("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"), "76"),
    **dict.fromkeys(("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"), "84"),
    **dict.fromkeys(("04", "05", "06", "13", "83", "84"), "93"),
    **dict.fromkeys(("2A", "2B"), "94"),
}


def slugify(text: str) -> str:
    """``Provence-Alpes-Côte d'Azur`` -> ``provence-alpes-cote-d-azur`` (ASCII, lower case, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def departement_slug(code: str) -> str:
    """The slug of a département code (``37`` -> ``indre-et-loire``); "" when unknown."""
    from .territory_search import DEPARTEMENTS

    code = str(code or "").strip().upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    return slugify(DEPARTEMENTS[code]) if code in DEPARTEMENTS else ""


def region_slug(code: str) -> str:
    """The slug of a région code (``24`` -> ``centre-val-de-loire``); "" when unknown."""
    from .territory import REGIONS

    code = str(code or "").strip()
    return slugify(REGIONS[code]) if code in REGIONS else ""


def place_params(departement: str, region: str | None = None) -> dict[str, str]:
    """``{"region", "departement"}`` slugs of a département (its région looked up when not given)."""
    dep = str(departement or "").strip().upper()
    reg = region if region else DEPARTEMENT_REGION.get(dep, "")
    return {"region": region_slug(reg), "departement": departement_slug(dep)}
