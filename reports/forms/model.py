"""A form template (data, reports/forms/templates/*.yaml) + a body's scores, findings and appeals -> a document
model: a list of blocks that the DOCX and PDF renderers lay out alike. Each section `kind` is one function here;
a new methodology version is a new template, and a new kind only if its form has a new kind of section."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from reports.i18n import t, title
from reports.rundata import RunData, indicator_key

TEMPLATES = Path(__file__).with_name("templates")
MAX_ITEMS_PER_GROUP = 25  # recommendations listed per parameter; the rest are counted (the workbook has all)
# Which finding indicators belong to which parameter/measure, for grouping what the body must fix.
GROUPS = {"ict": (("a4.", "a3.1.1"), ("a5.", "a3.1.2"), ("a6.", "a3.1.3")),
          "openness": (("OD-", "open_data"), ("OB-", "open_budget"), ("NPA-", "open_npa"), ("DLG-", "open_dialogue"),
                       ("SUB-", "subordinate"))}


@dataclass
class Block:
    kind: str  # right | title | subtitle | field | table | heading | para | list | signature
    text: str = ""
    caption: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    bold_last: int = 0  # table: the last N rows are totals


@dataclass
class Document:
    template: str
    body: str
    lang: str
    file: str
    blocks: list[Block]

    def text(self) -> str:
        parts: list[str] = []
        for b in self.blocks:
            parts += [b.text, b.caption, *b.headers, *(c for r in b.rows for c in r), *b.items]
        return "\n".join(p for p in parts if p)


@cache
def load_templates() -> tuple[dict[str, Any], ...]:
    return tuple(yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(TEMPLATES.glob("*.yaml")))


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _node(score: dict[str, Any], path: str) -> dict[str, Any]:
    """`ict.criteria.a3.1` -> score["ict"]["criteria"]["a3.1"] (ids may contain dots: match the longest key)."""
    head, _, rest = path.partition(".")
    node: Any = score.get(head) or {}
    while rest and isinstance(node, dict):
        for key in sorted(node, key=len, reverse=True):
            if rest == key or rest.startswith(key + "."):
                node, rest = node[key], rest[len(key) + 1:]
                break
        else:
            return {}
    return node if isinstance(node, dict) else {}


def build(template: dict[str, Any], run: RunData, body: dict[str, Any], lang: str) -> Document:
    key = body["key"]
    ctx = {"run": run, "body": body, "lang": lang, "score": run.body_scores(key),
           "findings": [f for f in run.findings if f["body"] == key], "template": template}
    direction = (template.get("direction_name") or {}).get(lang, "")
    blocks = [Block("right", template["appendix"][lang]), Block("right", template["form"][lang])]
    if template.get("subtitle"):
        blocks.append(Block("subtitle", template["subtitle"][lang]))
    blocks.append(Block("title", template["title"][lang].replace("{direction}", direction)))
    for section in template["sections"]:
        blocks += SECTIONS[section["kind"]](section, ctx)
    return Document(template["id"], key, lang, f"{template['file']}-{lang}", blocks)


def _field(section: dict[str, Any], ctx: dict[str, Any]) -> list[Block]:
    lang, body = ctx["lang"], ctx["body"]
    names = body.get("names") or {}
    values = {"body_name": names.get(lang) or names.get("ru") or names.get("kk") or body["key"],
              "period": str(((ctx["run"].targets.get("audit") or {}).get("period"))
                            or ((ctx["run"].targets.get("audit") or {}).get("clock") or "")[:10] or "")}
    return [Block("field", values.get(section["value"], ""), caption=section["caption"][lang])]


def _score_table(section: dict[str, Any], ctx: dict[str, Any]) -> list[Block]:
    lang, score = ctx["lang"], ctx["score"]
    rows = []
    for n, path in enumerate(section["rows"], 1):
        node = _node(score, path)
        item = path.rsplit(".", 1)[-1] if "criteria" not in path else path.split("criteria.", 1)[1]
        row = [str(n), title(item, lang, node.get("title") or item), fmt(node.get("points"))]
        if section.get("with_max"):
            row.append(fmt(node.get("max_points")))
        rows.append(row)
    for total in section.get("totals") or []:
        node = _node(score, total["source"])
        points = node.get("points") if "points" in node else node.get("penalty")
        row = ["", total["label"][lang], fmt(points)]
        if section.get("with_max"):
            row.append(fmt(node.get("max_points")) if "max_points" in node else "")
        rows.append(row)
    return [Block("table", headers=[c[lang] for c in section["columns"]], rows=rows,
                  bold_last=len(section.get("totals") or []))]


def _analysis(section: dict[str, Any], ctx: dict[str, Any]) -> list[Block]:
    lang, score = ctx["lang"], ctx["score"]
    blocks = [Block("heading", section["heading"][lang])]
    for n, path in enumerate(section["rows"], 1):
        node = _node(score, path)
        item = path.split("criteria.", 1)[1] if "criteria." in path else path.rsplit(".", 1)[-1]
        label = section["item"][lang].replace("{title}", title(item, lang, node.get("title") or item))
        number = f"{n})" if section.get("numbering") == "paren" else f"{n}."
        blocks.append(Block("para", f"{number} {label}: {_node_summary(node, lang)}"))
    return blocks


def _node_summary(node: dict[str, Any], lang: str) -> str:
    if not node:
        return t("s_not_assessed", lang)
    text = f"{t('points', lang)} {fmt(node.get('points'))} / {fmt(node.get('max_points'))} " \
           f"({t('s_' + node['status'], lang) if node.get('status') else '—'})"
    parts = [p for p in node.get("components") or [] if p.get("status") != "not_applicable"]
    weak = [p for p in parts if p.get("points") is not None and p.get("max_points")
            and p["points"] < p["max_points"] - 1e-9]
    if weak:
        text += "; " + "; ".join(f"{p['id']} {title(p['id'], lang, p.get('title') or '')}: {fmt(p['points'])} / "
                                 f"{fmt(p['max_points'])}" for p in weak[:8])
    missing = node.get("not_assessed") or []
    if missing:
        text += f"; {t('s_not_assessed', lang)}: {len(missing)}"
    return text + "."


RECOMMEND = {"ru": "Устранить", "kk": "Жою қажет"}
PROVIDE = {"ru": "Представить данные для оценки", "kk": "Бағалау үшін деректер ұсыну"}


def _recommendations(section: dict[str, Any], ctx: dict[str, Any]) -> list[Block]:
    """What the body must fix, grouped by parameter/measure: each failing or partial finding (with its id), then
    what could not be assessed for lack of data. Accepted appeals and overrides are already in the verdicts."""
    lang = ctx["lang"]
    heading = section["heading"][lang]
    blocks = [Block("heading", f"{section['number']}. {heading}" if section.get("number") else heading)]
    groups: dict[str, list[str]] = defaultdict(list)
    missing: dict[str, list[str]] = defaultdict(list)
    for f in sorted(ctx["findings"], key=lambda f: (indicator_key(f["indicator"]), f.get("lang") or "")):
        group = _group(section["direction"], f["indicator"])
        if group is None:
            continue
        where = f" [{f['lang']}]" if f.get("lang") else ""
        if f["verdict"] in ("fail", "partial"):
            note = (f.get("note") or "").strip().replace("\n", " ")
            groups[group].append(f"{f['indicator']}{where} {title(f['indicator'], lang)} — {fmt(f.get('points'))} / "
                                 f"{fmt(f.get('max_points'))}. {note[:300]} ({f['id']})")
        elif f["verdict"] in ("not_assessed", "error"):
            missing[group].append(f"{f['indicator']}{where}")
    if not groups and not missing:
        blocks.append(Block("para", "—"))
    for group in [g for _, g in GROUPS[section["direction"]]]:
        items = groups.get(group) or []
        if items:
            blocks.append(Block("para", f"{RECOMMEND[lang]}: {title(group, lang)} ({len(items)})"))
            shown = items[:MAX_ITEMS_PER_GROUP]
            if len(items) > len(shown):
                shown.append(f"… +{len(items) - len(shown)}")
            blocks.append(Block("list", items=shown))
        if missing.get(group):
            blocks.append(Block("para", f"{PROVIDE[lang]} ({title(group, lang)}): {', '.join(missing[group])}"))
    return blocks


def _group(direction: str, indicator: str) -> str | None:
    for prefix, group in GROUPS[direction]:
        if indicator.startswith(prefix):
            return group
    return None


def _penalties(ctx: dict[str, Any]) -> tuple[dict[str, float | None], float | None]:
    node = (ctx["score"].get("ict") or {}).get("penalties") or {}
    deductions = (node.get("inputs") or {}).get("deductions") or {}
    return deductions, node.get("points")


def _penalty_table(section: dict[str, Any], ctx: dict[str, Any]) -> list[Block]:
    lang = ctx["lang"]
    deductions, total = _penalties(ctx)
    rows = [[str(n), r["label"][lang], fmt(deductions.get(r["key"]))] for n, r in enumerate(section["rows"], 1)]
    rows.append(["", section["total"][lang], fmt(total)])
    return [Block("table", headers=[c[lang] for c in section["columns"]], rows=rows, bold_last=1)]


def _narrative(section: dict[str, Any], ctx: dict[str, Any]) -> list[Block]:
    lang = ctx["lang"]
    deductions, total = _penalties(ctx)
    blocks = []
    for n, item in enumerate(section["items"], 1):
        blocks.append(Block("para", f"{n}. {item['text'][lang]}"))
        if item.get("blanks"):
            blocks.append(Block("list", items=["_" * 60] * item["blanks"]))
        blocks.append(Block("para", section["deduction"][lang].replace("{points}", fmt(deductions.get(item["key"])))))
    blocks.append(Block("para", section["total"][lang].replace("{points}", fmt(total))))
    return blocks


def _appeal(ctx: dict[str, Any]) -> dict[str, Any] | None:
    direction = ctx["template"]["direction"]
    return next((a for a in ctx["run"].decisions.get("appeals") or []
                 if a["body"] == ctx["body"]["key"] and a["direction"] == direction), None)


def _disagreement_table(section: dict[str, Any], ctx: dict[str, Any]) -> list[Block]:
    lang = ctx["lang"]
    appeal = _appeal(ctx) or {"objections": []}
    by_id = {f["id"]: f for f in ctx["findings"]}
    rows = []
    for o in appeal["objections"]:
        f = by_id.get(o.get("finding_id") or "")
        machine = (f or {}).get("machine") or f or {}
        conclusion = f"{o.get('indicator') or ''}{' [' + o['lang'] + ']' if o.get('lang') else ''} " \
                     f"{title(o.get('indicator') or '', lang)}"
        if f:
            conclusion += f": {t('v_' + machine['verdict'], lang)} {fmt(machine.get('points'))} / " \
                          f"{fmt(f.get('max_points'))}. {(f.get('note') or '')[:300]} ({f['id']})"
        d = o.get("decision") or {}
        decision = (f"{t(d['decision'], lang)} ({d.get('date')}): {d.get('reason', '')}"
                    + (f" → {d.get('verdict') or ''} {fmt(d.get('points'))}" if d.get("verdict") or
                       d.get("points") is not None else "")) if d else "—"
        attachments = "; ".join(o.get("attachments") or [])
        values = {"no": str(o["no"]), "conclusion": conclusion.strip(), "type": o.get("type") or "",
                  "objection": o["text"] + (f" ({t('attachments', lang)}: {attachments})" if attachments else ""),
                  "decision": decision, "note": d.get("note") or ""}
        if "decision" not in [c["key"] for c in section["columns"]] and d:
            values["note"] = (decision + (" " + values["note"] if values["note"] else "")).strip()
        rows.append([values[c["key"]] for c in section["columns"]])
    header = [c[lang] for c in section["columns"]]
    numbers = [[str(i) for i in range(1, len(header) + 1)]]  # the form's column-number row
    return [Block("table", headers=header, rows=numbers + rows)]


def _appeal_total(section: dict[str, Any], ctx: dict[str, Any]) -> list[Block]:
    direction = ctx["template"]["direction"]
    totals = ((ctx["run"].decisions.get("appeal_totals") or {}).get(ctx["body"]["key"]) or {}).get(direction) or {}
    points = totals.get("after")
    if points is None:
        points = ((ctx["score"].get(direction) or {}).get("final") or {}).get("points")
    return [Block("para", section["text"][ctx["lang"]].replace("{points}", fmt(points)))]


def _signatures(section: dict[str, Any], ctx: dict[str, Any]) -> list[Block]:
    lang = ctx["lang"]
    blocks = []
    for line in section["lines"]:
        if line.get("heading"):
            blocks.append(Block("para", line["heading"][lang]))
        blocks.append(Block("signature", line["role"][lang], items=line["captions"][lang]))
        if line.get("date"):
            blocks.append(Block("para", line["date"][lang]))
    return blocks


SECTIONS = {"field": _field, "score_table": _score_table, "analysis": _analysis, "recommendations": _recommendations,
            "penalty_table": _penalty_table, "narrative": _narrative, "disagreement_table": _disagreement_table,
            "appeal_total": _appeal_total, "signatures": _signatures}


def documents_for(run: RunData, body: dict[str, Any], langs: tuple[str, ...] = ("kk", "ru")) -> list[Document]:
    """Every form that applies to the body: by body type, and the disagreement tables only after an appeal."""
    out = []
    for template in load_templates():
        if body.get("type") not in template.get("applies_to", []):
            continue
        if template.get("requires") == "appeal" and _appeal({"run": run, "body": body, "template": template}) is None:
            continue
        for lang in langs:
            out.append(build(template, run, body, lang))
    return out
