"""Public-services and complaints directions (2020 methodology, Chapters 3 and 5): the vectors TV-3..TV-8,
TV-20..TV-31 and TV-40..TV-44 of shared/spec/transparency-methodology.md section 9, and the overall
assessment computed from them."""

from __future__ import annotations

import pytest

from scoring import formulas as fx
from scoring.api import score_run
from scoring.methodology import load_methodology
from tests.scoring.helpers import all_max_openness, body, node, targets

OPEN = load_methodology("openness")
PS = OPEN["public_services"]
CP = OPEN["complaints"]


@pytest.mark.parametrize(
    ("s", "points"),
    [(5.00, 15), (4.80, 15), (4.79, 12), (4.60, 12), (4.50, 9), (4.30, 6), (4.00, 3), (3.99, 0), (4.795, 15)],
)
def test_tv3_satisfaction_bands_cso(s, points):
    assert fx.satisfaction([s], PS["satisfaction_bands"]["cso"]) == points


@pytest.mark.parametrize(
    ("s", "points"), [(4.85, 20), (4.70, 16), (4.45, 12), (4.25, 8), (4.10, 4), (3.90, 0)]
)
def test_tv4_satisfaction_bands_leb(s, points):
    assert fx.satisfaction([s], PS["satisfaction_bands"]["leb"]) == points


@pytest.mark.parametrize(
    ("share", "points"),
    [(100, 10), (90, 10), (85, 8), (75, 6), (65, 4), (55, 1), (40, 0), (89.95, 10), (49.9, 0)],
)
def test_tv5_internal_control_bands(share, points):
    assert fx.internal_control(int(share * 100), 10000, CP["R4_bands"]) == points


def _doc(inp, b=None, settings=None):
    b = b or body("c")
    return score_run(targets(b), [], {}, {b["key"]: inp}, settings)["bodies"][b["key"]]


def test_tv6_no_court_reviewed_complaints():
    doc = _doc({"operational": {"complaints": {"court_reviewed": 0, "considered_total": 4000}}})
    assert node(doc["complaints"], "R2")["points"] == 30


def test_tv7_incentive_and_tv8_outage_penalty():
    c = PS["automation"]
    assert fx.automation_services(1, 1, 1, 1, 3, False, 0, c)["B"] == 3
    assert fx.automation_services(1, 1, 1, 1, 7, False, 0, c)["B"] == 5
    assert fx.automation_services(1, 1, 1, 1, 0, True, 0, c)["B"] == 5
    assert fx.automation_services(1, 1, 1, 1, 0, False, 12, c)["P"] == pytest.approx(2.4)
    assert fx.automation_services(1, 1, 1, 1, 0, False, 25, c)["P"] == pytest.approx(5)
    assert fx.automation_services(1, 1, 1, 1, 0, False, 40, c)["P"] == pytest.approx(5)


def test_tv20_to_tv30_formulas():
    assert fx.satisfaction([4.85, 4.65, 4.45], PS["satisfaction_bands"]["cso"]) == pytest.approx(
        12.0
    )  # TV-20
    assert fx.rate_indicator(10, 20, 1_000_000, PS["per"]) == pytest.approx(9.8)  # TV-21
    assert fx.rate_indicator(10, 5, 400_000, PS["per"]) == pytest.approx(9.875)  # TV-22 k=10
    assert fx.rate_indicator(20, 5, 400_000, PS["per"]) == pytest.approx(19.875)  # TV-22 k=20
    assert fx.rate_indicator(26, 13, 100_000, PS["per"]) == pytest.approx(24.7)  # TV-23
    assert fx.rate_indicator(30, 13, 100_000, PS["per"]) == pytest.approx(28.7)  # TV-24
    assert fx.rate_indicator(26, 3000, 10_000, PS["per"]) == 0  # TV-25
    assert fx.rate_indicator(8, 5, 200_000, PS["per"]) == pytest.approx(7.75)  # TV-26
    assert fx.rate_indicator(8, 40, 500_000, PS["per"]) == pytest.approx(7.2)  # TV-27
    a = fx.automation_services(45, 50, 600_000, 1_000_000, 3, False, 12, PS["automation"])
    assert a["T"] == pytest.approx(9.0) and a["V"] == pytest.approx(6.0)  # TV-28, 29
    assert a["T"] + a["V"] + a["B"] - a["P"] == pytest.approx(15.6)  # TV-30


def test_tv22_leb_coefficient_setting():
    inp = {"operational": {"public_services": {"justified_complaints": 5, "services_rendered": 400_000}}}
    b = body("l", "local")
    assert node(_doc(inp, b)["public_services"], "P2")["points"] == pytest.approx(19.875)
    low = _doc(inp, b, {"open.p2_leb_coefficient": 10})
    assert node(low["public_services"], "P2")["points"] == pytest.approx(9.875)


TV31 = {
    "satisfaction_scores": [4.85, 4.65, 4.45],
    "justified_complaints": 20,
    "services_rendered": 1_000_000,
    "services_late": 13 * 10,
    "refusals_unjustified": 5 * 5,
    "incomplete_documents": 40 * 2,
    "extra_documents": 0,
    "service_types_electronic": 45,
    "service_types_total": 50,
    "volume_electronic": 600_000,
    "volume_total": 1_000_000,
    "transferred_in_period": 3,
    "outage_hours": 12,
    "false_facts": 2,
}


def test_tv31_public_services_total():
    """TV-31 with every count scaled to b1 = 1 000 000 (the rates of TV-23, TV-26 and TV-27 are kept)."""
    ps = _doc({"operational": {"public_services": TV31}})["public_services"]
    assert node(ps, "K1")["points"] == pytest.approx(21.8)
    assert node(ps, "K2")["points"] == pytest.approx(47.65)
    assert node(ps, "K3")["points"] == pytest.approx(15.6)
    assert ps["total"]["points"] == pytest.approx(85.05)
    assert ps["final"]["points"] == pytest.approx(84.65)


def test_tv40_to_tv44_complaints():
    assert fx.rate_indicator(40, 12, 4000, CP["R1"]["per"]) == pytest.approx(37)  # TV-40
    assert fx.rate_indicator(40, 200, 4000, CP["R1"]["per"]) == 0  # TV-41
    assert fx.rate_indicator(30, 2, 4000, CP["R2"]["per"]) == pytest.approx(25)  # TV-42
    assert fx.rate_indicator(20, 10, 1000, CP["R3"]["per"]) == pytest.approx(19)  # TV-43
    # TV-44: H with R1 = 37, R2 = 25, R3 = 19 (n/m = 1%), R4 = 6 (75% of late items led to liability)
    inp = {
        "operational": {
            "complaints": {
                "considered_total": 4000,
                "considered_late": 12,
                "court_reviewed": 3,
                "court_justified": 2,
                "repeated_satisfied": 40,
                "disciplinary_facts": 9,
                "false_facts": 0,
            }
        }
    }
    cp = _doc(inp)["complaints"]
    assert [node(cp, r)["points"] for r in ("R1", "R2", "R3", "R4")] == pytest.approx([37, 25, 19, 6])
    assert cp["final"]["points"] == pytest.approx(87)


def test_tv51_overall_from_computed_directions():
    inp = all_max_openness()
    inp["openness"]["false_facts"] = 0
    inp["operational"] = {
        "public_services": TV31,
        "complaints": {
            "considered_total": 4000,
            "considered_late": 12,
            "court_reviewed": 3,
            "court_justified": 2,
            "repeated_satisfied": 40,
            "disciplinary_facts": 9,
            "false_facts": 0,
        },
    }
    overall = _doc(inp)["overall"]
    assert overall["sources"] == {
        "public_services": "computed",
        "openness": "scored",
        "complaints": "computed",
    }
    assert overall["points"] == pytest.approx((84.65 + 100 + 87) / 3)  # 90.55
    assert overall["grade"] == "high"
    inp["openness"]["other_directions"] = {"public_services": 10}
    given = _doc(inp)["overall"]
    assert given["sources"]["public_services"] == "input"
    assert given["points"] == pytest.approx((10 + 100 + 87) / 3) and given["grade"] == "low"


def test_unmonitored_body_gets_the_mean_p1():
    a, b, c = body("a"), body("b"), body("u")
    inputs = {
        "a": {"operational": {"public_services": {"satisfaction_scores": [4.9]}}},
        "b": {"operational": {"public_services": {"satisfaction_scores": [4.5]}}},
        "u": {"operational": {"public_services": {"monitoring_covered": False}}},
    }
    doc = score_run(targets(a, b, c), [], {}, inputs)
    assert node(doc["bodies"]["u"]["public_services"], "P1")["points"] == pytest.approx((15 + 9) / 2)


def test_r4_without_late_items_setting():
    inp = {"operational": {"complaints": {"considered_total": 100, "considered_late": 0}}}
    assert node(_doc(inp)["complaints"], "R4")["points"] == 10
    strict = _doc(inp, settings={"open.late_items_zero": "not_assessed"})
    assert node(strict["complaints"], "R4")["status"] == "not_assessed"
