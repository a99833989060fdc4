"""a4.4.1 feedback form, a4.4.2 citizens' poll, a4.4.4 FAQ section, a4.4.6 visit counter (A-8 all-or-nothing)."""

from __future__ import annotations

import re

from audits.artifacts import PageArtifact, SiteArtifacts
from audits.page_features import describe
from audits.site_checks.common import links, presence, resolve, same_host, text_of, visible_text
from audits.site_checks.settings import SiteCheckSettings
from govaudit.findings import Finding, evidence

RECEPTION_PORTALS = re.compile(r"eotinish\.kz|dialog\.egov\.kz|blogs?\.e?\.?gov\.kz|egov\.kz/cms/\w+/blogs", re.I)
POLL_WORDS = re.compile(r"опрос|голосовани|анкет|сауалнама|дауыс\s+беру|poll|survey|vote", re.I)
FAQ_WORDS = re.compile(r"часто\s+задаваемые\s+вопросы|вопрос[-\s–—]*ответ|жиі\s+(қойылатын|берілетін)\s+сұрақ|"
                       r"сұрақ[-\s–—]*жауап|frequently\s+asked\s+questions|\bfaq\b|\bчаво\b", re.I)
COUNTER_TEXT = re.compile(r"(посещени\w*|посетител\w*|просмотр\w*|келушіл\w*|қаралым\w*|кірулер\w*|visits?|"
                          r"visitors?|page\s*views?)\s*(за\s+\w+|сегодня|бүгін|всего|барлығы|today|total)?\s*[:\-–]?\s*"
                          r"\d[\d\s\u00a0.,]*", re.I)
COUNTER_WIDGETS = re.compile(r"liveinternet\.ru/click|counter\.yadro\.ru|informer\.yandex\.ru|top\.mail\.ru/counter|"
                             r"top-fwz1\.mail\.ru/counter|zero\.kz/c\.php|hotlog\.ru|counter\.\w+|/counter[./?]|"
                             r"visit-?counter|hit-?counter", re.I)
HIDDEN_ANALYTICS = re.compile(r"mc\.yandex\.ru/metrika|googletagmanager|google-analytics|gtag\(", re.I)


def _pages(site: SiteArtifacts) -> list[PageArtifact]:
    return sorted(site.html_pages(), key=lambda p: (len(p.url), p.url))


def _is_search_form(form) -> bool:
    attrs = " ".join(filter(None, (form.get("role"), form.get("class"), form.get("id"), form.get("action"))))
    return bool(re.search(r"search|poisk|izdeu|іздеу|поиск", attrs, re.I))


def audit_feedback(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    found = None
    portal = None
    for page in _pages(site):
        doc = page.doc
        if doc is None:
            continue
        for form in doc.iter("form"):
            if _is_search_form(form):
                continue
            has_text = form.find(".//textarea") is not None
            has_submit = any((el.get("type") or "submit").lower() == "submit" for el in form.iter("button")) or \
                any((el.get("type") or "").lower() in ("submit", "image") for el in form.iter("input"))
            if has_text and has_submit:
                found = (page.url, describe(form))
                break
        if found:
            break
        if portal is None:
            portal = next(((page.url, url) for a, url in links(doc, page.url) if RECEPTION_PORTALS.search(url)), None)
    ok = found is not None or (cfg.feedback_external_portal_counts and portal is not None)
    if found:
        items = [evidence(found[0], selector=found[1], snippet="form with a message field and a submit button")]
    elif portal:
        items = [evidence(portal[0], snippet=f"link to an outside reception portal: {portal[1]}")]
    else:
        items = [evidence(site.home, snippet="no form with a message field on any crawled page")]
    note = ("feedback form found" if found else
            f"only a link to an outside reception portal ({portal[1]})" if portal else "no feedback form")
    return presence(site=site, indicator="a4.4.1", max_points=0.1, found=ok, evidence_items=items, note=note,
                    reading="A-8 all-or-nothing; a form on the site with a message field (textarea) and a submit "
                            "button; an outside reception portal link "
                            + ("counts" if cfg.feedback_external_portal_counts else "is reported, not counted"))


def audit_poll(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    found = None
    for page in _pages(site):
        doc = page.doc
        if doc is None:
            continue
        for form in doc.iter("form"):
            names: dict[str, int] = {}
            for el in form.iter("input"):
                if (el.get("type") or "").lower() in ("radio", "checkbox") and el.get("name"):
                    names[el.get("name")] = names.get(el.get("name"), 0) + 1
            context = text_of(form) + " " + page.title if page.title else text_of(form)
            if any(n >= 2 for n in names.values()) and (POLL_WORDS.search(context) or POLL_WORDS.search(page.url)
                                                       or len(form.findall(".//fieldset")) > 0):
                found = (page.url, describe(form))
                break
        if found:
            break
    items = [evidence(found[0], selector=found[1], snippet="poll form with answer options")] if found else \
        [evidence(site.home, snippet="no poll/survey form (radio/checkbox answers) on any crawled page")]
    return presence(site=site, indicator="a4.4.2", max_points=0.2, found=found is not None, evidence_items=items,
                    note="poll form found" if found else "no citizens' poll form",
                    reading="A-8 all-or-nothing; a form with at least two answer options (radio/checkbox) that is a "
                            "poll or survey (wording, URL or fieldset)")


def audit_faq(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    found = None
    for page in _pages(site):
        doc = page.doc
        if doc is None:
            continue
        heading = " ".join(filter(None, (page.title, text_of(doc.find(".//h1")))))
        if FAQ_WORDS.search(heading) and len(visible_text(doc)) > 200:
            found = (page.url, heading)
            break
    if found is None:  # a link named FAQ that leads to a working page
        for page in _pages(site):
            if page.doc is None:
                continue
            for a, url in links(page.doc, page.url):
                target = resolve(site, url)
                if FAQ_WORDS.search(text_of(a)) and target is not None and target.ok and same_host(site, url):
                    found = (target.url, text_of(a))
                    break
            if found:
                break
    dead = [(p.url, url) for p in _pages(site) if p.doc is not None for a, url in links(p.doc, p.url)
            if FAQ_WORDS.search(text_of(a)) and (t := resolve(site, url)) is not None and t.dead][:3]
    items = [evidence(found[0], snippet=found[1])] if found else \
        [evidence(src, snippet=f"FAQ link to a dead page: {dst}") for src, dst in dead] or \
        [evidence(site.home, snippet="no FAQ section found")]
    return presence(site=site, indicator="a4.4.4", max_points=0.3, found=found is not None, evidence_items=items,
                    note="FAQ section found" if found else "no working FAQ section",
                    reading="A-8 all-or-nothing; a working page titled FAQ / 'Жиі қойылатын сұрақтар' / "
                            "'Часто задаваемые вопросы' (or a link so named to a working page)")


def audit_counter(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    found = hidden = None
    for page in _pages(site)[:50]:
        doc = page.doc
        if doc is None:
            continue
        m = COUNTER_TEXT.search(visible_text(doc))
        if m and re.search(r"\d", m.group(0)):
            found = (page.url, m.group(0).strip())
            break
        for el in doc.iter("img", "script", "a", "div", "span"):
            blob = " ".join(filter(None, (el.get("src"), el.get("href"), el.get("class"), el.get("id"))))
            if blob and COUNTER_WIDGETS.search(blob):
                found = (page.url, describe(el))
                break
            script = (el.text or "") + (el.get("src") or "") if el.tag == "script" else ""
            if hidden is None and script and HIDDEN_ANALYTICS.search(script):
                hidden = (page.url, "hidden web analytics")
        if found:
            break
    ok = found is not None or (cfg.counter_hidden_analytics_counts and hidden is not None)
    shown = found or hidden
    items = [evidence(shown[0], snippet=shown[1])] if shown else [evidence(site.home, snippet="no visit counter")]
    return presence(site=site, indicator="a4.4.6", max_points=0.2, found=ok, evidence_items=items,
                    note="visit counter found" if found else (
                        "only hidden analytics" if hidden else "no visit counter"),
                    reading="A-8 all-or-nothing; a visible counter (visits number or counter informer); hidden "
                            "analytics " + ("counts" if cfg.counter_hidden_analytics_counts else "does not count"))
