"""GUI-free core of MedRCVL, cut as the pipeline of a diagnostic.

Each sub-package owns one stage and imports only the stages before it (checked by tests/unit/test_layout.py):

``base`` → ``sources`` → ``geometry`` → ``readers`` → ``territory`` → ``indicators`` → ``output`` → ``tour``;
``diagnostic`` (this package's one module) runs the stages in order for one territory. Nothing here
imports a widget, ``iface``, the GUI, the CLI or the Processing provider.
"""
