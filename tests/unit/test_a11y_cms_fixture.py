"""The a11y_cms fixture itself: deterministic per seed, its manifest's selectors find exactly the planted elements,
barriers only on inner pages, and the site answers over real loopback HTTP as a Bitrix site would."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import lxml.html
import pytest

from fixtures.a11y_cms.generate import BARRIER_NEWS, PER_PAGE, generate
from fixtures.a11y_cms.manifest import manifest
from fixtures.a11y_cms.site import build
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers

FILE_NAME_ALT = re.compile(r"\.(jpe?g|png|gif|webp)$|^(img|dsc|photo)[-_]?\d+", re.I)


@pytest.fixture(scope="module")
def model():
    return generate(DEFAULT_SEED)


def _doc(model, path):
    return lxml.html.fromstring(model.pages[path].body)


def test_same_seed_same_bytes_other_seed_other_ids():
    a, b, c = generate(DEFAULT_SEED), generate(DEFAULT_SEED), generate(7)
    assert {p: x.body for p, x in a.pages.items()} == {p: x.body for p, x in b.pages.items()}
    assert {p: x.body for p, x in a.files.items()} == {p: x.body for p, x in b.files.items()}
    assert manifest(a) == manifest(b)
    assert [n.id for n in a.news] != [n.id for n in c.news]
    # the barriers themselves do not depend on the seed, only the news item's path does
    strip = [{k: v for k, v in x.items() if k != "path"} for x in manifest(c)["barriers"]]
    assert strip == [{k: v for k, v in x.items() if k != "path"} for x in manifest(a)["barriers"]]


@pytest.mark.parametrize("seed", [DEFAULT_SEED, 7])
def test_every_manifest_selector_matches_exactly_one_element(seed):
    site = generate(seed)
    found = manifest(site)["barriers"]
    assert len(found) >= 14
    for barrier in found:
        doc = _doc(site, barrier["path"])
        for selector in [barrier["selector"], *barrier["also"]]:
            assert len(doc.cssselect(selector)) == 1, (barrier["id"], selector)


def test_planted_elements_are_built_as_the_manifest_says(model):
    by_class = {}
    for b in manifest(model)["barriers"]:
        by_class.setdefault(b["class"], []).append(b)
    for b in by_class["img-alt-missing"]:
        (img,) = _doc(model, b["path"]).cssselect(b["selector"])
        assert img.tag == "img" and img.get("alt") is None
    (b,) = by_class["img-alt-filename"]
    (img,) = _doc(model, b["path"]).cssselect(b["selector"])
    assert img.get("alt") == "IMG_2041.JPG" and img.get("src").endswith("/IMG_2041.JPG")
    (b,) = by_class["frame-title-missing"]
    (frame,) = _doc(model, b["path"]).cssselect(b["selector"])
    assert frame.tag == "iframe" and not frame.get("title") and frame.get("src") in model.files
    (b,) = by_class["control-mouse-only"]
    (div,) = _doc(model, b["path"]).cssselect(b["selector"])
    assert div.tag == "div" and div.get("onclick") and div.get("tabindex") is None and div.get("role") is None
    doc = _doc(model, by_class["label-placeholder-only"][0]["path"])
    ids = {el.get("id") for el in doc.iter("input", "textarea", "select")}
    assert "fb-phone" not in {lab.get("for") for lab in doc.iter("label")}
    assert doc.cssselect("#fb-phone")[0].get("placeholder")
    assert "fb-mail" not in ids and doc.cssselect('label[for="fb-mail"]')
    (b,) = by_class["contrast-low"]
    assert "color:#999" in _doc(model, b["path"]).cssselect(b["selector"])[0].get("style")
    (b,) = by_class["text-clipped-zoom"]
    style = _doc(model, b["path"]).cssselect(b["selector"])[0].get("style")
    assert "height:130px" in style and "overflow:hidden" in style
    (b,) = by_class["motion-no-pause"]
    slider = _doc(model, b["path"]).cssselect(b["selector"])[0]
    assert not slider.cssselect("button") and len(slider.cssselect(".bx-slide")) >= 3


def test_barriers_sit_on_inner_pages_only(model):
    m = manifest(model)
    dirty = set(m["barrier_pages"])
    assert dirty and not dirty & set(m["home_pages"]) and not dirty & set(m["menu_pages"])
    # no main-menu link anywhere leads to a barrier page (the old home + menu sample cannot meet one)
    for path in model.pages:
        nav = _doc(model, path).cssselect("nav.bx-top-nav a")
        assert nav and not {a.get("href") for a in nav} & dirty, path
    # one news item of the eight, on page 2 of the list
    assert BARRIER_NEWS >= PER_PAGE and len(model.news) >= 8
    news_barrier = model.roles["news_barrier"]
    page2 = _doc(model, model.roles["news_list_ru_2"])
    assert news_barrier in {a.get("href") for a in page2.iter("a")}
    assert news_barrier not in {a.get("href") for a in _doc(model, model.roles["news_list_ru_1"]).iter("a")}
    assert [p for p in dirty if "/press-center/news/" in p] == [news_barrier]


def test_clean_pages_have_nothing_an_html_check_should_flag(model):
    """What the markup alone decides, on every clean page: image alts, frame titles, labels, lang, no onclick."""
    m = manifest(model)
    assert 25 <= len(model.pages) <= 40
    for path in m["clean_pages"]:
        doc = _doc(model, path)
        assert doc.get("lang") in ("ru", "kk", "en"), path
        for img in doc.iter("img"):
            assert img.get("alt") is not None and not FILE_NAME_ALT.search(img.get("alt")), (path, img.get("src"))
        assert not list(doc.iter("iframe", "marquee", "blink")), path
        assert not [el for el in doc.iter() if el.get("onclick")], path
        labelled = {lab.get("for") for lab in doc.iter("label")}
        for field in doc.iter("input", "textarea", "select"):
            assert field.get("id") in labelled, (path, field.get("name"))
        for el in doc.iter("a", "button", "h1", "h2", "h3"):
            assert (el.text_content() or "").strip() or el.cssselect("img[alt]"), (path, el.tag)


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_served_like_a_bitrix_site():
    site = build(DEFAULT_SEED)
    with FixtureServers([site]) as servers:
        base = servers.urls["a11y_cms"]
        status, headers, body = _get(base + "/robots.txt")
        assert status == 200 and b"Allow: /\n" in body and b"Disallow: /\n" not in body
        status, headers, _ = _get(base + "/")
        assert status == 302 and headers["Location"] == "/ru/"
        status, headers, _ = _get(base + "/ru/about")
        assert status == 301 and headers["Location"] == "/ru/about/"
        status, headers, body = _get(base + "/ru/press-center/news/?PAGEN_1=2")
        assert status == 200 and site.model.roles["news_barrier"].encode() in body
        assert "Bitrix" in headers["X-Powered-CMS"] and headers["X-Frame-Options"] == "SAMEORIGIN"
        doc = lxml.html.fromstring(_get(base + "/ru/documents/")[2])
        files = [a.get("href") for a in doc.iter("a") if a.get("href", "").startswith("/upload/")]
        kinds = {_get(base + f)[1]["Content-Type"] for f in files}
        assert {"application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"} <= kinds
        status, _, body = _get(base + "/ru/search/?q=" + urllib.request.quote("амбулатория"))
        assert status == 200 and "амбулатория".encode() in body.lower()
        assert _get(base + "/ru/no-such-page/")[0] == 404
        # every link and resource of every page is on the site and answers (no external URLs at all)
        targets: dict[str, str] = {}
        for path, page in site.model.pages.items():
            doc = lxml.html.fromstring(page.body)
            for el, attr in [*((a, "href") for a in doc.iter("a", "link")),
                             *((e, "src") for e in doc.iter("img", "script", "iframe"))]:
                ref = el.get(attr) or ""
                assert not ref.startswith(("http:", "https:", "//")), (path, ref)
                if ref.startswith("/"):
                    targets.setdefault(ref, path)
        assert [(ref, src) for ref, src in targets.items() if _get(base + ref)[0] != 200] == []
