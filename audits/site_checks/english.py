"""a4.4.5 an English version (0.3) with the bonus tiers (A-11: alternatives by default, max +0.5)."""

from __future__ import annotations

import re

from audits.navigation import is_material
from audits.page_features import find_menu, home_urls
from audits.site_checks.common import language_homes, page_lang, text_of
from audits.site_checks.settings import SiteCheckSettings
from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import Finding, evidence, finding

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")


def interface_is_english(page: PageArtifact) -> bool:
    """The page's furniture (menu, header, footer) is in English: few Cyrillic letters among its letters."""
    doc = page.doc
    if doc is None:
        return False
    parts = [text_of(el) for el in doc.iter("nav", "header", "footer")]
    if not any(parts):
        menu = find_menu(doc)
        parts = [text_of(doc.find(".//body"))] if menu is None else [menu]
    text = " ".join(parts)
    cyr, lat = len(CYRILLIC.findall(text)), len(LATIN.findall(text))
    return lat > 0 and cyr / (cyr + lat) < 0.2


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
