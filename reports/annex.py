"""The accessibility annex in the report: per body, its advisory records (audits/accessibility/annex_groups.py)
grouped by WCAG 2.2 success criterion, for annex/<body>.html and the workbook's `a11y_annex` sheet.

A group breaking several criteria is listed under its first; groups without one (axe best-practice rules) come
last. Every text here comes from crawled pages: the templates autoescape it and links go through safe_url.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.findings import Finding
from reports.tables import Table, _c

NO_SC = ""  # the section of groups without a WCAG success criterion


@lru_cache(maxsize=1)
def wcag_titles() -> dict[str, dict[str, str]]:
    return yaml.safe_load(Path(__file__).with_name("i18n").joinpath("wcag.yaml").read_text(encoding="utf-8"))


def sc_title(sc: str, lang: str = "ru") -> str:
    """The short title of a success criterion in `lang` (else English), or "" for one not in the table."""
    entry = wcag_titles().get(sc) or {}
    return entry.get(lang) or entry.get("en") or ""


def _sc_key(sc: str) -> tuple[int, ...]:
    if sc == NO_SC:
        return (99,)
    return tuple(int(p) if p.isdigit() else 98 for p in sc.split("."))


def annex_by_body(advisories: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in advisories:
        if isinstance(f.get("advisory"), dict):
            out[f["body"]].append(f)
    return dict(out)


def sections(records: list[Finding]) -> list[dict[str, Any]]:
    """[{sc, groups}] in criterion order; within a criterion, the groups seen on most pages first."""
    by_sc: dict[str, list[Finding]] = defaultdict(list)
    for f in records:
        criteria = [str(c) for c in f["advisory"].get("criteria") or []]
        by_sc[criteria[0] if criteria else NO_SC].append(f)
    return [{"sc": sc, "groups": sorted(groups, key=lambda f: (-(f["advisory"].get("page_count") or 0),
                                                                 str(f["advisory"].get("check"))))}
            for sc, groups in sorted(by_sc.items(), key=lambda kv: _sc_key(kv[0]))]


def by_indicator(records: list[Finding]) -> dict[str, list[Finding]]:
    """a4.3.x -> the groups that feed it (the site page's a4.3.x rows link here)."""
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in records:
        if ind := f["advisory"].get("scored_indicator"):
            out[str(ind)].append(f)
    return dict(sorted(out.items()))


def annex_table(advisories: list[Finding]) -> Table:
    """The workbook sheet: one row per group, its first example instance."""
    rows = []
    for f in advisories:
        a = f.get("advisory")
        if not isinstance(a, dict):
            continue
        first = (a.get("instances") or [{}])[0]
        rows.append({"finding_id": f["id"], "body": f["body"], "criteria": ", ".join(a.get("criteria") or []),
                     "indicator": a.get("scored_indicator"), "source": a.get("source"), "check": a.get("check"),
                     "impact": a.get("impact"), "message": a.get("message"), "page_count": a.get("page_count"),
                     "instance_count": a.get("instance_count"), "templates": ", ".join(a.get("templates") or []),
                     "url": first.get("url"), "selector": first.get("selector"), "snippet": first.get("snippet")})
    rows.sort(key=lambda r: (r["body"], r["criteria"], str(r["check"])))
    cols = [_c("finding_id", width=17), _c("body", "crawled", 12), _c("criteria", width=12, label="annex_criteria"),
            _c("indicator", width=10), _c("source", width=8, label="annex_source"),
            _c("check", width=22, label="annex_check"), _c("impact", width=10, label="annex_impact"),
            _c("message", "crawled", 50, label="annex_message"), _c("page_count", "int", 8, label="annex_pages"),
            _c("instance_count", "int", 8, label="annex_instances"),
            _c("templates", "crawled", 20, label="annex_templates"), _c("url", "url", 40),
            _c("selector", "crawled", 30), _c("snippet", "crawled", 60)]
    return Table("a11y_annex", "annex", cols, rows)
