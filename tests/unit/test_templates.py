"""Page templates, page profiles and the template-aware browser sample, on handmade CMS pages (tests/unit/cms_pages.py:
ground truth by hand from how each page was built). Pure, plus a RunStore in a temporary directory; no browser."""

from __future__ import annotations

import pytest

from audits.accessibility.coverage import add_coverage, site_coverage
from core.errors import InputError
from core.html import parse_html
from crawler.browser.a11y_gather import (
    SAMPLE_KEY,
    SAMPLE_KIND,
    SampleLimits,
    choose_sample,
    record_sample,
    sample_limits,
)
from crawler.store import RunStore
from crawler.templates import cluster, page_profile, shared_pattern, signature, url_pattern, url_shape
from govaudit.gather import merged_gatherer_settings
from tests.unit.cms_pages import FORCED, PAGES, TEMPLATES, VIDEO, news_item, section

BASE = "http://cms.example.kz"


def sigs():
    return [signature(BASE + path, html) for path, html in PAGES.items()]


def groups(signatures) -> set[frozenset[str]]:
    return {frozenset(u.removeprefix(BASE) for u in t.urls) for t in cluster(signatures).values()}


# -- URL patterns ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, pattern", [
    ("http://x.kz/ru/news/123", "/{lang}/news/{n}"),
    ("http://x.kz/kk/news/2024-05-01/", "/{lang}/news/{date}/"),
    ("http://x.kz/ru/press/news-ob-akimate-rayona", "/{lang}/press/{slug}"),
    ("http://x.kz/ru/news/page2.html", "/{lang}/news/{slug}.html"),
    ("http://x.kz/ru/about", "/{lang}/about"),
    ("http://x.kz/docs/5f3a9c2e1b7d4e60", "/docs/{id}"),
    ("http://x.kz/index.php?option=com_content&id=77&lang=ru", "/index.php?id&lang&option"),
    ("http://x.kz/", "/"),
])
def test_url_pattern_generalises_numbers_dates_slugs_and_languages(url, pattern):
    assert url_pattern(url) == pattern


def test_the_signature_shape_generalises_the_last_segment_and_the_shown_pattern_keeps_what_is_shared():
    assert url_shape("http://x.kz/ru/about") == url_shape("http://x.kz/kk/history") == "/{lang}/{name}"
    assert url_shape("http://x.kz/ru/news/5") != url_shape("http://x.kz/ru/about")
    assert shared_pattern(["http://x.kz/ru/about", "http://x.kz/ru/history"]) == "/{lang}/{name}"
    assert shared_pattern(["http://x.kz/ru/news/1", "http://x.kz/ru/news/2"]) == "/{lang}/news/{n}"
    assert shared_pattern(["http://x.kz/ru/contacts"]) == "/{lang}/contacts"


# -- templates -------------------------------------------------------------------------------------------------------

def test_pages_cluster_into_the_templates_they_were_built_from():
    assert groups(sigs()) == {frozenset(pages) for pages in TEMPLATES.values()}


def test_text_length_paragraph_count_and_menu_state_do_not_change_the_template():
    a, b = signature(BASE + "/ru/news/7", news_item(7, 1)), signature(BASE + "/ru/news/8", news_item(8, 30))
    assert a.template == b.template and a.skeleton == b.skeleton
    # the same section layout with another active menu item and far more text
    c = signature(BASE + "/ru/about", section("/ru/about", "О нас", 1))
    d = signature(BASE + "/ru/feedback", section("/ru/feedback", "Другое", 40))
    assert c.template == d.template


def test_a_different_layout_under_the_same_url_shape_is_another_template():
    about = signature(BASE + "/ru/about", PAGES["/ru/about"])
    contacts = signature(BASE + "/ru/contacts", PAGES["/ru/contacts"])
    assert about.shape == contacts.shape and about.template != contacts.template


def test_hostile_markup_gives_a_bounded_signature():
    deep = "<div>" * 5000 + "x" + "</div>" * 5000
    wide = "<body>" + "".join(f'<div class="c{i} k{i}x{i}"><span></span></div>' for i in range(20000)) + "</body>"
    for html in (deep, wide, "", "<<<>>>", "\x00\ufffd<html"):
        sig = signature(BASE + "/x", html)
        assert len(sig.skeleton) < 20000 and sig.template.startswith("t-")


# -- profiles --------------------------------------------------------------------------------------------------------

def test_forcing_features_are_found_and_a_search_box_forces_nothing():
    found = {s.url.removeprefix(BASE): s.profile.features for s in sigs() if s.profile.forced}
    assert found == {path: (feature,) for path, feature in FORCED.items()}


@pytest.mark.parametrize("snippet, feature", [
    ('<div class="owl-carousel"></div>', "motion"),
    ("<marquee>Бегущая строка</marquee>", "motion"),
    ("<style>@keyframes spin { to { transform: rotate(1turn) } }</style>", "motion"),
    ('<img src="/banner.gif" alt="Баннер">', "motion"),
    ('<iframe src="https://maps.example/embed" title="Карта"></iframe>', "frame"),
    ('<audio src="/anthem.mp3"></audio>', "media"),
    ('<button aria-haspopup="dialog">Открыть</button>', "dialog"),
    ('<a href="/big.jpg" class="glightbox">Фото</a>', "dialog"),
    ('<button data-toggle="modal" data-target="#x">Запись</button>', "dialog"),
    ('<input name="fio"><input name="phone">', "form"),
    ('<form><input type="email" name="subscribe"></form>', "form"),
])
def test_each_forcing_feature(snippet, feature):
    assert page_profile(parse_html(f"<html><body><div>{snippet}</div></body></html>")).features == (feature,)


@pytest.mark.parametrize("snippet", [
    '<form action="/search"><input name="q"></form>',
    '<form><select name="lang"><option>ru</option></select></form>',
    '<img src="/spacer.gif" width="1" height="1" alt="">',
    '<a href="#top">Наверх</a><div class="modal-body-text">нет</div>',
    "<h2>Один</h2><p>Короткий текст.</p>",
])
def test_what_forces_nothing(snippet):
    assert page_profile(parse_html(f"<html><body><div>{snippet}</div></body></html>")).features == ()


# -- the sample ------------------------------------------------------------------------------------------------------

HOMES = [BASE + "/ru/", BASE + "/kk/"]


def template_of(url: str) -> str:
    return next(name for name, pages in TEMPLATES.items() if url.removeprefix(BASE) in pages)


def test_sample_takes_homes_n_per_template_and_every_forced_page():
    sample = choose_sample(sigs(), HOMES, SampleLimits(per_template=2, max_pages=60))
    assert sample.urls[:2] == HOMES
    per_template = {name: [u for u in sample.urls if template_of(u) == name] for name in TEMPLATES}
    assert {n: len(u) for n, u in per_template.items()} == {
        "home": 2, "news item": 2, "news list": 1, "section": 2, "contacts": 1, "form": 1, "gallery": 1,
        "document": 1}
    assert {BASE + p for p in FORCED} <= set(sample.urls)
    assert not sample.left_out and not sample.record["cap"]["reached"]
    record = sample.record
    assert set(record["pages"]) == {BASE + p for p in PAGES} and record["pages_html"] == len(PAGES)
    section_t = record["templates"][record["pages"][BASE + "/ru/about"]]
    assert section_t["pattern"] == "/{lang}/{name}" and section_t["pages"] == 4 and section_t["why"] is None
    assert section_t["forced"] == {BASE + "/ru/services": {"dialog": "a with data-(bs-)toggle=modal"}}


def test_one_per_template_still_takes_every_forced_page():
    sample = choose_sample(sigs(), HOMES, SampleLimits(per_template=1, max_pages=60))
    assert len(sample.urls) == 2 + 7  # both homes + one page of each other template
    assert {BASE + p for p in FORCED} <= set(sample.urls)  # each forced page stands for its template


def test_zero_per_template_checks_homes_and_forced_pages_only():
    sample = choose_sample(sigs(), HOMES, SampleLimits(per_template=0, max_pages=60))
    assert set(sample.urls) == set(HOMES) | {BASE + p for p in FORCED}
    why = {t["pattern"]: t["why"] for t in sample.record["templates"].values() if not t["sampled"]}
    assert set(why) == {"/{lang}/news", "/{lang}/contacts"} and all("a11y_pages_per_template=0" in w
                                                                    for w in why.values())


def test_the_cap_keeps_homes_then_the_most_used_templates_and_says_what_it_left_out():
    sample = choose_sample(sigs(), HOMES, SampleLimits(per_template=2, max_pages=5))
    assert len(sample.urls) == 5 and sample.urls[:2] == HOMES
    # then the biggest templates, each by a forced page where it has one
    assert sample.urls[2:4] == [BASE + "/ru/news/106", BASE + "/ru/services"]
    cap = sample.record["cap"]
    assert cap == {"reached": True, "left_out_pages": 11 - 5, "left_out_templates": 6, "templates_unsampled": 4}
    unsampled = [t for t in sample.record["templates"].values() if not t["sampled"]]
    assert len(unsampled) == 4 and all(t["why"].startswith("cap reached (a11y_max_pages=5)") for t in unsampled)


def put_site(store: RunStore) -> None:
    store.put_page(body="b", site=BASE + "/", url=BASE + "/", status=302, info={"redirect_to": BASE + "/ru/"})
    menu = [(BASE + "/ru/", BASE + href, "menu", text) for href, text in (("/ru/structure", "Структура"),
                                                                         ("/ru/news", "Новости"))]
    for path, html in PAGES.items():
        edges = [(BASE + "/ru/", BASE + "/kk/", "lang", "Қаз")] + menu if path == "/ru/" else []
        edges += [(BASE + "/ru/news", BASE + f"/ru/news/{n}", "link", "") for n in range(101, 107)] \
            if path == "/ru/news" else []
        store.put_page(body="b", site=BASE + "/", url=BASE + path, status=200, content=html.encode(),
                       content_type="text/html; charset=utf-8", edges=edges)
    store.put_page(body="b", site=BASE + "/", url=BASE + "/files/a.pdf", status=200, content=b"%PDF-1.4",
                   content_type="application/pdf")
    store.put_page(body="b", site=BASE + "/", url=BASE + "/files/b.docx", status=200, content=b"PK",
                   content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    for path, kind in (("/robots.txt", "text/plain"), ("/rss.xml", "application/rss+xml")):
        store.put_page(body="b", site=BASE + "/", url=BASE + path, status=200, content=b"x", content_type=kind)


def test_sample_over_a_run_store_with_the_cap_note_and_the_artifact(tmp_path):
    store = RunStore(tmp_path / "run.sqlite")
    try:
        put_site(store)
        record_sample(store, "b", BASE + "/", SampleLimits(per_template=2, max_pages=8))
        sample = record_sample(store, "b", BASE + "/", SampleLimits(per_template=2, max_pages=8))  # a resume
        record = store.artifacts("b", SAMPLE_KIND)[SAMPLE_KEY]
        notes = [n["message"] for n in store.notes("b")]
    finally:
        store.close()
    # the home page is the start URL after its redirect, then the language home from the "lang" edge
    assert sample.urls[:2] == HOMES and len(sample.urls) == 8
    assert record["sampled"] == sample.urls and record["cap"]["left_out_pages"] == 3
    assert record["not_html"] == {"pdf": 1, "docx": 1}  # robots.txt and a feed are no documents
    assert notes == ["browser accessibility checks capped at a11y_max_pages=8: 3 sampled page(s) of 3 template(s) "
                     "were left out (1 of 8 template(s) not checked at all)"]



def test_the_page_nearest_the_home_page_stands_for_its_template(tmp_path):
    store = RunStore(tmp_path / "run.sqlite")
    try:
        put_site(store)
        sample = record_sample(store, "b", BASE + "/", SampleLimits(per_template=2, max_pages=60))
    finally:
        store.close()
    # the section template: the forced services page, then /ru/structure (a menu target), not /ru/about (first by
    # name, but linked from nowhere)
    assert [u for u in sample.urls if template_of(u) == "section"] == [BASE + "/ru/services", BASE + "/ru/structure"]


def test_settings_reach_the_sampler_from_targets_and_setting_and_the_old_reading_is_an_alias():
    audit = {"robots_policy": "obey", "settings": {"a11y_max_pages": 9, "nav_depth_limit": 4}}
    merged = merged_gatherer_settings(audit, {"a11y_pages_per_template": "1", "a11y_max_pages": 9})
    assert merged["robots_policy"] == "obey" and merged["settings"]["nav_depth_limit"] == 4
    assert sample_limits(merged) == SampleLimits(per_template=1, max_pages=9)
    assert sample_limits({}) == SampleLimits(per_template=2, max_pages=60)
    assert sample_limits({"settings": {"a11y_pages": "12"}}) == SampleLimits(2, 12, alias_used=True)
    assert sample_limits({"settings": {"a11y_pages": 12, "a11y_max_pages": 30}}).max_pages == 30
    with pytest.raises(InputError, match="a11y_pages_per_template"):
        sample_limits({"settings": {"a11y_pages_per_template": "two"}})


def test_every_a11y_finding_gets_the_coverage():
    sample = choose_sample(sigs(), HOMES, SampleLimits(per_template=2, max_pages=5))
    sample.record["not_html"] = {"pdf": 3}
    artifacts = {u: {"url": u} for u in sample.urls}
    artifacts[sample.urls[-1]] = {"url": sample.urls[-1], "error": "page load timed out"}
    cov = site_coverage(sample.record, artifacts)
    assert (cov["pages_checked"], cov["templates_total"], cov["templates_checked"]) == (4, 8, 3)
    whys = {t["pattern"]: t["why"] for t in cov["templates_unchecked"]}
    assert len(whys) == 5 and sum("page load timed out" in w for w in whys.values()) == 1
    assert sum(w.startswith("cap reached") for w in whys.values()) == 4
    findings = {"a4.3.1": {"indicator": "a4.3.1", "note": "text alternatives: 4 of 4 pass."},
                "a4.2.1": {"indicator": "a4.2.1", "note": "other"}}
    add_coverage(findings, sample.record, artifacts)
    assert findings["a4.3.1"]["coverage"]["templates_total"] == 8 and "coverage" not in findings["a4.2.1"]
    note = findings["a4.3.1"]["note"]
    assert note.startswith("text alternatives: 4 of 4 pass. Checked in the browser: 4 page(s) of 3 of 8 page "
                           "template(s) (17 HTML pages crawled")
    assert "Not checked: " in note and "cap reached (a11y_max_pages=5)" in note and "3 pdf" in note
    # a run made before the sample was recorded: pages only, and the note says so
    assert site_coverage(None, artifacts)["templates_total"] is None


@pytest.mark.parametrize("value", ["-1", "1.5", "two"])
def test_the_new_readings_are_validated_before_anything_runs(value):
    from govaudit.pipeline import check_readings, split_settings

    for name in ("a11y_pages_per_template", "a11y_max_pages"):
        with pytest.raises(InputError, match=name):
            check_readings(split_settings({name: value})[0])


def test_coverage_of_a_site_of_thousands_of_templates_stays_bounded():
    hostile = "/" + "/".join(f"seg{i}x" for i in range(400))
    assert len(url_pattern("http://x.kz" + hostile)) <= 200
    templates = {f"t-{i}": {"pattern": f"/p{i}/{{n}}", "pages": 1, "sampled": [], "why": "cap reached"}
                 for i in range(3000)}
    cov = site_coverage({"templates": templates, "sampled": [], "pages_html": 3000}, {})
    assert len(cov["templates_unchecked"]) == 50 and cov["templates_unchecked_more"] == 2950
    findings = {"a4.3.2": {"indicator": "a4.3.2", "note": ""}}
    add_coverage(findings, {"templates": templates, "sampled": [], "pages_html": 3000}, {})
    assert "and 2995 more." in findings["a4.3.2"]["note"] and len(findings["a4.3.2"]["note"]) < 1000


def test_a_feature_on_every_page_of_a_template_is_its_layout_and_forces_one_page_of_it():
    counter = '<img src="/counter.gif" alt="">'  # in the layout of every news item: not animated per page
    pages = [signature(BASE + f"/ru/news/{n}", news_item(n, n % 4, counter)) for n in range(201, 209)]
    pages.append(signature(BASE + "/ru/news/209", news_item(209, 2, counter + VIDEO)))
    sample = choose_sample(pages, [], SampleLimits(per_template=2, max_pages=60))
    assert len(sample.urls) == 2 and BASE + "/ru/news/209" in sample.urls  # the page with its own video is in
    (t,) = sample.record["templates"].values()
    assert t["layout_features"] == {"motion": "image /counter.gif"} and t["pages"] == 9
    assert sample.forced[BASE + "/ru/news/209"] == {"media": "<video> /media/briefing.mp4"}
