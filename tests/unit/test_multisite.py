"""Issue #13 item 1: a body with several sites — which site's rows answer a language (audits/multisite.py)."""

from __future__ import annotations

from audits.multisite import per_language_rows, site_languages
from core.artifacts import PageArtifact, SiteArtifacts

KK, RU = "http://127.0.0.1:1/", "http://127.0.0.1:2/"


def _site(url: str, lang: str) -> SiteArtifacts:
    page = PageArtifact(url, 200, "text/html; charset=utf-8", "<html><body>x</body></html>", lang, "t")
    return SiteArtifacts("b", url, {url: page}, [])


def _row(site: str, indicator: str, lang: str | None) -> dict:
    return {"body": "b", "site": site, "indicator": indicator, "lang": lang, "verdict": "fail"}


def test_a_language_is_answered_by_the_site_that_carries_it():
    sites = [_site(KK, "kk"), _site(RU, "ru")]
    assert site_languages(sites[0]) == {"kk"}
    rows = [_row(KK, "a5.leb.1.1", "kk"), _row(KK, "a5.leb.1.1", "ru"), _row(KK, "a6.defects", "ru"),
            _row(RU, "a5.leb.1.1", "kk"), _row(RU, "a5.leb.1.1", "ru"), _row(KK, "a4.2.2", None),
            _row(RU, "a4.2.2", None), _row(KK, "a4.4.5", "en")]
    kept = per_language_rows(rows, sites)
    assert [(r["site"], r["indicator"], r["lang"]) for r in kept] == [
        (KK, "a5.leb.1.1", "kk"), (RU, "a5.leb.1.1", "ru"), (KK, "a4.2.2", None), (RU, "a4.2.2", None),
        (KK, "a4.4.5", "en")]


def test_a_language_no_site_carries_keeps_the_rows_that_say_so():
    sites = [_site(KK, "kk"), _site(RU, "kk")]
    rows = [_row(KK, "a5.leb.1.1", "ru"), _row(RU, "a5.leb.1.1", "ru")]
    assert per_language_rows(rows, sites) == rows
