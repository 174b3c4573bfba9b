"""Obtaining the public datasets: the catalogue of sources (URLs, licences, vintages), the one network module
(QGIS's network stack), the download cache and its parsed copies, the choice user file / mirror / live host,
the background prefetch of a run, provenance records. May import ``base`` only; readers are passed in as
callables."""
