"""The spec's derived test vectors for completeness (D-2, D-3) and mobile (D-4..D-6), computed by the scoring
helper from findings in exactly the shape audit_content / audit_mobile emit; committees averaged (para 17)."""

from __future__ import annotations

from typing import Any

import pytest

from core.findings import evidence, finding
from crawler.content.model import table_sections
from scoring.api import score_run


def _body(key: str, type_: str = "central", **extra: Any) -> dict[str, Any]:
    return {"key": key, "names": {"ru": key}, "type": type_, "sites": [f"http://{key}.test/"],
            "languages": ["kk", "ru"], "parent": None, "committee_form": None, "portal_ids": {},
            "platform": "standalone", **extra}


def _sections(body: str, appendix: int, totals: dict[str, float]) -> list[dict]:
    """Section findings whose per-language sums are `totals` (each section at the same share of its points)."""
    secs = table_sections(appendix, "cso")
    top = sum(s.points["kk"] for s in secs)
    return [finding(body=body, site=f"http://{body}.test/", lang=lang, indicator=s.id, verdict="partial",
                    points=s.points[lang] * totals[lang] / top, max_points=s.points[lang], reading="A-13")
            for s in secs for lang in ("kk", "ru")]


def _defects(body: str, indicator: str, counts: dict[str, int]) -> list[dict]:
    return [finding(body=body, site=f"http://{body}.test/", lang=lang, indicator=indicator,
                    verdict="fail" if n else "pass", points=0, max_points=0, reading="",
                    evidence_items=[evidence(f"http://{body}.test/", measured={"count": n, "defects": []})])
            for lang, n in counts.items()]


def _coefficient(body: str, big_c: int, main_link: bool) -> dict:
    how = {5: "redirect_to_mobile_host", 3: "link_to_mobile", 0: "none"}[big_c]
    return finding(body=body, site=f"http://{body}.test/", lang=None, indicator="a6.coefficient",
                   verdict="pass" if big_c == 5 else "partial" if big_c == 3 else "fail", points=big_c,
                   max_points=5, reading="", evidence_items=[evidence(f"http://{body}.test/", measured={
                       "C": big_c, "main_link": main_link, "how": how})])


def _nodes(result: dict) -> dict[str, dict]:
    out: dict[str, dict] = {}

    def walk(node: Any, body: str | None) -> None:
        if isinstance(node, dict):
            if node.get("id") in ("a3.1.2", "a3.1.3") and body:
                out.setdefault(f"{body}:{node['id']}", node)
            for k, v in node.items():
                walk(v, k if body is None and k in keys else body)
        elif isinstance(node, list):
            for v in node:
                walk(v, body)

    keys = set(result["bodies"])
    walk(result["bodies"], None)
    return out


def _score(bodies: list[dict], findings: list[dict]) -> dict[str, dict]:
    return _nodes(score_run({"bodies": bodies, "portals": {}, "audit": {}}, findings, {}, None, None))


def test_d2_completeness_with_four_defects():
    f = _sections("b", 5, {"kk": 42.5, "ru": 47}) + _defects("b", "a5.defects", {"kk": 1, "ru": 3})
    assert _score([_body("b")], f)["b:a3.1.2"]["points"] == pytest.approx(8.55)


def test_d3_deductions_are_capped_at_half_the_weight():
    f = _sections("b", 5, {"kk": 50, "ru": 50}) + _defects("b", "a5.defects", {"kk": 30, "ru": 30})
    assert _score([_body("b")], f)["b:a3.1.2"]["points"] == pytest.approx(5.0)


@pytest.mark.parametrize(("big_c", "main_link", "expected"), [(3, True, 2.55), (3, False, 1.55), (0, False, 0.0)])
def test_d4_d5_d6_mobile(big_c, main_link, expected):
    f = _sections("b", 6, {"kk": 20, "ru": 22.5}) + _defects("b", "a6.defects", {"kk": 0, "ru": 0})
    f.append(_coefficient("b", big_c, main_link))
    assert _score([_body("b")], f)["b:a3.1.3"]["points"] == pytest.approx(expected)


def test_committee_completeness_is_averaged_with_its_ministry():
    bodies = [_body("m"), _body("c", "committee", parent="m", committee_form="section")]
    f = (_sections("m", 5, {"kk": 50, "ru": 50}) + _defects("m", "a5.defects", {"kk": 0, "ru": 0})
         + _sections("c", 5, {"kk": 25, "ru": 25}) + _defects("c", "a5.defects", {"kk": 0, "ru": 0}))
    nodes = _score(bodies, f)
    assert nodes["c:a3.1.2"]["points"] == pytest.approx(5.0)
    assert any(n["points"] == pytest.approx(7.5) for k, n in nodes.items() if k.startswith("m:"))
