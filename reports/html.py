"""The evaluator report: the Jinja environment every page uses, the report folder (write_report), and the
single-page renderer of a context (render_report, templates/index.html.j2) kept for callers that render one page."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader

from govaudit.errors import GovauditError
from reports.encoding import inline_assets, safe_url, script_json

VERDICT_ORDER = ("error", "fail", "partial", "not_assessed", "not_applicable", "pass")


def _load(path: Path, default: Any) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else default


def build_context(run_dir: Path) -> dict[str, Any]:
    findings = _load(run_dir / "findings.json", None)
    if findings is None:
        raise GovauditError(f"{run_dir} has no findings.json", "run `govaudit audit DIR` first")
    targets = _load(run_dir / "targets.json", {"bodies": []})
    scores = _load(run_dir / "scores.json", {})
    notes = _load(run_dir / "notes.json", [])
    settings = _load(run_dir / "settings.json", {})
    by_body: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        by_body[f["body"]].append(f)
    bodies = []
    for body in targets.get("bodies", []):
        key = body["key"]
        items = sorted(by_body.get(key, []), key=lambda f: (_indicator_key(f["indicator"]), f.get("lang") or ""))
        counts: dict[str, int] = defaultdict(int)
        for f in items:
            counts[f["verdict"]] += 1
        bodies.append({"key": key, "names": body.get("names", {}), "type": body.get("type"),
                       "sites": body.get("sites", []), "findings": items, "counts": dict(counts),
                       "score": (scores.get("bodies") or {}).get(key),
                       "notes": [n for n in notes if n.get("body") == key]})
    return {"bodies": bodies, "scores": scores, "settings": settings, "verdicts": VERDICT_ORDER,
            "run_notes": [n for n in notes if not n.get("body")], "total_findings": len(findings)}


def _indicator_key(indicator: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in indicator.replace("-", ".").split("."))


def environment() -> Environment:
    # autoescape=True, not select_autoescape(["html"]): that one is off for "index.html.j2" (it looks at the last
    # suffix only), and every text of the report may come from a hostile page.
    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True)
    env.filters["fmt"] = lambda v: "—" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))
    env.filters["tojson_pretty"] = lambda v: json.dumps(v, ensure_ascii=False, indent=1)  # a str: escaped
    env.filters["safe_url"] = safe_url
    env.filters["script_json"] = script_json
    return env


def render_report(context: dict[str, Any]) -> str:
    return environment().get_template("index.html.j2").render(**context, assets=inline_assets())


def write_report(run_dir: Path) -> Path:
    """The whole report folder: workbook + CSV, official forms, then the pages (which link both)."""
    from reports.forms import write_forms
    from reports.rundata import load_run
    from reports.site import write_site
    from reports.workbook import write_workbook

    run = load_run(run_dir)
    out = run.run_dir / "report"
    out.mkdir(exist_ok=True)
    write_workbook(run, out)
    write_forms(run, out)
    return write_site(run, out)
