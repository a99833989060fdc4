"""Gatherer: the accessibility browser checks (axe + scripted checks) on a template-aware sample of each site.

The crawled HTML pages are grouped by template (crawler/templates.py: URL shape + DOM skeleton) and typed
(crawler/page_types.py, the stored `page_type`; classified here when a run has none). The sample is, in this order:
the home page and the other language home pages; one page of every template (the most used templates first; of
them a page of a type not yet in the sample, else the page nearest the home page); every page whose profile forces
it in (a data-entry form, media, motion, a frame, a dialog trigger, a long document), taken across templates in
turn (a feature found alike on every page of a template is its layout's and forces one page of it); one page of
every page type not yet in the sample (a form, the search results, the site map, contacts, an act, a vacancy …
each checked once even where one template serves several types); then more pages of each template up to
`a11y_pages_per_template` (default 2), material pages (news, acts, reports …) first. At most `a11y_max_pages`
(default 60) pages are checked per site; when that cap cuts the sample a collection note says how many pages of how
many templates were left out.
`a11y_pages` (the old "pages per site" reading) is kept as an alias of `a11y_max_pages`: it is read as the cap when
`a11y_max_pages` is not given, with an info note.

Artifacts: kind "a11y" keyed by URL (one per checked page), and kind "a11y_sample" key "site": the templates (URL
pattern, page count, sampled URLs, forced pages and why, and why a template was not or only partly sampled), the
page → template map and what was not HTML. The accessibility findings read it to say what they were based on.
"""

from __future__ import annotations

import mimetypes
import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from core.accessibility_settings import AccessibilitySettings
from core.log import log
from core.targets import Body
from crawler.browser.a11y import check_pages
from crawler.gate import Gate
from crawler.gated_fetch import site_gate
from crawler.page_types import is_material
from crawler.page_types_gather import landing, site_types
from crawler.store import Page, RunStore
from crawler.templates import PageSignature, Template, cluster, signature

KIND = "a11y"
SAMPLE_KIND = "a11y_sample"
SAMPLE_KEY = "site"
NOTE_STAGE = "a11y-sample"
DEFAULT_PER_TEMPLATE = AccessibilitySettings.a11y_pages_per_template
DEFAULT_MAX_PAGES = AccessibilitySettings.a11y_max_pages


@dataclass(frozen=True)
class SampleLimits:
    per_template: int = DEFAULT_PER_TEMPLATE
    max_pages: int = DEFAULT_MAX_PAGES
    alias_used: bool = False  # the cap came from the old `a11y_pages` reading


def sample_limits(settings: dict[str, Any]) -> SampleLimits:
    """The sample's limits from the gatherer settings (`settings["settings"]`: the run's merged audit readings)."""
    names = {f.name for f in fields(AccessibilitySettings)}
    raw = {k: v for k, v in (settings.get("settings") or {}).items() if k in names}
    readings = AccessibilitySettings.from_mapping(raw)  # a value of the wrong type stops here, with its name
    cap, alias = readings.a11y_max_pages, False
    if "a11y_max_pages" not in raw and readings.a11y_pages > 0:
        cap, alias = readings.a11y_pages, True
    return SampleLimits(per_template=max(0, readings.a11y_pages_per_template), max_pages=max(0, cap),
                        alias_used=alias)


@dataclass
class Sample:
    urls: list[str]  # the pages to check, in order
    templates: dict[str, Template]
    forced: dict[str, dict[str, str]]  # url -> feature -> what was found
    wanted: list[str] = field(default_factory=list)  # the sample before the cap
    layout: dict[str, dict[str, str]] = field(default_factory=dict)  # template -> features on all its pages
    record: dict[str, Any] = field(default_factory=dict)  # the "a11y_sample" artifact

    @property
    def left_out(self) -> list[str]:
        return self.wanted[len(self.urls):]


def _round_robin(groups: list[list[str]]) -> list[str]:
    out: list[str] = []
    queues = [deque(g) for g in groups if g]
    while queues:
        for q in list(queues):
            out.append(q.popleft())
            if not q:
                queues.remove(q)
    return out


def choose_sample(signatures: list[PageSignature], homes: list[str], limits: SampleLimits,
                  types: dict[str, str] | None = None) -> Sample:
    """Pure: the pages to check from the signatures of a site's HTML pages (given nearest-the-home-page first) and
    their page types (url -> type; none: every page of one type)."""
    types = types or {}
    by_url = {s.url: s for s in signatures}
    templates = cluster(signatures)
    of = {s.url: s.template for s in signatures}
    forced, layout = _forcing(signatures, templates)
    # the most used templates first, so that a cap cuts the rare ones
    ordered = sorted(templates.values(), key=lambda t: -len(t.urls))
    wanted: list[str] = [h for h in dict.fromkeys(homes) if h in by_url]
    taken: Counter[str] = Counter(of[u] for u in wanted)
    typed = {types.get(u) for u in wanted}
    if limits.per_template > 0:
        for t in ordered:  # one page of every template: a forced page, else one of a type not yet sampled
            if taken[t.id] == 0:
                pick = next((u for u in t.urls if u in forced), None) or \
                    next((u for u in t.urls if types.get(u) not in typed), t.urls[0])
                wanted.append(pick)
                taken[t.id] += 1
                typed.add(types.get(pick))
    chosen = set(wanted)
    wanted += _round_robin([[u for u in t.urls if u in forced and u not in chosen] for t in ordered])
    typed |= {types.get(u) for u in wanted}
    if limits.per_template > 0:
        for page_type in dict.fromkeys(types.get(s.url) for s in signatures):  # one page of every page type
            if page_type and page_type not in typed:
                pick = next(s.url for s in signatures if types.get(s.url) == page_type)
                wanted.append(pick)
                typed.add(page_type)
                forced.setdefault(pick, {})["page_type"] = f"the first {page_type} page"
    chosen = set(wanted)
    more: list[list[str]] = []
    for t in ordered:
        room = limits.per_template - sum(1 for u in t.urls if u in chosen)  # forced pages count towards N
        rest = sorted((u for u in t.urls if u not in chosen), key=lambda u: not is_material(types.get(u)))
        more.append(rest[:max(0, room)])
    wanted += _round_robin(more)
    urls = wanted[:limits.max_pages]
    sample = Sample(urls=urls, templates=templates, forced=forced, wanted=wanted, layout=layout)
    sample.record = _record(sample, of, limits)
    sample.record["page_types"] = {u: types[u] for u in urls if u in types}  # of the checked pages
    return sample


def _forcing(signatures: list[PageSignature], templates: dict[str, Template]
             ) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """(url -> forcing features, template -> layout features). A feature found alike on every page of a template
    of 3 or more pages (a footer counter GIF, a header login dialog, a slider in the layout) is the template's:
    it forces the template's first page only, not all of them; what differs from page to page forces each page."""
    reasons = {s.url: dict(s.profile.reasons) for s in signatures if s.profile.forced}
    forced: dict[str, dict[str, str]] = {}
    layout: dict[str, dict[str, str]] = {}
    for t in templates.values():
        common: set[tuple[str, str]] = set()
        if len(t.urls) >= 3:
            common = set.intersection(*(set(reasons.get(u, {}).items()) for u in t.urls))
        for u in t.urls:
            own = {f: r for f, r in reasons.get(u, {}).items() if (f, r) not in common}
            if own:
                forced[u] = own
        if common:
            layout[t.id] = dict(sorted(common))
            forced.setdefault(t.urls[0], {}).update(layout[t.id])
    return forced, layout


def _record(sample: Sample, of: dict[str, str], limits: SampleLimits) -> dict[str, Any]:
    checked, cut = set(sample.urls), set(sample.left_out)
    sampled_of: dict[str, list[str]] = {}
    left_of: Counter[str] = Counter(of[u] for u in sample.left_out)
    for u in sample.urls:
        sampled_of.setdefault(of[u], []).append(u)
    templates: dict[str, Any] = {}
    for t in sample.templates.values():
        sampled, left = sampled_of.get(t.id, []), left_of[t.id]
        why = None
        if left:
            why = f"cap reached (a11y_max_pages={limits.max_pages}): {left} more page(s) of it were to be checked"
        elif not sampled:
            why = ("a11y_pages_per_template=0 and no page of it has a feature that forces a check"
                   if limits.per_template == 0 else "not sampled")
        templates[t.id] = {"pattern": t.pattern, "pages": len(t.urls), "sampled": sampled,
                           "forced": {u: sample.forced[u] for u in t.urls if u in sample.forced and u in checked},
                           "forced_left_out": sorted(u for u in t.urls if u in sample.forced and u in cut),
                           "layout_features": sample.layout.get(t.id, {}),
                           "why": why}
    return {"version": 1, "per_template": limits.per_template, "max_pages": limits.max_pages,
            "alias_a11y_pages": limits.alias_used, "pages_html": len(of), "sampled": list(sample.urls),
            "templates": templates, "pages": dict(of),
            "cap": {"reached": bool(sample.left_out), "left_out_pages": len(sample.left_out),
                    "left_out_templates": len(left_of),
                    "templates_unsampled": sum(1 for t in templates.values() if not t["sampled"])}}


def _depths(home: str, edges: list[tuple[str, str, str, str]]) -> dict[str, int]:
    """Clicks from the home page over all stored links (BFS), to pick the page nearest the home page first."""
    out_links: dict[str, list[str]] = {}
    for src, dst, _kind, _text in edges:
        out_links.setdefault(src, []).append(dst)
    depth, todo = {home: 0}, deque([home])
    while todo:
        url = todo.popleft()
        for dst in out_links.get(url, ()):
            if dst not in depth:
                depth[dst] = depth[url] + 1
                todo.append(dst)
    return depth


# content types that are no page a person reads (robots.txt, site maps, feeds, API answers, images, assets)
_NOT_A_DOCUMENT = re.compile(r"^(text/plain|text/css|image/|font/)|(/|\+)(xml|json)$|javascript")


def _not_html(pages: list[Page]) -> dict[str, int]:
    """Documents (PDF, office files, archives …) the site serves: not checked in the browser, by content type."""
    kinds: Counter[str] = Counter()
    for p in pages:
        kind = (p.content_type or "").split(";")[0].strip().lower()[:80]
        if p.status == 200 and not p.is_html and kind and not _NOT_A_DOCUMENT.search(kind):
            kinds[(mimetypes.guess_extension(kind) or kind.rpartition("/")[2] or kind).lstrip(".")[:40]] += 1
    return dict(kinds.most_common())


def site_sample(store: RunStore, body: str, site_url: str, limits: SampleLimits) -> Sample:
    """The template-aware sample of one site's stored pages (reads the store, fetches nothing)."""
    pages = {p.url: p for p in store.pages(body, with_content=False) if p.site == site_url}
    home = landing(pages, site_url)
    edges = store.edges(body)
    homes = [home] + [dst for src, dst, kind, _t in edges if src == home and kind == "lang"]
    depth = _depths(home, edges)
    signatures = [signature(p.url, p.text) for p in store.pages(body)  # one page's content in memory at a time
                  if p.site == site_url and p.status == 200 and p.is_html]
    signatures.sort(key=lambda s: (depth.get(s.url, 1 << 30), s.url))
    sample = choose_sample(signatures, homes, limits, _page_types(store, body, site_url, pages))
    sample.record["not_html"] = _not_html(list(pages.values()))
    return sample


def _page_types(store: RunStore, body: str, site_url: str, pages: dict[str, Page]) -> dict[str, str]:
    """url -> page type: the stored crawl fact, or (a run without it) the pages classified now by the same rules."""
    stored = {u: p.info["page_type"] for u, p in pages.items() if p.info.get("page_type")}
    if len(stored) == len(pages):
        return stored
    return {u: t.type for u, t in site_types(store, body, site_url).items()}


def record_sample(store: RunStore, body: str, site_url: str, limits: SampleLimits) -> Sample:
    """Choose the sample, store it as the "a11y_sample" artifact, and note a cap that cut it."""
    sample = site_sample(store, body, site_url, limits)
    store.put_artifact(body, site_url, SAMPLE_KIND, SAMPLE_KEY, sample.record)
    store.delete_notes(body, NOTE_STAGE)  # chosen again after a resume: one note, not one per attempt
    if sample.left_out and limits.max_pages > 0:
        cap = sample.record["cap"]
        store.add_note(NOTE_STAGE, f"browser accessibility checks capped at a11y_max_pages={limits.max_pages}: "
                       f"{cap['left_out_pages']} sampled page(s) of {cap['left_out_templates']} template(s) were "
                       f"left out ({cap['templates_unsampled']} of {len(sample.templates)} template(s) not checked "
                       "at all)", body=body, url=site_url)
    if not sample.urls:
        why = ("a11y_max_pages=0: the browser accessibility checks are switched off" if sample.wanted
               else "no HTML page to run the accessibility checks on")
        store.add_note(NOTE_STAGE, why, body=body, url=site_url)
    return sample


def gather(store: RunStore, body: Body, site_url: str, *, run_dir: Path, settings: dict[str, Any],
           gate: Gate | None = None) -> None:
    limits = sample_limits(settings)
    sample = record_sample(store, body.key, site_url, limits)
    if limits.alias_used:
        store.add_note(NOTE_STAGE, f"a11y_pages={limits.max_pages} is read as a11y_max_pages (the per-site cap of "
                       "the template sample); set a11y_max_pages instead", body=body.key, level="info", url=site_url)
    if not sample.urls:
        return
    log.info("[a11y] %s: axe and scripted checks on %d page(s) of %d template(s) (%d HTML pages crawled)",
             body.key, len(sample.urls), sum(1 for t in sample.record["templates"].values() if t["sampled"]),
             sample.record["pages_html"])
    gate = gate or site_gate(store, body.key, site_url, settings)
    noted: set[str] = set()
    started = time.monotonic()
    results = check_pages(sample.urls, out_dir=run_dir, screenshots=True, gate=gate)
    sample.record["browser_seconds"] = round(time.monotonic() - started, 1)  # the sample's cost, for people
    store.put_artifact(body.key, site_url, SAMPLE_KIND, SAMPLE_KEY, sample.record)
    for url, artifact in results.items():
        store.put_artifact(body.key, site_url, KIND, url, artifact)
        for blocked in artifact.get("blocked_navigations", []):
            if blocked["top"] and blocked["url"] not in noted:
                noted.add(blocked["url"])
                store.add_note("a11y", f"{blocked['url']}: {blocked['reason']}; the browser did not go there "
                               "(not requested)", body=body.key, level="info", url=url)
