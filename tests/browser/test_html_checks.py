"""The HTML-level accessibility checks (crawler/html_checks.py) on handmade pages, their gatherer over a
run store, and their merge with the browser's verdicts on real Chromium.

Ground truth: EXPECTED says, for each page in tests/browser/html_pages, which barriers it was built with (a failing
page) or that it has none (its passing twin), counted by hand from the markup.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from audits.accessibility import audit_accessibility
from audits.accessibility.html_verdicts import html_judgement
from core.targets import Body
from crawler.a11y_html import KIND, gather
from crawler.html_checks import CHECKS, MAX_PER_CHECK, check_html, useless_alt
from crawler.langtags import lang_problem
from crawler.store import RunStore

PAGES_DIR = Path(__file__).with_name("html_pages")

# page -> (barriers it was built with: check -> count, elements examined: kind -> count)
EXPECTED: dict[str, tuple[dict[str, int], dict[str, int]]] = {
    # no alt: <img>, <input type=image>, <area href>, <div role=img>; the map image itself has an alt
    "img-alt-missing-fail.html": ({"html.img-alt-missing": 4}, {"images": 5}),
    # alt, aria-label, decorative alt="", role=presentation, aria-labelledby, <svg role=img><title>; hidden img
    # not examined
    "img-alt-missing-pass.html": ({}, {"images": 9}),
    # file names (2 + camera name + basename), placeholder words in en/ru/kk (7), alt of spaces, title="image"
    "img-alt-useless-fail.html": ({"html.img-alt-useless": 12}, {"images": 12}),
    "img-alt-useless-pass.html": ({}, {"images": 8}),
    # alt="" on a figure's image: no caption, a blank caption, a role=figure block
    "img-alt-empty-figure-fail.html": ({"html.img-alt-empty-figure": 3}, {"images": 3}),
    # alt text, a real caption, inside a link, decorative outside figures (2), role=presentation
    "img-alt-empty-figure-pass.html": ({}, {"images": 6}),
    # for/id mismatch, placeholder only, empty <label for>, bare select, bare textarea, empty wrapping label;
    # hidden and submit inputs are not examined
    "control-label-missing-fail.html": ({"html.control-label-missing": 6}, {"controls": 6}),
    "control-label-missing-pass.html": ({}, {"controls": 6}),
    # div/span/li/img onclick or role, <a onclick> without href, role=link with tabindex=-1
    "clickable-not-focusable-fail.html": ({"html.clickable-not-focusable": 6}, {"clickables": 6}),
    # role+tabindex (2), a card wrapping a link, a span inside a link; body/label onclick and native controls are
    # not examined
    "clickable-not-focusable-pass.html": ({}, {"clickables": 4}),
    "lang-missing-fail.html": ({"html.lang-missing": 1}, {"lang": 1}),
    "lang-missing-pass.html": ({}, {"lang": 1}),
    "lang-invalid-fail.html": ({"html.lang-invalid": 1}, {"lang": 1}),
    "lang-invalid-pass.html": ({}, {"lang": 1}),
    # empty, &nbsp; only, decorative image only, empty role=heading, aria-hidden content only (+ a real h1)
    "heading-empty-fail.html": ({"html.heading-empty": 5}, {"headings": 6}),
    "heading-empty-pass.html": ({}, {"headings": 5}),
    # empty, icon font, decorative image, aria-hidden arrow, spaces with an empty title; <a name> is no link
    "link-empty-fail.html": ({"html.link-empty": 5}, {"links": 5}),
    # text, aria-label, image alt, title, visually hidden text, aria-labelledby, an inline <svg> with <title>
    "link-empty-pass.html": ({}, {"links": 7}),
    "button-empty-fail.html": ({"html.button-empty": 5}, {"buttons": 5}),
    # submit/reset without value get the browser's default label
    "button-empty-pass.html": ({}, {"buttons": 7}),
    # no title, empty, spaces; a 0x0 frame is not examined
    "frame-title-missing-fail.html": ({"html.frame-title-missing": 3}, {"frames": 3}),
    "frame-title-missing-pass.html": ({}, {"frames": 2}),
    "marquee-fail.html": ({"html.marquee": 2}, {"marquee": 2}),
    "marquee-pass.html": ({}, {"marquee": 0}),
    "blink-fail.html": ({"html.blink": 1}, {}),
    "blink-pass.html": ({}, {}),
    # <audio autoplay>, <video autoplay> without muted/controls
    "autoplay-sound-fail.html": ({"html.autoplay-sound": 2}, {"autoplay_sound": 2}),
    # controls; a mute button in the player; muted audio and non-autoplay audio are not examined
    "autoplay-sound-pass.html": ({}, {"autoplay_sound": 2}),
    "autoplay-video-motion-fail.html": ({"html.autoplay-video-motion": 2}, {"autoplay_video": 2}),
    "autoplay-video-motion-pass.html": ({}, {"autoplay_video": 2}),
    # the alt is set by a script: the stored HTML has none
    "script-alt.html": ({"html.img-alt-missing": 1}, {"images": 1}),
}


def _check(name: str) -> dict:
    result = check_html((PAGES_DIR / name).read_text(encoding="utf-8"), f"https://example.gov.kz/{name}")
    assert result is not None
    return result


def test_every_check_has_a_failing_page_and_a_passing_twin() -> None:
    assert sorted(p.name for p in PAGES_DIR.glob("*.html")) == sorted(EXPECTED)
    built = {c for barriers, _ in EXPECTED.values() for c in barriers}
    assert built == set(CHECKS)
    for check in CHECKS:
        stem = check.removeprefix("html.")
        assert EXPECTED[f"{stem}-fail.html"][0] and not EXPECTED[f"{stem}-pass.html"][0], check


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_barriers_match_how_it_was_built(name: str) -> None:
    barriers, examined = EXPECTED[name]
    result = _check(name)
    assert result["counts"] == barriers
    assert len(result["barriers"]) == sum(barriers.values())
    for kind, n in examined.items():
        assert result["examined"][kind] == n, kind
    for b in result["barriers"]:
        spec = CHECKS[b["check"]]
        assert (b["source"], b["indicator"], tuple(b["criteria"])) == ("html", spec.indicator, spec.criteria)
        assert b["url"] == f"https://example.gov.kz/{name}" and b["selector"] and b["message"]


def test_selectors_snippets_and_reasons_name_the_element() -> None:
    by_selector = {b["selector"]: b for b in _check("control-label-missing-fail.html")["barriers"]}
    assert "for/id mismatch" in by_selector["#fullname"]["message"]
    assert by_selector["#fullname"]["snippet"] == '<input id="fullname" name="fio">'
    assert "its <label> is empty" in by_selector["#phone"]["message"]
    placeholder = by_selector["body > form > input:nth-of-type(3)"]
    assert "only a placeholder" in placeholder["message"]
    lang = _check("lang-invalid-fail.html")["barriers"][0]
    assert (lang["selector"], lang["extra"]["lang"]) == ("html", "kz")
    assert "'kz' is not an ISO 639-1 language code" in lang["message"]
    useless = {b["extra"]["alt"]: b["message"] for b in _check("img-alt-useless-fail.html")["barriers"]
               if "alt" in b["extra"]}
    assert useless["IMG_0123.jpg"].endswith("is a file name")
    assert useless["zdanie_akimata_2"].endswith("is the image's file name")
    assert useless["сурет"].endswith("a placeholder word, not a description")


def test_applicable_counts_feed_the_indicators() -> None:
    assert _check("img-alt-missing-pass.html")["applicable"] == {"a4.3.1": 9, "a4.3.2": 0, "a4.3.3": 0,
                                                                   "a4.3.4": 0}
    assert _check("marquee-fail.html")["applicable"]["a4.3.3"] == 2
    assert _check("clickable-not-focusable-pass.html")["applicable"]["a4.3.4"] == 4


@pytest.mark.parametrize(("value", "problem"), [
    ("kk", None), ("ru-RU", None), ("en", None), ("kaz", None), ("zh-Hant-TW", None), ("x-klingon", None),
    ("kz", "ISO 639-1"), ("en_US", "BCP 47"), ("russian", "BCP 47"), ("  ", "empty"), ("ru-", "BCP 47"),
])
def test_lang_values(value: str, problem: str | None) -> None:
    got = lang_problem(value)
    assert got is None if problem is None else (got is not None and problem in got)


@pytest.mark.parametrize(("alt", "src", "useless"), [
    ("IMG_0123.jpg", None, True), ("photo.png", None, True), ("картинка", None, True), ("Фото 3", None, True),
    ("banner_top", "/b/banner_top.gif", True), ("—", None, True),
    ("Фото министра", None, False), ("Logo of the Ministry", None, False), ("Бәйтерек", "/i/baiterek.jpg", False),
])
def test_useless_alt(alt: str, src: str | None, useless: bool) -> None:
    assert (useless_alt(alt, src) is not None) is useless


def test_hostile_pages_are_bounded() -> None:
    many = "<html lang=ru><body>" + "<img src=/x.png>" * 300 + "</body></html>"
    result = check_html(many, "https://example.gov.kz/many")
    assert result is not None
    assert result["counts"]["html.img-alt-missing"] == 300 and len(result["barriers"]) == MAX_PER_CHECK
    deep = "<html lang=ru><body>" + "<div>" * 5000 + '<img src="a.png">' + "</div>" * 5000 + "</body></html>"
    result = check_html(deep, "https://example.gov.kz/deep")
    assert result is not None and all(b["selector"] is None or len(b["selector"]) <= 1000
                                      for b in result["barriers"])
    odd = ('<html lang=ru><body><img src="x" alt="' + "\"><script>alert(1)</script>" * 200 + '">'
           '<div onclick="x" data-a="' + "y" * 100_000 + '">go</div></body></html>')
    result = check_html(odd, "https://example.gov.kz/odd")
    assert result is not None
    assert all(len(b["snippet"] or "") <= 300 and "<script>" not in (b["snippet"] or "") for b in result["barriers"])
    assert check_html("", "https://example.gov.kz/empty") is None


def test_browser_media_step_supersedes_the_html_autoplay_check() -> None:
    art = _check("autoplay-sound-fail.html")
    assert html_judgement("a4.3.2", art, None).status == "fail"  # HTML-checked only
    # the browser's media step ran on the page: it measured length, sound and controls, and decides
    assert html_judgement("a4.3.2", art, {"url": art["url"], "error": None, "motion": {"media": []}}) is None
    # the step did not run (or the page failed to load): the HTML check stands in
    assert html_judgement("a4.3.2", art, {"url": art["url"], "error": None, "motion": None}).status == "fail"
    assert html_judgement("a4.3.2", art, {"url": art["url"], "error": "timeout"}).status == "fail"
    # the image-alt family: a file name as alt is never left to axe, a missing alt is when axe ran
    useless, missing = _check("img-alt-useless-fail.html"), _check("img-alt-missing-fail.html")
    axe_ran = {"error": None, "alt_text": {"checked": 1, "applicable": True, "failures": []}}
    assert html_judgement("a4.3.1", useless, axe_ran).status == "fail"
    assert html_judgement("a4.3.1", missing, axe_ran).status == "pass"  # 5 images examined, none useless


# -- the gatherer over a run store, and the verdicts from HTML-checked pages only -----------------------------------

SITE = "https://example.gov.kz/"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RunStore]:
    s = RunStore(tmp_path / "run.sqlite")
    for name in EXPECTED:
        s.put_page(body="mf", site=SITE, url=SITE + name, status=200, content_type="text/html; charset=utf-8",
                   content=(PAGES_DIR / name).read_bytes(), info={"encoding": "utf-8"})
    # not checked: another site's page, a 404, a PDF served as text/html, a redirect without a body
    s.put_page(body="mf", site="https://other.gov.kz/", url="https://other.gov.kz/a.html", status=200,
               content_type="text/html", content=b"<html><img src=x></html>")
    s.put_page(body="mf", site=SITE, url=SITE + "gone", status=404, content_type="text/html",
               content=b"<html><img src=x></html>")
    s.put_page(body="mf", site=SITE, url=SITE + "file.pdf", status=200, content_type="text/html",
               content=b"%PDF-1.4 <img src=x>")
    s.put_page(body="mf", site=SITE, url=SITE + "old", status=301, content_type="text/html", content=None)
    yield s
    s.close()


def test_gatherer_stores_one_artifact_per_html_page(store: RunStore, tmp_path: Path) -> None:
    body = Body(key="mf", names={"ru": "Министерство"}, type="central", sites=[SITE], languages=["ru"])
    gather(store, body, SITE, run_dir=tmp_path, settings={})
    arts = store.artifacts("mf", KIND, SITE)
    assert sorted(arts) == sorted(SITE + n for n in EXPECTED)
    for name, (barriers, _) in EXPECTED.items():
        assert arts[SITE + name]["counts"] == barriers, name

    found = {f["indicator"]: f for f in audit_accessibility("mf", SITE, {}, html_artifacts=arts)}
    failing = {ind: {e["url"].removeprefix(SITE) for e in f["evidence"]} for ind, f in found.items()
               if f["verdict"] == "fail"}
    # by hand: the pages built with a scored barrier of each indicator
    assert failing == {"a4.3.1": {"img-alt-missing-fail.html", "img-alt-useless-fail.html", "script-alt.html",
                                  "img-alt-empty-figure-fail.html"},
                       "a4.3.2": {"autoplay-sound-fail.html"},
                       "a4.3.3": {"marquee-fail.html", "autoplay-video-motion-fail.html"},
                       "a4.3.4": {"clickable-not-focusable-fail.html"}}
    assert all(e["measured"].startswith("HTML check: ") for ind in failing for e in found[ind]["evidence"])
    assert found["a4.3.1"]["pages_failing"] == 4 and found["a4.3.1"]["pages_html_checked"] == len(EXPECTED)
    assert "0 checked in the browser, 31 by the HTML check" in found["a4.3.1"]["note"]
    for ind in ("a4.3.5", "a4.3.6", "a4.3.7", "a4.3.8"):  # no HTML check feeds them, no browser ran
        assert found[ind]["verdict"] == "not_assessed", ind

    proportional = {f["indicator"]: f for f in
                    audit_accessibility("mf", SITE, {}, html_artifacts=arts, proportional=True)}
    f = proportional["a4.3.1"]
    assert f["points"] == pytest.approx(0.2 * (f["pages_checked"] - 4) / f["pages_checked"], abs=1e-4)


# -- with the browser: the same pages judged by both ----------------------------------------------------------------

BROWSER_PAGES = ("img-alt-missing-fail.html", "img-alt-useless-fail.html", "script-alt.html",
                 "clickable-not-focusable-fail.html")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict, dict]]:
    from crawler.browser.a11y import check_pages

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(PAGES_DIR)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        # axe and the Tab walk: the steps these pages need
        browser = check_pages([base + n for n in BROWSER_PAGES], out_dir=tmp_path_factory.mktemp("a11y"),
                              timeout_s=8, workers=2, checks=("axe", "keyboard"))
        html = {base + n: check_html((PAGES_DIR / n).read_bytes(), base + n) for n in BROWSER_PAGES}
        yield base, browser, html
    finally:
        server.shutdown()


@pytest.mark.browser
@pytest.mark.integration
def test_browser_and_html_verdicts_merge(both: tuple[str, dict, dict]) -> None:
    base, browser, html = both
    assert all(art.get("error") is None for art in browser.values()), browser

    def verdicts(name: str) -> dict[str, dict]:
        url = base + name
        return {f["indicator"]: f for f in audit_accessibility("t", base, {url: browser[url]},
                                                               html_artifacts={url: html[url]})}

    # axe finds the four missing alternatives itself; the HTML check of the same elements is left to it: the
    # evidence lists each element once, from the browser, under the selector both give it.
    missing = verdicts("img-alt-missing-fail.html")["a4.3.1"]
    assert missing["verdict"] == "fail"
    assert [e["measured"].split(":")[0] for e in missing["evidence"]] == ["browser"] * 4
    html_selectors = {b["selector"] for b in html[base + "img-alt-missing-fail.html"]["barriers"]}
    assert {e["selector"] for e in missing["evidence"]} == html_selectors
    # the alt a script sets is there in the rendered page: axe passes the image, and so does the verdict
    assert verdicts("script-alt.html")["a4.3.1"]["verdict"] == "pass"
    # file names and "image" as alt pass axe's image-alt; the HTML check fails the page
    # (axe's image-alt fails alt=" " too: that element is listed once, as the browser's)
    useless = verdicts("img-alt-useless-fail.html")["a4.3.1"]
    assert useless["verdict"] == "fail"
    sources = [(e["selector"], e["measured"].split(":")[0]) for e in useless["evidence"]]
    assert ("body > img:nth-of-type(11)", "browser") in sources
    assert ("body > img:nth-of-type(11)", "HTML check") not in sources
    assert sum(src == "HTML check" for _, src in sources) == 5
    # mouse-only widgets: the HTML check finds all six; where the browser's keyboard check finds them too, each is
    # listed once (same selector)
    keyboard = verdicts("clickable-not-focusable-fail.html")["a4.3.4"]
    assert keyboard["verdict"] == "fail"
    selectors = [e["selector"] for e in keyboard["evidence"]]
    assert len(selectors) == len(set(selectors)) >= 5
    assert set(selectors) <= {b["selector"] for b in html[base + "clickable-not-focusable-fail.html"]["barriers"]}
    assert "1 checked in the browser, 1 by the HTML check of the stored pages (1 by both)" in keyboard["note"]
