"""What follows a diagnostic: the atlas (main thread), then background tasks for the partner tables,
the national-standard and quality CSVs and the PostGIS publication (``core.exports.run``, as the CLI)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Optional

from qgis.core import Qgis, QgsApplication, QgsFeedback

from ..core.base.errors import user_message
from ..core.base.i18n import tr
from ..core.output.exports.run import PostgisTarget, export_all
from . import results
from .task import WorkTask

log = logging.getLogger(__name__)


def export_atlas_now(iface, gpkg: Path, options: dict, overwrite: bool, field: str) -> tuple[bool, str]:
    """Export the atlas of ``gpkg`` on the calling (main) thread; return (success, a one-line outcome)."""
    try:
        from ..core.output.atlas import AtlasOptions, export_atlas

        atlas_options = AtlasOptions(
            per_commune=options["mode"] == "per_commune",
            order=options["order"],
            orientation=options["orientation"],
            overwrite=overwrite,
            field=field,
        )
        atlas = export_atlas(gpkg, Path(options["output"]), atlas_options, QgsFeedback())
    except Exception as error:
        message = tr("The atlas could not be exported: {error}").format(error=user_message(error))
        log.error(message)
        results.push_summary(iface, message, Qgis.MessageLevel.Critical)
        return False, message
    return True, tr("Atlas: {n} pages.").format(n=getattr(atlas, "pages", "?"))


def postgis_target(options: dict) -> PostgisTarget:
    """The PostGIS target of the outputs page's publish options (connection, uri, schema, vintage)."""
    return PostgisTarget(
        connection=options.get("connection") or None,
        uri=options.get("uri") or None,
        schema=options.get("schema") or "medrcvl",
        vintage=options.get("vintage") or None,
    )


def _start(iface, description: str, work, done, then: Optional[Callable[[bool], None]] = None) -> WorkTask:
    """Add a WorkTask whose success (lines) and failure go to the message bar and the log; ``then`` after."""
    task = WorkTask(description, None, work)

    def succeeded(lines) -> None:
        for line in lines or []:
            log.info("%s", line)
        results.push_summary(iface, done(lines or []), Qgis.MessageLevel.Success, duration=10)

    def failed(message: str) -> None:
        log.error("%s", message)
        results.push_summary(iface, message, Qgis.MessageLevel.Critical)

    task.succeeded.connect(succeeded)
    task.failed.connect(failed)
    task.cancelled.connect(
        lambda: results.push_summary(
            iface, tr("{task}: cancelled.").format(task=description), Qgis.MessageLevel.Info, duration=5
        )
    )
    if then is not None:  # called with the task's success
        task.succeeded.connect(lambda *_args: then(True))
        task.failed.connect(lambda *_args: then(False))
        task.cancelled.connect(lambda *_args: then(False))
    QgsApplication.taskManager().addTask(task)
    return task


def start_table_exports(
    iface, gpkg: Path, options: dict, overwrite: bool, then: Optional[Callable[[bool], None]] = None
) -> WorkTask:
    """Write the partner tables, standard CSV and quality report of ``gpkg`` in a background task."""
    out_dir = Path(options["out_dir"])
    formats = list(options["formats"])
    return _start(
        iface,
        tr("MedRCVL: tables for partners"),
        lambda _payload, feedback: export_all(gpkg, out_dir, formats, overwrite=overwrite, feedback=feedback),
        lambda lines: tr("Files written in {p}: {files}").format(
            p=out_dir, files="; ".join(Path(str(line)).name for line in lines)
        ),
        then,
    )


def start_publish(iface, gpkg: Path, options: dict) -> WorkTask:
    """Publish ``gpkg`` to PostGIS (connection, schema, vintage, overwrite) in a background task."""
    return _start(
        iface,
        tr("MedRCVL: publishing to PostGIS"),
        lambda _payload, feedback: export_all(
            gpkg,
            Path(gpkg).parent,
            ["postgis"],
            overwrite=bool(options.get("overwrite")),
            postgis=postgis_target(options),
            feedback=feedback,
        ),
        lambda lines: " ".join(lines) or tr("Published to PostGIS."),
    )


def start_followups(
    iface,
    gpkg: Path,
    exports: Optional[dict],
    publish: Optional[dict],
    overwrite: bool,
    keep: Callable[[str, WorkTask], None],
    done: Optional[Callable[[bool], bool]] = None,
) -> list[str]:
    """Start the exports, then ``done(ok)`` (the run's outputs put in place: True when they are), then
    the PostGIS publication of the GeoPackage in place; ``keep(attribute, task)`` stores each task.

    The tasks run one after the other: two threads opening the same GeoPackage at once can deadlock
    in the OGR provider. Returns the texts announcing what started.
    """
    started = []

    def after(ok: bool) -> None:
        in_place = done(ok) if done is not None else ok
        if in_place and publish is not None:
            keep("publish_task", start_publish(iface, gpkg, publish))

    if exports is not None:
        keep("export_task", start_table_exports(iface, gpkg, exports, overwrite, then=after))
        started.append(tr("Writing the tables…"))
    if publish is not None:
        started.append(tr("Publishing to PostGIS…"))
    if exports is None:
        after(True)
    return started
