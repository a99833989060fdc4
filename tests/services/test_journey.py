"""Real journeys in headless Chromium against the egov_services fixture (real HTTP and TLS on loopback), compared
with the fixture's manifest: how each card is found, its checklist in kk and ru, the hand-off, TLS, where and why
each journey stops, the grades; and that no credentials were submitted and robots.txt was obeyed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.targets import load_targets
from fixtures.egov_services.manifest import EXPECTED, ORDER_PROMINENT
from fixtures.egov_services.serve import EgovServicesFixture, write_catalogue
from services.catalogue import load_catalogue
from services.journey import JourneySettings
from services.run import run_services

pytestmark = [pytest.mark.integration, pytest.mark.browser]


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("services-run")
    with EgovServicesFixture(freeze_s=20) as fx:
        catalogue = load_catalogue(write_catalogue(out / "catalogue.yaml"))
        targets = load_targets(fx.write_targets(out / "targets.yaml"))
        path = run_services(catalogue, targets, out, JourneySettings(budget_s=60, step_timeout_s=4))
        data = json.loads(path.read_text(encoding="utf-8"))
        return {"data": data, "out": out, "posts": fx.posts(), "hits": {k: dict(v) for k, v in fx.hits.items()},
                "by_id": {s["id"]: s for s in data["services"]}}


@pytest.mark.parametrize("sid", sorted(EXPECTED))
def test_journey_matches_the_manifest(walked: dict[str, Any], sid: str) -> None:
    want, got = EXPECTED[sid], walked["by_id"][sid]
    j = got["journey"]
    assert j["find"]["by"] == want["by"]
    if want["rank"] is not None:
        assert next(q for q in j["find"]["queries"] if q["kind"] == want["by"])["rank"] == want["rank"]
    if want.get("name_zero_results"):
        assert next(q for q in j["find"]["queries"] if q["kind"] == "name")["zero_results"] is True
    lacking = {lang: sorted(i for i, r in res.items() if not r["present"]) for lang, res in j["card"]["items"].items()}
    assert lacking == {lang: sorted(v) for lang, v in want["lacking"].items()}
    assert j["card"]["parity"]["same"] is want["parity_same"]
    if want["handoff"] is None:
        assert j["handoff"] is None
    else:
        assert {k: j["handoff"][k] for k in ("to", "listed", "followed")} == want["handoff"]
    assert {h: v["state"] for h, v in j["hosts"].items()} == want["tls"]
    assert [(d["from"], d["to"]) for d in j["domains"]] == want["domains"]
    assert j["stop"]["reason"] == want["stop"]
    if want["wall"] is None:
        assert j["wall"] is None
    else:
        assert {"host": j["wall"]["host"], "mechanisms": j["wall"]["mechanisms"]} == want["wall"]
    assert {c: g["grade"] for c, g in got["grades"].items()} == want["grades"]
    if want.get("entry_host"):
        assert j["steps"][0]["host"] == want["entry_host"]
    if want.get("robots_skipped"):
        assert any(want["robots_skipped"] in r["url"] and "robots" in r["reason"] for r in j["find"]["robots_skipped"])
    assert j["order"]["found"] is True
    assert j["order"]["prominence"]["needs_review"] is (not ORDER_PROMINENT)
    for step in j["steps"]:  # a screenshot for every step, where the record says it is
        assert step["screenshot"] and (walked["out"] / step["screenshot"]).is_file(), step


def test_no_credentials_were_submitted_and_robots_was_obeyed(walked: dict[str, Any]) -> None:
    assert walked["posts"] == []  # the fixtures record every POST, login forms included
    for s in walked["data"]["services"]:  # and the browser itself sent no form anywhere
        assert s["journey"]["posts"] == [] and s["journey"]["credentials_submitted"] is False
    for hits in walked["hits"].values():
        assert not any(path.startswith("/cms/private/") for path in hits)  # disallowed, linked from the menu
    reached = [s for s in walked["data"]["services"] if s["journey"]["wall"]]
    assert {s["id"] for s in reached} == {"fx-smr", "fx-residence", "fx-duplicate"}
    assert walked["hits"]["egov_services_handoff"].get("/login?service=fx-smr") == 1


def test_aggregates_follow_from_the_grades(walked: dict[str, Any]) -> None:
    data = walked["data"]
    fx = {sid: e["grades"] for sid, e in EXPECTED.items()}
    card = [g["card"] for g in fx.values()]
    assert data["criteria"]["card"]["mean"] == round(sum(card) / len(card), 2)
    assert data["criteria"]["card"]["top_share"] == round(100 * card.count(5) / len(card), 1)
    own = {b["body"]: b for b in data["bodies"]["own_zone"]}
    # only the Supreme Court's service runs on a site of the body's own (the targets file): four graded criteria
    assert own["supcourt"]["n"] == 4 and own["supcourt"]["rank"] == 1
    assert all(b["mean"] is None for key, b in own.items() if key != "supcourt")
    assert [r["id"] for r in data["ranking"]][-1] == "fx-kkm"
