"""a4.2.11 the official marker in the site name; a4.2.12 direct access to the home page (no stub)."""

from __future__ import annotations

import re

from audits.page_features import find_search
from audits.site_checks.common import presence, visible_text
from core.artifacts import SiteArtifacts
from core.findings import Finding, evidence
from core.site_check_settings import SiteCheckSettings
from core.site_pages import language_homes, resolve, text_of

OFFICIAL = re.compile(r"официальн\w*\s+(интернет[-\s]?)?(ресурс|сайт|портал)|ресми\s+(интернет[-\s]?)?"
                      r"(ресурс|сайт|портал)\w*|official\s+(internet\s+resource|web\s*site|site|portal)", re.I)
STUB_TEXT = re.compile(r"тілді\s+таңдаңыз|выберите\s+язык|choose\s+(your\s+)?language|select\s+language|"
                       r"сайт\s+(находится\s+)?в\s+(стадии\s+)?разработке|under\s+construction|"
                       r"техникалық\s+жұмыстар|технические\s+работы|coming\s+soon", re.I)
NAME_HOOKS = re.compile(r"logo|site-?name|brand|site-?title|header-?title", re.I)


def site_name_texts(doc) -> list[str]:
    """Where a site states its name: <title>, og:site_name, the header and logo/brand blocks."""
    out = [text_of(doc.find(".//title"))]
    out += [m.get("content") or "" for m in doc.iter("meta") if m.get("property") == "og:site_name"]
    out += [text_of(el) for el in doc.iter("header")]
    for el in doc.iter():
        if isinstance(el.tag, str) and NAME_HOOKS.search(" ".join(filter(None, (el.get("class"), el.get("id"))))):
            out.append(text_of(el) + " " + (el.get("alt") or "") + " " + (el.get("title") or ""))
    for img in doc.iter("img"):
        if NAME_HOOKS.search((img.get("class") or "") + (img.get("src") or "")):
            out.append(img.get("alt") or "")
    return [t for t in out if t.strip()]


def audit_official_marker(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    homes = language_homes(site) or {"?": site.home}
    checked: dict[str, str | None] = {}
    for _lang, url in sorted(homes.items()):
        page = site.pages.get(url)
        hit = None
        if page is not None and page.doc is not None:
            hit = next((m.group(0) for t in site_name_texts(page.doc) for m in [OFFICIAL.search(t)] if m), None)
        checked[url] = hit
    found = all(checked.values()) if cfg.official_marker_scope == "all_homes" else any(checked.values())
    items = [evidence(url, selector="title, header, .logo", snippet=hit or "no 'official internet resource' wording",
                      measured={"marker": hit}) for url, hit in checked.items()]
    missing = [u for u, h in checked.items() if not h]
    return presence(site=site, indicator="a4.2.11", max_points=0.1, found=found, evidence_items=items,
                    reading=f"A-8 all-or-nothing; marker ('official internet resource' in kk/ru/en) in the title, "
                            f"header or logo of {'every' if cfg.official_marker_scope == 'all_homes' else 'any'} "
                            "language home page",
                    note="marker found" if found else f"no official marker on: {', '.join(missing)}")


def stub_reasons(site: SiteArtifacts, url: str) -> list[str]:
    page = resolve(site, url)
    if page is None or page.doc is None:
        return []
    doc = page.doc
    reasons = []
    for meta in doc.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            reasons.append(f"meta refresh: {meta.get('content')}")
    text = visible_text(doc.find(".//body") if doc.find(".//body") is not None else doc)
    scripts = " ".join(s.text or "" for s in doc.iter("script"))
    if re.search(r"(window\.|document\.)?location(\.href)?\s*=|location\.replace\(", scripts) and len(text) < 400:
        reasons.append("a script redirect from an almost empty page")
    m = STUB_TEXT.search(text)
    if m and len(text) < 1500:
        reasons.append(f"stub wording: {m.group(0)!r}")
    anchors = [a for a in doc.iter("a") if a.get("href")]
    if len(anchors) <= 6 and len(text) < 400 and find_search(doc) is None:
        reasons.append(f"almost empty page: {len(anchors)} links, {len(text)} characters, no search or menu")
    return reasons


def audit_no_stub(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    chain = [site.site]
    page = site.pages.get(site.site)
    while page is not None and page.is_redirect and page.info.get("redirect_to") and len(chain) < 10:
        chain.append(page.info["redirect_to"])
        page = site.pages.get(chain[-1])
    reasons = stub_reasons(site, site.home)
    items = [evidence(site.home, snippet="; ".join(reasons) or "the content home page opens directly",
                      measured={"redirect_chain": chain, "stub_reasons": reasons})]
    return presence(site=site, indicator="a4.2.12", max_points=0.1, found=not reasons, evidence_items=items,
                    reading="A-8 all-or-nothing; HTTP redirects to the home page are direct access; a splash, "
                            "language-choice, 'under construction' or refresh/script-redirect page is a stub",
                    note="direct access" if not reasons else f"stub page in front of the home page: {reasons[0]}")
