"""A real Scrapy crawl (crawler.crawl_process, the child process the pipeline starts) of the handmade structure site
over loopback HTTP, checked against the hand-written truth in truth.yaml ("crawl"): every page reached through
its one structure, the edge kinds, click depths, and what the crawler must leave alone (script strings that are not
a menu, search and POST forms, robots-disallowed filter results, archive combinations beyond the cap).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from audits.graph import shortest_depths
from crawler.filter_forms import MAX_COMBINATIONS
from crawler.store import RunStore
from fixtures.server import FixtureServers
from tests.structure.site import StructureSite

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TRUTH = yaml.safe_load((Path(__file__).with_name("truth.yaml")).read_text(encoding="utf-8"))["crawl"]
BODY = "structure"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    site = StructureSite()
    with FixtureServers([site]) as servers:
        base = servers.urls[site.name]
        store_path = tmp_path_factory.mktemp("structure") / "run.sqlite"
        settings = {"DOWNLOAD_TIMEOUT": 10, "RETRY_TIMES": 0}
        proc = subprocess.run([sys.executable, "-m", "crawler.crawl_process", "--store", str(store_path),
                               "--job", f"{BODY}={base}/", "--settings", json.dumps(settings), "--max-seconds", "120"],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
        hits = dict(servers.hits[site.name])
    store = RunStore(store_path)
    try:
        pages = {p.url: p for p in store.pages(BODY, with_content=False)}
        edges = store.edges(BODY)
        notes = store.notes(BODY)
    finally:
        store.close()
    return base, pages, edges, notes, hits


def test_every_structure_leads_to_its_page(crawled):
    base, pages, _edges, _notes, _hits = crawled
    missing = {path: how for path, how in TRUTH["reached"].items()
               if base + path not in pages or pages[base + path].status != 200}
    assert not missing, missing


def test_edge_kinds(crawled):
    base, _pages, edges, _notes, _hits = crawled
    kinds = {(src, dst): set() for src, dst, _k, _t in edges}
    for src, dst, kind, _text in edges:
        kinds[(src, dst)].add(kind)
    for src, dst, kind in TRUTH["edges"]:
        assert kind in kinds.get((base + src, base + dst), set()), (src, dst, kinds.get((base + src, base + dst)))


def test_click_depths_count_no_form_submission(crawled):
    base, _pages, edges, _notes, _hits = crawled
    depths = shortest_depths(edges, base + "/")
    assert {path: depths.get(base + path) for path in TRUTH["depths"]} == TRUTH["depths"]


def test_what_is_not_a_link_is_never_requested(crawled):
    base, pages, _edges, _notes, hits = crawled
    requested = set(hits)
    for prefix in TRUTH["never_requested"]:
        assert not [p for p in requested if p.startswith(prefix)], prefix
    # the robots-disallowed filter results went through the gate: stored as not requested, with the reason
    refused = [p for url, p in pages.items() if "type=order" in url]
    assert refused and all(p.status is None and "robots" in (p.error or "") for p in refused)


def test_filter_combinations_stop_at_the_cap_and_say_so(crawled):
    base, pages, _edges, notes, hits = crawled
    assert TRUTH["archive_cap"] == MAX_COMBINATIONS
    archive = [url for url in pages if url.startswith(base + "/kk/archive/?")]
    assert 0 < len(archive) <= TRUTH["archive_cap"]
    assert sum(n for p, n in hits.items() if p.startswith("/kk/archive/?")) == len(archive)
    assert any("36 option combinations" in n["message"] and f"{TRUTH['archive_cap']} were requested" in n["message"]
               for n in notes), [n["message"] for n in notes]
