"""Territory page: search an EPCI, a département or a commune, or use a commune layer of the project."""

from __future__ import annotations

from typing import Optional

from qgis.core import QgsFieldProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsFieldComboBox, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...compat import LAYER_FILTER_POLYGON
from ...core.base.codes import COMMUNE_CODE, commune_code
from ...core.base.i18n import tr
from ...core.territory.search import Territory, TerritoryIndex, territory_from_code
from ..widgets import error_label, note_label, set_error

SAMPLE = 50


class TerritoryPage(QWidget):
    """Choose the territory of the diagnostic."""

    changed = pyqtSignal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.index: Optional[TerritoryIndex] = None
        self.selected: Optional[Territory] = None
        layout = QVBoxLayout(self)

        self.search_radio = QRadioButton(tr("Search an EPCI, a département or a commune"))
        self.layer_radio = QRadioButton(tr("Use a commune polygon layer of the project"))
        group = QButtonGroup(self)
        group.addButton(self.search_radio)
        group.addButton(self.layer_radio)
        self.search_radio.setChecked(True)

        layout.addWidget(self.search_radio)
        self.search_box = QGroupBox(self)
        search_layout = QVBoxLayout(self.search_box)
        self.search_edit = QLineEdit(self.search_box)
        self.search_edit.setPlaceholderText(tr("Name or code, e.g. Chinon, chouze, 200043081, 37"))
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget(self.search_box)
        self.results.setMinimumHeight(140)
        self.index_status = note_label(tr("Loading the list of territories…"), self.search_box)
        self.selected_label = QLabel(tr("No territory selected."), self.search_box)
        self.selected_label.setWordWrap(True)
        self.search_error = error_label(self.search_box)
        for widget in (
            self.search_edit,
            self.results,
            self.index_status,
            self.selected_label,
            self.search_error,
        ):
            search_layout.addWidget(widget)
        layout.addWidget(self.search_box)

        layout.addWidget(self.layer_radio)
        self.layer_box = QGroupBox(self)
        layer_layout = QVBoxLayout(self.layer_box)
        layer_layout.addWidget(QLabel(tr("Commune layer"), self.layer_box))
        self.layer_combo = QgsMapLayerComboBox(self.layer_box)
        self.layer_combo.setFilters(LAYER_FILTER_POLYGON)
        self.layer_combo.setAllowEmptyLayer(True)
        self.layer_combo.setLayer(None)
        layer_layout.addWidget(self.layer_combo)
        layer_layout.addWidget(QLabel(tr("Field holding the INSEE commune code"), self.layer_box))
        self.field_combo = QgsFieldComboBox(self.layer_box)
        self.field_combo.setFilters(
            QgsFieldProxyModel.Filter.String
            | QgsFieldProxyModel.Filter.Int
            | QgsFieldProxyModel.Filter.LongLong
        )
        layer_layout.addWidget(self.field_combo)
        self.layer_error = error_label(self.layer_box)
        layer_layout.addWidget(self.layer_error)
        layout.addWidget(self.layer_box)
        layout.addStretch(1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh_results)
        self.search_edit.textChanged.connect(self._on_text)
        self.search_edit.returnPressed.connect(self.refresh_results)
        self.results.currentItemChanged.connect(self._on_pick)
        self.layer_combo.layerChanged.connect(self._on_layer)
        self.field_combo.fieldChanged.connect(lambda _name: self.changed.emit())
        self.search_radio.toggled.connect(self._on_mode)
        self._on_mode()

    # -- state -----------------------------------------------------------------------------------
    def set_index(self, index: Optional[TerritoryIndex], message: str = "") -> None:
        """Give the search index (None with a ``message`` when it could not be loaded)."""
        self.index = index
        if index is None:
            self.index_status.setText(
                message
                or tr(
                    "The list of territories is not available: "
                    "type an EPCI SIREN, a département or commune code."
                )
            )
        else:
            self.index_status.setText(tr("{n} territories known.").format(n=len(index)))
            known = index.get(self.selected.kind, self.selected.code) if self.selected else None
            if known is not None and known != self.selected:  # a bare code gets its name
                self.select(known)
        self.refresh_results()

    def use_layer(self) -> bool:
        """True when the commune layer of the project is used instead of a searched territory."""
        return self.layer_radio.isChecked()

    def select(self, territory: Optional[Territory]) -> None:
        """Make ``territory`` the chosen one."""
        self.selected = territory
        if territory is None:
            self.selected_label.setText(tr("No territory selected."))
        else:
            self.selected_label.setText(tr("Selected: {label}").format(label=territory.label()))
        self.changed.emit()

    def territory_name(self) -> str:
        """A short name of the chosen territory (for the layer group and messages)."""
        if self.use_layer():
            layer = self.layer_combo.currentLayer()
            return layer.name() if layer is not None else ""
        return self.selected.name if self.selected else ""

    def state(self) -> dict:
        """The choices of the page as a JSON-able dict."""
        layer = self.layer_combo.currentLayer()
        t = self.selected
        return {
            "mode": "layer" if self.use_layer() else "search",
            "kind": t.kind if t else "",
            "code": t.code if t else "",
            "name": t.name if t else "",
            "detail": t.detail if t else "",
            "layer_id": layer.id() if layer else "",
            "field": self.field_combo.currentField(),
        }

    def restore(self, state: dict, default_code: str = "") -> None:
        """Restore :meth:`state` (or select ``default_code`` when nothing was saved)."""
        if state.get("code"):
            self.select(
                Territory(
                    state.get("kind") or "epci",
                    state["code"],
                    state.get("name") or state["code"],
                    state.get("detail", ""),
                )
            )
        elif default_code:
            self.select(territory_from_code(default_code))
        layer = QgsProject.instance().mapLayer(state.get("layer_id", "")) if state.get("layer_id") else None
        if layer is not None:
            self.layer_combo.setLayer(layer)
            self.field_combo.setField(state.get("field", ""))
        (
            self.layer_radio if state.get("mode") == "layer" and layer is not None else self.search_radio
        ).setChecked(True)

    # -- slots -----------------------------------------------------------------------------------
    def _on_text(self, _text: str) -> None:
        self._timer.start()

    def _on_mode(self) -> None:
        self.search_box.setEnabled(not self.use_layer())
        self.layer_box.setEnabled(self.use_layer())
        self.changed.emit()

    def _on_layer(self, layer) -> None:
        self.field_combo.setLayer(layer)
        if layer is not None:
            for name in ("code_insee", "insee_com", "INSEE_COM", "code", "com", "COM"):
                if layer.fields().indexOf(name) >= 0:
                    self.field_combo.setField(name)
                    break
        self.changed.emit()

    def _on_pick(self, item: Optional[QListWidgetItem], _previous=None) -> None:
        if item is not None:
            self.select(item.data(Qt.ItemDataRole.UserRole))

    def refresh_results(self) -> None:
        """Fill the result list for the search text."""
        self._timer.stop()
        text = self.search_edit.text().strip()
        self.results.blockSignals(True)
        self.results.clear()
        found = self.index.search(text) if self.index is not None and text else []
        if not found and text:
            guess = territory_from_code(text)
            found = [guess] if guess is not None else []
        for territory in found:
            item = QListWidgetItem(territory.label())
            item.setData(Qt.ItemDataRole.UserRole, territory)
            self.results.addItem(item)
        self.results.blockSignals(False)
        if text and not found:
            set_error(self.search_error, tr("No territory matches “{text}”.").format(text=text))
        else:
            set_error(self.search_error, "")

    # -- validation ------------------------------------------------------------------------------
    def validate(self) -> list[str]:
        """Check the page; show each problem under its field and return the messages."""
        problems: list[str] = []
        set_error(self.layer_error, "")
        if not self.use_layer():
            if self.selected is None:
                message = tr("Choose a territory: type a name or a code and pick it in the list.")
                set_error(self.search_error, message)
                problems.append(message)
            elif not self.search_edit.text().strip():
                set_error(self.search_error, "")
            return problems
        set_error(self.search_error, "")
        message = layer_problem(self.layer_combo.currentLayer(), self.field_combo.currentField())
        if message:
            set_error(self.layer_error, message)
            problems.append(message)
        return problems


def layer_problem(layer: Optional[QgsVectorLayer], field: str) -> str:
    """Why ``layer``/``field`` cannot serve as communes ('' when they can)."""
    if layer is None:
        return tr("Choose a commune polygon layer.")
    if not layer.isValid():
        return tr("The layer {name} cannot be read.").format(name=layer.name())
    if not field:
        return tr("Choose the field of layer {name} that holds the INSEE commune codes.").format(
            name=layer.name()
        )
    if layer.fields().indexOf(field) < 0:
        return tr("The layer {name} has no field {field}.").format(name=layer.name(), field=field)
    if layer.featureCount() == 0:
        return tr("The layer {name} has no feature.").format(name=layer.name())
    for n, feature in enumerate(layer.getFeatures()):
        value = feature[field]
        text = commune_code(value) or ""  # an integer field drops the leading zero of 01001
        if not COMMUNE_CODE.match(text):
            return tr(
                "Field {field} does not hold INSEE commune codes (5 characters, e.g. 37072): "
                "found {value!r}."
            ).format(field=field, value=text)
        if n >= SAMPLE:
            break
    return ""
