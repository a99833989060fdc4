"""Appeals: the bodies' objections to the results, the special commission's decisions, and their deadlines.

DIR/appeals.yaml (format in docs/workbench.md) holds, per body and direction (ict | openness): the day the body
received the results, its objections (per finding id or per indicator, with its text and the names of its
attachments), or its notice of no objections, and the commission's decision on each objection. An accepted
decision that gives a new verdict or points acts as an override of origin "commission"; the scores computed with
them are "the overall score taking the appeal results into account" (ICT Appendix 10, openness Appendix 14).

Deadlines are counted in Kazakhstan's working days (the `holidays` package: public holidays, their transfers and
the Saturdays worked in exchange). Validation is all or nothing, each problem named by file, row and field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.findings import Finding, is_advisory
from core.inputfiles import yaml_list
from scoring.overrides import Override, parse_date, parse_row, raise_problems

APPEALS_FILE = "appeals.yaml"
DECISIONS = ("accepted", "partially_accepted", "rejected")
# Per direction: the methodology's deadlines. `objection_days` working days from receiving the results (ICT para
# 106, openness para 102); the disagreement table is compiled within `table_days` working days of receiving the
# objections (ICT para 109); the reasoned conclusion follows within `conclusion_days` (ICT para 112: 15 working
# days; openness para 107: the commission decides within 15 calendar days).
RULES: dict[str, dict[str, Any]] = {
    "ict": {"methodology": "ict-1279", "objection_days": 5, "table_days": 5, "conclusion_days": 15,
            "conclusion_calendar": False, "paras": {"objection": "106-107", "table": "109", "conclusion": "112"},
            "form": "Appendix 10"},
    "openness": {"methodology": "openness-2020", "objection_days": 5, "table_days": None, "conclusion_days": 15,
                 "conclusion_calendar": True, "paras": {"objection": "102, 104-105", "conclusion": "107-108"},
                 "form": "Appendix 14"},
}


@lru_cache(maxsize=8)
def _calendar(first: int, last: int):
    import holidays

    return holidays.country_holidays("KZ", years=range(first, last + 1))


def is_working_day(day: dt.date) -> bool:
    return _calendar(day.year - 1, day.year + 1).is_working_day(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (the day of receipt itself does not count)."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


@dataclass
class Objection:
    no: int
    body: str
    direction: str
    finding_id: str | None
    indicator: str | None
    lang: str | None
    kind: str
    text: str
    attachments: list[str]
    submitted: dt.date
    decision: dict[str, Any] | None = None

    def record(self) -> dict[str, Any]:
        return {"no": self.no, "body": self.body, "direction": self.direction, "finding_id": self.finding_id,
                "indicator": self.indicator, "lang": self.lang, "type": self.kind, "text": self.text,
                "attachments": self.attachments, "submitted": self.submitted.isoformat(), "decision": self.decision}


@dataclass
class Appeal:
    body: str
    direction: str
    results_received: dt.date
    objection_deadline: dt.date
    no_objections_notice: dt.date | None
    objections: list[Objection] = field(default_factory=list)
    commission: dict[str, Any] = field(default_factory=dict)

    def deadlines(self) -> dict[str, str | None]:
        rules = RULES[self.direction]
        received = max((o.submitted for o in self.objections), default=None)
        table = add_working_days(received, rules["table_days"]) if received and rules["table_days"] else None
        if received is None:
            conclusion = None
        elif rules["conclusion_calendar"]:
            conclusion = received + dt.timedelta(days=rules["conclusion_days"])
        else:
            conclusion = add_working_days(received, rules["conclusion_days"])
        return {"objections_by": self.objection_deadline.isoformat(),
                "table_by": table.isoformat() if table else None,
                "conclusion_by": conclusion.isoformat() if conclusion else None}

    def record(self) -> dict[str, Any]:
        return {"body": self.body, "direction": self.direction, "form": RULES[self.direction]["form"],
                "results_received": self.results_received.isoformat(), "deadlines": self.deadlines(),
                "paras": RULES[self.direction]["paras"],
                "no_objections_notice": self.no_objections_notice.isoformat() if self.no_objections_notice else None,
                "commission": self.commission, "objections": [o.record() for o in self.objections]}


def find_appeals_file(run_dir: Path) -> Path | None:
    path = run_dir / APPEALS_FILE
    return path if path.is_file() else None


def load_appeals(path: Path, findings: list[Finding], bodies: set[str]) -> tuple[list[Appeal], list[Override]]:
    """The appeals of the file and the score changes their accepted decisions make (as commission overrides)."""
    items = yaml_list(path, "appeals")
    by_id = {f["id"]: f for f in findings}
    problems: list[str] = []
    appeals: list[Appeal] = []
    changes: list[Override] = []
    for i, item in enumerate(items, 1):
        where = f"{path.name}: appeals row {i}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping of fields")
            continue
        appeal = _appeal(item, where, bodies, problems)
        if appeal is None:
            continue
        objections = _objections(item.get("objections") or [], appeal, where, by_id, problems)
        appeal.objections = objections
        changes += _decisions(item.get("decisions") or [], appeal, where, by_id, problems)
        appeals.append(appeal)
    raise_problems(path, problems)
    return appeals, changes


def _appeal(item: dict[str, Any], where: str, bodies: set[str], problems: list[str]) -> Appeal | None:
    before = len(problems)
    body = str(item.get("body") or "")
    if body not in bodies:
        problems.append(f"{where}, field 'body': {body!r} is not a body of this run")
    direction = str(item.get("direction") or "ict")
    if direction not in RULES:
        problems.append(f"{where}, field 'direction': {direction!r} is not one of {', '.join(RULES)}")
        direction = "ict"
    received = parse_date(item.get("results_received"), "results_received", where, problems)
    notice = parse_date(item.get("no_objections_notice"), "no_objections_notice", where, problems, required=False)
    commission = item.get("commission") or {}
    if not isinstance(commission, dict):
        problems.append(f"{where}, field 'commission': expected a mapping (chair, members, ...)")
        commission = {}
    if len(problems) > before or received is None:
        return None
    deadline = add_working_days(received, RULES[direction]["objection_days"])
    if notice and not received <= notice <= deadline:
        problems.append(f"{where}, field 'no_objections_notice': {notice} is outside the window {received} .. "
                        f"{deadline} ({RULES[direction]['objection_days']} working days, "
                        f"para {RULES[direction]['paras']['objection']})")
    return Appeal(body, direction, received, deadline, notice, commission={str(k): v for k, v in commission.items()})


def _objections(items: Any, appeal: Appeal, where: str, by_id: dict[str, Finding],
                problems: list[str]) -> list[Objection]:
    if not isinstance(items, list):
        problems.append(f"{where}, field 'objections': expected a list")
        return []
    if items and appeal.no_objections_notice:
        problems.append(f"{where}, field 'objections': the body sent a notice of no objections "
                        f"({appeal.no_objections_notice}); it cannot also object")
    out: list[Objection] = []
    seen: set[int] = set()
    for n, o in enumerate(items, 1):
        at = f"{where}, objections row {n}"
        if not isinstance(o, dict):
            problems.append(f"{at}: expected a mapping of fields")
            continue
        before = len(problems)
        no = o.get("no", n)
        if not isinstance(no, int) or isinstance(no, bool) or no in seen:
            problems.append(f"{at}, field 'no': expected a whole number not used by another objection, got {no!r}")
        fid = str(o.get("finding") or "") or None
        indicator = str(o.get("indicator") or "") or None
        if fid and fid not in by_id:
            problems.append(f"{at}, field 'finding': no finding {fid} in this run")
        elif fid and is_advisory(by_id[fid]):
            problems.append(f"{at}, field 'finding': {fid} is an advisory record of the accessibility annex, "
                            "outside the scores: object to the a4.3.x finding it explains instead")
        elif fid and by_id[fid]["body"] != appeal.body:
            problems.append(f"{at}, field 'finding': {fid} is a finding of {by_id[fid]['body']}, not {appeal.body}")
        if not fid and not indicator:
            problems.append(f"{at}, field 'finding': name the finding id or the indicator objected to")
        if fid and not indicator:
            indicator = by_id[fid]["indicator"] if fid in by_id else None
        text = str(o.get("text") or "").strip()
        if not text:
            problems.append(f"{at}, field 'text': required (the body's objection)")
        attachments = o.get("attachments") or []
        if not isinstance(attachments, list) or not all(isinstance(a, str) for a in attachments):
            problems.append(f"{at}, field 'attachments': expected a list of file names")
            attachments = []
        submitted = parse_date(o.get("submitted"), "submitted", at, problems)
        if submitted and not appeal.results_received <= submitted <= appeal.objection_deadline:
            rules = RULES[appeal.direction]
            problems.append(f"{at}, field 'submitted': {submitted} is outside the appeal window "
                            f"{appeal.results_received} .. {appeal.objection_deadline} ({rules['objection_days']} "
                            f"working days from receiving the results, para {rules['paras']['objection']}); a late "
                            "objection is not accepted")
        if len(problems) > before or submitted is None:
            continue
        seen.add(no)
        lang = str(o["lang"]) if o.get("lang") else (by_id[fid].get("lang") if fid else None)
        out.append(Objection(no, appeal.body, appeal.direction, fid, indicator, lang, str(o.get("type") or ""),
                             text, list(attachments), submitted))
    return out


def _decisions(items: Any, appeal: Appeal, where: str, by_id: dict[str, Finding],
               problems: list[str]) -> list[Override]:
    if not isinstance(items, list):
        problems.append(f"{where}, field 'decisions': expected a list")
        return []
    objections = {o.no: o for o in appeal.objections}
    changes: list[Override] = []
    for n, d in enumerate(items, 1):
        at = f"{where}, decisions row {n}"
        if not isinstance(d, dict):
            problems.append(f"{at}: expected a mapping of fields")
            continue
        before = len(problems)
        target = objections.get(d.get("objection"))
        if target is None:
            problems.append(f"{at}, field 'objection': no objection no. {d.get('objection')!r} in this appeal")
        elif target.decision is not None:
            problems.append(f"{at}, field 'objection': objection {target.no} is already decided")
        decision = str(d.get("decision") or "")
        if decision not in DECISIONS:
            problems.append(f"{at}, field 'decision': expected one of {', '.join(DECISIONS)}, got {decision!r}")
        date = parse_date(d.get("date"), "date", at, problems)
        if target and date and date < target.submitted:
            problems.append(f"{at}, field 'date': {date} is before the objection was submitted ({target.submitted})")
        reason = str(d.get("reason") or "").strip()
        if not reason:
            problems.append(f"{at}, field 'reason': required (the commission's reasoning)")
        has_change = d.get("verdict") is not None or d.get("points") is not None
        if has_change and decision == "rejected":
            problems.append(f"{at}, field 'verdict': a rejected objection changes no score")
        change = None
        if has_change and target is not None:
            fid = d.get("finding") or target.finding_id
            if not fid:
                problems.append(f"{at}, field 'finding': the objection names an indicator: say which finding the "
                                "new verdict/points apply to")
            elif fid not in by_id or by_id[fid]["body"] != appeal.body:
                problems.append(f"{at}, field 'finding': no finding {fid} of {appeal.body} in this run")
            elif is_advisory(by_id[fid]):
                problems.append(f"{at}, field 'finding': {fid} is an advisory record, outside the scores")
            else:
                row = {"finding_id": fid, "verdict": d.get("verdict"), "points": d.get("points"), "reason": reason,
                       "evaluator": appeal.commission.get("chair") or "special commission", "date": d.get("date")}
                change = parse_row(row, at, problems, origin="commission")
                top = by_id[fid].get("max_points")
                if change and change.points is not None and top is not None and not 0 <= change.points <= top:
                    problems.append(f"{at}, field 'points': {change.points:g} is outside 0..{top:g}")
        if len(problems) > before or target is None:
            continue
        target.decision = {"decision": decision, "date": date.isoformat() if date else None, "reason": reason,
                           "finding_id": change.finding_id if change else None,
                           "verdict": change.verdict if change else None,
                           "points": change.points if change else None, "note": str(d.get("note") or "")}
        if change:
            changes.append(change)
    return changes
