"""GeoPackages exchanged between QGIS versions: one QGIS writes, another opens (styles and metadata included).

``python scripts/gpkg_exchange.py write DIR [--mirror M]``: the reference diagnostic into
DIR/diagnostic.gpkg, then DIR/summary.json = what this QGIS reads back from it.
``python scripts/gpkg_exchange.py check DIR``: opens DIR/diagnostic.gpkg with this QGIS and compares with
DIR/summary.json (exit 1 and the differences when they differ). ``scripts/gpkg_exchange.sh SUITE`` runs both
ways between the host and a chroot of scripts/qgis_matrix.sh.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("communes", "lieux")


def summary(gpkg: Path) -> dict:
    """What a QGIS reads from the diagnostic GeoPackage: rows, fields, aliases, default style, metadata."""
    from qgis.core import QgsVectorLayer

    out: dict = {}
    for name in LAYERS:
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        if not layer.isValid():
            out[name] = "not valid"
            continue
        styles = layer.listStylesInDatabase()
        md = layer.metadata()
        renderer = layer.renderer()
        out[name] = {
            "features": layer.featureCount(),
            "crs": layer.crs().authid(),
            "fields": [f.name() for f in layer.fields()],
            "aliases": {f.name(): layer.attributeAlias(i) for i, f in enumerate(layer.fields())},
            "styles": sorted(styles[2]) if styles and len(styles) > 2 else [],
            "renderer": renderer.type() if renderer else None,
            "legend": [
                [item.label(), list(item.symbol().color().getRgb()) if item.symbol() else None]
                for item in renderer.legendSymbolItems()
            ]
            if renderer
            else None,
            "labels": bool(layer.labelsEnabled()),
            "metadata": {
                "identifier": md.identifier(),
                "title": md.title(),
                "abstract": md.abstract(),
                "rights": list(md.rights()),
                "licenses": list(md.licenses()),
            },
            "first": sorted(str(v) for v in next(layer.getFeatures()).attributes()),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("write", "check"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--mirror", default=str(ROOT.parent / "shared" / "data"))
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import Qgis, QgsApplication

    gpkg = args.folder / "diagnostic.gpkg"
    if args.action == "write":
        args.folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "medrcvl_plugin",
                "diagnose",
                "--epci",
                "200043081",
                "--mirror",
                args.mirror,
                "--out",
                str(args.folder),
                "--overwrite",
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    app = QgsApplication([], False)
    app.initQgis()
    got = summary(gpkg)
    if args.action == "write":
        got["written_by"] = Qgis.QGIS_VERSION
        (args.folder / "summary.json").write_text(json.dumps(got, ensure_ascii=False, indent=1), "utf-8")
        print(f"gpkg_exchange: {gpkg} written by QGIS {Qgis.QGIS_VERSION}")
        return 0
    wanted = json.loads((args.folder / "summary.json").read_text("utf-8"))
    writer = wanted.pop("written_by")
    bad = [
        f"{name}.{key}: written {wanted[name][key]!r}, read {got[name][key]!r}"
        if isinstance(got.get(name), dict)
        else f"{name}: {got.get(name)}"
        for name in LAYERS
        for key in wanted[name]
        if not isinstance(got.get(name), dict) or got[name][key] != wanted[name][key]
    ]
    print(
        f"gpkg_exchange: {gpkg} written by QGIS {writer}, opened by QGIS {Qgis.QGIS_VERSION}: "
        + ("same layers, fields, aliases, styles and metadata" if not bad else "DIFFERENT")
    )
    for line in dict.fromkeys(bad):
        print("  " + line[:600])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
