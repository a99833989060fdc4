"""A top bar "home | <language>" (the legacy fixture's archive template) is a language switch, not a breadcrumb
trail: the language link keeps kind `lang`, so the page keeps its counterpart."""

from __future__ import annotations

from crawler.breadcrumbs import find_trail
from crawler.lang_switch import counterparts
from crawler.links import extract_links, parse_html

TOP_BAR = """<html lang="kk"><head><title>Мұрағат</title></head><body>
<table><tr><td class="top"><a href="/kk/">Басты бет</a> | <a href="/ru/archive/" lang="ru">Русский</a></td></tr>
<tr><td><h1>Мұрағат</h1><p>Агенттіктің 2015-2019 жылдардағы жаңалықтары мен хабарландырулары осы бөлімде
жылдар мен айлар бойынша сақталады. Әрбір жазбаның жарияланған күні көрсетілген; құжаттардың түпнұсқалары
тиісті жылдың бөлімінде орналасқан. Іздеу үшін сайттың іздеу жолын пайдаланыңыз немесе жылды таңдаңыз.</p>
</td></tr></table></body></html>"""
TRAIL = """<html lang="kk"><head><title>Мұрағат</title></head><body>
<div class="top"><a href="/kk/">Басты бет</a> | <a href="/kk/news/">Жаңалықтар</a> | Мұрағат</div>
<h1>Мұрағат</h1><p>Жаңалықтар мұрағаты.</p></body></html>"""


def test_home_and_language_is_not_a_trail() -> None:
    url = "http://site.test/kk/archive/"
    doc = parse_html(TOP_BAR)
    assert find_trail(doc, url) is None
    links = extract_links(doc, url)
    assert [(link.url, link.kind) for link in links if "/ru/" in link.url] == [("http://site.test/ru/archive/", "lang")]
    assert counterparts(doc, url, links) == {"ru": "http://site.test/ru/archive/"}


def test_the_same_bar_with_sections_is_a_trail() -> None:
    assert find_trail(parse_html(TRAIL), "http://site.test/kk/archive/") is not None
