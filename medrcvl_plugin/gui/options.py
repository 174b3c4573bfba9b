"""The "MedRCVL" page of QGIS Options: mirror, cache, network timeout, defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from qgis.gui import QgsFileWidget, QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.base.i18n import tr
from ..core.base.settings import Settings, default_cache_dir
from ..core.territory.search import territory_from_code
from .widgets import error_label, note_label, set_error

ICON = Path(__file__).resolve().parents[2] / "resources" / "icon.svg"


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) directly inside ``folder`` (0, 0 when missing)."""
    if not folder.is_dir():
        return 0, 0
    files = [p for p in folder.iterdir() if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def clear_folder(folder: Path) -> int:
    """Delete the cached files of ``folder`` (``core.cache.Cache.clear``); bytes freed."""
    from ..core.sources.cache import Cache

    return Cache(folder=folder, max_mb=0).clear()


class MedrcvlOptionsWidget(QgsOptionsPageWidget):
    """The page itself: edits a :class:`Settings` and saves it on :meth:`apply`."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.confirm = True  # ask before clearing the cache (tests switch it off)
        self.setObjectName("MedrcvlOptions")
        settings = Settings.load()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.mirror = QgsFileWidget(self)
        self.mirror.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.mirror.lineEdit().setPlaceholderText(tr("Empty: download from the producers"))
        self.mirror.setFilePath(settings.mirror)
        form.addRow(tr("Data mirror (folder or http(s) address)"), self.mirror)
        self.mirror_then_live = QCheckBox(tr("Mirror, then live hosts for what the mirror lacks"), self)
        self.mirror_then_live.setChecked(settings.mirror_then_live)
        form.addRow("", self.mirror_then_live)

        self.cache_dir = QgsFileWidget(self)
        self.cache_dir.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.cache_dir.lineEdit().setPlaceholderText(default_cache_dir())
        self.cache_dir.setFilePath(settings.cache_dir)
        form.addRow(tr("Cache folder"), self.cache_dir)
        cache_row = QHBoxLayout()
        self.cache_size = QLabel(self)
        self.clear_button = QPushButton(tr("Clear the cache"), self)
        cache_row.addWidget(self.cache_size, 1)
        cache_row.addWidget(self.clear_button)
        form.addRow("", cache_row)
        self.cache_max = QSpinBox(self)
        self.cache_max.setRange(10, 100000)
        self.cache_max.setSuffix(tr(" MB"))
        self.cache_max.setValue(settings.cache_max_mb)
        form.addRow(tr("Maximum cache size"), self.cache_max)

        self.timeout = QSpinBox(self)
        self.timeout.setRange(5, 3600)
        self.timeout.setSuffix(" s")
        self.timeout.setValue(settings.timeout_s)
        form.addRow(tr("Network timeout"), self.timeout)
        self.deadline = QSpinBox(self)
        self.deadline.setRange(10, 7200)
        self.deadline.setSuffix(" s")
        self.deadline.setValue(settings.deadline_s)
        form.addRow(tr("Longest time for one dataset"), self.deadline)
        self.retries = QSpinBox(self)
        self.retries.setRange(0, 10)
        self.retries.setValue(settings.retries)
        form.addRow(tr("Retries after a network failure"), self.retries)

        self.territory = QLineEdit(settings.default_territory, self)
        self.territory.setPlaceholderText(tr("EPCI SIREN, département or commune code"))
        self.territory_error = error_label(self)
        form.addRow(tr("Default territory"), self.territory)
        form.addRow("", self.territory_error)
        self.output_dir = QgsFileWidget(self)
        self.output_dir.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.output_dir.setFilePath(settings.output_dir)
        form.addRow(tr("Default output folder"), self.output_dir)
        layout.addLayout(form)
        layout.addWidget(
            note_label(
                tr("Proxy and network settings are those of QGIS (Settings › Options › " "Network)."), self
            )
        )
        layout.addStretch(1)

        self.clear_button.clicked.connect(self.clear_cache)
        self.cache_dir.fileChanged.connect(lambda _p: self.refresh_cache_size())
        self.territory.textChanged.connect(lambda _t: self.validate_territory())
        self.refresh_cache_size()

    def cache_folder(self) -> Path:
        """The cache folder shown on the page."""
        return Path(self.cache_dir.filePath().strip() or default_cache_dir())

    def refresh_cache_size(self) -> None:
        """Show the current size of the cache."""
        size, count = folder_size(self.cache_folder())
        self.cache_size.setText(
            tr("Current size: {mb:.1f} MB in {n} files").format(mb=size / 1024 / 1024, n=count)
        )

    def clear_cache(self) -> None:
        """Empty the cache folder (after confirmation)."""
        folder = self.cache_folder()
        if self.confirm:
            answer = QMessageBox.question(
                self, tr("Clear the cache"), tr("Delete every file downloaded in {p}?").format(p=folder)
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        clear_folder(folder)
        self.refresh_cache_size()

    def validate_territory(self) -> bool:
        """Show a problem under the default territory; True when it is usable."""
        text = self.territory.text().strip()
        ok = not text or territory_from_code(text) is not None
        set_error(
            self.territory_error,
            ""
            if ok
            else tr("{code} is not an EPCI SIREN (9 digits), a département or a commune code.").format(
                code=text
            ),
        )
        return ok

    def validate(self) -> bool:
        """QGIS asks before applying (3.24+); a bad default territory blocks it."""
        return self.validate_territory()

    def apply(self) -> None:
        """Save the page to the settings."""
        settings = Settings.load()
        settings.mirror = self.mirror.filePath().strip()
        settings.cache_dir = self.cache_dir.filePath().strip()
        settings.cache_max_mb = self.cache_max.value()
        settings.timeout_s = self.timeout.value()
        settings.deadline_s = self.deadline.value()
        settings.mirror_then_live = self.mirror_then_live.isChecked()
        settings.retries = self.retries.value()
        if self.validate_territory():
            settings.default_territory = self.territory.text().strip()
        settings.output_dir = self.output_dir.filePath().strip()
        settings.save()

    def helpKey(self) -> str:
        """No page of the QGIS manual documents a plugin."""
        return ""


class MedrcvlOptionsFactory(QgsOptionsWidgetFactory):
    """Registers the "MedRCVL" page in QGIS Options."""

    def __init__(self) -> None:
        super().__init__("MedRCVL", QIcon(str(ICON)))

    def icon(self) -> QIcon:
        """The plugin icon."""
        return QIcon(str(ICON))

    def title(self) -> str:
        """The page title (a proper name, not translated)."""
        return "MedRCVL"

    def createWidget(self, parent: Optional[QWidget] = None) -> MedrcvlOptionsWidget:
        """A new page."""
        return MedrcvlOptionsWidget(parent)
