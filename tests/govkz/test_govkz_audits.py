"""gov.kz data reaches the audits: the API collector's content feeds Appendix 5 completeness beyond the rendered
pages (DEF-09 news recency, DEF-13 open-government links, contacts, leadership, documents), and its attachment
facts (DEF-11, DEF-12) reach the Appendix 4 rows 2.7 and 2.10. Real collection over loopback; audits are pure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from audits.content import audit_content
from audits.govkz_facts import merge_govkz_facts
from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import finding
from crawler.govkz import collect_govkz
from crawler.store import RunStore
from fixtures.clock import FIXTURE_NOW
from fixtures.govkz.expected import expected
from fixtures.govkz.fixture_targets import govkz_targets
from fixtures.govkz.site import build
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers

pytestmark = pytest.mark.integration
FAST = {"delay": 0, "backoff": 0.01, "gql_backoff": 0.01, "render": False}
SETTINGS = {"audit_date": FIXTURE_NOW.isoformat()}


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> dict[str, Any]:
    tmp: Path = tmp_path_factory.mktemp("govkz_audits")
    with FixtureServers([build(DEFAULT_SEED)]) as servers:
        targets = govkz_targets(servers.urls)
        store = RunStore(tmp / "run.sqlite")
        collect_govkz(store, targets, now=FIXTURE_NOW, settings=FAST)
    sites = {}
    for b in targets.bodies:
        if not b.sites:
            continue
        url = b.sites[0]
        html = '<html lang="ru"><head><title>Главная</title></head><body><p>Главная</p></body></html>'
        home = PageArtifact(url=url, status=200, content_type="text/html; charset=utf-8", lang="ru", final_url=url,
                            html=html)
        extra = {k: store.artifacts(b.key, k, url) for k in store.artifact_kinds(b.key, url)}
        sites[b.key] = (b, SiteArtifacts(body=b.key, site=url, pages={url: home}, edges=[], extra=extra))
    return sites


def content(collected, key: str, with_api: bool = True) -> dict[tuple[str, str | None], dict[str, Any]]:
    body, site = collected[key]
    if not with_api:
        site = SiteArtifacts(body=site.body, site=site.site, pages=site.pages, edges=[], extra={})
    return {(f["indicator"], f["lang"]): f for f in audit_content(site, body.type, SETTINGS)}


def item(f: dict[str, Any], number: str) -> dict[str, Any]:
    return next(e["measured"] for e in f["evidence"] if (e.get("measured") or {}).get("item", "").split(" ")[0]
                .endswith(f".{number}"))


def test_api_content_counts_for_completeness_not_only_rendered_pages(collected):
    bare, api = content(collected, "minfin", with_api=False), content(collected, "minfin")
    sections = [k for k in api if k[0] != "a5.defects"]
    assert sum(api[k]["points"] for k in sections) > sum(bare[k]["points"] or 0 for k in sections)
    general = api[("a5.cso.1.2", "ru")]  # e-mail and phones from the contacts / leadership records
    assert item(general, "2")["status"] == "present"
    assert any("source=api" in (e.get("url") or "") for e in general["evidence"])
    assert "gov.kz API record page(s)" in general["note"]


def test_def09_stale_news_is_an_untimely_defect_per_language(collected):
    dsm, minfin = content(collected, "dsm"), content(collected, "minfin")
    truth = expected(DEFAULT_SEED)["metrics"]["dsm"]["govkz"]
    assert truth["ru"]["news_days_since_last"] == 45 and truth["kk"]["news_days_since_last"] == 120
    for lang in ("kk", "ru"):
        defects = dsm[("a5.defects", lang)]["evidence"][0]["measured"]["defects"]
        assert [d["kind"] for d in defects] == ["untimely_update"]
        assert "press/news" in defects[0]["url"] and "source=api" in defects[0]["url"]
        assert minfin[("a5.defects", lang)]["evidence"][0]["measured"]["count"] == 0


def test_def13_missing_open_government_links_stay_absent(collected):
    dsm, karaganda = content(collected, "dsm"), content(collected, "karaganda")
    for lang in ("kk", "ru"):
        assert item(dsm[("a5.cso.1.3", lang)], "4")["status"] == "present"      # link to dialog.egov.kz
        assert item(karaganda[("a5.leb.1.3", lang)], "4")["status"] == "absent"  # no such link anywhere


def _a4(key: str, indicator: str, top: float, requirements: dict[str, bool]) -> dict[str, Any]:
    return finding(body=key, site="s", lang=None, indicator=indicator, verdict="pass", points=top, max_points=top,
                   reading="test", measured={"requirements": requirements, "failed": [], "facts": 0,
                                             "facts_per": "requirement"})


def test_def11_def12_attachment_facts_reach_appendix4(collected):
    links = _a4("dsm", "a4.2.10", 0.6, {"dead_links": True, "language_switch": True, "external_new_window": True})
    formats = _a4("dsm", "a4.2.7", 1.0, {"utf8_open_formats": True, "format_size_shown": True,
                                         "no_special_software": True, "no_authorisation": True})
    merged = {f["indicator"]: f for f in merge_govkz_facts([links, formats], collected["dsm"][1])}
    assert merged["a4.2.10"]["points"] == pytest.approx(0.4) and merged["a4.2.10"]["verdict"] == "partial"
    broken = [e for e in merged["a4.2.10"]["evidence"] if (e.get("measured") or {}).get("verdict") == "broken"]
    assert len(broken) == 7 and all(e["measured"]["status"] == 404 for e in broken)   # DEF-11: 7 missing files
    assert merged["a4.2.7"]["points"] == pytest.approx(0.75)
    assert {e["measured"]["verdict"] for e in merged["a4.2.7"]["evidence"]} == {"empty", "image_only"}
    almaty = {f["indicator"]: f for f in merge_govkz_facts([formats], collected["almaty"][1])}
    assert almaty["a4.2.7"]["points"] == pytest.approx(0.75)                         # DEF-12
    assert "no file and no text" in almaty["a4.2.7"]["evidence"][-1]["snippet"]
    assert merge_govkz_facts([links], collected["minfin"][1]) == [links]             # nothing to add
