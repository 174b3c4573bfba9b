"""``python -m medrcvl_plugin``: the MedRCVL command line."""

import sys

from .cli.app import main

if __name__ == "__main__":
    sys.exit(main())
