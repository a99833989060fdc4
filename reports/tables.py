"""The run as tables: one list of rows per subject, with typed columns. The workbook (one sheet per table), the CSV
files and the report pages all read these, so every output shows the same numbers and the same finding ids.

Column kinds: `text` (our own words or ids), `crawled` (text a site or a targets file supplied: neutralised
against formula injection in every spreadsheet and CSV), `url` (crawled as well; linked only if safe_url allows),
`num` (points, 2 decimals), `int`, `date`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from reports.i18n import t, title
from reports.rundata import RunData, indicator_key

METHODOLOGIES = ("ict", "openness", "overall")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # ui.yaml key
    kind: str = "text"
    width: int = 14


@dataclass
class Table:
    name: str  # sheet and CSV name
    label: str  # ui.yaml key of its title
    columns: list[Column]
    rows: list[dict[str, Any]]


def _c(key: str, kind: str = "text", width: int = 14, label: str | None = None) -> Column:
    return Column(key, label or key, kind, width)


def rankings(run: RunData) -> Table:
    rows = []
    deltas = ((run.comparison or {}).get("bodies") or {})
    for meth in METHODOLOGIES:
        for btype, entries in ((run.scores.get("rankings") or {}).get(meth) or {}).items():
            for r in entries:
                node = _final_node(run.body_scores(r["body"]), meth)
                delta = ((deltas.get(r["body"]) or {}).get(meth) or {}).get("delta")
                rows.append({"methodology": meth, "body_type": btype, "rank": r["rank"], "of": len(entries),
                             "body": r["body"], "name_ru": run.name(r["body"], "ru"),
                             "name_kk": run.name(r["body"], "kk"), "points": r["points"],
                             "max_points": node.get("max_points"), "grade": node.get("grade"),
                             "complete": bool(r.get("complete")), "delta": delta})
    cols = [_c("methodology", width=10), _c("body_type", width=10), _c("rank", "int", 6), _c("of", "int", 6),
            _c("body", "crawled", 12), _c("name_ru", "crawled", 40), _c("name_kk", "crawled", 40),
            _c("points", "num", 9), _c("max_points", "num", 8), _c("grade", width=12), _c("complete", width=9),
            _c("delta", "num", 9)]
    return Table("rankings", "rankings", cols, rows)


def _final_node(entry: dict[str, Any], meth: str) -> dict[str, Any]:
    if meth == "overall":
        return {**(entry.get("overall") or {}), "max_points": 100}
    return (entry.get(meth) or {}).get("final") or {}


def score_rows(run: RunData) -> Table:
    """Per body x methodology x criterion x parameter x indicator x language: the whole score tree, flattened."""
    rows: list[dict[str, Any]] = []

    def walk(body: str, meth: str, node: dict[str, Any], level: int, parent: str) -> None:
        base = {"body": body, "methodology": meth, "level": level, "parent": parent, "id": node.get("id"),
                "title_ru": title(node.get("id") or "", "ru", node.get("title") or ""),
                "title_en": node.get("title") or ""}
        rows.append({**base, "lang": None, "status": node.get("status"), "points": node.get("points"),
                     "max_points": node.get("max_points"), "assessable_max": node.get("assessable_max"),
                     "reading": node.get("reading") or ""})
        for lang, v in sorted((node.get("languages") or {}).items()):
            rows.append({**base, "level": level + 1, "lang": lang, "status": v.get("status"),
                         "points": v.get("points"), "max_points": v.get("max_points"), "assessable_max": None,
                         "reading": v.get("reason") or ""})
        for child in node.get("components") or []:
            walk(body, meth, child, level + 1, node.get("id") or "")

    for b in run.bodies:
        entry = run.body_scores(b["key"])
        ict = entry.get("ict") or {}
        for crit in (ict.get("criteria") or {}).values():
            walk(b["key"], "ict", crit, 1, "final")
        if ict.get("final"):
            walk(b["key"], "ict", {**ict["final"], "components": []}, 0, "")
        opn = entry.get("openness") or {}
        for measure in (opn.get("measures") or {}).values():
            walk(b["key"], "openness", measure, 1, "openness_final")
        if opn.get("final"):
            walk(b["key"], "openness", {**opn["final"], "components": []}, 0, "")
    cols = [_c("body", "crawled", 12), _c("methodology", width=10), _c("level", "int", 6), _c("parent", width=12),
            _c("id", width=14), _c("lang", width=6), _c("title_ru", width=40), _c("title_en", width=40),
            _c("status", width=12), _c("points", "num", 9), _c("max_points", "num", 9),
            _c("assessable_max", "num", 9), _c("reading", width=50)]
    return Table("scores", "score_tree", cols, rows)


def finding_rows(run: RunData) -> Table:
    rows = []
    for f in run.findings:
        ev = f.get("evidence") or []
        machine, override = f.get("machine") or {}, f.get("override") or {}
        rows.append({"finding_id": f["id"], "body": f["body"], "site": f.get("site"), "indicator": f["indicator"],
                     "lang": f.get("lang"), "verdict": f["verdict"], "points": f.get("points"),
                     "max_points": f.get("max_points"),
                     "machine_verdict": machine.get("verdict", f["verdict"]),
                     "machine_points": machine.get("points", f.get("points")),
                     "override_by": override.get("evaluator"), "override_date": override.get("date"),
                     "override_reason": override.get("reason"), "override_origin": override.get("origin"),
                     "reading": f.get("reading") or "", "note": f.get("note") or "",
                     "evidence_url": next((e.get("url") for e in ev if e.get("url")), None),
                     "evidence_count": len(ev),
                     "screenshot": next((e.get("screenshot") for e in ev if e.get("screenshot")), None)})
    rows.sort(key=lambda r: (r["body"], indicator_key(r["indicator"]), r["lang"] or ""))
    cols = [_c("finding_id", width=17), _c("body", "crawled", 12), _c("site", "url", 30), _c("indicator", width=12),
            _c("lang", width=6), _c("verdict", width=12), _c("points", "num", 8), _c("max_points", "num", 8),
            _c("machine_verdict", width=12), _c("machine_points", "num", 8), _c("override_by", "crawled", 16),
            _c("override_date", width=11), _c("override_reason", "crawled", 30), _c("override_origin", width=11),
            _c("reading", "text", 40), _c("note", "crawled", 60), _c("evidence_url", "url", 40),
            _c("evidence_count", "int", 8), _c("screenshot", "url", 30)]
    return Table("findings", "findings", cols, rows)


def evidence_rows(run: RunData) -> Table:
    rows = []
    for f in run.findings:
        for n, ev in enumerate(f.get("evidence") or [], 1):
            measured = ev.get("measured")
            rows.append({"finding_id": f["id"], "body": f["body"], "indicator": f["indicator"], "lang": f.get("lang"),
                         "n": n, "url": ev.get("url"), "selector": ev.get("selector"), "snippet": ev.get("snippet"),
                         "measured": None if measured is None else json.dumps(measured, ensure_ascii=False)[:2000],
                         "screenshot": ev.get("screenshot")})
    cols = [_c("finding_id", width=17), _c("body", "crawled", 12), _c("indicator", width=12), _c("lang", width=6),
            _c("n", "int", 4), _c("url", "url", 50), _c("selector", "crawled", 30), _c("snippet", "crawled", 60),
            _c("measured", "crawled", 40), _c("screenshot", "url", 30)]
    return Table("evidence", "evidence", cols, rows)


def metric_rows(run: RunData) -> Table:
    rows = []
    for body, portals in sorted(run.metrics.items()):
        for portal, langs in sorted((portals or {}).items()):
            for lang, metrics in sorted((langs or {}).items()):
                for metric, v in sorted((metrics or {}).items()):
                    v = v if isinstance(v, dict) else {"value": v}
                    value = v.get("value")
                    evidence = v.get("evidence")
                    rows.append({"body": body, "portal": portal, "lang": lang, "metric": metric,
                                 "value": value if isinstance(value, int | float) and not isinstance(value, bool)
                                 else None,
                                 "value_text": None if isinstance(value, int | float) else _text(value),
                                 "evidence": _text(evidence)[:2000]})
    cols = [_c("body", "crawled", 12), _c("portal", width=12), _c("lang", width=6), _c("metric", width=30),
            _c("value", "num", 10), _c("value_text", "crawled", 20), _c("evidence", "crawled", 60)]
    return Table("portal_metrics", "portal_metrics", cols, rows)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def reading_rows(run: RunData) -> Table:
    rows = []
    # one registry of readings: scores.json names every reading (settings.json the same, before scoring)
    readings = run.scores.get("settings") or (run.settings or {}).get("readings") or {}
    for name, s in sorted(readings.items()):
        rows.append({"name": name, "value": _text(s.get("value")), "default": _text(s.get("default")),
                     "is_default": s.get("is_default"), "ambiguity": s.get("ambiguity"),
                     "methodology": s.get("methodology"), "applied_by": s.get("applied_by"),
                     "reading": s.get("reading")})
    cols = [_c("name", width=34), _c("value", "crawled", 20), _c("default", width=16), _c("is_default", width=9),
            _c("ambiguity", width=9), _c("methodology", width=16), _c("applied_by", width=10),
            _c("reading", width=60)]
    return Table("readings", "readings", cols, rows)


def override_rows(run: RunData) -> Table:
    """The override sheet: every finding that is not a pass, or already decided, with the decision columns that
    scoring/overrides.py reads back (finding_id, verdict, points, reason, evaluator, date)."""
    rows = []
    for f in run.findings:
        o = f.get("override") or {}
        if f["verdict"] == "pass" and not o:
            continue
        machine = f.get("machine") or {}
        evaluator = o if o.get("origin") == "evaluator" else {}
        rows.append({"finding_id": f["id"], "body": f["body"], "indicator": f["indicator"], "lang": f.get("lang"),
                     "machine_verdict": machine.get("verdict", f["verdict"]),
                     "machine_points": machine.get("points", f.get("points")), "max_points": f.get("max_points"),
                     "verdict": evaluator.get("verdict"), "points": evaluator.get("points"),
                     "reason": evaluator.get("reason"), "evaluator": evaluator.get("evaluator"),
                     "date": evaluator.get("date"), "note": (f.get("note") or "")[:300]})
    rows.sort(key=lambda r: (r["body"], indicator_key(r["indicator"]), r["lang"] or ""))
    cols = [_c("finding_id", width=17), _c("body", "crawled", 12), _c("indicator", width=12), _c("lang", width=6),
            _c("machine_verdict", width=12), _c("machine_points", "num", 8), _c("max_points", "num", 8),
            _c("verdict", width=12), _c("points", "num", 8), _c("reason", "crawled", 40),
            _c("evaluator", "crawled", 18), _c("date", width=11), _c("note", "crawled", 50)]
    return Table("overrides", "overrides", cols, rows)


def appeal_rows(run: RunData) -> Table:
    rows = []
    for a in (run.decisions.get("appeals") or []):
        totals = ((run.decisions.get("appeal_totals") or {}).get(a["body"]) or {}).get(a["direction"]) or {}
        for o in a["objections"]:
            d = o.get("decision") or {}
            rows.append({"body": a["body"], "direction": a["direction"], "no": o["no"],
                         "finding_id": o.get("finding_id"), "indicator": o.get("indicator"), "lang": o.get("lang"),
                         "type": o.get("type"), "text": o.get("text"),
                         "attachments": "; ".join(o.get("attachments") or []), "submitted": o.get("submitted"),
                         "results_received": a["results_received"],
                         "objections_by": a["deadlines"]["objections_by"],
                         "conclusion_by": a["deadlines"]["conclusion_by"], "decision": d.get("decision"),
                         "decision_date": d.get("date"), "decision_reason": d.get("reason"),
                         "before": totals.get("before"), "after": totals.get("after")})
    cols = [_c("body", "crawled", 12), _c("direction", width=10), _c("no", "int", 5), _c("finding_id", width=17),
            _c("indicator", width=12), _c("lang", width=6), _c("type", "crawled", 18), _c("text", "crawled", 50),
            _c("attachments", "crawled", 30), _c("submitted", width=11), _c("results_received", width=11),
            _c("objections_by", width=11), _c("conclusion_by", width=11), _c("decision", width=14),
            _c("decision_date", width=11), _c("decision_reason", "crawled", 40), _c("before", "num", 9),
            _c("after", "num", 9)]
    return Table("appeals", "appeals", cols, rows)


def comparison_rows(run: RunData) -> Table:
    rows = []
    comp = run.comparison or {}
    for body, parts in sorted((comp.get("bodies") or {}).items()):
        for part, v in sorted(parts.items()):
            if isinstance(v, dict) and "delta" in v:
                rows.append({"body": body, "item": part, "previous": v.get("previous"), "current": v.get("current"),
                             "delta": v.get("delta"), "change": None, "finding_id": None})
    for c in comp.get("changed") or []:
        rows.append({"body": c["body"], "item": f"{c['indicator']}{'[' + c['lang'] + ']' if c.get('lang') else ''}",
                     "previous": c.get("previous_points"), "current": c.get("current_points"), "delta": None,
                     "change": f"{c.get('previous_verdict')} -> {c.get('current_verdict')} ({c.get('kind')})",
                     "finding_id": c.get("finding_id")})
    cols = [_c("body", "crawled", 12), _c("item", width=20), _c("previous", "num", 9), _c("current", "num", 9),
            _c("delta", "num", 9), _c("change", width=36), _c("finding_id", width=17)]
    return Table("comparison", "comparison", cols, rows)


def header(column: Column, lang: str = "ru") -> str:
    try:
        return t(column.label, lang)
    except KeyError:
        return column.key
