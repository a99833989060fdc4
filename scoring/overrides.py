"""Evaluators' overrides: a decision on one finding (new verdict and/or points) with reason, evaluator and date.

The file is YAML (`overrides: [{finding, verdict, points, reason, evaluator, date}]`) or an XLSX workbook whose
sheet `overrides` has the columns finding_id, verdict, points, reason, evaluator, date — the run's own workbook
(report/workbook.xlsx) filled in and saved works as it is. Rows of the sheet with neither verdict nor points are
not decisions and are skipped.

Validation is all or nothing: every problem is listed with its file, row and field, and no override is applied
while any remains. An override naming a finding id the run does not have is such a problem (the finding may have
gone after a re-audit: the evaluator must re-decide or delete the row), never silently dropped.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.findings import (
    ERROR,
    FAIL,
    NOT_APPLICABLE,
    NOT_ASSESSED,
    PASS,
    VERDICTS,
    Finding,
    is_advisory,
    verdict_for,
)
from core.inputfiles import yaml_list

OVERRIDE_FILES = ("overrides.yaml", "overrides.yml", "overrides.xlsx")
SHEET = "overrides"
COLUMNS = ("finding_id", "verdict", "points", "reason", "evaluator", "date")
NO_POINTS = (NOT_ASSESSED, ERROR, NOT_APPLICABLE)


@dataclass(frozen=True)
class Override:
    finding_id: str
    verdict: str | None
    points: float | None
    reason: str
    evaluator: str
    date: dt.date
    source: str  # "file, row N": where the decision was read, shown with it
    origin: str = "evaluator"  # evaluator | commission (an appeal decision, scoring/appeals.py)

    def record(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "points": self.points, "reason": self.reason, "evaluator": self.evaluator,
                "date": self.date.isoformat(), "source": self.source, "origin": self.origin}


def find_overrides_file(run_dir: Path) -> Path | None:
    for name in OVERRIDE_FILES:
        if (run_dir / name).is_file():
            return run_dir / name
    return None


def load_overrides(path: Path) -> list[Override]:
    """Read and check the file's rows (not yet against the run's findings: see `check_ids`)."""
    rows = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _yaml_rows(path)
    problems: list[str] = []
    out: list[Override] = []
    seen: dict[str, str] = {}
    for where, row in rows:
        parsed = parse_row(row, f"{path.name}: {where}", problems)
        if parsed is None:
            continue
        if parsed.finding_id in seen:
            problems.append(f"{path.name}: {where}, field 'finding_id': {parsed.finding_id} is already decided at "
                            f"{seen[parsed.finding_id]}")
            continue
        seen[parsed.finding_id] = where
        out.append(parsed)
    raise_problems(path, problems)
    return out


def raise_problems(path: Path, problems: list[str]) -> None:
    if problems:
        listing = "\n  - ".join(problems)
        raise InputError(f"{path}: {len(problems)} problem(s); nothing was applied:\n  - {listing}",
                         "correct the rows named above and run the command again")


def parse_row(row: dict[str, Any], where: str, problems: list[str], *, origin: str = "evaluator",
              id_field: str = "finding_id") -> Override | None:
    before = len(problems)

    def bad(field: str, message: str) -> None:
        problems.append(f"{where}, field '{field}': {message}")

    fid = _text(row.get(id_field))
    if not fid:
        bad(id_field, "required (the id of the finding, e.g. F-3f9c2d41b7e0)")
    verdict = _text(row.get("verdict")) or None
    if verdict is not None and verdict not in VERDICTS:
        bad("verdict", f"{verdict!r} is not one of {', '.join(VERDICTS)}")
    points = _number(row.get("points"), "points", bad)
    if verdict is None and points is None:
        bad("verdict", "give a new verdict, new points, or both")
    if verdict in NO_POINTS and points is not None:
        bad("points", f"a {verdict} finding has no points; leave points empty")
    if verdict not in (None, *NO_POINTS, PASS, FAIL) and points is None:
        bad("points", f"a {verdict} verdict needs the points awarded")
    for field in ("reason", "evaluator"):
        if not _text(row.get(field)):
            bad(field, "required: every override says why and who decided")
    date = _date(row.get("date"), bad)
    if len(problems) > before:
        return None
    return Override(fid, verdict, points, _text(row.get("reason")), _text(row.get("evaluator")), date, where,
                    origin)


def check_ids(path: Path, overrides: list[Override], findings: list[Finding]) -> None:
    """Every override must name a finding of the run, with points within its maximum."""
    by_id = {f["id"]: f for f in findings}
    problems = []
    for o in overrides:
        f = by_id.get(o.finding_id)
        if f is None:
            problems.append(f"{o.source}, field 'finding_id': no finding {o.finding_id} in this run (it may have "
                            "gone after a re-audit); decide again on the current finding or delete the row")
            continue
        if is_advisory(f):
            problems.append(f"{o.source}, field 'finding_id': {o.finding_id} is an advisory record of the "
                            "accessibility annex, outside the scores: there is nothing to override; delete the row")
            continue
        top = f.get("max_points")
        if o.points is not None and top is not None and not 0 <= o.points <= top + 1e-9:
            problems.append(f"{o.source}, field 'points': {o.points:g} is outside 0..{top:g} for {o.finding_id} "
                            f"({f['indicator']})")
    raise_problems(path, problems)


def apply(findings: list[Finding], overrides: list[Override]) -> list[Finding]:
    """Copies of the findings with the decisions applied. An overridden finding keeps the audit's own values under
    `machine` and the decision under `override` (later decisions, e.g. the commission's, replace earlier ones; all
    are listed under `decisions`)."""
    by_id = {o.finding_id: [] for o in overrides}
    for o in overrides:
        by_id[o.finding_id].append(o)
    out = []
    for f in findings:
        decided = by_id.get(f["id"])
        if not decided:
            out.append(f)
            continue
        g = copy.deepcopy(f)
        g.setdefault("machine", {"verdict": f["verdict"], "points": f["points"]})
        for o in decided:
            verdict, points = resolve(o, g.get("max_points"))
            g["verdict"], g["points"] = verdict, points
            g["override"] = o.record()
            g.setdefault("decisions", []).append(o.record())
        out.append(g)
    return out


def resolve(o: Override, max_points: float | None) -> tuple[str, float | None]:
    """The verdict and points a decision gives: missing points follow the verdict (pass = full, fail = 0), a
    missing verdict follows the points."""
    if o.verdict in NO_POINTS:
        return o.verdict, None
    top = max_points if max_points is not None else 0.0
    if o.verdict is None:
        return (verdict_for(o.points, top) if top else PASS), round(o.points, 4)
    if o.points is None:
        return o.verdict, (top if o.verdict == PASS else 0.0)
    return o.verdict, round(o.points, 4)


def _yaml_rows(path: Path) -> list[tuple[str, dict[str, Any]]]:
    items = yaml_list(path, "overrides")
    rows = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise InputError(f"{path}: overrides row {i}: expected a mapping of fields, got {type(item).__name__}",
                             "see docs/workbench.md; nothing was applied")
        item = dict(item)
        if "finding" in item and "finding_id" not in item:
            item["finding_id"] = item.pop("finding")
        rows.append((f"overrides row {i}", item))
    return rows


def _xlsx_rows(path: Path) -> list[tuple[str, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not a workbook
        raise InputError(f"{path}: cannot be read as an XLSX workbook ({exc})", "nothing was applied") from exc
    try:
        if SHEET not in wb.sheetnames:
            raise InputError(f"{path}: no sheet '{SHEET}'", f"put the decisions on a sheet named '{SHEET}' with the "
                             f"columns {', '.join(COLUMNS)}; nothing was applied")
        sheet_rows = list(wb[SHEET].iter_rows(values_only=True))
    finally:
        wb.close()
    # the header is the first row holding the column keys (the run's workbook has a row of titles above it)
    start = next((i for i, r in enumerate(sheet_rows[:3]) if {_text(h) for h in r} >= set(COLUMNS)), None)
    if start is None:
        raise InputError(f"{path}: sheet '{SHEET}' has no header row with the columns {', '.join(COLUMNS)}",
                         "keep the header rows of the workbook's override sheet; nothing was applied")
    header = [_text(h) for h in sheet_rows[start]]
    rows = []
    for n, values in enumerate(sheet_rows[start + 1:], start + 2):
        row = {h: v for h, v in zip(header, values, strict=False) if h}
        if _blank(row.get("verdict")) and _blank(row.get("points")):
            continue  # a finding listed for reference, no decision on it
        rows.append((f"sheet '{SHEET}' row {n}", {k: _unquote(v) for k, v in row.items()}))
    return rows


def _unquote(value: Any) -> Any:
    # our writer neutralises formula-looking text with a leading apostrophe (reports/cells.py); read it back as typed
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(value: Any, field: str, bad) -> float | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        bad(field, f"expected a number, got {value!r}")
        return None
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        bad(field, f"expected a number, got {value!r}")
        return None
    if not math.isfinite(number):
        bad(field, f"expected a finite number, got {value!r}")
        return None
    return number


def _date(value: Any, bad, field: str = "date") -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    try:
        return dt.date.fromisoformat(text[:10]) if text else _missing_date(field, bad)
    except ValueError:
        bad(field, f"expected a date YYYY-MM-DD, got {text!r}")
        return dt.date.min


def _missing_date(field: str, bad) -> dt.date:
    bad(field, "required (YYYY-MM-DD)")
    return dt.date.min


def parse_date(value: Any, field: str, where: str, problems: list[str], *, required: bool = True) -> dt.date | None:
    """A date field of another decision file (appeals), problems reported like the override rows'."""
    if _blank(value) and not required:
        return None

    def bad(f: str, message: str) -> None:
        problems.append(f"{where}, field '{f}': {message}")

    return _date(value, bad, field)
