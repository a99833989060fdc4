"""Text helpers for gov.kz data: which language a title is in, and mojibake repair (DEF-05, DEF-08)."""

from __future__ import annotations

import re

# Letters that Kazakh has and Russian lacks: how S1 tells the kk copy of a document from the ru one.
KAZAKH_LETTERS = frozenset("әіңғүұқөһӘІҢҒҮҰҚӨҺ")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
_MOJIBAKE = re.compile(r"[ÐÑÓÒ][\u0080-\u00BF\u0152-\u2122]")


def text_lang(text: str | None) -> str | None:
    """kk if any Kazakh-only letter, ru if Cyrillic dominates, en if Latin dominates, else None."""
    if not text:
        return None
    if any(ch in KAZAKH_LETTERS for ch in text):
        return "kk"
    cyr, lat = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyr == 0 and lat == 0:
        return None
    return "ru" if cyr >= lat else "en"


def lang_share(texts: list[str], lang: str) -> float:
    """Share of the texts written in `lang` (1.0 for an empty list: nothing contradicts the language)."""
    judged = [text_lang(t) for t in texts if text_lang(t)]
    if not judged:
        return 1.0
    if lang == "ru":  # a Russian page may quote Kazakh names; only count outright other-script texts against it
        return sum(1 for j in judged if j != "en") / len(judged)
    return sum(1 for j in judged if j == lang) / len(judged)


def looks_mojibake(text: str) -> bool:
    return bool(text) and bool(_MOJIBAKE.search(text))


def repair_mojibake(text: str) -> str | None:
    """Undo UTF-8 read as Latin-1/cp1252 ("ÐÐ°Ñ…" -> "Па…"); None when the text cannot be repaired."""
    raw = bytearray()
    for ch in text:
        if ord(ch) < 256:
            raw.append(ord(ch))
        else:
            try:
                raw.extend(ch.encode("cp1252"))
            except UnicodeEncodeError:
                return None
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return fixed if fixed != text and _CYRILLIC.search(fixed) else None
