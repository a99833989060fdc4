"""`govaudit run` on a content fixture: Appendix 5/6 findings per item and language equal the generator's manifest,
and scores.json carries the completeness and mobile parameters computed from those findings."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import yaml

from fixtures.bodies import FIXTURE_BODIES
from fixtures.clock import FIXTURE_NOW_ISO
from fixtures.content.site import build_body
from fixtures.server import FixtureServers

pytestmark = [pytest.mark.integration, pytest.mark.browser]
KEY = "content_cso_gaps"


def _find(node: dict, node_id: str) -> dict | None:
    if node.get("id") == node_id:
        return node
    for child in node.get("components") or []:
        if (hit := _find(child, node_id)) is not None:
            return hit
    return None


def test_run_detects_items_per_language_and_scores_them(tmp_path, cli):
    site = build_body(KEY)
    with FixtureServers([site]) as servers:
        body = dict(FIXTURE_BODIES[KEY], sites=[servers.urls[KEY] + "/"])
        targets = {"audit": {"clock": FIXTURE_NOW_ISO, "gatherers": ["mobile"]}, "bodies": {KEY: body}}
        (tmp_path / "t.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True))
        result = cli("--quiet", "run", "--targets", str(tmp_path / "t.yaml"), "--out", str(tmp_path / "run"),
                     "--no-screenshots", timeout=400)
    assert result.returncode == 0, result.stderr[-3000:]
    findings = json.loads((tmp_path / "run" / "findings.json").read_text())
    a5 = [f for f in findings if f["indicator"].startswith("a5.cso.")]
    expected_pairs = {(i, lang) for i in site.manifest["items"] for lang in ("kk", "ru")}
    assert {(f["indicator"], f["lang"]) for f in a5} == expected_pairs
    for f in a5:
        got = {e["measured"]["item"].split(" ", 1)[0].split(".", 2)[2]: e["measured"]["status"] for e in f["evidence"]}
        assert got == site.manifest["items"][f["indicator"]][f["lang"]], (f["indicator"], f["lang"])
    defects = {f["lang"]: f for f in findings if f["indicator"] == "a5.defects"}
    for lang in ("kk", "ru"):
        kinds = Counter(d["kind"] for d in defects[lang]["evidence"][0]["measured"]["defects"])
        assert dict(kinds) == site.manifest["defects"][lang]
    coefficient = next(f for f in findings if f["indicator"] == "a6.coefficient")
    assert coefficient["evidence"][0]["measured"]["C"] == site.manifest["mobile"]["C"]

    scores = json.loads((tmp_path / "run" / "scores.json").read_text())["bodies"][KEY]["ict"]
    criterion = scores["criteria"]["a3.1"]
    completeness, mobile = _find(criterion, "a3.1.2"), _find(criterion, "a3.1.3")
    section_points = sum(f["points"] for f in a5)
    n_defects = sum(defects[lang]["evidence"][0]["measured"]["count"] for lang in ("kk", "ru"))
    expected = section_points / 100 * 10 - min(0.1 * n_defects, 5.0)  # para 22-23, cap 50 % of 10
    assert completeness["points"] == pytest.approx(expected, abs=0.01)
    assert mobile["points"] == pytest.approx(0.0)  # a desktop-only site: coefficient 0
