"""The Jinja environment every report page uses (autoescaped: every text of the report may come from a hostile
page)."""

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
