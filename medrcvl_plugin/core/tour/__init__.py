"""The itinerant-service (digital bus) planner: demand read from a diagnostic, stop selection (exact or
greedy), road distances, the tour GeoPackage, CSV and PDF page. May import ``base``, ``geometry``,
``output``."""
