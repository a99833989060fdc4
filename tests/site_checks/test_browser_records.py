"""The display and search audits over gatherer records, the display reading and the PNG blank check."""

from __future__ import annotations

import struct
import zlib

import pytest

from audits.site_checks.display import audit_display
from audits.site_checks.engines import audit_search_engines
from audits.site_checks.search import audit_search
from core.site_check_settings import SiteCheckSettings
from crawler.browser.display_checks import problems_of
from crawler.browser.display_png import distinct_colours
from tests.site_checks.helpers import html, make_site

DEFAULTS = SiteCheckSettings()
SEARCH = '<form role="search" action="/ru/search/"><input type="search" name="q"{ml}></form>'
OK_MEASURE = {"viewport_width": 412, "scroll_width": 412, "main_text_chars": 500, "main_width": 400,
              "invisible_text": [], "overlapping_text": []}


def _display(records):
    return make_site({"/ru/": html("<p>x</p>")}, start="/ru/", extra={"display": {
        f"{r['platform']}|{r.get('url')}": r for r in records}})


def test_display_deducts_per_broken_platform_and_flags_untestable():
    recs = [{"platform": p, "url": "http://site.test/ru/", "problems": [], "screenshot": f"s/{p}.png"}
            for p in ("chrome", "firefox", "android", "ios")]
    f = audit_display(_display(recs), DEFAULTS)
    assert f["verdict"] == "pass" and f["points"] == 0.25 and len(f["flags"]) == 4
    recs[2]["problems"] = ["horizontal overflow"]
    recs[3]["problems"] = ["script errors: x"]
    f = audit_display(_display(recs), DEFAULTS)
    assert f["points"] == pytest.approx(0.19) and f["measured"]["broken"] == ["android", "ios"]
    assert f["evidence"][0]["screenshot"] == "s/android.png"  # failing platforms' evidence first
    no_firefox = [r for r in recs if r["platform"] != "firefox"] + [
        {"platform": "firefox", "url": None, "problems": [], "error": "firefox-esr is not installed"}]
    f = audit_display(_display(no_firefox), DEFAULTS)
    assert "firefox (firefox-esr is not installed)" in f["measured"]["not_tested"]
    assert audit_display(make_site({"/ru/": html("<p>x</p>")}, start="/ru/"), DEFAULTS)["verdict"] == "not_assessed"
    dead = [{"platform": p, "url": None, "problems": [], "error": "Chromium failed: x"} for p in
            ("chrome", "android", "ios", "firefox")]
    assert audit_display(_display(dead), DEFAULTS)["verdict"] == "not_assessed"


def test_display_problems_reading():
    assert problems_of(OK_MEASURE, []) == []
    wide = dict(OK_MEASURE, scroll_width=1024)
    assert problems_of(wide, [])[0].startswith("horizontal overflow")
    assert "missing main content" in problems_of(dict(OK_MEASURE, main_text_chars=0), [])[0]
    assert problems_of(dict(OK_MEASURE, overlapping_text=["p / p"]), [])[0].startswith("overlapping text")
    assert problems_of(OK_MEASURE, ["ReferenceError: x is not defined"])[0].startswith("script errors")


def _search_site(records, ml=""):
    return make_site({"/ru/": html(SEARCH.format(ml=ml) + "<p>x</p>"), "/kk/": html(SEARCH.format(ml=ml), lang="kk")},
                     start="/ru/", extra={"search_check": records} if records is not None else None)


def _rec(lang, **kw):
    base = {"lang": lang, "home": f"http://site.test/{lang}/", "form_found": True, "field": "input[type=search]",
            "typed": 34, "accepted": 34, "phrase": "a b c d", "phrase_source": "http://site.test/ru/x/",
            "results_url": f"http://site.test/{lang}/search/?q=a", "found_source": True, "separate_page": True,
            "query_kept": True, "advanced": {"url": "http://site.test/ru/search/advanced/", "how": "link"},
            "screenshot": f"screenshots/b/search-{lang}.png"}
    return {**base, **kw}


def test_search_requirements_per_language():
    f = audit_search(_search_site({"ru": _rec("ru"), "kk": _rec("kk")}), DEFAULTS)
    assert f["verdict"] == "pass" and f["points"] == 1
    f = audit_search(_search_site({"ru": _rec("ru"), "kk": _rec("kk", accepted=15, query_kept=False,
                                                                advanced=None)}), DEFAULTS)
    assert f["points"] == 0.5 and f["measured"]["failed"] == ["accepts_20_chars", "separate_page_query_kept"]
    f = audit_search(_search_site({"ru": _rec("ru", found_source=False, advanced=None),
                                   "kk": _rec("kk", advanced=None)}), DEFAULTS)
    assert set(f["measured"]["failed"]) == {"full_text", "advanced"}
    f = audit_search(_search_site({"ru": {"lang": "ru", "home": "x", "form_found": False}}), DEFAULTS)
    assert f["points"] == 0.0 and len(f["measured"]["failed"]) == 4  # no field in the browser, no advanced search


def test_search_without_browser_records():
    f = audit_search(_search_site(None, ml=' maxlength="10"'), DEFAULTS)
    assert f["verdict"] == "not_assessed" and f["measured"]["requirements"]["accepts_20_chars"] is False
    nothing = make_site({"/ru/": html("<p>no search here</p>")}, start="/ru/")
    assert audit_search(nothing, DEFAULTS)["points"] == 0.0


def test_search_engines_left_to_the_input_file():
    f = audit_search_engines(make_site({"/": html("<p>x</p>")}), DEFAULTS)
    assert f["verdict"] == "not_assessed" and "agency/audit-team input file" in f["note"]


def _png(path, pixels):
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    height, width = len(pixels), len(pixels[0])
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_blank_screenshot_detection(tmp_path):
    _png(tmp_path / "blank.png", [[(255, 255, 255)] * 30] * 30)
    _png(tmp_path / "page.png", [[((x * 8) % 256, (y * 8) % 256, 0) for x in range(30)] for y in range(30)])
    assert distinct_colours(tmp_path / "blank.png") == 1
    assert distinct_colours(tmp_path / "page.png") > 2


def test_display_sample_covers_the_languages():
    from crawler.browser.display import sample_pages

    nav = '<nav class="main-menu"><a href="/ru/a/">А</a><a href="/ru/b/">Б</a></nav>'
    switch = '<ul class="lang-switch"><a href="/kk/" hreflang="kk">Қаз</a></ul>'
    site = make_site({"/": (302, None, None, "/ru/"), "/ru/": html(nav + switch), "/ru/a/": html("<p>a</p>"),
                      "/ru/b/": html("<p>b</p>"), "/kk/": html("<p>k</p>", lang="kk")})
    base = "http://site.test"
    assert sample_pages(site, 3) == [f"{base}/ru/", f"{base}/ru/a/", f"{base}/kk/"]
    assert sample_pages(site, 9) == [f"{base}/ru/", f"{base}/ru/a/", f"{base}/kk/", f"{base}/ru/b/"]
