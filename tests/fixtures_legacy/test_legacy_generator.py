"""The legacy fixture generator: determinism, and a manifest that agrees with the HTML it describes.

The HTML checks parse the pages independently (BeautifulSoup, generic selectors) and rebuild the link graph, so a
drift between the generator's model and its markup fails here.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections import Counter, deque
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from fixtures.legacy.generate import generate
from fixtures.registry import DEFAULT_SEED

KAZAKH_LETTERS = set("әғқңөұүһі")


@pytest.fixture(scope="module")
def site():
    return generate(DEFAULT_SEED)


@pytest.fixture(scope="module")
def manifest(site):
    return site.manifest


def _soup(site, path):
    return BeautifulSoup(site.pages[path].body.decode("utf-8"), "html.parser")


def test_same_seed_same_site_and_other_seed_differs():
    start = time.perf_counter()
    a = generate(DEFAULT_SEED)
    assert time.perf_counter() - start < 1.0
    b = generate(DEFAULT_SEED)
    assert json.dumps(a.manifest, ensure_ascii=False) == json.dumps(b.manifest, ensure_ascii=False)
    assert {p: pg.body for p, pg in a.pages.items()} == {p: pg.body for p, pg in b.pages.items()}
    assert {p: pg.body for p, pg in a.assets.items()} == {p: pg.body for p, pg in b.assets.items()}
    c = generate(DEFAULT_SEED + 1)
    assert set(c.pages) != set(a.pages)  # news/archive ids come from the seed


def test_committed_expected_json_matches_generator(manifest):
    committed = Path(__file__).resolve().parents[2] / "fixtures" / "legacy" / "expected.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == json.loads(json.dumps(manifest, ensure_ascii=False))


def test_size_languages_and_texts(site, manifest):
    html = [p for p, e in manifest["pages"].items() if e["status"] == 200 and e["content_type"].startswith("text/html")]
    assert 60 <= len(html) <= 80
    langs = Counter(manifest["pages"][p]["lang"] for p in html)
    assert langs["ru"] >= 30 and langs["kk"] >= 30
    kk_text = "".join(_soup(site, p).get_text() for p in html if p.startswith("/kk/"))
    assert KAZAKH_LETTERS <= set(kk_text)
    for path in html:
        soup = _soup(site, path)
        assert soup.html["lang"] == manifest["pages"][path]["lang"]
        assert "fixture" in soup.get_text()  # all content is marked fake


def test_model_links_equal_html_anchors(site, manifest):
    for path, entry in manifest["pages"].items():
        if entry["status"] != 200 or not entry["content_type"].startswith("text/html"):
            continue
        anchors = Counter(a["href"] for a in _soup(site, path).find_all("a", href=True))
        assert anchors == Counter(link.href for link in site.pages[path].links), path


def _parsed_depths(site, start, nav_only=False):
    """BFS over anchors parsed from the HTML (redirects are free), independent of the generator's model."""
    depth, queue = {start: 0}, deque([start])
    while queue:
        path = queue.popleft()
        page = site.pages.get(path)
        if page is None or page.status >= 400:
            continue
        if page.location:
            if depth.get(page.location, 99) > depth[path]:
                depth[page.location] = depth[path]
                queue.appendleft(page.location)
            continue
        if not page.content_type.startswith("text/html"):
            continue
        soup = _soup(site, path)
        anchors = soup.find_all("a", href=True)
        if nav_only:
            nav = set()
            for sel in ("nav.main-menu a", "nav.menu a", "#topmenu a", ".breadcrumb a", ".breadcrumbs a",
                        ".lang-switch a", "td.top a", "a.logo", ".print-header a", "ul.sitemap a"):
                nav.update(id(a) for a in soup.select(sel))
            anchors = [a for a in anchors if id(a) in nav or a["href"].endswith("/sitemap/")]
        for a in anchors:
            href = a["href"].split("#")[0].split("?")[0]
            if href.startswith("/") and depth.get(href, 99) > depth[path] + 1:
                depth[href] = depth[path] + 1
                queue.append(href)
    return depth


def test_depths_match_an_independent_bfs_over_the_html(site, manifest):
    parsed = _parsed_depths(site, "/")
    assert set(parsed) == set(manifest["pages"])
    assert {p: e["depth"] for p, e in manifest["pages"].items()} == parsed
    nav = _parsed_depths(site, "/", nav_only=True)
    assert {p: e["depth_nav"] for p, e in manifest["pages"].items() if e["depth_nav"] is not None} == nav
    for lang in ("ru", "kk"):
        own = _parsed_depths(site, f"/{lang}/")
        assert {p: e["depth_lang"] for p, e in manifest["pages"].items() if e["lang"] == lang} == \
            {p: d for p, d in own.items() if manifest["pages"][p]["lang"] == lang}


def test_home_and_five_click_chain(site, manifest):
    pages = manifest["pages"]
    assert manifest["root"] == {"path": "/", "status": 302, "location": "/ru/"}
    assert pages["/ru/"]["depth"] == 0 and pages["/kk/"]["depth"] == 1
    chain = {d["lang"]: d["path"] for d in manifest["defects"] if d["kind"] == "five_click_chain"}
    assert set(chain) == {"ru", "kk"}
    assert pages[chain["ru"]]["depth"] == 5 and pages[chain["kk"]]["depth_lang"] == 5
    sitemap_xml = site.assets["/sitemap.xml"].body.decode()
    for path in chain.values():
        assert pages[path]["material"] and not pages[path]["in_html_sitemap"]
        assert path not in sitemap_xml
    deep4 = [p for p, e in pages.items() if e["material"] and e["depth_lang"] == 4]
    assert len(deep4) >= 3


GENERIC = {
    "menu": "nav.main-menu ul a, nav.menu ul a, .menu ul a",
    "search": "form input[name=q]",
    "breadcrumbs": ".breadcrumb, .breadcrumbs, nav[aria-label=breadcrumb]",
}


def test_furniture_matches_generic_selectors(site, manifest):
    for path, entry in manifest["pages"].items():
        if "furniture" not in entry:
            continue
        soup, lang, furniture = _soup(site, path), entry["lang"], entry["furniture"]
        for element, selector in GENERIC.items():
            assert bool(soup.select(selector)) == furniture[element], (path, element)
        hrefs = {a["href"] for a in soup.find_all("a", href=True)}
        assert bool(hrefs & {"/", f"/{lang}/"}) == furniture["home_link"], path
        assert (f"/{lang}/sitemap/" in hrefs) == furniture["sitemap_link"], path


def test_indicator_arithmetic(manifest):
    pages = manifest["pages"]
    for scope in ("site", "ru", "kk"):
        ind = manifest["indicators"][scope]
        html = {p: e for p, e in pages.items() if "furniture" in e and scope in ("site", e["lang"])}
        key = "depth" if scope == "site" else "depth_lang"
        material = [e[key] for e in html.values() if e["material"]]
        within = sum(1 for d in material if d <= 3)
        assert ind["a4.2.2"]["material_pages"] == len(material) and ind["a4.2.2"]["within_limit"] == within
        assert ind["a4.2.2"]["points"] == (0.3 if within / len(material) >= 0.5 else 0.0)
        missing = [el for el in ("menu", "home_link", "sitemap_link", "search")
                   if any(not e["furniture"][el] for e in html.values())]
        assert ind["a4.2.3"]["missing_types"] == missing
        assert ind["a4.2.3"]["points"] == round(max(0.0, 0.45 - 0.15 * len(missing)), 2)
        inner = [e for p, e in html.items() if e["kind"] != "home"]
        with_bc = sum(1 for e in inner if e["furniture"]["breadcrumbs"])
        assert ind["a4.2.4"]["points"] == (1.0 if with_bc / len(inner) >= 0.5 else 0.0)
        dead = ind["a4.2.5"]["dead_links"]
        assert dead >= 2 and ind["a4.2.5"]["points"] == round(0.4 - min(0.2, 0.1 * dead), 2)
    # the planted profile: languages differ, so per-language scoring is exercised
    ru, kk = manifest["indicators"]["ru"], manifest["indicators"]["kk"]
    assert ru["a4.2.3"]["missing_types"] == ["menu", "search"]
    assert kk["a4.2.3"]["missing_types"] == ["home_link", "search"]
    assert ru["a4.2.4"]["points"] == 1.0 and kk["a4.2.4"]["points"] == 0.0
    assert (ru["a4.2.5"]["dead_links"], kk["a4.2.5"]["dead_links"]) == (2, 3)


def test_defects_cover_the_brief(manifest):
    kinds = Counter(d["kind"] for d in manifest["defects"])
    for kind in ("five_click_chain", "sitemap_dead_link", "broken_link", "image_without_alt",
                 "missing_menu", "missing_search", "missing_home_link", "document_without_format_size",
                 "deep_material"):
        assert kinds[kind] >= 1, kind
    ids = [d["id"] for d in manifest["defects"]]
    assert len(ids) == len(set(ids))
    statuses = {manifest["pages"][d["path"]]["status"] for d in manifest["defects"] if d["kind"] == "broken_link"}
    assert statuses == {404, 500}
    alts = [(p, e["images_without_alt"]) for p, e in manifest["pages"].items() if e.get("images_without_alt")]
    assert {p[1] for p in alts} and {p[0][1:3] for p in alts} == {"ru", "kk"}
    shown = Counter(d["format_size_shown"] for d in manifest["documents"])
    assert shown[True] >= 2 and shown[False] >= 2
    assert {d["format"] for d in manifest["documents"]} == {"pdf", "docx", "zip"}


def test_documents_are_real_files_with_shown_sizes(site, manifest):
    for doc in manifest["documents"]:
        body = site.pages[doc["href"]].body
        assert len(body) == doc["size"]
        if doc["format"] == "pdf":
            assert "fixture" in PdfReader(io.BytesIO(body)).pages[0].extract_text()
        else:
            names = zipfile.ZipFile(io.BytesIO(body)).namelist()
            assert ("word/document.xml" in names) == (doc["format"] == "docx")
        text = _soup(site, doc["page"]).get_text()
        if doc["format_size_shown"]:
            assert doc["shown_as"] in text
    for path, asset in site.assets.items():
        if path.endswith(".png"):
            assert asset.body.startswith(b"\x89PNG\r\n\x1a\n")


def test_write_creates_a_browsable_tree(site, tmp_path):
    out = site.write(tmp_path / "legacy")
    assert (out / "ru" / "index.html").read_bytes() == site.pages["/ru/"].body
    assert (out / "robots.txt").exists() and (out / "sitemap.xml").exists()
    assert json.loads((out / "expected.json").read_text(encoding="utf-8"))["seed"] == DEFAULT_SEED
    assert not (out / "ru" / "press").exists()  # dead sitemap targets stay dead on disk
