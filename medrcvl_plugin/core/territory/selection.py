"""The territory of a diagnostic: an EPCI, a département, a région, a list of communes or a layer.

Membership comes from codes only (EPCI composition of the DGCL, INSEE COG), never from names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..base.codes import COMMUNE_CODE, commune_code
from ..base.errors import TerritoryError
from ..base.i18n import tr
from ..geometry.units import arrow_columns, open_ogr

KINDS = ("epci", "departement", "region", "communes", "layer")
REGIONS = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}


@dataclass
class Territory:
    """What the user asked for: ``kind`` in KINDS and its ``value`` (SIREN, code, list of codes)."""

    kind: str
    value: Any = None
    layer: Any = None  # a QgsVectorLayer of communes (kind "layer")
    code_field: str | None = None  # the field of ``layer`` holding the INSEE codes


@dataclass
class TerritoryCodes:
    """The resolved territory: commune codes and the EPCI/départements/régions it touches."""

    codes: list[str]
    name: str
    epci_sirens: list[str] = field(default_factory=list)
    departements: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)


def departement_of(code: str) -> str:
    """The département of a commune code: 2 characters, 3 for overseas (971..976)."""
    return code[:3] if code.startswith("97") else code[:2]


def layer_codes(layer, code_field: str | None) -> list[str]:
    """The commune codes of a layer's features (text, stripped); TerritoryError when unusable."""
    if layer is None or not code_field:
        raise TerritoryError(tr("A commune layer and its code field are required."))
    if layer.fields().indexOf(code_field) < 0:
        raise TerritoryError(
            tr("Layer {layer} has no field {field}.").format(layer=layer.name(), field=code_field)
        )
    values = _ogr_values(layer, code_field) if layer.providerType() == "ogr" else None
    if values is None:
        from qgis.core import QgsFeatureRequest

        from ...compat import FEATURE_REQUEST_NO_GEOMETRY

        request = QgsFeatureRequest().setFlags(FEATURE_REQUEST_NO_GEOMETRY)
        request.setSubsetOfAttributes([code_field], layer.fields())
        values = [feature[code_field] for feature in layer.getFeatures(request)]
    return clean_codes(values)


def clean_codes(values) -> list[str]:
    """Commune codes as text (``base.codes.commune_code``: stripped, upper case, a lost leading zero
    restored, 1001 → 01001), empty and NULL values left out."""
    return [code for code in map(commune_code, values) if code is not None]


def _ogr_values(layer, field: str) -> list | None:
    """The values of ``field`` of an unfiltered OGR file layer read by GDAL directly (None: not possible)."""
    if layer.subsetString():
        return None
    ds, source = open_ogr(layer.source())
    if source is None or source.GetFeatureCount() != layer.featureCount():
        return None
    definition = source.GetLayerDefn()
    index = definition.GetFieldIndex(field)
    if index < 0:
        return None
    source.SetIgnoredFields(
        [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount()) if i != index]
        + ["OGR_GEOMETRY"]
    )
    columns = arrow_columns(source, {field: True})
    values = columns[field] if columns is not None else [feature.GetField(index) for feature in source]
    del source, ds  # close the file
    return values


def resolve(
    territory: Territory,
    cog: pd.DataFrame,
    epci_composition: pd.DataFrame | None,
    codes: list[str] | None = None,
) -> TerritoryCodes:
    """Resolve ``territory`` with the COG communes (``read_cog_communes``) and the EPCI composition
    (``read_epci_composition``, may be None unless kind is "epci") -> TerritoryCodes; ``codes``: the
    codes of the layer (kind "layer") when already read."""
    kind = territory.kind
    if kind == "epci":
        if epci_composition is None:
            raise TerritoryError(tr("The EPCI composition is needed to resolve an EPCI."))
        siren = str(territory.value or "").strip()
        members = epci_composition[epci_composition["siren"] == siren]
        if members.empty:
            raise TerritoryError(
                tr(
                    "EPCI {siren} was not found in the EPCI composition that was read: "
                    "check its SIREN (9 digits); the composition file may be older "
                    "than this EPCI (created or merged since): give a newer one "
                    "(--epci-composition)."
                ).format(siren=siren)
            )
        codes = sorted(set(members["insee"].dropna()))
        name = str(members["raison_sociale"].iloc[0])
    elif kind in ("departement", "region"):
        value = str(territory.value or "").strip().upper()
        column = "dep" if kind == "departement" else "reg"
        communes = cog[cog["typecom"] == "COM"]
        if kind == "departement" and value.isdigit() and len(value) == 1:
            value = "0" + value
        codes = sorted(communes.loc[communes[column] == value, "com"])
        if not codes:
            raise TerritoryError(
                tr("No commune of the COG belongs to {kind} {code}.").format(kind=kind, code=value)
            )
        name = _level_name(kind, value)
    elif kind in ("communes", "layer"):
        if kind == "layer":
            codes = layer_codes(territory.layer, territory.code_field) if codes is None else list(codes)
            name = territory.layer.name()
        else:
            values = territory.value.split(",") if isinstance(territory.value, str) else territory.value
            codes = [str(c).strip() for c in (values or []) if str(c).strip()]
            name = tr("{n} communes").format(n=len(set(codes)))
        distinct = dict.fromkeys(codes)  # in first-seen order: a layer's codes often come sorted
        unknown = set(distinct).difference(cog["com"].tolist())  # COG codes are well formed: others checked
        bad = [c for c in codes if c in unknown and not COMMUNE_CODE.match(c)] if unknown else []
        if bad:
            raise TerritoryError(
                tr("Not INSEE commune codes (5 characters expected): {codes}").format(
                    codes=", ".join(bad[:10])
                )
            )
        codes = sorted(distinct)
        if not codes:
            raise TerritoryError(tr("The territory holds no commune code."))
    else:
        raise TerritoryError(
            tr("Unknown territory kind {kind!r}; expected one of {kinds}.").format(
                kind=kind, kinds=", ".join(KINDS)
            )
        )
    return _describe(codes, name, cog, epci_composition)


def _level_name(kind: str, code: str) -> str:
    """A readable name for a département or région code."""
    from .search import DEPARTEMENTS

    if kind == "departement":
        return f"{DEPARTEMENTS.get(code, code)} ({code})"
    return REGIONS.get(code, code)


def _describe(codes: list[str], name: str, cog: pd.DataFrame, epci: pd.DataFrame | None) -> TerritoryCodes:
    """Fill the EPCI, départements and régions touched by ``codes``."""
    wanted = set(codes)
    known = np.fromiter(map(wanted.__contains__, cog["com"].tolist()), dtype=bool, count=len(cog)) & cog[
        "typecom"
    ].isin(["COM", "ARM"]).to_numpy(dtype=bool)
    heads = {str(c)[:3] for c in wanted}  # = departement_of of each code, per distinct 3-character head
    own = {h if h.startswith("97") else h[:2] for h in heads}
    departements = sorted(set(cog["dep"][known].dropna()) | own)
    regions = sorted(set(cog["reg"][known].dropna()))
    sirens: list[str] = []
    if epci is not None:
        members = np.fromiter(map(wanted.__contains__, epci["insee"].tolist()), dtype=bool, count=len(epci))
        sirens = sorted(set(epci["siren"][members].dropna()))
    return TerritoryCodes(codes, name, sirens, departements, regions)
