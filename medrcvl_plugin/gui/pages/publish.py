"""The "Publish to PostGIS" box of the Outputs page: saved connection, schema, vintage."""

from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from ...core.base.errors import DataFormatError
from ...core.base.i18n import tr
from ..widgets import error_label, note_label, set_error

DEFAULT_SCHEMA = "medrcvl"


def _connection_names() -> list[str]:
    """The saved PostgreSQL connections of the QGIS profile (names only, never their passwords)."""
    from ...core.output.exports.postgis import connection_names

    return connection_names()


def _vintage_now() -> str:
    from ...core.output.exports.postgis import default_vintage

    return default_vintage()


class PublishBox(QGroupBox):
    """Checkable group: publish the diagnostic into a PostGIS database, one schema per vintage."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(tr("Publish to PostGIS"), parent)
        self.setCheckable(True)
        self.setChecked(False)
        form = QFormLayout(self)
        self.connection = QComboBox(self)
        self.connection.setToolTip(
            tr(
                "The saved PostgreSQL connections of QGIS (Data Source Manager › "
                "PostgreSQL); the password stays in QGIS and is never shown."
            )
        )
        self.refresh_button = QToolButton(self)
        self.refresh_button.setText(tr("Refresh"))
        self.refresh_button.setToolTip(tr("Read the saved connections again"))
        self.refresh_button.clicked.connect(self.refresh_connections)
        self.schema = QLineEdit(DEFAULT_SCHEMA, self)
        self.vintage = QLineEdit(_vintage_now(), self)
        self.replace = QCheckBox(tr("Replace this vintage if it is already published"), self)
        self.error = error_label(self)
        self.connection.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout()
        row.addWidget(self.connection, 1)
        row.addWidget(self.refresh_button)
        form.addRow(tr("Connection"), row)
        form.addRow(tr("Schema"), self.schema)
        form.addRow(tr("Vintage"), self.vintage)
        form.addRow(self.replace)
        form.addRow(
            note_label(
                tr(
                    "The data go to the schema <schema>_<vintage>; earlier vintages are "
                    "kept. The styles go to public.layer_styles."
                ),
                self,
            )
        )
        form.addRow(self.error)
        self._wanted = ""
        self.refresh_connections()
        self.toggled.connect(lambda checked: self.refresh_connections() if checked else None)

    def refresh_connections(self) -> None:
        """List the saved connections again, keeping the chosen one when it still exists."""
        current = self.connection.currentText() or self._wanted
        self.connection.blockSignals(True)
        self.connection.clear()
        try:
            names = _connection_names()
        except Exception:  # a broken provider must not break the dialog
            names = []
        self.connection.addItems(names)
        if current in names:
            self.connection.setCurrentIndex(names.index(current))
        self.connection.blockSignals(False)
        self.connection.currentIndexChanged.emit(self.connection.currentIndex())

    def options(self) -> Optional[dict]:
        """``connection``, ``schema``, ``vintage``, ``overwrite`` (None when not asked)."""
        if not self.isChecked():
            return None
        return {
            "connection": self.connection.currentText(),
            "schema": self.schema.text().strip(),
            "vintage": self.vintage.text().strip() or _vintage_now(),
            "overwrite": self.replace.isChecked(),
        }

    def state(self) -> dict:
        """Remembered choices (the vintage is not: it defaults to the current year)."""
        return {
            "postgis": self.isChecked(),
            "pg_connection": self.connection.currentText(),
            "pg_schema": self.schema.text(),
        }

    def restore(self, state: dict) -> None:
        """Restore :meth:`state`."""
        self._wanted = str(state.get("pg_connection") or "")
        self.refresh_connections()
        if state.get("pg_schema"):
            self.schema.setText(str(state["pg_schema"]))
        self.setChecked(bool(state.get("postgis", False)))

    def validate(self) -> list[str]:
        """Show the first problem under the box and return it (nothing when not ticked)."""
        message = self.problem() if self.isChecked() else ""
        set_error(self.error, message)
        return [message] if message else []

    def problem(self) -> str:
        """Why the publication cannot start ('' when it can)."""
        from ...core.output.exports.postgis import identifier

        if self.connection.count() == 0:
            return tr(
                "No saved PostgreSQL connection: create one in the Data Source Manager "
                "(PostgreSQL), then press Refresh."
            )
        if not self.connection.currentText():
            return tr("Choose the PostgreSQL connection.")
        schema = self.schema.text().strip()
        if not schema:
            return tr("Give the schema name.")
        try:
            identifier(schema, "schema")
            identifier(self.vintage.text().strip() or _vintage_now(), "vintage")
            identifier(f"{schema}_{self.vintage.text().strip() or _vintage_now()}", "schema")
        except DataFormatError as error:
            return str(error)
        return ""
