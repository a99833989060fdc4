"""Per-page furniture (a4.2.3 menu, home link, site-map link, search; a4.2.4 breadcrumbs) on the three CMS fixture
sites of issue #13, against the ground truth in each site's expected.json (`pages[url].furniture`, written by the
generators' manifests, never by the tool). The pages' HTML comes from the same generators at the registry seed.

The sites hold the structure variants this item is about: WordPress Max Mega Menu and a script-built English menu,
the DNN mega-menu, its schema.org `<ol>` and plain-text breadcrumbs and query-string language homes, Drupal's
hamburger panel, mega-menu and "»" text trails.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from audits.page_features import find_breadcrumbs, find_home_link, find_menu, find_search, find_sitemap_link
from core.html import parse_html
from core.site_pages import home_urls
from fixtures.registry import DEFAULT_SEED

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://fixture.test"
SITES = ("cms_wp_committee", "cms_aspnet_ministry", "cms_drupal_akimat")


def _pages(name: str) -> dict[str, object]:
    """The generator's pages keyed by the manifest's URL spelling (the model's own normaliser)."""
    model = importlib.import_module(f"fixtures.{name}.model")
    generated = importlib.import_module(f"fixtures.{name}.generate").generate(DEFAULT_SEED)
    pages = generated.pages if hasattr(generated, "pages") else generated["pages"]
    norm = getattr(model, "norm", None) or getattr(model, "key", None) or model.internal
    return {norm(url) or url: page for url, page in pages.items()}


@pytest.mark.parametrize("name", SITES)
def test_furniture_agrees_with_the_manifest_on_every_page(name):
    expected = json.loads((ROOT / "fixtures" / name / "expected.json").read_text(encoding="utf-8"))
    model = importlib.import_module(f"fixtures.{name}.model")
    norm = getattr(model, "norm", None) or getattr(model, "key", None) or model.internal
    pages = _pages(name)
    landing = expected["root"]["location"]
    homes = home_urls(BASE + "/", BASE + landing)
    wrong: dict[str, list[str]] = {}
    checked = 0
    for url, truth in sorted(expected["pages"].items()):
        if not truth.get("furniture"):
            continue
        page = pages[norm(url) or url]
        doc = parse_html(page.body)
        page_url = BASE + url
        found = {"menu": find_menu(doc), "breadcrumbs": find_breadcrumbs(doc), "search": find_search(doc),
                 "sitemap_link": find_sitemap_link(doc, page_url), "home_link": find_home_link(doc, page_url, homes)}
        checked += 1
        for element, present in truth["furniture"].items():
            if element in found and bool(found[element]) is not bool(present):
                wrong.setdefault(element, []).append(url)
    assert checked >= 60
    assert not wrong, {k: (len(v), v[:5]) for k, v in wrong.items()}
