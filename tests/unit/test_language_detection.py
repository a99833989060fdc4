"""Language and script of a text (issue #13 item 7), measured on tests/data/language and on specific cases."""

from __future__ import annotations

import re

import pytest
from lxml import html

from crawler.language import detect_language, identify_language
from crawler.page_info import describe_html
from tests.measure_language import CLASSES, OTHER, load_samples, new_detect, old_detect, tally

FULL_TEXT_ACCURACY = 0.95
# Short titles (3-8 words) may come out unknown - callers then fall back to the URL and the declared lang - but
# never as a wrong language.
TITLE_ACCURACY = 0.8
OTHER_ACCURACY = 0.9

SAMPLES = load_samples()
TALLY = tally(SAMPLES, new_detect, with_script=True)


def test_the_data_set_is_as_described():
    for cls in CLASSES:
        entries = [s for s in SAMPLES if s.cls == cls]
        titles = [s for s in entries if s.kind == "title"]
        assert len(entries) >= 40 and len(titles) >= 10, cls
        assert all(3 <= len(s.text.split()) <= 8 for s in titles), cls
        assert all(len(s.text.split()) > 8 for s in entries if s.kind == "text"), cls
    assert all(re.match(r"https?://", s.source) for s in SAMPLES)
    assert len({s.text for s in SAMPLES}) == len(SAMPLES), "duplicate texts"


@pytest.mark.parametrize("cls", CLASSES)
def test_full_texts_per_class(cls):
    t = TALLY[(cls, "text")]
    assert t.accuracy >= FULL_TEXT_ACCURACY, f"{cls}: {t}"
    assert t.wrong == 0, f"{cls}: {t}"


@pytest.mark.parametrize("cls", CLASSES)
def test_short_titles_per_class_unknown_rather_than_wrong(cls):
    t = TALLY[(cls, "title")]
    assert t.accuracy >= TITLE_ACCURACY, f"{cls}: {t}"
    assert t.wrong == 0, f"{cls}: {t}"


def test_other_languages_are_none_not_kk_ru_en():
    t = TALLY[(OTHER, "text")]
    assert t.accuracy >= OTHER_ACCURACY, t


def test_old_detector_misread_latin_kazakh_as_english_and_the_new_one_does_not():
    old = tally([s for s in SAMPLES if s.cls == "kk-latn"], old_detect, with_script=False)
    assert old[("kk-latn", "text")].right == 0
    assert TALLY[("kk-latn", "text")].accuracy >= FULL_TEXT_ACCURACY


@pytest.mark.parametrize("text, lang, script", [
    # 2021 alphabet
    ("Aqmola oblysynyñ äkımdıgı jyl qorytyndysy boiynşa azamattarmen kezdesu ötkızetının habarlaidy.", "kk", "latn"),
    # 2018 alphabet
    ("Aqmola oblysynyń ákimdigi jyl qorytyndysy boıynsha azamattarmen kezdesý ótkizetinin habarlaıdy.", "kk", "latn"),
    ("Akimat Akmolinskoy oblasti soobshchayet o vstreche s zhitelyami po itogam goda.", "ru", "latn"),
    ("Akimat Akmolinskoi oblasti soobshchaet o vstreche s zhiteliami po itogam goda.", "ru", "latn"),
    ("The akimat of Akmola region announces a meeting with residents on the results of the year.", "en", "latn"),
    ("Ақмола облысының әкімдігі жыл қорытындысы бойынша тұрғындармен кездесу өтетінін хабарлайды.", "kk", "cyrl"),
    ("Акимат Акмолинской области сообщает о встрече с жителями по итогам года.", "ru", "cyrl"),
])
def test_each_language_in_each_script(text, lang, script):
    found = identify_language(text)
    assert (found.lang, found.script) == (lang, script), found
    assert detect_language(text) == lang
    assert 0.0 <= found.confidence <= 1.0


def test_russian_with_many_kazakh_names_is_russian():
    text = ("Руководство: аким района — Төлеуов Әділет Қайратұлы, заместитель акима — Мұхамедиярова Гүлнұр "
            "Сәбитқызы. Приём граждан проводится по понедельникам в здании акимата.")
    assert identify_language(text).lang == "ru"


@pytest.mark.parametrize("text", [
    "Посольство України інформує громадян про зміну графіка роботи консульського відділу.",  # і, not Kazakh
    "Büyükelçilik, konsolosluk bölümünün çalışma saatlerinin değiştiğini duyurur.",  # ş ğ ı ü, not Latin Kazakh
    "Die Botschaft informiert über die neuen Öffnungszeiten der Konsularabteilung.",  # Latin, not English
    "ok",  # too short
    "2024 · 12:00 · № 15",  # no letters
])
def test_none_rather_than_a_wrong_language(text):
    assert identify_language(text).lang is None


def test_page_info_records_language_and_script_of_a_latin_kazakh_page():
    page = html.fromstring(
        "<html lang='kk'><body><nav><a href='/qq/'>Qazaqşa</a> <a href='/en/'>English</a></nav><main>"
        "<h1>Jaña mektepter</h1><p>Bıyl oblysta üş jaña mektep paidalanuğa berıledı. Mektepterdıñ qūrylysy "
        "memlekettık bağdarlama aiasynda jürgızıldı, oquşylar oryndarynyñ tapşylyğy azaiady.</p></main></body></html>")
    info = describe_html(page, "https://www.gov.kz/memleket/entities/akmola/press/news/details/1", [])
    assert (info["lang_detected"], info["lang_script"]) == ("kk", "latn")
    assert info["lang_method"] == "kk-latin" and info["lang_confidence"] >= 0.7


def test_page_info_keeps_an_english_page_english():
    page = html.fromstring(
        "<html><body><main><h1>New schools</h1><p>Three new schools will open in Akmola region this year under "
        "the state programme, reducing the shortage of student places.</p></main></body></html>")
    info = describe_html(page, "https://www.gov.kz/memleket/entities/akmola/press/news/details/1?lang=en", [])
    assert (info["lang_detected"], info["lang_script"]) == ("en", "latn")
