"""The module's own grades: bands, zones, 001's two numbers (mean, share at 5), rankings and recommendations."""

from __future__ import annotations

from typing import Any

from services.recommendations import AUDIT, BODY, PORTAL, recommend
from services.scores import NA, aggregate, attribute_zones, card_grade, grade_journey, parity_grade, summary

ITEMS = ("documents", "instructions", "video", "upload_limits", "deadline", "fee", "contacts", "complaint",
         "status_tracking", "standard_link")


def items(*gone: str) -> dict[str, Any]:
    return {i: {"present": i not in gone, "evidence": None} for i in ITEMS}


def journey(**over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "lang": "ru", "clicks": 4,
        "steps": [{"host": "egov.kz", "url": "http://p/entry"}, {"host": "egov.kz", "url": "http://p/card"},
                  {"host": "elicense.kz", "url": "https://h/login"}],
        "find": {"by": "name", "queries": [{"kind": "name", "rank": 1}]},
        "card": {"url": "http://p/card", "items": {"ru": items(), "kk": items()},
                 "parity": {"langs": ["kk", "ru"], "same": True, "lacking": {}}},
        "order": {"found": True}, "handoff": {"from": "egov.kz", "to": "elicense.kz", "followed": True},
        "hosts": {"egov.kz": {"state": "valid"}, "elicense.kz": {"state": "valid"}},
        "wall": {"host": "elicense.kz", "mechanisms": ["eds"]}, "stop": {"reason": "auth_wall"}}
    rec.update(over)
    return rec


def grades_of(rec: dict[str, Any]) -> dict[str, Any]:
    return {c: g["grade"] for c, g in grade_journey(rec).items()}


def test_bands() -> None:
    assert [card_grade(n) for n in (0, 1, 2, 3, 4, 5, 7, 8, 10)] == [5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert [parity_grade(n) for n in (0, 1, 2, 3, 4, 9)] == [5, 4, 3, 3, 2, 2]


def test_a_clean_journey_and_its_faults() -> None:
    assert grades_of(journey()) == {"findability": 5, "card": 5, "parity": 5, "order": 5, "handoff": 5, "wall": 4,
                                    "stability": 5}
    rec = journey(hosts={"egov.kz": {"state": "valid"}, "elicense.kz": {"state": "expired"}}, clicks=9)
    assert grades_of(rec)["handoff"] == 2 and grades_of(rec)["order"] == 4
    rec = journey(find={"by": "keywords", "queries": []}, wall=None, stop={"reason": "froze", "detail": "x"})
    assert grades_of(rec)["findability"] == 3 and grades_of(rec)["stability"] == 1
    assert grades_of(rec)["handoff"] == 1 and grades_of(rec)["wall"] is None and grades_of(rec)["order"] is None
    rec = journey(find={"by": None, "queries": []}, card=None, order=None, handoff=None, wall=None,
                  stop={"reason": "not_found"})
    assert grades_of(rec) == {"findability": 1, "card": None, "parity": None, "order": None, "handoff": None,
                              "wall": None, "stability": 5}
    rec = journey(handoff=None, wall=None, stop={"reason": "no_wall"})
    assert grades_of(rec)["order"] == 2 and grades_of(rec)["handoff"] == NA


def test_summary_leaves_out_not_assessed_and_not_applicable() -> None:
    assert summary([5, 4, None, NA, 5, 1]) == {"mean": 3.75, "top_share": 50.0, "n": 4, "not_assessed": 1,
                                               "not_applicable": 1}
    assert summary([None, NA])["mean"] is None


def test_zones_and_the_two_body_rankings() -> None:
    one = grade_journey(journey())
    attribute_zones(one, portal_hosts=["egov.kz"], body_hosts=["elicense.kz"])
    assert one["findability"]["zone"] == "portal" and one["wall"]["zone"] == "body"
    two = grade_journey(journey(hosts={"egov.kz": {"state": "valid"}, "elicense.kz": {"state": "self-signed"}}))
    attribute_zones(two, portal_hosts=["egov.kz"], body_hosts=[])
    assert two["handoff"]["zone"] == "external"
    services = [{"id": "a", "title": "A", "body": "b1", "grades": one},
                {"id": "b", "title": "B", "body": "b2", "grades": two}]
    agg = aggregate(services)
    assert [r["id"] for r in agg["ranking"]] == ["a", "b"]
    own = {r["body"]: r for r in agg["bodies"]["own_zone"]}
    assert own["b1"]["mean"] == 4.5 and own["b1"]["rank"] == 1  # handoff 5 and wall 4, on its own site
    assert own["b2"]["mean"] is None and own["b2"]["rank"] is None  # nothing on a site of its own
    assert agg["zones"]["external"]["n"] == 2 and agg["zones"]["body"]["n"] == 2  # handoff + wall, each service
    assert agg["overall"]["n"] == 14
    assert agg["criteria"]["handoff"] == {"mean": 3.5, "top_share": 50.0, "n": 2, "not_assessed": 0,
                                          "not_applicable": 0}


def test_recommendations_go_to_the_zone_owner() -> None:
    rec = journey(find={"by": "keywords", "queries": []},
                  card={"url": "http://p/card", "items": {"ru": items("video", "fee"), "kk": items("video", "fee")},
                        "parity": {"langs": ["kk", "ru"], "same": True, "lacking": {}}},
                  handoff={"from": "egov.kz", "to": "oos.example.kz", "followed": False}, wall=None,
                  stop={"reason": "handoff_unlisted"})
    grades = grade_journey(rec)
    attribute_zones(grades, portal_hosts=["egov.kz"], body_hosts=[])
    by = {(r["addressee"], r["criterion"]) for r in recommend(rec, grades)}
    assert by == {(PORTAL, "findability"), (BODY, "card"), (AUDIT, "handoff")}
