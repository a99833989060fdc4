"""a4.2.9 judges dates on material pages only, a4.2.8 finds large documents by length or structure (issue #13 item 3);
the rules and readings are from ict-methodology.md rows 2.8/2.9 and A-8/A-10."""

from __future__ import annotations

from audits.site_checks.dates import audit_dates
from audits.site_checks.large_docs import audit_large_documents
from core.site_check_settings import SiteCheckSettings
from tests.site_checks.helpers import BASE, html, make_site

DEFAULTS = SiteCheckSettings()
MENU = '<nav class="menu"><a href="/ru/">Главная</a><a href="/ru/news/">Новости</a></nav>'


def news(n: int, modified: bool = True) -> str:
    changed = "<p>Изменено: 13.05.2026 16:00</p>" if modified else ""
    return html(MENU + f'<main><div class="breadcrumb"><a href="/ru/">Главная</a> / <a href="/ru/news/">Новости</a>'
                f"</div><h1>Новость номер {n} о работе акимата</h1><p>Опубликовано: 12.05.2026 10:30</p>{changed}"
                "<p>Текст новости о событиях района.</p></main>")


SECTION = html(MENU + "<main><h1>О районе</h1><p>Район расположен в центре области. Площадь 12 тыс. кв. км.</p>"
               "</main>")


def test_dates_are_judged_on_material_pages_not_on_sections():
    pages = {"/ru/": html(MENU), "/ru/news/1/": news(1), "/ru/news/2/": news(2)}
    pages |= {f"/ru/about/{i}/": SECTION.replace("О районе", f"О районе {i}") for i in range(6)}  # undated menus
    f = audit_dates(make_site(pages, start="/ru/"), DEFAULTS)
    assert f["verdict"] == "pass", f["note"]  # six undated section pages do not pull the shares down
    assert f["evidence"][0]["measured"]["pages"] == 2
    assert f["evidence"][0]["measured"]["page_types"] == {"news_item": 2}


def test_only_sections_is_not_applicable():
    pages = {"/ru/": html(MENU), "/ru/about/": SECTION}
    assert audit_dates(make_site(pages, start="/ru/"), DEFAULTS)["verdict"] == "not_applicable"


def test_a_date_only_in_meta_is_not_shown():
    meta = '<meta property="article:modified_time" content="2026-05-13T16:00">'
    page = news(1, modified=False).replace("<head>", "<head>" + meta)
    site = make_site({"/ru/": html(MENU), "/ru/news/1/": page}, start="/ru/")
    f = audit_dates(site, DEFAULTS)
    assert f["measured"]["failed"] == ["modified"]
    assert any("only in a meta tag" in (e.get("snippet") or "") for e in f["evidence"])


def test_site_wide_update_date_is_not_the_pages_change():
    footer = "<footer>Последнее обновление сайта: 28.06.2026 10:00</footer>"
    page = news(1, modified=False).replace("</main>", "</main>" + footer)
    f = audit_dates(make_site({"/ru/": html(MENU), "/ru/news/1/": page}, start="/ru/"), DEFAULTS)
    assert f["measured"]["failed"] == ["modified"]


def test_drupal_date_time_separator():
    page = news(1, modified=False).replace("12.05.2026 10:30", "12.05.2026 - 10:30") \
        .replace("</h1>", "</h1><p>Обновлено: 13.05.2026 - 12:42</p>")
    f = audit_dates(make_site({"/ru/": html(MENU), "/ru/news/1/": page}, start="/ru/"), DEFAULTS)
    assert f["verdict"] == "pass", f["evidence"]


def act(title: str, chapters: int, *, toc: bool, words: int = 12) -> str:
    body = "".join(f'<h2 id="g{i}">Глава {i}</h2><p>{"Положение пункта обязательно. " * words}</p>'
                   for i in range(1, chapters + 1))
    nav = "<nav class='toc'>" + "".join(f'<a href="#g{i}">{i}</a>' for i in range(1, chapters + 1)) + "</nav>"
    return html(MENU + f"<main><h1>{title}</h1><p>Опубликовано: 01.06.2026 10:00</p>{nav if toc else ''}{body}"
                       "</main>")


def test_large_document_by_structure_not_only_length():
    # ~1 700 characters: below large_doc_chars (4000), but an act with five headed chapters is a large document
    short_structured = act("Приказ № 5 «О правилах»", 5, toc=False)
    site = make_site({"/ru/": html(MENU), "/ru/npa/5/": short_structured}, start="/ru/")
    f = audit_large_documents(site, DEFAULTS)
    assert f["verdict"] == "partial" and f["measured"]["failed"] == ["anchors"], f["evidence"]
    assert "sub-headings" in f["evidence"][0]["measured"]["large_by"]
    with_toc = make_site({"/ru/": html(MENU), "/ru/npa/5/": act("Приказ № 5 «О правилах»", 5, toc=True)},
                         start="/ru/")
    assert audit_large_documents(with_toc, DEFAULTS)["verdict"] == "pass"
    stricter = SiteCheckSettings(large_doc_min_headings=6)  # the threshold is a reading
    assert audit_large_documents(site, stricter)["verdict"] == "not_applicable"


def test_structured_section_pages_are_no_large_documents():
    menu_page = html(MENU + "<main><h1>О районе</h1>" + "".join(f"<h2>Раздел {i}</h2><p>{'Текст. ' * 40}</p>"
                                                                for i in range(6)) + "</main>")
    site = make_site({"/ru/": html(MENU), "/ru/about/": menu_page}, start="/ru/")
    assert audit_large_documents(site, DEFAULTS)["verdict"] == "not_applicable"


def test_language_version_of_a_large_document_is_large():
    ru = act("Отчёт акима за 2025 год", 4, toc=False, words=20)
    kk = html(MENU + "<main><h1>Әкімнің 2025 жылғы есебі</h1><p>Жарияланған күні: 25.02.2026 17:30</p><p>"
              + "Жұмыс нәтижелері. " * 60 + "</p></main>", lang="kk")
    site = make_site({"/ru/": html(MENU), "/ru/otchety/2025/": ru, "/kk/esepter/2025/": kk}, start="/ru/")
    site.pages[BASE + "/kk/esepter/2025/"].info["counterparts"] = {"ru": BASE + "/ru/otchety/2025/"}
    f = audit_large_documents(site, DEFAULTS)
    assert f["measured"]["failed"] == ["blocks"], f["evidence"]  # the Kazakh version is one block of text
    kk_row = next(e for e in f["evidence"] if e["url"].endswith("/kk/esepter/2025/"))
    assert "language version" in kk_row["measured"]["large_by"]
