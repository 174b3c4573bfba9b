"""Readers of digital-mediation places (national standard, Hub LO, France Services) and their merge."""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataFormatError
from ..i18n import tr
from . import lieux_schema
from .csvtools import line_of, read_table

log = logging.getLogger(__name__)

# Main category labels (French: they are data values shown in map legends), by priority.
CATEGORIES = (
    ("cat_france_services", "France Services", {"MSAP", "RFS"}),
    ("cat_epn", "EPN", {"EPN"}),
    ("cat_bib", "Bibliothèque", {"BIB"}),
    ("cat_tiers_lieu", "Tiers-lieu", {"TIERS_LIEUX", "COWORKING"}),
    ("cat_fablab", "Fablab", {"FABLAB"}),
    ("cat_mairie", "Mairie", {"MUNI"}),
    ("cat_social", "Social", {"CCAS", "CIAS", "CS", "CSC"}),
)
AUTRE = "Autre"
PROGRAMMES = (
    ("prog_conseiller_numerique", "Conseillers numériques"),
    ("prog_aidants_connect", "Aidants Connect"),
    ("prog_france_services", "France Services"),
)
CATEGORY_COLUMNS = (*(c[0] for c in CATEGORIES), "cat_autre")
PROGRAMME_COLUMNS = tuple(p[0] for p in PROGRAMMES)
RENAMED = {"id": "lieu_id", "dispositif_programmes_nationaux": "dispositifs"}
EXTRA_FIELDS = tuple(f for f in lieux_schema.STANDARD_FIELDS if f not in RENAMED and f not in (
    "nom", "adresse", "code_postal", "commune", "code_insee", "latitude", "longitude", "typologie",
    "services", "source", "date_maj"))
PLACE_COLUMNS = (
    "lieu_id", "nom", "adresse", "code_postal", "commune", "code_insee", "latitude", "longitude",
    "typologie", "services", "dispositifs", "categorie", *CATEGORY_COLUMNS, *PROGRAMME_COLUMNS,
    "source", "date_maj", *EXTRA_FIELDS, "merged_ids")
MULTI_VALUED = ("typologie", "services", "dispositifs", "source", "merged_ids")
FRANCE_SERVICES_REQUIRED = ("insee_com", "lib_fs", "latitude", "longitude", "adresse", "code_postal",
                            "lib_com")
DAYS = (("h_lundi", "Mo"), ("h_mardi", "Tu"), ("h_mercredi", "We"), ("h_jeudi", "Th"),
        ("h_vendredi", "Fr"), ("h_samedi", "Sa"), ("h_dimanche", "Su"))


def _text(value: Any) -> str | None:
    """Stripped text, or None for empty/NaN values."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def split_values(value: Any) -> list[str]:
    """The items of a ``|``-separated multi-value cell."""
    text = _text(value)
    return [v.strip() for v in text.split("|") if v.strip()] if text else []


def join_values(values: Iterable[str]) -> str | None:
    """Join unique items with ``|`` in first-seen order (None when empty)."""
    unique = list(dict.fromkeys(v for v in values if v))
    return "|".join(unique) if unique else None


def iso_date(value: Any) -> str | None:
    """An ISO date from ``YYYY-MM-DD``, ``YYYY/MM/DD hh:mm…`` or ``DD/MM/YYYY`` text (None if none)."""
    text = _text(value)
    if not text:
        return None
    match = re.match(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", text)
    if match:
        year, month, day = match.groups()
    else:
        match = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if not match:
            return None
        day, month, year = match.groups()
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def phone(value: Any) -> str | None:
    """A French phone number in the standard's ``+33…`` form (the text unchanged if it is not one)."""
    text = _text(value)
    if not text:
        return None
    digits = re.sub(r"[\s.\-()]", "", text)
    if re.fullmatch(r"0\d{9}", digits):
        return "+33" + digits[1:]
    return text


def commune_code(value: Any) -> str | None:
    """A 5-character INSEE/postal code as text (a lost leading zero restored), else None."""
    text = _text(value)
    if not text:
        return None
    text = text.split(".")[0] if re.fullmatch(r"\d+\.0", text) else text
    return text.zfill(5) if text.isdigit() and len(text) == 4 else text


def coordinates(frame: pd.DataFrame, lat: str, lon: str, source: str) -> tuple[pd.Series, pd.Series]:
    """Latitude/longitude floats; ``0`` (unknown in the national files) and blanks become NaN."""
    values = []
    for column in (lat, lon):
        raw = frame[column].map(lambda v: None if _text(v) is None else str(v).strip().replace(",", "."))
        numbers = pd.to_numeric(raw, errors="coerce")
        bad = numbers.isna() & raw.notna()
        if bad.any():
            index = bad[bad].index[0]
            line = line_of(frame, index)
            message = tr("{source}: line {line}, field {field}: {value!r} is not a number.")
            raise DataFormatError(message.format(source=source, line=line, field=column,
                                                 value=frame.at[index, column]),
                                  source=source, line=line, field=column)
        values.append(numbers.astype(float))
    unknown = (values[0] == 0) | (values[1] == 0) | values[0].isna() | values[1].isna()
    return values[0].mask(unknown), values[1].mask(unknown)


def finalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Derive categories and programmes from ``typologie``/``dispositifs``; order the columns."""
    frame = frame.copy()
    for column in PLACE_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    codes = frame["typologie"].map(lambda v: {c.upper() for c in split_values(v)})
    programmes = frame["dispositifs"].map(lambda v: {p.lower() for p in split_values(v)})
    for column, label in PROGRAMMES:
        frame[column] = programmes.map(lambda p, label=label: label.lower() in p)
    known: set[str] = set()
    for column, _label, typologies in CATEGORIES:
        frame[column] = codes.map(lambda c, t=typologies: bool(c & t))
        known |= typologies
    frame["cat_france_services"] = frame["cat_france_services"] | frame["prog_france_services"]
    no_category = ~frame[list(CATEGORY_COLUMNS[:-1])].any(axis=1)
    frame["cat_autre"] = codes.map(lambda c: bool(c - known)) | no_category

    categorie = pd.Series(AUTRE, index=frame.index, dtype=object)
    for column, label, _ in reversed(CATEGORIES):  # the first matching category wins
        categorie = categorie.mask(frame[column].astype(bool), label)
    frame["categorie"] = categorie
    for column in ("latitude", "longitude"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    text_columns = [c for c in PLACE_COLUMNS if c not in ("latitude", "longitude", *CATEGORY_COLUMNS,
                                                            *PROGRAMME_COLUMNS)]
    frame[text_columns] = frame[text_columns].astype(object).where(frame[text_columns].notna(), None)
    frame["merged_ids"] = frame["merged_ids"].where(frame["merged_ids"].notna(), frame["lieu_id"])
    return frame[list(PLACE_COLUMNS)].reset_index(drop=True)


def read_standard(path: str | Path | bytes, source: str = "", *, validate: bool = False,
                  schema_path: str | Path | None = None) -> pd.DataFrame:
    """Read a national-standard CSV into the places table.

    ``source`` names the file in messages and fills ``source`` when the file's cell is empty.
    With ``validate=True`` the schema problems are logged and kept in ``frame.attrs["problems"]``.
    """
    label = source or (str(path) if not isinstance(path, bytes) else "standard CSV")
    raw = read_table(path, source=label, required=("id", "nom", "commune", "code_postal", "adresse"))
    problems = lieux_schema.validate(raw, schema_path) if validate else []
    if problems:
        log.warning(tr("{source}: {n} problem(s) against the national schema, e.g. {first}").format(
            source=label, n=len(problems), first=problems[0].message))
    frame = pd.DataFrame({c: raw[c] if c in raw.columns else None for c in lieux_schema.STANDARD_FIELDS})
    frame = frame.rename(columns=RENAMED)
    for column in frame.columns:
        frame[column] = frame[column].map(_text)
    frame["latitude"], frame["longitude"] = coordinates(raw.assign(
        latitude=frame["latitude"], longitude=frame["longitude"]), "latitude", "longitude", label)
    frame["code_insee"] = frame["code_insee"].map(commune_code)
    frame["code_postal"] = frame["code_postal"].map(commune_code)
    frame["date_maj"] = frame["date_maj"].map(lambda v: iso_date(v) or _text(v))
    frame["source"] = frame["source"].fillna(Path(label).stem if source == "" else source)
    result = finalise(frame)
    result.attrs["problems"] = problems
    return result


def _term_pattern(terms: Sequence[str]) -> re.Pattern:
    """Case-insensitive whole-word alternation of ``terms``."""
    alternation = "|".join(re.escape(t) for t in terms)
    return re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)", re.IGNORECASE)


def _apply_rules(record: dict, rules: list[dict]) -> str | None:
    """Targets (``cible``) of the rules whose terms occur in one of their columns (unless ``sauf``)."""
    targets = []
    for rule in rules:
        texts = [str(record[c]) for c in rule.get("colonnes", []) if _text(record.get(c)) is not None]
        found = _term_pattern(rule.get("termes", [])).search
        excluded = _term_pattern(rule["sauf"]).search if rule.get("sauf") else None
        if any(found(t) and not (excluded and excluded(t)) for t in texts):
            targets.append(rule["cible"])
    return join_values(targets)


# Fallback when the public hub-lo.config.json is not at hand: its direct fields and typology rules.
DEFAULT_HUB_LO_CONFIG: dict = {
    **{k: {"colonne": v} for k, v in (
        ("id", "gid"), ("nom", "c_nom"), ("pivot", "c_siren_site"), ("code_postal", "c_postcode"),
        ("commune", "c_city"), ("adresse", "c_adresse"), ("latitude", "c_lat_coor1"),
        ("longitude", "c_long_coor1"), ("telephone", "c_telephone"), ("courriels", "c_courriel"),
        ("site_web", "c_site_web"), ("presentation_detail", "c_formation_detail"),
        ("date_maj", "c__edit_datemaj"))},
    "itinerance": [{"colonnes": ["c_formation_detail"], "termes": ["itinérance"], "cible": "Itinérant"}],
    "typologie": [{"colonnes": ["c_statut_juridique"], "termes": ["Associatif"], "cible": "ASSO"}] + [
        {"colonnes": ["c_etiquettes", *columns], "termes": terms, "cible": target}
        for columns, terms, target in (
            ((), ["msap"], "MSAP"), (("c_epn", "c_club_info"), ["Club Info", "EPN", "True"], "EPN"),
            (("c_mediatheque",), ["Médiathèque", "True"], "BIB"),
            (("c_coworking",), ["CoWorking", "True"], "TIERS_LIEUX"),
            (("c_fablab",), ["FabLab", "True"], "FABLAB"), (("c_mairie",), ["Mairie", "True"], "MUNI"),
            (("c_msap",), ["MSAP", "True"], "MSAP"))],
    "dispositif_programmes_nationaux": [{"colonnes": ["c_etiquettes", "c_promeneur"],
                                         "termes": ["Promeneur du Net", "True"],
                                         "cible": "Promeneurs du net"}],
}


def load_hub_lo_config(config: str | Path | dict | None, data_path: Path | None) -> dict:
    """The Hub LO mapping: a dict, a JSON file, ``hub-lo.config.json`` next to the data, else built-in."""
    if isinstance(config, dict):
        return config
    path = Path(config) if config is not None else (data_path.parent / "hub-lo.config.json"
                                                   if data_path is not None else None)
    if config is None and (path is None or not path.exists()):
        log.info(tr("Hub LO: no hub-lo.config.json next to the data; using the built-in mapping."))
        return DEFAULT_HUB_LO_CONFIG
    if path is None or not path.exists():
        raise DataFormatError(tr("Hub LO: the mapping file {path} was not found; give the public "
                                 "hub-lo.config.json.").format(path=path), source=str(path))
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise DataFormatError(tr("{source}: invalid JSON ({error}).").format(source=path, error=exc),
                              source=str(path)) from exc


def read_hub_lo(path: str | Path, config: str | Path | dict | None = None) -> pd.DataFrame:
    """Read the raw Hub LO JSON export into the places table, through the public field mapping."""
    data_path = Path(path)
    mapping = load_hub_lo_config(config, data_path)
    try:
        records = json.loads(data_path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise DataFormatError(tr("{source}: cannot read the Hub LO JSON ({error}).").format(
            source=data_path, error=exc), source=str(data_path)) from exc
    if isinstance(records, dict):
        records = records.get("features") or records.get("data") or records.get("results") or []
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DataFormatError(tr("{source}: expected a JSON array of objects (Hub LO export).").format(
            source=data_path), source=str(data_path))
    rows = []
    for record in records:
        row: dict[str, Any] = {}
        for target, rule in mapping.items():
            if isinstance(rule, dict) and "colonne" in rule:
                row[target] = _text(record.get(rule["colonne"]))
            elif isinstance(rule, dict) and "semaine" in rule:
                row[target] = _text(record.get(rule["semaine"]))
            elif isinstance(rule, list):
                row[target] = _apply_rules(record, rule)
        rows.append(row)
    frame = pd.DataFrame(rows).rename(columns=RENAMED)
    frame["lieu_id"] = frame["lieu_id"].map(lambda v: f"hub-lo-{v}" if v else None)
    frame["latitude"], frame["longitude"] = coordinates(frame, "latitude", "longitude", str(data_path))
    frame["code_postal"] = frame["code_postal"].map(commune_code)
    frame["date_maj"] = frame["date_maj"].map(iso_date)
    frame["telephone"] = frame["telephone"].map(phone) if "telephone" in frame else None
    frame["pivot"] = frame["pivot"].map(commune_code) if "pivot" in frame else None
    frame["source"] = "Hub LO"
    return finalise(frame)


def _opening_hours(row: pd.Series) -> str | None:
    """OSM opening_hours from France Services day columns (``09:00 - 12:00 / 14:00 - 17:00``)."""
    parts = []
    for column, day in DAYS:
        text = _text(row.get(column))
        if not text:
            continue
        spans = re.findall(r"(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})", text)
        if not spans:
            return None
        parts.append(day + " " + ",".join(f"{int(a):02d}:{b}-{int(c):02d}:{d}" for a, b, c, d in spans))
    return "; ".join(parts) or None


def read_france_services(path: str | Path | bytes, source: str = "") -> pd.DataFrame:
    """Read the ANCT list of France Services sites (2022 ``,`` file or the current ``;`` file)."""
    label = source or (str(path) if not isinstance(path, bytes) else "France Services")
    raw = read_table(path, source=label, required=FRANCE_SERVICES_REQUIRED)
    ids = raw["id_fs"] if "id_fs" in raw.columns else pd.Series(range(1, len(raw) + 1), index=raw.index)
    frame = pd.DataFrame({
        "lieu_id": ids.map(lambda v: f"france-services-{_text(v)}"),
        "nom": raw["lib_fs"].map(_text), "adresse": raw["adresse"].map(_text),
        "complement_adresse": raw.get("complement_adresse"),
        "code_postal": raw["code_postal"].map(commune_code), "commune": raw["lib_com"].map(_text),
        "code_insee": raw["insee_com"].map(commune_code),
        "telephone": raw["telephone"].map(phone) if "telephone" in raw.columns else None,
        "courriels": raw["mail"].map(_text) if "mail" in raw.columns else None,
        "horaires": raw.apply(_opening_hours, axis=1) if len(raw) else None,
        "itinerance": raw["itinerance"].map(lambda v: {"oui": "Itinérant", "non": "Fixe"}.get(
            (_text(v) or "").lower())) if "itinerance" in raw.columns else None,
        "typologie": "RFS", "dispositifs": "France Services", "source": "France Services"})
    frame["latitude"], frame["longitude"] = coordinates(raw, "latitude", "longitude", label)
    return finalise(frame)


# the merge of places lives in lieux_merge (imported last: it uses the helpers above)
from .lieux_merge import (  # noqa: E402, F401 (re-exported: part of this module's contract)
    ABBREVIATIONS,
    GENERIC_NAME_WORDS,
    STOP_WORDS,
    _commune_keys,
    _containment,
    _prepared,
    _score,
    _words,
    distance_m,
    match_score,
    merge_places,
    normalise,
)
