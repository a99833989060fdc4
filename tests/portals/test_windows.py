"""Reporting windows: every portal count is made in the methodology's reporting period (calendar year; half-years
for the polls OD-5 asks for), the window travels with the count into metrics.json, and counts outside it are
left out — checked against the fixture manifests over real loopback HTTP."""

from __future__ import annotations

import json
from datetime import date

import pytest

from core.errors import InputError
from crawler.portals import export_metrics, metrics_with_meta
from crawler.portals.common import Window, reporting_window
from fixtures.clock import FIXTURE_NOW
from fixtures.portals import dialog as fx_dialog
from fixtures.portals import legalacts as fx_legal
from fixtures.portals.generate import expected_metrics

from .conftest import SEED, run, serve, targets_for, values

pytestmark = pytest.mark.integration
QUIET = {n: {"rate_limit": False, "slow": False, "garbage_json": 0} for n in ("legalacts", "dialog", "data_egov")}


def test_default_window_is_the_last_calendar_year_and_settings_choose_others():
    assert reporting_window(FIXTURE_NOW, {}) == Window(date(2025, 1, 1), date(2025, 12, 31), "2025")
    assert reporting_window(FIXTURE_NOW, {"reporting_period": "2026-H1"}) == \
        Window(date(2026, 1, 1), date(2026, 6, 30), "2026-H1")
    assert [h.label for h in reporting_window(FIXTURE_NOW, {}).halves()] == ["2025-H1", "2025-H2"]
    with pytest.raises(ValueError):
        reporting_window(FIXTURE_NOW, {"reporting_period": "last year"})


def test_a_bad_reporting_period_stops_the_run_before_any_request(tmp_path):
    with serve(["dialog"], QUIET) as (servers, sites):
        with pytest.raises(InputError, match="reporting_period"):
            run(tmp_path, targets_for(servers, only=["dsm"]), reporting_period="2025-Q3")
        assert sites["dialog"].requested_paths() == []


def test_counts_carry_their_window_into_metrics_json(tmp_path):
    with serve(["legalacts", "dialog", "data_egov"], QUIET) as (servers, _):
        store = run(tmp_path, targets_for(servers, only=["almaty"]), robots_policy="audit_override")
    doc = json.loads(export_metrics(store, tmp_path / "metrics.json").read_text(encoding="utf-8"))["almaty"]
    for portal, lang, metric in (("legalacts", "ru", "drafts_published"), ("legalacts", "kk", "comments_total"),
                                 ("dialog", "ru", "questions"), ("dialog", "kk", "blog_posts"),
                                 ("data_egov", "all", "datasets_published"), ("data_egov", "all", "datasets_overdue")):
        item = doc[portal][lang][metric]
        assert item["window"]["label"] == "2025", (portal, metric)
        assert item["window"]["start"] == "2025-01-01" and item["window"]["end"] == "2025-12-31"
        assert item["window"]["basis"], (portal, metric)
    assert "window" not in doc["data_egov"]["all"]["catalog_total"]  # the recount is all-time, and says nothing


def test_another_window_counts_other_items(tmp_path):
    """2026 (to the clock): the legalacts drafts and dialog questions of that year, per the manifests."""
    with serve(["legalacts", "dialog"], QUIET) as (servers, sites):
        store = run(tmp_path, targets_for(servers, only=["dsm"]), reporting_period="2026",
                    robots_policy="audit_override")
        lists = [p for p in sites["legalacts"].requested_paths() if p.startswith("/list")]
    got = values(store)["dsm"]
    acts = [a for a in fx_legal.records(SEED) if a["gov"] == 690 and a["created"].year == 2026]
    assert got["legalacts"]["ru"]["drafts_published"] == sum(a["kind"] == "draft" for a in acts)
    assert got["legalacts"]["ru"]["comments_public"] == sum(len(a["comments"]) for a in acts)
    assert all("createBeginDate=01.01.2026" in p and "createEndDate=31.12.2026" in p for p in lists)
    blog = fx_dialog.records(SEED)["dsm"]
    assert got["dialog"]["ru"]["questions"] == sum(q["date"].year == 2026 for q in blog["questions"])
    default = expected_metrics(SEED)["dsm"]
    assert got["dialog"]["ru"]["questions"] + default["dialog"]["ru"]["questions"] == len(blog["questions"])


def test_comments_across_the_year_end_belong_to_their_draft(tmp_path):
    """The December draft's discussion runs into January: its comments count in the draft's year, not in the
    next one; the draft of the December before is outside 2025 altogether."""
    acts = {a["id"]: a for a in fx_legal.records(SEED) if a["gov"] == 867}
    across = next(a for a in acts.values() if a["created"] == fx_legal.ACROSS_YEARS[0])
    before = next(a for a in acts.values() if a["created"] == fx_legal.BEFORE_WINDOW[0])
    assert {c["date"].year for c in across["comments"]} == {2025, 2026}  # the fixture really spans the year end
    with serve(["legalacts"], QUIET) as (servers, _):
        store = run(tmp_path, targets_for(servers, only=["minfin"]), robots_policy="audit_override")
    read = metrics_with_meta(store)["minfin"]["legalacts"]["ru"]["cards_read"]["evidence"]
    ids = {int(u.rsplit("=", 1)[1]) for u in read}
    assert across["id"] in ids and before["id"] not in ids


def test_polls_are_inferred_off_by_default_and_windowed_per_half_year(tmp_path):
    with serve(["dialog"], QUIET) as (servers, sites):
        store = run(tmp_path, targets_for(servers, only=["minfin"]))
        assert not [p for p in sites["dialog"].requested_paths() if p.endswith(("/polls", "/conferences"))]
        assert "polls" not in values(store)["minfin"]["dialog"]["ru"]
        on = run(tmp_path / "on", targets_for(servers, only=["minfin"]), dialog_polls=True)
    got = values(on)["minfin"]["dialog"]["ru"]
    want = fx_dialog.expected(SEED, polls=True)[0]["minfin"]["dialog"]["ru"]
    assert {k: got[k] for k in want} == want
    assert (got["polls"], got["polls_h1"], got["polls_h2"]) == (2, 2, 0)  # 01.03 and 29.06 of 2025
    meta = metrics_with_meta(on)["minfin"]["dialog"]["ru"]
    assert "INFERRED" in meta["polls"]["inferred"] and meta["polls_h2"]["window"]["label"] == "2025-H2"
