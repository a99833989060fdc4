"""Morphology and synonyms of Appendix 5 matching (crawler/content/morph.py, match.py, accept.py)."""

from __future__ import annotations

import pytest

from audits.content.accept import is_news_item, passage_is_labelled, wrong_language, wrong_page_language
from core.artifacts import PageArtifact
from crawler.content.morph import kk_stem, match_terms, term, term_phrase, tokens


@pytest.mark.parametrize(("word", "stem"), [
    ("туы", "ту"), ("туымыздың", "ту"),                      # possessive + genitive
    ("қызметтердің", "қызмет"), ("тексерулердің", "тексеру"),  # plural + genitive
    ("жылғы", "жыл"), ("облыстағы", "облыс"),                  # relative adjectives
    ("кандидаттарға", "кандидат"), ("департаменттеріміз", "департамент"),
    ("әдебі", "әдеп"),                                        # б -> п before a vowel ending
    ("мемлекеттік", "мемлекеттік"),                           # derivational -тік is kept: not "мемлекет"
])
def test_kazakh_endings_are_stripped_by_the_data_rules(word, stem):
    assert kk_stem(word) == stem


def test_kazakh_forms_of_one_word_reach_one_stem():
    assert len({kk_stem(w) for w in ("жоспар", "жоспары", "жоспардың", "жоспарына", "жоспарлар")}) == 1


@pytest.mark.parametrize(("a", "b"), [("исполнен", "исполнения"), ("выполнено", "исполнение"),
                                      ("расходовались", "расходование"), ("кандидатам", "претендентов")])
def test_russian_inflection_and_synonyms_give_one_term(a, b):
    assert term(a, "ru") == term(b, "ru")


def test_unrelated_words_stay_apart():
    assert term("проверка", "ru") != term("проект", "ru")
    assert term("план", "ru") != term("закупка", "ru")


@pytest.mark.parametrize(("phrase", "lang", "text", "hit"), [
    ("исполнение бюджета", "ru", "Бюджет 2025 года выполнен полностью", True),   # order, synonym, inflection
    ("исполнени* бюджет*", "ru", "Как исполнялся бюджет", True),                 # a stem finds a synonym class
    ("исполнение бюджета", "ru", "Исполнение плана закупок", False),
    ("бюджет* орындал*", "kk", "Орындалған бюджет туралы есеп", True),
    ("мемлекеттік ту", "kk", "Мемлекеттік Туымыздың сипаттамасы", True),
    ("мемлекеттік ту", "kk", "Мемлекеттік тұрғын үй қоры", False),
])
def test_term_phrases_match_in_any_order_within_the_window(phrase, lang, text, hit):
    tp = term_phrase(phrase, lang)
    assert tp is not None
    assert (match_terms(tp, tokens(text, lang)) is not None) is hit


def test_phrase_words_far_apart_in_running_text_do_not_match():
    tp = term_phrase("исполнение бюджета", "ru")
    text = "Исполнение поручений главы государства обсуждалось на совещании, где также говорили о бюджете"
    assert match_terms(tp, tokens(text, "ru")) is None


@pytest.mark.parametrize(("text", "before", "labelled"), [
    ("Адрес: 010000, Астана, ул. Мангилик Ел, 8", 0, True),
    ("Наш почтовый адрес — 010000, Астана", 1, True),
    ("В 2026 году комитет рассмотрел 140 обращений и провёл анализ обращений граждан по регионам", 9, False),
    ("Вакансии " + "очень длинный текст новости о событиях " * 12, 0, False),
])
def test_a_passage_counts_only_when_the_items_words_open_it(text, before, labelled):
    assert passage_is_labelled(text, before) is labelled


def test_a_block_in_the_other_language_is_recognised():
    assert wrong_language("Мемлекеттік көрсетілетін қызметтер стандарттары", "ru")
    assert wrong_language("Стандарты оказания государственных услуг населению", "kk")
    assert wrong_language("Мемлекеттік көрсетілетін қызметтер стандарттары", "kk") is None
    assert wrong_language("Ту", "kk") is None  # too short to judge: the benefit of the doubt
    ru_page = "Инвестиционные возможности области: свободные земельные участки, налоговые преференции, " \
              "сопровождение проектов по принципу одного окна и поддержка инвесторов на всех этапах."
    assert wrong_page_language(ru_page, "kk")
    assert wrong_page_language(ru_page, "ru") is None


@pytest.mark.parametrize(("url", "info", "news"), [
    ("http://x/ru/news/123/", {}, True),
    ("http://x/Pages/Announcement.aspx?ID=87&lang=ru", {}, True),
    ("http://x/ru/category/news/", {}, False),           # the news list is the feed itself
    ("http://x/ru/o-nas/", {}, False),
    ("http://x/ru/o-nas/", {"page_type": "news"}, True),  # the crawl's page type wins when it records one
    ("http://x/ru/news/123/", {"page_type": "contacts"}, False),
])
def test_news_items_by_page_type_or_url(url, info, news):
    assert is_news_item(PageArtifact(url, 200, "text/html", "<p>x</p>", info=info)) is news
