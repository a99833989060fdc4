"""Pure helpers over the stored site artifacts, read by gatherers and audits alike: a page's language, the stored
page a link lands on, the home pages of the language versions, what counts as a home page, a page's main content
and an element's text."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from core.artifacts import PageArtifact, SiteArtifacts

LANG_ALIASES = {"kk": "kk", "kz": "kk", "kaz": "kk", "qq": "kk", "ru": "ru", "rus": "ru", "en": "en", "eng": "en"}


def norm_lang(value: str | None) -> str | None:
    if not value:
        return None
    return LANG_ALIASES.get(value.strip().lower().replace("_", "-").split("-")[0])


def page_lang(page: PageArtifact) -> str | None:
    """The page's language: the URL's language segment or ?lang= first (what the site routes by), then <html lang>."""
    parts = urlsplit(page.url)
    segs = [s for s in parts.path.split("/") if s]
    if segs and norm_lang(segs[0]) and len(segs[0]) <= 3:
        return norm_lang(segs[0])
    for key in ("lang", "language", "locale"):
        values = parse_qs(parts.query).get(key)
        if values and norm_lang(values[0]):
            return norm_lang(values[0])
    return norm_lang(page.lang)


def resolve(site: SiteArtifacts, url: str, hops: int = 10) -> PageArtifact | None:
    """The stored page a link lands on, following stored redirects."""
    page = site.pages.get(url)
    while page is not None and page.is_redirect and page.info.get("redirect_to") and hops > 0:
        page = site.pages.get(page.info["redirect_to"])
        hops -= 1
    return page


def language_homes(site: SiteArtifacts) -> dict[str, str]:
    """lang -> the home page of that language version (the landing page and the language roots that exist)."""
    homes: dict[str, str] = {}
    candidates = [site.home] + sorted(home_urls(site.site, site.home))
    candidates += [dst for src, dst, kind, _ in site.edges if src == site.home and kind == "lang"]
    for url in candidates:
        page = resolve(site, url)
        if page is None or not page.ok or not page.is_html:
            continue
        lang = page_lang(page)
        if lang and lang not in homes and _is_home_path(page.url):
            homes[lang] = page.url
    landing = resolve(site, site.home)
    if landing is not None and landing.ok and landing.is_html:
        lang = page_lang(landing)
        if lang and lang not in homes:
            homes[lang] = landing.url
    return homes


HOME_FILE = re.compile(r"^(index|default|home|main)\.(html?|php|aspx?|jsp)$", re.I)


LANGUAGE_PARAMS = frozenset({"lang", "language", "locale", "culture", "lng", "hl"})


def _is_home_path(url: str) -> bool:
    """The site root or a language root: "/", "/kk/", "/Default.aspx" or "/index.php?lang=ru" — a home file whose
    query names nothing but the language ("/Default.aspx?tabid=60" is a page the CMS routes through it)."""
    parts = urlsplit(url)
    path_segs = [s for s in parts.path.split("/") if s]
    segs = [s for s in path_segs if not HOME_FILE.match(s)]
    if len(segs) != len(path_segs) and set(parse_qs(parts.query, keep_blank_values=True)) - LANGUAGE_PARAMS:
        return False
    return len(segs) == 0 or (len(segs) == 1 and norm_lang(segs[0]) is not None and len(segs[0]) <= 3)


def is_home(site: SiteArtifacts, url: str) -> bool:
    return url in home_urls(site.site, site.home) or _is_home_path(url)


def text_of(el: etree._Element | None) -> str:
    return " ".join((el.text_content() if el is not None else "").split())


def main_element(doc: etree._Element) -> etree._Element:
    """The page's main content: <main>, role=main, #content/article, else <body>."""
    for xpath in (".//main", ".//*[@role='main']", ".//*[@id='content']", ".//article", ".//*[@id='main']"):
        el = doc.find(xpath) if not xpath.startswith(".//*[@") else next(iter(doc.xpath(xpath)), None)
        if el is not None:
            return el
    body = doc.find(".//body")
    return body if body is not None else doc




def home_urls(site: str, home: str) -> set[str]:
    """URLs that count as "the home page": the start URL, where it lands, the root and language roots."""
    base = urljoin(site, "/")
    candidates = {site, home, base}
    for lang in LANG_CODES:
        candidates |= {urljoin(base, f"/{lang}/"), urljoin(base, f"/{lang}"), urljoin(base, f"/?lang={lang}")}
    candidates |= language_variants(home) | language_variants(site)
    out = set()
    for url in candidates:
        url = url.split("#")[0]
        out |= {url, url.rstrip("/"), url.rstrip("/") + "/", url.rstrip("/") + "/index.html"}
    return out


LANG_CODES = ("ru", "kk", "kz", "en")


def language_variants(url: str) -> set[str]:
    """The same URL in the other languages where it names its language (/Default.aspx?lang=kk → ?lang=ru, ?lang=en;
    /kk/index.php → /ru/index.php): the other language versions' home pages when `url` is a home page."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    segments = parts.path.split("/")
    out = set()
    for code in LANG_CODES:
        if any(v.lower() in LANG_CODES for _k, v in query):
            new = [(k, code if v.lower() in LANG_CODES else v) for k, v in query]
            out.add(urlunsplit(parts._replace(query=urlencode(new))))
        if any(seg.lower() in LANG_CODES for seg in segments):
            path = "/".join(code if seg.lower() in LANG_CODES else seg for seg in segments)
            out.add(urlunsplit(parts._replace(path=path)))
    return out
