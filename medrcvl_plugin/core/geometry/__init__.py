"""Commune polygons in Lambert-93: bulk reads of a layer, dissolve, points on surface, point-in-polygon,
checks of a user's polygon layer, coordinate plausibility. May import ``base``."""
