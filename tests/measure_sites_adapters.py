"""Adapters from each issue #13 CMS fixture's expected.json to the one shape tests/measure_sites.py compares.

The manifests were written independently; they come in two layouts:

- "appendix5" (WordPress committee, `fixtures/cms_wp_committee`): Appendix 5 under
  ``appendix5.items[lang][item id]`` with ``where: [{page, block, selector}]``; Appendix 4 under
  ``indicators[scope]`` for scopes site/kk/ru/en, the declared indicators (a4.2.6, a4.2.11, a4.4.x …) in the site
  scope only; pages marked ``reached_by: links|form``; depths from the root over all links, navigation-only depths
  from the language homes only.
- "content" (ASP.NET ministry `fixtures/cms_aspnet_ministry`, Drupal akimat `fixtures/cms_drupal_akimat`):
  Appendix 5 under ``content.items[lang][section][number]`` with one entry per dictionary concept
  (``concepts[c] = {status, url, block, heading}``; the item's status is the worst); Appendix 4 under
  ``indicators[scope]`` for scopes site/kk/ru; pages marked ``reachable_by_links``; ``depth_nav`` from the root.

`adapt(manifest)` recognises the layout by its keys. URLs are compared by `url_key` (path and sorted query); the
ASP.NET site matches paths and parameter names case-insensitively (IIS), so its keys are lower-cased
(`SiteSpec.case_insensitive`). `SITES` gives each site's body entry for the targets file: the sites' own
`bodies()` give only the URL; names (the sites' own), type and languages are here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

A5_STATUSES = ("present", "absent", "outdated")


@dataclass
class A4Row:
    indicator: str
    scope: str  # "site" or a language
    verdict: str
    points: float | None
    max_points: float | None


@dataclass
class A5Row:
    item: str  # a5.cso.1.2.1
    lang: str
    status: str  # present | absent | outdated
    where: list[dict[str, str]] = field(default_factory=list)  # [{page, block}] the manifest names


@dataclass
class PageRow:
    key: str  # url_key() of the page
    url: str  # as the manifest writes it
    status: int | None
    lang: str | None
    type: str | None
    depth: int | None  # clicks from the site root over all links (None: reached by no link)
    depth_nav: int | None  # the same over navigation links only, when the manifest gives it from the root
    html: bool


@dataclass
class Expected:
    site: str
    body: str
    a4: list[A4Row]
    a5: list[A5Row]
    pages: dict[str, PageRow]
    case_insensitive: bool = False
    has_depth_nav: bool = False

    def key(self, url: str) -> str:
        return url_key(url, self.case_insensitive)


def url_key(url: str, case_insensitive: bool = False) -> str:
    """Path and query of a URL (absolute or not), unquoted, fragment dropped, parameters sorted; with
    `case_insensitive` the path and parameter names are lower-cased (IIS)."""
    parts = urlsplit(url)
    path = unquote(parts.path) or "/"
    query = parse_qsl(parts.query, keep_blank_values=True)
    if case_insensitive:
        path = path.lower()
        query = [(k.lower(), v) for k, v in query]
    query.sort()
    return path + (f"?{urlencode(query)}" if parts.query else "")


def _a4(manifest: dict[str, Any]) -> list[A4Row]:
    rows = []
    for scope, indicators in manifest["indicators"].items():
        for ind, value in indicators.items():
            rows.append(A4Row(ind, scope, value["verdict"], value.get("points"), value.get("max_points")))
    return rows


def _pages(manifest: dict[str, Any], reached: Callable[[dict[str, Any]], bool], case_insensitive: bool,
           nav_key: str | None) -> dict[str, PageRow]:
    out = {}
    for url, e in manifest["pages"].items():
        key = url_key(url, case_insensitive)
        html = e.get("status") == 200 and str(e.get("content_type", "")).startswith("text/html")
        out[key] = PageRow(key, url, e.get("status"), e.get("lang"), e.get("type"),
                           e.get("depth") if reached(e) else None, e.get(nav_key) if nav_key else None, html)
    return out


def adapt_appendix5_layout(manifest: dict[str, Any], case_insensitive: bool = False) -> Expected:
    """The WordPress layout: ``appendix5.items[lang][item id]``."""
    a5 = []
    for lang, items in manifest["appendix5"]["items"].items():
        for iid, row in items.items():
            where = [{"page": w["page"], "block": w.get("block", "")} for w in row.get("where", [])]
            a5.append(A5Row(iid, lang, row["status"], where))
    pages = _pages(manifest, lambda e: e.get("reached_by", "links") == "links", case_insensitive, None)
    return Expected(manifest["site"], manifest["body"], _a4(manifest), a5, pages, case_insensitive)


def adapt_content_layout(manifest: dict[str, Any], case_insensitive: bool = False) -> Expected:
    """The ASP.NET/Drupal layout: ``content.items[lang][section][number]`` with per-concept locations."""
    a5 = []
    for lang, sections in manifest["content"]["items"].items():
        for section, items in sections.items():
            for number, row in items.items():
                where = [{"page": c["url"], "block": c.get("heading") or c.get("block") or ""}
                         for c in row.get("concepts", {}).values() if c.get("url")]
                a5.append(A5Row(f"{section}.{number}", lang, row["status"], where))
    pages = _pages(manifest, lambda e: bool(e.get("reachable_by_links", True)), case_insensitive, "depth_nav")
    return Expected(manifest["site"], manifest["body"], _a4(manifest), a5, pages, case_insensitive,
                    has_depth_nav=True)


def adapt(manifest: dict[str, Any], case_insensitive: bool = False) -> Expected:
    if "appendix5" in manifest:
        return adapt_appendix5_layout(manifest, case_insensitive)
    if "content" in manifest:
        return adapt_content_layout(manifest, case_insensitive)
    raise ValueError(f"expected.json of {manifest.get('site')!r}: neither an 'appendix5' nor a 'content' section")


@dataclass(frozen=True)
class SiteSpec:
    name: str  # the fixture package under fixtures/, and the server's site name
    body: dict[str, Any]  # targets entry of the body (without sites)
    parent: tuple[str, dict[str, Any]] | None = None  # a committee's parent body (no site: never crawled)
    case_insensitive: bool = False  # the server matches paths and parameter names in any case (IIS)
    # readings the manifest was computed under where they differ from the registry's defaults (its docstring
    # names them): the run applies them, so a verdict is compared under the rule that produced it
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def package(self) -> str:
        return f"fixtures.{self.name}"


SITES: dict[str, SiteSpec] = {
    "cms_wp_committee": SiteSpec(
        "cms_wp_committee",
        {"names": {"kk": "Құрылыс және тұрғын үй-коммуналдық шаруашылық істері комитеті",
                   "ru": "Комитет по делам строительства и жилищно-коммунального хозяйства",
                   "en": "Committee for Construction and Housing and Utilities"},
         "type": "committee", "committee_form": "separate_site", "parent": "kds_parent",
         "languages": ["kk", "ru", "en"], "platform": "standalone"},
        parent=("kds_parent", {"names": {"ru": "Министерство промышленности и строительства Республики Казахстан"},
                               "type": "central",
                               "languages": ["kk", "ru"], "platform": "standalone"}),
        settings={"dates_min_share": 0.5}),  # manifest: "a4.2.9 (dates_require_time, dates_min_share=0.5)"
    "cms_aspnet_ministry": SiteSpec(
        "cms_aspnet_ministry",
        {"names": {"kk": "Қазақстан Республикасы Су ресурстары және ирригация министрлігі",
                   "ru": "Министерство водных ресурсов и ирригации Республики Казахстан",
                   "en": "Ministry of Water Resources and Irrigation of the Republic of Kazakhstan"},
         "type": "central", "languages": ["kk", "ru", "en"], "platform": "standalone"},
        case_insensitive=True),
    "cms_drupal_akimat": SiteSpec(
        "cms_drupal_akimat",
        {"names": {"kk": "Ұлытау облысының әкімдігі", "ru": "Акимат области Ұлытау",
                   "en": "Akimat of Ulytau Region"},
         "type": "local", "languages": ["kk", "ru", "en"], "platform": "standalone"}),
}
