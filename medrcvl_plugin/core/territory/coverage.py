"""What a run must say about its inputs: communes a national dataset does not reach, polygons repaired.

A national file cut short (a download ended at a line end) or of another territory leaves communes
empty; each such commune is listed in ``unmatched_codes`` (reason ``not_covered``) with a warning.
"""

from __future__ import annotations

import pandas as pd

from ..base.i18n import tr
from ..geometry import checks as unit_checks
from ..sources.catalogue import source
from . import reconcile as rec

#: national datasets whose coverage of the territory is checked -> fields they feed
NATIONAL = (
    ("population", "population"),
    ("ifn_communes", "ifn_*"),
    ("arcep_techno", "ftth_share, thd30_share, below8_share"),
)


def report_coverage(run, units: pd.DataFrame) -> None:
    """Warn about and list the communes of ``units`` (column ``current``) that the national datasets
    read by ``run`` (``run.mappings``: source id -> ``reconcile.Mapping``) do not reach. ARCEP is only
    reported when it reaches some of them (none at all has its own warning)."""
    codes = units["current"].dropna().unique().tolist()
    for source_id, fields in NATIONAL:
        mapping = run.mappings.get(source_id)
        if mapping is None:
            continue
        missing = rec.not_covered(mapping, codes, source_id)
        if not len(missing) or (source_id == "arcep_techno" and len(missing) == len(codes)):
            continue
        run.unmatched.append(missing)
        listed = missing["code"].tolist()
        run.warn(
            tr(
                "{title}: {n} of the {total} communes of the territory are not in the file "
                "({codes}): fields {fields} left empty for them (table unmatched_codes, reason "
                "not_covered)."
            ).format(
                title=source(source_id).title,
                n=len(listed),
                total=len(codes),
                fields=fields,
                codes=", ".join(listed[:10]) + (" …" if len(listed) > 10 else ""),
            )
        )


def report_checks(run, units: pd.DataFrame) -> None:
    """Warn about the polygons repaired, flattened or missing (``unit_checks``) and list them."""
    warnings, rows = unit_checks.report(units)
    for warning in warnings:
        run.warn(warning)
    if rows:
        run.unmatched.append(rec.unmatched_frame(rows))
