"""a4.4.1 feedback form, a4.4.2 citizens' poll, a4.4.4 FAQ section, a4.4.6 visit counter (A-8 all-or-nothing).

Each tool is recognised by its function, however it is built (audits/site_checks/interactive_detect.py; wording in
interactive_words.yaml), on every crawled HTML page of the site; the evidence names the page, the element and how
it was recognised.
"""

from __future__ import annotations

from audits.site_checks.common import links, presence, same_host
from audits.site_checks.interactive_detect import (
    Found,
    counter,
    faq,
    feedback_form,
    hidden_analytics,
    poll,
    portal_link,
    words,
)
from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import Finding, evidence
from core.site_check_settings import SiteCheckSettings
from core.site_pages import resolve, text_of
from crawler.page_types import is_material, stored_or_classified

FAQ_MIN_PAIRS = 3  # questions with answers that make an FAQ block without an FAQ heading


def _pages(site: SiteArtifacts) -> list[PageArtifact]:
    return sorted(site.html_pages(), key=lambda p: (len(p.url), p.url))


def _first(site: SiteArtifacts, detect) -> tuple[PageArtifact, Found] | None:
    for page in _pages(site):
        if page.doc is not None and (found := detect(page)) is not None:
            return page, found
    return None


def audit_feedback(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    found = _first(site, lambda p: feedback_form(p.doc))
    portal = None
    if found is None:
        portal = next(((p.url, url) for p in _pages(site) if p.doc is not None
                       and (url := portal_link(p.doc, p.url)) is not None), None)
    ok = found is not None or (cfg.feedback_external_portal_counts and portal is not None)
    if found:
        items = [evidence(found[0].url, selector=found[1].selector, snippet=found[1].snippet,
                          measured={"recognised_by": found[1].how})]
    elif portal:
        items = [evidence(portal[0], snippet=f"link to an outside reception portal: {portal[1]}")]
    else:
        items = [evidence(site.home, snippet="no message field with a way to send it on any crawled page")]
    note = ("feedback form found" if found else
            f"only a link to an outside reception portal ({portal[1]})" if portal else "no feedback form")
    return presence(site=site, indicator="a4.4.1", max_points=0.1, found=ok, evidence_items=items, note=note,
                    reading="A-8 all-or-nothing; a feedback form by function: a message field with a way to send "
                            "it (submit button, image, click or JS handler; with or without <form>), not a search or "
                            "comment box; an outside reception portal link "
                            + ("counts" if cfg.feedback_external_portal_counts else "is reported, not counted"))


def audit_poll(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    found = _first(site, lambda p: poll(p.doc))
    items = [evidence(found[0].url, selector=found[1].selector, snippet=found[1].snippet,
                      measured={"recognised_by": found[1].how})] if found else \
        [evidence(site.home, snippet="no poll (answer options with a vote control, an embedded poll service or a "
                                     "poll block a script fills in) on any crawled page")]
    return presence(site=site, indicator="a4.4.2", max_points=0.2, found=found is not None, evidence_items=items,
                    note="poll found" if found else "no citizens' poll",
                    reading="A-8 all-or-nothing; a poll by function: a question with two or more answer options "
                            "and a vote control (form or not; poll wording, markup or a question), an embedded poll "
                            "service (iframe) or a script-rendered poll block")


def audit_faq(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    types = stored_or_classified({p.url: p for p in site.html_pages()}, site.site, site.home)
    # a news item or an act with a few questions in it is not the FAQ section
    found = _first(site, lambda p: None if is_material(types[p.url].type) else
                   faq(p.doc, p.title, min_pairs=FAQ_MIN_PAIRS))
    link = None
    if found is None:  # a link named FAQ that leads to a working page
        named = words()["faq"]["headings"]
        link = next(((resolve(site, url), text_of(a)) for p in _pages(site) if p.doc is not None
                     for a, url in links(p.doc, p.url) if named.search(text_of(a)) and same_host(site, url)
                     and (t := resolve(site, url)) is not None and t.ok), None)
    dead = [(p.url, url) for p in _pages(site) if p.doc is not None for a, url in links(p.doc, p.url)
            if words()["faq"]["headings"].search(text_of(a)) and (t := resolve(site, url)) is not None and t.dead][:3]
    if found:
        items = [evidence(found[0].url, selector=found[1].selector, snippet=found[1].snippet,
                          measured={"recognised_by": found[1].how})]
    elif link:
        items = [evidence(link[0].url, snippet=f"linked as {link[1]!r}")]
    else:
        items = [evidence(src, snippet=f"FAQ link to a dead page: {dst}") for src, dst in dead] or \
            [evidence(site.home, snippet="no FAQ section found")]
    ok = found is not None or link is not None
    return presence(site=site, indicator="a4.4.4", max_points=0.3, found=ok, evidence_items=items,
                    note="FAQ section found" if ok else "no working FAQ section",
                    reading="A-8 all-or-nothing; an FAQ by function: a page or block headed FAQ / 'Жиі қойылатын "
                            f"сұрақтар' / 'Часто задаваемые вопросы' (and variants), or ≥ {FAQ_MIN_PAIRS} questions "
                            "with answers (details, accordion, list) on a page that is not a news item or document; "
                            "or a link so named to a working page")


def audit_counter(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    found = _first(site, lambda p: counter(p.doc))
    hidden = None if found else next(((p.url, h) for p in _pages(site) if p.doc is not None
                                      and (h := hidden_analytics(p.doc)) is not None), None)
    ok = found is not None or (cfg.counter_hidden_analytics_counts and hidden is not None)
    if found:
        items = [evidence(found[0].url, selector=found[1].selector, snippet=found[1].snippet,
                          measured={"recognised_by": found[1].how})]
    else:
        items = [evidence(hidden[0], snippet=hidden[1])] if hidden else \
            [evidence(site.home, snippet="no visit counter")]
    return presence(site=site, indicator="a4.4.6", max_points=0.2, found=ok, evidence_items=items,
                    note="visit counter found" if found else (
                        "only hidden analytics" if hidden else "no visit counter"),
                    reading="A-8 all-or-nothing; a visit counter a person sees: a count of visits in the text, a "
                            "counter image or informer, a counter service's script, a counter block a script writes; "
                            "hidden analytics " + ("counts" if cfg.counter_hidden_analytics_counts else
                                                   "does not count"))
