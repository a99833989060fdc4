"""Appendix 4 per language version (audits/language_scope.py) and the link rules it relies on: a small bilingual
site, written by hand, whose Kazakh version has a defect the Russian one has not. Ground truth from the markup."""

from __future__ import annotations

from audits.language_scope import BREAKDOWN, language_view
from audits.readings import Readings
from audits.registry import audit_site
from audits.site_checks.links import audit_links
from core.site_check_settings import SiteCheckSettings
from core.site_pages import language_homes
from tests.site_checks.helpers import html, make_site

MENU = {"kk": '<nav class="main-menu"><a href="/kk/news/1/">Жаңалық</a><a href="/kk/news/2/">Жаңалық 2</a></nav>',
        "ru": '<nav class="main-menu"><a href="/ru/news/1/">Новость</a><a href="/ru/news/2/">Новость 2</a></nav>'}
SWITCH = {"kk": '<ul class="lang-switch"><li><a href="/ru/{page}" hreflang="ru">Рус</a></li>'
                '<li><a href="/en/" hreflang="en">Eng</a></li></ul>',
          "ru": '<ul class="lang-switch"><li><a href="/kk/{page}" hreflang="kk">Қаз</a></li>'
                '<li><a href="/en/" hreflang="en">Eng</a></li></ul>'}
TEXT = {"kk": "Облыс әкімі мектеп құрылысын аралап, мердігерлермен жұмыс барысын талқылады. ",
        "ru": "Аким области осмотрел строительство школы и обсудил с подрядчиками ход работ. "}
LABELS = {"kk": ("Жарияланды", "Жаңартылды"), "ru": ("Опубликовано", "Обновлено")}


def _news(lang: str, page: str, *, modified: bool) -> str:
    published, changed = LABELS[lang]
    dates = f'<div class="date">{published}: 22.05.2026 17:30</div>'
    if modified:
        dates += f'<div class="date">{changed}: 23.05.2026 09:15</div>'
    return html(SWITCH[lang].format(page=page) + MENU[lang] + f"<main><article><h1>{page}</h1>{dates}"
                f"<p>{TEXT[lang] * 8}</p></article></main>", lang=lang)


def _site():
    # the Kazakh news items show no modification date; the Russian ones do
    pages = {"/": (302, None, None, "/kk/"),
             "/kk/": html(SWITCH["kk"].format(page="") + MENU["kk"] + f"<main><p>{TEXT['kk']}</p></main>", lang="kk"),
             "/ru/": html(SWITCH["ru"].format(page="") + MENU["ru"] + f"<main><p>{TEXT['ru']}</p></main>", lang="ru"),
             "/en/": html('<nav><a href="/en/about/">About</a></nav><main><p>The akimat of the region. ' * 5
                          + "</p></main>", lang="en")}
    for n in ("1", "2"):
        pages[f"/kk/news/{n}/"] = _news("kk", f"news/{n}/", modified=False)
        pages[f"/ru/news/{n}/"] = _news("ru", f"news/{n}/", modified=True)
    return make_site(pages, start="/")


def test_each_language_version_gets_its_own_verdict_beside_the_site_verdict():
    site = _site()
    found = {f["indicator"]: f for f in audit_site(site, Readings({})) if f.get("verdict") != "advisory"}
    dates = found["a4.2.9"]
    assert dates["verdict"] == "partial" and dates["points"] == 0.2  # the site: two kk pages lack the change date
    assert dates["by_language"]["kk"]["points"] == 0.2 and dates["by_language"]["ru"]["points"] == 0.4
    assert dates["by_language"]["kk"]["home"] == "http://site.test/kk/"
    assert all("by_language" in found[ind] for ind in BREAKDOWN if ind in found and found[ind].get("verdict")
               not in ("not_assessed", "error"))
    assert "by_language" not in found["a4.4.5"]  # site-wide indicators are not broken down


def test_a_language_view_holds_its_pages_and_the_files_they_link_to():
    site = _site()
    view = language_view(site, "ru", "http://site.test/ru/")
    assert view.home == "http://site.test/ru/"
    assert {p.url for p in view.html_pages()} == {"http://site.test/ru/", "http://site.test/ru/news/1/",
                                                  "http://site.test/ru/news/2/"}


def test_query_string_language_homes_and_pages_routed_through_the_home_file():
    pages = {"/Default.aspx?lang=kk": html('<select><option value="/Default.aspx?lang=ru">Рус</option></select>'
                                           '<a href="/Default.aspx?lang=ru" class="lang">Рус</a>'
                                           '<a href="/Default.aspx?tabid=60&lang=kk">Бөлім</a>', lang="kk"),
             "/Default.aspx?lang=ru": html('<a href="/Default.aspx?lang=kk" class="lang">Қаз</a>', lang="ru"),
             "/Default.aspx?tabid=60&lang=kk": html("<p>Бөлім</p>", lang="kk")}
    site = make_site(pages, start="/Default.aspx?lang=kk")
    homes = language_homes(site)
    assert homes == {"kk": "http://site.test/Default.aspx?lang=kk", "ru": "http://site.test/Default.aspx?lang=ru"}


def test_switch_rules_partial_english_untranslated_fallback_and_form_results():
    ext = '<a href="https://egov.kz/" target="_blank" title="eGov.kz (жаңа қосымша бетте ашылады)">eGov</a>'
    filter_form = '<form action="/ru/docs/" method="get"><select name="year"><option value="2025">2025</option>' \
                  '</select><button>Показать</button></form>'
    pages = {
        "/ru/": html('<ul class="lang-switch"><a href="/kk/" hreflang="kk">Қаз</a><a href="/en/" hreflang="en">En</a>'
                     "</ul>" + ext + '<a href="/ru/docs/">Документы</a><a href="/ru/invest/">Инвесторам</a>'),
        # the English version has no such page: its switch opens the English home, which is not counted
        "/ru/docs/": html('<ul class="lang-switch"><a href="/kk/docs/" hreflang="kk">Қаз</a>'
                          '<a href="/en/" hreflang="en">En</a></ul>' + filter_form),
        # a filter's result reached only by the form: its switch is not judged
        "/ru/docs/?year=2025": html('<ul class="lang-switch"><a href="/kk/" hreflang="kk">Қаз</a></ul>'),
        # Drupal's fallback: the Kazakh address shows the Russian text
        "/ru/invest/": html('<ul class="lang-switch"><a href="/kk/node/165" hreflang="kk">Қаз</a></ul>'
                            "<main><p>" + "Инвесторам: условия, льготы и контакты управления инвестиций. " * 5
                            + "</p></main>"),
        "/kk/node/165": html("<main><p>" + "Инвесторам: условия, льготы и контакты управления инвестиций. " * 5
                             + "</p></main>", lang="kk"),
        "/kk/": html("<p>Басты бет</p>", lang="kk"), "/kk/docs/": html("<p>Құжаттар</p>", lang="kk"),
        "/en/": html("<p>Home</p>", lang="en"),
    }
    f = audit_links(make_site(pages, start="/ru/"), SiteCheckSettings())
    wrong = [e for e in f["evidence"] if (e.get("measured") or {}).get("requirement") == 2]
    assert [e["url"] for e in wrong] == ["http://site.test/ru/invest/"], [e["snippet"] for e in wrong]
    assert "no translation" in wrong[0]["snippet"]
    assert f["measured"]["failed"] == ["language_switch"]  # the Kazakh new-window notice is understood
