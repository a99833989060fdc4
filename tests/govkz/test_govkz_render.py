"""Rendering gov.kz SPA pages in real headless Chromium into a real SQLite run store."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.govkz import collect_govkz
from crawler.store import RunStore
from fixtures.clock import FIXTURE_NOW
from fixtures.govkz.expected import expected
from fixtures.govkz.fixture_targets import govkz_targets
from fixtures.govkz.generator import build_data
from fixtures.govkz.site import GovkzSite
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def test_rendered_pages_and_edges_land_in_the_store(tmp_path: Path) -> None:
    robots = "User-agent: *\nDisallow: /memleket/entities/dsm/documents\n"
    with FixtureServers([GovkzSite(build_data(DEFAULT_SEED), robots_txt=robots)]) as servers:
        base = servers.urls["govkz"]
        store = RunStore(tmp_path / "run.sqlite")
        settings = {"delay": 0, "backoff": 0.01, "gql_backoff": 0.01, "render": True, "render_max_pages": 5}
        collect_govkz(store, govkz_targets(servers.urls, keys=["dsm"], languages=["ru"]), now=FIXTURE_NOW,
                      settings=settings)
        store.close()
    store = RunStore(tmp_path / "run.sqlite")  # reopen: everything must be on disk
    home = f"{base}/memleket/entities/dsm?lang=ru"
    pages = {p.url: p for p in store.pages("dsm") if p.info.get("rendered")}  # API answers are kept too
    assert home in pages and len(pages) == 5
    page = pages[home]
    assert page.site == home and page.status == 200 and page.lang == "ru" and page.info["rendered"] is True
    html = page.text
    assert 'class="main-menu"' in html and "card-news-list__item" in html and 'role="search"' in html
    assert "Министерство здравоохранения" in (page.title or "")
    edges = store.edges("dsm")
    kinds = {kind for src, _, kind, _ in edges if src == home}
    assert {"menu", "header", "lang", "footer", "content"} <= kinds
    assert (home, f"{base}/memleket/entities/dsm/press/news?lang=ru", "menu", "Новости") in edges
    truth = expected(DEFAULT_SEED)["furniture"]["dsm"]["ru"]
    assert sum(1 for src, _, kind, _ in edges if src == home and kind == "menu") == truth["menu_items"]
    inner = [p for url, p in pages.items() if url != home]
    assert inner and all("breadcrumb" in p.text for p in inner)
    assert any(kind == "breadcrumb" and dst == home for src, dst, kind, _ in edges if src != home)
    # robots.txt: the documents section is linked from the menu but never rendered
    assert (home, f"{base}/memleket/entities/dsm/documents/1?lang=ru", "menu", "Документы") in edges
    assert not any("/documents" in url for url in pages)
    assert any("not rendered: robots.txt disallows" in n["message"] for n in store.notes("dsm"))
    assert store.progress("dsm", "govkz") == "done"
