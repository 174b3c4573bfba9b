"""Foundations shared by every stage: typed errors, translation, logging, typed settings, atomic file writes,
the plugin's metadata. Imports nothing else of ``core``."""
