"""A small handmade CMS-style site for the template and sample tests: every page is built from one of a few
layouts, the way a CMS builds them, with different texts, lengths and menu states.

Ground truth (written by hand from how the pages are built below):
- TEMPLATES: which pages share a template (the home layout; the news item layout; the news list; the section
  layout, also used by the services page with its modal trigger; contacts; the feedback form; the gallery; the long
  regulation document).
- FORCED: the pages that must be checked whatever their template, and the feature that forces each.
Every page has the same header with a one-field search form (it must force nothing) and the same menu, where the
current item has class "active".
"""

from __future__ import annotations

MENU = [("/ru/", "Главная"), ("/ru/about", "О нас"), ("/ru/news", "Новости"), ("/ru/contacts", "Контакты"),
        ("/ru/feedback", "Обращения")]


def layout(path: str, title: str, main: str, *, body_class: str = "page", lang: str = "ru") -> str:
    items = "".join(f'<li class="menu-item{" active" if href == path else ""}"><a href="{href}">{text}</a></li>'
                    for href, text in MENU)
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>.menu-item{{display:inline}}</style></head>
<body class="{body_class}">
<header class="site-header"><div class="logo"><a href="/ru/"><img src="/logo.png" alt="Герб"></a></div>
<form class="search" action="/ru/search" role="search"><input type="search" name="q" aria-label="Поиск">
<button>Найти</button></form>
<nav class="main-menu"><ul>{items}</ul></nav></header>
<main id="content" class="container">{main}</main>
<footer class="site-footer"><div class="copyright">© 2026 Акимат</div><div class="counter">Посетителей: 1234</div>
</footer></body></html>"""


def home(lang: str) -> str:
    cards = "".join(f'<div class="news-card"><a href="/ru/news/{100 + i}">Новость {i}</a>'
                    f'<span class="date">0{i}.03.2026</span></div>' for i in range(1, 4))
    return layout(f"/{lang}/", "Главная", f'<section class="home-news"><h2>Новости</h2>{cards}</section>'
                  '<section class="home-links"><ul class="links"><li><a href="/ru/about">О нас</a></li></ul>'
                  "</section>", body_class="home", lang=lang)


def news_item(n: int, paragraphs: int, extra: str = "") -> str:
    text = "".join(f"<p>Абзац {i} новости {n}: " + "текст " * (5 + 7 * i) + "</p>" for i in range(paragraphs))
    return layout(f"/ru/news/{n}", f"Новость {n}",
                  f'<article class="news-item"><h1>Новость номер {n}</h1><div class="news-date">{n % 28 + 1}.03.2026'
                  f'</div><div class="news-text">{text}{extra}</div></article>')


def news_list() -> str:
    items = "".join(f'<div class="news-row"><a href="/ru/news/{n}">Новость {n}</a><span>{n}.03</span></div>'
                    for n in range(101, 107))
    return layout("/ru/news", "Новости", f'<div class="news-list">{items}</div>'
                  '<ul class="pager"><li><a href="?page=2">2</a></li></ul>')


def section(path: str, title: str, paragraphs: int, extra: str = "") -> str:
    text = "".join(f"<p>{title}: раздел, абзац {i}.</p>" for i in range(paragraphs))
    return layout(path, title, f'<div class="page-content"><h1>{title}</h1><div class="text">{text}{extra}</div></div>')


def contacts() -> str:
    cards = "".join(f'<div class="contact-card"><h3>Отдел {i}</h3><dl><dt>Телефон</dt><dd>+7 7172 00 00 0{i}</dd>'
                    "</dl></div>" for i in range(1, 4))
    return layout("/ru/contacts", "Контакты", f'<div class="contacts-grid">{cards}</div>')


def feedback() -> str:
    return layout("/ru/feedback", "Обращения", '<div class="page-content"><h1>Обращение</h1>'
                  '<form class="feedback" action="/ru/feedback/send" method="post">'
                  '<label for="n">Имя</label><input id="n" name="name">'
                  '<label for="e">E-mail</label><input id="e" type="email" name="email">'
                  '<label for="m">Текст</label><textarea id="m" name="message"></textarea>'
                  "<button>Отправить</button></form></div>")


def gallery() -> str:
    slides = "".join(f'<div class="swiper-slide"><img src="/photo/{i}.jpg" alt="Фото {i}"></div>' for i in range(5))
    return layout("/ru/gallery", "Фотогалерея", '<div class="page-content"><h1>Фотогалерея</h1>'
                  f'<div class="swiper gallery-slider"><div class="swiper-wrapper">{slides}</div></div></div>')


MODAL = ('<p><a class="btn" href="#modal-apply" data-bs-toggle="modal">Записаться на приём</a></p>'
         '<div class="modal" id="modal-apply" role="dialog" aria-label="Запись"><p>Форма записи</p></div>')


def regulation() -> str:
    parts = "".join(f"<h2>Глава {i}</h2><p>Положение, глава {i}. " + "норма " * 40 + "</p>" for i in range(1, 16))
    return layout("/ru/documents/polozhenie-ob-akimate-rayona", "Положение",
                  f'<div class="doc-view"><h1>Положение об акимате</h1><div class="doc-text">{parts}</div></div>')


VIDEO = '<video src="/media/briefing.mp4" controls></video>'

PAGES: dict[str, str] = {
    "/ru/": home("ru"),
    "/kk/": home("kk"),
    "/ru/news/101": news_item(101, 1),
    "/ru/news/102": news_item(102, 4),
    "/ru/news/103": news_item(103, 9, '<p><img src="/photo/103.jpg" alt="Фото"></p>'),
    "/ru/news/104": news_item(104, 2, "<table><tr><td>1</td><td>2</td></tr></table>"),
    "/ru/news/105": news_item(105, 6, "<ul><li>пункт</li><li>пункт</li></ul>"),
    "/ru/news/106": news_item(106, 3, VIDEO),
    "/ru/news": news_list(),
    "/ru/about": section("/ru/about", "О нас", 3),
    "/ru/history": section("/ru/history", "История", 7),
    "/ru/structure": section("/ru/structure", "Структура", 1, "<ul><li>Отдел</li></ul>"),
    "/ru/services": section("/ru/services", "Услуги", 2, MODAL),
    "/ru/contacts": contacts(),
    "/ru/feedback": feedback(),
    "/ru/gallery": gallery(),
    "/ru/documents/polozhenie-ob-akimate-rayona": regulation(),
}

# template name -> its pages (by hand, from the builders above)
TEMPLATES: dict[str, set[str]] = {
    "home": {"/ru/", "/kk/"},
    "news item": {f"/ru/news/{n}" for n in range(101, 107)},
    "news list": {"/ru/news"},
    "section": {"/ru/about", "/ru/history", "/ru/structure", "/ru/services"},
    "contacts": {"/ru/contacts"},
    "form": {"/ru/feedback"},
    "gallery": {"/ru/gallery"},
    "document": {"/ru/documents/polozhenie-ob-akimate-rayona"},
}

FORCED: dict[str, str] = {
    "/ru/feedback": "form",
    "/ru/gallery": "motion",
    "/ru/services": "dialog",
    "/ru/news/106": "media",
    "/ru/documents/polozhenie-ob-akimate-rayona": "long_document",
}
