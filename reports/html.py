"""The evaluator report: the Jinja environment every page uses, and the report folder (write_report)."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from reports.encoding import safe_url, script_json


def environment() -> Environment:
    # autoescape=True, not select_autoescape(["html"]): that one is off for "*.html.j2" templates (it looks at the
    # last suffix only), and every text of the report may come from a hostile page.
    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True)
    env.filters["fmt"] = lambda v: "—" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))
    env.filters["tojson_pretty"] = lambda v: json.dumps(v, ensure_ascii=False, indent=1)  # a str: escaped
    env.filters["safe_url"] = safe_url
    env.filters["script_json"] = script_json
    return env


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
