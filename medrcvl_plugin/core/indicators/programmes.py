"""The national programmes in a diagnostic: CNFS advisers and Aidants Connect structures per commune,
their codes checked and reconciled to the target COG, and the structures matched to the places.

Counts (``conseillers_numeriques``, ``aidants_connect_structures``, ``aidants_connect_aidants``) are
national lists as of their date: 0 is a real value, NULL only when a file cannot be had. Inactive
Aidants Connect structures are left out (and counted in a warning). A well-formed code that is
plainly wrong is corrected only on firm evidence, and every correction or rejection is reported in
``unmatched_codes``:

- a town hall (``Mairie de Lerné``, ``Commune de X``) carrying another commune's code gets the code
  of the commune it names when that name designates exactly one commune of the same département;
- a code of another département than the postal code's gets the code of the commune named in
  ``commune`` in the postal code's département when there is exactly one; else it is left out.
"""

from __future__ import annotations

import hashlib
import logging

import numpy as np
import pandas as pd

from ..base.i18n import tr
from ..readers import programmes as prog
from ..readers.lieux_merge import normalise, normalise_many
from ..territory import reconcile as rec

log = logging.getLogger(__name__)

SOURCES = {"cnfs": prog.read_cnfs, "aidants_connect": prog.read_aidants_connect}
COUNT_FIELDS = ("conseillers_numeriques", "aidants_connect_structures", "aidants_connect_aidants")
FIELDS_OF = {
    "cnfs": "conseillers_numeriques",
    "aidants_connect": "aidants_connect_structures, " "aidants_connect_aidants",
}
FLAG_OF = {prog.CNFS: "prog_conseiller_numerique", prog.AIDANTS_CONNECT: "prog_aidants_connect"}
LABEL_OF = {prog.CNFS: "Conseillers numériques", prog.AIDANTS_CONNECT: "Aidants Connect"}
UNPLACED_COLUMNS = [
    "programme",
    "nom",
    "siret",
    "code_insee",
    "commune",
    "code_postal",
    "adresse",
    "conseillers",
    "aidants",
    "motif",
]


def departement_of(code: str | None) -> str | None:
    """The département of a commune code (``97`` + 1 digit overseas)."""
    if not isinstance(code, str) or len(code) != 5:
        return None
    return code[:3] if code.startswith("97") else code[:2]


def postcode_departements(postcode: str | None) -> set[str]:
    """The départements a postal code may belong to (``20xxx``: Corsica)."""
    if not isinstance(postcode, str) or len(postcode) != 5 or not postcode.isdigit():
        return set()
    if postcode.startswith("20"):
        return {"2A", "2B"}
    return {postcode[:3]} if postcode.startswith("97") else {postcode[:2]}


NAME_COLUMNS = ("typecom", "com", "dep", "libelle", "comparent")
_NAME_INDEXES: dict[str, dict] = {}  # COG content digest -> its name index (this session's last COGs)


def cog_digest(cog_frame: pd.DataFrame) -> str:
    """A digest of the COG columns that a name index is built from (the same COG gives the same)."""
    digest = hashlib.blake2b(digest_size=16)
    for column in NAME_COLUMNS:
        digest.update("\x1f".join(map(str, cog_frame[column].tolist())).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1e")
    return digest.hexdigest()


def name_index(cog_frame: pd.DataFrame) -> dict[tuple[str, str], set[str]]:
    """(département, normalised name) -> current commune codes (delegated/associated communes lead to
    their parent); built once per COG content in a session (read only: do not change it)."""
    key = cog_digest(cog_frame)
    index = _NAME_INDEXES.get(key)
    if index is None:
        index = _build_name_index(cog_frame)
        _NAME_INDEXES.clear()  # (one COG at a time in practice: keep the memory of one)
        _NAME_INDEXES[key] = index
    return index


def _build_name_index(cog_frame: pd.DataFrame) -> dict[tuple[str, str], set[str]]:
    """``name_index`` itself."""
    index: dict[tuple[str, str], set[str]] = {}
    columns = [cog_frame[c].to_numpy(dtype=object).tolist() for c in NAME_COLUMNS]
    for kind, com, dep, name, parent in zip(*columns[:3], normalise_many(columns[3]), columns[4]):
        target = com if kind == "COM" else parent if kind in ("COMD", "COMA") else None
        if target:
            index.setdefault((dep or departement_of(com), name), set()).add(target)
    return index


def _lookup(names: dict, deps: set[str], name: str | None) -> str | None:
    """The single current commune called ``name`` in ``deps`` (None when none or several)."""
    if not name:
        return None
    found = set().union(*(names.get((dep, name), set()) for dep in deps)) if deps else set()
    return next(iter(found)) if len(found) == 1 else None


def check_codes(
    frame: pd.DataFrame, source_id: str, names: dict, to_current: dict
) -> tuple[pd.DataFrame, list[tuple]]:
    """(frame with ``code_used``, unmatched rows) after the empty/invalid/wrong code checks."""
    used = frame["code_insee"].to_numpy(dtype=object).copy()
    rows = []
    noms = frame["nom"].tolist()
    halls: dict[str, str | None] = {}  # normalised name -> the commune a town hall's name designates
    for i, (code, status, nom, normalised, commune, postcode, line) in enumerate(
        zip(
            used.tolist(),
            frame["code_status"].tolist(),
            noms,
            normalise_many(noms),
            frame["commune"].tolist(),
            frame["code_postal"].tolist(),
            frame["line"].tolist(),
        )
    ):
        if status in ("empty_code", "invalid_code"):
            what = f"line {line}: {nom}"
            declared = frame["code_declared"].iat[i]
            rows.append(
                (
                    source_id,
                    declared,
                    status,
                    f"{what} ({commune or 'no commune'}); left out",
                    postcode_departements(postcode),
                )
            )
            continue
        current = to_current.get(code, code)
        dep = departement_of(current)
        hall = (
            halls[normalised]
            if normalised in halls
            else halls.setdefault(normalised, prog.town_hall_name(normalised))
        )
        named = _lookup(names, {dep} if dep else set(), hall) if hall else None
        if named and named != current:
            what = f"line {line}: {nom}"
            used[i] = named
            rows.append(
                (
                    source_id,
                    code,
                    "wrong_code",
                    f"{what}: town hall of {named}, not of {code}; counted in {named}",
                    {dep, departement_of(named)},
                )
            )
            continue
        deps = postcode_departements(postcode)
        if deps and dep and dep not in deps:
            what = f"line {line}: {nom}"
            city = normalise(str(commune or "").split("(")[0])
            fixed = _lookup(names, deps, city) or _lookup(names, deps, hall)
            used[i] = fixed
            detail = f"counted in {fixed}" if fixed else "left out"
            rows.append(
                (
                    source_id,
                    code,
                    "wrong_code",
                    f"{what}: postal code {postcode} is not in département {dep}; {detail}",
                    {dep, *deps},
                )
            )
    return frame.assign(code_used=used), rows


def read_structures(
    run, cog_frame: pd.DataFrame, moves, current: set
) -> tuple[dict[str, pd.DataFrame | None], list[tuple]]:
    """(the checked active structures of each programme file (None when unavailable), the code problems
    as (source_id, code, reason, detail, départements concerned)); one warning per file on ``run``."""
    names = name_index(cog_frame)
    result: dict[str, pd.DataFrame | None] = {}
    problems: list[tuple] = []
    for source_id, reader in SOURCES.items():
        frame = run.read(source_id, reader, FIELDS_OF[source_id])
        if frame is None:
            result[source_id] = None
            continue
        codes = frame["code_insee"].dropna()
        xwalk, _ = rec.to_current(codes, moves, current)
        first = xwalk.drop_duplicates("code")
        to_current = dict(zip(first["code"], first["current"]))
        frame, rows = check_codes(frame, source_id, names, to_current)
        frame["code_current"] = [
            to_current.get(c, c if c in current else None) if isinstance(c, str) else None
            for c in frame["code_used"].tolist()
        ]
        repaired = int((frame["code_status"] == "leading_zero_repaired").sum())
        inactive = int((~frame["active"]).sum())
        if repaired or inactive or rows:
            run.warn(
                tr(
                    "{source}: {r} commune code(s) repaired (lost leading zero, e.g. 1053 → 01053), {i} "
                    "inactive structure(s) left out, {w} structure(s) with an empty or wrong commune code "
                    "(those of the territory's départements in table unmatched_codes)."
                ).format(source=source_id, r=repaired, i=inactive, w=len(rows))
            )
        problems.extend(rows)
        result[source_id] = frame[frame["active"]].reset_index(drop=True)
    return result, problems


def report_problems(run, problems: list[tuple], departements) -> None:
    """Add the code problems concerning ``departements`` to the run's ``unmatched_codes``."""
    wanted = set(departements or [])
    rows = [row[:4] for row in problems if not wanted or row[4] & wanted]
    if rows:
        run.unmatched.append(rec.unmatched_frame(rows))


def add_counts(
    run, table: pd.DataFrame, structures: dict, moves, current: set, problems: list[tuple]
) -> pd.DataFrame:
    """The three count fields on the national table (index = current code): 0 where a commune has no
    structure, NULL when the file is unavailable."""
    specs = {
        "cnfs": {"conseillers_numeriques": "conseillers"},
        "aidants_connect": {"aidants_connect_structures": "_one", "aidants_connect_aidants": "aidants"},
    }
    for source_id, columns in specs.items():
        frame = structures.get(source_id)
        if frame is None:
            for column in columns:
                table[column] = pd.array([pd.NA] * len(table), dtype="Int64")
            continue
        frame = frame[frame["code_used"].notna()].assign(_one=1)
        grouped = frame.groupby("code_used")[list(columns.values())].sum().reset_index()
        mapping = rec.crosswalk(grouped["code_used"], current, moves, current, source_id=source_id)
        summed = rec.aggregate(grouped, "code_used", mapping, sums=list(columns.values()))
        problems.extend(
            (*row, {departement_of(row[1])}) for row in mapping.unmatched.itertuples(index=False, name=None)
        )
        for column, value in columns.items():
            table[column] = summed[value].reindex(table.index).fillna(0).round().astype("int64")
    return table


def _siren(value) -> str | None:
    """The 9-digit SIREN of a SIREN/SIRET text."""
    text = str(value or "").replace(" ", "")
    return text[:9] if len(text) in (9, 14) and text.isdigit() else None


def flag_places(
    places: pd.DataFrame, structures: dict, units: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``match_places`` for the places of a diagnostic (``code_insee`` = the unit they lie in)."""
    current_of = dict(zip(units["code_insee"], units["current"]))
    unit_current = places["code_insee"].map(current_of)
    places, unplaced = match_places(places, structures, set(units["current"].dropna()), unit_current)
    names = dict(zip(units["current"], units["nom"]))
    unplaced["commune"] = [names.get(c) or n for c, n in zip(unplaced["code_insee"], unplaced["commune"])]
    return places, unplaced


def match_places(
    places: pd.DataFrame, structures: dict, territory_current: set, unit_current: pd.Series
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(places with the programme flags set on matched rows, structures of the territory that match no
    place). Matching: same SIRET; else same SIREN or same normalised name in the same commune.
    ``unit_current``: current code of each place (aligned on ``places``)."""
    places = places.copy()
    pivots = places["pivot"].to_numpy(dtype=object) if "pivot" in places else np.full(len(places), None)
    lookup = _PlaceLookup(
        pivots, [normalise(n) for n in places["nom"].tolist()], unit_current.to_numpy(dtype=object)
    )
    flagged: dict[str, list[int]] = {}
    listed: dict[int, object] = {}  # position -> ``dispositifs`` as updated so far
    dispositifs = (
        places["dispositifs"].to_numpy(dtype=object)
        if "dispositifs" in places
        else np.full(len(places), None)
    )
    unplaced = []
    for frame in (f for f in structures.values() if f is not None):
        mine = frame[frame["code_current"].map(lambda c: c in territory_current)]
        for row in mine.itertuples(index=False):
            hit = lookup.match(row)
            if hit is None:
                unplaced.append(
                    {
                        **{c: getattr(row, c) for c in UNPLACED_COLUMNS[:-1] if c != "code_insee"},
                        "programme": LABEL_OF[row.programme],  # French data values (partners)
                        "code_insee": row.code_current,
                        "motif": "aucun lieu de médiation correspondant (SIRET, nom et commune)",
                    }
                )
                continue
            flagged.setdefault(FLAG_OF[row.programme], []).append(hit)
            label = LABEL_OF[row.programme]
            before = str((listed[hit] if hit in listed else dispositifs[hit]) or "")
            if label not in before.split("|"):
                listed[hit] = "|".join(filter(None, [before, label]))
    for column, hits in flagged.items():  # one assignment per column (not one per structure)
        places.iloc[sorted(set(hits)), places.columns.get_loc(column)] = True
    if listed:
        positions = sorted(listed)
        places.iloc[positions, places.columns.get_loc("dispositifs")] = [listed[i] for i in positions]
    table = pd.DataFrame(unplaced, columns=UNPLACED_COLUMNS).astype(
        {"conseillers": "int64", "aidants": "int64"}
    )
    return places, table


class _PlaceLookup:
    """The places by SIRET and by current commune code, built once for all the structures (a scan of
    every place per structure is quadratic: 7,743 structures × 3,225 places for France)."""

    def __init__(self, pivots: np.ndarray, names: list[str], where: np.ndarray) -> None:
        self.pivots, self.names = pivots, names
        self.first_by_siret: dict[str, int] = {}
        self.by_code: dict[str, list[int]] = {}
        for i, pivot in enumerate(pivots.tolist()):
            if isinstance(pivot, str):
                self.first_by_siret.setdefault(pivot, i)
        for i, code in enumerate(where.tolist()):
            if isinstance(code, str):
                self.by_code.setdefault(code, []).append(i)

    def match(self, row) -> int | None:
        """The position of the place of one structure (None when none): the first place with its
        SIRET; else the first place of its commune with its normalised name; else the single place of
        its commune with its SIREN."""
        siret = row.siret
        if isinstance(siret, str) and siret:
            exact = self.first_by_siret.get(siret)
            if exact is not None:
                return exact
        here = self.by_code.get(row.code_current) if isinstance(row.code_current, str) else None
        if not here:  # (most structures of France: no place in their commune)
            return None
        name, siren = normalise(row.nom), _siren(siret)
        for i in here:
            if name and self.names[i] == name:
                return i
        same = [i for i in here if siren and _siren(self.pivots[i]) == siren]
        return same[0] if len(same) == 1 else None
