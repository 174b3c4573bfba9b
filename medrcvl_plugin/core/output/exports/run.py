"""Every export of a diagnostic in one call: partner tables, national standard, quality report, PostGIS.

The one code path of the command line (``cli/export.py``), the dialog (``gui/followups.py``) and
whoever else exports several formats at once: the files are checked before any work, written into
one output set and swapped in together; PostGIS comes after them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from qgis.core import QgsFeedback

from ...base.errors import DataFormatError, MedrcvlError
from ...base.i18n import tr

FORMATS = ("csv", "xlsx", "standard", "quality", "postgis")
STANDARD_NAME = "lieux-standard.csv"
QUALITY_NAME = "qualite-lieux.csv"
QUALITY_HEADERS = {"lieu_id": "Identifiant du lieu", "nom": "Nom", "issue": "Problème", "detail": "Détail"}


@dataclass(frozen=True)
class PostgisTarget:
    """Where to publish: a saved QGIS connection or a conninfo, the schema prefix and the vintage."""

    connection: Optional[str] = None
    uri: Optional[str] = None
    schema: str = "medrcvl"
    vintage: Optional[str] = None

    def check(self) -> None:
        """MedrcvlError when neither a connection nor a conninfo is given."""
        if not self.connection and not self.uri:
            raise MedrcvlError(
                tr("The PostGIS export needs a saved PostgreSQL connection or a " "connection string.")
            )


def parse_formats(text: str | Iterable[str] | None) -> list[str]:
    """The formats asked for, in a stable order; unknown ones raise DataFormatError."""
    items = text.split(",") if isinstance(text, str) else list(text or [])
    formats = [f.strip().lower() for f in items if f and f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise DataFormatError(
            tr("Unknown export format(s) {u}; choose among {k}.").format(
                u=", ".join(unknown), k=", ".join(FORMATS)
            ),
            field="formats",
        )
    return [f for f in FORMATS if f in formats]


def planned_files(out_dir: Path, formats: Iterable[str]) -> list[Path]:
    """The files the exports of ``formats`` write into ``out_dir`` (PostGIS writes none)."""
    from .tables import CSV_NAMES, XLSX_NAME

    formats = list(formats)
    out = Path(out_dir)
    files = [out / name for name in CSV_NAMES.values()] if "csv" in formats else []
    files += [out / XLSX_NAME] if "xlsx" in formats else []
    files += [out / STANDARD_NAME] if "standard" in formats else []
    files += [out / QUALITY_NAME] if "quality" in formats else []
    return files


def export_quality(gpkg: Path, out_dir: Path, overwrite: bool, feedback: Optional[QgsFeedback]) -> Path:
    """The places' quality report as a French CSV (``;``, BOM) in ``out_dir``."""
    from ...indicators.quality import quality_report
    from .standard import frame_from_layer
    from .tables import Table, open_layer, write_csv

    frame = frame_from_layer(open_layer(gpkg, "lieux"))
    report = quality_report(frame, open_layer(gpkg, "communes"), feedback=feedback)
    columns = list(report.columns)
    table = Table(
        "qualite",
        [QUALITY_HEADERS.get(c, c) for c in columns],
        ["text"] * len(columns),
        [[None if v is None or v != v else str(v) for v in row] for row in report.itertuples(index=False)],
    )
    return write_csv(table, Path(out_dir) / QUALITY_NAME, overwrite)


def export_files(
    gpkg: Path, out_dir: Path, formats: Iterable[str], overwrite: bool, feedback: Optional[QgsFeedback]
) -> list[str]:
    """The file exports (csv, xlsx, standard, quality) of ``formats``; a line per output."""
    from .standard import export_standard
    from .tables import export_tables, open_layer

    formats = list(formats)
    out_dir = Path(out_dir)
    done: list[str] = []
    tables = [f for f in formats if f in ("csv", "xlsx")]
    if tables:
        done += [str(p) for p in export_tables(gpkg, out_dir, tables, overwrite=overwrite, feedback=feedback)]
    if "standard" in formats:
        result = export_standard(
            open_layer(gpkg, "lieux"), out_dir / STANDARD_NAME, overwrite=overwrite, feedback=feedback
        )
        done.append(
            tr("{p} ({n} places, {r} rejected)").format(
                p=result.path, n=result.rows, r=len({p.line for p in result.rejected})
            )
        )
    if "quality" in formats:
        done.append(str(export_quality(gpkg, out_dir, overwrite, feedback)))
    return done


def export_postgis(
    gpkg: Path, target: PostgisTarget, overwrite: bool, feedback: Optional[QgsFeedback]
) -> str:
    """Publish ``gpkg`` to ``target``; the line saying what was published."""
    from .postgis import publish

    target.check()
    result = publish(
        gpkg,
        connection=target.connection,
        uri=target.uri,
        schema=target.schema or "medrcvl",
        vintage=target.vintage,
        overwrite=overwrite,
        feedback=feedback,
    )
    return tr("PostGIS schema {s} on {c}: {n} communes, {l} places").format(
        s=result.schema,
        c=result.connection,
        n=result.counts.get("communes", 0),
        l=result.counts.get("lieux", 0),
    )


def export_all(
    gpkg: Path,
    out_dir: Path,
    formats: Iterable[str],
    *,
    overwrite: bool = False,
    postgis: Optional[PostgisTarget] = None,
    feedback: Optional[QgsFeedback] = None,
) -> list[str]:
    """Run every export of ``formats``; a line per output for the user.

    ``postgis`` is required when ``formats`` holds "postgis" (checked before any work). The files
    are swapped in together (joining an output set already running on ``out_dir``); PostGIS after.
    """
    from ..sets import output_set

    formats = parse_formats(list(formats))
    files = [f for f in formats if f != "postgis"]
    target = (postgis or PostgisTarget()) if "postgis" in formats else None
    if target is not None:
        target.check()  # before any work
    done: list[str] = []
    if files:
        with output_set(out_dir, overwrite, planned_files(out_dir, files)):
            Path(out_dir).mkdir(parents=True, exist_ok=True)  # a subfolder of a running set: not made yet
            done += export_files(Path(gpkg), Path(out_dir), files, overwrite, feedback)
    if target is not None:
        done.append(export_postgis(Path(gpkg), target, overwrite, feedback))
    return done
