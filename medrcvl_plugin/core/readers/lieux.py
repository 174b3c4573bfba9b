"""Readers of digital-mediation places (national standard, Hub LO, France Services) and their merge."""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import re
import unicodedata
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


def normalise(text: Any) -> str:
    """Lower-case ASCII words of ``text`` (accents and punctuation removed)."""
    value = unicodedata.normalize("NFKD", _text(text) or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", value).strip()


STOP_WORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "sur", "sous"}
GENERIC_NAME_WORDS = {"france", "services", "service", "msap", "maison", "public", "publics", "espace"}
ABBREVIATIONS = {"av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard", "r": "rue",
                 "pl": "place", "rte": "route", "ch": "chemin", "all": "allee", "imp": "impasse"}


def _words(text: Any, drop: set[str] = frozenset()) -> set[str]:
    """Significant words of a name or address."""
    words = (ABBREVIATIONS.get(w, w) for w in normalise(text).split())
    return {w for w in words if w not in STOP_WORDS and w not in drop}


def _containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller word set found in the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (NaN when a coordinate is unknown)."""
    if any(v is None or math.isnan(v) for v in (lat1, lon1, lat2, lon2)):
        return math.nan
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371000 * math.asin(math.sqrt(h))


def match_score(a: pd.Series, b: pd.Series, max_distance: float = 300.0) -> float:
    """How surely two places of the same commune are one place (0 = not the same)."""
    generic = GENERIC_NAME_WORDS | _words(a["commune"]) | _words(b["commune"])
    names = _containment(_words(a["nom"], generic), _words(b["nom"], generic))
    address = _containment(_words(f"{a['adresse'] or ''} {a['complement_adresse'] or ''}"),
                           _words(f"{b['adresse'] or ''} {b['complement_adresse'] or ''}"))
    same_kind = (a["categorie"] == b["categorie"] and a["categorie"] != AUTRE) or bool(
        a["cat_france_services"] and b["cat_france_services"])
    metres = distance_m(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    near = not math.isnan(metres) and metres <= max_distance
    if not (names >= 0.8 or (same_kind and (near or address >= 0.8)) or (near and names >= 0.5)):
        return 0.0
    return names + address + float(same_kind) + (1 - metres / max_distance if near else 0.0)


def _commune_keys(row: pd.Series) -> list[str]:
    """Keys that put the places of one commune in the same block."""
    keys = [f"insee:{row['code_insee']}"] if row["code_insee"] else []
    if row["commune"]:
        keys.append(f"name:{normalise(row['commune'])}:{(row['code_postal'] or '')[:2]}")
    return keys


def _prepared(row: dict) -> tuple:
    """Word sets and fields of one place used by the pairwise score (computed once per place)."""
    return (_words(row["nom"]), _words(row["commune"]),
            _words(f"{row['adresse'] or ''} {row['complement_adresse'] or ''}"),
            row["categorie"], bool(row["cat_france_services"]), row["latitude"], row["longitude"])


def _score(a: tuple, b: tuple, max_distance: float) -> float:
    """``match_score`` on prepared places (same result, no pandas access)."""
    generic = GENERIC_NAME_WORDS | a[1] | b[1]
    names = _containment(a[0] - generic, b[0] - generic)
    address = _containment(a[2], b[2])
    same_kind = (a[3] == b[3] and a[3] != AUTRE) or (a[4] and b[4])
    metres = distance_m(a[5], a[6], b[5], b[6])
    near = not math.isnan(metres) and metres <= max_distance
    if not (names >= 0.8 or (same_kind and (near or address >= 0.8)) or (near and names >= 0.5)):
        return 0.0
    return names + address + float(same_kind) + (1 - metres / max_distance if near else 0.0)


def merge_places(frames: Sequence[pd.DataFrame], max_distance: float = 300.0) -> pd.DataFrame:
    """Concatenate places tables and merge a place found in two sources into one row.

    Two places of different sources are the same when they share a commune and have similar names,
    or the same category and are within ``max_distance`` metres or at the same address.
    """
    places = pd.concat([f for f in frames if len(f)], ignore_index=True) if frames else pd.DataFrame()
    if places.empty:
        return finalise(pd.DataFrame(columns=PLACE_COLUMNS))
    places = finalise(places)
    needed = ("code_insee", "commune", "code_postal", "nom", "adresse", "complement_adresse", "categorie",
              "cat_france_services", "latitude", "longitude", "source")
    columns = {c: places[c].tolist() for c in needed}
    records = [dict(zip(needed, values)) for values in zip(*columns.values())]
    blocks: dict[str, list[int]] = {}
    for index, row in enumerate(records):
        for key in _commune_keys(row):
            blocks.setdefault(key, []).append(index)
    prepared: dict[int, tuple] = {}
    pairs: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                pair = (first, second)
                if pair in pairs or records[first]["source"] == records[second]["source"]:
                    continue
                for index in pair:
                    if index not in prepared:
                        prepared[index] = _prepared(records[index])
                pairs[pair] = _score(prepared[first], prepared[second], max_distance)
    parent = list(range(len(places)))
    sources = [set(split_values(s)) for s in places["source"]]

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for (first, second), score in sorted(pairs.items(), key=lambda item: -item[1]):
        a, b = find(first), find(second)
        if score > 0 and a != b and not (sources[a] & sources[b]):
            parent[max(a, b)] = min(a, b)
            sources[min(a, b)] |= sources[max(a, b)]
    groups: dict[int, list[int]] = {}
    for index in range(len(places)):
        groups.setdefault(find(index), []).append(index)
    multi = [members for members in groups.values() if len(members) > 1]
    if not multi:
        return finalise(places)
    involved = sorted({index for members in multi for index in members})
    full = dict(zip(involved, places.iloc[involved].to_dict("records")))
    rows = []
    for members in multi:
        row = full[members[0]]
        for extra in (full[index] for index in members[1:]):
            for column in PLACE_COLUMNS:
                if column in MULTI_VALUED:
                    row[column] = join_values(split_values(row[column]) + split_values(extra[column]))
                elif row[column] is None or (isinstance(row[column], float) and math.isnan(row[column])):
                    row[column] = extra[column]
        rows.append(row)
    singles = places.iloc[[m[0] for m in groups.values() if len(m) == 1]]
    merged_rows = pd.DataFrame(rows, index=[m[0] for m in multi], columns=list(PLACE_COLUMNS))
    result = pd.concat([singles, merged_rows]).sort_index()
    merged = len(places) - len(result)
    if merged:
        log.info(tr("{n} place(s) found in two sources were merged.").format(n=merged))
    return finalise(result)
