"""Is this page the service's card, is this link the service? Pure word-overlap tests, kk and ru alike.

Official names are long and portals shorten or reword them, so a name is compared word by word: the share of its
significant words (4+ letters, compared on their first 5 letters, which absorbs most kk/ru case endings) that a
text contains. `CARD_MATCH` is the share above which a card title is taken for the service (a documented
reading in docs/services.md).
"""

from __future__ import annotations

from services.checklist import normalise

CARD_MATCH = 0.5
STEM = 5


def stems(text: str) -> set[str]:
    return {w[:STEM] for w in normalise(text).split() if len(w) >= 4 or w.isdigit()}


def similarity(name: str, text: str) -> float:
    """Share of `name`'s significant words found in `text` (0 when the name has none)."""
    wanted = stems(name)
    if not wanted:
        return 0.0
    return len(wanted & stems(text)) / len(wanted)


def keyword_hits(keywords: list[str], text: str) -> int:
    have = stems(text)
    return sum(1 for k in keywords if stems(k) and stems(k) <= have)


def card_score(names: list[str], register_code: str | None, card_url: str | None, url: str, h1: str,
               title: str, text: str) -> float:
    """How surely the page is the service's card: 1.0 for its catalogue URL or register code, else the best
    name similarity of its heading (or title)."""
    if card_url and url.split("#")[0].rstrip("/") == card_url.split("#")[0].rstrip("/"):
        return 1.0
    if register_code and len(register_code) >= 6 and f" {register_code} " in f" {normalise(text)} ":
        return 1.0
    return max((similarity(n, h1 or title) for n in names if n), default=0.0)
