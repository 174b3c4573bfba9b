"""MedRCVL: digital-fragility diagnostics of French territories in QGIS."""


def classFactory(iface):
    """Return the MedRCVL plugin shell for ``iface``."""
    from .plugin import MedrcvlPlugin

    return MedrcvlPlugin(iface)
