"""A sample's state from what the host answered: up, down, degraded (or unknown: not sampled), with a reason.

Pure functions (no I/O), in this order of precedence:
- no HTTP answer (refused, time-out, DNS, TLS handshake) -> down;
- HTTP 5xx -> down; 429 -> degraded (rate-limited: the host answers, we were asked to slow down); other 4xx -> down
  (the sampled page of the site does not work);
- a 2xx/3xx answer whose body (GET) is empty -> down ("empty response body");
- a known error text (monitoring/error_strings.yaml + monitor.error_strings) in the page's <title>, or in its
  visible text when that is at most `error_page_max_chars` long -> down ("error page: …");
- slower than `slow_s` -> degraded;
- else up.
A redirect that leaves the host's scope is not followed (the gate refuses it): the host answered, so it is up,
and the reason says where it pointed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from monitoring.probe import Exchange

UP, DOWN, DEGRADED, UNKNOWN = "up", "down", "degraded", "unknown"
STATES = (UP, DEGRADED, DOWN, UNKNOWN)
_TAGS_DROPPED = ("script", "style", "noscript", "template", "svg")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def known_error_strings() -> tuple[str, ...]:
    entries = yaml.safe_load(Path(__file__).with_name("error_strings.yaml").read_text(encoding="utf-8"))
    return tuple(str(e["text"]) for e in entries)


def page_text(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(title, visible text) of an HTML page, whitespace collapsed; other types: ("", the text)."""
    text = body.decode(_charset(content_type), errors="replace")
    if content_type and "html" not in content_type.lower() and "<html" not in text[:2000].lower():
        return "", _SPACE.sub(" ", text).strip()
    try:
        import lxml.html

        doc = lxml.html.document_fromstring(text)
        for el in doc.iter(*_TAGS_DROPPED):
            el.drop_tree()
        titles = doc.xpath("//title")
        title = _SPACE.sub(" ", titles[0].text_content()).strip() if titles else ""
        for t in titles:
            t.drop_tree()
        return title, _SPACE.sub(" ", doc.text_content()).strip()
    except Exception:  # noqa: BLE001 - hostile markup lxml cannot take: fall back to stripping tags
        stripped = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>|<[^>]+>", " ", text)
        return "", _SPACE.sub(" ", stripped).strip()


def _charset(content_type: str | None) -> str:
    match = re.search(r"charset=([\w.-]+)", content_type or "", re.I)
    if match:
        try:
            "".encode(match.group(1))
            return match.group(1)
        except LookupError:
            pass
    return "utf-8"


def error_string(title: str, text: str, strings: tuple[str, ...] | list[str], max_chars: int) -> str | None:
    """The first known error text in the title, or in a short page's visible text."""
    folded_title, folded_text = title.casefold(), text.casefold()
    for s in strings:
        needle = s.casefold()
        if needle in folded_title or (len(text) <= max_chars and needle in folded_text):
            return s
    return None


def classify(ex: Exchange, *, refusal: str | None = None, refused_url: str | None = None, slow_s: float,
             strings: tuple[str, ...] | list[str], error_page_max_chars: int, body_read: bool) -> tuple[str, str]:
    """(state, reason) of one answer. `body_read`: the answer is a GET's (its body can be judged)."""
    if not ex.answered:
        return DOWN, ex.error or "no answer"
    status = ex.status or 0
    if status >= 500:
        return DOWN, f"HTTP {status}"
    if status == 429:
        return DEGRADED, "HTTP 429: rate-limited (the host answers, but asks for fewer requests)"
    if status >= 400:
        return DOWN, f"HTTP {status}"
    if refusal:
        return UP, f"HTTP {status}: redirect to {refused_url} not followed ({refusal})"
    if body_read and 200 <= status < 300:
        if not ex.body.strip():
            return DOWN, "empty response body"
        title, text = page_text(ex.body, ex.headers.get("content-type"))
        if found := error_string(title, text, strings, error_page_max_chars):
            return DOWN, f"error page: «{found}»"
    seconds = ex.total_ms / 1000
    if seconds > slow_s:
        return DEGRADED, f"slow: {seconds:.1f} s (over {slow_s:g} s)"
    return UP, f"HTTP {status}"
