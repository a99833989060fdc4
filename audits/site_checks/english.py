"""a4.4.5 an English version (0.3) with the bonus tiers (A-11: alternatives by default, max +0.5)."""

from __future__ import annotations

import re

from lxml import etree

from audits.navigation import is_material
from audits.page_features import find_menu
from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import Finding, evidence, finding
from core.site_check_settings import SiteCheckSettings
from core.site_pages import home_urls, language_homes, main_element, page_lang, text_of
from crawler.lang_switch import label_language

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")


LABEL_CHARS = 40  # a text this short, in a block this short, is a label ("Дата публикации:", "← Все новости")
LABEL_BLOCK_CHARS = 80
BLOCKS = frozenset({"p", "div", "li", "td", "th", "dd", "dt", "section", "article", "footer", "header", "span",
                    "figcaption", "label", "button", "a"})
MIN_CYRILLIC_LABEL_LETTERS = 6


def _mostly_cyrillic(text: str) -> bool:
    cyr, lat = len(CYRILLIC.findall(text)), len(LATIN.findall(text))
    return cyr > 0 and cyr / (cyr + lat) >= 0.2


def _content_labels(doc: etree._Element) -> str:
    """The interface words inside the content area: short texts in short blocks (date labels, "back to the
    list" links, buttons), not the material's own text and not the language switch's names of languages."""
    main = main_element(doc)
    out = []
    for el in main.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript"):
            continue
        for piece in (el.text, *(child.tail for child in el)):
            text = " ".join((piece or "").split())
            if not text or len(text) > LABEL_CHARS or label_language(text):
                continue
            block = el
            while block.tag not in BLOCKS and block.getparent() is not None and block is not main:
                block = block.getparent()
            if len(" ".join(block.text_content().split())) <= LABEL_BLOCK_CHARS:
                out.append(text)
    return " ".join(out)


def interface_is_english(page: PageArtifact) -> bool:
    """The page's furniture (menu, header, footer) is in English: few Cyrillic letters among its letters; and so
    are the interface labels inside its content (a CMS that leaves "Дата публикации" on an English news item has
    not translated its interface)."""
    doc = page.doc
    if doc is None:
        return False
    parts = [text_of(el) for el in doc.iter("nav", "header", "footer")]
    if not any(parts):
        menu = find_menu(doc)
        parts = [text_of(doc.find(".//body"))] if menu is None else [menu]
    text = " ".join(parts)
    cyr, lat = len(CYRILLIC.findall(text)), len(LATIN.findall(text))
    if not (lat > 0 and cyr / (cyr + lat) < 0.2):
        return False
    labels = _content_labels(doc)
    return len(CYRILLIC.findall(labels)) < MIN_CYRILLIC_LABEL_LETTERS or not _mostly_cyrillic(labels)


def audit_english(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    reading = (f"A-11: 0.3 for an English version; bonus tiers as {cfg.english_bonus_mode} (+0.5 when ≥ "
               f"{cfg.english_full_share:.0%} of the kk/ru material pages have English pages, +0.25 when the "
               "interface is English on all English pages including news items, 0 for the home page only)")
    homes = home_urls(site.site, site.home)
    pages = site.html_pages()
    by_lang: dict[str, list[PageArtifact]] = {}
    for p in pages:
        by_lang.setdefault(page_lang(p) or "?", []).append(p)
    en_pages = by_lang.get("en", [])
    en_home = language_homes(site).get("en")
    if not en_pages:
        return finding(body=site.body, site=site.site, lang=None, indicator="a4.4.5", verdict="fail", points=0.0,
                       max_points=0.3, reading=reading, bonus=0.0, note="no English version found",
                       evidence_items=[evidence(site.home, snippet="no English pages reachable from the site")])
    materials = {lang: [p for p in ps if is_material(p, site, homes)] for lang, ps in by_lang.items()}
    en_materials = len(materials.get("en", []))
    base = max(len(materials.get("ru", [])), len(materials.get("kk", [])))
    share = en_materials / base if base else 0.0
    en_inner = [p for p in en_pages if p.url not in homes and p.url != en_home]
    interface_all = bool(en_inner) and all(interface_is_english(p) for p in en_pages)
    tiers = {"full_translation": 0.5 if base and share >= cfg.english_full_share - 1e-9 else 0.0,
             "interface_all_pages": 0.25 if interface_all else 0.0}
    bonus = max(tiers.values()) if cfg.english_bonus_mode == "alternatives" else sum(tiers.values())
    measured = {"en_pages": len(en_pages), "en_materials": en_materials, "kk_ru_materials": base,
                "share_translated": round(share, 3), "interface_all_pages": interface_all, "tiers": tiers}
    return finding(body=site.body, site=site.site, lang=None, indicator="a4.4.5", verdict="pass",
                   points=0.3 + bonus, max_points=0.3, reading=reading, bonus=bonus, measured=measured,
                   evidence_items=[evidence(en_home or en_pages[0].url, snippet=f"{len(en_pages)} English pages; "
                                            f"{en_materials}/{base} materials translated", measured=measured)],
                   note=f"English version present; bonus +{bonus:g}")
