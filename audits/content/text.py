"""Text helpers for Kazakh and Russian pages: normalisation, dictionary phrases, language and dates."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

from crawler.dates import dates_in_text
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


# --- dates ---------------------------------------------------------------------------------------------------------
_RU_MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "август": 8,
              "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}
_KK_MONTHS = {"қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7, "тамыз": 8,
              "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12}
_MONTHS = {**_RU_MONTHS, **_KK_MONTHS}
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](20\d\d)(?!\d)|(?<!\d)(20\d\d)-(\d{2})-(\d{2})(?!\d)")
_WORDY = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_MONTH_RE})\w*\s+(20\d\d)(?!\d)"
                    rf"|(?<!\d)(20\d\d)\s*(?:ж\.|жыл\w*)?\s*(\d{{1,2}})\s+({_MONTH_RE})\w*")  # on lower-cased text
_YEAR = re.compile(r"(?<![\d.,-])(20\d\d)(?![\d.,]\d)")


def find_dates(text: str) -> list[date]:
    """Every date written in the text (ru/kk formats), in order of appearance (crawler.dates does the parsing)."""
    return [date.fromisoformat(iso) for iso in dates_in_text(text)]


def find_years(text: str, upto: int) -> list[int]:
    return [int(y) for y in _YEAR.findall(text) if 2000 <= int(y) <= upto]


def strip_dates(text: str) -> str:
    return _WORDY.sub(" ", _NUMERIC.sub(" ", text.lower()))


_NUMBER = re.compile(r"\d+(?:[ \u00a0.,]\d{3})*(?:[.,]\d+)?")


def numbers(text: str) -> set[str]:
    """Figures in a text (dates removed, digit groups joined) — for comparing the kk and ru versions."""
    found = set()
    for m in _NUMBER.finditer(strip_dates(text)):
        token = re.sub(r"[ \u00a0]", "", m.group(0)).replace(",", ".")
        if len(token) >= 2:
            found.add(token)
    return found
