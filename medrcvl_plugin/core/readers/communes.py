"""Commune polygons: GeoJSON of geo.api.gouv.fr / IGN WFS, a user layer, or a mirror like ../shared/data.

Every function returns a memory layer with ``code_insee`` (text, 5 characters) and ``nom`` first, then
the other properties of the source, geometries as MultiPolygon in the source CRS.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable, Union

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ...compat import FIELD_TYPES
from ..base.codes import normalise_code
from ..base.errors import CancelledError, DataFormatError, NetworkError, SourceUnavailable, TerritoryError
from ..base.i18n import tr
from ..base.settings import Settings
from ..sources.cache import cached_parse
from ..sources.catalogue import COMMUNE_FIELDS, GEO_API, source
from ..sources.fetch import Fetched, from_url, is_url, mtime_iso, read_fetched
from ..sources.provenance import Provenance
from . import layer_table

log = logging.getLogger(__name__)

CODE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
CODE_FIELDS = ("code_insee", "code", "insee_com", "codgeo", "com")
NAME_FIELDS = ("nom", "nom_officiel", "nom_com", "libelle", "name")
SOURCE_ID = "communes_geo"
WFS_SOURCE_ID = "communes_wfs"
PADDED_PROPERTY = "medrcvl/padded_codes"
#: département code -> file slug of the mirror (``communes/france/communes-{code}-{slug}.geojson``)
DEPARTEMENTS = dict(
    item.split(":")
    for item in (
        "01:ain 02:aisne 03:allier 04:alpes-de-haute-provence 05:hautes-alpes 06:alpes-maritimes "
        "07:ardeche 08:ardennes 09:ariege 10:aube 11:aude 12:aveyron 13:bouches-du-rhone 14:calvados "
        "15:cantal 16:charente 17:charente-maritime 18:cher 19:correze 21:cote-d-or 22:cotes-d-armor "
        "23:creuse 24:dordogne 25:doubs 26:drome 27:eure 28:eure-et-loir 29:finistere 2A:corse-du-sud "
        "2B:haute-corse 30:gard 31:haute-garonne 32:gers 33:gironde 34:herault 35:ille-et-vilaine "
        "36:indre 37:indre-et-loire 38:isere 39:jura 40:landes 41:loir-et-cher 42:loire 43:haute-loire "
        "44:loire-atlantique 45:loiret 46:lot 47:lot-et-garonne 48:lozere 49:maine-et-loire 50:manche "
        "51:marne 52:haute-marne 53:mayenne 54:meurthe-et-moselle 55:meuse 56:morbihan 57:moselle "
        "58:nievre 59:nord 60:oise 61:orne 62:pas-de-calais 63:puy-de-dome 64:pyrenees-atlantiques "
        "65:hautes-pyrenees 66:pyrenees-orientales 67:bas-rhin 68:haut-rhin 69:rhone 70:haute-saone "
        "71:saone-et-loire 72:sarthe 73:savoie 74:haute-savoie 75:paris 76:seine-maritime "
        "77:seine-et-marne 78:yvelines 79:deux-sevres 80:somme 81:tarn 82:tarn-et-garonne 83:var "
        "84:vaucluse 85:vendee 86:vienne 87:haute-vienne 88:vosges 89:yonne 90:territoire-de-belfort "
        "91:essonne 92:hauts-de-seine 93:seine-saint-denis 94:val-de-marne 95:val-d-oise 971:guadeloupe "
        "972:martinique 973:guyane 974:la-reunion 976:mayotte"
    ).split()
)


# --------------------------------------------------------------------------- codes
def _is_null(value) -> bool:
    return value is None or (hasattr(value, "isNull") and value.isNull())


def departement_of(code: str) -> str:
    """The département of a commune code (``971`` for overseas, ``2A``/``2B`` for Corsica)."""
    return code[:3] if code.startswith("97") else code[:2]


# --------------------------------------------------------------------------- layers
def _pick(names: Iterable[str], candidates: Iterable[str]) -> str | None:
    lower = {n.lower(): n for n in names}
    for cand in candidates:
        if cand in lower:
            return lower[cand]
    return None


def _build(
    src: QgsVectorLayer, code_field: str, name_field: str | None, label: str, keep: set[str] | None = None
) -> QgsVectorLayer:
    """Copy ``src`` into a memory layer with ``code_insee``/``nom`` first; validate the codes."""
    crs = src.crs() if src.crs().isValid() else QgsCoordinateReferenceSystem("EPSG:4326")
    geom_type = QgsWkbTypes.geometryType(src.wkbType())
    kind = {
        QgsWkbTypes.GeometryType.PolygonGeometry: "MultiPolygon",
        QgsWkbTypes.GeometryType.PointGeometry: "MultiPoint",
        QgsWkbTypes.GeometryType.LineGeometry: "MultiLineString",
    }.get(geom_type, "MultiPolygon")
    layer = QgsVectorLayer(f"{kind}?crs={crs.authid() or 'EPSG:4326'}", "communes", "memory")
    if not crs.authid():
        layer.setCrs(crs)
    others = [
        f
        for f in src.fields()
        if f.name() not in (code_field, name_field)
        and f.name().lower() not in ("code_insee", "nom")
        and (keep is None or f.name() in keep)
    ]
    fields = QgsFields()
    fields.append(QgsField("code_insee", FIELD_TYPES["string"]))
    fields.append(QgsField("nom", FIELD_TYPES["string"]))
    for f in others:
        fields.append(QgsField(f))
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    bad, padded, features = [], [], []
    for number, feat in enumerate(src.getFeatures(), start=1):
        code, was_padded = normalise_code(feat[code_field])
        if code is None or not CODE_RE.match(code):
            bad.append(
                f"#{number}: {feat[code_field]!r}" if not _is_null(feat[code_field]) else f"#{number}: NULL"
            )
            continue
        if was_padded:
            padded.append(code)
        out = QgsFeature(layer.fields())
        geom = QgsGeometry(feat.geometry())
        if not geom.isNull():
            geom.convertToMultiType()
            out.setGeometry(geom)
        name = feat[name_field] if name_field else None
        out.setAttributes([code, None if _is_null(name) else str(name)] + [feat[f.name()] for f in others])
        features.append(out)
    if bad:
        raise DataFormatError(
            tr(
                "{source}: field {field}: {n} value(s) are not INSEE commune codes (expected 5 characters "
                "such as 37072 or 2A004), e.g. {examples}"
            ).format(source=label, field=code_field, n=len(bad), examples=", ".join(bad[:5])),
            source=label,
            field=code_field,
        )
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    if padded:
        log.warning(
            tr(
                "{source}: {n} code(s) of field {field} had lost their leading zero and were padded: "
                "{codes}"
            ).format(source=label, n=len(padded), field=code_field, codes=", ".join(padded[:10]))
        )
        layer.setCustomProperty(PADDED_PROPERTY, ",".join(padded))
    return layer


def read_geojson(path_or_bytes: Union[str, Path, bytes], source: str = "") -> QgsVectorLayer:
    """Read commune polygons (geo.api ``code``/``nom`` or IGN WFS ``code_insee``/``nom_officiel``)."""
    tmp = None
    if isinstance(path_or_bytes, (bytes, bytearray)):
        fd, tmp = tempfile.mkstemp(suffix=".geojson", prefix="medrcvl-communes-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(path_or_bytes)
        path = Path(tmp)
        label = source or tr("downloaded GeoJSON")
    else:
        path = Path(path_or_bytes)
        label = source or str(path)
    try:
        if not path.is_file():
            raise DataFormatError(tr("{source}: the file does not exist.").format(source=label), source=label)
        src = QgsVectorLayer(str(path), "communes", "ogr")
        if not src.isValid():
            head = path.read_bytes()[:200].decode("utf-8", errors="replace")
            if '"features":[]' in head.replace(" ", ""):
                raise DataFormatError(
                    tr("{source}: the GeoJSON holds no commune.").format(source=label), source=label
                )
            raise DataFormatError(
                tr("{source}: not a readable GeoJSON file (starts with {head!r}).").format(
                    source=label, head=head[:80]
                ),
                source=label,
            )
        names = src.fields().names()
        code_field = _pick(names, CODE_FIELDS)
        if code_field is None:
            raise DataFormatError(
                tr("{source}: no commune code property; expected one of {expected}, found {found}.").format(
                    source=label, expected=", ".join(CODE_FIELDS), found=", ".join(names)
                ),
                source=label,
                field="code",
            )
        return _build(src, code_field, _pick(names, NAME_FIELDS), label)
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)


def read_kept(path: Path, source: str, folder: Path | str | None) -> QgsVectorLayer:
    """``read_geojson(path, source)``, its features kept as a parsed copy in the cache ``folder`` for
    the next runs (None: no copy); the warnings of the parse are logged again when the copy is used."""
    parsed: list[QgsVectorLayer] = []

    def parse(file: Path):
        layer = read_geojson(file, source=source)
        parsed.append(layer)
        table = layer_table.to_table(layer, (PADDED_PROPERTY,))
        return table if table is not None else layer

    notes: list[str] = []
    value = cached_parse(path, parse, key=f"{SOURCE_ID}:read_geojson:{source}", folder=folder, warnings=notes)
    if parsed:
        return parsed[0]
    for note in notes:  # (logged by the parse that made the copy)
        log.warning(note)
    return value if isinstance(value, QgsVectorLayer) else layer_table.from_table(value)


read_wfs_geojson = read_geojson  # the catalogue's parser of IGN WFS answers


def from_layer(layer: QgsVectorLayer, code_field: str, name_field: str | None = None) -> QgsVectorLayer:
    """A user's commune layer copied with ``code_insee`` taken from ``code_field`` (validated)."""
    label = layer.name() or layer.source()
    names = layer.fields().names()
    if code_field not in names:
        raise DataFormatError(
            tr("Layer {layer}: there is no field {field}; fields are {found}.").format(
                layer=label, field=code_field, found=", ".join(names)
            ),
            source=label,
            field=code_field,
        )
    if name_field is not None and name_field not in names:
        raise DataFormatError(
            tr("Layer {layer}: there is no field {field}.").format(layer=label, field=name_field),
            source=label,
            field=name_field,
        )
    if name_field is None:
        name_field = _pick([n for n in names if n != code_field], NAME_FIELDS)
    if QgsWkbTypes.geometryType(layer.wkbType()) != QgsWkbTypes.GeometryType.PolygonGeometry:
        raise DataFormatError(
            tr("Layer {layer}: commune polygons are expected.").format(layer=label), source=label
        )
    return _build(layer, code_field, name_field, tr("Layer {layer}").format(layer=label))


def padded_codes(layer: QgsVectorLayer) -> list[str]:
    """The codes whose lost leading zero was restored when ``layer`` was built."""
    value = layer.customProperty(PADDED_PROPERTY, "")
    return [c for c in str(value or "").split(",") if c]


def merge_layers(layers: list[QgsVectorLayer]) -> QgsVectorLayer:
    """Append the features of ``layers[1:]`` to ``layers[0]`` (fields matched by name)."""
    first = layers[0]
    for other in layers[1:]:
        feats = []
        for feat in other.getFeatures():
            out = QgsFeature(first.fields())
            out.setGeometry(feat.geometry())
            for name in first.fields().names():
                if other.fields().indexOf(name) >= 0:
                    out[name] = feat[name]
            feats.append(out)
        first.dataProvider().addFeatures(feats)
    first.updateExtents()
    return first


# --------------------------------------------------------------------------- loaders
def _mirror_candidates(dep: str) -> list[str]:
    slug = DEPARTEMENTS.get(dep, "*")
    return [f"communes/communes-{dep}-{slug}-2018.geojson", f"communes/france/communes-{dep}-{slug}.geojson"]


def _from_mirror(base: str, dep: str, conf: Settings, feedback) -> Fetched | None:
    """The commune file of département ``dep`` in a mirror folder or URL, or None."""
    src = source(SOURCE_ID)
    for relative in _mirror_candidates(dep):
        if is_url(base):
            if "*" in relative:
                return None
            try:
                return from_url(
                    base.rstrip("/") + "/" + relative,
                    SOURCE_ID,
                    settings=conf,
                    feedback=feedback,
                    mode="mirror",
                )
            except SourceUnavailable as exc:
                if isinstance(exc.__cause__, NetworkError) and exc.__cause__.status == 404:
                    continue
                raise
        matches = sorted(p for p in Path(base).expanduser().glob(relative) if p.is_file())
        if matches:
            prov = src.provenance(str(matches[0]), "mirror", mtime_iso(matches[0]))
            return Fetched(matches[0], prov)
    return None


def _live(base_url: str, path: str, conf: Settings, feedback) -> Fetched:
    params = {"fields": COMMUNE_FIELDS, "format": "geojson", "geometry": "contour"}
    try:
        return from_url(
            base_url.rstrip("/") + path,
            SOURCE_ID,
            params=params,
            settings=conf,
            feedback=feedback,
            mode="live",
        )
    except SourceUnavailable as exc:
        cause = exc.__cause__
        if isinstance(cause, NetworkError) and cause.status == 404:  # geo.api: unknown code
            kind, code = path.strip("/").split("/")[:2]
            what = tr("EPCI") if kind == "epcis" else tr("département")
            raise TerritoryError(
                tr("geo.api.gouv.fr knows no {what} {code} (HTTP 404 for {url}): check " "the code.").format(
                    what=what, code=code, url=cause.url
                )
            ) from exc
        raise


def _wfs(wfs_url: str | None, cql: str, conf: Settings, feedback) -> Fetched:
    """IGN Géoplateforme WFS (ADMIN EXPRESS COG carto, EPSG:2154) filtered with a CQL expression."""
    url = wfs_url or source(WFS_SOURCE_ID).url
    return from_url(
        url,
        WFS_SOURCE_ID,
        params={"CQL_FILTER": cql, "COUNT": "5000"},
        settings=conf,
        feedback=feedback,
        mode="live",
    )


def _wfs_requests(epci: str | None, deps: list[str], wanted: list[str]) -> list[str]:
    """The CQL filters covering the territory (codes by packs of 200 to keep URLs short)."""
    if epci is not None:
        return [f"codes_siren_des_epci LIKE '%{epci}%'"]
    if wanted:
        return [
            "code_insee IN ({})".format(",".join(f"'{c}'" for c in wanted[i : i + 200]))
            for i in range(0, len(wanted), 200)
        ]
    return [f"code_insee_du_departement='{dep}'" for dep in deps]


def _filter(layer: QgsVectorLayer, codes: list[str]) -> QgsVectorLayer:
    wanted = set(codes)
    drop = [f.id() for f in layer.getFeatures() if f["code_insee"] not in wanted]
    layer.dataProvider().deleteFeatures(drop)
    layer.updateExtents()
    return layer


def load_communes(
    *,
    epci: str | None = None,
    departement: str | None = None,
    codes: Iterable[str] | None = None,
    mirror: str | None = None,
    settings: Settings | None = None,
    feedback=None,
    base_url: str = GEO_API,
    service: str = "geo.api",
    wfs_url: str | None = None,
    parse_cache: bool = True,
) -> tuple[QgsVectorLayer, Provenance]:
    """Commune polygons of an EPCI, a département or a list of codes (mirror first, else live).

    With a mirror, an EPCI needs its member ``codes`` (the mirror is laid out by département).
    ``service`` "geo.api" (EPSG:4326, ``base_url``) or "wfs" (IGN Géoplateforme, EPSG:2154, ``wfs_url``).
    ``parse_cache``: keep a parsed copy of each file read in the cache folder (``read_kept``).
    """
    if service not in ("geo.api", "wfs"):
        raise ValueError(f"unknown service {service!r}")
    conf = settings if settings is not None else Settings.load()
    base = (mirror if mirror is not None else conf.mirror or "").strip()
    wanted = [c for c in (normalise_code(c)[0] for c in (codes or [])) if c]
    if epci is not None and not re.fullmatch(r"\d{9}", str(epci).strip()):
        raise TerritoryError(tr("{value!r} is not an EPCI SIREN (9 digits).").format(value=epci))
    if departement is not None:
        departement = str(departement).strip().upper().zfill(2)
        if departement not in DEPARTEMENTS:
            raise TerritoryError(tr("{value!r} is not a département code.").format(value=departement))
    if epci is None and departement is None and not wanted:
        raise TerritoryError(tr("Give an EPCI, a département or commune codes."))
    bad = [c for c in wanted if not CODE_RE.match(c)]
    if bad:
        raise TerritoryError(tr("Not INSEE commune codes: {codes}").format(codes=", ".join(bad[:10])))
    deps = [departement] if departement else sorted({departement_of(c) for c in wanted})

    got: list[Fetched] = []
    notes: list[str] = []
    if base and epci is not None and not wanted:
        notes.append(
            tr(
                "the mirror is laid out by département: without member codes, EPCI {siren} "
                "was asked to geo.api.gouv.fr"
            ).format(siren=epci)
        )
    if base and deps and (epci is None or wanted):
        for dep in deps:
            if feedback is not None and feedback.isCanceled():
                raise CancelledError(tr("Loading of the communes cancelled."))
            found = _from_mirror(base, dep, conf, feedback)
            if found is None:
                notes.append(
                    tr("communes of département {dep} are not in the mirror {mirror}").format(
                        dep=dep, mirror=base
                    )
                )
                got = []
                break
            got.append(found)
    if not got and service == "wfs":
        got = [_wfs(wfs_url, cql, conf, feedback) for cql in _wfs_requests(epci, deps, wanted)]
    elif not got:
        if epci is not None:
            got = [_live(base_url, f"/epcis/{epci}/communes", conf, feedback)]
        else:
            got = [_live(base_url, f"/departements/{dep}/communes", conf, feedback) for dep in deps]

    folder = conf.effective_cache_dir() if parse_cache else None
    layers = [
        read_fetched(
            f, lambda path, f=f: read_kept(path, f.provenance.location, None if f.pending else folder)
        )
        for f in got
    ]
    layer = merge_layers(layers)
    if wanted:
        layer = _filter(layer, wanted)
        present = {f["code_insee"] for f in layer.getFeatures()}
        missing = [c for c in wanted if c not in present]
        if missing:
            notes.append(
                tr("codes without a polygon in this source: {codes}").format(codes=", ".join(missing))
            )
            log.warning("Communes without a polygon: %s", ", ".join(missing))
    if layer.featureCount() == 0:
        what = epci or departement or ", ".join(wanted[:5])
        raise TerritoryError(
            tr("No commune polygon found for {what} in {where}.").format(
                what=what, where=" | ".join(f.provenance.location for f in got)
            )
        )
    prov = got[0].provenance
    prov.location = " | ".join(f.provenance.location for f in got)
    prov.notes = [n for f in got for n in f.provenance.notes] + notes
    layer.setName(tr("Communes"))
    return layer, prov
