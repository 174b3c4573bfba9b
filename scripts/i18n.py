#!/usr/bin/env python3
"""Extract tr("...") literals from the sources into i18n/medrcvl_fr.ts, or check that all are translated.

i18n.py update            add new strings (unfinished), drop vanished ones, keep translations
i18n.py check             exit 1 listing strings without a French translation
i18n.py import FILE.json  set translations from {"English": "Français", ...}
"""

from __future__ import annotations

import ast
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "i18n" / "medrcvl_fr.ts"
CONTEXT = "MedRCVL"
SOURCES = [ROOT / "medrcvl_plugin"]


def extract() -> dict[str, str]:
    """Every literal passed to ``tr()`` / ``self.tr()``, mapped to its first location."""
    found: dict[str, str] = {}
    for folder in SOURCES:
        for path in sorted(folder.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                arg = node.args[0]
                if name == "tr" and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def read_ts() -> dict[str, str | None]:
    """English → French (None when unfinished) from the .ts file."""
    if not TS.exists():
        return {}
    result: dict[str, str | None] = {}
    for message in ET.parse(TS).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        done = translation is not None and translation.get("type") not in ("unfinished", "obsolete")
        text = translation.text if translation is not None else None
        result[source] = text if (done and text) else None
    return result


def write_ts(strings: dict[str, str], translations: dict[str, str | None]) -> None:
    """Write the .ts file for ``strings`` with the known ``translations``."""
    root = ET.Element("TS", version="2.1", language="fr_FR")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source in sorted(strings):
        message = ET.SubElement(context, "message")
        location = strings[source].rsplit(":", 1)
        ET.SubElement(message, "location", filename="../" + location[0], line=location[1])
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        french = translations.get(source)
        if french:
            translation.text = french
        else:
            translation.set("type", "unfinished")
    ET.indent(root)
    TS.parent.mkdir(exist_ok=True)
    body = ET.tostring(root, encoding="unicode")
    TS.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    strings = extract()
    translations = read_ts()
    if command == "update":
        write_ts(strings, translations)
        missing = [s for s in strings if not translations.get(s)]
        print(f"{len(strings)} strings, {len(missing)} without French translation")
        return 0
    if command == "import":
        extra = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        translations.update({k: v for k, v in extra.items() if v})
        write_ts(strings, translations)
        return main([argv[0], "check"])
    if command == "check":
        missing = {s: loc for s, loc in strings.items() if not translations.get(s)}
        for source, loc in sorted(missing.items(), key=lambda item: item[1]):
            print(f"untranslated: {loc}: {source!r}")
        print(f"i18n: {len(strings)} strings, {len(missing)} untranslated")
        return 1 if missing else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
