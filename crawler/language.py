"""Which language a text is really in (Kazakh, Russian, English), and a page's language counterparts.

Kazakh and Russian share the Cyrillic alphabet; Kazakh adds ә ғ қ ң ө ұ ү һ і. Counting words rather than
letters: in Kazakh text a large share of words carries one of those letters, while Russian text on Kazakh state
sites has only the odd Kazakh proper name (Мәңгілік Ел, Әлия). A Cyrillic text is Kazakh when at least
KK_WORD_SHARE of its Cyrillic words contain a Kazakh letter, else Russian; mostly Latin is English.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree

KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KK_WORD_SHARE = 0.15
MIN_LETTERS = 20
_WORD = re.compile(r"[\w-]+")
_LANG_CODES = {"kk": "kk", "kz": "kk", "kaz": "kk", "qaz": "kk", "қаз": "kk", "каз": "kk",
               "қазақша": "kk", "казахский": "kk",
               "ru": "ru", "rus": "ru", "рус": "ru", "русский": "ru", "орысша": "ru",
               "en": "en", "eng": "en", "english": "en", "ағылшынша": "en", "английский": "en"}


def detect_language(text: str) -> str | None:
    """'kk', 'ru', 'en' or None when there is too little text to tell."""
    cyr = lat = cyr_words = kk_words = 0
    for word in _WORD.findall(text):
        letters = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
        if letters:
            cyr += letters
            cyr_words += 1
            kk_words += any(ch in KK_LETTERS for ch in word)
        else:
            lat += sum(1 for ch in word if ch.isascii() and ch.isalpha())
    if cyr + lat < MIN_LETTERS:
        return None
    if cyr >= lat:
        return "kk" if kk_words / cyr_words >= KK_WORD_SHARE else "ru"
    return "en"


def visible_text(doc: etree._Element) -> str:
    """The page's readable text, without scripts, styles and the navigation furniture."""
    body = doc.find(".//body")
    root = body if body is not None else doc
    parts: list[str] = []
    for el in root.iter():
        if el.tag in ("script", "style", "noscript", "template") or not isinstance(el.tag, str):
            continue
        if el.text and el.getparent() is not None:
            parts.append(el.text)
        if el.tail:
            parts.append(el.tail)
    return " ".join(" ".join(parts).split())


def main_text(doc: etree._Element) -> str:
    """Text of the main content area when the page marks one (main, article, #content), else all visible text."""
    for xpath in (".//main", ".//article", ".//*[@id='content']", ".//*[contains(@class,'content')]"):
        found = next(iter(doc.xpath(xpath)), None)
        if found is not None:
            text = visible_text(found)
            if len(text) >= MIN_LETTERS:
                return text
    return visible_text(doc)


def lang_code(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower().rstrip(".").replace("_", "-")
    return _LANG_CODES.get(value) or _LANG_CODES.get(value.split("-")[0])


_PATH_LANG = re.compile(r"^/(kk|kz|ru|en)(/|$)", re.I)


def url_language(url: str) -> str | None:
    """Language named by the URL itself: a /kk/ /ru/ /en/ path prefix or a lang= query parameter."""
    parts = urlsplit(url)
    match = _PATH_LANG.match(parts.path)
    if match:
        return lang_code(match.group(1))
    query = parse_qs(parts.query)
    for key in ("lang", "language", "locale", "lng"):
        if key in query:
            return lang_code(query[key][0])
    return None


def counterparts(doc: etree._Element, page_url: str, links: list) -> dict[str, str]:
    """{lang: url} of this page in other languages, from hreflang alternates and language-switch links."""
    out: dict[str, str] = {}
    for link in doc.iter("link"):
        if (link.get("rel") or "").lower() == "alternate" and link.get("hreflang") and link.get("href"):
            code = lang_code(link.get("hreflang"))
            if code:
                out.setdefault(code, urljoin(page_url, link.get("href")))
    for link in links:
        if link.kind != "lang":
            continue
        code = lang_code(link.text) or url_language(link.url)
        if code:
            out.setdefault(code, link.url)
    return out
