"""Indicators page: the indicator mapped and the thresholds of the priority flag."""

from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QVBoxLayout,
    QWidget,
)

from ...core.base.i18n import tr
from ..widgets import error_label, note_label, set_error

DEFAULT_THRESHOLDS = {"ifn_score": 6.5, "dist_lieu_km": 5.0}  # as core.indicators


def mapped_fields() -> list[tuple[str, str]]:
    """The commune fields that can be mapped, with their labels."""
    return [
        ("ifn_score", tr("Digital-fragility index (IFN, 1–10)")),
        ("ifn_no_thd", tr("IFN – no very-high-speed coverage")),
        ("ifn_no_4g", tr("IFN – no 4G coverage")),
        ("ifn_poverty", tr("IFN – poverty")),
        ("ifn_65plus", tr("IFN – aged 65 and over")),
        ("ifn_low_diploma", tr("IFN – low diploma")),
        ("gap_dep_ifn", tr("IFN gap to the département")),
        ("lieux_per_10k", tr("Mediation places per 10,000 inhabitants")),
        ("dist_lieu_km", tr("Distance to the nearest mediation place (km)")),
        ("ftth_share", tr("Share of premises eligible to FTTH")),
    ]


class IndicatorsPage(QWidget):
    """The mapped indicator and the priority thresholds."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        box = QGroupBox(tr("Indicators"), self)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(
            note_label(
                tr(
                    "Every indicator is computed for each commune: the IFN and its five sub-scores, fixed "
                    "broadband coverage (ARCEP), mediation places (count, per 10,000 inhabitants, by "
                    "category and programme), "
                    "distances to the nearest place and France services, and comparisons with the EPCI, "
                    "département, région and France. A dataset that cannot be had leaves its fields empty."
                ),
                box,
            )
        )
        form = QFormLayout()
        self.mapped = QComboBox(box)
        for name, label in mapped_fields():
            self.mapped.addItem(label, name)
        form.addRow(tr("Indicator shown on the map and in the atlas"), self.mapped)
        box_layout.addLayout(form)
        layout.addWidget(box)

        thresholds = QGroupBox(tr("Priority communes"), self)
        form = QFormLayout(thresholds)
        form.addRow(
            note_label(
                tr(
                    "A commune is flagged as a priority when its IFN score reaches the "
                    "threshold and no mediation place lies within the distance."
                ),
                thresholds,
            )
        )
        self.ifn = self._spin(thresholds, 1.0, 10.0, 0.1, DEFAULT_THRESHOLDS["ifn_score"], "")
        self.distance = self._spin(thresholds, 0.0, 200.0, 0.5, DEFAULT_THRESHOLDS["dist_lieu_km"], " km")
        form.addRow(tr("IFN score at least (1–10)"), self.ifn)
        form.addRow(tr("No place within"), self.distance)
        self.threshold_error = error_label(thresholds)
        form.addRow(self.threshold_error)
        layout.addWidget(thresholds)
        layout.addStretch(1)

    @staticmethod
    def _spin(
        parent: QWidget, low: float, high: float, step: float, value: float, suffix: str
    ) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(parent)
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setDecimals(1)
        spin.setValue(value)
        spin.setSuffix(suffix)
        return spin

    def thresholds(self) -> dict[str, float]:
        """The priority thresholds keyed by the GeoPackage field they apply to."""
        return {"ifn_score": self.ifn.value(), "dist_lieu_km": self.distance.value()}

    def mapped_field(self) -> str:
        """The commune field mapped in the project and the atlas."""
        return self.mapped.currentData()

    def state(self) -> dict:
        """The choices as a JSON-able dict."""
        return {"mapped": self.mapped_field(), "thresholds": self.thresholds()}

    def restore(self, state: dict) -> None:
        """Restore :meth:`state`."""
        index = self.mapped.findData(state.get("mapped"))
        if index >= 0:
            self.mapped.setCurrentIndex(index)
        values = state.get("thresholds", {})
        for key, spin in (("ifn_score", self.ifn), ("dist_lieu_km", self.distance)):
            if isinstance(values.get(key), (int, float)):
                spin.setValue(float(values[key]))

    def validate(self) -> list[str]:
        """Check the thresholds; return the problems."""
        message = ""
        if self.ifn.value() <= 1.0:
            message = tr("An IFN threshold of 1 flags every commune: choose a higher score.")
        set_error(self.threshold_error, message)
        return [message] if message else []
