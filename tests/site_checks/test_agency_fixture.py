"""The agency fixture: deterministic, both languages planted, every indicator passes on one site and fails on
the other according to its own manifest, and its search behaves as its profile says."""

from __future__ import annotations

from fixtures.agency import site as good_site
from fixtures.agency import site_poor as poor_site
from fixtures.agency.generate import search_hits
from fixtures.agency.texts import NEWS
from fixtures.registry import DEFAULT_SEED, SITE_MODULES, site_bodies
from fixtures.server import Request


def _get(site, path, **query):
    return site.handle(Request(method="GET", path=path, query={k: [v] for k, v in query.items()}, headers={},
                               body=b"", cookies={}))


def test_registered_and_deterministic():
    assert SITE_MODULES["agency"] == "fixtures.agency.site"
    assert SITE_MODULES["agency_poor"] == "fixtures.agency.site_poor"
    a, b = good_site.build(DEFAULT_SEED), good_site.build(DEFAULT_SEED)
    assert {p: pg.body for p, pg in a.model.pages.items()} == {p: pg.body for p, pg in b.model.pages.items()}
    assert site_bodies("agency_poor", {"agency_poor": "http://127.0.0.1:1"}) == {
        "bodies": {"tourism": {"sites": ["http://127.0.0.1:1/"]}}}


def test_each_indicator_passes_on_one_profile_and_fails_on_the_other():
    good = good_site.build(DEFAULT_SEED).manifest["indicators"]
    poor = poor_site.build(DEFAULT_SEED).manifest["indicators"]
    for ind in good:
        if ind == "a4.1.1":
            continue
        assert good[ind]["verdict"] == "pass", ind
        assert poor[ind]["verdict"] in ("fail", "partial"), ind
    assert {v["verdict"] for v in poor.values()} >= {"fail", "partial"}


def test_defects_are_planted_in_both_languages():
    poor = poor_site.build(DEFAULT_SEED)
    for lang in ("kk", "ru"):
        page = poor.model.pages[f"/{lang}/news/"].body.decode()
        assert 'maxlength="15"' in page  # search field too short
        assert f'href="/{"ru" if lang == "kk" else "kk"}/"' in page  # the switch goes to the other home page
        assert 'target="_blank"' not in page
        assert _get(poor, f"/{lang}/news/archive-2015/").status == 404  # the planted dead link
        assert _get(poor, f"/{lang}/documents/internal/").status == 401
    assert _get(poor, "/").status == 200 and b"\xd0\x92\xd1\x8b\xd0\xb1\xd0\xb5\xd1\x80\xd0\xb8\xd1\x82\xd0\xb5" in \
        _get(poor, "/").body  # "Выберите" on the splash page
    good = good_site.build(DEFAULT_SEED)
    assert _get(good, "/").status == 302
    assert {pg.lang for pg in good.model.pages.values() if pg.lang} == {"kk", "ru", "en"}


def test_search_is_full_text_or_titles_only():
    good, poor = good_site.build(DEFAULT_SEED), poor_site.build(DEFAULT_SEED)
    for lang in ("kk", "ru"):
        phrase = " ".join(NEWS[0][lang][1].split()[3:7])
        assert [p.kind for p in search_hits(good.model, lang, phrase)] == ["news_item"]
        assert search_hits(poor.model, lang, phrase) == []
        response = _get(good, f"/{lang}/search/", q=phrase).body.decode()
        assert f'value="{phrase}"' in response
        assert f'value="{phrase}"' in _get(poor, f"/{lang}/search/", q=phrase).body.decode()


def test_documents_and_feeds_follow_the_profile():
    good, poor = good_site.build(DEFAULT_SEED), poor_site.build(DEFAULT_SEED)
    assert all(d["shown"] for d in good.manifest["documents"])
    assert not any(d["shown"] for d in poor.manifest["documents"])
    assert _get(good, "/upload/docs/ru/statistics-2025-ru.zip").body[:2] == b"PK"
    assert _get(poor, "/upload/docs/ru/statistics-2025-ru.rar").body[:4] == b"Rar!"
    assert b"<category>" in _get(good, "/rss/kk.xml").body
    assert "procurement" in good.manifest["profile"]["rss_types"]
    assert "procurement" not in poor.manifest["profile"]["rss_types"]
