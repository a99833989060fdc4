"""Pure parts of the crawler's defences: Retry-After parsing, binary sniffing, over-deep pages, chain notes."""

from __future__ import annotations

from email.utils import formatdate

from crawler.health import health_notes
from crawler.links import parse_html_checked, stream_links
from crawler.middlewares import MAX_RETRY_AFTER_S, retry_after_seconds
from crawler.sniff import binary_kind
from crawler.store import Page


def test_retry_after_forms():
    assert retry_after_seconds(b"5") == 5
    assert retry_after_seconds(b"100000") == MAX_RETRY_AFTER_S
    assert retry_after_seconds(b"nan") == 0 and retry_after_seconds(b"-3") == 0
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None
    now = 1_800_000_000.0
    assert abs(retry_after_seconds(formatdate(now + 12, usegmt=True), now=now) - 12) < 1


def test_binary_bodies_are_told_from_text():
    assert binary_kind(b"\x89PNG\r\n\x1a\nrest") == "PNG"
    assert binary_kind(b"%PDF-1.7 ...") == "PDF"
    assert binary_kind(bytes(range(256)) * 4) == "binary data"
    assert binary_kind("<html><body>Қазақстан Республикасы</body></html>".encode()) is None
    assert binary_kind("<html>Министерство</html>".encode("cp1251")) is None
    assert binary_kind("\ufeff<html>x</html>".encode("utf-16")) is None


def test_over_deep_page_is_flagged_and_its_links_still_found():
    html = "<html><body><a href='/top'>t</a>" + "<div>" * 5000 + "<a href='/deep'>d</a>" + "</div>" * 5000
    doc, too_deep = parse_html_checked(html)
    assert too_deep and doc is not None
    assert {link.url for link in stream_links(html, "http://x/")} == {"http://x/top", "http://x/deep"}
    assert parse_html_checked("<html><body><div><a href='/a'>a</a></div></body></html>")[1] is False


def _hop(url: str, to: str, cut: int | None = None) -> Page:
    info = {"redirect_to": to} | ({"redirect_cut": cut} if cut else {})
    return Page("b", "http://x/", url, to, 302, None, None, None, None, None, None, None, info)


def test_a_redirect_chain_is_named_once():
    hops = [_hop(f"http://x/r/{i}", f"http://x/r/{i + 1}", cut=10 if i == 11 else None) for i in range(1, 12)]
    notes = [n for n in health_notes(hops) if "redirect" in n[1]]
    assert len(notes) == 1 and "longer than 10 hops" in notes[0][1] and notes[0][2] == "http://x/r/1"
    loop = [_hop("http://x/a", "http://x/b"), _hop("http://x/b", "http://x/a")]
    assert len([n for n in health_notes(loop) if "loop" in n[1]]) == 1
