"""GUI-free core of MedRCVL: sources, readers, diagnostic, styles, atlas and exports."""
