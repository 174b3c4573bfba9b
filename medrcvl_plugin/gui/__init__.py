"""Dialogs and widgets of MedRCVL (imported lazily by the plugin shell)."""
