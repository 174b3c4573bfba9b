"""MedRCVL plugin folder: QGIS entry point delegating to the medrcvl_plugin package."""


def classFactory(iface):
    """Return the plugin instance that QGIS loads (name required by QGIS)."""
    from . import medrcvl_plugin

    return medrcvl_plugin.classFactory(iface)
