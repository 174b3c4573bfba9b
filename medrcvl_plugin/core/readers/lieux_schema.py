"""Validation of rows against the national Table Schema of digital-mediation places (v1.0.2)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..base.errors import DataFormatError
from ..base.i18n import tr

SCHEMA_VERSION = "v1.0.2"


def _vocabulary(*terms: str) -> str:
    """The schema's pattern for a ``|``-separated list of ``terms`` (already regex-escaped)."""
    return "(?:(?:^|\\|)(" + "|".join(terms) + "))+$"


# (name, type, required, pattern, maxLength, unique) of schema v1.0.2, in the schema's order.
BUILTIN_FIELDS: tuple[tuple[str, str, bool, str | None, int | None, bool], ...] = (
    ("id", "string", True, None, None, True),
    ("pivot", "string", True, r"^[a-zA-Z0-9]{9,14}$", None, False),
    ("nom", "string", True, None, None, False),
    ("commune", "string", True, None, None, False),
    ("code_postal", "string", True, r"^\d{5}$", None, False),
    ("code_insee", "string", False, r"^([013-9]\d|2[AB1-9])\d{3}$", None, False),
    ("adresse", "string", True, None, None, False),
    ("complement_adresse", "string", False, None, None, False),
    ("latitude", "number", False, None, None, False),
    ("longitude", "number", False, None, None, False),
    ("typologie", "string", False, None, None, False),
    (
        "telephone",
        "string",
        False,
        r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$",
        None,
        False,
    ),
    ("courriels", "string", False, None, None, False),
    ("site_web", "string", False, None, None, False),
    ("horaires", "string", False, None, None, False),
    ("presentation_resume", "string", False, None, 280, False),
    ("presentation_detail", "string", False, None, None, False),
    ("source", "string", False, None, None, False),
    ("itinerance", "string", False, _vocabulary("Itinérant", "Fixe"), None, False),
    ("structure_parente", "string", False, None, None, False),
    ("date_maj", "date", True, None, None, False),
    (
        "services",
        "string",
        False,
        _vocabulary(
            "Aide aux démarches administratives",
            "Maîtrise des outils numériques du quotidien",
            "Insertion professionnelle via le numérique",
            "Utilisation sécurisée du numérique",
            "Parentalité et éducation avec le numérique",
            "Loisirs et créations numériques",
            "Compréhension du monde numérique",
            "Accès internet et matériel informatique",
            "Acquisition de matériel informatique à prix solidaire",
        ),
        None,
        False,
    ),
    (
        "publics_specifiquement_adresses",
        "string",
        False,
        _vocabulary("Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes"),
        None,
        False,
    ),
    (
        "prise_en_charge_specifique",
        "string",
        False,
        _vocabulary(
            "Surdité",
            "Handicaps moteurs",
            "Handicaps mentaux",
            "Illettrisme",
            r"Langues étrangères \(anglais\)",
            r"Langues étrangères \(autres\)",
            "Déficience visuelle",
        ),
        None,
        False,
    ),
    (
        "frais_a_charge",
        "string",
        False,
        _vocabulary("Gratuit", "Gratuit sous condition", "Payant"),
        None,
        False,
    ),
    (
        "dispositif_programmes_nationaux",
        "string",
        False,
        _vocabulary(
            "Aidants Connect",
            "Bibliothèques numérique de référence",
            "Certification PIX",
            "Conseillers numériques",
            "Emmaüs Connect",
            "France Services",
            "Grande école du numérique",
            "La Croix Rouge",
            "Point d'accès numérique CAF",
            "Promeneurs du net",
            r"Relais numérique \(Emmaüs Connect\)",
        ),
        None,
        False,
    ),
    (
        "formations_labels",
        "string",
        False,
        _vocabulary(
            "Formé à « Mon Espace Santé »",
            r"Formé à « DUPLEX » \(illettrisme\)",
            r"Arnia/MedNum BFC \(Bourgogne-Franche-Comté\)",
            r"Collectif ressources et acteurs réemploi \(Normandie\)",
            r"Étapes numériques\(La Poste\)",
            "Fabriques de Territoire",
            r"Les Éclaireurs du numérique \(Drôme\)",
            r"Mes Papiers \(Métropole de Lyon\)",
            "ORDI 3.0",
            r"SUD LABS \(PACA\)",
        ),
        None,
        False,
    ),
    ("autres_formations_labels", "string", False, None, None, False),
    (
        "modalites_acces",
        "string",
        False,
        _vocabulary(
            "Se présenter",
            "Téléphoner",
            "Contacter par mail",
            "Prendre un RDV en ligne",
            "Ce lieu n'accueille pas de public",
            "Envoyer un mail avec une fiche de prescription",
        ),
        None,
        False,
    ),
    (
        "modalites_accompagnement",
        "string",
        False,
        _vocabulary("En autonomie", "Accompagnement individuel", "Dans un atelier collectif", "À distance"),
        None,
        False,
    ),
    ("fiche_acces_libre", "string", False, None, None, False),
    ("prise_rdv", "string", False, None, None, False),
)

STANDARD_FIELDS: tuple[str, ...] = tuple(f[0] for f in BUILTIN_FIELDS)


@dataclass
class Problem:
    """One schema violation: file ``line`` (header = 1), ``field``, offending ``value`` and a message."""

    line: int
    field: str
    value: Any
    message: str


def builtin_schema() -> dict:
    """The v1.0.2 schema as a Table Schema dict (constraints only), used when no file is given."""
    fields = []
    for name, kind, required, pattern, max_length, unique in BUILTIN_FIELDS:
        constraints: dict[str, Any] = {"required": required}
        if pattern:
            constraints["pattern"] = pattern
        if max_length:
            constraints["maxLength"] = max_length
        if unique:
            constraints["unique"] = True
        fields.append({"name": name, "type": kind, "constraints": constraints})
    return {"version": SCHEMA_VERSION, "fields": fields}


def load_schema(schema_path: str | Path | None = None) -> dict:
    """Read a Table Schema JSON file (the built-in v1.0.2 constraints when ``schema_path`` is None)."""
    if schema_path is None:
        return builtin_schema()
    path = Path(schema_path)
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFormatError(
            tr("{source}: cannot read the Table Schema ({error}).").format(source=path, error=exc),
            source=str(path),
        ) from exc
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise DataFormatError(
            tr('{source}: not a Table Schema (no "fields" list).').format(source=path), source=str(path)
        )
    return schema


def _type_error(kind: str, text: str, field: dict) -> str | None:
    """Why ``text`` is not a valid ``kind`` value (None when valid)."""
    if kind in ("number", "integer"):
        try:
            number = float(text) if kind == "number" else int(text)
        except ValueError:
            return tr("expected a {kind} (decimal point, no thousands separator)").format(kind=kind)
        if number != number:
            return tr("expected a {kind}").format(kind=kind)
    elif kind == "date":
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return tr("expected a date YYYY-MM-DD")
    elif kind == "boolean":
        if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
            return tr("expected a boolean")
    return None


def _not_in_vocabulary(bad: list[str]) -> str:
    """Message naming the values missing from a controlled vocabulary."""
    return tr("value(s) {bad} not in the vocabulary").format(bad=", ".join(repr(b) for b in bad))


def _check_cell(text: str, field: dict, compiled: re.Pattern | None) -> list[str]:
    """Every constraint ``text`` violates (type, pattern, enum, length, min/max), as messages."""
    kind = field.get("type", "string")
    constraints = field.get("constraints", {}) or {}
    issues = []
    error = _type_error(kind, text, field)
    if error:
        return [error]
    if compiled is not None and not compiled.fullmatch(text):
        parts = text.split("|")
        bad = [p for p in parts if not compiled.fullmatch(p)] if len(parts) > 1 else []
        if bad:
            issues.append(_not_in_vocabulary(bad))
        else:
            issues.append(tr("does not match the pattern {pattern}").format(pattern=constraints["pattern"]))
    enum = constraints.get("enum")
    if enum is not None and text not in enum:
        bad = [p for p in text.split("|") if p not in enum]
        if bad:
            issues.append(_not_in_vocabulary(bad))
    if "maxLength" in constraints and len(text) > int(constraints["maxLength"]):
        issues.append(tr("longer than {n} characters").format(n=constraints["maxLength"]))
    if "minLength" in constraints and len(text) < int(constraints["minLength"]):
        issues.append(tr("shorter than {n} characters").format(n=constraints["minLength"]))
    if kind in ("number", "integer", "date"):
        value: Any = dt.date.fromisoformat(text) if kind == "date" else float(text)
        for key, test in (("minimum", lambda v, b: v < b), ("maximum", lambda v, b: v > b)):
            if key in constraints:
                bound = constraints[key]
                bound = dt.date.fromisoformat(bound) if kind == "date" else float(bound)
                if test(value, bound):
                    issues.append(tr("{key} is {bound}").format(key=key, bound=constraints[key]))
    return issues


def validate(frame_raw: pd.DataFrame, schema_path: str | Path | None = None) -> list[Problem]:
    """Check every row of a raw (text) standard table against the Table Schema; list the problems.

    Lines are file lines (header = 1, first row = 2) for a frame with a default RangeIndex.
    """
    schema = load_schema(schema_path)
    problems: list[Problem] = []
    columns = set(frame_raw.columns)
    for field in schema["fields"]:
        if field["name"] not in columns:
            problems.append(
                Problem(
                    1,
                    field["name"],
                    None,
                    tr("line 1, field {field}: column missing from the header").format(field=field["name"]),
                )
            )
    for field in schema["fields"]:
        name = field["name"]
        if name not in columns:
            continue
        constraints = field.get("constraints", {}) or {}
        pattern = constraints.get("pattern")
        compiled = re.compile(pattern) if pattern else None
        seen: dict[str, int] = {}
        for position, value in enumerate(frame_raw[name].tolist()):
            line = position + 2
            text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
            if text == "":
                if constraints.get("required"):
                    problems.append(
                        Problem(
                            line,
                            name,
                            value,
                            tr("line {line}, field {field}: a value is required").format(
                                line=line, field=name
                            ),
                        )
                    )
                continue
            for issue in _check_cell(text, field, compiled):
                message = tr("line {line}, field {field}: {value!r} {issue}")
                problems.append(
                    Problem(line, name, text, message.format(line=line, field=name, value=text, issue=issue))
                )
            if constraints.get("unique"):
                if text in seen:
                    problems.append(
                        Problem(
                            line,
                            name,
                            text,
                            tr("line {line}, field {field}: {value!r} already used on line {first}").format(
                                line=line, field=name, value=text, first=seen[text]
                            ),
                        )
                    )
                else:
                    seen[text] = line
    problems.sort(key=lambda p: (p.line, p.field))
    return problems
