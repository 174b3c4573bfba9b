"""A loopback replica of the live hosts: the real files of ../shared/data served at their live paths and
in their live shapes (quoted COG CSVs, the populations zip, the 2026 EPCI workbook, geo.api GeoJSON with
404 for unknown codes, the national places export by départements, France Services behind a 302 with a
``;`` file, ARCEP's ``last/`` files). ``MEDRCVL_LIVE_BASE`` = ``replica.base`` routes the plugin to it.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

COG = "/www.insee.fr/fr/statistiques/fichier/8740222/"
POPULATION = "/www.insee.fr/fr/statistiques/fichier/8680726/ensemble.zip"
EPCI = "/www.collectivites-locales.gouv.fr/files/files/Etudes-et-statistiques/DESL/2026/EPCI/epcicom2026.xlsx"
PLACES = "/cartographie.societenumerique.gouv.fr/lieux/exporter"
FRANCE_SERVICES = "/www.data.gouv.fr/fr/datasets/r/31576dff-fd61-4de9-819f-32c2f880b142"
FRANCE_SERVICES_FILE = "/static.data.gouv.fr/resources/france-services/20240801-000000/liste-fs-20240801.csv"
ARCEP = "/data.arcep.fr/fixe/maconnexioninternet/statistiques/last/commune/"
GEO_API = "/geo.api.gouv.fr/"
TILES = "/fragilite-numerique.fr/api/tiles/city/"
AIDANTS_CONNECT = (
    "/raw.githubusercontent.com/inclusion-numerique/inclusion-numerique/"
    "38263aa2f488174e0ce5b581e9ef40bfbe943948/apps/web/public/data/aidants-connect_structures.csv"
)


def quoted(path: Path, sep: str = ",", bom: bool = False) -> bytes:
    """A CSV re-written with every field quoted (INSEE's and data.gouv's live shape)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=_separator(path)))
    out = io.StringIO()
    csv.writer(out, delimiter=sep, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def _separator(path: Path) -> str:
    head = path.open(encoding="utf-8-sig").readline()
    return ";" if head.count(";") > head.count(",") else ","


class Replica:
    """The server, its request log and the answers it may be told to spoil."""

    def __init__(self, data: Path, tiles: Path | None = None) -> None:
        self.data = data
        self.tiles = tiles  # a folder of MVT tiles z/x/y.pbf for the IFN tiles route
        self.log: list[str] = []
        self.broken: set[str] = set()  # paths answered with an HTML error page instead of the file
        self.slow: dict[str, float] = {}  # paths answered only after that many seconds (a slow export)
        self.communes = self._communes()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True  # a slow answer does not hold the test's end
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Replica:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _communes(self) -> dict[str, list[dict]]:
        """Features of every département's commune polygons, by département."""
        found = {}
        for path in sorted((self.data / "communes" / "france").glob("communes-*.geojson")):
            found[path.name.split("-")[1]] = path
        for path in sorted((self.data / "communes").glob("communes-*-2018.geojson")):  # what a mirror uses
            found[path.name.split("-")[1]] = path
        return found

    def _members(self, siren: str) -> set[str]:
        from medrcvl_plugin.core.readers.epci import read_epci_composition

        if not hasattr(self, "_composition"):
            self._composition = read_epci_composition(self.data / "epci" / "epcicom.xlsx")
        frame = self._composition
        return set(frame.loc[frame["siren"] == siren, "insee"])

    def _geo_api(self, path: str) -> tuple[int, str, bytes]:
        parts = path[len(GEO_API) :].strip("/").split("/")
        if len(parts) != 3 or parts[2] != "communes":
            return 404, "text/plain", b"Not Found"
        kind, code = parts[0], parts[1]
        if kind == "departements":
            deps, wanted = [code], None
        elif kind == "epcis":
            wanted = self._members(code)
            deps = sorted({c[:3] if c.startswith("97") else c[:2] for c in wanted})
        else:
            return 404, "text/plain", b"Not Found"
        features = []
        for dep in deps:
            if dep not in self.communes:
                continue
            layer = json.loads(self.communes[dep].read_text(encoding="utf-8"))
            features += [f for f in layer["features"] if wanted is None or f["properties"]["code"] in wanted]
        if not features:
            return 404, "text/plain", b"Not Found"
        collection = {"type": "FeatureCollection", "features": features}
        return 200, "application/json", json.dumps(collection).encode()

    def _places(self, query: dict) -> bytes:
        deps = [d for d in query.get("territoires", [""])[0].split(",") if d]
        source = self.data / "lieux" / "lieux-centre-val-de-loire-hub-lo-2020.standard.csv"
        with open(source, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows = [r for r in reader]
        insee, postal = header.index("code_insee"), header.index("code_postal")
        kept = [r for r in rows if any((r[insee] or r[postal]).startswith(d) for d in deps)]
        out = io.StringIO()
        csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([header, *kept])
        return out.getvalue().encode("utf-8")

    def answer(self, target: str) -> tuple[int, dict, bytes]:
        """(status, headers, body) for a request target ``/HOST/PATH?QUERY``."""
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        if path in self.broken:
            page = b"<!DOCTYPE html><html><body>Maintenance</body></html>"
            return 200, {"Content-Type": "text/html"}, page
        csv_type = {"Content-Type": "text/csv; charset=utf-8"}
        if path == COG + "v_commune_2026.csv":
            return 200, csv_type, quoted(self.data / "cog" / "communes.csv")
        if path == COG + "v_mvt_commune_2026.csv":
            return 200, csv_type, quoted(self.data / "cog" / "mouvements-communes.csv")
        if path == POPULATION:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(self.data / "population" / "donnees_communes.csv", "donnees_communes.csv")
            return 200, {"Content-Type": "application/zip"}, buffer.getvalue()
        if path == EPCI:
            kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return 200, {"Content-Type": kind}, (self.data / "epci" / "epcicom.xlsx").read_bytes()
        if path == PLACES and query.get("territoire_type") == ["departements"]:
            return 200, csv_type, self._places(query)
        if path == FRANCE_SERVICES:
            return 302, {"Location": self.base + FRANCE_SERVICES_FILE}, b""
        if path == FRANCE_SERVICES_FILE:
            return (
                200,
                {**csv_type, "Last-Modified": "Thu, 01 Aug 2024 08:00:00 GMT"},
                quoted(self.data / "lieux" / "liste-fs-20240801.csv", sep=";", bom=True),
            )
        if path == AIDANTS_CONNECT:
            return (
                200,
                {"Content-Type": "text/plain; charset=utf-8"},
                (self.data / "programmes" / "20240212-aidants_connect_structures.csv").read_bytes(),
            )
        if path.startswith(ARCEP):
            sample = self.data / "arcep" / (Path(path).stem + ".sample.csv")
            if sample.is_file():
                return 200, csv_type, sample.read_bytes()
        if path.startswith("/files/"):  # a file a user gives by URL (an intranet share, say)
            local = self.data / path[len("/files/") :]
            if local.is_file() and local.resolve().is_relative_to(self.data.resolve()):
                return 200, csv_type, local.read_bytes()
        if path.startswith(TILES) and self.tiles is not None and query.get("variation") == ["all"]:
            tile = self.tiles / (path[len(TILES) :] + ".pbf")
            if tile.is_file():
                return 200, {"Content-Type": "application/vnd.mapbox-vector-tile"}, tile.read_bytes()
        if path.startswith(GEO_API):
            status, kind, body = self._geo_api(path)
            return status, {"Content-Type": kind}, body
        return 404, {"Content-Type": "text/plain"}, b"Not Found"

    def _handler(self):
        replica = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                replica.log.append(self.path)
                delay = replica.slow.get(urlsplit(self.path).path)
                if delay:
                    time.sleep(delay)
                status, headers, body = replica.answer(self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler
