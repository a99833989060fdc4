"""Subordinate organisations (type `subordinate`, with a parent): targets validation, their own sites crawled by
the real crawler and audited for SUB-WEB-1, and the facts the parent's P5 is scored from."""

from __future__ import annotations

import subprocess
import sys

import pytest

from audits.registry import audit_site_content
from core.errors import InputError
from core.targets import parse_targets
from crawler.site_loader import load_site
from crawler.store import STORE_NAME, RunStore
from fixtures.agency.subordinate import LANGS, SubordinateSite, expected_site_facts
from fixtures.bodies import FIXTURE_BODIES
from fixtures.server import FixtureServers
from tests.conftest import ROOT

KEYS = ("dsm_ncph", "dsm_rcerh")


def _targets(urls: dict[str, str] | None = None) -> dict:
    bodies = {k: {**FIXTURE_BODIES[k], "portal_ids": {}} for k in ("dsm",) + KEYS}
    for k in KEYS:
        if urls:
            bodies[k]["sites"] = [urls[SubordinateSite(k).name] + "/"]
    return {"bodies": bodies}


def test_subordinate_needs_a_parent_in_the_file():
    assert [b.type for b in parse_targets(_targets()).bodies if b.key in KEYS] == ["subordinate", "subordinate"]
    raw = _targets()
    raw["bodies"]["dsm_ncph"].pop("parent")
    raw["bodies"]["dsm_rcerh"]["parent"] = "nobody"
    with pytest.raises(InputError) as err:
        parse_targets(raw)
    text = str(err.value)
    assert "bodies.dsm_ncph.parent: required for a subordinate organisation" in text
    assert "bodies.dsm_rcerh.parent: 'nobody' is not a body in this file" in text


@pytest.mark.integration
def test_subordinate_sites_are_crawled_and_feed_sub_web_1(tmp_path):
    sites = [SubordinateSite(k) for k in KEYS]
    with FixtureServers(sites) as servers:
        targets = parse_targets(_targets(servers.urls))
        jobs = [arg for b in targets.bodies if b.key in KEYS for arg in ("--job", f"{b.key}={b.sites[0]}")]
        result = subprocess.run([sys.executable, "-m", "crawler.crawl_process", "--store", str(tmp_path / STORE_NAME),
                                 "--max-pages", "50", *jobs], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    store = RunStore.in_dir(tmp_path)
    try:
        found = []
        for b in targets.bodies:
            if b.key in KEYS:
                found += audit_site_content(load_site(store, b, b.sites[0]), b)
    finally:
        store.close()
    assert {f["indicator"] for f in found} == {"SUB-WEB-1"}  # no Appendix 5/6 for an organisation
    got = {(f["body"], f["lang"]): f for f in found}
    for key in KEYS:  # the manifest: which language versions each site has
        for lang in ("kk", "ru"):
            f = got[(key, lang)]
            assert f["verdict"] == ("not_assessed" if lang in LANGS[key] else "fail"), (key, lang)
            pages = next(e["measured"]["pages"] for e in f["evidence"] if (e.get("measured") or {}).get("pages")
                         is not None)
            assert (pages > 0) == (lang in LANGS[key])
    # the facts the P5 scoring test (tests/scoring/test_scoring_portal_rows.py) is fed are what this audit writes
    assert {(f["body"], f["lang"], f["verdict"]) for f in found} == \
        {(f["body"], f["lang"], f["verdict"]) for f in expected_site_facts()}
