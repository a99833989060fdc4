"""a4.4.3 reads what a feed item is from the page it links to (a CMS feed with neutral titles and no <category>),
and a competition for a post is not procurement; a4.4.5's interface bonus needs the content area's interface
labels in English too ("Дата публикации", "← Все новости" on an English news item are an untranslated interface).
Ground truth by hand from the markup below."""

from __future__ import annotations

import pytest

from audits.site_checks.english import audit_english, interface_is_english
from audits.site_checks.rss import audit_rss, classify
from core.site_check_settings import SiteCheckSettings
from tests.site_checks.helpers import html, make_site

DEFAULTS = SiteCheckSettings()
NAV = '<nav class="main-menu"><a href="/ru/news/">Новости</a><a href="/ru/events/">Анонсы</a></nav>'
NEWS = html(NAV + '<div class="breadcrumbs"><a href="/ru/">Главная</a> » <a href="/ru/news/">Новости</a> » '
                  'Теплосети</div><main><article><h1>Комитет проверил теплосети</h1>'
                  '<div class="date">Опубликовано: 22.05.2026 17:30</div>'
                  '<p>' + "Специалисты осмотрели магистральные сети в регионах. " * 6 + '</p></article>'
                  '<p><a href="/ru/news/">Все новости</a></p></main>')
EVENT = html(NAV + '<div class="breadcrumbs"><a href="/ru/">Главная</a> » <a href="/ru/events/">Анонсы</a> » '
                   'Заседание</div><main><article><h1>Заседание общественного совета</h1>'
                   '<div class="date">Опубликовано: 24.06.2026 11:00</div>'
                   '<p>' + "Приглашаем жителей принять участие в заседании совета. " * 6 + '</p></article>'
                   '<p><a href="/ru/events/">Все анонсы</a></p></main>')
# a WordPress feed: the CMS's configured domain in every link, neutral titles, no <category>
FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Комитет</title>
<link>https://www.committee.gov.kz/ru/</link>
<item><title>Комитет проверил теплосети</title><link>https://www.committee.gov.kz/ru/?p=11</link></item>
<item><title>Заседание общественного совета</title><link>https://www.committee.gov.kz/ru/?p=12</link></item>
<item><title>Конкурс на должность главного эксперта</title><link>https://www.committee.gov.kz/ru/?p=13</link></item>
</channel></rss>"""


def _site(feed: str):
    home = html(NAV, head='<link rel="alternate" type="application/rss+xml" href="/ru/feed/">')
    return make_site({"/ru/": home, "/ru/?p=11": NEWS, "/ru/?p=12": EVENT},
                     start="/ru/", extra={"feeds": {"http://site.test/ru/feed/": {"status": 200, "body": feed}}})


def test_feed_items_are_what_their_pages_are_and_a_post_competition_is_no_purchase():
    f = audit_rss(_site(FEED), DEFAULTS)
    assert f["measured"]["requirements"] == {"announcements": True, "news": True, "procurement": False}
    assert f["points"] == pytest.approx(0.15)
    # items that link to another body's site are not this site's pages, whatever their paths
    foreign = FEED.replace("www.committee.gov.kz/ru/?p=", "www.other-body.kz/ru/?p=")
    assert audit_rss(_site(foreign), DEFAULTS)["measured"]["requirements"] == \
        {"announcements": False, "news": False, "procurement": False}


def test_classify_by_category_words_and_page_type():
    assert classify({"title": "Конкурс на занятие вакантной должности", "link": ""}) == set()
    assert classify({"title": "Лауазымға орналасуға конкурс", "link": ""}) == set()
    assert classify({"title": "Конкурс по государственным закупкам услуг", "link": ""}) == {"procurement"}
    assert classify({"title": "Итоги конкурса", "link": ""}, "vacancy") == set()
    assert classify({"title": "Итоги", "link": ""}, "news_item") == {"news"}
    assert classify({"title": "x", "link": "", "category": "Госзакупки"}, "news_item") == {"procurement"}


MENU_EN = '<nav><a href="/en/news/">News</a><a href="/en/about/">About</a></nav>'


def _en_item(labels: tuple[str, str]) -> str:
    published, back = labels
    return html(MENU_EN + f'<main><h1>Akim inspects school construction</h1><div class="meta">{published} '
                f'<span>26.06.2026 - 15:39</span></div><div class="body"><p>The quality and timing of the work were '
                f'discussed at an on-site meeting in Satpayev with the contractor.</p></div>'
                f'<p><a href="/en/news/">{back}</a></p></main>', lang="en")


def test_content_labels_left_in_russian_are_an_untranslated_interface():
    russian = make_site({"/en/news/1/": _en_item(("Дата публикации:", "← Все новости"))}, start="/en/news/1/")
    english = make_site({"/en/news/1/": _en_item(("Published:", "← All news"))}, start="/en/news/1/")
    assert not interface_is_english(russian.pages["http://site.test/en/news/1/"])
    assert interface_is_english(english.pages["http://site.test/en/news/1/"])
    # Cyrillic inside the material's own text (a Kazakh place name) and a language switch are not the interface
    quoted = html(MENU_EN + '<main><h1>Visit</h1><p>The delegation visited the Ұлытау region and met residents of '
                  'Жезқазған to discuss the heating season.</p><a href="/kk/">Қазақша</a> <a href="/ru/">Русский</a>'
                  '</main>', lang="en")
    assert interface_is_english(make_site({"/en/a/": quoted}, start="/en/a/").pages["http://site.test/en/a/"])


def test_english_bonus_needs_the_content_labels_translated():
    def pages(labels: tuple[str, str]) -> dict[str, str]:
        return {"/ru/": html(NAV), "/ru/news/1/": html("<p>Новость</p>"), "/ru/news/2/": html("<p>Вторая</p>"),
                "/ru/news/3/": html("<p>Третья</p>"), "/en/": html(MENU_EN, lang="en"),
                "/en/news/1/": _en_item(labels)}
    translated = audit_english(make_site(pages(("Published:", "← All news")), start="/ru/"), DEFAULTS)
    left = audit_english(make_site(pages(("Дата публикации:", "← Все новости")), start="/ru/"), DEFAULTS)
    assert translated["measured"]["interface_all_pages"] is True
    assert translated["bonus"] == 0.25  # one of three materials translated: no full-translation tier
    assert left["measured"]["interface_all_pages"] is False and left["bonus"] == 0.0
