"""Openness direction and overall assessment: the test vectors of shared/spec/transparency-methodology.md
section 9 (TV-1, TV-2, TV-9..TV-18, TV-50, TV-51), through score_run with agency inputs and portal metrics."""

from __future__ import annotations

import copy

import pytest

from scoring import formulas as fx
from scoring.api import score_run
from scoring.methodology import load_methodology
from tests.scoring.helpers import all_max_openness, body, node, targets

OPEN = load_methodology("openness")


def _open(b, inp, metrics=None, settings=None):
    doc = score_run(targets(b), [], metrics or {}, {b["key"]: inp}, settings)
    return doc["bodies"][b["key"]]


def _without(inp, *indicators):
    inp = copy.deepcopy(inp)
    for ind in indicators:
        inp["openness"]["indicators"].pop(ind, None)
    return inp


@pytest.mark.parametrize(("n", "penalty"), [(0, 0), (1, 0.2), (7, 1.4), (25, 5.0), (26, 5.0), (30, 5.0)])
def test_tv1_false_fact_penalty(n, penalty):
    assert fx.false_fact_penalty(n, **OPEN["false_facts"]) == pytest.approx(penalty)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "high"),
        (90, "high"),
        (89.99, "medium"),
        (70, "medium"),
        (69.99, "low"),
        (50, "low"),
        (49.99, "ineffective"),
        (89.995, "high"),
        (89.994, "medium"),
    ],
)
def test_tv2_grades(score, grade):
    assert fx.grade(score, OPEN["grades"]) == grade


def test_tv18_all_max_is_100():
    for b, table in ((body("c"), "cso"), (body("l", "local"), "leb")):
        result = _open(b, all_max_openness(table))
        assert result["openness"]["total"]["points"] == pytest.approx(100)
        assert result["openness"]["final"]["status"] == "scored"
        for m in OPEN["measures"]:
            assert result["openness"]["measures"][m]["points"] == pytest.approx(25)


def test_tv9_open_data_requests_rule():
    inp = _without(all_max_openness(), "OD-2")
    inp["openness"]["open_data"] = {
        "requests_received": 0,
        "needs_survey_or_conference": True,
        "needs_it_meetings": True,
        "needs_blog_posts": True,
    }
    result = _open(body("c"), inp)
    assert node(result["openness"], "OD-2")["points"] == pytest.approx(3.0)
    inp["openness"]["open_data"]["needs_it_meetings"] = False
    assert node(_open(body("c"), inp)["openness"], "OD-2")["points"] == 0


def test_tv10_cso_budget_without_discussion_notices():
    inp = all_max_openness("cso")
    for ind in ("OB-CSO-11.1", "OB-CSO-11.2", "OB-CSO-11.3"):
        inp["openness"]["indicators"][ind] = {"kk": 0, "ru": 0}
    result = _open(body("c"), inp)
    assert result["openness"]["measures"]["open_budget"]["points"] == pytest.approx(18)
    assert node(result["openness"], "OB-CSO-3")["points"] == 0
    assert node(result["openness"], "OB-CSO-9")["points"] == 0


def test_tv11_leb_budget_without_discussion_notices():
    inp = all_max_openness("leb")
    inp["openness"]["open_budget"] = {"discussion_announced": False}
    result = _open(body("l", "local"), inp)
    # the explicit 'not announced' zeroes OB-LEB-1 and -5; the notice rows themselves are the assessor's
    inp2 = copy.deepcopy(inp)
    for ind in ("OB-LEB-7.1", "OB-LEB-7.2", "OB-LEB-7.3"):
        inp2["openness"]["indicators"][ind] = {"kk": 0, "ru": 0}
    assert _open(body("l", "local"), inp2)["openness"]["measures"]["open_budget"]["points"] == pytest.approx(
        14
    )
    assert result["openness"]["measures"]["open_budget"]["points"] == pytest.approx(18)


def test_tv12_no_audit_gives_maximum():
    for b, table, ind, top in ((body("c"), "cso", "OB-CSO-4", 2), (body("l", "local"), "leb", "OB-LEB-2", 4)):
        inp = _without(all_max_openness(table), ind)
        inp["openness"]["open_budget"] = {"audit_held": False}
        assert node(_open(b, inp)["openness"], ind)["points"] == pytest.approx(top)
        inp["openness"]["open_budget"] = {"audit_held": True}
        assert node(_open(b, inp)["openness"], ind)["status"] == "not_assessed"


def test_tv13_tv14_npa_without_notification():
    for b, table, rows in (
        (body("c"), "cso", ("NPA-CSO-5.1", "NPA-CSO-5.2", "NPA-CSO-5.3")),
        (body("l", "local"), "leb", ("NPA-LEB-4.1", "NPA-LEB-4.2", "NPA-LEB-4.3")),
    ):
        inp = all_max_openness(table)
        for ind in rows:
            inp["openness"]["indicators"][ind] = {"kk": 0, "ru": 0}
        assert _open(b, inp)["openness"]["measures"]["open_npa"]["points"] == pytest.approx(14)


def test_tv15_every_subordinate_penalty():
    inp = all_max_openness()
    sub = {
        k: {"kk": True, "ru": True}
        for k, v in OPEN["indicators"].items()
        if v["measure"] == "subordinate" and not v.get("scoring")
    }
    inp["openness"]["subordinate"] = sub
    result = _open(body("c"), inp)
    assert result["openness"]["subordinate"]["points"] == pytest.approx(-9)
    assert result["openness"]["total"]["points"] == pytest.approx(91)


@pytest.mark.parametrize(("share", "penalty"), [(0.85, -2.0), (0.9, 0.0)])
def test_tv16_tv17_subordinate_answered_share(share, penalty):
    inp = all_max_openness()
    inp["openness"]["subordinate"] = {
        "SUB-WEB-1": False,
        "SUB-OD-1": False,
        "SUB-OD-2": False,
        "SUB-OD-3": False,
        "SUB-DLG-1": False,
        "answered_share": {"kk": share, "ru": share},
    }
    result = _open(body("c"), inp)
    assert node(result["openness"], "SUB-DLG")["points"] == pytest.approx(penalty)
    assert node(result["openness"], "SUB-DLG-2")["points"] == pytest.approx(penalty)


def _tv50_input():
    """TV-50: OD-3 ru missed (-3.5); budget as TV-10; NPA max; DLG-2 80% answered (portal metrics);
    subordinate: TV-16 plus SUB-OD-2 in kk only."""
    inp = all_max_openness("cso")
    ind = inp["openness"]["indicators"]
    ind["OD-3"] = {"kk": 1, "ru": 0}
    for row in ("OB-CSO-11.1", "OB-CSO-11.2", "OB-CSO-11.3"):
        ind[row] = {"kk": 0, "ru": 0}
    del ind["DLG-2"]
    inp["openness"]["subordinate"] = {
        "SUB-WEB-1": False,
        "SUB-OD-1": False,
        "SUB-OD-2": {"kk": True, "ru": False},
        "SUB-OD-3": False,
        "SUB-DLG-1": False,
        "answered_share": {"kk": 0.85, "ru": 0.85},
    }
    inp["openness"]["false_facts"] = 1
    metrics = {
        "c": {
            "dialog": {
                lang: {
                    "questions": {"value": 50, "evidence": [f"http://dialog.test/{lang}"]},
                    "answered": {"value": 40, "evidence": []},
                }
                for lang in ("kk", "ru")
            }
        }
    }
    return inp, metrics


def test_tv50_openness_for_a_cso():
    inp, metrics = _tv50_input()
    result = _open(body("c"), inp, metrics)
    o = result["openness"]
    assert o["measures"]["open_data"]["points"] == pytest.approx(21.5)
    assert o["measures"]["open_budget"]["points"] == pytest.approx(18)
    assert o["measures"]["open_npa"]["points"] == pytest.approx(25)
    assert o["measures"]["open_dialogue"]["points"] == pytest.approx(23)
    assert o["subordinate"]["points"] == pytest.approx(-2.5)
    assert o["total"]["points"] == pytest.approx(85.0)
    assert o["final"]["points"] == pytest.approx(84.8)
    dlg2 = node(o, "DLG-2")
    assert dlg2["languages"]["kk"]["share"] == pytest.approx(0.8)
    assert any(
        f["figure"] == "dlg_questions" and f["measured"] == 50 and f["used"] == "measured"
        for f in o["figures"]
    )


def test_tv51_overall_for_a_cso():
    inp, metrics = _tv50_input()
    inp["openness"]["other_directions"] = {"public_services": 84.65, "complaints": 87}
    result = _open(body("c"), inp, metrics)
    assert result["overall"]["points"] == pytest.approx(85.4833, abs=1e-4)
    assert result["overall"]["grade"] == "medium"
    literal = _open(body("c"), inp, metrics, {"open.overall_combination": "sum"})["overall"]
    assert literal["points"] == pytest.approx(256.45) and literal["grade"] is None
    weighted = _open(
        body("c"), inp, metrics, {"open.overall_weights": "{public_services: 2, openness: 1, complaints: 1}"}
    )["overall"]
    assert weighted["points"] == pytest.approx((2 * 84.65 + 84.8 + 87) / 4)


def test_overall_not_assessed_without_other_directions():
    result = _open(body("c"), all_max_openness())
    assert result["overall"]["status"] == "not_assessed"
    assert set(result["overall"]["not_assessed"]) == {"public_services", "complaints"}


def test_agency_and_portal_figures_side_by_side_and_flagged():
    inp = _without(all_max_openness(), "NPA-CSO-4")
    inp["openness"]["open_npa"] = {
        "comments_total": {"kk": 10, "ru": 20},
        "comments_answered": {"kk": 10, "ru": 20},
    }
    metrics = {
        "c": {
            "legalacts": {
                "kk": {
                    "comments_total": {"value": 10, "evidence": ["http://la/kk"]},
                    "comments_answered": {"value": 10, "evidence": []},
                },
                "ru": {
                    "comments_total": {"value": 25, "evidence": ["http://la/ru"]},
                    "comments_answered": {"value": 20, "evidence": []},
                },
            }
        }
    }
    o = _open(body("c"), inp, metrics)["openness"]
    ru_total = [f for f in o["figures"] if f["figure"] == "npa_comments_total" and f["lang"] == "ru"][0]
    assert ru_total == {
        "figure": "npa_comments_total",
        "agency": 20,
        "measured": 25,
        "evidence": ["http://la/ru"],
        "used": "measured",  # the default: a figure the crawler checked is not taken on trust
        "differs": True,
        "comparable": True,
        "tolerance": 0.0,
        "sources": {"agency": "agency input openness.open_npa.comments_total",
                    "measured": "metrics.json legalacts.comments_total (legalacts collector)"},
        "lang": "ru",
        "indicators": ["NPA-CSO-4"],
    }
    assert any("npa_comments_total [ru]: 20 vs 25" in f for f in o["flags"])
    assert node(o, "NPA-CSO-4")["languages"]["ru"]["share"] == pytest.approx(0.8)
    trusting = _open(body("c"), inp, metrics, {"open.portal_figures": "agency_then_measured"})["openness"]
    assert node(trusting, "NPA-CSO-4")["points"] == pytest.approx(10)
    # a tolerance of 25% (a reading) absorbs 20 vs 25 (a 20% gap of the larger figure): no disagreement
    loose = _open(body("c"), inp, metrics, {"open.figure_tolerance": 0.25})["openness"]
    assert not any(f["differs"] for f in loose["figures"] if f["figure"] == "npa_comments_total")
    assert not any("npa_comments_total" in f for f in loose["flags"])


def test_portal_metrics_alone_score_the_portal_rows():
    """With no agency input at all, only what the collectors measured is scored; the rest is not_assessed."""
    metrics = {
        "c": {
            "data_egov": {
                "all": {
                    "datasets_published": {"value": 10},
                    "datasets_stale": {"value": 2},
                    "datasets_not_actual": {"value": 1},  # the same dataset as one of the stale ones
                    "datasets_overdue": {"value": 2},     # their union, as the collector writes it
                },
                "kk": {"metadata_complete": {"value": 6}, "metadata_incomplete": {"value": 4}},
                "ru": {"metadata_complete": {"value": 10}, "metadata_incomplete": {"value": 0}},
            },
            "dialog": {
                "kk": {"blog_exists": {"value": True}, "blog_posts": {"value": 0}},
                "ru": {"blog_exists": {"value": False}, "blog_posts": {"value": 3}},
            },
        }
    }
    o = score_run(targets(body("c")), [], metrics, {})["bodies"]["c"]["openness"]
    assert node(o, "OD-3")["points"] == pytest.approx(2 * 3.5 * 0.8)  # 2 overdue of 10, never 3
    assert node(o, "OD-4")["points"] == pytest.approx(3 * 0.6 + 3)
    assert node(o, "DLG-1")["points"] == pytest.approx(0.5)
    assert node(o, "DLG-4")["points"] == pytest.approx(3)
    assert node(o, "OD-1")["status"] == "not_assessed"  # the approved List comes from the agency
    assert o["total"]["status"] == "partial"
    assert "OD-1[kk]" in o["total"]["not_assessed"]
    assert o["final"]["status"] == "partial"


def test_exemptions_national_bank():
    inp = _without(all_max_openness(), "OB-CSO-2", "OB-CSO-5")
    inp["openness"]["body_kind"] = "national_bank"
    o = _open(body("nb"), inp)["openness"]
    assert o["measures"]["open_budget"]["points"] == pytest.approx(25)
    rescaled = _open(body("nb"), inp, settings={"open.exemptions": "rescale"})["openness"]
    assert rescaled["measures"]["open_budget"]["points"] == pytest.approx(25)
    assert node(rescaled, "OB-CSO-2")["status"] == "not_applicable"


def test_secret_budget_gets_the_average_of_the_other_bodies():
    b1, b2, b3 = body("a"), body("b"), body("s")
    i1, i2 = all_max_openness(), all_max_openness()
    i2["openness"]["indicators"]["OB-CSO-5"] = {"kk": 0, "ru": 0}
    i3 = all_max_openness()
    i3["openness"]["open_budget"] = {"secret": True}
    doc = score_run(targets(b1, b2, b3), [], {}, {"a": i1, "b": i2, "s": i3})
    secret = node(doc["bodies"]["s"]["openness"], "OB-CSO-5")
    assert secret["points"] == pytest.approx(1.5)  # (3 + 0) / 2
    assert "average" in secret["languages"]["kk"]["reason"]


def test_partial_credit_all_or_nothing_setting():
    inp = all_max_openness()
    inp["openness"]["indicators"]["OD-1"] = {"kk": 0.5, "ru": 1}
    assert node(_open(body("c"), inp)["openness"], "OD-1")["points"] == pytest.approx(1.75 + 3.5)
    strict = _open(body("c"), inp, settings={"open.partial_credit": "all_or_nothing"})
    assert node(strict["openness"], "OD-1")["points"] == pytest.approx(3.5)


def test_committees_have_no_openness_of_their_own():
    doc = score_run(targets(body("m"), body("k", "committee", parent="m", form="section")), [], {}, {})
    assert doc["bodies"]["k"]["openness"]["status"] == "not_applicable"
