"""Openness rows measured from the portals, per row, end to end: the portal fixtures served over loopback, the
collectors, metrics with their windows, the agency's report that disagrees (fixtures/agency/inputs.py), scoring.

Expected points are worked out from the fixtures' manifests and the spec's rules (comments give the arithmetic),
never read back from the collector: dsm (a CSO) with its subordinate organisations dsm_ncph and dsm_rcerh.
"""

from __future__ import annotations

from typing import Any

import pytest

from crawler.portals import metrics_with_meta
from fixtures.agency.inputs import AGENCY, REPORTED_VS_PORTAL, write_inputs
from fixtures.agency.subordinate import expected_site_facts
from fixtures.portals.generate import expected_metrics
from scoring.api import score_run
from scoring.inputs import load_inputs
from tests.portals.conftest import SEED, run, serve, targets_for
from tests.scoring.helpers import node

pytestmark = pytest.mark.integration
PORTALS = ["data_egov", "legalacts", "dialog", "budget"]
QUIET = {n: {"rate_limit": False, "slow": False, "garbage_json": 0} for n in PORTALS}
BODIES = ["dsm", "dsm_ncph", "dsm_rcerh"]
# SUB-WEB-1 facts of the subordinates' sites, as audits/subordinate.py writes them (tests/portals/test_subordinates.py
# crawls the sites and checks the audit against the same manifest)
SITE_FACTS = expected_site_facts()


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("rows")
    with serve(PORTALS, QUIET) as (servers, _):
        targets = targets_for(servers, only=BODIES)
        metrics = metrics_with_meta(run(tmp / "override", targets, robots_policy="audit_override"))
        obeyed = metrics_with_meta(run(tmp / "obey", targets, robots_policy="obey"))
    t = targets.to_dict()
    inputs = load_inputs(write_inputs(tmp / "inputs"), t)
    return {"targets": t, "inputs": inputs, "metrics": metrics, "obeyed": obeyed,
            "doc": score_run(t, SITE_FACTS, metrics, inputs),
            "doc_obey": score_run(t, SITE_FACTS, obeyed, inputs)}


def dsm(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["bodies"]["dsm"]["openness"]


def points(doc: dict[str, Any], ind: str) -> float | None:
    return node(dsm(doc), ind)["points"]


@pytest.mark.parametrize(("row", "want"), [
    ("OB-CSO-1.1", 0.6),  # balance sheet placed kk + ru: 0.3 + 0.3
    ("OB-CSO-1.2", 0.6),
    ("OB-CSO-1.3", 0.6),  # placed (without a file: that is OB-CSO-6's business)
    ("OB-CSO-1.4", 0.3),  # ru only
    ("OB-CSO-1.5", 0.0),  # no explanatory note; the agency claims one (measured wins)
    ("OB-CSO-2", 0.0),    # kk: not placed; ru: 25.03 is 17 working days after formation on 02.03 (> 15)
    ("OB-CSO-3", 0.5),    # 4 reports due: 1 missing, 30.03 and 15.04 after the Council of 20.03: 1/4 x 1 x 2
    ("OB-CSO-4", 1.0),    # received 26.05: 02.06 within 15 working days, 09.10 not: 1/2 x 1 x 2
    ("OB-CSO-5", 0.0),    # no citizens' budget of 2025 (the agency claims one)
    ("OB-CSO-6", 0.5 * 4 / 5 + 0.5 * 6 / 7),  # materials with a dated file: kk 4 of 5, ru 6 of 7
    ("OB-CSO-8", 1.0),    # 1 draft of 2026 placed / 1 programme
    ("OB-CSO-10", 3.0),   # measured 4 of 8 answered (the agency says 6): 3 x 0.5 x 2
    ("NPA-CSO-2", 6.0),   # 7 drafts of 2025 / 7 planned
    ("NPA-CSO-3", 2 * 2 * 5 / 7),  # 5 of 7 cards complete (2 without a version)
    ("NPA-CSO-4", 10 * 11 / 30),   # 11 of 30 comments answered (the agency says 25 of 25)
    ("OD-1", 7 * 7 / 9),  # 7 datasets placed by 31.12.2025 (the agency says 9) / 9 List items
    ("OD-3", 7 * 4 / 7),  # 3 overdue of 7: the stale dataset that is also not actual counts once
    ("DLG-2", 5.0),       # 12 of the 24 questions of 2025 answered: 5 x 0.5 x 2
    ("DLG-4", 3.0),       # posts of 2025: kk none, ru 2
])
def test_open_rows_measured_from_the_portals(scored, row, want):
    assert points(scored["doc"], row) == pytest.approx(want)


def test_measured_rows_say_which_reporting_period_they_were_counted_in(scored):
    o = dsm(scored["doc"])
    for row in ("OD-3", "OB-CSO-3", "NPA-CSO-4", "DLG-2"):
        n = node(o, row)
        assert n["reading"].endswith("portal counts of 2025"), row
        assert all(w["label"] == "2025" and w["basis"] for w in n["windows"]), row


def test_rows_the_spec_leaves_to_the_agency_stay_with_the_agency(scored):
    o = dsm(scored["doc"])
    for row in ("OB-CSO-7", "OB-CSO-9", "OB-CSO-11.1", "OB-CSO-11.3", "NPA-CSO-5.1", "NPA-CSO-5.3"):
        assert node(o, row)["points"] == pytest.approx(node(o, row)["max_points"]), row
        assert "assessor's share" in node(o, row)["languages"]["kk"]["reason"], row


def test_subordinate_penalties_are_measured_facts(scored):
    o = dsm(scored["doc"])
    assert node(o, "SUB-WEB-1")["points"] == pytest.approx(-1.5)  # dsm_rcerh's site has no Kazakh page
    assert node(o, "SUB-OD-1")["points"] == 0                     # both placed datasets: the List decides (agency)
    assert node(o, "SUB-OD-2")["points"] == pytest.approx(-1.0)   # dsm_rcerh: 2 overdue datasets
    assert node(o, "SUB-OD-3")["points"] == pytest.approx(-0.5)   # dsm_rcerh: kk metadata gap only
    assert node(o, "SUB-DLG-1")["points"] == pytest.approx(-1.0)  # dsm_rcerh has no blog on the portal
    assert node(o, "SUB-DLG-2")["points"] == 0                    # dsm_ncph answered 6 of 6
    assert o["subordinate"]["points"] == pytest.approx(-4.0)
    assert o["subordinate"]["organisations"] == ["dsm_ncph", "dsm_rcerh"]
    kk = node(o, "SUB-OD-2")["languages"]["kk"]
    assert kk["reason"].startswith("measured: overdue datasets of: dsm_rcerh") and "agency flag False" in kk["reason"]
    assert scored["doc"]["bodies"]["dsm_rcerh"]["openness"]["status"] == "not_applicable"
    assert scored["doc"]["bodies"]["dsm_rcerh"]["ict"]["status"] == "not_applicable"


def test_every_disagreement_is_a_finding_with_both_figures(scored):
    doc = scored["doc"]
    figures = {(f["sources"]["measured"].split()[1], f["lang"]): f for f in dsm(doc)["figures"]
               if f["sources"].get("measured", "").startswith("metrics.json")}
    expected = expected_metrics(SEED)["dsm"]
    for (metric, lang), reported in REPORTED_VS_PORTAL["dsm"].items():
        portal, _, name = metric.partition(".")
        per_lang = expected[portal].get(lang) or {}
        measured = per_lang[name] if name in per_lang else expected[portal]["all"][name]
        fig = figures[(metric, lang)]
        assert (fig["agency"], fig["measured"], fig["differs"], fig["used"]) == (reported, measured, True, "measured")
        assert fig["window"]["label"] == "2025" and fig["window"]["basis"]
    found = [f for f in doc["findings"] if f["verdict"] == "fail" and f["body"] == "dsm"]
    assert len({(f["key"], f["lang"]) for f in found if f["key"].startswith("figure:npa_")
                or f["key"].startswith("figure:dlg_") or f["key"].startswith("figure:od_")
                or f["key"].startswith("figure:budget_")}) == len(REPORTED_VS_PORTAL["dsm"])
    npa = next(f for f in found if f["indicator"] == "NPA-CSO-4" and f["key"] == "figure:npa_comments_total"
               and f["lang"] == "ru")
    assert "the agency reports 25" in npa["note"] and "the portals show 30" in npa["note"] and "2025" in npa["note"]
    assert npa["evidence"][0]["measured"]["sources"]["agency"] == "agency input openness.open_npa.comments_total"
    assert any(e["url"] and "/npa/view?id=" in e["url"] for e in npa["evidence"][1:])
    # the assessor's claims that the portal contradicts, and the subordinate flags
    claims = {(f["indicator"], f["lang"]) for f in found if f["key"].endswith(" share")}
    assert claims == {("OB-CSO-1.5", "kk"), ("OB-CSO-1.5", "ru"), ("OB-CSO-5", "kk"), ("OB-CSO-5", "ru")}
    flags = {(f["indicator"], f["lang"]) for f in found if f["key"].endswith(" violation")}
    assert flags == {("SUB-OD-2", "kk"), ("SUB-OD-2", "ru"), ("SUB-OD-3", "kk"), ("SUB-DLG-1", "kk"),
                     ("SUB-DLG-1", "ru"), ("SUB-WEB-1", "kk")}


def test_the_reading_can_be_changed_back_and_a_tolerance_absorbs_small_gaps(scored):
    t, metrics, inputs = scored["targets"], scored["metrics"], scored["inputs"]
    trusting = score_run(t, SITE_FACTS, metrics, inputs, {"open.portal_figures": "agency_then_measured"})
    assert points(trusting, "NPA-CSO-4") == pytest.approx(10)      # 25 of 25 as reported
    assert points(trusting, "OB-CSO-1.5") == pytest.approx(0.6)    # the claim wins under this reading
    loose = score_run(t, SITE_FACTS, metrics, inputs, {"open.figure_tolerance": 0.2})
    totals = [f for f in dsm(loose)["figures"] if f["figure"] == "npa_comments_total"]
    assert totals and not any(f["differs"] for f in totals)        # 25 vs 30: within 20% of 30
    assert any(f["differs"] for f in dsm(loose)["figures"] if f["figure"] == "npa_comments_answered")  # 25 vs 11


def test_robots_kept_figures_are_not_assessed_and_say_why(scored):
    doc = scored["doc_obey"]
    o = dsm(doc)
    n3 = node(o, "NPA-CSO-3")  # card fields: only on /npa/view, and no agency figure exists
    assert n3["status"] == "not_assessed" and "robots.txt" in n3["reading"] and "robots_policy=obey" in n3["reading"]
    n4 = node(o, "NPA-CSO-4")  # scored from the agency's 25 of 25, saying the measured figure was kept out
    assert n4["points"] == pytest.approx(10) and "not collected" in n4["reading"] and "robots.txt" in n4["reading"]
    fig = next(f for f in o["figures"] if f["figure"] == "npa_comments_total" and f["lang"] == "ru")
    assert fig["measured"] is None and "robots.txt" in fig["not_assessed"] and not fig["differs"]
    kept = {(f["indicator"], f["lang"]) for f in doc["findings"] if f["body"] == "dsm" and f["key"] == "not_collected"}
    assert {("NPA-CSO-3", "kk"), ("NPA-CSO-3", "ru"), ("NPA-CSO-4", "kk"), ("NPA-CSO-4", "ru")} <= kept
    f3 = next(f for f in doc["findings"] if f["indicator"] == "NPA-CSO-3" and f["key"] == "not_collected")
    assert f3["verdict"] == "not_assessed" and "robots.txt" in f3["note"] and "not assessed" in f3["note"]
    # ICT a3.5.4.2 (comments answered) takes the same figures
    a342 = [f for f in doc["findings"] if f["indicator"] == "a3.5.4.2" and f["key"] == "not_collected"]
    assert len(a342) == 1 and "robots.txt" in a342[0]["note"] and a342[0]["body"] == "dsm"
    ict = node(doc["bodies"]["dsm"]["ict"], "a3.5.4.2")
    assert ict["status"] == "not_assessed" and "robots.txt" in ict["reading"]


def test_agency_fixture_is_a_valid_input_file(scored):
    assert set(scored["inputs"]) == set(AGENCY)
