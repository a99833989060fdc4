"""The accessibility annex, part 2: barriers grouped across pages, and one advisory record per group.

A barrier in a shared header or template appears on every page; it is one group (check, success criteria and the
element's normalised selector, else its snippet, else the message), with the page count, the instance count and a
few example instances, and the page templates it was seen on when the sample artifact names them.

Advisory records (findings.json) are finding-shaped but outside the scores: verdict "advisory", points None,
max_points 0, `indicator` the a4.3.x the barrier feeds or "a11y.annex"; scoring, rankings, tallies, comparisons
and decisions skip them (core.findings.scored). Their `evidence` (the first EVIDENCE_PER_GROUP instances) is
what the evidence-screenshot stage shoots and crops.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from audits.accessibility.annex import site_barriers
from core.barriers import Barrier
from core.findings import ADVISORY, Finding, evidence, finding_id

ANNEX_INDICATOR = "a11y.annex"  # the indicator of a group no a4.3.x row scores
MAX_INSTANCES = 5  # example instances per group (preferring different pages)
EVIDENCE_PER_GROUP = 2  # of them, evidence items: the screenshot stage crops each
MAX_PAGES_LISTED = 50
# A site with thousands of distinct barriers keeps the groups seen on most pages; the rest are folded into one
# group per check and criteria (counted, with examples), so findings.json stays bounded and nothing goes uncounted.
MAX_GROUPS = 500
READING = "accessibility annex: every detected barrier, advisory, outside the methodology's scores"
IMPACTS = ("minor", "moderate", "serious", "critical")

_NTH = re.compile(r":nth-(?:of-type|child|last-child|last-of-type)\(\s*\d+\s*\)")
_DIGITS = re.compile(r"\d+")


@dataclass
class Group:
    key: tuple[str, tuple[str, ...], str]
    first: Barrier
    barriers: list[Barrier] = field(default_factory=list)
    folded: int = 0  # distinct groups folded into this one (MAX_GROUPS)

    @property
    def pages(self) -> list[str]:
        return list(dict.fromkeys(b.url for b in self.barriers))

    @property
    def instance_count(self) -> int:
        return sum(_unlisted(b) or 1 for b in self.barriers)

    def examples(self, n: int = MAX_INSTANCES) -> list[Barrier]:
        """Up to n instances, one per page first (a template barrier is shown on several pages)."""
        seen: set[str] = set()
        firsts = [b for b in self.barriers if not (b.url in seen or seen.add(b.url))]
        chosen = {id(b) for b in firsts}
        rest = [b for b in self.barriers if id(b) not in chosen]
        return (firsts + rest)[:n]


def normalised(b: Barrier) -> str:
    """What makes two barriers the same template element: the selector without positions and numbers, else the
    snippet without numbers, else the message without numbers."""
    if b.selector:
        return "selector:" + _DIGITS.sub("#", _NTH.sub(":nth(n)", " ".join(b.selector.split())))
    if b.snippet:
        return "snippet:" + _DIGITS.sub("#", " ".join(b.snippet.split()))[:300]
    return "message:" + _DIGITS.sub("#", " ".join(b.message.split()))[:300]


def group_barriers(barriers: list[Barrier]) -> list[Group]:
    groups: dict[tuple[str, tuple[str, ...], str], Group] = {}
    for b in barriers:
        key = (b.check, b.criteria, normalised(b))
        groups.setdefault(key, Group(key, b)).barriers.append(b)
    return sorted(_bounded(list(groups.values())), key=lambda g: (_sc_key(g.key[1]), g.key[0], g.key[2]))


def _bounded(groups: list[Group]) -> list[Group]:
    if len(groups) <= MAX_GROUPS:
        return groups
    ranked = sorted(groups, key=lambda g: (-len(g.pages), -g.instance_count, g.key[2]))
    folded: dict[tuple[str, tuple[str, ...], str], Group] = {}
    for g in ranked[MAX_GROUPS:]:
        key = (g.key[0], g.key[1], "folded")
        into = folded.setdefault(key, Group(key, g.first))
        into.barriers += g.barriers
        into.folded += 1
    return ranked[:MAX_GROUPS] + list(folded.values())


def page_templates(sample: Any) -> dict[str, list[str]]:
    """url -> template name(s), from the sample artifact (kind "a11y_sample", key "site", written by
    crawler/browser/a11y_gather.py): a `pages` map url -> template id (or {template|id|name}) or a list of
    {url, template}, and/or a `templates` map id -> urls or {pattern, pages|urls|sampled: [urls]} or a list of
    {id|name|template, pages|urls}. A template with a URL `pattern` is named by it (ids are opaque digests).
    Anything else is ignored."""
    out: dict[str, list[str]] = {}
    if not isinstance(sample, dict):
        return out
    pages, templates = sample.get("pages"), sample.get("templates")
    labels = {str(tid): t["pattern"][:200] for tid, t in templates.items()
              if isinstance(t, dict) and isinstance(t.get("pattern"), str) and t["pattern"]} if isinstance(
        templates, dict) else {}

    def add(url: Any, name: Any) -> None:
        if isinstance(name, dict):
            name = next((name[k] for k in ("template", "id", "name") if isinstance(name.get(k), str | int)), None)
        if isinstance(url, str) and isinstance(name, str | int) and not isinstance(name, bool):
            label = labels.get(str(name), str(name)[:200])
            names = out.setdefault(url, [])
            if label not in names:
                names.append(label)

    if isinstance(pages, dict):
        for url, name in pages.items():
            add(url, name)
    elif isinstance(pages, list):
        for item in pages:
            if isinstance(item, dict):
                add(item.get("url"), item)
    items = templates.items() if isinstance(templates, dict) else (
        [(None, t) for t in templates] if isinstance(templates, list) else [])
    for name, members in items:
        if isinstance(members, dict):
            name = name if name is not None else next(
                (members[k] for k in ("id", "name", "template") if isinstance(members.get(k), str | int)), None)
            members = next((members[k] for k in ("pages", "urls", "members", "sampled")
                            if isinstance(members.get(k), list)), [])
        if isinstance(members, list):
            for url in members:
                add(url.get("url") if isinstance(url, dict) else url, name)
    return out


def advisory_records(body: str, site: str, barriers: list[Barrier],
                     templates: dict[str, list[str]] | None = None) -> list[Finding]:
    """One advisory record per group of barriers."""
    templates = templates or {}
    return [_record(body, site, g, templates) for g in group_barriers(barriers)]


def accessibility_annex(site: Any, settings: Any = None) -> list[Finding]:
    """The annex of one site (SiteArtifacts) as advisory records; [] when nothing was checked."""
    extra = site.extra or {}
    barriers = site_barriers(extra.get("a11y") or {}, extra.get("a11y_html") or {},
                             strict_contrast=bool(getattr(settings, "a11y_strict_contrast", False)))
    sample = (extra.get("a11y_sample") or {}).get("site") if isinstance(extra.get("a11y_sample"), dict) else None
    return advisory_records(site.body, site.site, barriers, page_templates(sample))


def _record(body: str, site: str, g: Group, templates: dict[str, list[str]]) -> Finding:
    b = g.first
    pages = g.pages
    examples = g.examples()
    group_templates = list(dict.fromkeys(t for u in pages for t in templates.get(u, [])))
    indicator = b.indicator or ANNEX_INDICATOR
    digest = hashlib.sha256(json.dumps(list(g.key), ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
    key = f"annex:{digest}"
    impacts = [x.impact for x in g.barriers if x.impact in IMPACTS]
    message = (f"{g.folded} more distinct barrier(s) of {b.check}, not grouped one by one (more than {MAX_GROUPS} "
               f"groups on this site); e.g. {b.message}") if g.folded else b.message
    note = f"{message} — {len(pages)} page(s), {g.instance_count} instance(s)"
    return {
        "id": finding_id(body, site, indicator, None, key),
        "body": body, "site": site, "lang": None, "indicator": indicator, "verdict": ADVISORY,
        "points": None, "max_points": 0, "reading": READING, "note": note, "key": key,
        "evidence": [evidence(x.url, selector=x.selector, snippet=x.snippet, measured=x.message)
                     for x in examples[:EVIDENCE_PER_GROUP]],
        "advisory": {
            "source": b.source, "check": b.check, "criteria": list(b.criteria), "scored_indicator": b.indicator,
            "message": message, "impact": max(impacts, key=IMPACTS.index) if impacts else None,
            "page_count": len(pages), "instance_count": g.instance_count, "templates": group_templates,
            "pages": pages[:MAX_PAGES_LISTED],
            "also": sorted({a for x in g.barriers for a in x.extra.get("also") or []}),
            "instances": [{"url": x.url, "selector": x.selector, "snippet": x.snippet, "message": x.message}
                          for x in examples],
        },
    }


def _unlisted(b: Barrier) -> int:
    n = b.extra.get("unlisted")
    return n if isinstance(n, int) and not isinstance(n, bool) and n > 0 else 0


def _sc_key(criteria: tuple[str, ...]) -> tuple[Any, ...]:
    if not criteria:
        return ((9, 9, 99),)
    return tuple(tuple(int(p) if p.isdigit() else 99 for p in sc.split(".")) for sc in criteria)
