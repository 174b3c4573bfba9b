"""Small widget helpers of the dialog: red error labels under fields, bold titles."""

from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtCore import QRect, Qt
from qgis.PyQt.QtWidgets import QLabel, QSizePolicy, QWidget

ERROR_STYLE = "color: #c0392b;"


def error_label(parent: Optional[QWidget] = None) -> QLabel:
    """A hidden, word-wrapped red label meant to sit right under a field."""
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    label.setVisible(False)
    label.setObjectName("error")
    return label


def set_error(label: QLabel, message: str) -> None:
    """Show ``message`` in the error label (hide it when empty), tall enough for its wrapped lines."""
    label.setText(message)
    label.setVisible(bool(message))
    if message:
        label.setMinimumHeight(wrapped_height(label, message))


def wrapped_height(label: QLabel, text: str) -> int:
    """The height ``text`` needs once word-wrapped to the label's (or its parent's) width.

    Layouts inside a QTabWidget size a word-wrapped label for a guessed width and cut its last line.
    """
    parent = label.parentWidget()
    width = label.width() if label.isVisible() and label.width() > 80 else 0
    if not width and parent is not None:
        width = parent.width() - 24
    width = max(width - 40, 300)  # QLabel wraps earlier than the bare font metrics
    wrap = Qt.TextFlag.TextWordWrap
    flags = wrap.value if hasattr(wrap, "value") else int(wrap)  # a Python enum on PyQt6
    rect = label.fontMetrics().boundingRect(QRect(0, 0, width, 10000), flags, text)
    return rect.height() + 4


def note_label(text: str, parent: Optional[QWidget] = None) -> QLabel:
    """A word-wrapped grey explanatory label."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


def title_label(text: str, parent: Optional[QWidget] = None) -> QLabel:
    """A bold section title."""
    label = QLabel(f"<b>{text}</b>", parent)
    label.setWordWrap(True)
    return label
