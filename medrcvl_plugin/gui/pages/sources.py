"""Sources page: the mirror and, per dataset of the catalogue, where to read it from."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Optional

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core.base.i18n import tr
from ...core.base.settings import Settings
from ...core.sources.catalogue import SOURCES, Source
from ..widgets import error_label, note_label, set_error, title_label

log = logging.getLogger(__name__)

AUTO, LIVE, FILE = "auto", "live", "file"
URL = re.compile(r"^https?://", re.IGNORECASE)


def cache_dates(settings: Settings) -> dict[str, str]:
    """The newest cache date (ISO) per source id, read from the cache sidecars."""
    try:
        from ...core.sources.cache import Cache

        entries = Cache(settings=settings).entries()
    except Exception as error:  # the cache is a convenience: never block the dialog on it
        log.debug("cache not readable: %s", error)
        return {}
    dates: dict[str, str] = {}
    for entry in entries:
        if entry.source_id and entry.retrieved > dates.get(entry.source_id, ""):
            dates[entry.source_id] = entry.retrieved
    return dates


def live_url(src: Source) -> str:
    """The live URL of ``src`` when it needs no territory parameter ('' otherwise)."""
    return src.url if src.url and "{" not in src.url else ""


class SourceRow:
    """The widgets of one dataset: mode, file/URL, vintage, licence and cache date."""

    def __init__(self, src: Source, grid: QGridLayout, row: int, parent: QWidget, cached: str) -> None:
        self.source = src
        self.title = title_label(src.title, parent)
        info = tr("{producer} · vintage {vintage} · {licence}").format(
            producer=src.producer, vintage=src.vintage, licence=src.licence
        )
        cache_text = tr("cached on {date}").format(date=cached[:10]) if cached else tr("not cached")
        self.info = note_label(f"{info} · {cache_text}", parent)
        self.mode = QComboBox(parent)
        self.mode.addItem(tr("Mirror, else live (default)"), AUTO)
        if live_url(src):
            self.mode.addItem(tr("Live only"), LIVE)
        self.mode.addItem(tr("Local file or URL"), FILE)
        self.file = QgsFileWidget(parent)
        self.file.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.file.setFilter(tr("Data files (*.csv *.json *.geojson *.xlsx *.gpkg);;All files (*)"))
        self.file.lineEdit().setPlaceholderText(tr("File path or http(s) address"))
        self.error = error_label(parent)
        grid.addWidget(self.title, row, 0, 1, 2)
        grid.addWidget(self.info, row + 1, 0, 1, 2)
        grid.addWidget(self.mode, row + 2, 0)
        grid.addWidget(self.file, row + 2, 1)
        grid.addWidget(self.error, row + 3, 0, 1, 2)
        self.mode.currentIndexChanged.connect(self._sync)
        if not src.url and src.how_to_get:
            self.info.setToolTip(src.how_to_get_text())
        self._sync()

    def _sync(self) -> None:
        self.file.setEnabled(self.mode.currentData() == FILE)

    def state(self) -> dict:
        """The choice as a JSON-able dict."""
        return {"mode": self.mode.currentData(), "location": self.file.filePath().strip()}

    def restore(self, state: dict) -> None:
        """Restore :meth:`state`."""
        index = self.mode.findData(state.get("mode", AUTO))
        self.mode.setCurrentIndex(max(index, 0))
        self.file.setFilePath(state.get("location", ""))
        self._sync()

    def location(self) -> Optional[str]:
        """The location to pass to ``fetch.obtain`` (None = mirror, else live)."""
        mode = self.mode.currentData()
        if mode == LIVE:
            return live_url(self.source)
        if mode == FILE:
            return self.file.filePath().strip() or None
        return None

    def validate(self) -> str:
        """The problem of this row ('' when fine), shown under it."""
        message = ""
        if self.mode.currentData() == FILE:
            location = self.file.filePath().strip()
            if not location:
                message = tr("Choose the file (or type the address) of {title}.").format(
                    title=self.source.title
                )
            elif not URL.match(location) and not Path(location).expanduser().is_file():
                message = tr("The file {p} does not exist.").format(p=location)
        set_error(self.error, message)
        return message


class SourcesPage(QWidget):
    """Where each dataset comes from."""

    def __init__(self, settings: Settings, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(tr("Mirror"), self))
        layout.addWidget(
            note_label(
                tr(
                    "A folder or an http(s) address laid out like the MedRCVL data "
                    "folder; leave empty to download from the producers."
                ),
                self,
            )
        )
        self.mirror = QgsFileWidget(self)
        self.mirror.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.mirror.lineEdit().setPlaceholderText(tr("Folder or http(s) address (optional)"))
        self.mirror.setFilePath(settings.mirror)
        layout.addWidget(self.mirror)
        self.mirror_error = error_label(self)
        layout.addWidget(self.mirror_error)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget(scroll)
        grid = QGridLayout(inner)
        grid.setColumnStretch(1, 1)
        dates = cache_dates(settings)
        self.rows: dict[str, SourceRow] = {}
        for n, src in enumerate(SOURCES.values()):
            self.rows[src.id] = SourceRow(src, grid, n * 4, inner, dates.get(src.id, ""))
        grid.setRowStretch(len(SOURCES) * 4, 1)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)

    def mirror_value(self) -> str:
        """The mirror folder or URL ('' = live hosts)."""
        return self.mirror.filePath().strip()

    def locations(self) -> dict[str, str]:
        """Per-source locations chosen by the user (source id -> file path or URL)."""
        return {sid: loc for sid, row in self.rows.items() if (loc := row.location())}

    def state(self) -> dict:
        """The choices as a JSON-able dict."""
        return {
            sid: row.state()
            for sid, row in self.rows.items()
            if row.state() != {"mode": AUTO, "location": ""}
        }

    def restore(self, state: dict) -> None:
        """Restore :meth:`state`."""
        for sid, row_state in state.items():
            if sid in self.rows and isinstance(row_state, dict):
                self.rows[sid].restore(row_state)

    def validate(self) -> list[str]:
        """Check the mirror and every row; return the problems."""
        problems = [p for row in self.rows.values() if (p := row.validate())]
        mirror = self.mirror_value()
        message = ""
        if mirror and not URL.match(mirror) and not Path(mirror).expanduser().is_dir():
            message = tr("The mirror folder {p} does not exist.").format(p=mirror)
            problems.insert(0, message)
        set_error(self.mirror_error, message)
        return problems
