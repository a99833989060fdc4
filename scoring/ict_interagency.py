"""ICT criterion 5, use of interagency information systems (paras 62-90): e-document flow, e-applications,
the intranet portal, and the open NPA / open dialogue portals (agency figures beside portal-measured ones)."""

from __future__ import annotations

from typing import Any

from scoring import formulas as fx
from scoring.common import metric_total, pick_figure, side_by_side
from scoring.ict_context import Ctx
from scoring.nodes import Node, combine, not_applicable, not_assessed, scored

# --- criterion 5 (paras 62-90) ---------------------------------------------------------------------------


def _band(ctx: Ctx, pct: float, bands: list[dict[str, Any]]) -> float:
    return fx.band_points(pct, bands, ctx.settings["ict.band_boundary"])


def _figure(
    ctx: Ctx, name: str, agency_path: str, portal: str, metric_name: str, *, comparable: bool = True
) -> tuple[Any, dict[str, Any]]:
    """An agency figure beside the portal-measured one. legalacts cards and a blog's questions are the same items
    in the kk and ru sessions, so the body-level figure is the ru count (else kk), never their sum."""
    agency = ctx.v(agency_path)
    measured, ev, meta = metric_total(ctx.metrics, ctx.body["key"], portal, metric_name, combine="ru_first")
    value, used = (
        pick_figure(agency, measured, ctx.settings["ict.portal_figures"])
        if comparable
        else (agency, "agency" if agency is not None else None)
    )
    fig = side_by_side(name, agency, measured, ev, used, comparable,
                       tolerance=float(ctx.settings["ict.figure_tolerance"]), meta=meta,
                       sources={"agency": f"agency input ict.{agency_path}",
                                "measured": f"metrics.json {portal}.{metric_name} ({portal} collector)"})
    return value, fig


def intranet(ctx: Ctx) -> Node:
    c = ctx.c["intranet"]
    parts = []
    pct = ctx.v("intranet.directory_complete_pct")
    parts.append(
        not_assessed(
            "a3.5.3.1",
            2,
            "agency input missing: ict.intranet.directory_complete_pct",
            title=ctx.title("a3.5.3.1"),
        )
        if pct is None
        else scored(
            "a3.5.3.1",
            _band(ctx, pct, c["directory_bands"]),
            2,
            title=ctx.title("a3.5.3.1"),
            inputs={"complete_pct": pct},
            reading="100% -> 2; above 70% -> 1; else 0 (A-27)",
        )
    )
    if ctx.table == "cso":
        sent, agreed = ctx.v("intranet.drafts_sent_pct"), ctx.v("intranet.drafts_agreed_pct")
        rule = ctx.settings["ict.npa_agreement_deductions"]
        lo = -c["npa_agreement_deduction"] * (1 if rule == "single" else 2)
        if sent is None and agreed is None:
            parts.append(
                not_assessed(
                    "a3.5.3.2",
                    0,
                    "agency input missing: ict.intranet.drafts_sent_pct / drafts_agreed_pct",
                    title=ctx.title("a3.5.3.2"),
                )
            )
        else:
            node = scored(
                "a3.5.3.2",
                fx.npa_agreement(sent, agreed, c["npa_agreement_deduction"], rule),
                0,
                title=ctx.title("a3.5.3.2"),
                min_points=lo,
                inputs={"sent_pct": sent, "agreed_pct": agreed},
                reading=f"-2.5 for each sub-rule below 100% (A-26 ict.npa_agreement_deductions={rule})",
            )
            if sent is None or agreed is None:
                node["status"] = "partial"
                node["not_assessed"] = ["a3.5.3.2"]
            parts.append(node)
    else:
        parts.append(not_applicable("a3.5.3.2", 0, "CSOs only", title=ctx.title("a3.5.3.2")))
    posted, archived = ctx.v("intranet.workgroup_docs_posted"), ctx.v("intranet.workgroup_docs_archived")
    parts.append(
        not_assessed(
            "a3.5.3.3",
            0.5,
            "agency input missing: ict.intranet.workgroup_docs_*",
            title=ctx.title("a3.5.3.3"),
        )
        if posted is None or (posted and archived is None)
        else scored(
            "a3.5.3.3",
            fx.collaborative(archived or 0, posted, c["collaborative_k"]),
            0.5,
            title=ctx.title("a3.5.3.3"),
            inputs={"posted": posted, "archived": archived},
            reading="archived / posted x 0.5; no working groups -> 0 (para 77)",
        )
    )
    docs, empty = ctx.v("intranet.library_documents"), ctx.v("intranet.library_empty_folder")
    lib = c["library"]
    parts.append(
        not_assessed(
            "a3.5.3.4",
            0.5,
            "agency input missing: ict.intranet.library_documents",
            title=ctx.title("a3.5.3.4"),
        )
        if docs is None
        else scored(
            "a3.5.3.4",
            lib["points"] if docs >= lib["min_documents"] and not empty else 0.0,
            0.5,
            title=ctx.title("a3.5.3.4"),
            inputs={"documents": docs, "empty_folder": empty},
            reading="0.5 with at least 5 documents and no empty folder (para 78)",
        )
    )
    usage = ctx.v("intranet.email_usage_pct")
    parts.append(
        not_assessed(
            "a3.5.3.5", 2, "agency input missing: ict.intranet.email_usage_pct", title=ctx.title("a3.5.3.5")
        )
        if usage is None
        else scored(
            "a3.5.3.5",
            _band(ctx, usage, c["email_bands"]),
            2,
            title=ctx.title("a3.5.3.5"),
            inputs={"usage_pct": usage},
            reading=">= 80% -> 2; 60-80% -> 1; else 0 (para 80)",
        )
    )
    floor = ctx.settings["ict.negative_values"] == "floor_zero"
    neg = ctx.settings["ict.negative_values"]
    node = combine(
        "a3.5.3",
        parts,
        ctx.top("a3.5.3"),
        title=ctx.title("a3.5.3"),
        lo=0.0 if floor else None,
        reading=f"a + b + c + d + e (para 71); A-29 ict.negative_values={neg}",
    )
    node["min_points"] = 0.0 if floor else -5.0
    return node


def open_npa(ctx: Ctx) -> Node:
    c = ctx.c["open_npa"]
    if ctx.table != "cso":
        return not_applicable(
            "a3.5.4", ctx.top("a3.5.4"), "CSOs only (para 82; A-28)", title=ctx.title("a3.5.4")
        )
    parts, figures = [], []
    planned = ctx.v("open_npa.draft_laws_planned")
    published, fig = _figure(
        ctx,
        "drafts_published",
        "open_npa.draft_laws_published",
        "legalacts",
        "drafts_published",
        comparable=False,
    )
    figures.append(fig)
    if planned is None or (planned and published is None):
        parts.append(
            not_assessed(
                "a3.5.4.1",
                1.5,
                "agency input missing: ict.open_npa.draft_laws_planned / draft_laws_published",
                title=ctx.title("a3.5.4.1"),
            )
        )
    elif planned == 0:
        parts.append(
            scored(
                "a3.5.4.1",
                c["nothing_to_do"],
                1.5,
                title=ctx.title("a3.5.4.1"),
                inputs={"planned": 0},
                reading="no draft laws under the Plan -> 1.5 (para 83)",
            )
        )
    else:
        pct = fx.share_percent(published, planned)
        parts.append(
            scored(
                "a3.5.4.1",
                _band(ctx, pct, c["bands"]),
                1.5,
                title=ctx.title("a3.5.4.1"),
                inputs={"planned": planned, "published": published, "percent": round(pct, 4)},
                reading="100% -> 1.5; above 70% -> 0.5; else 0 (para 83; A-27)",
            )
        )
    total, f1 = _figure(ctx, "comments_total", "open_npa.comments_total", "legalacts", "comments_total")
    answered, f2 = _figure(
        ctx, "comments_answered", "open_npa.comments_answered", "legalacts", "comments_answered"
    )
    figures += [f1, f2]
    if total is None or (total and answered is None):
        why = "; ".join(dict.fromkeys(f["not_assessed"] for f in (f1, f2) if f.get("not_assessed")))
        parts.append(
            not_assessed(
                "a3.5.4.2",
                1.5,
                "neither the agency nor the portal collectors gave the comment counts"
                + (f"; portal figures not collected: {why}" if why else ""),
                title=ctx.title("a3.5.4.2"),
            )
        )
    elif total == 0:
        parts.append(
            scored(
                "a3.5.4.2",
                c["nothing_to_do"],
                1.5,
                title=ctx.title("a3.5.4.2"),
                inputs={"comments": 0},
                reading="no comments on the portal -> 1.5 (para 84)",
            )
        )
    else:
        pct = fx.share_percent(min(answered, total), total)
        parts.append(
            scored(
                "a3.5.4.2",
                _band(ctx, pct, c["bands"]),
                1.5,
                title=ctx.title("a3.5.4.2"),
                inputs={
                    "comments": total,
                    "answered": answered,
                    "percent": round(pct, 4),
                    "source": [f1["used"], f2["used"]],
                },
                reading="100% answered -> 1.5; above 70% -> 0.5; else 0 (para 84; A-27)",
            )
        )
    node = combine("a3.5.4", parts, ctx.top("a3.5.4"), title=ctx.title("a3.5.4"), reading="5.4.1 + 5.4.2")
    node["figures"] = figures
    node["flags"] += [
        f"agency and portal differ on {f['figure']}: {f['agency']} vs {f['measured']}"
        for f in figures
        if f["differs"]
    ]
    return node


def open_dialogue(ctx: Ctx) -> Node:
    c = ctx.c["open_dialogue"]
    figures = []
    if ctx.table == "cso":
        q, f1 = _figure(ctx, "questions", "open_dialogue.blog_questions", "dialog", "questions")
        a, f2 = _figure(ctx, "answered", "open_dialogue.blog_answered", "dialog", "answered")
        figures = [f1, f2]
        if q is None or (q and a is None):
            part = not_assessed(
                "a3.5.5.1",
                2,
                "neither the agency nor the portal collectors gave the blog question counts",
                title=ctx.title("a3.5.5.1"),
            )
        elif q == 0:
            part = scored(
                "a3.5.5.1",
                c["blog_no_questions"],
                2,
                title=ctx.title("a3.5.5.1"),
                inputs={"questions": 0},
                reading="no questions to the head's blog -> 2 (para 88)",
            )
        else:
            pct = fx.share_percent(min(a, q), q)
            part = scored(
                "a3.5.5.1",
                _band(ctx, pct, c["blog_bands"]),
                2,
                title=ctx.title("a3.5.5.1"),
                inputs={"questions": q, "answered": a, "percent": round(pct, 4)},
                reading="100% -> 2; above 75% -> 1; else 0 (para 88; A-27)",
            )
        parts = [part, not_applicable("a3.5.5.2", 5, "LEBs only", title=ctx.title("a3.5.5.2"))]
    else:
        held, f0 = _figure(ctx, "conferences", "open_dialogue.conferences_held", "dialog", "conferences")
        figures = [f0]
        q, a = ctx.v("open_dialogue.conference_questions"), ctx.v("open_dialogue.conference_answered")
        if held is None:
            part = not_assessed(
                "a3.5.5.2",
                5,
                "agency input missing: ict.open_dialogue.conferences_held",
                title=ctx.title("a3.5.5.2"),
            )
        elif held == 0:
            part = scored(
                "a3.5.5.2",
                c["no_conference"],
                5,
                title=ctx.title("a3.5.5.2"),
                inputs={"conferences": 0},
                reading="no internet conference in the year -> 0 (para 90)",
            )
        elif q is None or (q and a is None):
            part = not_assessed(
                "a3.5.5.2",
                5,
                "agency input missing: ict.open_dialogue.conference_questions / conference_answered",
                title=ctx.title("a3.5.5.2"),
            )
        else:
            pct = fx.share_percent(min(a, q), q) if q else 100.0
            part = scored(
                "a3.5.5.2",
                _band(ctx, pct, c["conference_bands"]),
                5,
                title=ctx.title("a3.5.5.2"),
                inputs={"conferences": held, "questions": q, "answered": a, "percent": round(pct, 4)},
                reading="100% -> 5; above 70% -> 3; else 0 (para 90; A-27)",
            )
        parts = [not_applicable("a3.5.5.1", 2, "CSOs only", title=ctx.title("a3.5.5.1")), part]
    node = combine(
        "a3.5.5", parts, ctx.top("a3.5.5"), title=ctx.title("a3.5.5"), reading="CSO: 5.5.1; LEB: 5.5.2 (A-39)"
    )
    node["figures"] = figures
    node["flags"] += [
        f"agency and portal differ on {f['figure']}: {f['agency']} vs {f['measured']}"
        for f in figures
        if f["differs"]
    ]
    return node


def criterion5(ctx: Ctx) -> Node:
    parts = []
    sent, subject = ctx.v("edms.docs_sent_electronic"), ctx.v("edms.docs_subject")
    if sent is None or subject is None:
        parts.append(
            not_assessed(
                "a3.5.1",
                3,
                "agency input missing: ict.edms.docs_sent_electronic / docs_subject",
                title=ctx.title("a3.5.1"),
            )
        )
    elif subject == 0:
        rule = ctx.settings["ict.nothing_subject_edms"]
        parts.append(
            scored(
                "a3.5.1",
                3,
                3,
                title=ctx.title("a3.5.1"),
                inputs={"subject": 0},
                reading="nothing subject to sending: maximum (ict.nothing_subject_edms=max)",
            )
            if rule == "max"
            else not_assessed(
                "a3.5.1",
                3,
                "nothing subject to sending electronically; the text gives no rule "
                "(ict.nothing_subject_edms=not_assessed)",
                title=ctx.title("a3.5.1"),
            )
        )
    else:
        parts.append(
            scored(
                "a3.5.1",
                fx.ratio_points(sent, subject, ctx.c["edms"]["k"]),
                3,
                title=ctx.title("a3.5.1"),
                inputs={"sent": sent, "subject": subject},
                reading="sent / subject x 3 (para 65)",
            )
        )
    reg, tot = ctx.v("edms.applications_registered"), ctx.v("edms.applications_total")
    c52 = ctx.c["eapplications"]
    if tot == 0:
        parts.append(
            scored(
                "a3.5.2",
                c52["none_received"],
                2,
                title=ctx.title("a3.5.2"),
                inputs={"total": 0},
                reading="no e-applications from the e-gov portal -> 2 (para 69)",
            )
        )
    elif reg is None or tot is None:
        parts.append(
            not_assessed(
                "a3.5.2",
                2,
                "agency input missing: ict.edms.applications_registered / applications_total",
                title=ctx.title("a3.5.2"),
            )
        )
    else:
        parts.append(
            scored(
                "a3.5.2",
                fx.ratio_points(reg, tot, c52["k"]),
                2,
                title=ctx.title("a3.5.2"),
                inputs={"registered": reg, "total": tot},
                reading="registered / total e-applications from the e-gov portal x 2 (para 68; A-30)",
            )
        )
    parts += [intranet(ctx), open_npa(ctx), open_dialogue(ctx)]
    floor = ctx.settings["ict.negative_values"] == "floor_zero"
    node = combine(
        "a3.5",
        parts,
        ctx.top("a3.5"),
        title=ctx.title("a3.5"),
        lo=0.0 if floor else None,
        reading="5.1 + 5.2 + 5.3 + 5.4 + 5.5",
    )
    node["min_points"] = 0.0 if floor else -5.0
    return node
