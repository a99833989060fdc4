"""Page types: every crawled page classified once, from content signals and its template cluster (pure functions).

Types (`PAGE_TYPES`): home, section (a static information or list page of a menu item), news_list (a list of dated
news or events), news_item, announcement, document (a document page that is neither an act
nor a report: guidance, methodology), npa (a normative legal act), report, vacancy, contacts, form (a page built
around a data-entry form: a letter to the body, an application), search, sitemap, file (a non-HTML document),
error (HTTP >= 400 or a failed fetch) and redirect. `MATERIAL_TYPES` are the methodology's "materials" (news,
announcements, documents, acts, reports, vacancies): a4.2.9 judges dates on them, a4.2.2 counts them.

How a page is typed (each step records its reason, for people):
1. by status and content type: error, redirect, file;
2. home (the site root after redirects and the language roots), search (a search parameter, a search path or
   heading), site map (the crawl's `is_sitemap` or its words);
3. form and contacts: a data-entry form with a message field or three fields (not a search or a filter box);
   contact words in the title/heading make it contacts;
4. list or item: a page whose content is mostly dated entries linking to other pages of the site (two or more;
   or a paginated list) is a news_list when its heading, trail or URL name news or events, and a section page
   when it lists acts, reports, vacancies or announcements (three or more entries); a page with a meta line right
   after its heading (a short date line, a labelled publication date "Опубликовано: …", "Жарияланған күні: …"), a
   published meta tag or schema.org datePublished is an item; an undated page titled as an act with chapters or
   articles (or a long text) is an npa; a date under a sub-heading belongs to that block, not to the page;
5. the item's kind from its words: the act type its title starts with (ru/en) or ends with (kk), the report words
   of its title, and the type words (crawler/page_type_words.yaml, kk/ru/en and URL transliterations) of its
   breadcrumb trail, category links, the headings of the pages that list it, its URL, its schema.org type and its
   markup classes; weighted, the strongest wins; a dated item without kind words is a news item;
6. everything else is a section page;
7. templates: a page decided only by default (a section without any type signal) takes the type of its template
   cluster (crawler/templates.py: URL shape + DOM skeleton) when at least two thirds of the cluster's decided pages,
   and two or more, share one type.

API (for audits, the accessibility sampler and Appendix 5):
- the gatherer `crawler.page_types_gather` stores each page's type in the run store, `pages.info["page_type"]`
  (with `pages.info["page_type_reasons"]`), and the site's table as the artifact kind "page_types", key "site":
  `{"version": 1, "types": {url: {"type", "reasons", "template"}}, "counts": {type: n}}`; audits see it as
  `SiteArtifacts.extra["page_types"]["site"]` and on each `PageArtifact.info`;
- `stored_or_classified(pages, site_url, home)` returns `{url: PageType}`: the stored types, and the pages without
  one (an older run, a run whose gatherer list left the page-types gatherer out, pages a later gatherer stored)
  classified by the same rules; `is_material(type)` says whether a type is a material; `content_block(doc)` is the
  page's main content block (what a4.2.8 and a4.2.9 measure).
Everything here reads untrusted markup: bounded work (element budgets from crawler/templates.py), nothing executed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

import yaml
from lxml import etree

from crawler.dates import dates_in_text
from crawler.links import looks_like_sitemap_page, parse_html
from crawler.templates import FILLABLE, LANG_CODES, signature

PAGE_TYPES = ("home", "section", "news_list", "news_item", "announcement", "document", "npa", "report", "vacancy",
              "contacts", "form", "search", "sitemap", "file", "error", "redirect")
MATERIAL_TYPES = frozenset({"news_item", "announcement", "document", "npa", "report", "vacancy"})
KINDS = ("vacancy", "npa", "report", "announcement", "document", "news_item")  # ties go to the earlier one
WORDS_FILE = Path(__file__).with_name("page_type_words.yaml")
SEARCH_KEYS = frozenset({"s", "q", "query", "search", "searchword", "search_api_fulltext", "keys", "text", "k"})
HOME_FILES = re.compile(r"^(index|default|home|main)\.(html?|php|aspx?|jsp)$", re.I)
MIN_LIST_ENTRIES = 3
LIST_SHARE = 0.3  # a list page: its entries' link texts are at least this share of its content text
META_LINE_CHARS = 100
ACT_TEXT_CHARS = 2000  # an undated page titled as an act with this much text is the act's text
MAX_LINKS = 600  # links looked at per page
_WORD = re.compile(r"[\w\u0400-\u04ff]+(?:-[\w\u0400-\u04ff]+)*")
_PUBLISHED = re.compile(r"опубликован\w*|дата\s+(?:публикации|размещения|создания)|размещен\w*|жарияланд\w*|"
                        r"жарияланған|орналастырылған|published|posted|date\s+of\s+publication", re.I)
# a headline reporting an act ("Rules … approved", "Утверждены правила", "… қағидалары бекітілді")
_NEWS_VERB = re.compile(r"\b(approved|adopted|signed|published|amended|enters? into force)\s*$|"
                        r"(бекітілді|қабылданды|жарияланды|қол қойылды|өзгертілді|күшіне енді)\s*$|"
                        r"^(утвержден\w*|принят\w*|подписан\w*|опубликован\w*|изменен\w*|вступ\w+)\b", re.I)
# dates, times and the labels around them, removed to see whether a line is a date line
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|\d{4}\s*(?:ж\.?|жыл\w*|г\.?|года?)?|"
                        r"\d{1,2}\s+[^\W\d]+\s+\d{4}|опубликован\w*|изменен\w*|обновлен\w*|дата\s+\w+|"
                        r"жарияланған\s+күні|өзгертілген\s+күні|жаңартылған|published|updated|modified|posted|"
                        r"[:·|,—–-]", re.I)
# a list's other pages (?page=2, /page/2/, Bitrix ?PAGEN_1=2); not ?p=N, which is a WordPress post id
_PAGINATION = re.compile(r"([?&](page|paged|pg|pagen_\d+|start)=\d+)|(/page/\d+/?$)", re.I)
_SCHEMA_KINDS = {"newsarticle": "news_item", "article": "news_item", "blogposting": "news_item",
                 "event": "announcement", "jobposting": "vacancy", "legislation": "npa", "report": "report",
                 "contactpage": "contacts", "searchresultspage": "search", "digitaldocument": "document"}


def is_material(page_type: str | None) -> bool:
    return page_type in MATERIAL_TYPES


@dataclass(frozen=True)
class PageType:
    type: str
    reasons: tuple[str, ...] = ()
    template: str | None = None
    decided: bool = True  # False: a section by default (no signal), which the template vote may change

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "reasons": list(self.reasons), "template": self.template}


class PageLike(Protocol):
    """What the classifier reads of a page (core.artifacts.PageArtifact and crawler.store.Page both fit)."""

    url: str
    status: int | None
    content_type: str | None
    title: str | None
    error: str | None
    info: dict[str, Any]


# -- vocabulary -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    text: dict[str, tuple[str, ...]]  # type -> word stems of titles, trails, headings
    url: dict[str, tuple[str, ...]]  # type -> stems of URL words
    act_title: dict[str, tuple[str, ...]]
    report_title: dict[str, tuple[str, ...]]
    act_structure: re.Pattern[str]


@cache
def vocabulary(path: Path = WORDS_FILE) -> Vocabulary:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kinds = [k for k, v in data.items() if isinstance(v, dict) and "text" in v]
    return Vocabulary(
        text={k: tuple(s.lower() for s in data[k]["text"]) for k in kinds},
        url={k: tuple(s.lower() for s in data[k].get("url", ())) for k in kinds},
        act_title={lang: tuple(w.lower() for w in ws) for lang, ws in data["act_title"].items()},
        report_title={lang: tuple(w.lower() for w in ws) for lang, ws in data["report_title"].items()},
        act_structure=re.compile("|".join(data["act_structure"]), re.I))


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def has_stem(text: str, stems: Iterable[str]) -> str | None:
    """The first stem that starts a word (or a run of words) of `text`, or None."""
    norm = " " + _norm(text)
    for stem in stems:
        s = stem.replace("ё", "е")
        if f" {s}" in norm or f"-{s}" in norm or f"«{s}" in norm or f"\"{s}" in norm:
            return stem
    return None


def url_words(url: str) -> str:
    """The URL's path segments and query names/values as words (/ru/novosti/123 → "ru novosti 123")."""
    parts = urlsplit(url[:2000])
    path = unquote(parts.path).lower()
    path = re.sub(r"\.(aspx?|php|html?|jsp)$", "", path)
    words = re.split(r"[/._?=&]+", path) + [w for kv in parse_qsl(parts.query) for w in kv]
    return " ".join(w for w in words if w)


# -- signals of one page --------------------------------------------------------------------------------------------


@dataclass
class Signals:
    url: str
    title: str = ""
    heading: str = ""
    trail: list[str] = field(default_factory=list)  # breadcrumb ancestors (the page itself dropped)
    categories: list[str] = field(default_factory=list)  # category/tag links
    classes: str = ""  # body/main/article class and id words
    schema: set[str] = field(default_factory=set)  # schema.org types
    dated: str | None = None  # what dates the page's head
    entries: int = 0  # dated entries linking to other pages of the site
    entry_chars: int = 0
    text_chars: int = 0
    paginated: bool = False
    data_form: str | None = None
    act_structure: bool = False
    is_sitemap: bool = False
    listed_by: list[str] = field(default_factory=list)  # headings of the pages whose content links here
    content_links: list[str] = field(default_factory=list)  # same-site links in the main content


_SKIP = frozenset({"script", "style", "noscript", "template", "svg"})
_NAV_ATTRS = re.compile(r"(^|[-_\s])(nav|navbar|menu|mainmenu|main-menu|header|footer|sidebar|breadcrumbs?|"
                        r"pager|pagination)([-_\s]|$)", re.I)
_BREADCRUMB = re.compile(r"breadcrumb|crumbs|bread-crumb|path-line|pathway|navigation-chain", re.I)
_CRUMB_SEPARATORS = re.compile(r"\s*(?:»|›|>|→|/|\||—|·)\s*")


def _text(el: etree._Element | None) -> str:
    return " ".join((el.text_content() if el is not None else "").split())


def _attrs(el: etree._Element) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"), el.get("aria-label"))))


def _main(doc: etree._Element) -> etree._Element:
    for xpath in (".//main", ".//*[@role='main']", ".//article", ".//*[@id='content']", ".//*[@id='main']"):
        found = doc.xpath(xpath)
        if found:
            return found[0]
    body = doc.find(".//body")
    return body if body is not None else doc


def _in_navigation(el: etree._Element, stop: etree._Element) -> bool:
    node = el.getparent()
    while node is not None and node is not stop:
        if node.tag in ("nav", "header", "footer", "aside") or _NAV_ATTRS.search(_attrs(node)):
            return True
        node = node.getparent()
    return False


def _visible_text(el: etree._Element, limit: int = 1 << 30) -> str:
    """The element's text without scripts and styles; reading stops once `limit` characters are read."""
    parts: list[str] = []
    size = 0
    for i, node in enumerate(el.iter()):
        if i > 20000 or size > limit:
            break
        size += len(node.text or "") + len(node.tail or "") if isinstance(node.tag, str) else 0
        if not isinstance(node.tag, str) or node.tag in _SKIP:
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if node.text:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return " ".join(" ".join(parts).split())


def _heading(doc: etree._Element, main: etree._Element) -> etree._Element | None:
    for root in (main, doc):
        for h in root.iter("h1"):
            if _text(h):
                return h
    return None


def _trail(doc: etree._Element) -> list[str]:
    """The breadcrumb trail's ancestors: link texts of a breadcrumb block (schema.org, class, aria-label)."""
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if _BREADCRUMB.search(_attrs(el)) or "BreadcrumbList" in (el.get("itemtype") or ""):
            texts = [_text(a) for a in el.iter("a") if _text(a)]
            if not texts:  # a plain-text trail: "Главная › Раздел › Страница" (the last part is the page)
                texts = [t for t in _CRUMB_SEPARATORS.split(_text(el)) if t][:-1]
            return [t[:120] for t in texts[:8]]
    return []


def _categories(main: etree._Element) -> list[str]:
    out = []
    for a in main.iter("a"):
        rel = (a.get("rel") or "").lower()
        parent = a.getparent()
        cls = f"{a.get('class') or ''} {parent.get('class') if parent is not None else ''}".lower()
        if "category" in rel or "tag" in rel.split() or re.search(r"cat-links|categor|rubric|рубрик", cls):
            out.append(_text(a)[:80])
    return out[:5]


def _schema(doc: etree._Element) -> set[str]:
    found = {(el.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1].lower()
             for el in doc.iter() if isinstance(el.tag, str) and el.get("itemtype")}
    for script in doc.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            try:
                data = json.loads(script.text[:200000])
            except json.JSONDecodeError:
                continue
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict) and isinstance(item.get("@type"), str):
                    found.add(item["@type"].lower())
    return {s for s in found if s}


def _classes(doc: etree._Element, main: etree._Element) -> str:
    body = doc.find(".//body")
    els = [e for e in (body, main, main.find(".//article")) if e is not None]
    return " ".join(re.sub(r"[-_]+", " ", f"{e.get('class') or ''} {e.get('id') or ''}") for e in els).lower()


def _data_form(main: etree._Element) -> str | None:
    """A data-entry form with a message field, or three fields a person fills in (not a search or filter box);
    fields built without <form> count when a message field is among them."""
    # ASP.NET wraps the whole page in one <form>, and scripts build forms without one: the fields of the content
    # block are what counts, whatever element holds them
    fields = main.xpath(FILLABLE)
    if any(f.tag == "textarea" for f in fields):
        return "a message field" + (" in a form" if main.find(".//form") is not None else " (no <form> element)")
    typed = [f for f in fields if f.tag != "select"]
    if len(typed) >= 3:
        return f"{len(typed)} fields to fill in"
    return None


def _entry_date(a: etree._Element) -> bool:
    """A date written in the list entry the link belongs to (its parent or grandparent, short text)."""
    node = a
    for _ in range(3):
        node = node.getparent()
        if node is None:
            return False
        text = _visible_text(node, 600)
        if len(text) > 600:
            return False
        if dates_in_text(text) or node.find(".//time") is not None:
            return True
    return False


def _same_site(url: str, site: str) -> bool:
    return urlsplit(url).netloc == urlsplit(site).netloc


def _following(heading: etree._Element, content: etree._Element, limit: int) -> list[etree._Element]:
    """The first `limit` elements holding text of their own that follow the heading, in document order, inside
    the content block."""
    out: list[etree._Element] = []
    after = False
    inside = set(heading.iter())
    for i, el in enumerate(content.iter()):
        if i > 5000 or len(out) >= limit:
            break
        if el is heading:
            after = True
            continue
        if not after or el in inside or not isinstance(el.tag, str) or el.tag in _SKIP:
            continue
        if el.tag in ("h2", "h3", "h4", "h5", "h6"):  # a block's own heading: its date is the block's
            break
        if (el.text or "").strip():
            out.append(el)
    return out


def _leading(content: etree._Element, limit: int) -> list[etree._Element]:
    """A page without a heading: the first `limit` elements of its content holding text of their own."""
    return [el for el in content.iter() if isinstance(el.tag, str) and el.tag not in _SKIP
            and (el.text or "").strip()][:limit]


def _in_entry(el: etree._Element, url: str) -> bool:
    """The element sits in a list entry: its block also holds a titled link to another page."""
    block = el.getparent() if el.tag in ("time", "span", "strong", "b", "em") else el
    for node in (block, block.getparent() if block is not None else None):
        if node is None:
            continue
        for a in node.iter("a"):
            href = (a.get("href") or "").strip()
            if href and not href.startswith("#") and urljoin(url, href).split("#")[0] != url and len(_text(a)) > 25:
                return True
    return False


def _meta_line(heading: etree._Element | None, content: etree._Element, url: str) -> str | None:
    """A date-led line right after the heading, or at the top of a page without one (the item's meta line:
    "18.05.2026 11:15", "Опубликовано: …"): one of the next three text elements, short, mostly the date or a
    labelled publication date, and not part of a list entry."""
    for el in _following(heading, content, 3) if heading is not None else _leading(content, 3):
        text = _visible_text(el)[:META_LINE_CHARS * 2 + 1]
        if not text or len(text) > META_LINE_CHARS * 2 or _in_entry(el, url):
            continue
        m = _PUBLISHED.search(text)
        if m and dates_in_text(text[m.end(): m.end() + 60]):
            return f"labelled publication date ({m.group(0)})"
        if len(text) > META_LINE_CHARS:
            continue
        rest = _DATE_LIKE.sub(" ", text)
        if (dates_in_text(text) or el.tag == "time") and len(_WORD.findall(rest)) <= 3:
            return f"a date line after the heading ({text[:60]})"
    return None


def _head_date(content: etree._Element, doc: etree._Element, heading: etree._Element | None,
               url: str) -> str | None:
    """What dates the page as an item: a labelled publication date, a meta line after the heading, a published
    meta tag or schema.org datePublished."""
    if (line := _meta_line(heading, content, url)) is not None:
        return line
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in ("article:published_time", "datepublished", "dc.date.issued", "dcterms.created") and \
                meta.get("content"):
            return f"meta {key}"
    for el in doc.iter():
        if isinstance(el.tag, str) and (el.get("itemprop") or "").lower() == "datepublished":
            return "schema.org datePublished"
    return None


def content_block(doc: etree._Element) -> etree._Element:
    """The page's main content block (for audits that measure it: a4.2.8 length and structure)."""
    return _content(doc, _heading(doc, _main(doc)))


def _content(doc: etree._Element, heading: etree._Element | None) -> etree._Element:
    """The main content: <main>/role=main/<article>/#content, else the smallest block around the heading that holds
    more than the heading (DNN's content pane, Drupal's content region)."""
    main = _main(doc)
    if main.tag != "body" or heading is None:
        return main
    node = heading.getparent()
    own = len(_text(heading))
    while node is not None and node.tag != "body" and len(_visible_text(node)) - own < 100:
        node = node.getparent()
    return node if node is not None else main


def page_signals(url: str, doc: etree._Element, *, title: str | None, site: str,
                 info: Mapping[str, Any] | None = None) -> Signals:
    heading = _heading(doc, _main(doc))
    main = _content(doc, heading)
    sig = Signals(url=url, title=" ".join((title or "").split())[:300], heading=_text(heading)[:300],
                  trail=_trail(doc), categories=_categories(main), classes=_classes(doc, main)[:500],
                  schema=_schema(doc))
    sig.dated = _head_date(main, doc, heading, url)
    text = _visible_text(main)
    sig.text_chars = len(text)
    entries: set[str] = set()
    for i, a in enumerate(main.iter("a")):
        if i > MAX_LINKS:
            break
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        target = urljoin(url, href).split("#")[0]
        if not _same_site(target, site) or target == url:
            continue
        if _PAGINATION.search(target) and _PAGINATION.sub("", urlsplit(target).path + "?" + urlsplit(target).query) \
                .rstrip("/?&") == _PAGINATION.sub("", urlsplit(url).path + "?" + urlsplit(url).query).rstrip("/?&"):
            sig.paginated = True  # a link to another page of this same list
        if _in_navigation(a, main):
            continue
        sig.content_links.append(target)
        if target not in entries and _text(a) and _entry_date(a):
            entries.add(target)
            sig.entry_chars += len(_text(a))
    sig.entries = len(entries)
    sig.data_form = _data_form(main)
    sig.act_structure = len(vocabulary().act_structure.findall(text[:50000])) >= 2
    sig.is_sitemap = bool((info or {}).get("is_sitemap")) or looks_like_sitemap_page(doc, url)
    return sig


# -- decisions ------------------------------------------------------------------------------------------------------


def is_home_url(url: str, home: str, site: str) -> bool:
    """The site root, its landing page after redirects, or a language root (/kk/, /ru, /Default.aspx?lang=kk)."""
    if url in (home, site):
        return True
    parts = urlsplit(url)
    segs = [s for s in unquote(parts.path).split("/") if s]
    if segs and HOME_FILES.match(segs[-1]):
        segs = segs[:-1]
    query = [k.lower() for k, _v in parse_qsl(parts.query, keep_blank_values=True)]
    if any(k not in ("lang", "language", "locale", "culture") for k in query):
        return False
    return not segs or (len(segs) == 1 and segs[0].lower() in LANG_CODES)


def _is_search(sig: Signals) -> str | None:
    parts = urlsplit(sig.url)
    keys = {k.lower() for k, _v in parse_qsl(parts.query, keep_blank_values=True)}
    if keys & SEARCH_KEYS:
        return f"search parameter {sorted(keys & SEARCH_KEYS)[0]}="
    path_words = url_words(f"{parts.scheme}://{parts.netloc}{parts.path}")
    if (stem := has_stem(path_words, vocabulary().url["search"])) is not None:
        return f"search path ({stem})"
    heading = _norm(sig.heading)
    if heading and (stem := has_stem(heading, vocabulary().text["search"])) is not None and len(heading) <= 60:
        return f"search heading ({stem})"
    return None


def _own_words(sig: Signals) -> str:
    return f"{sig.title} {sig.heading}"


def _starts_as_act(heading: str) -> str | None:
    """The act type a title names: its first word in Russian and English ("Приказ № 19 …", "Rules of …"), its last
    word in Kazakh ("… туралы ереже", "Министрдің № 19 «…» бұйрығы") or its first before a number ("Қаулы № 98 …").
    A headline about an act ("Rules … approved", "… қағидалары бекітілді") names an event, not the act."""
    v = vocabulary()
    norm = _norm(heading)
    words = _WORD.findall(norm)
    if not words or _NEWS_VERB.search(norm):
        return None
    for lang in ("ru", "en", "kk"):
        for w in v.act_title[lang]:
            if words[0] == w:
                return w
    unquoted = _WORD.findall(re.sub(r"«[^»]*»|\"[^\"]*\"", " ", norm))
    if unquoted and unquoted[-1] in v.act_title["kk"]:
        return unquoted[-1]
    return None


def _starts_as_report(heading: str) -> str | None:
    norm = _norm(heading)
    words = _WORD.findall(norm)
    for lang in ("ru", "en"):
        for w in vocabulary().report_title[lang]:
            if norm.startswith(w):
                return w
    for w in vocabulary().report_title["kk"]:
        if w in words[-3:] or norm.startswith(w):
            return w
    return None


def _kind_scores(sig: Signals) -> tuple[Counter[str], dict[str, str]]:
    v = vocabulary()
    scores: Counter[str] = Counter()
    why: dict[str, str] = {}

    def add(kind: str, weight: int, reason: str) -> None:
        scores[kind] += weight
        why.setdefault(kind, reason)

    if (w := _starts_as_act(sig.heading or sig.title)) is not None:
        add("npa", 4, f"titled as an act ({w})")
    if (w := _starts_as_report(sig.heading or sig.title)) is not None:
        add("report", 3, f"titled as a report ({w})")
    if sig.act_structure:
        add("npa", 1, "chapters/articles in the text")
    sources = [("trail", " ".join(sig.trail[-2:]), 2), ("category", " ".join(sig.categories), 2),
               ("listed by", " ".join(sig.listed_by[:3]), 2), ("URL", _section_words(sig.url), 2),
               ("URL slug", _slug_words(sig.url), 1)]
    for label, text, weight in sources:
        if not text:
            continue
        for kind in KINDS:
            stems = v.url[kind] if label.startswith("URL") else v.text[kind]
            if (stem := has_stem(text, stems)) is not None:
                add(kind, weight, f"{label} says {stem}")
                break  # one kind per source: the first in KINDS order (vacancy before npa before …)
    own = _own_words(sig)
    if (stem := has_stem(own, v.text["vacancy"])) is not None:
        add("vacancy", 2, f"title says {stem}")
    if (stem := has_stem(own, v.text["announcement"])) is not None:
        add("announcement", 1, f"title says {stem}")
    if (stem := has_stem(own, v.text["document"])) is not None:
        add("document", 2, f"title says {stem}")
    for s in sig.schema:
        if (kind := _SCHEMA_KINDS.get(s)) in KINDS:
            add(kind, 2, f"schema.org {s}")
    for kind in KINDS:
        if (stem := has_stem(sig.classes, v.url[kind])) is not None:
            add(kind, 1, f"markup class {stem}")
    return scores, why


def _kind(sig: Signals) -> tuple[str, str]:
    scores, why = _kind_scores(sig)
    if not scores:
        return "news_item", "a dated item without other kind words"
    best = max(KINDS, key=lambda k: (scores[k], -KINDS.index(k)))
    return best, why[best]


def _list_words(sig: Signals) -> str | None:
    """Words of an act, report or vacancy list: a library is a section page, not a news list."""
    text = f"{_own_words(sig)} {' '.join(sig.trail[-1:])}"
    v = vocabulary()
    for kind in ("npa", "report", "vacancy", "document"):
        if has_stem(text, v.text[kind]) or has_stem(_section_words(sig.url), v.url[kind]):
            return kind
    return None


def _section_words(url: str) -> str:
    """The URL's words without its last path segment when that is an item's slug (/ru/novosti/slug → "ru novosti");
    a file name, a query and a single segment stay (News.aspx?ID=5, /ru/novosti)."""
    parts = urlsplit(url[:2000])
    segs = [s for s in unquote(parts.path).split("/") if s]
    plain = [s for s in segs if s.lower() not in LANG_CODES]
    if len(plain) >= 2 and "." not in plain[-1]:
        segs = segs[:-1]
    return url_words(f"{parts.scheme}://{parts.netloc}/{'/'.join(segs)}" + (f"?{parts.query}" if parts.query else ""))


def _slug_words(url: str) -> str:
    segs = [s for s in unquote(urlsplit(url[:2000]).path).split("/") if s and s.lower() not in LANG_CODES]
    return url_words("http://x/" + segs[-1]) if len(segs) >= 2 and "." not in segs[-1] else ""


def decide(sig: Signals) -> PageType:
    """The type of one HTML page (status 200) from its signals; home/file/error are decided before."""
    v = vocabulary()
    if (why := _is_search(sig)) is not None:
        return PageType("search", (why,))
    if sig.is_sitemap or has_stem(f"{sig.heading} {url_words(sig.url)}", v.text["sitemap"] + v.url["sitemap"]):
        return PageType("sitemap", ("site-map page",))
    own = _own_words(sig)
    contact = has_stem(own, v.text["contacts"]) or has_stem(url_words(sig.url), v.url["contacts"])
    if contact and not sig.dated:
        return PageType("contacts", (f"contact words ({contact})",))
    if sig.data_form and not sig.dated:
        return PageType("form", (sig.data_form,))
    # a dated page (its own meta line) is an item even with a few dated links ("see also"), unless they are most of it
    share = LIST_SHARE if not sig.dated else 0.6
    listy = sig.entries >= 2 and sig.entry_chars >= sig.text_chars * share
    if listy or (sig.paginated and sig.entries >= 1):
        # a dated list is a news list when it says it lists news or events; a list of announcements, acts,
        # vacancies or documents is the section page of that menu item
        words = f"{_own_words(sig)} {' '.join(sig.trail[-1:])}"
        news = has_stem(words, v.text["news_list"]) or has_stem(_section_words(sig.url), v.url["news_list"])
        if news and not _list_words(sig):
            return PageType("news_list", (f"{sig.entries} dated entries" + (", paginated" if sig.paginated else "")
                                          + f", news words ({news})",))
        if sig.entries >= MIN_LIST_ENTRIES:
            return PageType("section", (f"a list of {sig.entries} dated entries (not news)",))
    act = _starts_as_act(sig.heading or sig.title)
    if sig.dated or (act and (sig.act_structure or sig.text_chars >= ACT_TEXT_CHARS)):
        kind, why = _kind(sig)
        return PageType(kind, (sig.dated or f"titled as an act ({act}), the text of an act", why))
    if (form_words := has_stem(own, v.text["form"])) is not None and sig.data_form:
        return PageType("form", (f"form words ({form_words})",))
    return PageType("section", ("no item, list or form signal",), decided=False)


def _by_status(page: PageLike) -> PageType | None:
    if page.error or page.status is None:
        return PageType("error", (f"not fetched: {(page.error or 'no status')[:80]}",))
    if 300 <= page.status < 400:
        return PageType("redirect", (f"HTTP {page.status}",))
    if page.status >= 400:
        return PageType("error", (f"HTTP {page.status}",))
    ctype = (page.content_type or "").lower()
    if "html" not in ctype:
        return PageType("file", (f"{ctype.split(';')[0] or 'no content type'}",))
    return None


def _html_of(page: Any) -> str | bytes:
    return getattr(page, "html", None) or getattr(page, "text", "") or ""


def classify_pages(pages: Iterable[Any], site: str, home: str) -> dict[str, PageType]:
    """Every page's type (pages: PageArtifact or store Page objects of one site; `home` after redirects)."""
    out: dict[str, PageType] = {}
    signals: dict[str, Signals] = {}
    templates: dict[str, str] = {}
    for page in pages:
        if (t := _by_status(page)) is not None:
            out[page.url] = t
            continue
        doc = getattr(page, "doc", None)
        if doc is None:
            doc = parse_html(_html_of(page))
        if doc is None:
            out[page.url] = PageType("section", ("empty HTML",), decided=False)
            continue
        templates[page.url] = signature(page.url, doc).template
        if is_home_url(page.url, home, site):
            out[page.url] = PageType("home", ("site root or language root",), templates[page.url])
            continue
        signals[page.url] = page_signals(page.url, doc, title=page.title, site=site, info=page.info)
    for src, sig in signals.items():  # the headings of the pages that list a page in their content
        label = sig.heading or sig.title
        if not label or (src in out and out[src].type == "home"):
            continue
        for dst in dict.fromkeys(sig.content_links):
            if dst in signals and dst != src:
                signals[dst].listed_by.append(label[:120])
    for url, sig in signals.items():
        t = decide(sig)
        out[url] = PageType(t.type, t.reasons, templates.get(url), t.decided)
    return template_vote(out)


def template_vote(types: dict[str, PageType]) -> dict[str, PageType]:
    """A page decided only by default takes its template's type when two thirds (and two or more) of the template's
    decided pages share it."""
    members: dict[str, list[str]] = {}
    for url, t in types.items():
        if t.template:
            members.setdefault(t.template, []).append(url)
    out = dict(types)
    for tid, urls in members.items():
        decided = Counter(types[u].type for u in urls if types[u].decided and types[u].type != "home")
        if not decided:
            continue
        best, n = decided.most_common(1)[0]
        if n < 2 or n * 3 < sum(decided.values()) * 2 or best == "section":
            continue
        for u in urls:
            if not types[u].decided:
                out[u] = PageType(best, (f"template {tid}: {n} of its pages are {best}",), tid)
    return out


def stored_or_classified(pages: Mapping[str, Any], site: str, home: str) -> dict[str, PageType]:
    """The stored types (pages.info["page_type"]); the pages without one (an older run, a run whose gatherer list
    left the page-types gatherer out, pages a later gatherer stored) are classified now by the same rules."""
    out = {u: PageType(p.info["page_type"], tuple(p.info.get("page_type_reasons") or ()))
           for u, p in pages.items() if p.info.get("page_type") in PAGE_TYPES}
    missing = [p for u, p in pages.items() if u not in out]
    if missing:
        out.update(classify_pages(missing, site, home))
    return out
