"""Openness direction (2020 methodology, Chapter 4) for one body, and the overall assessment (Chapter 6).

Each leaf indicator gets a fulfilment share (0..1) per language from its rule in the data file (portal
metrics and agency figures), or from the assessor's own share; points = max x share (A-17). Special rules
(paras 62, 68, 73, 77) and exemptions (A-19) are applied in the order the spec recommends (section 5.7).
"""

from __future__ import annotations

from typing import Any

from scoring import formulas as fx
from scoring.common import LANGS, get, metric, pick_figure, side_by_side
from scoring.nodes import Node, not_applicable, not_assessed, scored


class OCtx:
    def __init__(
        self,
        meth: dict[str, Any],
        settings: dict[str, Any],
        body: dict[str, Any],
        body_input: dict[str, Any],
        metrics: dict[str, Any],
        peer_points: dict[str, dict[str, float]] | None = None,
    ) -> None:
        self.meth, self.settings, self.body, self.metrics = meth, settings, body, metrics
        self.inp = get(body_input, "openness") or {}
        self.table = meth["body_tables"].get(body["type"])
        self.peer_points = peer_points or {}
        self.figures: list[dict[str, Any]] = []
        self.notice_cache: dict[str, tuple[bool | None, str]] = {}

    def lang_value(self, path: str, lang: str) -> Any:
        v = get(self.inp, path)
        return v.get(lang) if isinstance(v, dict) else v

    def ref(self, ref: str, lang: str) -> Any:
        kind, _, name = ref.partition(":")
        if kind == "input":
            return self.lang_value(name, lang)
        if kind == "metric":
            portal, _, m = name.partition(".")
            return metric(self.metrics, self.body["key"], portal, m, lang)[0]
        if kind == "figure":
            spec = self.meth["figures"][name]
            agency = self.lang_value(spec["input"], lang)
            portal, _, m = spec["metric"].partition(".")
            measured, ev = metric(self.metrics, self.body["key"], portal, m, lang)
            value, used = pick_figure(agency, measured, self.settings["open.portal_figures"])
            fig = side_by_side(name, agency, measured, ev, used)
            fig["lang"] = lang
            if fig not in self.figures:
                self.figures.append(fig)
            return value
        raise ValueError(f"unknown reference {ref!r}")

    def refs_sum(self, refs: str | list[str], lang: str) -> float | None:
        values = [self.ref(r, lang) for r in ([refs] if isinstance(refs, str) else refs)]
        if any(v is None for v in values):
            return None
        return float(sum(values))


def _leaves(meth: dict[str, Any], table: str) -> dict[str, dict[str, Any]]:
    return {
        k: v
        for k, v in meth["indicators"].items()
        if not v.get("scoring") and v["body_type"] in ("both", table)
    }


# --- rules: (share | None, reading) ------------------------------------------------------------------------


def _share(ctx: OCtx, ind: str, rule: dict[str, Any], lang: str) -> tuple[float | None, str]:
    kind = rule["rule"]
    if kind == "assessor":
        return None, f"assessor's judgement needed: openness.indicators.{ind}"
    if kind == "share":
        num, den = ctx.refs_sum(rule["num"], lang), ctx.refs_sum(rule["den"], lang)
        if den is None or (den and num is None):
            return None, f"missing figures: {rule['num']} / {rule['den']}"
        if den == 0:
            on_zero = rule.get("on_zero", "not_assessed")
            if on_zero == "setting":
                on_zero = ctx.settings["open.no_questions_or_comments"]
            if (
                on_zero == "max"
                and ind in NPA_NOTHING
                and ctx.settings["open.nothing_to_do_rule"] == "joint"
                and not _npa_nothing_joint(ctx, lang)
            ):
                return 0.0, "nothing to do here, but A-10 joint reading needs no drafts and no comments"
            if on_zero == "max":
                return 1.0, "nothing to do: maximum (para 73 / open.no_questions_or_comments)"
            return None, f"{rule['den']} is 0: not assessed"
        return min(num / den, 1.0), f"{num:g} / {den:g}"
    if kind == "on_time":
        total, late = ctx.refs_sum(rule["total"], lang), ctx.refs_sum(rule["late"], lang)
        if total is None or late is None:
            return None, "missing figures: " + ", ".join(rule["total"] + rule["late"])
        if total == 0:
            return None, "nothing published or due: not assessed"
        return max(0.0, total - late) / total, f"on time: ({total:g} - {late:g} late or missing) / {total:g}"
    if kind == "present":
        values = [ctx.ref(r, lang) for r in rule["refs"]]
        if all(v is None for v in values):
            return None, "not measured: " + ", ".join(rule["refs"])
        return (1.0 if any(bool(v) for v in values if v is not None) else 0.0), "present: " + ", ".join(
            f"{r}={v}" for r, v in zip(rule["refs"], values, strict=True)
        )
    if kind == "count_true":
        values = [ctx.ref(r, lang) for r in rule["refs"]]
        if any(v is None for v in values):
            return None, "agency input missing: " + ", ".join(
                r for r, v in zip(rule["refs"], values, strict=True) if v is None
            )
        return sum(1 for v in values if v) / len(
            values
        ), f"{sum(1 for v in values if v)} of {len(values)} measures"
    if kind == "od_requests":
        requests = ctx.ref(rule["requests"], lang)
        if requests is None:
            return None, f"agency input missing: {rule['requests']}"
        if requests == 0:
            measures = [ctx.ref(r, lang) for r in rule["measures"]]
            if any(m is None for m in measures):
                return None, "no requests; whether the needs measures were done is missing (para 62)"
            if all(measures):
                return 1.0, "needs measures done and no requests: maximum (para 62)"
            zero = ctx.settings["open.od2_no_requests_without_measures"] == "zero"
            return (0.0 if zero else 1.0), "no requests but the needs measures were not all done"
        published = ctx.ref(rule["published"], lang)
        if published is None:
            return None, f"agency input missing: {rule['published']}"
        return min(published / requests, 1.0), f"{published} of {requests} requests published"
    raise ValueError(f"unknown rule {kind!r} for {ind}")


NPA_NOTHING = {"NPA-CSO-1", "NPA-CSO-2", "NPA-CSO-4", "NPA-LEB-1", "NPA-LEB-3"}


def _npa_nothing_joint(ctx: OCtx, lang: str) -> bool:
    planned = ctx.ref("input:open_npa.drafts_planned", lang)
    comments = ctx.ref("figure:npa_comments_total", lang)
    return planned == 0 and comments == 0


def _notice(ctx: OCtx, group: str) -> tuple[bool | None, str]:
    """Was anything announced (paras 68, 73)? The agency's answer, else the group's own indicators."""
    if group in ctx.notice_cache:
        return ctx.notice_cache[group]
    spec = ctx.meth["notices"][group]
    explicit = get(ctx.inp, spec["input"])
    if explicit is not None:
        result = (bool(explicit), f"openness.{spec['input']}={explicit}")
    else:
        parent = spec[ctx.table]
        kids = [k for k, v in ctx.meth["indicators"].items() if v.get("parent") == parent]
        shares = []
        for kid in kids:
            given = get(ctx.inp, "indicators") or {}
            for lang in LANGS:
                v = (given.get(kid) or {}).get(lang) if isinstance(given.get(kid), dict) else None
                if v is not None:
                    shares.append(float(v))
        if not shares:
            result = (None, f"unknown whether anything was announced ({parent} not assessed)")
        else:
            result = (
                any(s > 0 for s in shares),
                f"{parent} indicators: {'some' if any(shares) else 'no'} announcement found",
            )
    ctx.notice_cache[group] = result
    return result


def _exempt(ctx: OCtx, rule: dict[str, Any]) -> bool:
    kind = get(ctx.inp, "body_kind")
    return bool(rule.get("exempt")) and kind == rule["exempt"]


def leaf(ctx: OCtx, ind: str, spec: dict[str, Any]) -> Node:
    """One leaf indicator over kk and ru."""
    rule = ctx.meth["rules"][ind]
    partial_rule = ctx.settings["open.partial_credit"]
    if _exempt(ctx, rule):
        if ctx.settings["open.exemptions"] == "rescale":
            return not_applicable(
                ind,
                spec["kk"] + spec["ru"],
                f"exempt ({rule['exempt']}); measure rescaled (A-19)",
                title=spec["title"],
            )
    langs: dict[str, Any] = {}
    for lang in LANGS:
        top = float(spec[lang])
        given = get(ctx.inp, "indicators") or {}
        override = given.get(ind, {}).get(lang) if isinstance(given.get(ind), dict) else None
        notes = []
        share: float | None
        if _exempt(ctx, rule):
            share, why = 1.0, f"exempt ({rule['exempt']}): maximum (A-19 open.exemptions=max_on_exempt)"
        elif rule.get("secret_average") and get(ctx.inp, "open_budget.secret"):
            avg = (ctx.peer_points.get(ind) or {}).get(lang)
            if avg is None:
                langs[lang] = {
                    "status": "not_assessed",
                    "points": None,
                    "max_points": top,
                    "reason": "secret budget: no other body's score to average (para 68)",
                }
                continue
            langs[lang] = {
                "status": "scored",
                "points": avg,
                "max_points": top,
                "share": avg / top if top else None,
                "reason": "secret budget: average of the other bodies (para 68; A-12)",
            }
            continue
        elif override is not None:
            share, why = float(override), "assessor's share (openness.indicators)"
        else:
            share, why = _share(ctx, ind, rule, lang)
            mw = rule.get("max_when_false")
            if mw and ctx.ref(mw, lang) is False:
                share, why = 1.0, f"{mw.split(':', 1)[1]} is false: maximum (para 68)"
        nothing_to_do = share == 1.0 and why.startswith(("nothing to do", "openness.open_budget.audit"))
        if share is not None and rule.get("zero_without_notice") and not nothing_to_do:
            announced, how = _notice(ctx, rule["zero_without_notice"])
            if announced is False:
                share, why = 0.0, f"no announcement: 0 (paras 68/73; {how})"
            elif announced is None:
                notes.append(how)
            elif (
                rule["zero_without_notice"] == "budget"
                and ctx.settings["open.budget_notice_rule"] == "per_item"
            ):
                ns = get(ctx.inp, "open_budget.notice_share")
                if ns is not None:
                    share *= float(ns)
                    why += f"; x notice share {ns} (A-11 per_item)"
        if share is None:
            langs[lang] = {"status": "not_assessed", "points": None, "max_points": top, "reason": why}
            continue
        langs[lang] = {
            "status": "scored",
            "points": fx.partial_credit(top, share, partial_rule),
            "max_points": top,
            "share": round(share, 6),
            "reason": why,
            **({"notes": notes} if notes else {}),
        }
    return _lang_node(
        ind, spec, langs, f"points per language = max x share (A-17 open.partial_credit={partial_rule})"
    )


def _lang_node(ind: str, spec: dict[str, Any], langs: dict[str, Any], reading: str) -> Node:
    top = float(spec["kk"]) + float(spec["ru"])
    done = {k: v for k, v in langs.items() if v["status"] == "scored"}
    if not done:
        node = not_assessed(
            ind,
            top,
            "; ".join(f"[{k}] {v['reason']}" for k, v in langs.items()),
            title=spec["title"],
            missing=[f"{ind}[{k}]" for k in langs],
        )
    else:
        node = scored(
            ind,
            sum(v["points"] for v in done.values()),
            top,
            title=spec["title"],
            reading=reading,
            min_points=min(0.0, top),
        )
        node["assessable_max"] = sum(v["max_points"] for v in done.values())
        if len(done) < len(langs):
            node["status"] = "partial"
            node["not_assessed"] = [f"{ind}[{k}]" for k in langs if k not in done]
    node["languages"] = langs
    if top < 0:  # penalties: max_points is the worst case; the best is 0
        node["max_points"], node["min_points"] = 0.0, top
        node["assessable_max"] = 0.0
    return node


def _tree(ctx: OCtx, measure: str, leaf_nodes: dict[str, Node]) -> list[Node]:
    """Top-level rows of a measure; parents (sum_of_children) carry their children as components."""
    out = []
    for ind, spec in ctx.meth["indicators"].items():
        if spec["measure"] != measure or spec.get("parent") or spec["body_type"] not in ("both", ctx.table):
            continue
        if spec.get("scoring") == "sum_of_children":
            kids = [leaf_nodes[k] for k, v in ctx.meth["indicators"].items() if v.get("parent") == ind]
            out.append(_sum(ind, spec["title"], kids, float(spec["kk"]) + float(spec["ru"])))
        else:
            out.append(leaf_nodes[ind])
    return out


def _sum(node_id: str, title: str, kids: list[Node], top: float) -> Node:
    from scoring.nodes import combine

    node = combine(node_id, kids, abs(top), title=title, reading="sum of its rows")
    if top < 0:
        node["max_points"], node["min_points"] = 0.0, top
        node["assessable_max"] = 0.0
    return node


def measure(ctx: OCtx, key: str, leaf_nodes: dict[str, Node]) -> Node:
    spec = ctx.meth["measures"][key]
    rows = _tree(ctx, key, leaf_nodes)
    node = _sum(key, spec["title"], rows, spec["max"])
    if node["points"] is not None:
        exempt = sum(r["max_points"] for r in rows if r["status"] == "not_applicable") + sum(
            c["max_points"]
            for r in rows
            if r["status"] != "not_applicable"
            for c in r.get("components", [])
            if c["status"] == "not_applicable"
        )
        if exempt and ctx.settings["open.exemptions"] == "rescale":
            factor = spec["max"] / (spec["max"] - exempt)
            node["points"] = round(node["points"] * factor, 6)
            node["assessable_max"] = round(node["assessable_max"] * factor, 6)
            node["reading"] += f"; rescaled x {factor:.4g} for exempt rows (A-19)"
        node["points"] = min(node["points"], spec["max"])
    node["symbol"] = spec["symbol"]
    return node


def subordinate(ctx: OCtx) -> Node:
    """P5: penalties once per indicator per language (A-21), capped 3 per group and 9 in all."""
    sub = ctx.meth["subordinate"]
    if get(ctx.inp, "subordinate.none"):
        node = scored(
            "subordinate",
            0.0,
            0.0,
            title="Openness of subordinate organisations",
            reading="no subordinate organisations: no penalty",
            min_points=-float(sub["cap"]),
        )
        return node
    groups = []
    for group, cap in sub["groups"].items():
        kids = []
        for ind, spec in ctx.meth["indicators"].items():
            if spec.get("parent") != group:
                continue
            langs = {}
            for lang in LANGS:
                violation = ctx.lang_value(f"subordinate.{ind}", lang)
                why = f"openness.subordinate.{ind}"
                share_ref = ctx.meth["rules"][ind].get("share_below")
                if violation is None and share_ref is not None:
                    share = ctx.ref(share_ref, lang)
                    if share is not None:
                        violation = float(share) < sub["answered_share_threshold"]
                        sign = "<" if violation else ">="
                        why = f"answered share {share} {sign} {sub['answered_share_threshold']}"
                top = float(spec[lang])
                if violation is None:
                    langs[lang] = {
                        "status": "not_assessed",
                        "points": None,
                        "max_points": top,
                        "reason": f"agency input missing: openness.subordinate.{ind}",
                    }
                else:
                    langs[lang] = {
                        "status": "scored",
                        "points": top if violation else 0.0,
                        "max_points": top,
                        "violation": bool(violation),
                        "reason": why,
                    }
            kids.append(
                _lang_node(ind, spec, langs, "penalty when a violation is found (App. 10 Tables 8-10)")
            )
        node = _sum(group, ctx.meth["indicators"][group]["title"], kids, -float(cap))
        if node["points"] is not None:
            node["points"] = max(node["points"], -float(cap))
        groups.append(node)
    node = _sum("subordinate", "Openness of subordinate organisations", groups, -float(sub["cap"]))
    if node["points"] is not None:
        node["points"] = max(node["points"], -float(sub["cap"]))
        node["reading"] = "sum of group penalties, each capped at 3, total capped at 9 (paras 81-83)"
    node["symbol"] = "P5"
    return node


def score_body(ctx: OCtx) -> dict[str, Any]:
    if ctx.table is None:
        return {"status": "not_applicable", "reason": "committees are assessed within their central body"}
    leaf_nodes = {
        ind: leaf(ctx, ind, spec)
        for ind, spec in _leaves(ctx.meth, ctx.table).items()
        if spec["measure"] != "subordinate"
    }
    measures = [measure(ctx, key, leaf_nodes) for key in ctx.meth["measures"]]
    p5 = subordinate(ctx)
    total = _sum("openness", "Openness (O = P1 + P2 + P3 + P4 - P5)", measures + [p5], ctx.meth["total_max"])
    total["max_points"] = ctx.meth["total_max"]
    total["assessable_max"] = sum(m["assessable_max"] for m in measures if m["points"] is not None)
    total["min_points"] = 0.0
    if total["points"] is not None:
        total["points"] = max(0.0, total["points"])
    ff = get(ctx.inp, "false_facts")
    apply_ff = bool(ctx.settings["open.false_facts_apply"])
    penalty = (
        fx.false_fact_penalty(ff or 0, ctx.meth["false_facts"]["each"], ctx.meth["false_facts"]["cap"])
        if apply_ff
        else 0.0
    )
    final = {k: v for k, v in total.items() if k != "components"}
    final["id"] = "openness_final"
    if total["points"] is not None:
        final["points"] = round(max(0.0, total["points"] - penalty), 6)
        final["reading"] = (
            f"O minus 0.2 per false fact, at most 5 (para 20; A-16 open.false_facts_apply={apply_ff})"
        )
        if ff is None and apply_ff:
            final["status"] = "partial"
            final["not_assessed"] = list(total["not_assessed"]) + ["openness.false_facts"]
    flags = [
        f"agency and portal differ on {f['figure']} [{f['lang']}]: {f['agency']} vs {f['measured']}"
        for f in ctx.figures
        if f["differs"]
    ]
    return {
        "measures": {m["id"]: m for m in measures},
        "subordinate": p5,
        "total": {k: v for k, v in total.items() if k != "components"},
        "false_facts": {"count": ff, "penalty": penalty},
        "final": final,
        "figures": ctx.figures,
        "flags": flags,
        "leaves": leaf_nodes,
    }


def overall(
    meth: dict[str, Any],
    settings: dict[str, Any],
    body_input: dict[str, Any],
    openness_final: Node | None,
    computed: dict[str, Node | None] | None = None,
) -> dict[str, Any]:
    """Paras 100-101: the three directions combined (A-3) and graded. A direction total given in the input
    (openness.other_directions.*) wins over one computed from operational.* figures."""
    scores: dict[str, float] = {}
    sources: dict[str, str] = {}
    missing = []
    for d in meth["directions"]:
        if d == "openness":
            node = openness_final
            v = node["points"] if node and node.get("status") == "scored" else None
            source = "scored"
        else:
            v, source = get(body_input, f"openness.other_directions.{d}"), "input"
            node = (computed or {}).get(d)
            if v is None and node is not None and node.get("status") == "scored":
                v, source = node["points"], "computed"
        if v is None:
            missing.append(d)
        else:
            scores[d] = float(v)
            sources[d] = source
    combination = settings["open.overall_combination"]
    weights = settings["open.overall_weights"]
    out: dict[str, Any] = {
        "directions": scores,
        "sources": sources,
        "weights": weights,
        "combination": combination,
        "reading": f"A-3 open.overall_combination={combination}; grades 90/70/50 after rounding to 2 "
        "decimals (A-22)",
    }
    if missing:
        return {
            **out,
            "status": "not_assessed",
            "points": None,
            "grade": None,
            "not_assessed": missing,
            "note": "directions missing: openness must be fully assessed; public services and complaints "
            "come from openness.other_directions or, fully assessed, from operational.* in the agency input",
        }
    if combination == "sum":
        return {
            **out,
            "status": "scored",
            "points": round(sum(scores.values()), 6),
            "grade": None,
            "note": "literal sum (0-300) cannot be graded",
        }
    value = fx.weighted_overall(scores, weights)
    return {
        **out,
        "status": "scored",
        "points": round(value, 6),
        "max_points": 100,
        "grade": fx.grade(value, meth["grades"], settings["open.grade_rounding"]),
    }
