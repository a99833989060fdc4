"""Structure variants (issue #13 item 8) against their hand-written truth (tests/structure/truth.yaml).

Each variant is a handmade page under pages/twins/ with a pass twin (the structure is there, built the way real CMSes
build it) and, where a look-alike exists, a fail twin (the look-alike is not the structure). The detectors are the
ones the crawl and the audits use: link kinds and the non-anchor links (crawler.links), language counterparts
(crawler.lang_switch), menu and breadcrumbs (audits.page_features), filter forms (crawler.filter_forms).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from audits.page_features import find_breadcrumbs, find_home_link, find_menu
from core.site_pages import home_urls
from crawler.filter_forms import filter_forms
from crawler.lang_switch import counterparts, url_lang
from crawler.links import extract_links, parse_html

HERE = Path(__file__).parent
TRUTH = yaml.safe_load((HERE / "truth.yaml").read_text(encoding="utf-8"))
DEFAULT_URL = "http://site.test/page/"


def _page(name: str) -> tuple[str, object, dict]:
    truth = TRUTH["twins"][name]
    html = (HERE / "pages" / "twins" / f"{name}.html").read_text(encoding="utf-8")
    return truth.get("url", DEFAULT_URL), parse_html(html), truth


def test_every_twin_has_truth_and_a_page():
    pages = {p.name.removesuffix(".html") for p in (HERE / "pages" / "twins").glob("*.html")}
    assert pages == set(TRUTH["twins"])
    assert all(name.endswith((".pass", ".fail")) for name in pages)


@pytest.mark.parametrize("name", sorted(n for n, t in TRUTH["twins"].items() if "menu" in t))
def test_menu(name):
    _url, doc, truth = _page(name)
    assert bool(find_menu(doc)) is truth["menu"], find_menu(doc)


@pytest.mark.parametrize("name", sorted(n for n, t in TRUTH["twins"].items() if "breadcrumbs" in t))
def test_breadcrumbs(name):
    _url, doc, truth = _page(name)
    assert bool(find_breadcrumbs(doc)) is truth["breadcrumbs"], find_breadcrumbs(doc)


@pytest.mark.parametrize("name", sorted(n for n, t in TRUTH["twins"].items() if "links" in t or "not_links" in t))
def test_link_kinds(name):
    url, doc, truth = _page(name)
    links = extract_links(doc, url)
    kinds: dict[str, set[str]] = {}
    for link in links:
        kinds.setdefault(link.url, set()).add(link.kind)
    for target, kind in (truth.get("links") or {}).items():
        assert kind in kinds.get(urljoin(url, target), set()), (target, kinds.get(urljoin(url, target)))
    for target in truth.get("not_links") or []:
        assert urljoin(url, target) not in kinds, target


@pytest.mark.parametrize("name", sorted(n for n, t in TRUTH["twins"].items() if "counterparts" in t))
def test_counterparts(name):
    url, doc, truth = _page(name)
    found = counterparts(doc, url, extract_links(doc, url))
    expected = {lang: urljoin(url, target) for lang, target in truth["counterparts"].items()}
    # the page's own language may be listed too (a switch names every language); the others must match
    assert {k: v for k, v in found.items() if k in expected or v != url} == expected


@pytest.mark.parametrize("name", sorted(n for n, t in TRUTH["twins"].items() if "forms" in t))
def test_filter_form_combinations(name):
    url, doc, truth = _page(name)
    assert sum(f.combinations for f in filter_forms(doc, url)) == truth["forms"]


def test_filter_form_cap_keeps_defaults_and_single_variations_first():
    options = "".join(f'<option value="{m:02d}">{m}</option>' for m in range(1, 13))
    years = "".join(f'<option value="{y}">{y}</option>' for y in range(2015, 2027))
    doc = parse_html(f'<html><body><form action="/arch" method="get"><select name="m">{options}</select>'
                     f'<select name="y">{years}</select></form></body></html>')
    (form,) = filter_forms(doc, "http://site.test/", cap=24)
    assert form.combinations == 144 and len(form.urls) == 24
    urls = [u for u, _label in form.urls]
    assert urls[0] == "http://site.test/arch?m=01&y=2015"
    # every month and every year is reached once with the other field at its default
    assert {f"http://site.test/arch?m={m:02d}&y=2015" for m in range(1, 13)} <= set(urls)
    assert {f"http://site.test/arch?m=01&y={y}" for y in range(2015, 2027)} <= set(urls)


@pytest.mark.parametrize(("url", "lang"), sorted(TRUTH["url_languages"].items()))
def test_url_language(url, lang):
    assert url_lang(url) == lang


@pytest.mark.parametrize("name", sorted(n for n, t in TRUTH["twins"].items() if "home_link" in t))
def test_home_link_to_a_language_home(name):
    url, doc, truth = _page(name)
    homes = home_urls("http://site.test/", truth["home"])
    assert bool(find_home_link(doc, url, homes)) is truth["home_link"]
