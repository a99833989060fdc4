"""score_run: findings + portal metrics + agency inputs -> the scores.json document. Pure: no I/O."""

from __future__ import annotations

from typing import Any

from core.findings import scored
from scoring import directions, figure_findings, ict, openness
from scoring.common import get
from scoring.methodology import load_methodology, resolve_settings, settings_report

SCHEMA = "govaudit.scores/1"


def score_run(
    targets: dict,
    findings: list[dict],
    metrics: dict,
    inputs: dict[str, dict] | None = None,
    settings: dict | None = None,
) -> dict:
    """Score every body of `targets` (Targets.to_dict()) by both methodologies.

    findings: audit findings (core/findings.py); metrics: body -> portal -> lang -> metric -> {value,
    evidence}; inputs: body key -> validated agency input (scoring.inputs.load_inputs); settings: setting name
    -> value overriding the defaults of the methodology files.
    """
    findings = [f for f in findings if f.get("origin") != figure_findings.ORIGIN]  # ours, from a previous score
    findings = scored(findings)  # advisory records (the accessibility annex) are outside the scores
    ict_meth, open_meth = load_methodology("ict"), load_methodology("openness")
    meths = [ict_meth, open_meth]
    values = resolve_settings(meths, settings)
    inputs = inputs or {}
    metrics = metrics or {}
    bodies = {b["key"]: b for b in targets.get("bodies", [])}

    params = {
        k: ict.site_parameters(findings, b, inputs.get(k, {}), ict_meth, values)
        for k, b in bodies.items()
        if b.get("type") != "subordinate"
    }
    subordinates = {
        k: [s for s in bodies.values() if s.get("type") == "subordinate" and s.get("parent") == k] for k in bodies
    }
    committees = {
        k: [c for c in bodies.values() if c.get("type") == "committee" and c.get("parent") == k]
        for k in bodies
    }

    results: dict[str, dict[str, Any]] = {}
    open_ctx: dict[str, openness.OCtx] = {}
    for key, body in bodies.items():
        inp = inputs.get(key, {})
        entry: dict[str, Any] = {
            "key": key,
            "type": body.get("type"),
            "names": body.get("names", {}),
            "parent": body.get("parent"),
            "committee_form": body.get("committee_form"),
            "inputs_provided": key in inputs,
        }
        if body.get("type") == "subordinate":
            entry["ict"] = {
                "role": "subordinate",
                "status": "not_applicable",
                "reason": "subordinate organisations are not assessed by the ICT methodology; their sites and "
                "portal entries feed the parent's openness P5 (paras 79-83)",
            }
        elif body.get("type") == "committee":
            entry["ict"] = _committee_ict(body, params[key], ict_meth)
        else:
            ctx = ict.Ctx(ict_meth, values, body, inp, metrics)
            kids = [(c, params[c["key"]]) for c in committees[key]]
            entry["ict"] = ict.score_body(ctx, params[key], kids)
            entry["ict"]["rollup"] = {c["key"]: _committee_summary(c, params[c["key"]]) for c, _ in kids}
        octx = openness.OCtx(open_meth, values, body, inp, metrics, subordinates=subordinates[key],
                             findings=findings)
        open_ctx[key] = octx
        entry["openness"] = openness.score_body(octx)
        results[key] = entry

    _secret_budget_pass(results, open_ctx, open_meth, values, inputs, metrics, bodies)
    p1_avg = _p1_averages(open_meth, open_ctx, inputs)
    for key, entry in results.items():
        entry["openness"].pop("leaves", None)
        table = open_ctx[key].table
        final = entry["openness"].get("final") if table else None
        if final is None:
            entry["overall"] = {"status": "not_applicable", "points": None, "grade": None}
            continue
        inp = inputs.get(key, {})
        entry["public_services"] = directions.public_services(
            open_meth, values, table, inp, p1_avg.get(table)
        )
        entry["complaints"] = directions.complaints(open_meth, values, inp)
        computed = {
            "public_services": entry["public_services"]["final"],
            "complaints": entry["complaints"]["final"],
        }
        entry["overall"] = openness.overall(open_meth, values, inp, final, computed)
    _reorganisations(results, inputs)
    rankings = _rankings(results)
    doc = {
        "schema": SCHEMA,
        "methodologies": [
            {
                "id": m["id"],
                "version": m["version"],
                "title": m["title"],
                "source": m["source"],
                "status": m["status"],
            }
            for m in meths
        ],
        "settings": settings_report(meths, values),
        "bodies": results,
        "rankings": rankings,
        "summary": {
            "bodies": len(results),
            "with_inputs": sorted(k for k in results if k in inputs),
            "findings_used": len(findings),
        },
    }
    doc["findings"] = figure_findings.build(doc, targets)  # measured vs reported; figures not collected
    return doc


def _committee_ict(body: dict[str, Any], par: dict[str, Any], meth: dict[str, Any]) -> dict[str, Any]:
    """Committees are not scored on their own (para 17): their parameters are averaged into the parent."""
    out = {
        "role": "committee",
        "rolled_up_into": body.get("parent"),
        "site": par["site"],
        "parameters": {"a3.1.2": par["a3.1.2"]},
        "note": "para 17: averaged into the central body's criterion 1; committees have no own ICT total",
    }
    if body.get("committee_form") == "separate_site":
        out["parameters"]["a3.1.1"] = par["a3.1.1"]
    else:
        out["note"] += "; a subdomain/section committee is assessed on completeness only"
    return out


def _committee_summary(body: dict[str, Any], par: dict[str, Any]) -> dict[str, Any]:
    keep = ["a3.1.2"] + (["a3.1.1"] if body.get("committee_form") == "separate_site" else [])
    return {
        "form": body.get("committee_form"),
        "site": par["site"],
        **{k: {"points": par[k]["points"], "status": par[k]["status"]} for k in keep},
    }


def _secret_budget_pass(results, open_ctx, meth, values, inputs, metrics, bodies) -> None:
    """Para 68 (A-12): a body whose budget is secret gets, per indicator and language, the average of the
    other bodies of its table (non-secret ones by default)."""
    secret = [k for k, c in open_ctx.items() if c.table and get(c.inp, "open_budget.secret")]
    if not secret:
        return
    include_secret = values["open.secret_budget_average"] == "all_bodies"
    for key in secret:
        table = open_ctx[key].table
        sums: dict[str, dict[str, list[float]]] = {}
        for other, c in open_ctx.items():
            if other == key or c.table != table or (get(c.inp, "open_budget.secret") and not include_secret):
                continue
            for ind, node in (results[other]["openness"].get("leaves") or {}).items():
                if not meth["rules"][ind].get("secret_average"):
                    continue
                for lang, v in (node.get("languages") or {}).items():
                    if v.get("status") == "scored":
                        sums.setdefault(ind, {}).setdefault(lang, []).append(v["points"])
        peers = {ind: {lang: sum(v) / len(v) for lang, v in by.items()} for ind, by in sums.items()}
        ctx = openness.OCtx(meth, values, bodies[key], inputs.get(key, {}), metrics, peer_points=peers,
                            subordinates=open_ctx[key].subordinates, findings=open_ctx[key].findings)
        results[key]["openness"] = openness.score_body(ctx)


def _p1_averages(meth, open_ctx, inputs) -> dict[str, float]:
    """A-4: a body none of whose services was monitored gets the mean P1 of the covered bodies of its type."""
    by_table: dict[str, list[float]] = {}
    for key, ctx in open_ctx.items():
        if ctx.table:
            p1 = directions.p1_value(meth, ctx.table, inputs.get(key, {}))
            if p1 is not None:
                by_table.setdefault(ctx.table, []).append(p1)
    return {t: sum(v) / len(v) for t, v in by_table.items()}


def _reorganisations(results: dict[str, dict[str, Any]], inputs: dict[str, dict]) -> None:
    """Paras 103-105: first half -> assessed within the successor; second half -> recommendations only."""
    for key, entry in results.items():
        reorg = get(inputs.get(key), "reorganisation") or {}
        if reorg.get("status") in (None, "none"):
            continue
        half, successor = reorg.get("half"), reorg.get("successor")
        treatment = "merged_into_successor" if half == 1 else "recommendations_only"
        entry["reorganisation"] = {**reorg, "treatment": treatment, "ranked": False}
        if successor in results:
            slot = "includes_reorganised" if half == 1 else "recommendations_from"
            results[successor].setdefault(slot, []).append(key)
        if treatment == "recommendations_only":
            entry["recommendations_only"] = {"ict": entry.pop("ict"), "openness": entry.pop("openness")}
            entry["ict"] = {
                "status": "not_assessed",
                "reason": "reorganised/liquidated in the second half: not "
                "assessed; the analysis goes to the successor as recommendations only (para 105)",
            }
            entry["openness"] = {"status": "not_assessed", "reason": entry["ict"]["reason"]}
            entry["overall"] = {"status": "not_assessed", "points": None, "grade": None}


def _rankings(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Rank among bodies of the same type (competition ranking: 1, 2, 2, 4). `complete` is false when the
    score has not-assessed parts; such ranks compare partial scores and say so."""
    board: dict[str, dict[str, list[dict[str, Any]]]] = {"ict": {}, "openness": {}, "overall": {}}
    for key, entry in results.items():
        if (entry.get("reorganisation") or {}).get("ranked") is False:
            continue
        picks = {
            "ict": (entry.get("ict") or {}).get("final"),
            "openness": (entry.get("openness") or {}).get("final"),
            "overall": entry.get("overall"),
        }
        for name, node in picks.items():
            if not node or node.get("points") is None:
                continue
            board[name].setdefault(entry["type"], []).append(
                {"body": key, "points": node["points"], "complete": node.get("status") == "scored"}
            )
    for name, by_type in board.items():
        for body_type, rows in by_type.items():
            rows.sort(key=lambda r: (-r["points"], r["body"]))
            for i, row in enumerate(rows):
                row["rank"] = (
                    rows[i - 1]["rank"] if i and abs(rows[i - 1]["points"] - row["points"]) < 1e-9 else i + 1
                )
                results[row["body"]].setdefault("rankings", {})[name] = {
                    "rank": row["rank"],
                    "of": len(rows),
                    "among": body_type,
                    "complete": row["complete"],
                }
    return board
