"""The pure site-check audits on small hand-made sites: each requirement can pass and can fail."""

from __future__ import annotations

import pytest

from audits.site_checks import SITE_CHECKS
from audits.site_checks.dates import audit_dates
from audits.site_checks.english import audit_english
from audits.site_checks.formats import audit_formats
from audits.site_checks.identity import audit_no_stub, audit_official_marker
from audits.site_checks.interactive import audit_counter, audit_faq, audit_feedback, audit_poll
from audits.site_checks.large_docs import audit_large_documents
from audits.site_checks.links import audit_links
from audits.site_checks.rss import audit_rss, parse_feed
from core.errors import InputError
from core.site_check_settings import SiteCheckSettings, gatherer_settings
from tests.site_checks.helpers import html, make_site

DEFAULTS = SiteCheckSettings()
NAV = '<nav class="main-menu"><a href="/ru/a/">А</a><a href="/ru/b/">Б</a><a href="/ru/c/">В</a></nav>'


def test_registry_covers_my_indicators():
    from audits.registry import SITE_AUDITS, appendix4
    from audits.site_checks import MAX_POINTS

    spec = {row["id"]: row["max_points"] for row in appendix4()}
    assert all(spec[ind] == MAX_POINTS[ind] for ind in SITE_CHECKS)
    assert all(SITE_AUDITS[ind] is SITE_CHECKS[ind] for ind in SITE_CHECKS)
    assert set(SITE_CHECKS) == {"a4.1.1", "a4.2.1", "a4.2.6", "a4.2.7", "a4.2.8", "a4.2.9", "a4.2.10", "a4.2.11",
                                "a4.2.12", "a4.4.1", "a4.4.2", "a4.4.3", "a4.4.4", "a4.4.5", "a4.4.6"}


def test_settings_validate_and_resolve():
    with pytest.raises(InputError):
        SiteCheckSettings.from_mapping({"no_such_reading": 1})
    with pytest.raises(InputError):
        SiteCheckSettings.from_mapping({"english_bonus_mode": "both"})
    assert SiteCheckSettings.from_mapping({"dates_require_time": "false"}).dates_require_time is False
    assert SiteCheckSettings.resolve({"large_doc_chars": 100, "nav_depth_limit": 3}).large_doc_chars == 100
    assert gatherer_settings({"settings": {"display_pages": 5}, "site_checks": {"display_pages": 2}}).display_pages == 2


def test_official_marker_in_title_or_header():
    good = make_site({"/ru/": html(NAV + "<header><div class='logo'>Министерство — официальный интернет-ресурс"
                                   "</div></header>")}, start="/ru/")
    bad = make_site({"/ru/": html(NAV + "<header><div class='logo'>Министерство</div></header>")}, start="/ru/")
    kk = make_site({"/kk/": html(NAV, lang="kk", title="Министрліктің ресми интернет-ресурсы")}, start="/kk/")
    assert audit_official_marker(good, DEFAULTS)["verdict"] == "pass"
    assert audit_official_marker(bad, DEFAULTS)["verdict"] == "fail"
    assert audit_official_marker(kk, DEFAULTS)["points"] == 0.1


def test_stub_page_versus_redirect():
    content = html(NAV + '<form role="search"><input type="search" name="q"></form>' + "<p>Текст</p>" * 50)
    redirect = make_site({"/": (302, None, None, "/ru/"), "/ru/": content})
    splash = make_site({"/": html('<h1>Тілді таңдаңыз / Выберите язык</h1><a href="/kk/">Қаз</a><a href="/ru/">Рус'
                                  "</a>"), "/ru/": content})
    refresh = make_site({"/": html("", head='<meta http-equiv="refresh" content="0; url=/ru/">'), "/ru/": content})
    assert audit_no_stub(redirect, DEFAULTS)["verdict"] == "pass"
    assert audit_no_stub(splash, DEFAULTS)["verdict"] == "fail"
    assert "meta refresh" in audit_no_stub(refresh, DEFAULTS)["evidence"][0]["snippet"]


def test_interactive_tools():
    site = make_site({
        "/ru/": html(NAV + '<footer>Посетителей сегодня: 1 234</footer>'),
        "/ru/feedback/": html('<form action="/send" method="post"><textarea name="m"></textarea>'
                              '<button type="submit">Отправить</button></form>'),
        "/ru/poll/": html('<form><fieldset><legend>Опрос</legend><input type="radio" name="a" value="1">'
                          '<input type="radio" name="a" value="2"></fieldset><button>Голосовать</button></form>'),
        "/ru/faq/": html("<h1>Часто задаваемые вопросы</h1>" + "<p>Вопрос и ответ на него.</p>" * 20),
    }, start="/ru/")
    empty = make_site({"/ru/": html(NAV + '<form role="search" action="/search"><textarea></textarea>'
                                    '<button type="submit">Найти</button></form><a href="https://eotinish.kz/">'
                                    "Обращения</a><script src='https://mc.yandex.ru/metrika/tag.js'></script>"
                                    '<a href="/ru/faq/">Жиі қойылатын сұрақтар</a>'), "/ru/faq/": (404, "<p>404</p>")},
                      start="/ru/")
    for audit in (audit_feedback, audit_poll, audit_faq, audit_counter):
        assert audit(site, DEFAULTS)["verdict"] == "pass", audit.__name__
        assert audit(empty, DEFAULTS)["verdict"] == "fail", audit.__name__
    assert "outside reception portal" in audit_feedback(empty, DEFAULTS)["note"]
    assert audit_feedback(empty, SiteCheckSettings(feedback_external_portal_counts=True))["verdict"] == "pass"
    assert audit_counter(empty, SiteCheckSettings(counter_hidden_analytics_counts=True))["verdict"] == "pass"
    assert "dead page" in audit_faq(empty, DEFAULTS)["evidence"][0]["snippet"]


RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>
<item><title>Анонс: форум</title></item><item><title>x</title><category>Новости</category></item>
<item><title>Объявление о конкурсе государственных закупок</title><category>Госзакупки</category></item>
</channel></rss>"""


def test_rss_types_validity_and_discovery():
    home = html(NAV, head='<link rel="alternate" type="application/rss+xml" href="/rss.xml">')
    feed_url = "http://site.test/rss.xml"
    full = make_site({"/ru/": home}, start="/ru/", extra={"feeds": {feed_url: {"status": 200, "body": RSS}}})
    news_only = RSS.replace("Анонс: форум", "Новость").replace("Госзакупки", "Новости").replace(
        "Объявление о конкурсе государственных закупок", "Событие")
    partial = make_site({"/ru/": home}, start="/ru/", extra={"feeds": {feed_url: {"status": 200, "body": news_only}}})
    broken = make_site({"/ru/": home}, start="/ru/", extra={"feeds": {feed_url: {"status": 200, "body": "<html>"}}})
    none = make_site({"/ru/": html(NAV)}, start="/ru/")
    assert audit_rss(full, DEFAULTS)["points"] == 0.3
    assert audit_rss(partial, DEFAULTS)["points"] == 0.0  # two of three types missing: 0.3 - 2 × 0.15
    assert audit_rss(broken, DEFAULTS)["verdict"] == "fail"
    assert audit_rss(none, DEFAULTS)["note"].startswith("no RSS feed")
    assert audit_rss(make_site({"/ru/": home}, start="/ru/"), DEFAULTS)["verdict"] == "not_assessed"
    items, problem = parse_feed('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>News</title></entry></feed>')
    assert problem is None and items[0]["title"] == "News"


def test_formats_four_requirements():
    good = make_site({
        "/ru/": html(NAV + '<ul><li><a href="/f/a.pdf">Отчёт</a> (PDF, 120 КБ)</li>'
                     '<li><a href="/f/b.zip">Архив (ZIP, 1,2 МБ)</a></li></ul>'),
        "/f/a.pdf": (200, None, "application/pdf"), "/f/b.zip": (200, None, "application/zip")}, start="/ru/")
    bad = make_site({
        "/ru/": html(NAV + '<a href="/f/a.pdf">Отчёт</a><a href="/f/b.rar">Архив (RAR, 3 МБ)</a>'
                     '<embed type="application/x-shockwave-flash" src="/m.swf"><a href="/ru/private/">Закрыто</a>'),
        "/f/a.pdf": (200, None, "application/pdf"), "/f/b.rar": (200, None, "application/x-rar-compressed"),
        "/ru/private/": (403, "<p>403</p>")}, start="/ru/")
    f = audit_formats(good, DEFAULTS)
    assert f["verdict"] == "pass", f["measured"]
    f = audit_formats(bad, DEFAULTS)
    assert f["points"] == 0.0 and set(f["measured"]["failed"]) == {"utf8_open_formats", "format_size_shown",
                                                                   "no_special_software", "no_authorisation"}
    cp1251 = make_site({"/ru/": (200, html(NAV), "text/html; charset=windows-1251")}, start="/ru/")
    assert audit_formats(cp1251, DEFAULTS)["measured"]["failed"] == ["utf8_open_formats"]


def test_large_documents_blocks_and_anchors():
    text = "<p>" + "Требования настоящего пункта обязательны. " * 40 + "</p>"
    structured = html(NAV + '<main><h1>Приказ о правилах</h1><nav class="toc"><a href="#c1">1</a><a href="#c2">2</a>'
                      f'</nav><h2 id="c1">Глава 1</h2>{text * 2}<h2 id="c2">Глава 2</h2>{text * 2}</main>',
                      title="Приказ о правилах")
    wall = html(NAV + f"<main><h1>Приказ о правилах</h1>{text * 4}</main>", title="Приказ о правилах")
    assert audit_large_documents(make_site({"/ru/": html(NAV), "/ru/npa/1/": structured}, start="/ru/"),
                                 DEFAULTS)["verdict"] == "pass"
    f = audit_large_documents(make_site({"/ru/": html(NAV), "/ru/npa/1/": wall}, start="/ru/"), DEFAULTS)
    assert f["points"] == 0.0 and f["measured"]["failed"] == ["blocks", "anchors"]
    small = audit_large_documents(make_site({"/ru/": html(NAV)}, start="/ru/"), DEFAULTS)
    assert small["verdict"] == "not_applicable"


def test_dates_need_time_and_both_kinds():
    both = "<main><p>Опубликовано: 12.05.2026 10:30</p><p>Дата обновления: 14 мая 2026 г., 09:15</p></main>"
    pub_only = "<main><span class='date'>12.05.2026 10:30</span></main>"
    no_time = "<main><p>Жарияланды: 12.05.2026</p><p>Өзгертілді: 13.05.2026</p></main>"
    site = make_site({"/ru/": html(NAV), "/ru/a/": html(both), "/ru/b/": html(both)}, start="/ru/")
    assert audit_dates(site, DEFAULTS)["verdict"] == "pass"
    site = make_site({"/ru/": html(NAV), "/ru/a/": html(pub_only), "/ru/b/": html(pub_only)}, start="/ru/")
    assert audit_dates(site, DEFAULTS)["measured"]["failed"] == ["modified"]
    site = make_site({"/kk/": html(NAV, lang="kk"), "/kk/a/": html(no_time, lang="kk")}, start="/kk/")
    assert audit_dates(site, DEFAULTS)["points"] == 0.0
    assert audit_dates(site, SiteCheckSettings(dates_require_time=False))["points"] == 0.4


def test_links_dead_language_switch_external():
    sw = '<ul class="lang-switch"><a href="/kk/a/" hreflang="kk">Қаз</a></ul>'
    ext_ok = '<a href="https://gov.kz/" target="_blank" title="Откроется в новом окне">gov.kz</a>'
    good = make_site({"/ru/": html(NAV + '<ul class="lang-switch"><a href="/kk/" hreflang="kk">Қаз</a></ul>'),
                      "/ru/a/": html(sw + ext_ok), "/kk/": html("<p>Басты</p>", lang="kk"),
                      "/kk/a/": html("<p>Бет</p>", lang="kk")}, start="/ru/")
    bad = make_site({"/ru/": html(NAV + '<a href="/ru/gone/">Старое</a>'),
                     "/ru/a/": html('<ul class="lang-switch"><a href="/kk/" hreflang="kk">Қаз</a></ul>'
                                    '<a href="https://gov.kz/" target="_blank">gov.kz</a>'),
                     "/ru/gone/": (404, "<p>404</p>"), "/kk/": html("<p>Басты</p>", lang="kk")}, start="/ru/")
    f = audit_links(good, DEFAULTS)
    assert f["verdict"] == "pass", f["note"]
    f = audit_links(bad, DEFAULTS)
    assert f["points"] == 0.0 and f["measured"]["failed"] == ["dead_links", "language_switch", "external_new_window"]
    assert audit_links(bad, SiteCheckSettings(external_notice_required=False, lang_switch_max_fail_share=1.0)
                       )["measured"]["failed"] == ["dead_links"]


def test_english_bonus_tiers():
    menu_en = '<nav><a href="/en/news/">News</a><a href="/en/about/">About</a></nav>'
    pages = {"/ru/": html(NAV), "/ru/news/1/": html("<p>Новость</p>"), "/ru/about/": html("<p>О нас</p>"),
             "/en/": html(menu_en, lang="en"), "/en/news/1/": html(menu_en + "<p>News</p>", lang="en"),
             "/en/about/": html(menu_en + "<p>About</p>", lang="en")}
    full = audit_english(make_site(pages, start="/ru/"), DEFAULTS)
    assert full["points"] == pytest.approx(0.8) and full["bonus"] == 0.5
    cumulative = audit_english(make_site(pages, start="/ru/"), SiteCheckSettings(english_bonus_mode="cumulative"))
    assert cumulative["points"] == pytest.approx(1.05)
    half = {k: v for k, v in pages.items() if k != "/en/about/"}
    assert audit_english(make_site(half, start="/ru/"), DEFAULTS)["points"] == pytest.approx(0.55)
    home_only = {k: v for k, v in pages.items() if not k.startswith("/en/") or k == "/en/"}
    assert audit_english(make_site(home_only, start="/ru/"), DEFAULTS)["points"] == pytest.approx(0.3)
    assert audit_english(make_site({"/ru/": html(NAV)}, start="/ru/"), DEFAULTS)["verdict"] == "fail"


def test_facts_per_instance_reading():
    page = html(NAV + '<a href="/f/a.pdf">Отчёт (PDF, 1 КБ)</a><a href="/f/b.pdf">Б</a><a href="/f/c.pdf">В</a>')
    site = make_site({"/ru/": page, "/f/a.pdf": (200, None, "application/pdf"),
                      "/f/b.pdf": (200, None, "application/pdf"), "/f/c.pdf": (200, None, "application/pdf")},
                     start="/ru/")
    per_requirement = audit_formats(site, DEFAULTS)
    per_instance = audit_formats(site, SiteCheckSettings(facts_per="instance"))
    assert per_requirement["points"] == 0.75 and per_instance["points"] == 0.5  # two unlabeled links
    assert "facts_per=instance" in per_instance["reading"] and per_instance["measured"]["facts"] == 2


def test_an_audit_that_breaks_gives_an_error_finding():
    site = make_site({"/ru/": html(NAV)}, start="/ru/", extra={"display": {"x": "not a record"}})
    f = SITE_CHECKS["a4.2.1"](site, DEFAULTS, {})
    assert f["verdict"] == "error" and f["points"] is None and "a4.2.1 audit failed" in f["note"]
