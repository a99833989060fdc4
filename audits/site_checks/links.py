"""a4.2.10 hypertext links: (1) no dead links, (2) the language switch opens the same page, (3) external links
open a new window and say so. Each unmet requirement is one fact of -0.2."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from audits.page_features import describe
from audits.site_checks.common import links, score_facts, visible_text
from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import Evidence, Finding, evidence
from core.site_check_settings import SiteCheckSettings
from core.site_pages import is_home, main_element, page_lang, resolve, text_of
from crawler.language import detect_language

# "откроется в новой вкладке", "в отдельном окне", "жаңа (қосымша) бетте ашылады", "opens in a new browser tab"
NEW_WINDOW = re.compile(r"(нов|отдельн)\w*\s+(окн|вкладк)|(жаңа|қосымша)\s+(?:[\w-]+\s+)?(терезе|бет|қойынды|парақ)|"
                        r"new\s+(?:[\w-]+\s+)?(window|tab)|внешн\w+\s+ссылк|"
                        r"сыртқы\s+сілтеме|external\s+(link|site|resource)|↗|⧉", re.I)
STATE_LANGUAGES = frozenset({"kk", "ru"})  # both versions carry every page; English is an extra (a4.4.5)
NOTICE_HOOKS = re.compile(r"external|ext-?link|new-?window|blank|outside|icon-?out", re.I)


def text_language(page: PageArtifact) -> str | None:
    """The language the page's own text is written in (its main content), or None when too short to tell."""
    doc = page.doc
    if doc is None:
        return None
    return detect_language(visible_text(main_element(doc))[:3000])


def has_notice(a) -> bool:
    text = " ".join(filter(None, (text_of(a), a.get("title"), a.get("aria-label"))))
    if NEW_WINDOW.search(text):
        return True
    for el in a.iter():
        if not isinstance(el.tag, str):
            continue
        blob = " ".join(filter(None, (el.get("class"), el.get("alt"), el.get("title"), el.get("aria-label"))))
        if el is not a and (NOTICE_HOOKS.search(blob) or NEW_WINDOW.search(blob)):
            return True
    return bool(NOTICE_HOOKS.search(a.get("class") or ""))


def audit_links(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    host = urlsplit(site.site).netloc
    # a page reached only by submitting a form (a filter's results) is not a page a link leads to: a person
    # judging links does not fill in forms, and its URL is the form's, not an author's href
    by_link = {dst for _, dst, kind, _ in site.edges if kind != "form"} | {site.home, site.site}
    pages = {p.url: p for p in site.html_pages() if p.url in by_link}
    items: list[Evidence] = []
    # (1) dead links: every link from a site page to a stored in-scope URL that fails (401/403 are a4.2.7's)
    dead: dict[str, tuple[str, int | None, str]] = {}
    for src, dst, kind, text in site.edges:
        if src not in pages or kind in ("redirect", "form"):
            continue
        target = resolve(site, dst)
        if target is not None and target.dead and target.status not in (401, 403) and dst not in dead:
            dead[dst] = (src, target.status, text)
    for dst, (src, status, text) in sorted(dead.items())[:10]:
        items.append(evidence(src, selector=f"a[href$='{urlsplit(dst).path}']", snippet=f"dead link '{text}' -> "
                              f"{dst} ({'HTTP ' + str(status) if status else 'no answer'})",
                              measured={"requirement": 1, "target": dst, "status": status}))
    # (2) the language switch lands on the same page in the other language
    checked, wrong = 0, []
    for src, dst, kind, _ in site.edges:
        if kind != "lang" or src not in pages:
            continue
        source = pages[src]
        target = resolve(site, dst)
        src_lang = page_lang(source)
        if target is None or target.url == src:
            continue
        tgt_lang = page_lang(target) if target.ok else None
        if target.ok and tgt_lang == src_lang:
            continue  # the current language's own entry in the switch
        if target.ok and tgt_lang not in STATE_LANGUAGES and src_lang in STATE_LANGUAGES \
                and is_home(site, target.url):
            continue  # the English version may be partial (its extent is a4.4.5's): its home is not a wrong page
        checked += 1
        if not target.ok:
            wrong.append((src, dst, f"HTTP {target.status}" if target.status else "no answer"))
        elif is_home(site, target.url) and not is_home(site, src):
            wrong.append((src, dst, "opens the other language's home page, not the same page"))
        elif tgt_lang and src_lang and (shown := text_language(target)) == src_lang != tgt_lang:
            wrong.append((src, dst, f"opens a {tgt_lang} address whose text is still in {shown}: the page has no "
                                    "translation (the CMS's fallback)"))
    sources = {s for s, _, kind, _ in site.edges if kind == "lang" and s in pages}
    wrong_share = len({w[0] for w in wrong}) / len(sources) if sources else 0.0
    for src, dst, why in wrong[:8]:
        items.append(evidence(src, selector=f"a[href$='{urlsplit(dst).path}']", snippet=f"language switch -> {dst}: "
                              f"{why}", measured={"requirement": 2, "target": dst}))
    # (3) external links: new window + notice
    external, bad_external = 0, []
    for page in pages.values():
        if page.doc is None:
            continue
        for a, url in links(page.doc, page.url):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or parts.netloc == host:
                continue
            external += 1
            new_window = (a.get("target") or "").lower() in ("_blank", "_new")
            notice = has_notice(a)
            if not new_window or (cfg.external_notice_required and not notice):
                bad_external.append((page.url, url, describe(a), new_window, notice))
    seen_targets: set[str] = set()
    for src, url, sel, new_window, notice in bad_external:
        if url in seen_targets or len(seen_targets) >= 8:
            continue
        seen_targets.add(url)
        items.append(evidence(src, selector=sel, snippet=f"external link {url}: "
                              f"{'opens in the same window' if not new_window else 'no new-window notice'}",
                              measured={"requirement": 3, "target": url, "new_window": new_window,
                                        "notice": notice}))
    facts = {"dead_links": not dead, "language_switch": wrong_share <= cfg.lang_switch_max_fail_share + 1e-9,
             "external_new_window": not bad_external}
    note = (f"{len(dead)} dead link targets; language switch wrong on {len({w[0] for w in wrong})} of "
            f"{len(sources)} pages ({checked} switch links checked); {len(bad_external)} of {external} external "
            "links without a new window" + (" and notice" if cfg.external_notice_required else ""))
    items.insert(0, evidence(site.home, snippet=note, measured={"dead_targets": len(dead), "lang_pages": len(sources),
                                                                "lang_wrong": len(wrong), "external": external,
                                                                "external_bad": len(bad_external)}))
    counts = {"dead_links": len(dead), "language_switch": len({w[0] for w in wrong}),
              "external_new_window": len({b[1] for b in bad_external})}
    return score_facts(site=site, indicator="a4.2.10", max_points=0.6, unit=0.2, facts=facts, evidence_items=items,
                       counts=counts, facts_per=cfg.facts_per,
                       note=note, reading="2.10: each unmet requirement is one fact of -0.2: (1) any link to a page "
                       "answering ≥ 400 or not answering (401/403 belong to 2.7), (2) the language switch opens the "
                       "same page (a kk/ru page whose English entry opens the English home is not counted: the "
                       "English version may be partial, a4.4.5) (wrong on at most "
                       f"{cfg.lang_switch_max_fail_share:.0%} of pages), (3) every "
                       "external link has target=_blank" + (" and a notice (title, aria-label, text or icon)"
                                                            if cfg.external_notice_required else ""))
