"""End to end over loopback: the real crawler stores two content fixtures in a real run store; audit_content on
the loaded artifacts equals the generator's manifest item by item, language by language."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from audits.content import ContentSettings, audit_content
from core.targets import Body
from crawler.site_loader import load_site
from crawler.store import STORE_NAME, RunStore
from fixtures.clock import FIXTURE_NOW
from fixtures.content.site import build_body
from fixtures.server import FixtureServers
from tests.conftest import ROOT

pytestmark = [pytest.mark.integration]
KEYS = ("content_cso_gaps", "content_leb_full")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("content-crawl")
    sites = [build_body(k) for k in KEYS]
    with FixtureServers(sites) as servers:
        jobs = [arg for k in KEYS for arg in ("--job", f"{k}={servers.urls[k]}/")]
        result = subprocess.run([sys.executable, "-m", "crawler.crawl_process", "--store", str(tmp / STORE_NAME),
                                 "--max-pages", "400", *jobs], cwd=ROOT, capture_output=True, text=True,
                                timeout=240)
        urls = dict(servers.urls)
    assert result.returncode == 0, result.stderr[-3000:]
    store = RunStore.in_dir(tmp)
    out = {}
    try:
        for site in sites:
            body = Body(key=site.name, names={"ru": site.name}, type=site.plan.body_type,
                        sites=[urls[site.name] + "/"])
            out[site.name] = (site, load_site(store, body, body.sites[0]))
    finally:
        store.close()
    return out


@pytest.mark.parametrize("key", KEYS)
def test_crawled_site_detection_equals_the_manifest(crawled, key):
    site, artifacts = crawled[key]
    assert len(artifacts.html_pages()) > 30
    findings = audit_content(artifacts, site.plan.body_type,
                             ContentSettings(audit_date=FIXTURE_NOW.date().isoformat()))
    for f in findings:
        if f["indicator"] == "a5.defects":
            kinds = Counter(d["kind"] for d in f["evidence"][0]["measured"]["defects"])
            assert dict(kinds) == site.manifest["defects"][f["lang"]], f["lang"]
            continue
        got = {e["measured"]["item"].split(" ", 1)[0].split(".", 2)[2]: e["measured"]["status"]
               for e in f["evidence"]}
        assert got == site.manifest["items"][f["indicator"]][f["lang"]], (f["indicator"], f["lang"])
        assert all(e["url"] for e in f["evidence"])
