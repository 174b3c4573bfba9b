"""Read ``metadata.txt``, the single source of the plugin's name and version."""

from __future__ import annotations

import configparser
from functools import lru_cache
from pathlib import Path

PLUGIN_DIR = Path(__file__).resolve().parents[2]
METADATA_PATH = PLUGIN_DIR / "metadata.txt"


@lru_cache(maxsize=1)
def metadata() -> dict[str, str]:
    """Return the ``[general]`` section of metadata.txt as a dict."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keep keys such as about[fr]
    parser.read(METADATA_PATH, encoding="utf-8")
    return dict(parser["general"])


def plugin_name() -> str:
    """Plugin name from metadata.txt."""
    return metadata()["name"]


def plugin_version() -> str:
    """Plugin version from metadata.txt."""
    return metadata()["version"]


def user_agent() -> str:
    """HTTP user agent ``MedRCVL/<version>``."""
    return f"{plugin_name()}/{plugin_version()}"
