"""Text helpers for Kazakh and Russian pages: normalisation, dictionary phrases, the language a URL names.

Read by the mobile gatherer (crawler/browser/mobile.py: which links name an Appendix 6 item) and by the content
audits (audits/content/)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from crawler.language import lang_code

_WS = re.compile(r"\s+")
_W = r"[\w-]"
_GAP = r"(?:[^\w\x00-]+[\w-]+){0,3}?[^\w\x00-]+"  # up to 3 other words between two phrase words (never
# across the \x00 that separates blocks in a corpus)
_LITERALS: dict[re.Pattern[str], str] = {}
_SCANS: dict[re.Pattern[str], tuple[re.Pattern[str], bool]] = {}


def norm(text: str | None) -> str:
    """Case-folded, ё→е, one space between words: the form every phrase is matched against."""
    if not text:
        return ""
    return _WS.sub(" ", text.replace("\xa0", " ").casefold().replace("ё", "е")).strip()


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """Dictionary phrase -> regex: words in order, `*` = any ending, up to 3 other words between them."""
    words = [w for w in norm(phrase).split(" ") if w != "*"] or ["*"]  # a bare * = "other words", as the gap
    parts = []
    for w in words:
        if w.endswith("*"):
            parts.append(re.escape(w[:-1]) + _W + "*")
        else:
            parts.append(re.escape(w) + (r"(?![\w-])" if w[-1:].isalnum() else ""))
    lead = r"(?<![\w-])" if words[0][:1].isalnum() else ""
    pattern = re.compile(lead + _GAP.join(parts))
    _LITERALS[pattern] = max((w.rstrip("*") for w in words), key=len)  # cheap substring test before the regex
    _SCANS[pattern] = (re.compile(_GAP.join(parts)), bool(lead))
    return pattern


def scan(pattern: re.Pattern[str], corpus: str) -> list[int]:
    """Start offsets of a compiled phrase in a large text, fast: the scan pattern begins with a literal (which the
    regex engine searches for quickly) and the word-boundary check is done here."""
    scanner, boundary = _SCANS.get(pattern, (pattern, False))
    out = []
    for m in scanner.finditer(corpus):
        start = m.start()
        if boundary and start and (corpus[start - 1].isalnum() or corpus[start - 1] in "_-"):
            continue
        out.append(start)
    return out


def first_match(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    for p in patterns:
        lit = _LITERALS.get(p, "")
        if lit and lit not in text:
            continue
        m = p.search(text)
        if m:
            return m
    return None


def snippet_around(text: str, m: re.Match[str] | None, width: int = 240) -> str:
    if m is None:
        return text[:width]
    start = max(0, m.start() - width // 3)
    out = text[start:start + width]
    return ("…" if start else "") + out + ("…" if start + width < len(text) else "")


# --- language (codes and text detection live in crawler.language) -------------------------------------------------
URL_LANG_SEGMENTS = frozenset({"kk", "kz", "kaz", "qaz", "ru", "rus", "en", "eng"})


def url_lang(url: str) -> str | None:
    """Language named by the URL: ?lang=kk, /kk/…, /kz/…, /ru/…"""
    parts = urlsplit(url)
    q = parse_qs(parts.query)
    for key in ("lang", "language", "locale", "hl"):
        if key in q:
            code = lang_code(q[key][0])
            if code:
                return code
    for seg in parts.path.lower().split("/")[:3]:
        code = lang_code(seg) if seg in URL_LANG_SEGMENTS else None
        if code:
            return code
    return None
