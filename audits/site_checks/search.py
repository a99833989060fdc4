"""a4.2.6 accessibility of information search: four requirements, -0.25 each.

The browser facts (typing 20+ characters, a full-text query, the results page) come from the `search_check`
gatherer (crawler/browser/search_check.py), one record per language version; the static facts (maxlength, an
advanced-search link or form) are also read from the stored HTML.
"""

from __future__ import annotations

import re
from typing import Any

from audits.page_features import describe, find_search
from core.artifacts import SiteArtifacts
from core.findings import Evidence, Finding, evidence, finding
from core.site_check_settings import SiteCheckSettings
from core.site_pages import language_homes, text_of
from crawler.search_words import ADVANCED


def static_advanced(site: SiteArtifacts) -> str | None:
    """An advanced-search link, or a search form with filters (select, dates or several fields)."""
    for page in sorted(site.html_pages(), key=lambda p: (len(p.url), p.url))[:60]:
        doc = page.doc
        if doc is None:
            continue
        for a in doc.iter("a"):
            if ADVANCED.search(text_of(a)) or ADVANCED.search(a.get("href") or ""):
                return f"{page.url}: link '{text_of(a) or a.get('href')}'"
        for form in doc.iter("form"):
            attrs = " ".join(filter(None, (form.get("action"), form.get("class"), form.get("id"), form.get("role"))))
            if not re.search(r"search|poisk|izdeu", attrs, re.I):
                continue
            filters = [el for el in form.iter("select", "input") if el.tag == "select" or
                       (el.get("type") or "text").lower() in ("date", "checkbox", "radio", "number")]
            if filters:
                return f"{page.url}: search form with filters ({describe(form)})"
    return None


def static_maxlength(site: SiteArtifacts) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for _lang, url in language_homes(site).items():
        page = site.pages.get(url)
        if page is None or page.doc is None or find_search(page.doc) is None:
            continue
        values = [int(el.get("maxlength")) for el in page.doc.iter("input") if (el.get("maxlength") or "").isdigit()
                  and (el.get("type") or "text").lower() in ("search", "text")]
        out[url] = min(values) if values else None
    return out


def audit_search(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    reading = (f"2.6: each unmet requirement is -0.25, checked in every language version in a browser: (1) the "
               f"field takes ≥ {cfg.search_min_chars} typed characters, (2) a phrase from a page body finds that "
               "page, (3) an advanced search exists (link or filters), (4) results on their own page with the "
               "query still in the field")
    records: dict[str, Any] = site.extra.get("search_check", {})
    items: list[Evidence] = []
    advanced = static_advanced(site)
    maxlens = static_maxlength(site)
    short = {u: m for u, m in maxlens.items() if m is not None and m < cfg.search_min_chars}
    if not records:
        any_form = any(p.doc is not None and find_search(p.doc) for p in site.html_pages()[:30])
        if not any_form:
            return finding(body=site.body, site=site.site, lang=None, indicator="a4.2.6", verdict="fail", points=0.0,
                           max_points=1, reading=reading, note="no search form on the site",
                           evidence_items=[evidence(site.home, snippet="no search form found")])
        facts: dict[str, bool | None] = {"accepts_20_chars": not short, "full_text": None,
                                         "advanced": advanced is not None, "separate_page_query_kept": None}
        return _score(site, facts, reading, [evidence(site.home, snippet="the search was not run in a browser "
                                                      "(no search_check artifact)", measured={"maxlength": maxlens})])
    accepts: list[bool | None] = [not short]
    fulltext: list[bool | None] = []
    kept: list[bool | None] = []
    for lang, rec in sorted(records.items()):
        shot = rec.get("screenshot")
        if not rec.get("form_found"):
            failed_browser = bool(rec.get("error"))  # the page did not load: unknown, not "no search"
            accepts.append(None if failed_browser else False)
            fulltext.append(None if failed_browser else False)
            kept.append(None if failed_browser else False)
            items.append(evidence(rec.get("home"), snippet=f"[{lang}] no search field found"
                                  + (f" ({rec['error']})" if rec.get("error") else ""), measured=rec))
            continue
        accepted = rec.get("accepted")
        if accepted is not None:
            accepts.append(accepted >= cfg.search_min_chars)
        fulltext.append(rec.get("found_source"))
        kept.append(None if rec.get("separate_page") is None or rec.get("query_kept") is None else
                    bool(rec.get("separate_page") and rec.get("query_kept")))
        if rec.get("advanced") and advanced is None:
            advanced = f"{rec['advanced'].get('url')}: {rec['advanced'].get('how')}"
        items.append(evidence(rec.get("results_url") or rec.get("home"), screenshot=shot,
                              selector=rec.get("field"),
                              snippet=f"[{lang}] typed {rec.get('typed')} chars, field kept {accepted}; phrase "
                                      f"{rec.get('phrase')!r} from {rec.get('phrase_source')} "
                                      f"{'found' if rec.get('found_source') else 'NOT found'}; results page "
                                      f"{'separate' if rec.get('separate_page') else 'not separate'}, query "
                                      f"{'kept' if rec.get('query_kept') else 'not kept'}"
                                      + (f"; {rec['error']}" if rec.get("error") else ""),
                              measured={k: rec.get(k) for k in ("lang", "maxlength", "typed", "accepted", "phrase",
                                                                "phrase_source", "found_source", "separate_page",
                                                                "query_kept", "advanced")}))
    facts = {"accepts_20_chars": _all(accepts),
             "full_text": _all(fulltext), "advanced": advanced is not None, "separate_page_query_kept": _all(kept)}
    if advanced:
        items.append(evidence(site.home, snippet=f"advanced search: {advanced}", measured={"requirement": 3}))
    return _score(site, facts, reading, items)


def _all(values: list[bool | None]) -> bool | None:
    """False if any language failed; None if nothing could be checked; True otherwise."""
    if any(v is False for v in values):
        return False
    if not values or all(v is None for v in values):
        return None
    return True


def _score(site: SiteArtifacts, facts: dict[str, bool | None], reading: str, items: list[Evidence]) -> Finding:
    from audits.site_checks.common import score_facts

    return score_facts(site=site, indicator="a4.2.6", max_points=1, unit=0.25, facts=facts, reading=reading,
                       evidence_items=items)
