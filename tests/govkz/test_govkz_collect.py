"""The API collector against the served gov.kz fixture: every count equals the generator's ground truth."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.errors import InputError
from crawler.govkz import collect_govkz
from crawler.portals import metrics_with_meta
from crawler.store import RunStore
from fixtures.clock import FIXTURE_NOW
from fixtures.govkz.expected import expected
from fixtures.govkz.fixture_targets import govkz_targets
from fixtures.govkz.generator import build_data
from fixtures.govkz.site import GovkzSite, build
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers

pytestmark = pytest.mark.integration
FAST = {"delay": 0, "backoff": 0.01, "gql_backoff": 0.01, "render": False}


def value(got: dict[str, Any], key: str, lang: str, metric: str) -> Any:
    return got.get(key, {}).get("govkz", {}).get(lang, {}).get(metric, {}).get("value", "MISSING")


def test_collector_counts_equal_ground_truth(tmp_path: Path) -> None:
    site = build(DEFAULT_SEED)
    with FixtureServers([site]) as servers:
        store = RunStore(tmp_path / "run.sqlite")
        collect_govkz(store, govkz_targets(servers.urls), now=FIXTURE_NOW, settings=FAST)
        got = store.metrics()
        truth = expected(DEFAULT_SEED)["metrics"]
        diffs = [(key, lang, metric, want, value(got, key, lang, metric))
                 for key, portals in truth.items() for lang, metrics in portals["govkz"].items()
                 for metric, want in metrics.items() if value(got, key, lang, metric) != want]
        assert diffs == []
        # every API answer is kept in the store (site "govkz"); attachments as verdict artifacts
        api_pages = [p for p in store.pages("dsm", with_content=False) if p.site == "govkz"]
        assert api_pages and all(p.info.get("api") for p in api_pages)
        verdicts = [a["verdict"] for a in store.artifacts("dsm", "govkz_attachment").values()]
        assert verdicts.count("broken") == 7 and verdicts.count("empty") == 1 and verdicts.count("image_only") == 1
        # evidence URLs point at the API calls that produced the counts
        news = got["dsm"]["govkz"]["ru"]["news_in_period"]
        assert any("created_date=gt:" in url for url in news["evidence"])
        # the client never sent gte: (DEF-03), took k6 tickets (DEF-01) and tried public-data (DEF-02)
        assert not any("gte:" in query for _, _, query in site.requests)
        assert any(m == "POST" and p == "/api/v1/public/_/c/k6" for m, p, _ in site.requests)
        notes = store.notes()
        text = " | ".join(n["message"] for n in notes)
        assert "k6 cookie ticket" in text and "not machine-accessible" in text and "mojibake repaired" in text
        assert "graphql attempt 1: non-JSON" in text  # DEF-07 retried
        assert any(n["body"] == "mne" and "slug" in n["message"] for n in notes)
        assert all(store.progress(key, "govkz") == "done" for key in truth)
        # a resumed run skips finished bodies: no further requests
        before = len(site.requests)
        collect_govkz(store, govkz_targets(servers.urls), now=FIXTURE_NOW, settings=FAST)
        assert len(site.requests) == before
        store.close()


def test_unreachable_portal_is_noted_not_fatal(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "run.sqlite")
    targets = govkz_targets({"govkz": "http://127.0.0.1:9"}, keys=["minfin"], languages=["ru"])
    collect_govkz(store, targets, now=FIXTURE_NOW, settings={**FAST, "retries": 0, "gql_retries": 1})
    errors = [n for n in store.notes("minfin") if n["level"] == "error"]
    assert errors and "HTTP 0" in errors[0]["message"]
    assert store.progress("minfin", "govkz") == "incomplete"  # so a resumed run tries again
    store.close()


def test_bad_settings_are_one_clear_error(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "run.sqlite")
    targets = govkz_targets({"govkz": "http://127.0.0.1:9"}, keys=["minfin"])
    targets.audit["govkz"] = {"speed": 3, "robots_policy": "never"}
    with pytest.raises(InputError) as info:
        collect_govkz(store, targets, now=FIXTURE_NOW, settings={"delay": -1, "period_start": "last year",
                                                                 "clock": "other stages' keys are ignored"})
    message = str(info.value)
    assert all(word in message for word in ("delay", "period_start", "audit.govkz.speed", "robots_policy",
                                            "what to do"))
    assert "clock" not in message
    assert store.metrics() == {}
    store.close()


@pytest.mark.browser
def test_missing_browser_keeps_api_data(tmp_path: Path) -> None:
    with FixtureServers([build(DEFAULT_SEED)]) as servers:
        store = RunStore(tmp_path / "run.sqlite")
        collect_govkz(store, govkz_targets(servers.urls, keys=["krem"], languages=["ru"]), now=FIXTURE_NOW,
                      settings={**FAST, "render": True, "chromium": str(tmp_path / "no-chromium")})
        assert value(store.metrics(), "krem", "ru", "curators_mojibake") == 1
        assert any("Chromium could not start" in n["message"] for n in store.notes("krem"))
        assert store.progress("krem", "govkz") == "incomplete"
        store.close()


def test_robots_txt_is_obeyed_and_429_backed_off(tmp_path: Path) -> None:
    robots = "User-agent: *\nAllow: /\n\nUser-agent: govaudit\nDisallow: /api/v1/public/content-manager/events\n"
    site = GovkzSite(build_data(DEFAULT_SEED), robots_txt=robots, faults={"rate_limit_max": 1, "retry_after": 1})
    with FixtureServers([site]) as servers:
        store = RunStore(tmp_path / "run.sqlite")
        collect_govkz(store, govkz_targets(servers.urls, keys=["minfin"], languages=["ru"]), now=FIXTURE_NOW,
                      settings=FAST)
        metrics = store.metrics()["minfin"]["govkz"]["ru"]
        assert metrics["events"]["value"] is None  # not requested, so not guessed: not assessed, with the reason
        reason = metrics_with_meta(store)["minfin"]["govkz"]["ru"]["events"]["not_assessed"]
        assert reason.startswith("robots.txt of www.gov.kz disallows /api/v1/public/content-manager/events")
        assert metrics["news_in_period"]["value"] == expected(DEFAULT_SEED)["metrics"]["minfin"]["govkz"]["ru"][
            "news_in_period"]
        assert not any(path.endswith("/events") for _, path, _ in site.requests)
        assert any("robots.txt disallows" in n["message"] for n in store.notes("minfin"))
        assert store.progress("minfin", "govkz") == "incomplete"
        # audit_override: the endpoint is read, each read logged; the rate limit (1/s) forces a Retry-After wait
        store2 = RunStore(tmp_path / "run2.sqlite")
        override = {"robots_policy": "audit_override", "robots_allow": ["/api/v1/public/content-manager/events"]}
        collect_govkz(store2, govkz_targets(servers.urls, keys=["minfin"], languages=["ru", "kk"]),
                      now=FIXTURE_NOW, settings={**FAST, **override})
        assert store2.metrics()["minfin"]["govkz"]["kk"]["events"]["value"] == 3
        assert any("HTTP 429; retrying after 1 s" in n["message"] for n in store2.notes("minfin"))
        assert sum("read under the audit_override policy" in n["message"] for n in store2.notes()) == 2
        assert store2.artifacts("_govkz", "robots")["www.gov.kz"]["text"] == robots
        store.close()
        store2.close()
