"""The source catalogue describes every dataset once, with licence, vintage and a way to get it."""

from __future__ import annotations

import pytest

from medrcvl_plugin.core.sources.catalogue import SOURCES, source

REQUIRED_IDS = {
    "communes_geo",
    "ifn_communes",
    "ifn_epci",
    "ifn_tiles",
    "arcep_techno",
    "arcep_debit",
    "arcep_best",
    "lieux_standard",
    "lieux_hub_lo",
    "france_services",
    "cog_communes",
    "cog_mouvements",
    "population",
    "epci_composition",
}


def test_catalogue_lists_every_dataset_of_the_diagnostic():
    assert REQUIRED_IDS <= set(SOURCES)


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_each_source_has_licence_vintage_attribution_and_a_way_to_get_it(source_id):
    entry = SOURCES[source_id]
    assert entry.id == source_id
    assert entry.licence and entry.vintage and entry.attribution and entry.producer
    assert entry.url or entry.mirror_path, "a dataset needs a live URL or a mirror path"
    if not entry.url:
        assert entry.how_to_get or entry.mirror_path


def test_mirror_paths_exist_in_the_real_mirror(shared_data):
    for entry in SOURCES.values():
        if not entry.mirror_path or "{" in entry.mirror_path:
            continue
        path = shared_data / entry.mirror_path
        sample = path.with_name(path.stem + ".sample" + path.suffix)
        assert path.exists() or sample.exists(), entry.mirror_path


def test_provenance_carries_source_licence_and_vintage():
    record = source("ifn_communes").provenance("/tmp/x.csv", "file", "2026-01-01")
    data = record.to_dict()
    assert data["licence"].startswith("Licence Ouverte")
    assert "IFN 2023" in data["attribution"]
    assert data["mode"] == "file" and data["location"] == "/tmp/x.csv"


def test_unknown_source_names_known_ids():
    with pytest.raises(KeyError, match="ifn_communes"):
        source("nope")
