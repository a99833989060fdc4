"""Which language a text is in (Kazakh, Russian, English) and in which script.

Kazakh is written in Cyrillic and, on a growing number of state sites, in the Latin state alphabets (2021:
ä ö ü ğ ū ı ñ ş ç, і → ı; 2018: á ó ú ǵ ń ý ı, sh/ch); Russian is sometimes published transliterated into Latin.
`identify_language` answers (language, script, confidence, method):

- Cyrillic text: the lingua detector (n-gram models of Kazakh, Russian and a few Cyrillic look-alikes) decides
  when it is sure, which keeps a Russian page thick with Kazakh names (Мәңгілік Ел, Серікқызы) Russian; when it
  is not, the Kazakh-only letters ә ғ қ ң ө ұ ү һ decide if enough words carry them (words, not letters).
- Latin text: lingua tells English from other Latin-script languages; Kazakh-Latin letters (q, ä, ñ, ū, ǵ, ń …) send
  the text through the state-alphabet table back into Cyrillic, and lingua's Kazakh model must agree; otherwise a
  Russian transliteration table is reversed and lingua's Russian model must agree. lingua has no Latin Kazakh or
  Latin Russian model, and this way its Cyrillic models judge them.
- Too little text, or a detector that is not sure, gives None rather than a wrong language: callers fall back to
  the URL and the declared lang.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qs, urlsplit

from lingua import Language, LanguageDetector, LanguageDetectorBuilder
from lxml import etree

# Kazakh's own Cyrillic letters; і is left out because Ukrainian and Belarusian write it too.
KK_STRONG_LETTERS = set("әғқңөұүһӘҒҚҢӨҰҮҺ")
KK_WORD_SHARE = 0.15
MIN_LETTERS = 20
# lingua's relative confidence below which the answer is None. Swept on tests/data/language: no kk/ru/en text or
# title gets a wrong language at 0.5-0.9; below 0.7 an Uzbek text passes for transliterated Russian, above it
# more short titles come out unknown (3 of 70 at 0.7, 6 at 0.9).
MIN_CONFIDENCE = 0.7
# Latin-Kazakh proof: the 2021 letters ä ñ ū, the 2018 letters á ǵ ń ó ú ý, and q (for қ; of the languages met
# here only Azerbaijani and Uzbek write it, and English only as "qu"). ğ ı ş ö ü ç are Turkish as much as Kazakh.
KK_LATIN_PROOF = set("äñūǵńáóúýÄÑŪǴŃÁÓÚÝ")
KK_LATIN_SHARED = set("ğışöüçĞŞÖÜÇ")
KK_LATIN = KK_LATIN_PROOF | KK_LATIN_SHARED | {"İ"}
KK_LATIN_2018 = set("áǵńóúýÁǴŃÓÚÝ")
KK_LATIN_2021 = set("äğñöūüşçÄĞÑÖŪÜŞÇ")
KK_LATIN_WORD_SHARE = 0.08
SAMPLE_CHARS = 3000  # lingua reads at most this much of a page
READ_CHARS = 20_000  # the letter rules read this much: plenty to tell, and a 200 KB page costs no more
# Decided by measurement (python -m tests.measure_language --modes): low-accuracy mode loads trigram models only,
# ~36 MB resident instead of ~365 MB and no 2.5 s first load, and on this data set it does as well as the high
# mode on full texts and better on short titles once the script rules have done their part.
LOW_ACCURACY = True
# Look-alikes that must be able to win, so that a Ukrainian, Bulgarian, Turkish or German text comes out "not
# kk/ru/en" instead of being forced into one of the three (decided by measurement, see tests/measure_language.py):
CYRILLIC_LOOKALIKES = (Language.UKRAINIAN, Language.BELARUSIAN, Language.BULGARIAN)  # share і or most letters
KK_LATIN_LOOKALIKES = (Language.TURKISH, Language.AZERBAIJANI)  # Latin Kazakh reads as these
# Transliterated Russian reads as a Latin-script Slavic language.
RU_LATIN_LOOKALIKES = (Language.POLISH, Language.CZECH, Language.CROATIAN, Language.SLOVENE)
FOREIGN = (Language.GERMAN, Language.FRENCH)  # the other languages most often found on Kazakh state sites
CONFUSERS = CYRILLIC_LOOKALIKES + KK_LATIN_LOOKALIKES + RU_LATIN_LOOKALIKES + FOREIGN
MAX_FOREIGN_WORDS = 0.05  # share of words with letters of neither English nor the Kazakh alphabets (é ß ł č …)
_CODES = {Language.KAZAKH: "kk", Language.RUSSIAN: "ru", Language.ENGLISH: "en"}

_WORD = re.compile(r"[\w'’-]+")
_LANG_CODES = {"kk": "kk", "kz": "kk", "kaz": "kk", "qaz": "kk", "qq": "kk", "қаз": "kk", "каз": "kk",
               "қазақша": "kk", "казахский": "kk",
               "ru": "ru", "rus": "ru", "рус": "ru", "русский": "ru", "орысша": "ru",
               "en": "en", "eng": "en", "english": "en", "ағылшынша": "en", "английский": "en"}


@dataclass(frozen=True)
class TextLanguage:
    lang: str | None  # 'kk', 'ru', 'en' or None
    script: str | None  # 'cyrl', 'latn' or None (no letters to speak of)
    confidence: float  # the detector's relative confidence in `lang` (0 when lang is None for lack of text)
    method: str  # what decided: kk-letters, detector, kk-latin, ru-translit, english, unsure, other, too-short


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


def _is_latin(ch: str) -> bool:
    return ch.isalpha() and (ch < "\u0250" or "\u1e00" <= ch <= "\u1eff")


@cache
def detector() -> LanguageDetector:
    """One lingua detector for the process; it picks the languages of the text's own script by itself."""
    builder = LanguageDetectorBuilder.from_languages(Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH, *CONFUSERS)
    return (builder.with_low_accuracy_mode() if LOW_ACCURACY else builder).build()


def _confidences(text: str) -> tuple[Language | None, float, dict[Language, float]]:
    values = {c.language: c.value for c in detector().compute_language_confidence_values(text[:SAMPLE_CHARS])}
    if not values:
        return None, 0.0, values
    top = max(values, key=values.__getitem__)
    return top, values[top], values


def _table(pairs: str) -> dict[str, str]:
    latin, cyrillic = pairs.split("|")
    return dict(zip(latin, cyrillic, strict=True))


# The state alphabets read back into Cyrillic: Decree No. 569 of 2017 as amended in 2018 (á ǵ ń ó ú ý, sh ch,
# і → i, и/й → ı) and its 2021 revision (ä ğ ñ ö ū ü ş ç, і → ı, и/й → i).
_KK_2021 = _table("aäbdefgğhiıjklmnñoöpqrsştuūüvyzçcwx|аәбдефгғхиіжклмнңоөпқрсштуұүвызчцук")
_KK_2018 = _table("aábdefgǵhiıjklmnńoópqrstuúvyýzcwx|аәбдефгғхіижклмнңоөпқрстұүвыузцук")
_KK_2018_DIGRAPHS = {"sh": "ш", "ch": "ч"}
# Russian transliterations in use (BGN/PCGN, ICAO passport, everyday): longest spelling first.
_RU_DIGRAPHS = {"shch": "щ", "sch": "щ", "zh": "ж", "kh": "х", "ts": "ц", "ch": "ч", "sh": "ш", "yo": "ё",
                "ya": "я", "yu": "ю", "ye": "е", "ia": "я", "iu": "ю", "iy": "ий", "yy": "ый", "ay": "ай",
                "oy": "ой", "ey": "ей", "uy": "уй"}
_RU = _table("abvgdezijklmnoprstufhcyxwq'’|абвгдезийклмнопрстуфхцыквкьь")


def _digraph_pattern(digraphs: dict[str, str]) -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, digraphs), key=len, reverse=True)))


_KK_2018_PATTERN = _digraph_pattern(_KK_2018_DIGRAPHS)
_RU_PATTERN = _digraph_pattern(_RU_DIGRAPHS)


def _transliterate(text: str, table: dict[str, str], digraphs: dict[str, str] | None = None,
                   pattern: re.Pattern[str] | None = None) -> str:
    text = text.replace("İ", "i").lower()  # str.lower() turns İ into i + a combining dot
    if digraphs and pattern:
        text = pattern.sub(lambda m: digraphs[m.group(0)], text)
    return "".join(table.get(ch, ch) for ch in text)


def latin_kazakh_to_cyrillic(text: str) -> str:
    """Latin Kazakh read back into Cyrillic, by the 2018 table when its letters outnumber the 2021 ones."""
    n2018 = sum(ch in KK_LATIN_2018 for ch in text)
    n2021 = sum(ch in KK_LATIN_2021 for ch in text)
    if n2018 > n2021:
        return _transliterate(text, _KK_2018, _KK_2018_DIGRAPHS, _KK_2018_PATTERN)
    return _transliterate(text, _KK_2021)


def latin_russian_to_cyrillic(text: str) -> str:
    """Transliterated Russian read back into Cyrillic, whichever of the common schemes it follows."""
    return _transliterate(text, _RU, _RU_DIGRAPHS, _RU_PATTERN)


def _kk_latin_word(word: str) -> bool:
    low = word.lower()
    return any(ch in KK_LATIN_PROOF for ch in word) or ("q" in low and not re.search(r"qu[aeio]", low))


def identify_language(text: str) -> TextLanguage:
    """Language and script of a text; lang None when there is too little text or the detector is not sure."""
    cyr_words: list[str] = []
    lat_words: list[str] = []
    cyr = lat = 0
    for word in _WORD.findall(text[:READ_CHARS]):
        c = sum(1 for ch in word if _is_cyrillic(ch))
        la = sum(1 for ch in word if _is_latin(ch))
        if c and c >= la:
            cyr_words.append(word)
            cyr += c
        elif la:
            lat_words.append(word)
            lat += la
    if cyr + lat < MIN_LETTERS:
        return TextLanguage(None, None, 0.0, "too-short")
    if cyr >= lat:
        return _cyrillic(cyr_words)
    return _latin(lat_words)


def _cyrillic(words: list[str]) -> TextLanguage:
    top, conf, values = _confidences(" ".join(words))
    strong = sum(1 for w in words if any(ch in KK_STRONG_LETTERS for ch in w))
    if strong and top in CYRILLIC_LOOKALIKES:
        # Kazakh names in a Russian text (Мәңгілік Ел, Серікқызы) make lingua read their і as Ukrainian, though
        # Ukrainian never writes ә ғ қ ң ө ұ ү һ: ask again without the words in Kazakh letters.
        rest = [w for w in words if not any(ch in KK_STRONG_LETTERS or ch in "іІ" for ch in w)]
        if sum(len(w) for w in rest) >= MIN_LETTERS:
            top, conf, values = _confidences(" ".join(rest))
    # The detector first: a Russian page thick with Kazakh names (a list of officials, Қарасай ауданы) has many
    # words in Kazakh letters and still reads as Russian; the letters decide when the detector is not sure.
    if top in _CODES and conf >= MIN_CONFIDENCE:
        return TextLanguage(_CODES[top], "cyrl", conf, "detector")
    if strong / len(words) >= KK_WORD_SHARE:
        return TextLanguage("kk", "cyrl", values.get(Language.KAZAKH, 0.0), "kk-letters")
    return TextLanguage(None, "cyrl", conf, "other" if top and conf >= MIN_CONFIDENCE else "unsure")


def _latin(words: list[str]) -> TextLanguage:
    sample = " ".join(words)[:SAMPLE_CHARS]
    top, conf, values = _confidences(sample)
    n = len(words)
    proof = sum(1 for w in words if _kk_latin_word(w)) / n
    shared = sum(1 for w in words if any(ch in KK_LATIN_SHARED for ch in w)) / n
    foreign = sum(1 for w in words if any(not ch.isascii() and ch not in KK_LATIN for ch in w if ch.isalpha())) / n
    reads_turkic = top in KK_LATIN_LOOKALIKES and conf >= MIN_CONFIDENCE
    # ğ ı ş ö ü ç alone are Turkish as much as Kazakh: they count only when the text does not read as Turkish.
    if foreign < MAX_FOREIGN_WORDS and max(proof, 0.0 if reads_turkic else shared) >= KK_LATIN_WORD_SHARE:
        top_kk, conf_kk, _ = _confidences(latin_kazakh_to_cyrillic(sample))
        if top_kk == Language.KAZAKH and conf_kk >= MIN_CONFIDENCE:
            return TextLanguage("kk", "latn", conf_kk, "kk-latin")
    if top == Language.ENGLISH and conf >= MIN_CONFIDENCE:
        return TextLanguage("en", "latn", conf, "english")
    # Transliterated Russian is plain ASCII and reads as a Slavic language, never as English, German or French;
    # the reversed transliteration must then read as Russian to lingua's Cyrillic model.
    plain = foreign + shared < MAX_FOREIGN_WORDS and values.get(Language.ENGLISH, 0.0) < 1 - MIN_CONFIDENCE
    if plain and top not in FOREIGN + (Language.ENGLISH,):
        top_ru, conf_ru, _ = _confidences(latin_russian_to_cyrillic(sample))
        if top_ru == Language.RUSSIAN and conf_ru >= MIN_CONFIDENCE:
            return TextLanguage("ru", "latn", conf_ru, "ru-translit")
    return TextLanguage(None, "latn", conf, "other" if top and conf >= MIN_CONFIDENCE else "unsure")


def detect_language(text: str) -> str | None:
    """'kk', 'ru', 'en' or None when there is too little text to tell or the detector is not sure."""
    return identify_language(text).lang


def visible_text(doc: etree._Element) -> str:
    """The page's readable text, without scripts, styles and the navigation furniture."""
    body = doc.find(".//body")
    root = body if body is not None else doc
    parts: list[str] = []
    for el in root.iter():
        if el.tag in ("script", "style", "noscript", "template") or not isinstance(el.tag, str):
            continue
        if el.text and el.getparent() is not None:
            parts.append(el.text)
        if el.tail:
            parts.append(el.tail)
    return " ".join(" ".join(parts).split())


def main_text(doc: etree._Element) -> str:
    """Text of the main content area when the page marks one (main, article, #content), else all visible text."""
    for xpath in (".//main", ".//article", ".//*[@id='content']", ".//*[contains(@class,'content')]"):
        found = next(iter(doc.xpath(xpath)), None)
        if found is not None:
            text = visible_text(found)
            if len(text) >= MIN_LETTERS:
                return text
    return visible_text(doc)


def lang_code(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower().rstrip(".").replace("_", "-")
    return _LANG_CODES.get(value) or _LANG_CODES.get(value.split("-")[0])


_PATH_LANG = re.compile(r"^/(kk|kz|qq|ru|en)(/|$)", re.I)  # qq: the Latin-Kazakh versions' code


def url_language(url: str) -> str | None:
    """Language named by the URL itself: a /kk/ /ru/ /en/ path prefix or a lang= query parameter."""
    parts = urlsplit(url)
    match = _PATH_LANG.match(parts.path)
    if match:
        return lang_code(match.group(1))
    query = parse_qs(parts.query)
    for key in ("lang", "language", "locale", "lng"):
        if key in query:
            return lang_code(query[key][0])
    return None
