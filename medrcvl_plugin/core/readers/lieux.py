"""Readers of digital-mediation places (national standard, Hub LO, France Services) and their merge."""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..base.codes import commune_code, commune_codes
from ..base.errors import DataFormatError
from ..base.i18n import tr
from . import lieux_schema
from .csvtools import line_of, read_table
from .lieux_text import (
    clean_text,
    iso_date,
    join_values,
    object_array,
    opening_hours,
    per_unique,
    phone,
    phones,
    split_values,
    texts,
)

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
KNOWN_CODES = frozenset().union(*(c[2] for c in CATEGORIES))
RENAMED = {"id": "lieu_id", "dispositif_programmes_nationaux": "dispositifs"}
#: the standard's fields every source gives (in the places table's order)
BASE_FIELDS = (
    "nom",
    "adresse",
    "code_postal",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
    "typologie",
    "services",
)
EXTRA_FIELDS = tuple(
    f
    for f in lieux_schema.STANDARD_FIELDS
    if f not in RENAMED and f not in (*BASE_FIELDS, "source", "date_maj")
)
PLACE_COLUMNS = (
    "lieu_id",
    *BASE_FIELDS,
    "dispositifs",
    "categorie",
    *CATEGORY_COLUMNS,
    *PROGRAMME_COLUMNS,
    "source",
    "date_maj",
    *EXTRA_FIELDS,
    "merged_ids",
)
TEXT_COLUMNS = tuple(
    c for c in PLACE_COLUMNS if c not in ("latitude", "longitude", *CATEGORY_COLUMNS, *PROGRAMME_COLUMNS)
)
MULTI_VALUED = ("typologie", "services", "dispositifs", "source", "merged_ids")
FRANCE_SERVICES_REQUIRED = (
    "insee_com",
    "lib_fs",
    "latitude",
    "longitude",
    "adresse",
    "code_postal",
    "lib_com",
)


def coordinates(frame: pd.DataFrame, lat: str, lon: str, source: str) -> tuple[pd.Series, pd.Series]:
    """Latitude/longitude floats; ``0`` (unknown in the national files) and blanks become NaN."""
    values = []
    for column in (lat, lon):
        raw = object_array(
            [
                (v.strip().replace(",", ".") or None)
                if v.__class__ is str
                else None
                if (t := clean_text(v)) is None
                else t.replace(",", ".")
                for v in frame[column].tolist()
            ]
        )
        numbers = np.asarray(pd.to_numeric(raw, errors="coerce"), dtype=float)
        bad = np.isnan(numbers) & pd.notna(raw)
        if bad.any():
            index = frame.index[bad.argmax()]
            line = line_of(frame, index)
            message = tr("{source}: line {line}, field {field}: {value!r} is not a number.")
            raise DataFormatError(
                message.format(source=source, line=line, field=column, value=frame.at[index, column]),
                source=source,
                line=line,
                field=column,
            )
        values.append(numbers)
    unknown = (values[0] == 0) | (values[1] == 0) | np.isnan(values[0]) | np.isnan(values[1])
    return tuple(pd.Series(np.where(unknown, np.nan, v), index=frame.index) for v in values)


def _category_flags(value: Any) -> tuple[bool, ...]:
    """Per category of ``CATEGORIES``, whether a typology code of ``value`` is in it; then "other code"."""
    codes = {c.upper() for c in split_values(value)}
    return (*(bool(codes & typologies) for _, _, typologies in CATEGORIES), bool(codes - KNOWN_CODES))


def _programme_flags(value: Any) -> tuple[bool, ...]:
    """Per programme of ``PROGRAMMES``, whether ``value`` lists it."""
    programmes = {p.lower() for p in split_values(value)}
    return tuple(label.lower() in programmes for _, label in PROGRAMMES)


def _flags(values: pd.Series, func: Callable[[Any], tuple], width: int) -> np.ndarray:
    """A boolean (rows × ``width``) matrix of ``func`` over ``values``, computed once per distinct text."""
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        return np.array([func(v) for v in values], dtype=bool).reshape(len(values), width)
    codes, uniques = pd.factorize(values)  # missing values get -1: the last row, func(None)
    table = np.array([*(func(u) for u in uniques), func(None)], dtype=bool).reshape(-1, width)
    return table[codes]


def finalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Derive categories and programmes from ``typologie``/``dispositifs``; order the columns."""
    return _finalised({c: frame[c] for c in frame.columns}, len(frame), frame.attrs)


def _column(data: dict[str, Any], name: str, count: int) -> Any:
    """Column ``name`` of ``data`` as an array (a scalar or a missing column repeated ``count`` times)."""
    values = data.get(name)
    if isinstance(values, pd.Series):
        return (values if values.dtype == object else values.astype(object)).to_numpy()
    if isinstance(values, list):
        return object_array(values)
    return values if isinstance(values, np.ndarray) else np.full(count, values, dtype=object)


def _finalised(data: dict[str, Any], count: int, attrs: dict) -> pd.DataFrame:
    """``finalise`` of the table whose columns (Series, arrays, lists or scalars) are ``data``."""
    columns: dict[str, Any] = {}
    programmes = _flags(_column(data, "dispositifs", count), _programme_flags, len(PROGRAMMES))
    flags = _flags(_column(data, "typologie", count), _category_flags, len(CATEGORIES) + 1)
    categories = flags[:, :-1]
    categories[:, 0] |= programmes[:, PROGRAMME_COLUMNS.index("prog_france_services")]
    found = categories.any(axis=1)
    labels = np.array([*(label for _, label, _ in CATEGORIES), AUTRE], dtype=object)
    for index, column in enumerate(PROGRAMME_COLUMNS):  # an empty table keeps its historical dtypes:
        columns[column] = programmes[:, index] if count else programmes[:, index].astype(object)
    for index, column in enumerate(CATEGORY_COLUMNS[:-1]):  # object, but cat_france_services/autre
        columns[column] = categories[:, index].astype(object) if index and not count else categories[:, index]
    columns["cat_autre"] = flags[:, -1] | ~found
    for column in ("latitude", "longitude"):
        values = data.get(column)
        values = values if isinstance(values, (pd.Series, np.ndarray)) else _column(data, column, count)
        columns[column] = np.asarray(pd.to_numeric(values, errors="coerce"), dtype=float)
    for column in TEXT_COLUMNS:
        values = _column(data, column, count)
        if pd.api.types.infer_dtype(values, skipna=False) != "string":  # else no missing value
            missing = pd.isna(values)
            values = np.where(missing, None, values) if missing.any() else values  # an object array of None
        columns[column] = values
    columns["categorie"] = labels[np.where(found, categories.argmax(axis=1), len(CATEGORIES))]
    missing = pd.isna(columns["merged_ids"])
    if missing.any():
        columns["merged_ids"] = np.where(missing, columns["lieu_id"], columns["merged_ids"])
    result = pd.DataFrame(columns, columns=list(PLACE_COLUMNS))
    for column, dtype in zip(PLACE_COLUMNS, result.dtypes):
        if dtype.kind != "O" and column in TEXT_COLUMNS:  # the constructor inferred dates: undo
            result[column] = pd.Series(columns[column], dtype=object)
    result.attrs.update(attrs)
    return result


def read_standard(
    path: str | Path | bytes,
    source: str = "",
    *,
    validate: bool = False,
    schema_path: str | Path | None = None,
) -> pd.DataFrame:
    """Read a national-standard CSV into the places table.

    ``source`` names the file in messages and fills ``source`` when the file's cell is empty.
    With ``validate=True`` the schema problems are logged and kept in ``frame.attrs["problems"]``.
    """
    label = source or (str(path) if not isinstance(path, bytes) else "standard CSV")
    raw = read_table(path, source=label, required=("id", "nom", "commune", "code_postal", "adresse"))
    problems = lieux_schema.validate(raw, schema_path) if validate else []
    if problems:
        log.warning(
            tr("{source}: {n} problem(s) against the national schema, e.g. {first}").format(
                source=label, n=len(problems), first=problems[0].message
            )
        )
    nothing = pd.Series(None, index=raw.index, dtype=object)
    frame = pd.DataFrame(
        {
            RENAMED.get(c, c): texts(raw[c]) if c in raw.columns else nothing
            for c in lieux_schema.STANDARD_FIELDS
        }
    )
    frame["latitude"], frame["longitude"] = coordinates(frame, "latitude", "longitude", label)
    frame["code_insee"] = commune_codes(frame["code_insee"])
    frame["code_postal"] = commune_codes(frame["code_postal"])
    frame["date_maj"] = per_unique(frame["date_maj"], lambda v: iso_date(v) or clean_text(v))
    frame["source"] = frame["source"].fillna(Path(label).stem if source == "" else source)
    result = finalise(frame)
    result.attrs["problems"] = problems
    return result


def _term_pattern(terms: Sequence[str]) -> re.Pattern:
    """Case-insensitive whole-word alternation of ``terms``."""
    return _terms_regex(tuple(terms))


@functools.lru_cache(maxsize=256)
def _terms_regex(terms: tuple[str, ...]) -> re.Pattern:
    """``_term_pattern`` of a tuple (compiled once per rule)."""
    alternation = "|".join(re.escape(t) for t in terms)
    return re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)", re.IGNORECASE)


def _apply_rules(record: dict, rules: list[dict]) -> str | None:
    """Targets (``cible``) of the rules whose terms occur in one of their columns (unless ``sauf``)."""
    targets = []
    for rule in rules:
        texts = [str(record[c]) for c in rule.get("colonnes", []) if clean_text(record.get(c)) is not None]
        found = _term_pattern(rule.get("termes", [])).search
        excluded = _term_pattern(rule["sauf"]).search if rule.get("sauf") else None
        if any(found(t) and not (excluded and excluded(t)) for t in texts):
            targets.append(rule["cible"])
    return join_values(targets)


# Fallback when the public hub-lo.config.json is not at hand: its direct fields and typology rules.
DEFAULT_HUB_LO_CONFIG: dict = {
    **{
        k: {"colonne": v}
        for k, v in (
            ("id", "gid"),
            ("nom", "c_nom"),
            ("pivot", "c_siren_site"),
            ("code_postal", "c_postcode"),
            ("commune", "c_city"),
            ("adresse", "c_adresse"),
            ("latitude", "c_lat_coor1"),
            ("longitude", "c_long_coor1"),
            ("telephone", "c_telephone"),
            ("courriels", "c_courriel"),
            ("site_web", "c_site_web"),
            ("presentation_detail", "c_formation_detail"),
            ("date_maj", "c__edit_datemaj"),
        )
    },
    "itinerance": [{"colonnes": ["c_formation_detail"], "termes": ["itinérance"], "cible": "Itinérant"}],
    "typologie": [{"colonnes": ["c_statut_juridique"], "termes": ["Associatif"], "cible": "ASSO"}]
    + [
        {"colonnes": ["c_etiquettes", *columns], "termes": terms, "cible": target}
        for columns, terms, target in (
            ((), ["msap"], "MSAP"),
            (("c_epn", "c_club_info"), ["Club Info", "EPN", "True"], "EPN"),
            (("c_mediatheque",), ["Médiathèque", "True"], "BIB"),
            (("c_coworking",), ["CoWorking", "True"], "TIERS_LIEUX"),
            (("c_fablab",), ["FabLab", "True"], "FABLAB"),
            (("c_mairie",), ["Mairie", "True"], "MUNI"),
            (("c_msap",), ["MSAP", "True"], "MSAP"),
        )
    ],
    "dispositif_programmes_nationaux": [
        {
            "colonnes": ["c_etiquettes", "c_promeneur"],
            "termes": ["Promeneur du Net", "True"],
            "cible": "Promeneurs du net",
        }
    ],
}


def load_hub_lo_config(config: str | Path | dict | None, data_path: Path | None) -> dict:
    """The Hub LO mapping: a dict, a JSON file, ``hub-lo.config.json`` next to the data, else built-in."""
    if isinstance(config, dict):
        return config
    path = (
        Path(config)
        if config is not None
        else (data_path.parent / "hub-lo.config.json" if data_path is not None else None)
    )
    if config is None and (path is None or not path.exists()):
        log.info(tr("Hub LO: no hub-lo.config.json next to the data; using the built-in mapping."))
        return DEFAULT_HUB_LO_CONFIG
    if path is None or not path.exists():
        raise DataFormatError(
            tr(
                "Hub LO: the mapping file {path} was not found; give the public " "hub-lo.config.json."
            ).format(path=path),
            source=str(path),
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise DataFormatError(
            tr("{source}: invalid JSON ({error}).").format(source=path, error=exc), source=str(path)
        ) from exc


def read_hub_lo(path: str | Path, config: str | Path | dict | None = None) -> pd.DataFrame:
    """Read the raw Hub LO JSON export into the places table, through the public field mapping."""
    data_path = Path(path)
    mapping = load_hub_lo_config(config, data_path)
    try:
        records = json.loads(data_path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise DataFormatError(
            tr("{source}: cannot read the Hub LO JSON ({error}).").format(source=data_path, error=exc),
            source=str(data_path),
        ) from exc
    if isinstance(records, dict):
        records = records.get("features") or records.get("data") or records.get("results") or []
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DataFormatError(
            tr("{source}: expected a JSON array of objects (Hub LO export).").format(source=data_path),
            source=str(data_path),
        )
    rows = []
    for record in records:
        row: dict[str, Any] = {}
        for target, rule in mapping.items():
            if isinstance(rule, dict) and "colonne" in rule:
                row[target] = clean_text(record.get(rule["colonne"]))
            elif isinstance(rule, dict) and "semaine" in rule:
                row[target] = clean_text(record.get(rule["semaine"]))
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


#: ``format_fs`` of the current France Services list: the itinerant formats (the rest is fixed)
MOVING_FORMATS = ("bus_équivalent", "bus_equivalent", "itinérante", "itinerante", "mobile")


def _france_services_moving(raw: pd.DataFrame, moving: dict):
    """``itinerance`` from the 2022 ``itinerance`` column, or from ``format_fs`` (current file)."""
    if "itinerance" in raw.columns:
        return per_unique(raw["itinerance"], lambda v: moving.get((clean_text(v) or "").lower()))
    if "format_fs" in raw.columns:
        return per_unique(raw["format_fs"], _moving_format)
    return None


def _moving_format(value: Any) -> str | None:
    """``Itinérant`` / ``Fixe`` from a ``format_fs`` cell (None when empty)."""
    text = clean_text(value)
    if not text:
        return None
    return "Itinérant" if text.strip().lower() in MOVING_FORMATS else "Fixe"


def read_france_services(path: str | Path | bytes, source: str = "") -> pd.DataFrame:
    """Read the ANCT list of France Services sites (2022 ``,`` file or the current ``;`` file)."""
    label = source or (str(path) if not isinstance(path, bytes) else "France Services")
    raw = read_table(path, source=label, required=FRANCE_SERVICES_REQUIRED)
    ids = raw["id_fs"] if "id_fs" in raw.columns else pd.Series(range(1, len(raw) + 1), index=raw.index)
    moving = {"oui": "Itinérant", "non": "Fixe"}
    data = {
        "lieu_id": [f"france-services-{v}" for v in texts(ids)],
        "nom": texts(raw["lib_fs"]),
        "adresse": texts(raw["adresse"]),
        "complement_adresse": raw.get("complement_adresse"),
        "code_postal": commune_codes(raw["code_postal"]),
        "commune": texts(raw["lib_com"]),
        "code_insee": commune_codes(raw["insee_com"]),
        "telephone": phones(raw["telephone"]) if "telephone" in raw.columns else None,
        "courriels": texts(raw["mail"]) if "mail" in raw.columns else None,
        "horaires": opening_hours(raw) if len(raw) else None,
        "itinerance": _france_services_moving(raw, moving),
        "typologie": "RFS",
        "dispositifs": "France Services",
        "source": "France Services",
    }
    data["latitude"], data["longitude"] = coordinates(raw, "latitude", "longitude", label)
    return _finalised(data, len(raw), {})
