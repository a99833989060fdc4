"""Page types as a crawl fact: the gatherer stores them in the run store (pages.info and the "page_types" artifact),
a resumed run skips it and a rerun gives the same answer; the accessibility sampler checks one page of every type.
A real RunStore in a temporary directory; no browser."""

from __future__ import annotations

from core.targets import Body
from crawler.browser.a11y_gather import SampleLimits, choose_sample, site_sample
from crawler.gatherers import SITE_GATHERERS, run_site_gatherers
from crawler.page_types_gather import KEY, KIND
from crawler.store import RunStore
from crawler.templates import signature
from tests.page_types.helpers import page_set

EXPECTED, SITE = page_set()
BODY = Body(key="b", names={"ru": "Акимат"}, type="local", sites=[SITE.site])


def _store(tmp_path) -> RunStore:
    store = RunStore.in_dir(tmp_path)
    for page in SITE.pages.values():
        store.put_page(body="b", site=SITE.site, url=page.url, status=page.status, content_type=page.content_type,
                       content=page.html.encode() if page.html else None, title=page.title, info=dict(page.info))
    store.put_edges("b", SITE.edges)
    return store


def test_gatherer_stores_types_once_and_resumes(tmp_path):
    assert next(iter(SITE_GATHERERS)) == "page_types"  # first: the sampler and the audits read what it stores
    store = _store(tmp_path)
    run_site_gatherers(store, BODY, SITE.site, run_dir=tmp_path, settings={}, only=["page_types"])
    stored = {p.url: p.info for p in store.pages("b", with_content=False)}
    for entry in EXPECTED["pages"].values():
        info = stored[SITE.site.removesuffix("/ru/") + entry["url"]]
        assert info["page_type"] == entry["type"] and info["page_type_reasons"]
    table = store.artifacts("b", KIND, SITE.site)[KEY]
    assert table["version"] == 1 and table["counts"]["news_item"] == 3
    assert store.progress("b", f"page_types:{SITE.site}") == "done"
    # a resumed run skips it: a page's stored type is left as it is
    url = SITE.site.removesuffix("/ru/") + "/ru/kontakty/"
    page = next(p for p in store.pages("b") if p.url == url)
    store.put_page(body="b", site=SITE.site, url=url, status=200, content_type=page.content_type,
                   content=page.content, title=page.title, info={**page.info, "page_type": "form"})
    run_site_gatherers(store, BODY, SITE.site, run_dir=tmp_path, settings={}, only=["page_types"])
    assert next(p for p in store.pages("b") if p.url == url).info["page_type"] == "form"
    store.close()


def test_sampler_checks_one_page_of_every_type(tmp_path):
    store = _store(tmp_path)
    run_site_gatherers(store, BODY, SITE.site, run_dir=tmp_path, settings={}, only=["page_types"])
    sample = site_sample(store, "b", SITE.site, SampleLimits(per_template=1, max_pages=60))
    html_types = {p.info["page_type"] for p in store.pages("b", with_content=False) if p.status == 200
                  and "html" in (p.content_type or "")}
    assert set(sample.record["page_types"].values()) == html_types
    store.close()


def test_type_coverage_inside_one_template():
    # WordPress-like: every post shares one template whatever it holds; without types one page stands for all
    shell = ('<html><body><main><article class="post"><h1>{}</h1><div class="meta">{}</div>'
             "<div class='entry-content'><p>Текст.</p></div></article></main></body></html>")
    pages = {f"http://w.kz/?p={i}": shell.format(f"Заголовок {i}", "12.05.2026 10:00") for i in range(1, 7)}
    sigs = [signature(u, h) for u, h in pages.items()]
    assert len({s.template for s in sigs}) == 1
    types = {u: "news_item" for u in pages} | {"http://w.kz/?p=5": "npa", "http://w.kz/?p=6": "vacancy"}
    without = choose_sample(sigs, [], SampleLimits(per_template=1, max_pages=60))
    with_types = choose_sample(sigs, [], SampleLimits(per_template=1, max_pages=60), types)
    assert len(without.urls) == 1
    assert {types[u] for u in with_types.urls} == {"news_item", "npa", "vacancy"}
    assert with_types.forced["http://w.kz/?p=6"] == {"page_type": "the first vacancy page"}
