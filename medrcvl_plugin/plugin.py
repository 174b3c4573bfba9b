"""Thin QGIS plugin shell: menu, toolbar, Processing provider, translator, options page."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .core.base import logs
from .core.base.i18n import tr
from .translation import install_translator, remove_translator

ICON = Path(__file__).resolve().parents[1] / "resources" / "icon.svg"
MENU = "&MedRCVL"


class MedrcvlPlugin:
    """Wires MedRCVL into QGIS; everything that computes lives in ``core``."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.translator = install_translator()
        self.provider = None
        self.actions: list[QAction] = []
        self.toolbar = None
        self.options_factory = None
        self.dialog = None
        logs.install_handler()

    def initProcessing(self) -> None:
        """Register the ``medrcvl`` Processing provider (once, even if called again by initGui)."""
        if self.provider is not None:
            return
        from .processing.provider import MedrcvlProvider

        provider = MedrcvlProvider()
        # a refused provider (duplicate id) is deleted by QGIS: keep no reference to it
        if QgsApplication.processingRegistry().addProvider(provider):
            self.provider = provider

    def initGui(self) -> None:
        """Create the menu and toolbar actions and the options page."""
        self.initProcessing()
        icon = QIcon(str(ICON))
        main = QAction(icon, tr("Digital-fragility diagnostic…"), self.iface.mainWindow())
        main.setObjectName("medrcvl_diagnostic")
        main.triggered.connect(self.open_dialog)
        help_action = QAction(tr("MedRCVL help"), self.iface.mainWindow())
        help_action.setObjectName("medrcvl_help")
        help_action.triggered.connect(self.open_help)
        self.toolbar = self.iface.addToolBar("MedRCVL")
        self.toolbar.setObjectName("MedrcvlToolbar")
        self.toolbar.addAction(main)
        for action in (main, help_action):
            self.iface.addPluginToMenu(MENU, action)
            self.actions.append(action)
        try:
            from .gui.options import MedrcvlOptionsFactory
        except ImportError:  # the options page is optional while the GUI is built
            MedrcvlOptionsFactory = None  # noqa: N806
        if MedrcvlOptionsFactory is not None:
            self.options_factory = MedrcvlOptionsFactory()
            self.iface.registerOptionsWidgetFactory(self.options_factory)

    def open_dialog(self) -> None:
        """Open the diagnostic dialog (imported lazily)."""
        from .gui.dialog import DiagnosticDialog

        if self.dialog is None:
            self.dialog = DiagnosticDialog(self.iface, parent=self.iface.mainWindow())
        self.dialog.show()
        self.dialog.raise_()

    def open_help(self) -> None:
        """Open the plugin documentation."""
        from qgis.PyQt.QtCore import QUrl
        from qgis.PyQt.QtGui import QDesktopServices

        readme = Path(__file__).resolve().parents[1] / "README.md"
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(readme)))

    def unload(self) -> None:
        """Remove everything :meth:`initGui` added (and stop the downloads still running)."""
        from .core.sources.network import abort_all

        abort_all(wait_s=1.0)
        for action in self.actions:
            self.iface.removePluginMenu(MENU, action)
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions.clear()
        if self.toolbar is not None:
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        remove_translator(self.translator)
        self.translator = None
        logs.remove_handler()
