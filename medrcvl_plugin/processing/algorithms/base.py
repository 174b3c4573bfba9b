"""Base class and helpers shared by every MedRCVL Processing algorithm."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from qgis.core import (
    QgsLayerMetadata,
    QgsMapLayer,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingUtils,
)
from qgis.PyQt.QtGui import QIcon

from ...core.base import errors
from ...core.base.i18n import tr
from ...core.sources.provenance import Provenance

ICON = Path(__file__).resolve().parents[3] / "resources" / "icon.svg"
T = TypeVar("T")


def group_name(group_id: str) -> str:
    """Translated display name of an algorithm group id."""
    names = {
        "data": tr("Data loading"),
        "diagnostic": tr("Diagnostic"),
        "maps": tr("Maps and atlas"),
        "exports": tr("Exports"),
    }
    return names.get(group_id, group_id)


def to_processing_exception(error: BaseException) -> QgsProcessingException:
    """Turn an exception of ``core/base/errors.py`` (or an OSError) into a QgsProcessingException."""
    if isinstance(error, errors.CancelledError):
        return QgsProcessingException(str(error) or tr("Cancelled by the user."))
    return QgsProcessingException(errors.user_message(error))


class FeedbackLogHandler(logging.Handler):
    """Send the ``medrcvl_plugin`` log records to a processing feedback while an algorithm runs.

    Records of :data:`SELF_REPORTING` modules are skipped: they already push the same text to the
    feedback themselves; so are records of other threads (another algorithm running concurrently).
    """

    SELF_REPORTING = ("medrcvl_plugin.core.diagnostic",)

    def __init__(self, feedback: QgsProcessingFeedback) -> None:
        super().__init__(logging.INFO)
        self.feedback = feedback
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.endswith(self.SELF_REPORTING) or record.thread != self.thread:
            return
        try:
            text = self.format(record)
            if record.levelno >= logging.ERROR:
                self.feedback.reportError(text, False)
            elif record.levelno >= logging.WARNING:
                self.feedback.pushWarning(text)
            else:
                self.feedback.pushInfo(text)
        except Exception:  # pragma: no cover - logging must never break an algorithm
            self.handleError(record)


@contextlib.contextmanager
def log_to_feedback(feedback: QgsProcessingFeedback | None) -> Iterator[None]:
    """While the block runs, copy the package's log records (INFO and up) to ``feedback``."""
    if feedback is None:
        yield
        return
    logger = logging.getLogger("medrcvl_plugin")
    handler = FeedbackLogHandler(feedback)
    handler.setFormatter(logging.Formatter("%(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def layer_metadata(title: str, provenances: list[Provenance], abstract: str = "") -> QgsLayerMetadata:
    """A QgsLayerMetadata naming the datasets, vintages, licences and links of ``provenances``."""
    meta = QgsLayerMetadata()
    meta.setTitle(title)
    lines = [abstract] if abstract else []
    rights = []
    licences = []
    for prov in provenances:
        lines.append(f"{prov.title} – {prov.producer} ({prov.vintage})")
        if prov.attribution and prov.attribution not in rights:
            rights.append(prov.attribution)
        if prov.licence and prov.licence not in licences:
            licences.append(prov.licence)
        if prov.location:
            link = QgsLayerMetadata.Link(
                prov.title, "WWW:LINK" if "://" in prov.location else "file", prov.location
            )
            link.description = tr("{m} read on {d}").format(m=prov.mode or "-", d=prov.retrieved or "-")
            meta.addLink(link)
    meta.setAbstract("\n".join(lines))
    meta.setRights(rights)
    meta.setLicenses(licences)
    return meta


class LayerFinisher(QgsProcessingLayerPostProcessorInterface):
    """Post-processor giving a loaded output layer its metadata and, optionally, a style."""

    def __init__(
        self, metadata: QgsLayerMetadata | None = None, style: Callable[[QgsMapLayer], Any] | None = None
    ) -> None:
        super().__init__()
        self.metadata = metadata
        self.style = style

    def postProcessLayer(
        self, layer: QgsMapLayer, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> None:
        finish_layer(layer, self.metadata, self.style, feedback)


def finish_layer(
    layer: QgsMapLayer,
    metadata: QgsLayerMetadata | None,
    style: Callable[[QgsMapLayer], Any] | None,
    feedback=None,
) -> None:
    """Set ``metadata`` on ``layer`` and apply ``style``; a failing style is only a warning."""
    if metadata is not None:
        layer.setMetadata(metadata)
    if style is not None:
        try:
            style(layer)
        except Exception as error:
            if feedback is not None:
                feedback.pushWarning(tr("Could not style {n}: {e}").format(n=layer.name(), e=error))


_FINISHERS: list[LayerFinisher] = []  # post-processors must outlive processAlgorithm


def attach_finisher(
    context: QgsProcessingContext,
    layer_id: str,
    metadata: QgsLayerMetadata | None,
    style: Callable[[QgsMapLayer], Any] | None = None,
    feedback=None,
) -> None:
    """Give the output ``layer_id`` its metadata/style now (if in the context) and when loaded."""
    layer = QgsProcessingUtils.mapLayerFromString(layer_id, context, False)
    if layer is not None:
        finish_layer(layer, metadata, style, feedback)
    if context.willLoadLayerOnCompletion(layer_id):
        finisher = LayerFinisher(metadata, style)
        _FINISHERS.append(finisher)
        del _FINISHERS[:-20]
        context.layerToLoadOnCompletionDetails(layer_id).setPostProcessor(finisher)


def style_function(name: str) -> Callable[[QgsMapLayer], Any]:
    """``core.styles.<name>`` (AttributeError when it has no such function)."""
    from ...core.output import styles

    return getattr(styles, name)


class MedrcvlAlgorithm(QgsProcessingAlgorithm):
    """Common behaviour: group, translation, instance creation, help text and error handling.

    Subclasses define ``ALGORITHM_ID`` (lower case), ``GROUP_ID`` (``data``, ``diagnostic``,
    ``maps`` or ``exports``), :meth:`displayName`, :meth:`help_text` (a ``self.tr("...")``
    literal), ``initAlgorithm`` and ``processAlgorithm``; inside ``processAlgorithm`` call the
    core through :meth:`call_core` so typed errors become clear ``QgsProcessingException``\\ s.
    """

    ALGORITHM_ID = ""
    GROUP_ID = "data"

    def tr(self, text: str) -> str:
        """Translate ``text`` in the MedRCVL context."""
        return tr(text)

    def name(self) -> str:
        return self.ALGORITHM_ID

    def group(self) -> str:
        return group_name(self.GROUP_ID)

    def groupId(self) -> str:
        return self.GROUP_ID

    def createInstance(self) -> MedrcvlAlgorithm:
        return type(self)()

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def help_text(self) -> str:
        """The algorithm's help; override with a ``self.tr("...")`` literal."""
        return ""

    def shortHelpString(self) -> str:
        text = self.help_text()
        attribution = self.tr(
            "MedRCVL: data from La MedNum/ANSA, INSEE, ARCEP, ANCT, IGN " "(Licence Ouverte / Etalab 2.0)."
        )
        return f"{text}\n\n{attribution}" if text else attribution

    def call_core(
        self,
        function: Callable[..., T],
        *args: Any,
        feedback: QgsProcessingFeedback | None = None,
        **kwargs: Any,
    ) -> T:
        """Run ``function(*args, feedback=feedback, **kwargs)``; typed errors → QgsProcessingException."""
        with log_to_feedback(feedback):
            try:
                return function(*args, feedback=feedback, **kwargs)
            except QgsProcessingException:
                raise
            except (errors.MedrcvlError, OSError, sqlite3.Error) as error:
                raise to_processing_exception(error) from error

    @staticmethod
    def check_canceled(feedback: QgsProcessingFeedback | None) -> None:
        """Raise a QgsProcessingException when the user cancelled."""
        if feedback is not None and feedback.isCanceled():
            raise QgsProcessingException(tr("Cancelled by the user."))
