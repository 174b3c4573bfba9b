"""Writing results: output sets checked before work and swapped in together (folder lock, verification), the
diagnostic GeoPackage, default styles, the PDF atlas (``atlas``) and the partner exports (``exports``: CSV,
XLSX, national standard, places quality, PostGIS). May import every earlier stage: ``base``, ``sources``,
``geometry``, ``readers``, ``territory``, ``indicators``."""
