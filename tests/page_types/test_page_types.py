"""Page types (issue #13 item 3) on the hand-made page set: each page type signal, the template vote, the stored
crawl fact (gatherer, resumable) and its use by the accessibility sampler."""

from __future__ import annotations

import pytest

from crawler.page_types import PAGE_TYPES, PageType, classify_pages, is_material, stored_or_classified, template_vote
from tests.page_types.helpers import page_set
from tests.site_checks.helpers import BASE

EXPECTED, SITE = page_set()
TYPES = classify_pages(SITE.pages.values(), SITE.site, SITE.home)


@pytest.mark.parametrize("name", sorted(EXPECTED["pages"]))
def test_each_page_type_signal(name):
    entry = EXPECTED["pages"][name]
    got = TYPES[BASE + entry["url"]]
    assert got.type == entry["type"], f"{name} ({entry['signal']}): {got.type} because {got.reasons}"
    assert got.reasons, "every type says why"


def test_status_types_and_vocabulary():
    assert TYPES[BASE + "/files/plan-2026.pdf"].type == "file"
    assert TYPES[BASE + "/ru/old-page/"].type == "error"
    assert set(t.type for t in TYPES.values()) <= set(PAGE_TYPES)
    assert is_material("npa") and is_material("vacancy") and not is_material("section")
    assert not is_material("news_list") and not is_material("home") and not is_material(None)


def test_template_vote_only_changes_undecided_pages():
    types = {"a": PageType("announcement", ("x",), "t1"), "b": PageType("announcement", ("x",), "t1"),
             "c": PageType("section", ("no signal",), "t1", decided=False),
             "d": PageType("section", ("no signal",), "t2", decided=False),
             "e": PageType("news_item", ("x",), "t1")}
    voted = template_vote(types)
    assert voted["c"].type == "announcement" and "template t1" in voted["c"].reasons[0]
    assert voted["d"].type == "section"  # a template without decided pages keeps its default
    assert voted["e"].type == "news_item"  # a decided page is never overruled
    lone = template_vote({"a": PageType("npa", ("x",), "t"), "c": PageType("section", (), "t", decided=False)})
    assert lone["c"].type == "section"  # one decided page is not enough to vote


def test_stored_types_win_and_missing_ones_are_classified():
    pages = dict(SITE.pages)
    news = BASE + "/ru/press/news/123/"
    pages[news].info["page_type"] = "report"  # a stored fact is read, not recomputed
    try:
        got = stored_or_classified(pages, SITE.site, SITE.home)
    finally:
        del pages[news].info["page_type"]
    assert got[news].type == "report"
    assert got[BASE + "/ru/kontakty/"].type == "contacts"  # no stored type: classified by the same rules
