"""What follows a diagnostic: the atlas (main thread) and the partner tables (background task)."""

from __future__ import annotations

import logging
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsFeedback

from ..core.i18n import tr
from . import results
from .task import WorkTask, error_message

log = logging.getLogger(__name__)


def export_atlas_now(iface, gpkg: Path, options: dict, overwrite: bool, field: str) -> str:
    """Export the atlas of ``gpkg`` on the calling (main) thread; return a one-line outcome."""
    try:
        from ..core.atlas import AtlasOptions, export_atlas

        atlas_options = AtlasOptions(per_commune=options["mode"] == "per_commune", order=options["order"],
                                     orientation=options["orientation"], overwrite=overwrite, field=field)
        atlas = export_atlas(gpkg, Path(options["output"]), atlas_options, QgsFeedback())
    except Exception as error:
        message = tr("The atlas could not be exported: {error}").format(error=error_message(error))
        log.error(message)
        results.push_summary(iface, message, Qgis.MessageLevel.Critical)
        return message
    return tr("Atlas: {n} pages.").format(n=getattr(atlas, "pages", "?"))


def start_table_exports(iface, gpkg: Path, options: dict, overwrite: bool) -> WorkTask:
    """Write the partner tables of ``gpkg`` in a background task (kept by the caller)."""

    def work(payload: dict, feedback):
        from ..core.exports.tables import export_tables

        return export_tables(gpkg, Path(payload["out_dir"]), payload["formats"], overwrite=overwrite,
                             feedback=feedback)

    task = WorkTask(tr("MedRCVL: tables for partners"), options, work)
    task.succeeded.connect(lambda _result: results.push_summary(
        iface, tr("Tables written in {p}.").format(p=options["out_dir"]), Qgis.MessageLevel.Success,
        duration=8))
    task.failed.connect(lambda message: results.push_summary(iface, message, Qgis.MessageLevel.Critical))
    QgsApplication.taskManager().addTask(task)
    return task
