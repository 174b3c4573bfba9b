"""The territory search index from local copies only: a chosen file, the mirror or the cache.

Opening the dialog must never download: without a mirror only cached copies of earlier runs are used.
The index is kept while its files do not change (reopening the dialog on the same files is instant).
"""

from __future__ import annotations

import logging
from typing import Optional

from qgis.core import QgsFeedback

from ..base.errors import CancelledError, MedrcvlError
from ..base.i18n import tr
from .search import TerritoryIndex

log = logging.getLogger(__name__)

_INDEXES: dict = {}


def local_source(source_id: str, locations: dict, feedback: Optional[QgsFeedback] = None):
    """The local copy (``Fetched``) of ``source_id``: a file, the mirror or the cache, never a download."""
    from ..base.errors import SourceUnavailable
    from ..sources.cache import Cache
    from ..sources.catalogue import source
    from ..sources.fetch import Fetched, obtain

    mirror = locations.get("mirror")
    if locations.get(source_id) or mirror:
        return obtain(source_id, location=locations.get(source_id), mirror=mirror, feedback=feedback)
    entry = Cache().lookup(source(source_id).url) if source(source_id).url else None
    if entry is None:
        raise SourceUnavailable(tr("no mirror is set (Sources tab or MedRCVL options)"), source_id=source_id)
    return Fetched(entry.path, source(source_id).provenance(entry.url, "cache", entry.retrieved))


def load_territory_index(locations: dict, feedback: Optional[QgsFeedback] = None) -> TerritoryIndex:
    """Build the search index from the COG communes and the EPCI composition (file, mirror or cache).

    ``locations`` holds ``mirror`` and optional per-source ``cog_communes``/``epci_composition``.
    The EPCI list is optional: without it only départements and communes are searchable.
    """
    from .search import load_index

    cog = local_source("cog_communes", locations, feedback)
    if feedback is not None and feedback.isCanceled():
        raise CancelledError(tr("Cancelled."))
    try:
        epci = local_source("epci_composition", locations, feedback)
    except MedrcvlError as error:
        log.warning("%s", error)
        epci = None
    got = [f for f in (cog, epci) if f is not None]
    key = tuple((str(f.path), f.path.stat().st_mtime_ns) for f in got)
    if key not in _INDEXES:
        _INDEXES.clear()
        try:
            _INDEXES[key] = load_index(cog.path, epci.path if epci is not None else None)
        except BaseException:
            for fetched in got:  # a download that does not parse is not kept
                fetched.reject()
            raise
    for fetched in got:
        fetched.confirm()
    return _INDEXES[key]
