"""Read ``metadata.txt``, the single source of the plugin's name and version."""

from __future__ import annotations

import configparser
from functools import lru_cache
from pathlib import Path

PLUGIN_DIR = Path(__file__).resolve().parents[3]
METADATA_PATH = PLUGIN_DIR / "metadata.txt"


class _CaseSensitiveParser(configparser.ConfigParser):
    """A ConfigParser that keeps the case of keys such as ``about[fr]`` and ``qgisMinimumVersion``."""

    def optionxform(self, optionstr: str) -> str:
        """The key as written."""
        return optionstr


@lru_cache(maxsize=1)
def metadata() -> dict[str, str]:
    """Return the ``[general]`` section of metadata.txt as a dict."""
    parser = _CaseSensitiveParser(interpolation=None)
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
