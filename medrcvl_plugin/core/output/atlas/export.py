"""Export the atlas of a diagnostic GeoPackage to PDF and save the matching QGIS project."""

from __future__ import annotations

import contextlib
import logging
import shutil
from pathlib import Path
from typing import Optional

from qgis.core import (
    Qgis,
    QgsExpression,
    QgsFeedback,
    QgsLayoutExporter,
    QgsPrintLayout,
    QgsProject,
    QgsVectorLayer,
)

from ...base.errors import CancelledError, DataFormatError, OutputExistsError, TerritoryError
from ...base.i18n import tr
from .. import sets as outputs
from ..styles import apply_graduated, label_communes, style_lieux
from .layout import bind_layout, build_layout, load_template, style_highlight
from .options import ORDERS, ORIENTATIONS, AtlasOptions, AtlasResult
from .pages import build_pages, table_rows, write_pages

log = logging.getLogger(__name__)

FIELD_TITLES = {
    "ifn_score": "Indice de fragilité~numérique (sur 10)",
    "gap_epci_ifn": "Écart à la moyenne de l'EPCI (points)",
    "gap_dep_ifn": "Écart à la moyenne départementale (points)",
    "lieux_per_10k": "Lieux de médiation pour 10 000 hab.",
    "dist_lieu_km": "Distance au lieu le plus proche (km)",
    "ftth_share": "Locaux éligibles à la fibre (FttH)",
}
PAGES_FILE = "atlas_pages.gpkg"
PROJECT_FILE = "diagnostic.qgz"


def sources_text(provenance: list[dict]) -> str:
    """The sources block: producer, dataset and vintage of each dataset read, grouped by licence, then
    the datasets that could not be had (their fields are empty in the atlas)."""
    by_licence: dict[str, list[str]] = {}
    missing = [
        row.get("title") or row.get("source_id") or "?"
        for row in provenance
        if row.get("mode") == "unavailable"
    ]
    for row in provenance:
        if row.get("mode") == "unavailable":
            continue
        text = (
            f"{row.get('producer') or '?'}, {row.get('title') or row.get('source_id') or '?'} "
            f"({row.get('vintage') or 'millésime inconnu'})"
        )
        group = by_licence.setdefault(row.get("licence") or "licence inconnue", [])
        if text not in group:
            group.append(text)
    lacking = (
        " Données manquantes, champs laissés vides : " + " ; ".join(dict.fromkeys(missing)) + "."
        if missing
        else ""
    )
    if not by_licence:
        return "Sources : non renseignées dans le GeoPackage du diagnostic." + lacking
    return (
        "Sources : "
        + " — ".join(f"{' ; '.join(items)} [{licence}]" for licence, items in by_licence.items())
        + "."
        + lacking
    )


def _open_optional(gpkg: Path, name: str) -> Optional[QgsVectorLayer]:
    """A layer or table of the diagnostic GeoPackage, None when it has none of that name."""
    layer = QgsVectorLayer(f"{outputs.current(gpkg)}|layername={name}", name, "ogr")
    return layer if layer.isValid() else None


def _open(gpkg: Path, name: str) -> QgsVectorLayer:
    """A layer or table that the diagnostic GeoPackage must have."""
    layer = _open_optional(gpkg, name)
    if layer is None:
        raise DataFormatError(
            tr("The diagnostic GeoPackage {p} has no layer {l}").format(p=gpkg, l=name), source=str(gpkg)
        )
    return layer


def _targets(output: Path, options: AtlasOptions) -> tuple[Path, Optional[Path]]:
    """(output folder, single PDF path or None in per-commune mode)."""
    output = Path(output)
    if options.per_commune:
        if output.suffix.lower() == ".pdf":
            raise DataFormatError(
                tr("One PDF per commune needs a folder, not the file {p}").format(p=output), field="output"
            )
        return output, None
    if output.suffix.lower() == ".pdf":
        return output.parent, output
    return output, output / "atlas.pdf"


def _check_options(options: AtlasOptions) -> None:
    """Reject unknown orders and orientations and bad filter expressions."""
    if options.order not in ORDERS:
        raise DataFormatError(
            tr("Unknown atlas order {o}; expected one of {a}").format(o=options.order, a=", ".join(ORDERS)),
            field="order",
        )
    if options.orientation not in ORIENTATIONS:
        raise DataFormatError(
            tr("Unknown orientation {o}; expected one of {a}").format(
                o=options.orientation, a=", ".join(ORIENTATIONS)
            ),
            field="orientation",
        )
    if options.filter_expression:
        expression = QgsExpression(options.filter_expression)
        if expression.hasParserError():
            raise DataFormatError(
                tr("The filter expression {e} is not valid: {m}").format(
                    e=options.filter_expression, m=expression.parserErrorString()
                ),
                field="filter",
            )


def prepare_project(
    gpkg_path: Path | str, out_dir: Path, options: AtlasOptions, feedback: Optional[QgsFeedback] = None
) -> tuple[QgsProject, QgsPrintLayout, int]:
    """Load, style and bind the layers, build the layout and its atlas; return (project, layout, pages)."""
    gpkg = Path(gpkg_path)
    if not outputs.current(gpkg).exists():
        raise DataFormatError(
            tr("The diagnostic GeoPackage {p} does not exist").format(p=gpkg), source=str(gpkg)
        )
    _check_options(options)
    communes = _open(gpkg, "communes")
    communes.setName("Communes")
    lieux = _open_optional(gpkg, "lieux")
    refs = _open_optional(gpkg, "references")
    provenance = _open_optional(gpkg, "provenance")
    apply_graduated(communes, options.field, options.method, options.classes)
    label_communes(communes)
    if lieux is not None:
        lieux.setName("Lieux de médiation numérique")
        style_lieux(lieux)
    pages = build_pages(communes, lieux, table_rows(refs) if refs else [], options.near_km)
    if options.save_project:  # the saved project needs the pages on disk, next to it
        # staged: the previous atlas_pages.gpkg stays until the whole set is swapped in
        pages_path = out_dir / PAGES_FILE
        with outputs.staged_output(pages_path, options.overwrite) as tmp:
            pages = write_pages(pages, tmp)
        if outputs.current(pages_path) == pages_path:  # no running set: already in place
            pages.setDataSource(f"{pages_path}|layername=atlas_pages", pages.name(), "ogr")
    else:
        pages.setName("Pages de l'atlas")
    style_highlight(pages)
    if feedback is not None and feedback.isCanceled():
        raise CancelledError(tr("Cancelled by the user."))
    project = QgsProject()
    project.setCrs(communes.crs())
    project.setTitle("Diagnostic de fragilité numérique")
    project.addMapLayers([x for x in (communes, lieux, pages) if x is not None])
    if options.template:
        layout = load_template(project, Path(options.template), options.layout_name)
    else:
        layout = build_layout(project, options.orientation, options.layout_name)
    title = FIELD_TITLES.get(options.field) or communes.attributeDisplayName(
        communes.fields().indexOf(options.field)
    )
    bind_layout(
        layout, pages, communes, lieux, sources_text(table_rows(provenance) if provenance else []), title
    )
    atlas = layout.atlas()
    atlas.setSortFeatures(True)
    atlas.setSortExpression('"ordre_nom"' if options.order == "name" else '"ordre_score"')
    atlas.setFilenameExpression('"fichier"')
    if options.filter_expression:
        ok, error = atlas.setFilterExpression(
            f"\"page_kind\" = 'couverture' OR ({options.filter_expression})"
        )
        if not ok:
            raise DataFormatError(
                tr("The filter expression {e} is not valid: {m}").format(
                    e=options.filter_expression, m=error
                ),
                field="filter",
            )
        atlas.setFilterFeatures(True)
    project.layoutManager().addLayout(layout)
    count = atlas.updateFeatures()
    return project, layout, count


def _settings(options: AtlasOptions) -> QgsLayoutExporter.PdfExportSettings:
    """PDF settings: the chosen dpi, text kept as text (searchable PDF)."""
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = float(options.dpi)
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    settings.simplifyGeometries = True
    return settings


def _raise_export_error(result, error: str, where: Path) -> None:
    """Turn an exporter result into CancelledError / OSError."""
    if result == QgsLayoutExporter.ExportResult.Canceled:
        raise CancelledError(tr("Cancelled by the user."))
    if result != QgsLayoutExporter.ExportResult.Success:
        raise OSError(tr("QGIS could not export the atlas to {p}: {e}").format(p=where, e=error or result))


def planned_files(output: Path | str, options: AtlasOptions) -> list[Path]:
    """The files an atlas export into ``output`` writes (known before any work; not per-commune PDFs)."""
    out_dir, pdf = _targets(Path(output), options)
    files = [pdf] if pdf is not None else []
    if options.save_project:
        files += [out_dir / PROJECT_FILE, out_dir / PAGES_FILE]
    return files


def export_atlas(
    gpkg_path: Path | str,
    output: Path | str,
    options: Optional[AtlasOptions] = None,
    feedback: Optional[QgsFeedback] = None,
) -> AtlasResult:
    """Export the cover and one page per commune to ``output`` (a .pdf, or a folder); save the project.

    The PDF(s), ``atlas_pages.gpkg`` and ``diagnostic.qgz`` are written as temporaries and replace the
    previous ones together at the end (inside a running output set, with the rest of its outputs).
    """
    options = options or AtlasOptions()
    out_dir, pdf = _targets(Path(output), options)
    work: list[Path] = []
    try:
        with outputs.output_set(out_dir, options.overwrite, planned_files(output, options)) as staged:
            return _export(gpkg_path, out_dir, pdf, options, feedback, staged, work)
    finally:
        for folder in work:
            shutil.rmtree(folder, ignore_errors=True)


def _export(
    gpkg_path: Path | str,
    out_dir: Path,
    pdf: Optional[Path],
    options: AtlasOptions,
    feedback: Optional[QgsFeedback],
    staged: outputs.OutputSet,
    work: list[Path],
) -> AtlasResult:
    """Prepare, check the page count, export the PDF(s) and save the project."""
    project, layout, count = prepare_project(gpkg_path, out_dir, options, feedback)
    if count <= 1:
        raise TerritoryError(
            tr("The atlas of {p} has no commune page (filter: {f}); no PDF was written.").format(
                p=gpkg_path, f=options.filter_expression or "-"
            )
        )
    atlas = layout.atlas()
    settings = _settings(options)
    files: list[Path] = []
    if pdf is not None:
        with outputs.staged_output(pdf, options.overwrite) as tmp:
            result, error = QgsLayoutExporter.exportToPdf(atlas, str(tmp), settings, feedback)
            _raise_export_error(result, error, pdf)
        files.append(pdf)
    else:
        _check_page_names(layout, out_dir, options)
        work.append(staged.temp_dir(out_dir))
        files = _export_per_page(atlas, out_dir, settings, options, feedback, staged, work[-1])
    project_path = None
    if options.save_project:
        project_path = out_dir / PROJECT_FILE
        with outputs.staged_output(project_path, options.overwrite) as tmp, _final_paths():
            if not project.write(str(tmp)):
                raise OSError(
                    tr("Could not save the QGIS project {p}: {e}").format(p=project_path, e=project.error())
                )
            _final_names_in_project(tmp)
        files.append(project_path)
    log.info("Atlas: %s pages exported to %s", count, out_dir)
    return AtlasResult(pages=count, files=files, project=project_path)


@contextlib.contextmanager
def _final_paths():
    """While a project is saved, its layers point at the final names of the staged outputs."""
    from qgis.core import QgsPathResolver

    mapping = outputs.temporaries()

    def final(path: str) -> str:
        for tmp, target in mapping.items():
            if tmp in path:
                path = path.replace(tmp, target)
        return path

    writer = QgsPathResolver.setPathWriter(final)
    try:
        yield
    finally:
        QgsPathResolver.removePathWriter(writer)


def _final_names_in_project(qgz: Path) -> None:
    """Replace the names of staged temporaries left in a saved project (layout layer references)."""
    import io
    import zipfile

    names = {Path(tmp).name: Path(target).name for tmp, target in outputs.temporaries().items()}
    with zipfile.ZipFile(qgz) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename.lower().endswith(".qgs"):
                text = data.decode("utf-8")
                for tmp, target in names.items():
                    text = text.replace(tmp, target)
                data = text.encode("utf-8")
            archive.writestr(info, data)
    qgz.write_bytes(buffer.getvalue())


def _check_page_names(layout: QgsPrintLayout, out_dir: Path, options: AtlasOptions) -> None:
    """Refuse before rendering when per-commune PDFs of this atlas already exist (and no overwrite)."""
    from qgis.core import QgsFeatureRequest

    if options.overwrite:
        return
    atlas = layout.atlas()
    request = QgsFeatureRequest()
    if atlas.filterFeatures() and atlas.filterExpression():
        request.setFilterExpression(atlas.filterExpression())
    names = [out_dir / f"{f['fichier']}.pdf" for f in atlas.coverageLayer().getFeatures(request)]
    outputs.check_outputs(names, False)


def _export_per_page(
    atlas,
    out_dir: Path,
    settings,
    options: AtlasOptions,
    feedback: Optional[QgsFeedback],
    staged: outputs.OutputSet,
    work: Path,
) -> list[Path]:
    """One PDF per page, rendered in the temporary folder ``work`` and staged into ``out_dir``."""
    result, error = QgsLayoutExporter.exportToPdfs(atlas, str(work / "page.pdf"), settings, feedback)
    _raise_export_error(result, error, out_dir)
    written = sorted(work.glob("*.pdf"))
    clashes = [out_dir / f.name for f in written if (out_dir / f.name).exists()]
    if clashes and not options.overwrite:
        raise OutputExistsError(
            tr(
                "These outputs already exist: {l}. Nothing was written; allow "
                "overwriting (--overwrite, or tick “Overwrite”) or choose another "
                "folder."
            ).format(l=", ".join(map(str, clashes)))
        )
    for page in written:
        staged.add(out_dir / page.name, page)
    return [out_dir / page.name for page in written]
