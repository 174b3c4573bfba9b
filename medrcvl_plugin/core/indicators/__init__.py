"""The per-commune indicators: places located in the communes, distances to the nearest place, national
programmes, the IFN tile fallback, gaps to the reference levels, priority flags, the places quality report.
May import ``base``, ``sources``, ``geometry``, ``readers``, ``territory``."""
