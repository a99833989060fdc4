"""ICT effectiveness (order 1279) for one body: criterion 1 from audits, criteria 2-5 from agency input."""

from __future__ import annotations

from typing import Any

from scoring import formulas as fx
from scoring import ict_site
from scoring.common import get
from scoring.ict_context import Ctx
from scoring.ict_interagency import criterion5
from scoring.ict_process import criterion2, criterion3, criterion4
from scoring.nodes import NOT_ASSESSED, Node, combine, not_assessed, scored

Finding = dict[str, Any]
__all__ = ["Ctx", "score_body", "site_parameters"]


# --- criterion 1 ---------------------------------------------------------------------------------------


def site_findings(findings: list[Finding], body: dict[str, Any]) -> tuple[str | None, dict, dict]:
    """The body's findings keyed by indicator (and language). Where several of its sites answer the same
    (indicator, language) the first site in the targets order wins, so a body whose language versions live
    on separate sites is still scored on both. Defect findings of one language are summed."""
    own = [f for f in findings if f.get("body") == body["key"]]
    listed = [s for s in body.get("sites", []) if any(f.get("site") == s for f in own)]
    others = sorted({f.get("site") for f in own if f.get("site") not in listed}, key=str)
    order = {s: i for i, s in enumerate(listed + others)}
    own.sort(key=lambda f: order.get(f.get("site"), len(order)))
    site = (listed + others)[0] if order else None
    by_ind: dict[str, Finding] = {}
    by_lang: dict[tuple[str, Any], Finding] = {}
    defects: dict[tuple[str, Any], list[Finding]] = {}
    for f in own:
        key = (f["indicator"], f.get("lang"))
        if f["indicator"].endswith(".defects"):
            defects.setdefault(key, []).append(f)
            continue
        by_ind.setdefault(f["indicator"], f)
        by_lang.setdefault(key, f)
    for key, group in defects.items():
        counted = [f for f in group if f.get("verdict") not in ("not_assessed", "error")]
        values = [ict_site.measured(f) for f in counted]
        values = [v.get("count", v.get("defects")) if isinstance(v, dict) else v for v in values]
        total = sum(v for v in values if isinstance(v, int | float) and not isinstance(v, bool))
        merged = dict(group[0])
        merged["verdict"] = "fail" if total else ("pass" if counted else group[0].get("verdict"))
        merged["measured"] = total if counted else None
        by_lang[key] = merged
    return site, by_ind, by_lang


def site_parameters(
    findings: list[Finding],
    body: dict[str, Any],
    body_input: dict[str, Any],
    meth: dict[str, Any],
    settings: dict[str, Any],
) -> dict[str, Any]:
    """Accessibility, completeness and mobile of one body's own site (before committee averaging)."""
    site, by_ind, by_lang = site_findings(findings, body)
    table = meth["body_tables"][body["type"]]
    return {
        "site": site,
        "a3.1.1": ict_site.accessibility(by_ind, body_input, meth, settings),
        "a3.1.2": ict_site.completeness(by_lang, table, meth, settings),
        "a3.1.3": ict_site.mobile(by_lang, table, meth, settings),
    }


def mean_node(ind: str, title: str, parts: list[tuple[str, Node]], max_points: float, rule: str) -> Node:
    """Para 17 (A-3): the arithmetic mean of the CSO's and its committees' values of one parameter."""
    done = [(k, n) for k, n in parts if n["status"] != NOT_ASSESSED]
    missing = [f"{k}:{m}" for k, n in parts for m in n["not_assessed"]]
    if not done:
        return not_assessed(
            ind,
            max_points,
            "not assessed on any of the sites averaged",
            title=title,
            missing=missing or [ind],
        )
    if rule == "cso_and_committee_mean" and len(done) > 1 and done[0][0] == parts[0][0]:
        head, rest = done[0][1], [n for _, n in done[1:]]
        pts = (head["points"] + sum(n["points"] for n in rest) / len(rest)) / 2
        amax = (head["assessable_max"] + sum(n["assessable_max"] for n in rest) / len(rest)) / 2
    else:
        pts = sum(n["points"] for _, n in done) / len(done)
        amax = sum(n["assessable_max"] for _, n in done) / len(done)
    node = scored(
        ind,
        pts,
        max_points,
        title=title,
        inputs={"averaged": {k: n["points"] for k, n in done}},
        reading=f"mean over the body and its committees (para 17; A-3 ict.committee_averaging={rule})",
    )
    node["assessable_max"] = round(amax, 6)
    node["sites"] = {k: {"points": n["points"], "status": n["status"]} for k, n in parts}
    if missing or any(n["status"] != "scored" for _, n in parts):
        node["status"] = "partial"
        node["not_assessed"] = missing
    return node


def criterion1(
    ctx: Ctx, own: dict[str, Any], committees: list[tuple[dict[str, Any], dict[str, Any]]]
) -> Node:
    rule = ctx.settings["ict.committee_averaging"]
    params = []
    for ind in ("a3.1.1", "a3.1.2"):
        parts = [(ctx.body["key"], own[ind])]
        for cbody, cpar in committees:
            if ind == "a3.1.1" and cbody.get("committee_form") != "separate_site":
                continue  # para 17: 4th-level-domain and section committees are assessed on completeness only
            parts.append((cbody["key"], cpar[ind]))
        node = own[ind] if len(parts) == 1 else mean_node(ind, ctx.title(ind), parts, ctx.top(ind), rule)
        if len(parts) > 1:
            node["components"] = [own[ind]]
        params.append(node)
    params.append(own["a3.1.3"])  # para 18: mobile version of the CSO/LEB site only
    return combine(
        "a3.1", params, ctx.top("a3.1"), title=ctx.title("a3.1"), reading="sum of 1.1-1.3 (para 14)"
    )


# --- penalties and total -----------------------------------------------------------------------------------


def penalties(ctx: Ctx) -> Node:
    p = ctx.c["penalties"]
    report = get(ctx.inp, "report") or {}
    known = {k: report.get(k) for k in ("submitted_late", "incomplete", "false_facts")}
    absent = [f"report.{k}" for k, v in known.items() if v is None]
    if len(absent) == 3:
        return not_assessed(
            "penalties",
            p["late_report"] + p["incomplete_report"] + p["false_facts_cap"],
            "agency input missing: report.submitted_late / incomplete / false_facts",
            missing=absent,
        )
    parts = fx.ict_penalties(
        bool(known["submitted_late"]), bool(known["incomplete"]), known["false_facts"] or 0, p
    )
    node = scored(
        "penalties",
        sum(parts.values()),
        p["late_report"] + p["incomplete_report"] + p["false_facts_cap"],
        inputs={**known, "deductions": parts},
        reading="late 1.5, incomplete 2, 0.2 per false fact capped at 5; deducted from the final score "
        "(paras 95-99)",
    )
    if absent:
        node["status"] = "partial"
        node["not_assessed"] = absent
    return node


def score_body(
    ctx: Ctx, own: dict[str, Any], committees: list[tuple[dict[str, Any], dict[str, Any]]]
) -> dict:
    c1 = criterion1(ctx, own, committees)
    c2, transfer, m2 = criterion2(ctx)
    criteria = [c1, c2, criterion3(ctx), criterion4(ctx, transfer, m2), criterion5(ctx)]
    total = combine(
        "total", criteria, ctx.meth["total_max"], reading="N = sum of the criteria (paras 12-13; A-2)"
    )
    pen = penalties(ctx)
    final = dict(total)
    final["id"] = "final"
    final["components"] = []
    if total["points"] is not None:
        final["points"] = round(total["points"] - (pen["points"] or 0.0), 6)
        final["reading"] = "total minus penalties (para 95)"
        if pen["status"] != "scored":
            final["status"] = "partial"
            final["not_assessed"] = list(total["not_assessed"]) + pen["not_assessed"]
    return {
        "site": own.get("site"),
        "criteria": {n["id"]: n for n in criteria},
        "total": _flat(total),
        "penalties": pen,
        "final": _flat(final),
        "committees": [cb["key"] for cb, _ in committees],
    }


def _flat(node: Node) -> Node:
    return {k: v for k, v in node.items() if k != "components"}
