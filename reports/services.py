"""The service-journey section of the report (modelled on seed 001): report/services.html (headline, per-criterion
mean and share at the top grade, the ranking of services, bodies on their own zone vs all zones) and one passport
per service, report/services/<id>.html (general information, key indicators, criteria, the journey step by step
with screenshots, the card checklist in kk and ru, TLS of each host, recommendations by addressee).

`write_services(run, out)` does nothing when the run has no services.json (`govaudit services` writes it). Every
text in services.json came from hostile pages: the pages are autoescaped and URLs are linked only through
`safe_url`; service ids are checked again before they name a file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.errors import GovauditError
from reports.environment import environment

SERVICES_JSON = "services.json"


def write_services(run: Any, out: Path) -> Path | None:
    """`run`: the run (anything with `run_dir`) or its directory. Returns the index page, or None."""
    from services.catalogue import ID_RE
    from services.checklist import load_items
    from services.scores import CRITERIA, NA, SCALE

    run_dir = Path(getattr(run, "run_dir", run))
    source = run_dir / SERVICES_JSON
    if not source.is_file():
        return None
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GovauditError(f"{source} cannot be read: {exc}", "run `govaudit services` again") from exc
    services = [s for s in data.get("services") or [] if isinstance(s, dict) and ID_RE.fullmatch(str(s.get("id")))]
    env = environment()
    common = {"data": data, "criteria": CRITERIA, "items": load_items(), "na": NA, "scale": data.get("scale") or SCALE}
    out.mkdir(parents=True, exist_ok=True)
    (out / "services").mkdir(exist_ok=True)
    ranks = {r["id"]: r for r in data.get("ranking") or []}
    passport = env.get_template("services_passport.html.j2")
    for s in services:
        by_addressee: dict[str, list[dict[str, Any]]] = {}
        for r in s.get("recommendations") or []:
            by_addressee.setdefault(str(r.get("addressee")), []).append(r)
        html = passport.render(s=s, j=s.get("journey") or {}, rank=ranks.get(s["id"]), by_addressee=by_addressee,
                               shots="../../", **common)
        (out / "services" / f"{s['id']}.html").write_text(html, encoding="utf-8")
    index = out / "services.html"
    index.write_text(env.get_template("services.html.j2").render(services=services, **common), encoding="utf-8")
    return index
