"""When a matched block really publishes an item (issue #13 item 5): the rules that keep a keyword found somewhere
in a page's text from counting as the item.

A block counts when it is *about* the item and carries content, in the language being assessed:
- a page title or <h1> with content on the page beyond the title;
- a heading (h2-h6, summary, dt, caption, legend) with content under it;
- a link that leads to a live page in that language with content, or to a document;
- a labelled passage: the item's words open the passage ("Мекенжайы: …", "Телефон для справок: …"), not words
  somewhere in running text (a news story or a regulation's clause that mentions vacancies is not the vacancies);
- never a block in the other language, and, for items that are not news, never a news item or an announcement.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from core.artifacts import PageArtifact
from crawler.language import KK_STRONG_LETTERS, detect_language

MAX_WORDS_BEFORE_LABEL = 3  # "1. Мекенжайы:", "Біздің мекенжай:" — a label opens the passage
MAX_LABELLED_WORDS = 40     # a longer passage is running text, unless a colon or dash ends its label
LABEL_END = re.compile(r"^[^.!?]{0,80}?[:—–]")
MIN_CONTENT_CHARS = 20      # content under a heading or on a page beyond its title
LANG_CHECK_MIN_WORDS = 3
NEWS_TYPES = ("news", "announcement", "press_release", "event_item")
NEWS_URL_WORDS = ("news", "novost", "zhanalyq", "zhanalyk", "announcement", "obyavlen", "habarland", "khabarland",
                  "press-release", "pressrelease", "article", "publication", "sobyti", "event")
_WORDS = re.compile(r"[^\W_]+", re.U)
_ID = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def passage_is_labelled(text: str, words_before: int) -> bool:
    """The matched words open the passage, and the passage is short or its opening is a label (ends in : or —)."""
    if words_before > MAX_WORDS_BEFORE_LABEL:
        return False
    return len(_WORDS.findall(text)) <= MAX_LABELLED_WORDS or bool(LABEL_END.match(text))


HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
MIN_SHARED_WORD = 4  # shorter words ("о", "по", "мен") are not what a heading and its text have in common


def heading_above(el: etree._Element | None) -> etree._Element | None:
    """The heading a passage is the first content of: its nearest element before it, or its wrapper's (CMS blocks
    put the text in a <div> after the <h2>); None when other content stands between them."""
    node = el
    for _ in range(2):
        if node is None:
            return None
        # a date stamp or an icon between the heading and its text is not other content
        prev = next((s for s in node.itersiblings(preceding=True)
                     if isinstance(s.tag, str) and (s.tag in HEADING_TAGS or _LETTER.search(s.text_content()))), None)
        if prev is not None:
            return prev if prev.tag in HEADING_TAGS else None
        node = node.getparent()
    return None


def heading_labels_passage(heading_terms: set[str], matched_terms: set[str]) -> bool:
    """A question-style heading ("Жауаппен келіспейсіз бе?", "Не согласны с ответом?") is the label of the passage
    under it: when it names one of the words the passage matched on, the passage is about the item even though
    those words do not open it."""
    return bool(heading_terms & matched_terms)


def words_before(text: str, offset: int) -> int:
    return len(_WORDS.findall(text[:offset]))


def wrong_language(text: str, lang: str) -> str | None:
    """Why the block is not in `lang`, or None. Short blocks are given the benefit of the doubt, except a Russian
    block with Kazakh-only letters, which cannot be Russian."""
    words = _WORDS.findall(text)
    kk_words = sum(1 for w in words if set(w) & KK_STRONG_LETTERS)
    if lang == "ru" and kk_words and kk_words >= max(1, len(words) // 4):
        return "the block is in Kazakh (Kazakh-only letters)"
    if len(words) < LANG_CHECK_MIN_WORDS:
        return None
    detected = detect_language(text)
    if detected in ("kk", "ru", "en") and detected != lang and not (lang == "kk" and kk_words):
        return f"the block is in {detected}, not {lang}"
    return None


PAGE_LANG_MIN_WORDS = 12


def wrong_page_language(text: str, lang: str) -> str | None:
    """Why a page's content text is in another language than the one it is filed under, or None."""
    sample = text[:1500]
    if len(_WORDS.findall(sample)) < PAGE_LANG_MIN_WORDS:
        return None
    detected = detect_language(sample)
    if detected in ("kk", "ru", "en") and detected != lang:
        return f"the page's text is in {detected}, not {lang}"
    return None


def page_type(page: PageArtifact | None) -> str | None:
    return str((page.info or {}).get("page_type") or "") or None if page is not None else None


def is_news_item(page: PageArtifact | None) -> bool:
    """A single news story or announcement: the crawl's page type when it records one (issue #13 item 3), else a
    URL that names news/announcements and points at one record (an id), not at the list."""
    if page is None:
        return False
    kind = page_type(page)
    if kind:
        return any(kind.startswith(t) for t in NEWS_TYPES) and "list" not in kind
    parts = urlsplit(page.final_url or page.url)
    path = parts.path.lower()
    if not any(w in path for w in NEWS_URL_WORDS):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    query = parse_qs(parts.query.lower())
    return bool(_ID.search(last)) or any(k in query for k in ("id", "itemid", "newsid", "nid"))
