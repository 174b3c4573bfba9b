"""Proof tests of the PDF atlas of the reference territory (19 communes + cover)."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import zipfile

import pytest
from atlas_fixture import cached_diagnostic, commune_names, ifn_scores
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtGui import QColor, QImage

from medrcvl_plugin.core.base.errors import DataFormatError, OutputExistsError, TerritoryError
from medrcvl_plugin.core.output import styles
from medrcvl_plugin.core.output.atlas import AtlasOptions, export_atlas
from medrcvl_plugin.core.output.atlas.export import prepare_project
from medrcvl_plugin.core.output.atlas.layout import build_layout, load_template
from medrcvl_plugin.core.output.atlas.texts import format_number, safe_filename
from tests.conftest import REFERENCE_COMMUNES, ROOT

pytestmark = pytest.mark.realdata
CLASS_LABEL = re.compile(r"\d+,\d – \d+,\d")


def _text(pdf, page=None) -> str:
    """pdftotext of the whole PDF (or one page)."""
    cmd = ["pdftotext", "-layout"]
    if page:
        cmd += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*cmd, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _pages(pdf) -> int:
    """Page count (pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.fixture(scope="module")
def reference(shared_data, tmp_path_factory):
    """The reference diagnostic in out/ and its atlas exported once."""
    out = tmp_path_factory.mktemp("out")
    gpkg = out / "diagnostic.gpkg"
    shutil.copy(cached_diagnostic(shared_data, REFERENCE_COMMUNES), gpkg)
    result = export_atlas(gpkg, out, AtlasOptions(dpi=100))
    return {
        "out": out,
        "gpkg": gpkg,
        "result": result,
        "pdf": out / "atlas.pdf",
        "names": commune_names(shared_data, REFERENCE_COMMUNES),
        "scores": ifn_scores(shared_data, REFERENCE_COMMUNES),
    }


def test_page_count_names_scores_and_sources(reference):
    pdf = reference["pdf"]
    assert reference["result"].pages == 20
    assert reference["result"].files == [pdf, reference["out"] / "diagnostic.qgz"]
    assert _pages(pdf) == 20
    text = _text(pdf)
    for code, name in reference["names"].items():
        assert name in text, name
        assert format_number(reference["scores"][code]) in text
    chinon = _text(pdf, 6)  # cover, Anché, Avoine, Beaumont-en-Véron, Candes-Saint-Martin, Chinon
    assert "Chinon a un indice de fragilité numérique de 6,8 sur 10" in " ".join(chinon.split())
    for page in (1, 6, 20):
        flat = " ".join(_text(pdf, page).split())
        assert "Sources : " in flat and "La MedNum/ANSA" in flat and "INSEE" in flat
        assert "Licence Ouverte / Etalab 2.0" in flat
        assert re.search(r"Édité le \d\d/\d\d/\d{4}", flat)
    cover = " ".join(_text(pdf, 1).split())
    assert "CC Chinon, Vienne et Loire" in cover and "Communes : 19" in cover


def test_same_classes_on_every_page(reference):
    pdf = reference["pdf"]
    legends = [CLASS_LABEL.findall(_text(pdf, page).replace("\u00a0", " ")) for page in (1, 2, 11, 20)]
    assert len(legends[0]) == 5
    assert all(legend == legends[0] for legend in legends)
    project = QgsProject()
    assert project.read(str(reference["out"] / "diagnostic.qgz"))
    communes = project.mapLayersByName("Communes")[0]
    labels = [r.label() for r in communes.renderer().rootRule().children()]
    assert labels[:-1] == legends[0] and labels[-1] == styles.NO_DATA_LABEL


def test_rendered_page_shows_the_map(reference, tmp_path):
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "6", "-l", "6", str(reference["pdf"]), str(tmp_path / "p")],
        check=True,
    )
    image = QImage(str(next(tmp_path.glob("p*.png"))))
    assert not image.isNull() and image.width() > 250
    bounds = styles.compute_breaks(reference["scores"].values(), "jenks", 5)
    ramp = {c.name() for c in styles.ramp_colors(len(bounds) - 1, "YlOrRd")}
    counts = {"ramp": 0, "white": 0}
    total = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            color = QColor(image.pixel(x, y))
            total += 1
            if color.name() in ramp:
                counts["ramp"] += 1
            elif color.lightness() > 250:
                counts["white"] += 1
    assert counts["ramp"] / total > 0.08, counts  # the choropleth fills a good part of the page
    assert counts["white"] / total < 0.85, counts


def test_chart_follows_the_current_page(reference, tmp_path):
    project, layout, count = prepare_project(reference["gpkg"], tmp_path, AtlasOptions())
    assert count == 20 and layout.name() == "Atlas MedRCVL"
    assert project.layoutManager().layoutByName("Atlas MedRCVL") is layout
    atlas = layout.atlas()
    chart = layout.itemById("graphique")
    seen = []
    for index in range(count):
        assert atlas.seekTo(index)
        feature = atlas.layout().reportContext().feature()
        svg = base64.b64decode(chart.evaluatedPath()[len("base64:") :]).decode("utf-8")
        if feature["page_kind"] == "commune":
            assert f">{feature['nom'][:18]}<" in svg
            assert f">{format_number(feature['ifn_no_thd'])}<" in svg
        seen.append(svg)
    assert len(set(seen)) >= 15  # not the previous page's chart


def test_filter_order_and_errors(reference, tmp_path):
    gpkg = reference["gpkg"]
    priority = [c for c in REFERENCE_COMMUNES if reference["scores"][c] >= 7.0]
    result = export_atlas(
        gpkg,
        tmp_path / "a" / "prio.pdf",
        AtlasOptions(filter_expression='"ifn_score" >= 7', order="score", dpi=50, save_project=False),
    )
    assert result.pages == 1 + len(priority)
    pdf = tmp_path / "a" / "prio.pdf"
    assert _pages(pdf) == result.pages
    top = max(priority, key=lambda c: reference["scores"][c])
    assert f"Commune {top} –" in _text(pdf, 2)
    with pytest.raises(TerritoryError):
        export_atlas(gpkg, tmp_path / "b", AtlasOptions(filter_expression='"ifn_score" > 99'))
    assert not (tmp_path / "b").exists()  # no PDF, no pages file, no empty folder left
    with pytest.raises(DataFormatError):
        export_atlas(gpkg, tmp_path / "c", AtlasOptions(filter_expression='"ifn_score" >'))
    with pytest.raises(DataFormatError):
        export_atlas(gpkg, tmp_path / "c", AtlasOptions(order="random"))
    before = reference["pdf"].stat().st_mtime_ns
    with pytest.raises(OutputExistsError):
        export_atlas(gpkg, reference["out"], AtlasOptions())
    assert reference["pdf"].stat().st_mtime_ns == before


def test_per_commune_files_landscape(reference, tmp_path):
    folder = tmp_path / "communes"
    result = export_atlas(
        reference["gpkg"],
        folder,
        AtlasOptions(per_commune=True, dpi=40, orientation="landscape", save_project=False),
    )
    pdfs = sorted(p.name for p in result.files)
    assert len(pdfs) == 20 and "37072-chinon.pdf" in pdfs
    assert "37214-saint-germain-sur-vienne.pdf" in pdfs or any("saint-germain" in p for p in pdfs)
    assert all(re.fullmatch(r"[a-z0-9-]+\.pdf", p) for p in pdfs)
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".pdf") == pdfs
    info = subprocess.run(
        ["pdfinfo", str(folder / "37072-chinon.pdf")], capture_output=True, text=True
    ).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape
    names = {safe_filename(n) for n in reference["names"].values()}
    assert {p.split("-", 1)[1][:-4] for p in pdfs if not p.startswith("00-")} == names


def test_project_opens_from_a_copied_folder(reference, tmp_path):
    copy = tmp_path / "elsewhere"
    shutil.copytree(reference["out"], copy)
    project = QgsProject()
    assert project.read(str(copy / "diagnostic.qgz"))
    layers = list(project.mapLayers().values())
    assert len(layers) == 3 and all(layer.isValid() for layer in layers)
    assert all(str(copy) in layer.source() for layer in layers)
    layout = project.layoutManager().layoutByName("Atlas MedRCVL")
    assert layout is not None and layout.atlas().enabled()
    assert layout.atlas().updateFeatures() == 20
    with zipfile.ZipFile(copy / "diagnostic.qgz") as archive:  # 3.40 also stores a binary .qgd in it
        content = archive.read(next(n for n in archive.namelist() if n.endswith(".qgs"))).decode("utf-8")
    sources = [s for s in re.findall(r"<datasource>([^<]*)</datasource>", content) if s]
    assert sorted(sources) == [
        "./atlas_pages.gpkg|layername=atlas_pages",
        "./diagnostic.gpkg|layername=communes",
        "./diagnostic.gpkg|layername=lieux",
    ]


def test_shipped_template(reference, tmp_path):
    template = ROOT / "resources" / "atlas.qpt"
    shipped = load_template(QgsProject(), template)
    built = build_layout(QgsProject())
    ids = {item.id() for item in built.items() if hasattr(item, "id") and item.id()}
    assert {item.id() for item in shipped.items() if hasattr(item, "id") and item.id()} == ids
    assert {"titre", "carte", "legende", "echelle", "nord", "graphique", "sources", "date"} <= ids
    for item_id in ("titre", "texte", "lieux", "sources", "tableau_ind"):
        label = shipped.itemById(item_id)  # QgsLayoutItemLabel.font() is deprecated from 3.24
        font = label.textFormat().font() if hasattr(label, "textFormat") else label.font()
        assert font.family() == "DejaVu Sans", item_id
    result = export_atlas(
        reference["gpkg"], tmp_path / "t.pdf", AtlasOptions(template=template, dpi=40, save_project=False)
    )
    assert result.pages == 20
    assert "Chinon" in _text(tmp_path / "t.pdf", 6)
    broken = tmp_path / "broken.qpt"
    broken.write_text("<Layout><nothing/>", encoding="utf-8")
    with pytest.raises(DataFormatError):
        export_atlas(reference["gpkg"], tmp_path / "u.pdf", AtlasOptions(template=broken, save_project=False))
    assert not (tmp_path / "atlas_pages.gpkg").exists()  # no project asked: pages stay in memory
    layer = QgsVectorLayer(f"{reference['out'] / 'atlas_pages.gpkg'}|layername=atlas_pages", "p", "ogr")
    assert layer.featureCount() == 20
