"""Each fault of the issue, one at a time, over real loopback HTTP: 429 + Retry-After, slow endpoints and
timeouts, non-JSON answers, pages past the end, shifting lists, robots.txt, a body missing on a portal —
handled, logged as a collection note, and nothing collected before a failure lost."""

from __future__ import annotations

import re
import time

import pytest

from crawler.portals import metrics_with_meta
from crawler.portals.http import PortalClient
from crawler.portals.legalacts import parse_list
from crawler.store import RunStore
from fixtures.portals.generate import expected_metrics

from .conftest import SEED, notes_with, run, serve, targets_for, values

pytestmark = pytest.mark.integration
EXPECTED = expected_metrics(SEED)


def test_429_retry_after_is_honoured_and_counts_stay_exact(tmp_path):
    faults = {"data_egov": {"rate_limit_max": 1, "rate_limit_window": 1.0, "retry_after": 2, "garbage_json": 0}}
    with serve(["data_egov"], faults) as (servers, sites):
        started = time.monotonic()
        store = run(tmp_path, targets_for(servers, only=["almaty"]), throttle_after_429=0.0)
        elapsed = time.monotonic() - started
    assert values(store)["almaty"]["data_egov"] == EXPECTED["almaty"]["data_egov"]
    assert notes_with(store, "HTTP 429 (Retry-After '2')", "almaty")
    assert elapsed >= 2.0  # it really waited


def test_429_forever_gives_up_after_bounded_retries_and_keeps_what_it_had(tmp_path):
    faults = {"data_egov": {"rate_limit_max": 0, "retry_after": 0, "garbage_json": 0}}
    with serve(["data_egov"], faults) as (servers, sites):
        store = run(tmp_path, targets_for(servers, only=["almaty"]), retries=2)
        catalog_calls = [p for p in sites["data_egov"].requested_paths() if p.startswith("/datasets/getdatasetsre?")]
    assert len(catalog_calls) == 3  # 1 + 2 retries, then it stops
    assert store.progress("almaty", "portal:data_egov") == "error"
    assert notes_with(store, "collection stopped: HTTP 429 after 3 attempts", "almaty")[0]["level"] == "error"
    # the recount came before the failure and is kept; stored pages too
    assert values(store)["almaty"]["data_egov"]["all"]["catalog_total"] == \
        EXPECTED["almaty"]["data_egov"]["all"]["catalog_total"]
    assert any("getdatasetsrecount" in url for url in store.page_urls("almaty"))


def test_failed_pair_is_redone_on_resume(tmp_path):
    faults = {"data_egov": {"rate_limit_max": 0, "retry_after": 0, "garbage_json": 0}}
    with serve(["data_egov"], faults) as (servers, _):
        targets = targets_for(servers, only=["almaty"])
        store = run(tmp_path, targets, retries=0)
    assert store.progress("almaty", "portal:data_egov") == "error"
    store.close()
    with serve(["data_egov"], {"data_egov": {"garbage_json": 0}}) as (servers, _):
        targets = targets_for(servers, only=["almaty"])
        store = run(tmp_path, targets)
    assert store.progress("almaty", "portal:data_egov") == "done"
    assert values(store)["almaty"]["data_egov"] == EXPECTED["almaty"]["data_egov"]


def test_slow_endpoint_times_out_is_logged_and_collection_goes_on(tmp_path):
    faults = {"data_egov": {"slow_delay": 1.5, "garbage_json": 0}}
    with serve(["data_egov"], faults) as (servers, _):
        store = run(tmp_path, targets_for(servers, only=["krem"]), timeout=0.4, retries=1)
    assert notes_with(store, "agency list unavailable", "krem")
    assert notes_with(store, "TimeoutError", "krem") or notes_with(store, "timed out", "krem")
    assert values(store)["krem"]["data_egov"] == EXPECTED["krem"]["data_egov"]


def test_slow_endpoint_within_the_timeout_is_waited_for(tmp_path):
    with serve(["data_egov"], {"data_egov": {"slow_delay": 1.0, "garbage_json": 0}}) as (servers, _):
        store = run(tmp_path, targets_for(servers, only=["krem"]), timeout=5.0)
    assert not notes_with(store, "agency list unavailable")
    assert values(store)["krem"]["data_egov"] == EXPECTED["krem"]["data_egov"]


def test_html_where_json_is_expected_is_retried(tmp_path):
    with serve(["data_egov"], {"data_egov": {"garbage_json": 2}}) as (servers, _):
        store = run(tmp_path, targets_for(servers, only=["minfin"]))
    assert len(notes_with(store, "expected JSON", "minfin")) == 2
    assert values(store)["minfin"]["data_egov"] == EXPECTED["minfin"]["data_egov"]


def test_garbage_json_that_never_stops_is_an_error_note_not_a_crash(tmp_path):
    with serve(["data_egov"], {"data_egov": {"garbage_json": 100}}) as (servers, _):
        store = run(tmp_path, targets_for(servers, only=["minfin", "krem"]), retries=1)
    assert store.progress("minfin", "portal:data_egov") == "error"
    assert notes_with(store, "not JSON after 2 attempts", "minfin")
    assert "catalog_total" in values(store)["minfin"]["data_egov"]["all"]  # the recount is kept


def test_page_numbers_past_the_end(tmp_path):
    with serve(["legalacts", "data_egov", "dialog"], {"data_egov": {"garbage_json": 0}}) as (servers, _):
        store = RunStore.in_dir(tmp_path)
        settings = {"delay": 0, "jitter": 0, "timeout": 5, "retries": 2, "backoff": 0, "max_retry_after": 1,
                    "throttle_after_429": 0.27, "robots_policy": "obey", "robots_allow": [],
                    "user_agent": "govaudit-test"}
        legal = PortalClient("legalacts", "legalacts.egov.kz", servers.urls["legalacts"], store, settings)
        cards, total_pages, no_data = parse_list(legal.get("/list?governmentId=867&page=999", body="t").text)
        assert (cards, no_data) == ([], True) and total_pages is not None
        redirected = legal.get("/list?types[0]=7001&types[1]=7002&page=0&type=0", body="t")
        assert parse_list(redirected.text)[0]  # concepts exist
        data = PortalClient("data_egov", "data.egov.kz", servers.urls["data_egov"], store, settings)
        assert data.get_json("/datasets/getdatasetsre?page=99&byGovAgencyId=AGY-MINFIN", body="t") == {"datasets": []}
        dlg = PortalClient("dialog", "dialog.egov.kz", servers.urls["dialog"], store, settings)
        assert "readmore" not in dlg.get("/blogs/32790/questions?page=50", body="t").text
    # and the collectors stop cleanly on them: legalacts lists are walked only up to totalPages
    with serve(["legalacts"], {"legalacts": {"rate_limit": False}}) as (servers, sites):
        run(tmp_path / "r", targets_for(servers, only=["minfin"]))
        pages = {p for p in sites["legalacts"].requested_paths() if p.startswith("/list")}
        legal = PortalClient("legalacts", "legalacts.egov.kz", servers.urls["legalacts"], store, settings)
        for path in pages:
            page_no = int(re.search(r"page=(\d+)", path).group(1))
            total = parse_list(legal.get(path, body="t").text)[1]
            assert page_no < total, path
    assert len(pages) > 4


def test_kdrpcp_redirect_is_followed(tmp_path):
    with serve(["legalacts"]) as (servers, _):
        settings = {"delay": 0, "jitter": 0, "timeout": 5, "retries": 0, "backoff": 0, "max_retry_after": 1,
                    "throttle_after_429": 0, "robots_policy": "audit_override", "robots_allow": ["/application"],
                    "user_agent": "govaudit-test"}
        store = RunStore.in_dir(tmp_path)
        client = PortalClient("legalacts", "legalacts.egov.kz", servers.urls["legalacts"], store, settings)
        fetched = client.get("/application/kdrpcp", body="t")
        assert "/list?types" in fetched.url and parse_list(fetched.text)[0]
        assert notes_with(store, "read under the audit_override policy")


def test_list_shifting_while_paged_is_deduped_by_id(tmp_path):
    with serve(["dialog"]) as (servers, sites):
        store = run(tmp_path, targets_for(servers, only=["dsm"]))
        paths = sites["dialog"].requested_paths()
    assert any(p.endswith("questions?page=4") for p in paths)
    got = values(store)["dsm"]["dialog"]
    assert got == EXPECTED["dsm"]["dialog"]
    assert notes_with(store, "1 repeated id(s) counted once", "dsm")


def test_robots_obey_reads_no_disallowed_page_and_says_so(tmp_path):
    with serve(["legalacts"]) as (servers, sites):
        store = run(tmp_path, targets_for(servers, only=["dsm"]), robots_policy="obey")
        paths = sites["legalacts"].requested_paths()
    assert not [p for p in paths if p.startswith(("/npa/view", "/report", "/application"))]
    got = values(store)["dsm"]["legalacts"]
    exp = EXPECTED["dsm"]["legalacts"]
    meta = metrics_with_meta(store)["dsm"]["legalacts"]
    for lang in ("kk", "ru"):  # list-level counts are still exact; card-level ones carry no value, and say why
        listed = ("drafts_published", "concepts_published")
        assert {m: got[lang][m] for m in listed} == {m: exp[lang][m] for m in listed}
        card_level = set(exp[lang]) - set(listed)
        assert card_level and {m: got[lang].get(m, "MISSING") for m in card_level} == dict.fromkeys(card_level)
        for m in card_level:
            reason = meta[lang][m]["not_assessed"]
            assert "robots.txt" in reason and "robots_policy=obey" in reason
    assert notes_with(store, "robots.txt of legalacts.egov.kz disallows /npa/view and /report", "dsm")
    assert store.progress("dsm", "portal:legalacts") == "done"


def test_body_missing_on_every_portal(tmp_path):
    ghost = {"ghost": {"names": {"ru": "Несуществующий орган (fake)"}, "type": "central",
                       "portal_ids": {"data_egov": "AGY-NOPE", "legalacts": 999999, "dialog": 999999,
                                      "budget": 999999, "egov": {"provider": "Нет такого", "suffix": "nope"}}}}
    names = ["data_egov", "legalacts", "dialog", "budget", "egov"]
    faults = {n: {"rate_limit": False, "slow": False} for n in names}
    with serve(names, faults) as (servers, _):
        store = run(tmp_path, targets_for(servers, only=[], extra=ghost), robots_policy="audit_override")
    got = values(store)["ghost"]
    assert got["dialog"]["ru"] == {"blog_exists": False} and got["dialog"]["kk"] == {"blog_exists": False}
    assert got["data_egov"]["all"]["datasets_published"] == 0
    assert got["legalacts"]["ru"]["drafts_published"] == 0
    assert got["budget"]["kk"]["reports_published"] == 0
    assert got["egov"]["all"]["services"] == 0
    missing = notes_with(store, "missing on", "ghost")
    assert {n["message"].split("]")[0] for n in missing} >= {"[data_egov", "[legalacts", "[dialog", "[budget", "[egov"}
    assert all(store.progress("ghost", f"portal:{n}") == "done" for n in names)
