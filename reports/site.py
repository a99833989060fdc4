"""The evaluator report as a static, offline site (report/):

- index.html — rankings per methodology and body type (names, grades, deltas vs the previous run), filters and
  search, the score distribution, the list of bodies and indicators, the readings used, links to the exports;
- bodies/<key>.html — one page per body: score tree, criterion bars, findings with ids, evidence and thumbnails,
  overrides, appeals, the half-year comparison, the depth histogram, collection notes;
- indicators/<id>.html — one page per indicator across bodies;
- annex/<key>.html — the accessibility annex of a body (reports/annex.py): every detected barrier, grouped by WCAG
  2.2 success criterion, linked from the body page's a4.3.x rows; advisory, outside the scores and tallies.

Interface in Russian and Kazakh (a switch; both texts are in the page, CSS shows one). The pages share one
script and one stylesheet, inlined and admitted by sha256 in each page's CSP (reports/encoding.py).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from reports import svg
from reports.annex import annex_by_body, sc_title, sections
from reports.annex import by_indicator as annex_indicators
from reports.encoding import inline_assets
from reports.i18n import LANGS, t, title
from reports.rundata import RunData, indicator_key, load_run
from reports.tables import METHODOLOGIES, rankings
from reports.thumbs import build_shots

VERDICT_ORDER = ("error", "fail", "partial", "not_assessed", "not_applicable", "pass")
CRITERIA_DEPTH = 2  # score-tree rows shown on a body page below each criterion (the workbook has all levels)


def slug(text: str) -> str:
    """A file name for a body key or indicator id: readable, and unique even if the key has odd characters."""
    clean = re.sub(r"[^A-Za-z0-9_.-]", "_", text)[:60].strip(".") or "_"
    if clean != text:
        clean += "-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return clean


def _environment():
    from reports.environment import environment

    env = environment()
    env.globals.update(t=t, title=title, LANGS=LANGS, verdicts=VERDICT_ORDER)
    return env


def write_site(run: RunData | Path, out_dir: Path | None = None) -> Path:
    run = run if isinstance(run, RunData) else load_run(run)
    out = out_dir or run.run_dir / "report"
    (out / "bodies").mkdir(parents=True, exist_ok=True)
    (out / "indicators").mkdir(parents=True, exist_ok=True)
    (out / "annex").mkdir(parents=True, exist_ok=True)
    shots = build_shots(run.run_dir, out, run.findings + run.advisories)
    annexes = annex_by_body(run.advisories)
    env = _environment()
    assets = inline_assets("site.js", "site.css")
    by_body = run.findings_by_body()
    by_indicator: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in run.findings:
        by_indicator[f["indicator"]].append(f)
    indicator_ids = sorted(by_indicator, key=indicator_key)
    body_slugs = {key: slug(key) for key in {b["key"] for b in run.bodies} | set(by_body)}
    common = {"assets": assets, "run": run, "body_slugs": body_slugs, "stale": run.stale_decisions,
              "indicator_slugs": {i: slug(i) for i in indicator_ids}, "shots": shots,
              "methodologies": METHODOLOGIES, "forms": _forms(out), "annexes": annexes,
              "annex_feeds": {k: set(annex_indicators(v)) for k, v in annexes.items()}}
    written = []
    page = env.get_template("site_index.html.j2").render(
        **common, root="", beyond=_beyond_the_order(out), ranking_rows=rankings(run).rows,
        bodies=_body_summaries(run, by_body),
        indicators=[(i, _verdict_counts(by_indicator[i])) for i in indicator_ids],
        distribution=_distribution_charts(run), body_types=sorted({b.get("type") or "" for b in run.bodies}))
    written.append(_write(out / "index.html", page))
    body_tpl = env.get_template("site_body.html.j2")
    for b in run.bodies:
        key = b["key"]
        page = body_tpl.render(**common, root="../", body=b, findings=by_body.get(key, []),
                               score=run.body_scores(key), counts=_verdict_counts(by_body.get(key, [])),
                               charts=_body_charts(run, key), appeals=_appeals(run, key),
                               comparison=_comparison(run, key),
                               notes=[n for n in run.notes if n.get("body") == key])
        written.append(_write(out / "bodies" / f"{body_slugs[key]}.html", page))
    annex_tpl = env.get_template("site_annex.html.j2")
    for key, records in annexes.items():  # the accessibility annex of each body that has one
        body = next((b for b in run.bodies if b["key"] == key), {"key": key})
        body_slugs.setdefault(key, slug(key))
        ids = {f["indicator"]: f["id"] for f in by_body.get(key, [])}
        page = annex_tpl.render(**common, root="../", body=body, records=records, sections=sections(records),
                                indicator_groups=annex_indicators(records), finding_ids=ids, sc_title=sc_title)
        written.append(_write(out / "annex" / f"{body_slugs[key]}.html", page))
    ind_tpl = env.get_template("site_indicator.html.j2")
    for ind in indicator_ids:
        rows = sorted(by_indicator[ind], key=lambda f: (f["body"], f.get("lang") or ""))
        page = ind_tpl.render(**common, root="../", indicator=ind, findings=rows, counts=_verdict_counts(rows))
        written.append(_write(out / "indicators" / f"{common['indicator_slugs'][ind]}.html", page))
    for folder in ("bodies", "indicators", "annex"):  # pages of bodies or indicators an earlier rendering had
        for old in (out / folder).glob("*.html"):
            if old not in written:
                old.unlink()
    return out / "index.html"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# Pages of the modules beyond the two methodologies (their own scores), linked from the index when written.
BEYOND_THE_ORDER = (("availability_page", "availability.html"), ("services_page", "services.html"))


def _beyond_the_order(out: Path) -> list[tuple[str, str]]:
    return [(label, name) for label, name in BEYOND_THE_ORDER if (out / name).is_file()]


def _forms(out: Path) -> dict[str, list[str]]:
    """Forms already written for each body (report/forms/<body>/...), linked from the body pages."""
    forms: dict[str, list[str]] = {}
    root = out / "forms"
    if root.is_dir():
        for d in sorted(p for p in root.iterdir() if p.is_dir()):
            forms[d.name] = sorted(p.name for p in d.iterdir() if p.suffix in (".docx", ".pdf"))
    return forms


def _verdict_counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    return dict(Counter(f["verdict"] for f in findings))


def _body_summaries(run: RunData, by_body: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    out = []
    for b in run.bodies:
        s = run.body_scores(b["key"])
        out.append({"key": b["key"], "names": b.get("names") or {}, "type": b.get("type"),
                    "ict": ((s.get("ict") or {}).get("final") or {}).get("points"),
                    "openness": ((s.get("openness") or {}).get("final") or {}).get("points"),
                    "grade": (s.get("overall") or {}).get("grade"),
                    "counts": _verdict_counts(by_body.get(b["key"], []))})
    return out


def _distribution_charts(run: RunData) -> list[dict[str, Any]]:
    charts = []
    for meth in ("ict", "openness"):
        values = [((run.body_scores(b["key"]).get(meth) or {}).get("final") or {}).get("points")
                  for b in run.bodies]
        values = [v for v in values if isinstance(v, int | float)]
        if not values:
            continue
        counts, labels = svg.distribution(values)
        charts.append({"meth": meth, "counts": list(zip(labels, counts, strict=True)),
                       "svg": {lang: svg.histogram(counts, labels, f"{t('score_distribution', lang)}: "
                                                   f"{t(meth, lang)}") for lang in LANGS}})
    return charts


def _body_charts(run: RunData, key: str) -> dict[str, Any]:
    s = run.body_scores(key)
    charts: dict[str, Any] = {}
    crits = list(((s.get("ict") or {}).get("criteria") or {}).values())
    crits += list(((s.get("openness") or {}).get("measures") or {}).values())
    if crits:
        charts["criteria"] = {lang: svg.bars([(f"{c['id']} {title(c['id'], lang, c.get('title') or '')}",
                                               c.get("points"), c.get("max_points") or 0) for c in crits],
                                             t("criteria_bars", lang)) for lang in LANGS}
    depths = (run.depths or {}).get(key) or {}
    clicks = [v.get("all") for v in depths.values() if isinstance(v, dict) and isinstance(v.get("all"), int)]
    if clicks:
        top = max(clicks)
        counts = [clicks.count(i) for i in range(top + 1)]
        labels = [str(i) for i in range(top + 1)]
        charts["depth"] = {"rows": list(zip(labels, counts, strict=True)),
                           "svg": {lang: svg.histogram(counts, labels, t("depth_histogram", lang))
                                   for lang in LANGS}}
    return charts


def _appeals(run: RunData, key: str) -> list[dict[str, Any]]:
    totals = (run.decisions.get("appeal_totals") or {}).get(key) or {}
    return [{**a, "totals": totals.get(a["direction"]) or {}}
            for a in run.decisions.get("appeals") or [] if a["body"] == key]


def _comparison(run: RunData, key: str) -> dict[str, Any] | None:
    comp = run.comparison
    if not comp:
        return None
    return {"previous_run": comp.get("previous_run"), "caveats": comp.get("caveats") or [],
            "scores": (comp.get("bodies") or {}).get(key) or {},
            "changed": [c for c in comp.get("changed") or [] if c["body"] == key]}
