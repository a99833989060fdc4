"""Load the content fixtures as phones in real headless Chromium (mobile gatherer), then audit: C, the link back,
screenshots and per-item, per-language results equal the generator's manifest."""

from __future__ import annotations

import pytest

from audits.mobile import audit_mobile
from core.targets import Body
from crawler.browser.mobile import KIND, gather
from crawler.site_loader import load_site
from crawler.store import RunStore
from fixtures.clock import FIXTURE_NOW
from fixtures.content.site import build_body
from fixtures.server import FixtureServers

pytestmark = [pytest.mark.integration, pytest.mark.browser]
KEYS = ("content_cso_full", "content_cso_gaps", "content_leb_msite", "content_cso_mlink")
OPTIONS = {"mobile": {"settle_ms": 0, "max_pages_per_lang": 7, "timeout_ms": 20000}}


@pytest.fixture(scope="module")
def gathered(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("mobile")
    sites = [build_body(k) for k in KEYS]
    out = {}
    with FixtureServers(sites) as servers:
        store = RunStore.in_dir(run_dir)
        try:
            for site in sites:
                body = Body(key=site.name, names={"ru": site.name}, type=site.plan.body_type,
                            sites=[servers.urls[site.name] + "/"])
                gather(store, body, body.sites[0], run_dir=run_dir, settings=OPTIONS)
                artifacts = load_site(store, body, body.sites[0])
                out[site.name] = (site, artifacts, audit_mobile(artifacts, site.plan.body_type,
                                                                {"audit_date": FIXTURE_NOW.date().isoformat()}))
        finally:
            store.close()
    return run_dir, out


@pytest.mark.parametrize("key", KEYS)
def test_coefficient_and_link_back_equal_the_manifest(gathered, key):
    run_dir, out = gathered
    site, artifacts, findings = out[key]
    coef = next(f for f in findings if f["indicator"] == "a6.coefficient")
    m = coef["evidence"][0]["measured"]
    expected = site.manifest["mobile"]
    assert (m["C"], m["how"], m["main_link"]) == (expected["C"], expected["how"], expected["main_link"])
    assert coef["lang"] is None
    shots = [e["screenshot"] for e in coef["evidence"] if e.get("screenshot")]
    assert len(shots) >= 2 and all((run_dir / s).is_file() for s in shots)
    profiles = [e["measured"] for e in coef["evidence"][1:3]]
    assert {p["profile"] for p in profiles} == {"android", "ios"}
    for p in profiles:
        assert p["mobile_adapted"] is (expected["C"] == 5)
        assert "horizontal_overflow_px" in p and "tap_targets_under_24px" in p and "small_font_share" in p
    assert "summary" in artifacts.extra[KIND]


@pytest.mark.parametrize("key", KEYS)
def test_items_per_language_equal_the_manifest(gathered, key):
    _run_dir, out = gathered
    site, _artifacts, findings = out[key]
    expected = site.manifest["mobile"]["items"]
    sections = [f for f in findings if f["indicator"].startswith("a6.") and f["indicator"] not in (
        "a6.coefficient", "a6.defects")]
    assert len(sections) == (10 if site.plan.table == "cso" else 14)
    if expected is None:  # C = 0: no mobile version, nothing assessed, 0 points
        assert all(f["points"] == 0 and "C = 0" in f["note"] for f in sections)
        return
    for f in sections:
        got = {e["measured"]["item"].split(" ", 1)[0].split(".", 2)[2]: e["measured"]["status"]
               for e in f["evidence"] if (e.get("measured") or {}).get("item")}
        assert got == expected[f["indicator"]][f["lang"]], (f["indicator"], f["lang"])
    defects = [f for f in findings if f["indicator"] == "a6.defects"]
    assert [f["evidence"][0]["measured"]["count"] for f in defects] == [0, 0]
