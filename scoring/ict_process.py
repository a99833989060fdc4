"""ICT criteria 2-4 from the agency input: integration (paras 30-38), institutional strengthening
(paras 39-42) and automation of functions (paras 43-61), with the weight transfers to 4.2."""

from __future__ import annotations

from typing import Any

from scoring import formulas as fx
from scoring.ict_context import Ctx, missing_input
from scoring.nodes import Node, combine, not_applicable, not_assessed, scored

# --- criterion 2 (paras 30-38) ---------------------------------------------------------------------------


def integration_counts(ctx: Ctx) -> dict[str, Any]:
    """Counts a, b, x, y from the totals or, failing those, from the Appendix 1 Table 1 rows."""
    counts = {k: ctx.v(f"integration.{k}") for k in ("planned", "done", "systems_due", "systems_late")}
    rows = ctx.v("integration.systems") or []
    if rows:
        derived = {
            "planned": sum(r.get("planned_integrations", 0) for r in rows),
            "done": sum(r.get("done_integrations", 0) for r in rows),
        }
        due = [r for r in rows if r.get("due", True)]
        derived["systems_due"] = len(due)
        # para 38: no NTD date (or no NTD) counts as not commissioned on time
        derived["systems_late"] = sum(
            1
            for r in due
            if not r.get("ntd_commissioning_date")
            or not r.get("actual_commissioning_date")
            or r["actual_commissioning_date"] > r["ntd_commissioning_date"]
        )
        for k, v in derived.items():
            if counts[k] is None:
                counts[k] = v
    counts["systems_due"] = counts["systems_due"] or 0
    counts["systems_late"] = counts["systems_late"] or 0
    return counts


def criterion2(ctx: Ctx) -> tuple[Node, float, float]:
    """Returns (node, weight transferred to 4.2, commissioning coefficient m to subtract there)."""
    top, title, c = ctx.top("a3.2"), ctx.title("a3.2"), ctx.c["integration"]
    required = ctx.v("integration.required")
    if required is None:
        return not_assessed("a3.2", top, "agency input missing: ict.integration.required", title=title), 0, 0
    counts = integration_counts(ctx)
    if required is False:
        m = fx.commissioning_coefficient(counts["systems_late"], counts["systems_due"])
        rule = ctx.settings["ict.no_integration_transfer"]
        node = not_applicable(
            "a3.2",
            top,
            f"integration not required: weight {c['k']} moves to 4.2 (para 36; "
            f"A-23 ict.no_integration_transfer={rule})",
            title=title,
        )
        return (
            node,
            ctx.meth["transfers"]["integration_not_required"]["weight"],
            m if rule == "add_weight_minus_m" else 0.0,
        )
    if ctx.v("integration.no_departmental_is"):
        full = ctx.v("automation.all_functions_fully_automated")
        if full is None:
            return (
                not_assessed(
                    "a3.2",
                    top,
                    "no departmental IS: ict.automation.all_functions_fully_automated is needed (para 31)",
                    title=title,
                ),
                0,
                0,
            )
        return (
            scored(
                "a3.2",
                top if full else 0.0,
                top,
                title=title,
                inputs={"no_departmental_is": True, "all_functions_fully_automated": full},
                reading="para 31: no departmental IS; all functions fully automated -> 20, otherwise 0",
            ),
            0,
            0,
        )
    if counts["planned"] is None or counts["done"] is None:
        return (
            not_assessed(
                "a3.2",
                top,
                "agency input missing: integrations planned and done "
                "(ict.integration.planned/done or the ICT_Systems sheet)",
                title=title,
            ),
            0,
            0,
        )
    if counts["planned"] == 0:
        return (
            not_assessed(
                "a3.2",
                top,
                "integration is required but no required integration is listed (b = 0)",
                title=title,
                inputs=counts,
            ),
            0,
            0,
        )
    floor = (
        bool(ctx.settings["ict.criterion2_floor_zero"]) or ctx.settings["ict.negative_values"] == "floor_zero"
    )
    refusals = ctx.v("integration.refusals_with_joint_plan") or 0
    pts = fx.integration(
        counts["done"] * c["per_integration"],
        counts["planned"],
        counts["systems_late"],
        counts["systems_due"],
        k=c["k"],
        refusals=refusals,
        refusal_penalty=c["refusal_penalty"],
        floor_zero=floor,
    )
    return (
        scored(
            "a3.2",
            pts,
            top,
            title=title,
            min_points=0.0 if floor else -(1 + 2 * refusals),
            inputs={**counts, "refusals_with_joint_plan": refusals},
            reading=f"P2 = a/b x {c['k']} - x/y - {c['refusal_penalty']} x refusals (para 37; A-22 "
            f"floor at 0: {floor})",
        ),
        0,
        0,
    )


# --- criterion 3 (paras 39-42) ---------------------------------------------------------------------------


def criterion3(ctx: Ctx) -> Node:
    c = ctx.c["institutional"]
    if ctx.table == "cso":
        v1 = missing_input(ctx, "a3.3.1", ["institutional.it_unit"])
        if v1 is None:
            unit = ctx.v("institutional.it_unit")
            v1 = scored(
                "a3.3.1",
                fx.institutional_unit_cso(unit, c["unit_cso"]),
                ctx.top("a3.3.1"),
                title=ctx.title("a3.3.1"),
                inputs={"it_unit": unit},
                reading="CSO: 3 with an IT subdivision",
            )
    else:
        paths = [
            "institutional.apparatus_it_unit",
            "institutional.departments_total",
            "institutional.departments_with_it",
        ]
        v1 = missing_input(ctx, "a3.3.1", paths)
        if v1 is None:
            vals = {p.rsplit(".", 1)[1]: ctx.v(p) for p in paths}
            v1 = scored(
                "a3.3.1",
                fx.institutional_unit_leb(
                    vals["apparatus_it_unit"],
                    vals["departments_with_it"],
                    vals["departments_total"],
                    apparatus_points=c["unit_leb_apparatus"],
                    departments_points=c["unit_leb_departments"],
                ),
                ctx.top("a3.3.1"),
                title=ctx.title("a3.3.1"),
                inputs=vals,
                reading="LEB: 1.5 (apparatus) + departments with IT x 1.5 / departments (para 42; A-25)",
            )
    v2 = missing_input(ctx, "a3.3.2", ["institutional.it_staff_total", "institutional.it_staff_qualified"])
    if v2 is None:
        a, b = ctx.v("institutional.it_staff_qualified"), ctx.v("institutional.it_staff_total")
        v2 = scored(
            "a3.3.2",
            fx.qualification(a, b, c["qualification_k"]),
            ctx.top("a3.3.2"),
            title=ctx.title("a3.3.2"),
            inputs={"qualified": a, "total": b},
            reading="a / b x 2 (para 42); no IT staff -> 0",
        )
    return combine("a3.3", [v1, v2], ctx.top("a3.3"), title=ctx.title("a3.3"), reading="V1 + V2")


# --- criterion 4 (paras 43-61) ---------------------------------------------------------------------------


def function_counts(ctx: Ctx) -> dict[str, int | None]:
    """4.1 / 4.2 counts from the totals or, failing those, from the Appendix 1 Table 3 rows."""
    keys = ("functions_departmental", "functions_not_automated", "functions_partial", "functions_full")
    counts = {k: ctx.v(f"automation.{k}") for k in keys}
    rows = ctx.v("automation.functions") or []
    if rows:
        # para 47: a function the NTD does not confirm does not count as automated
        auto = [r for r in rows if r["degree"] != "none" and r.get("ntd_confirms", True)]
        derived = {
            "functions_departmental": sum(1 for r in auto if r.get("via", "departmental") == "departmental"),
            "functions_not_automated": len(rows) - len(auto),
            "functions_partial": sum(1 for r in auto if r["degree"] == "partial"),
            "functions_full": sum(1 for r in auto if r["degree"] == "full"),
        }
        for k, v in derived.items():
            if counts[k] is None:
                counts[k] = v
    return counts


def criterion4(ctx: Ctx, transfer: float, m2: float) -> Node:
    counts = function_counts(ctx)
    all_full = ctx.v("automation.all_functions_fully_automated")
    c41 = ctx.c["automation_departmental"]
    # 4.1
    if all_full:
        v41 = scored(
            "a3.4.1",
            c41["k"],
            ctx.top("a3.4.1"),
            title=ctx.title("a3.4.1"),
            inputs={"all_functions_fully_automated": True},
            reading="para 54: all functions fully automated -> 20",
        )
    elif counts["functions_departmental"] is None or counts["functions_not_automated"] is None:
        v41 = not_assessed(
            "a3.4.1",
            ctx.top("a3.4.1"),
            "agency input missing: functions automated through "
            "departmental IS and not automated (ict.automation.* or the ICT_Functions sheet)",
            title=ctx.title("a3.4.1"),
        )
    else:
        m, m_note = 0.0, "not an Architecture-portal participant: m = 0"
        if ctx.table == "cso" and ctx.v("automation.architecture_portal_participant"):
            lost = ctx.v("automation.architecture_portal_points_lost")
            stale = ctx.v("automation.architecture_portal_stale") or []
            if lost is not None:
                m = -min(float(lost), sum(p["points"] for p in ctx.meth["appendix7"].values()))
                m_note = f"Architecture portal: m = {m:.4g} (points not obtained, as assessed; paras 49-53)"
            else:
                m = fx.architecture_m(stale, ctx.meth["appendix7"])
                m_note = (
                    f"Architecture portal: m = {m:.4g} for stale parameters {stale or 'none'} (paras 49-53)"
                )
        a, b = counts["functions_departmental"], counts["functions_not_automated"]
        raw = fx.automation_departmental(a, b, m, k=c41["k"])
        v41 = scored(
            "a3.4.1",
            max(0.0, raw),
            ctx.top("a3.4.1"),
            title=ctx.title("a3.4.1"),
            inputs={"automated": a, "not_automated": b, "m": m},
            reading=f"a / (a + b) x 20 + m (para 48); {m_note}; floor 0",
        )
    # 4.3 and its transfers
    c43 = ctx.c["leb_central"]
    if ctx.table == "leb":
        v43 = not_applicable(
            "a3.4.3",
            ctx.top("a3.4.3"),
            "LEB: 4.3 not assessed; its 5 points move to 4.2 (para 59)",
            title=ctx.title("a3.4.3"),
        )
        transfer += ctx.meth["transfers"]["leb_no_central_automation"]["weight"]
    elif ctx.v("automation.appendix8_list") is False:
        v43 = not_applicable(
            "a3.4.3",
            ctx.top("a3.4.3"),
            "no Appendix 8 list for this CSO: its 5 points move to 4.2 (para 61)",
            title=ctx.title("a3.4.3"),
        )
        transfer += ctx.meth["transfers"]["cso_without_appendix8_list"]["weight"]
    elif ctx.v("automation.appendix8_list") is None:
        v43 = not_assessed(
            "a3.4.3",
            ctx.top("a3.4.3"),
            "agency input missing: ict.automation.appendix8_list",
            title=ctx.title("a3.4.3"),
        )
    else:
        rows = ctx.v("automation.leb_functions") or []
        rule = ctx.settings["ict.leb_functions_aggregation"]
        if not rows or not any(r["subject"] for r in rows):
            v43 = not_assessed(
                "a3.4.3",
                ctx.top("a3.4.3"),
                "agency input missing: per-LEB functions (ICT_LEB_Functions)",
                title=ctx.title("a3.4.3"),
            )
        else:
            pairs = [(r["automated"], r["subject"]) for r in rows]
            v43 = scored(
                "a3.4.3",
                fx.leb_central_automation(pairs, c43["k"], rule),
                ctx.top("a3.4.3"),
                title=ctx.title("a3.4.3"),
                inputs={"per_leb": rows},
                reading=f"sum a_i / sum b_i x 5 (para 60; A-24 ict.leb_functions_aggregation={rule})",
            )
    # 4.2 with the transferred weights
    c42 = ctx.c["automation_degree"]
    k = c42["k"] + transfer
    top42 = ctx.top("a3.4.2") + transfer
    if counts["functions_partial"] is None or counts["functions_full"] is None:
        v42 = not_assessed(
            "a3.4.2",
            top42,
            "agency input missing: partially and fully automated functions",
            title=ctx.title("a3.4.2"),
        )
    else:
        denom_rule = ctx.settings["ict.automation_denominator"]
        extra = (counts["functions_not_automated"] or 0) if denom_rule == "subject" else 0
        pts = fx.automation_degree(
            counts["functions_partial"],
            counts["functions_full"],
            k,
            partial_weight=c42["partial_weight"],
            full_weight=c42["full_weight"],
            not_automated=extra,
        )
        if m2:
            pts = max(0.0, pts - m2)
        v42 = scored(
            "a3.4.2",
            pts,
            top42,
            title=ctx.title("a3.4.2"),
            inputs={
                "partial": counts["functions_partial"],
                "full": counts["functions_full"],
                "k": k,
                "transferred_weight": transfer,
                "commissioning_m_subtracted": m2,
            },
            reading=f"((b x 1 + a x 0.3) / (a + b)) x k, k = 15 + transferred {transfer:g} (paras 36, 57, "
            f"59, 61; A-21 ict.automation_denominator={denom_rule}). The document's example prints "
            "7.9; the formula gives 8.0",
        )
    # Criterion 2's weight (para 36) enlarges this criterion; 4.3's stays inside it (paras 59, 61).
    from_c2 = transfer - (ctx.top("a3.4.3") if v43["status"] == "not_applicable" else 0.0)
    return combine(
        "a3.4",
        [v41, v42, v43],
        ctx.top("a3.4") + from_c2,
        title=ctx.title("a3.4"),
        reading="4.1 + 4.2 + 4.3" + (f"; includes criterion 2's weight {from_c2:g}" if from_c2 else ""),
    )
