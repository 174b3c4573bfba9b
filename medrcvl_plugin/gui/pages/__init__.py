"""The pages (tabs) of the diagnostic dialog: territory, sources, indicators, outputs."""
