"""Appendix 4 per language version: a breakdown of the site verdicts, outside the scores.

The methodology scores Appendix 4 once per site. An evaluator explaining a verdict, and an agency fixing its site,
also need to know which language version breaks it ("the Russian news items show no dates"), so each site finding
of a language-sensitive indicator gets `by_language`: the same audit run over one language version — its pages
(the page's language by URL segment, ?lang= or <html lang>), the files they link to, the links they hold, with
that version's home page as the start. a4.2.10 judges the links *on* the version's pages but follows them anywhere
(its language switch leads into the other versions), and a4.2.8 takes a page for a large document when its
other-language version is one, so these two run over the whole site with the version's pages as their scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from core.artifacts import SiteArtifacts
from core.findings import Finding
from core.site_pages import language_homes, page_lang

BREAKDOWN = ("a4.2.2", "a4.2.3", "a4.2.4", "a4.2.5", "a4.2.7", "a4.2.8", "a4.2.9", "a4.2.10", "a4.3.1")
# audited over the whole site, scoped to the version's pages: a4.2.10's language switch leads into the other
# versions; a4.2.8 counts a page as large when its other-language version is
WHOLE_SITE = frozenset({"a4.2.8", "a4.2.10"})
# browser and HTML-check artifacts keyed by page URL (a11y keys may be "<viewport>|<url>")
URL_KEYED_EXTRAS = ("a11y", "a11y_html")


def language_view(site: SiteArtifacts, lang: str, home: str) -> SiteArtifacts:
    """One language version of `site` as a site of its own, starting at its home page."""
    own = {u for u, p in site.pages.items() if p.is_html and page_lang(p) == lang}
    linked = {dst for src, dst, _kind, _text in site.edges if src in own}
    keep = {u: p for u, p in site.pages.items() if u in own or (u in linked and not p.is_html)}
    # the redirect chain into the version's home stays, so its home resolves as the site's does
    keep.update({u: p for u, p in site.pages.items() if p.is_redirect and p.info.get("redirect_to") in keep})
    extra = dict(site.extra)
    for kind in URL_KEYED_EXTRAS:
        if isinstance(extra.get(kind), dict):
            extra[kind] = {k: v for k, v in extra[kind].items() if k.rsplit("|", 1)[-1] in keep}
    return SiteArtifacts(body=site.body, site=home, pages=keep,
                         edges=[e for e in site.edges if e[0] in keep], extra=extra)


@dataclass
class ScopedSite(SiteArtifacts):
    """The whole site, whose pages "on the site" (html_pages) are one language version's."""

    scope: frozenset[str] = field(default_factory=frozenset)

    def html_pages(self) -> list[Any]:
        return [p for p in super().html_pages() if p.url in self.scope]

    def all_html_pages(self) -> list[Any]:
        return super().html_pages()


def scoped_view(site: SiteArtifacts, lang: str) -> ScopedSite:
    own = frozenset(u for u, p in site.pages.items() if p.is_html and page_lang(p) == lang)
    return ScopedSite(body=site.body, site=site.site, pages=site.pages, edges=site.edges, extra=site.extra,
                      scope=own)


def add_language_breakdown(findings: Iterable[Finding], site: SiteArtifacts,
                           audit: Callable[[SiteArtifacts, SiteArtifacts], dict[str, Finding]]) -> None:
    """Give each BREAKDOWN finding of `site` its `by_language` (when the site has more than one version).
    `audit(view, scoped)` returns the findings by indicator: BREAKDOWN minus WHOLE_SITE over `view` (the version
    as a site of its own), WHOLE_SITE over `scoped` (the whole site scoped to the version's pages)."""
    homes = language_homes(site)
    if len(homes) < 2:
        return
    targets = {f["indicator"]: f for f in findings if f.get("indicator") in BREAKDOWN and not f.get("lang")}
    if not targets:
        return
    for lang, home in sorted(homes.items()):
        found = audit(language_view(site, lang, home), scoped_view(site, lang))
        for indicator, f in targets.items():
            got = found.get(indicator)
            if got is not None:
                f.setdefault("by_language", {})[lang] = _summary(got, home)


def _summary(f: Finding, home: str) -> dict[str, Any]:
    return {"verdict": f.get("verdict"), "points": f.get("points"), "home": home, "note": f.get("note") or ""}
