"""The outputs of one dialog run as shared output sets, one per output folder.

The diagnostic task (worker thread), the atlas (main thread) and the table exports (another task)
all write temporaries into the same sets; they replace the previous files together once the last
step is done, or are all dropped when one step fails or is cancelled (``core/output/sets.py``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

from ..core.base.errors import MedrcvlError
from ..core.output import sets as outputs

log = logging.getLogger(__name__)


def planned(page) -> tuple[list[Path], list[Path]]:
    """(files, folders) the dialog's outputs page asks for: GeoPackage, atlas files, tables."""
    from ..core.base.errors import DataFormatError
    from ..core.output.atlas.export import planned_files as atlas_files
    from ..core.output.atlas.options import AtlasOptions
    from ..core.output.exports.run import planned_files

    gpkg = page.gpkg_path()
    files, folders = [gpkg], [gpkg.parent]
    atlas = page.atlas_options()
    if atlas is not None:
        target = Path(atlas["output"]).expanduser()
        per_commune = atlas["mode"] == "per_commune"
        try:
            files += atlas_files(target, AtlasOptions(per_commune=per_commune))
            folders.append(target if per_commune else target.parent)
        except DataFormatError:  # e.g. a .pdf name for one PDF per commune: the atlas step says why
            pass
    exports = page.export_options()
    if exports is not None:
        folder = Path(exports["out_dir"]).expanduser()
        files += planned_files(folder, exports["formats"])
        folders.append(folder)
    return files, folders


def roots(folders: list[Path]) -> list[Path]:
    """The folders that are not inside another one of ``folders``."""
    resolved = sorted({f.resolve() for f in folders}, key=lambda p: len(p.parts))
    kept: list[Path] = []
    for folder in resolved:
        if not any(folder == k or k in folder.parents for k in kept):
            kept.append(folder)
    return kept


class RunOutputs:
    """Begin the sets before the task starts; :meth:`finish` them when the last step is done."""

    def __init__(self, files: list[Path], folders: list[Path], overwrite: bool) -> None:
        self.files = files
        self.folders = roots(folders)
        self.overwrite = overwrite
        self.sets: list[outputs.OutputSet] = []

    def begin(self) -> None:
        """Check every output and lock every folder; MedrcvlError (nothing begun) when one cannot be."""
        outputs.check_outputs(self.files, self.overwrite)
        try:
            for folder in self.folders:
                mine = [f for f in self.files if folder in f.resolve().parents]
                self.sets.append(outputs.begin(folder, self.overwrite, mine, shared=True))
        except BaseException:
            self.finish(False)
            raise

    def complete(self, iface, ok: bool) -> bool:
        """:meth:`finish`; says in the message bar when the previous outputs were kept. True when in place."""
        from qgis.core import Qgis

        from ..core.base.i18n import tr
        from . import results

        error = self.finish(ok)
        if ok and not error:
            return True
        message = tr("The previous outputs were kept, nothing was replaced{e}").format(
            e=f": {error}" if error else "."
        )
        log.error(message)
        results.push_summary(iface, message, Qgis.MessageLevel.Critical)
        return False

    def finish(self, ok: bool) -> Optional[str]:
        """Put every output in place (``ok``) or drop them all; the error message if that fails."""
        error: Optional[str] = None
        for output_set in self.sets:
            try:
                outputs.finish(output_set, ok and error is None)
            except MedrcvlError as failure:
                error = str(failure)
                log.error("%s", error)
        self.sets = []
        return error
