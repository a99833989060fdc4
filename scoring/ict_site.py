"""Criterion 1 parameters for one site, from the audit findings (Appendices 4, 5 and 6; paras 19-29)."""

from __future__ import annotations

from typing import Any

from scoring import formulas as fx
from scoring.common import LANGS, get
from scoring.nodes import NOT_APPLICABLE, NOT_ASSESSED, Node, not_applicable, not_assessed, scored

Finding = dict[str, Any]


def measured(f: Finding) -> Any:
    if f.get("measured") is not None:
        return f["measured"]
    for ev in f.get("evidence") or []:
        if ev.get("measured") is not None:
            return ev["measured"]
    return None


def usable(f: Finding | None) -> bool:
    return (
        f is not None
        and f.get("verdict") not in ("not_assessed", "error", "not_applicable")
        and f.get("points") is not None
    )


def _row(ind: str, spec: dict[str, Any], f: Finding | None, na_rule: str) -> Node:
    """One Appendix 4 row from its finding."""
    title, top = spec.get("title", ""), spec["max"]
    if f is None:
        return not_assessed(ind, top, "no finding for this indicator", title=title)
    if f.get("verdict") == "not_applicable":
        if na_rule == "full":
            return scored(
                ind,
                top,
                top,
                title=title,
                reading="not applicable on this site: full points (ict.not_applicable_findings=full)",
                inputs={"verdict": "not_applicable"},
            )
        return not_applicable(ind, top, "not applicable on this site", title=title)
    if not usable(f):
        return not_assessed(
            ind, top, f"audit verdict {f.get('verdict')}: {f.get('note') or 'not assessed'}", title=title
        )
    hi = top + spec.get("bonus_max", 0)
    pts = min(max(float(f["points"]), 0.0), hi)
    node = scored(
        ind,
        pts,
        top,
        title=title,
        reading=f.get("reading") or "",
        inputs={"verdict": f.get("verdict"), "finding_points": f.get("points")},
    )
    if spec.get("bonus_max"):
        node["bonus_max"] = spec["bonus_max"]
    return node


def search_engine_row(
    spec: dict[str, Any], positions: dict[str, Any], meth: dict[str, Any], settings: dict[str, Any]
) -> Node:
    """a4.1.1 from the agency/audit-team search positions (A-4)."""
    c = meth["constants"]["search_engines"]
    rule = settings["ict.search_engine_names"]
    missing = [e for e in c["engines"] if not any(v is not None for v in (positions.get(e) or {}).values())]
    if missing:
        return not_assessed(
            "a4.1.1",
            spec["max"],
            f"search positions missing for {', '.join(missing)}",
            title=spec["title"],
            inputs={"search_engine_positions": positions},
        )
    pts = fx.search_engines(positions, c["bands"], c["engines"], rule) * spec["max"]
    return scored(
        "a4.1.1",
        pts,
        spec["max"],
        title=spec["title"],
        inputs={"search_engine_positions": positions},
        reading=f"agency/audit-team input; positions 1-10 -> 1, 11-20 -> 0.5, else 0; mean over "
        f"engines; A-4 ict.search_engine_names={rule}",
    )


def accessibility(
    findings: dict[str, Finding], body_input: dict[str, Any], meth: dict[str, Any], settings: dict[str, Any]
) -> Node:
    """a3.1.1 = sum of Appendix 4 points / 10 * 5 (para 20), over what was assessed."""
    app4 = meth["appendix4"]
    weight = meth["constants"]["accessibility"]["weight"]
    positions = get(body_input, "ict.search_engine_positions")
    rows = []
    for ind, spec in app4["indicators"].items():
        if ind == "a4.1.1" and positions:
            rows.append(search_engine_row(spec, positions, meth, settings))
        else:
            rows.append(_row(ind, spec, findings.get(ind), settings["ict.not_applicable_findings"]))
    live = [r for r in rows if r["status"] != NOT_APPLICABLE]
    done = [r for r in live if r["status"] != NOT_ASSESSED]
    title = meth["indicators"]["a3.1.1"]["title"]
    if not done:
        return not_assessed(
            "a3.1.1",
            weight,
            "no Appendix 4 indicator was assessed",
            title=title,
            missing=[r["id"] for r in live],
            components=rows,
        )
    total = sum(r["points"] for r in done)
    assessable = sum(r["max_points"] for r in done)
    if settings["ict.not_applicable_findings"] == "excluded":
        divisor = sum(r["max_points"] for r in live)  # rows that do not apply leave the divisor
    else:
        divisor = app4["divisor"]
    cap = bool(settings["ict.accessibility_cap"])
    value = fx.accessibility(total, divisor, weight, cap=cap)
    node = scored(
        "a3.1.1",
        value,
        weight,
        title=title,
        components=rows,
        inputs={
            "appendix4_points": round(total, 6),
            "appendix4_assessable_max": round(assessable, 6),
            "divisor": divisor,
        },
        reading=f"sum of Appendix 4 points / {divisor} x {weight} (para 20); A-11 "
        f"ict.accessibility_cap={cap}",
    )
    node["assessable_max"] = round(min(weight, assessable / divisor * weight), 6)
    missing = [r["id"] for r in live if r["status"] == NOT_ASSESSED]
    if missing:
        node["status"] = "partial"
        node["not_assessed"] = missing
    if not cap:
        node["max_points_with_bonus"] = (
            weight + app4["indicators"]["a4.4.5"].get("bonus_max", 0) / divisor * weight
        )
    return node


def _sections(
    table: dict[str, Any], findings: dict[tuple[str, str], Finding]
) -> tuple[list[Node], dict[str, float], dict[str, float], list[str]]:
    """Per-section nodes (kk + ru) and per-language sums of the assessed points and maxima."""
    nodes, pts, mx, missing = [], dict.fromkeys(LANGS, 0.0), dict.fromkeys(LANGS, 0.0), []
    for sec, spec in table.items():
        langs: dict[str, Any] = {}
        for lang in LANGS:
            f = findings.get((sec, lang))
            top = float(spec[lang])
            if usable(f):
                p = min(max(float(f["points"]), 0.0), top)
                langs[lang] = {"status": "scored", "points": p, "max_points": top}
                pts[lang] += p
                mx[lang] += top
            else:
                langs[lang] = {
                    "status": "not_assessed",
                    "points": None,
                    "max_points": top,
                    "reason": "no finding" if f is None else f"audit verdict {f.get('verdict')}",
                }
                missing.append(f"{sec}[{lang}]")
        done = [v for v in langs.values() if v["status"] == "scored"]
        top_total = float(spec["kk"]) + float(spec["ru"])
        if done:
            node = scored(sec, sum(v["points"] for v in done), top_total, title=spec["title"])
            node["assessable_max"] = sum(v["max_points"] for v in done)
            if len(done) < 2:
                node["status"] = "partial"
                node["not_assessed"] = [m for m in missing if m.startswith(sec + "[")]
        else:
            node = not_assessed(
                sec,
                top_total,
                "not assessed in either language",
                title=spec["title"],
                missing=[f"{sec}[kk]", f"{sec}[ru]"],
            )
        node["languages"] = langs
        nodes.append(node)
    return nodes, pts, mx, missing


def _defects(findings: dict[tuple[str, str], Finding], ind: str) -> tuple[dict[str, int], list[str]]:
    counts, missing = {}, []
    for lang in LANGS:
        f = findings.get((ind, lang))
        value = measured(f) if f is not None and f.get("verdict") not in ("not_assessed", "error") else None
        if isinstance(value, dict):
            value = value.get("count", value.get("defects"))
        if isinstance(value, int | float) and not isinstance(value, bool):
            counts[lang] = int(value)
        else:
            missing.append(f"{ind}[{lang}]")
    return counts, missing


def completeness(
    findings: dict[tuple[str, str], Finding], table_key: str, meth: dict[str, Any], settings: dict[str, Any]
) -> Node:
    """a3.1.2 = (kk + ru) / 100 * 10 - 0.1 per defect, capped (paras 21-23; A-12)."""
    c = meth["constants"]["completeness"]
    title = meth["indicators"]["a3.1.2"]["title"]
    sections, pts, mx, missing = _sections(meth["appendix5"][table_key], findings)
    defects, defects_missing = _defects(findings, "a5.defects")
    if not any(mx.values()):
        return not_assessed(
            "a3.1.2",
            c["weight"],
            "no Appendix 5 section was assessed",
            title=title,
            missing=missing + defects_missing,
            components=sections,
        )
    rule = settings["ict.completeness_defect_cap"]
    n = sum(defects.values())
    if rule == "language_table":
        value = fx.completeness_language_table(
            pts,
            defects,
            per_language_max=c["per_language_max"],
            weight=c["weight"],
            each=c["defect"],
            cap_share=c["defect_cap_share"],
        )
    else:
        value = fx.completeness(
            pts["kk"],
            pts["ru"],
            n,
            per_language_max=c["per_language_max"],
            weight=c["weight"],
            each=c["defect"],
            cap_share=c["defect_cap_share"],
        )
    node = scored(
        "a3.1.2",
        value,
        c["weight"],
        title=title,
        components=sections,
        inputs={"points": pts, "assessable_max_by_language": mx, "defects": defects},
        reading=f"(kk + ru) / {2 * c['per_language_max']} x {c['weight']} - {c['defect']} per defect "
        f"(A-12 ict.completeness_defect_cap={rule})",
    )
    node["assessable_max"] = round((mx["kk"] + mx["ru"]) / (2 * c["per_language_max"]) * c["weight"], 6)
    if missing or defects_missing:
        node["status"] = "partial"
        node["not_assessed"] = missing + defects_missing
    return node


def mobile(
    findings: dict[tuple[str, str], Finding], table_key: str, meth: dict[str, Any], settings: dict[str, Any]
) -> Node:
    """a3.1.3 = (kk + ru) / 50 * C - defects - 1 without a link back (paras 24-29; A-14)."""
    c = meth["constants"]["mobile"]
    title = meth["indicators"]["a3.1.3"]["title"]
    coef_f = (
        findings.get(("a6.coefficient", None))
        or findings.get(("a6.coefficient", "kk"))
        or findings.get(("a6.coefficient", "ru"))
    )
    coef = (
        measured(coef_f)
        if coef_f is not None and coef_f.get("verdict") not in ("not_assessed", "error")
        else None
    )
    if not isinstance(coef, dict) or coef.get("C") is None:
        return not_assessed(
            "a3.1.3",
            c["weight"],
            "the mobile-version coefficient C (a6.coefficient) was not assessed",
            title=title,
            missing=["a6.coefficient"],
        )
    big_c = float(coef["C"])
    links_to_main = bool(coef.get("main_link"))
    if big_c <= 0:
        return scored(
            "a3.1.3",
            0.0,
            c["weight"],
            title=title,
            inputs={"C": big_c},
            reading="no mobile version and no link to one: C = 0, 0 points, no -1 (para 25, 29)",
        )
    sections, pts, mx, missing = _sections(meth["appendix6"][table_key], findings)
    defects, defects_missing = _defects(findings, "a6.defects")
    if not any(mx.values()):
        return not_assessed(
            "a3.1.3",
            c["weight"],
            "no Appendix 6 section was assessed",
            title=title,
            missing=missing + defects_missing,
            components=sections,
            inputs={"C": big_c},
        )
    floor = bool(settings["ict.mobile_floor_zero"])
    value = fx.mobile(
        pts["kk"],
        pts["ru"],
        big_c,
        sum(defects.values()),
        links_to_main,
        per_language_max=c["per_language_max"],
        weight=c["weight"],
        each=c["defect"],
        cap_share=c["defect_cap_share"],
        no_main_link_penalty=c["no_main_link_penalty"],
        floor_zero=floor,
    )
    node = scored(
        "a3.1.3",
        value,
        c["weight"],
        title=title,
        components=sections,
        min_points=0.0 if floor else -(c["defect_cap_share"] * c["weight"] + c["no_main_link_penalty"]),
        inputs={
            "C": big_c,
            "main_link": links_to_main,
            "points": pts,
            "assessable_max_by_language": mx,
            "defects": defects,
        },
        reading=f"(kk + ru) / {2 * c['per_language_max']} x C - {c['defect']} per defect (cap "
        f"{c['defect_cap_share'] * c['weight']}) - {c['no_main_link_penalty']} without a link to "
        f"the main version; A-14 ict.mobile_floor_zero={floor}",
    )
    node["assessable_max"] = round((mx["kk"] + mx["ru"]) / (2 * c["per_language_max"]) * big_c, 6)
    if missing or defects_missing:
        node["status"] = "partial"
        node["not_assessed"] = missing + defects_missing
    return node
