"""Processing algorithm ``medrcvl:loadcommunes``: the commune polygons of a territory."""

from __future__ import annotations

import re

from qgis.core import (
    QgsFeatureSink,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsVectorLayer,
)

from ...core.base.errors import TerritoryError
from ...core.base.i18n import tr
from ...core.sources.provenance import Provenance
from .base import MedrcvlAlgorithm, attach_finisher, layer_metadata

KINDS = ["epci", "departement", "communes"]


def epci_member_codes(
    siren: str, mirror: str | None, feedback=None
) -> tuple[list[str] | None, Provenance | None]:
    """Member codes of EPCI ``siren`` from the DGCL composition of the mirror ((None, None) without)."""
    from ...core.base.errors import SourceUnavailable
    from ...core.base.settings import Settings
    from ...core.readers import epci
    from ...core.sources import fetch

    if not (mirror or Settings.load().mirror):
        return None, None
    try:
        fetched = fetch.obtain("epci_composition", mirror=mirror, feedback=feedback)
    except SourceUnavailable:
        return None, None
    frame = fetch.read_fetched(fetched, epci.read_epci_composition)
    return epci.epci_members(frame, siren), fetched.provenance


def load_territory(
    kind: str, value: str, mirror: str | None = None, feedback=None
) -> tuple[QgsVectorLayer, list[Provenance]]:
    """The commune layer of territory ``kind``/``value`` and the provenance of its datasets."""
    from ...core.readers import communes

    if kind == "epci":
        if not re.fullmatch(r"\d{9}", value):
            raise TerritoryError(tr("{value!r} is not an EPCI SIREN (9 digits).").format(value=value))
        codes, members = epci_member_codes(value, mirror, feedback)
        layer, provenance = communes.load_communes(epci=value, codes=codes, mirror=mirror, feedback=feedback)
        return layer, [provenance] + ([members] if members else [])
    if kind == "departement":
        layer, provenance = communes.load_communes(departement=value, mirror=mirror, feedback=feedback)
        return layer, [provenance]
    codes = [c.strip() for c in value.replace(";", ",").replace(" ", ",").split(",") if c.strip()]
    layer, provenance = communes.load_communes(codes=codes, mirror=mirror, feedback=feedback)
    return layer, [provenance]


class LoadCommunesAlgorithm(MedrcvlAlgorithm):
    """Load the communes of an EPCI, a département or a list of INSEE codes."""

    ALGORITHM_ID = "loadcommunes"
    GROUP_ID = "data"
    TERRITORY_KIND = "TERRITORY_KIND"
    TERRITORY = "TERRITORY"
    MIRROR = "MIRROR"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:
        return self.tr("Load the communes of a territory")

    def help_text(self) -> str:
        return self.tr(
            "Loads the commune polygons (INSEE code, name) of an EPCI (SIREN), a département "
            "(code) or a comma-separated list of INSEE commune codes, from geo.api.gouv.fr or "
            "from a mirror folder/URL laid out like the MedRCVL data mirror."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterEnum(
                self.TERRITORY_KIND,
                self.tr("Territory kind"),
                options=[self.tr("EPCI (SIREN)"), self.tr("Département"), self.tr("List of communes")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.TERRITORY, self.tr("Territory code(s)"), defaultValue="200043081"
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.MIRROR, self.tr("Data mirror (folder or base URL)"), optional=True
            )
        )
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Communes")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:
        kind = KINDS[self.parameterAsEnum(parameters, self.TERRITORY_KIND, context)]
        value = self.parameterAsString(parameters, self.TERRITORY, context).strip()
        if not value:
            raise QgsProcessingException(self.tr("Give a territory code."))
        mirror = self.parameterAsString(parameters, self.MIRROR, context).strip() or None
        feedback.pushInfo(self.tr("Loading the communes of {k} {v}…").format(k=kind, v=value))
        layer, provenances = self.call_core(load_territory, kind, value, mirror, feedback=feedback)
        feedback.pushInfo(self.tr("{n} communes.").format(n=layer.featureCount()))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, layer.fields(), layer.wkbType(), layer.crs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        total = max(layer.featureCount(), 1)
        for i, feature in enumerate(layer.getFeatures()):
            self.check_canceled(feedback)
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
            feedback.setProgress(100.0 * (i + 1) / total)
        self._finish = (
            dest_id,
            layer_metadata(self.tr("Communes of {k} {v}").format(k=kind, v=value), provenances),
        )
        return {self.OUTPUT: dest_id}

    def postProcessAlgorithm(self, context, feedback) -> dict:
        dest_id, metadata = getattr(self, "_finish", (None, None))
        if dest_id:
            attach_finisher(context, dest_id, metadata, None, feedback)
        return {}
