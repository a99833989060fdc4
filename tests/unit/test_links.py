from crawler.links import extract_links, looks_like_sitemap_page, parse_html

PAGE = """<html lang="ru"><body>
<header><a href="/" class="logo"><img src="l.png" alt="Логотип"></a>
<div class="lang-switch"><a href="/kk/page">Қаз</a><a href="/ru/page">Рус</a></div></header>
<nav class="main-menu"><ul><li><a href="/ru/news">Новости</a></li>
<li><a href="/ru/docs#top">Документы</a></li></ul></nav>
<ol class="breadcrumb"><li><a href="/ru/">Главная</a></li></ol>
<main><a href="files/report.pdf">Отчёт</a> <a href="mailto:a@b.kz">mail</a> <a href="javascript:void(0)">x</a>
<a href="https://external.example/" target="_blank">ext</a></main>
<footer><a href="/ru/sitemap">Карта сайта</a></footer></body></html>"""


def test_kinds_by_position():
    links = {link.text: link for link in extract_links(PAGE, "http://site.kz/ru/page")}
    assert links["Логотип"].kind == "header" and links["Логотип"].url == "http://site.kz/"
    assert links["Қаз"].kind == "lang"
    assert links["Новости"].kind == "menu"
    assert links["Документы"].url == "http://site.kz/ru/docs"  # fragment dropped
    assert links["Главная"].kind == "breadcrumb"
    assert links["Отчёт"].kind == "content" and links["Отчёт"].url == "http://site.kz/ru/files/report.pdf"
    assert links["Карта сайта"].kind == "footer"
    assert links["ext"].new_window
    assert "mail" not in links and "x" not in links


def test_sitemap_page_links_are_sitemap_kind():
    html = "<html><head><title>Карта сайта</title></head><body><ul><li><a href='/a'>A</a></li></ul></body></html>"
    doc = parse_html(html)
    assert looks_like_sitemap_page(doc, "http://s.kz/ru/map")
    assert [link.kind for link in extract_links(doc, "http://s.kz/ru/map", is_sitemap=True)] == ["sitemap"]


def test_broken_html_does_not_crash():
    assert extract_links(b"", "http://s.kz/") == []
    assert extract_links("<a href='x'>unclosed", "http://s.kz/") [0].url == "http://s.kz/x"


def test_language_detection_by_words():
    from crawler.language import detect_language

    kk = "Қазақстан Республикасының Қаржы министрлігі азаматтарды қабылдау кестесін жариялайды"
    assert detect_language(kk) == "kk"
    ru_with_names = ("Председатель агентства — Иванов Иван Иванович. Заместитель председателя — Ахметова Әлия "
                     "Серікқызы. Адрес: г. Астана, пр. Мәңгілік Ел, приём граждан по вторникам и четвергам.")
    assert detect_language(ru_with_names) == "ru"
    assert detect_language("The Ministry of Finance publishes the schedule of citizens' reception") == "en"
    assert detect_language("ок") is None
