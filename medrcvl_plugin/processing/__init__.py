"""Processing provider and algorithms of MedRCVL."""
