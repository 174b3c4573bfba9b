"""Readers: parse each public dataset (CSV, XLSX, GeoJSON, tiles, a user's layer) into a pandas DataFrame with
text codes, naming the file, line and field of what they refuse. May import ``base``, ``sources`` (fetching
the commune polygons and tiles, parsed copies) and ``geometry``."""
