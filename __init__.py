"""MedRCVL plugin folder: QGIS entry point delegating to the medrcvl_plugin package."""


def classFactory(iface):  # noqa: N802 (name required by QGIS)
    """Return the plugin instance that QGIS loads."""
    from .medrcvl_plugin import classFactory as factory

    return factory(iface)
