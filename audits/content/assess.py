"""Find each dictionary concept on a site in one language and decide each item's status, with evidence.

Status of an item: present | absent | outdated (found, but its dates are older than the relevance reading) |
not_machine_readable (found, but an item marked * is published only as a scan / image-only PDF / image).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from lxml import etree

from audits.content.accept import (
    MIN_CONTENT_CHARS,
    MIN_SHARED_WORD,
    heading_above,
    heading_labels_passage,
    is_news_item,
    passage_is_labelled,
    words_before,
    wrong_language,
    wrong_page_language,
)
from audits.content.documents import Readability, looks_like_document, readability
from audits.content.index import Block, SiteIndex
from audits.content.match import TermIndex
from audits.content.settings import ContentSettings
from audits.content.text import find_dates, find_years, strip_dates
from crawler.content.model import Concept, Item, Section, concepts
from crawler.content.morph import tokens
from crawler.text import first_match, norm, scan, snippet_around

PRESENT, ABSENT, OUTDATED, NOT_MR = "present", "absent", "outdated", "not_machine_readable"
MATCH_KINDS = frozenset({"title", "heading", "anchor", "passage"})
MAX_HITS = 6
MAX_FRESH_HITS = 20
MIN_TEXT_BEYOND_TITLE = 40
_HEADING = re.compile(r"^h[1-4]$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+7|\b8)[\s\-(]*\d{3,4}[\s\-)]*\d{1,3}[\s\-]*\d{2}[\s\-]*\d{2}\b")
_STREET = re.compile(r"(?:\b\d{6}\b.{0,80})?(?:ул\.|улица|пр\.|проспект|пр-т|бульвар|мкр\.?|микрорайон|даңғылы|"
                     r"көшесі|даң\.|көш\.|шағын аудан)[^.\n]{0,60}?\d", re.I)
_AUDIO_EXT = (".mp3", ".ogg", ".wav", ".m4a")
GOV_HOSTS = (".gov.kz", ".egov.kz", ".zan.kz", ".akorda.kz", ".parlam.kz", ".stat.gov.kz")
GOV_HOSTS_EXACT = ("egov.kz", "zan.kz", "akorda.kz", "gov.kz", "parlam.kz", "primeminister.kz")
MIN_GOV_LINKS = 3
MAX_REJECTED = 20  # matches not counted, kept per concept for the evidence


@dataclass
class Hit:
    concept: str
    url: str            # page the hit is on (or the target for link detectors)
    kind: str
    how: str            # why it matched, in words
    snippet: str
    block: Block | None = None
    target: str | None = None
    words: str = ""     # the block's words that matched


@dataclass
class ItemResult:
    section: str
    item: Item
    status: str
    matched: str
    url: str | None
    snippet: str | None
    hits: list[Hit] = field(default_factory=list)
    blocks: list[dict] = field(default_factory=list)  # per concept: the page, the block and the words that matched

    def measured(self, section: Section) -> dict:
        return {"item": self.item.label(section), "status": self.status, "matched": self.matched,
                "concepts": list(self.item.concepts), "optional": self.item.optional,
                "machine_readable_required": self.item.machine_readable, "blocks": self.blocks}


class Finder:
    """Locates concepts in one language of a site index."""

    def __init__(self, index: SiteIndex, lang: str, settings: ContentSettings) -> None:
        self.index, self.lang, self.settings = index, lang, settings
        self.blocks = index.blocks.get(lang, [])
        self.views = index.pages_in(lang)
        self.today = settings.today()
        self._cache: dict[str, list[Hit]] = {}
        self.dead_links: dict[str, str] = {}
        # one corpus of all block texts, so each phrase is searched once per language, not once per block
        self.offsets: list[int] = []
        pos = 0
        for b in self.blocks:
            self.offsets.append(pos)
            pos += len(b.norm) + 1
        self.corpus = "\x00".join(b.norm for b in self.blocks)
        self.block_pos = {id(b): i for i, b in enumerate(self.blocks)}
        self.terms = TermIndex(self.blocks, lang)
        self.rejected: dict[str, list[str]] = {}  # concept -> matched blocks not counted, and why
        self._page_lang: dict[str, str | None] = {}

    def candidates(self, patterns: tuple[re.Pattern[str], ...]) -> list[Block]:
        """Blocks containing any of the phrases, in index order."""
        idx: set[int] = set()
        for p in patterns:
            for start in scan(p, self.corpus):
                idx.add(bisect_right(self.offsets, start) - 1)
        return [self.blocks[i] for i in sorted(idx)]

    # -- locating ---------------------------------------------------------------------------------------------
    def hits(self, concept: Concept) -> list[Hit]:
        if concept.id not in self._cache:
            self._cache[concept.id] = self._find(concept)
        return self._cache[concept.id]

    def _find(self, c: Concept) -> list[Hit]:
        patterns = c.patterns.get(self.lang, ())
        terms = c.terms.get(self.lang, ())
        labels = c.labels.get(self.lang, frozenset())
        found: list[Hit] = []
        seen: set[tuple[str, str]] = set()
        kinds = MATCH_KINDS | ({"image"} if "image" in c.detect else set())
        ids = {self.block_pos[id(b)] for b in self.candidates(patterns)} | self.terms.candidates(terms)
        ids |= {i for label in labels for i in self.terms.by_term.get(label[0] if label else "", ())}
        for i in sorted(ids):
            b = self.blocks[i]
            if b.kind not in kinds or not b.norm:
                continue
            matched = self._match(c, i, b, patterns, terms, labels)
            if matched is None:
                continue
            words, first = matched
            key = (b.kind, b.href or b.url) if b.kind == "anchor" else (b.kind, b.url + b.norm[:80])
            if key in seen:
                continue
            seen.add(key)
            why_not = self._not_about(c, b, first, words)
            if why_not:
                kept = self.rejected.setdefault(c.id, [])
                if len(kept) < MAX_REJECTED:
                    kept.append(f"{_how(b, words)} — not counted: {why_not}")
                continue
            found.append(Hit(c.id, b.url, b.kind, _how(b, words), snippet_around(b.text, None, 300), b,
                             b.href if b.kind == "anchor" else None, words))
            if len([h for h in found if h.kind != "passage"]) >= 40:
                break
        found += self._detect(c)
        found.sort(key=lambda h: (h.block.rank if h.block else 2))
        return found

    def _match(self, c: Concept, i: int, b: Block, patterns: tuple[re.Pattern[str], ...], terms: tuple,
               labels: frozenset) -> tuple[str, int] | None:
        """(matched words, index of the first matched word) when the block names the concept, else None."""
        m = first_match(patterns, b.norm)
        if m is not None:
            if first_match(c.exclude, b.norm) or self.terms.match(i, c.exclude_terms.get(self.lang, ())):
                return None
            return m.group(0), words_before(b.norm, m.start())
        tm = self.terms.match(i, terms, short_block=b.kind != "passage")
        if tm is not None:
            if first_match(c.exclude, b.norm) or self.terms.match(i, c.exclude_terms.get(self.lang, ())):
                return None
            return " ".join(tm.words) + f" (as '{tm.phrase}')", tm.first
        if b.kind != "passage" and self.terms.is_label(i, labels):
            return b.norm + " (the whole label)", 0
        return None

    def _not_about(self, c: Concept, b: Block, first: int, words: str = "") -> str | None:
        """Why a matched block does not publish the item (accept.py), or None when it does."""
        page = self.index.pages.get(b.url)
        in_menu = b.element is not None and b.element in getattr(self.index.views.get(b.url), "chrome", ())
        if not c.on_news_items and not in_menu and is_news_item(page):
            # the site's menu is kept once for all pages (index.py), whichever page it was first read on
            return "it is on a news item or announcement"
        wrong = wrong_language(b.text, self.lang) or self._page_language(b.url)
        if wrong:
            return wrong
        if b.kind == "passage":
            if _only_a_link(b):
                return "the passage is a link's text; the link itself is judged"
            if passage_is_labelled(b.text, first) or self._heading_labels(b, words):
                return None
            return "the words are inside running text, not a label"
        if b.kind == "anchor":
            return self._link_empty(c, b)
        if b.kind == "heading" and b.element is not None:
            text, docs, imgs = self._section_after(b.element, b.url)
            beyond = len(text) - len(_clean_text(b.element.text_content()))
            return None if beyond >= MIN_CONTENT_CHARS or docs or imgs else "no content under the heading"
        if b.kind == "title":
            view = self.index.views.get(b.url)
            body = (view.text if view else "").replace(b.text, " ", 1)
            return None if len(body.strip()) >= MIN_CONTENT_CHARS else "the page has no content beyond its title"
        return None

    def _heading_labels(self, b: Block, words: str) -> bool:
        """The passage is the first text under a heading that names one of the words it matched on (accept.py)."""
        heading = heading_above(b.element)
        if heading is None:
            return False
        matched = words.split(" (as '", 1)[0]
        mterms = {t.term for t in tokens(matched, self.lang) if len(t.word) >= MIN_SHARED_WORD}
        hterms = {t.term for t in tokens(_clean_text(heading.text_content()), self.lang)
                  if len(t.word) >= MIN_SHARED_WORD}
        return heading_labels_passage(hterms, mterms)

    def _page_language(self, url: str) -> str | None:
        """Why the page's own text is not in this language (a page left untranslated under a kk URL), or None."""
        if url not in self._page_lang:
            view = self.index.views.get(url)
            self._page_lang[url] = wrong_page_language(view.text if view else "", self.lang)
        return self._page_lang[url]

    def _link_empty(self, c: Concept, b: Block) -> str | None:
        target = self.index.lookup(b.href)
        if target is not None and target.dead:
            self.dead_links[b.href or ""] = f"'{b.text}' links to a dead page (HTTP {target.status})"
            return f"the link leads to a dead page (HTTP {target.status})"
        if target is None or not target.is_html or not target.ok:
            return None  # a document, an external resource or a page the crawl did not store: the link is the item
        if not c.on_news_items and is_news_item(target):
            return "the link leads to a news item or announcement"
        view = self.index.views.get(target.url)
        if view is None:
            return None
        if view.lang and view.lang != self.lang:
            return f"the link leads to a {view.lang} page"
        if len(view.text.strip()) < MIN_CONTENT_CHARS:
            return "the linked page has no content"
        return None

    def _detect(self, c: Concept) -> list[Hit]:
        out: list[Hit] = []
        hosts = c.link_hosts()
        text_detectors = {"email", "phone", "postal_address"} & set(c.detect)
        for view in self.views if text_detectors else ():
            text = view.full_text
            url = view.page.url
            if "email" in c.detect:
                m = _EMAIL.search(text)
                if m:
                    out.append(Hit(c.id, url, "detector", f"e-mail address {m.group(0)}", snippet_around(text, m)))
            if "phone" in c.detect:
                m = _PHONE.search(text)
                if m:
                    out.append(Hit(c.id, url, "detector", f"telephone number {m.group(0)}", snippet_around(text, m)))
            if "postal_address" in c.detect:
                m = _STREET.search(text)
                if m:
                    out.append(Hit(c.id, url, "detector", "a street address", snippet_around(text, m)))
            if len(out) >= MAX_HITS:
                break
        if "gov_link_list" in c.detect:
            out += self._gov_link_lists(c)
        for other in c.contacts_on():
            out += self._contacts_on(c, other)
        if not (hosts or {"audio", "form"} & set(c.detect)):
            return out
        for b in self.blocks:
            if b.kind == "anchor" and b.href:
                host = urlsplit(b.href).hostname or ""
                if any(host == h or host.endswith("." + h) for h in hosts):
                    out.append(Hit(c.id, b.url, "link", f"a link to {host} ('{b.text[:60]}')", b.text[:300], b,
                                   b.href))
                elif "audio" in c.detect and b.href.lower().endswith(_AUDIO_EXT):
                    out.append(Hit(c.id, b.url, "audio", f"a link to an audio file {b.href}", b.text[:300], b,
                                   b.href))
            elif b.kind == "audio" and "audio" in c.detect and self._page_mentions(b.url, c):
                out.append(Hit(c.id, b.url, "audio", "an audio player on a page about it", b.text[:300], b))
            elif b.kind == "form" and "form" in c.detect and b.text == "feedback form":
                out.append(Hit(c.id, b.url, "form", "a form with a message field or several input fields",
                               b.text, b))
            if len(out) >= 2 * MAX_HITS:
                break
        return out

    def _contacts_on(self, c: Concept, other: str) -> list[Hit]:
        """A phone or e-mail in the content of the page that is about `other` (its title or a heading names it)."""
        out: list[Hit] = []
        if other == c.id or other not in concepts():
            return out
        pages = {h.url for h in self.hits(concepts()[other]) if h.kind in ("title", "heading")}
        for url in sorted(pages):
            view = self.index.views.get(url)
            text = view.text if view else ""
            m = _EMAIL.search(text) or _PHONE.search(text)
            if m:
                out.append(Hit(c.id, url, "detector", f"contact {m.group(0)} on the {concepts()[other].en} page",
                               snippet_around(text, m), words=m.group(0)))
            if len(out) >= MAX_HITS:
                break
        return out

    def _gov_link_lists(self, c: Concept) -> list[Hit]:
        """Lists in a page's content that link to several government sites: useful links by function, whatever
        the heading says ("Ресурсы", "Мемлекеттік органдардың ресурстары")."""
        out: list[Hit] = []
        for view in self.views:
            if view.doc is None:
                continue
            chrome = getattr(view, "chrome", set())
            for lst in view.doc.iter("ul", "ol", "table", "dl"):
                if lst in chrome:
                    continue
                hosts = {urlsplit(a.get("href") or "").hostname or "" for a in lst.iter("a")}
                gov = sorted(h for h in hosts if h.endswith(GOV_HOSTS) or h in GOV_HOSTS_EXACT)
                if len(gov) >= MIN_GOV_LINKS:
                    text = re.sub(r"\s+", " ", lst.text_content()).strip()
                    out.append(Hit(c.id, view.page.url, "link", f"a list linking to {len(gov)} government sites "
                                   f"({', '.join(gov[:4])})", text[:300], words=", ".join(gov[:4])))
                    break
            if len(out) >= MAX_HITS:
                break
        return out

    def _page_mentions(self, url: str, c: Concept) -> bool:
        view = self.index.views.get(url)
        return bool(view and first_match(c.patterns.get(self.lang, ()), norm(view.full_text)))

    # -- context of a hit: the text and documents that carry the item ----------------------------------------
    def context(self, hit: Hit) -> tuple[str, list[tuple[str, Readability]], int]:
        """(text, documents with readability, images) that publish the item."""
        b = hit.block
        if b is None:
            return hit.snippet, [], 0
        if b.kind == "title":
            view = self.index.views.get(b.url)
            return self._element_context(view.doc if view else None, b.url, whole=True, title=b.text)
        if b.kind == "anchor" and b.href:
            target = self.index.lookup(b.href)
            around = _enclosing_text(b.element)
            if target is not None and target.is_html and target.ok:
                view = self.index.views.get(target.url)
                text, docs, imgs = self._element_context(view.doc if view else None, target.url, whole=True)
                return around + " " + text, docs, imgs
            if target is not None or looks_like_document(b.href):
                return around, [(b.href, readability(target, b.href))], 0
            return around, [], 0
        if b.kind == "heading" and b.element is not None:
            return self._section_after(b.element, b.url)
        if b.kind == "passage" and b.element is not None:
            # the heading a passage stands under dates it ("Обзор обращений за III квартал 2024 года")
            text, docs, imgs = self._element_context(b.element, b.url, whole=False)
            heading = heading_above(b.element)
            return (_clean_text(heading.text_content()) + " " + text if heading is not None else text), docs, imgs
        if b.element is not None:
            return self._element_context(b.element, b.url, whole=False)
        return b.text, [], 0

    def _element_context(self, el: etree._Element | None, url: str, *, whole: bool, title: str = ""
                         ) -> tuple[str, list[tuple[str, Readability]], int]:
        if el is None:
            return "", [], 0
        view = self.index.views.get(url)
        chrome = getattr(view, "chrome", set()) if view else set()
        if whole and view is not None:
            text = _without_page_dates(view, chrome)
            nodes = [x for x in el.iter() if isinstance(x.tag, str) and x not in chrome]
        else:
            text = re.sub(r"\s+", " ", el.text_content())
            nodes = [x for x in el.iter() if isinstance(x.tag, str)]
        if title:
            text = text.replace(title, " ", 1)
        return text, self._docs(nodes, url), sum(1 for x in nodes if x.tag == "img")

    def _section_after(self, heading: etree._Element, url: str) -> tuple[str, list[tuple[str, Readability]], int]:
        nodes: list[etree._Element] = []
        texts: list[str] = []
        view = self.index.views.get(url)
        chrome = getattr(view, "chrome", set()) if view else set()
        start = heading
        for _ in range(2):
            for sib in start.itersiblings():
                if not isinstance(sib.tag, str):
                    continue
                if sib in chrome:  # the footer after the last heading is not that heading's content
                    break
                if _HEADING.match(sib.tag) or any(isinstance(x.tag, str) and _HEADING.match(x.tag)
                                                  for x in sib.iter()):
                    break
                nodes.extend(x for x in sib.iter() if isinstance(x.tag, str))
                texts.append(sib.text_content())
            parent = start.getparent()
            if nodes or parent is None or parent.tag in ("main", "body", "html"):
                break  # a heading's block ends with the page's content area
            start = parent
        text = re.sub(r"\s+", " ", heading.text_content() + " " + " ".join(texts)).strip()
        return text, self._docs(nodes, url), sum(1 for x in nodes if x.tag == "img")

    def _docs(self, nodes: list[etree._Element], url: str) -> list[tuple[str, Readability]]:
        from audits.content.index import resolve

        page = self.index.pages.get(url)
        base = (page.final_url or page.url) if page else url
        out = []
        for x in nodes:
            if x.tag != "a":
                continue
            href = resolve(base, x.get("href"))
            if not href or href.startswith(("mailto:", "tel:")):
                continue
            target = self.index.lookup(href)
            if (target is not None and not target.is_html) or (target is None and looks_like_document(href)):
                out.append((href, readability(target, href)))
            if len(out) >= 10:
                break
        return out

    # -- item status ------------------------------------------------------------------------------------------
    def assess(self, section: Section, item: Item) -> ItemResult:
        parts: list[tuple[str, str, Hit | None, str]] = []  # (status, matched, best hit, concept id)
        all_hits: list[Hit] = []
        for cid in item.concepts:
            c = concepts()[cid]
            hits = self.hits(c)
            all_hits += hits[:MAX_HITS]
            if not hits:
                why = self._searched(c)
                rejected = self.rejected.get(cid, [])
                if rejected:
                    why += f"; {len(rejected)} match(es) not counted, e.g. {rejected[0]}"
                parts.append((ABSENT, why, None, cid))
                continue
            # relevance looks further: the freshest of many dated pages decides (e.g. news pages)
            parts.append(self._judge(c, item, hits[:MAX_FRESH_HITS if c.fresh else MAX_HITS]) + (cid,))
        order = {ABSENT: 0, NOT_MR: 1, OUTDATED: 2, PRESENT: 3}
        worst = min(parts, key=lambda p: order[p[0]])
        status = worst[0]
        best = next((p[2] for p in parts if p[2] is not None), None)
        matched = "; ".join(f"{cid}: {why}" for _s, why, _h, cid in parts)
        url = (best.target or best.url) if best else None
        blocks = [_block_evidence(cid, h, st) if h is not None else
                  {"concept": cid, "status": st, "not_counted": self.rejected.get(cid, [])[:3]}
                  for st, _why, h, cid in parts]
        return ItemResult(section.id, item, status, matched, url, best.snippet if best else None, all_hits, blocks)

    def _judge(self, c: Concept, item: Item, hits: list[Hit]) -> tuple[str, str, Hit]:
        if c.fresh:
            # the item's own date decides: where the page has a heading or label for the item, its block is judged,
            # not the whole page under the page's title (which carries other items' dates too)
            own = {h.url for h in hits if h.kind in ("heading", "passage")}
            hits = [h for h in hits if not (h.kind == "title" and h.url in own)] or hits
        mr_required = item.machine_readable
        unreadable: tuple[Hit, str] | None = None
        stale: tuple[Hit, str] | None = None
        for hit in hits:
            text, docs, imgs = self.context(hit)
            if mr_required:
                ok, why = _machine_readable(hit, text, docs, imgs)
                if ok is False:
                    unreadable = unreadable or (hit, why)
                    continue
            fresh, why_fresh = self._fresh(c, text, docs)
            if fresh is False:
                stale = stale or (hit, why_fresh)
                continue
            extra = f"; {why_fresh}" if why_fresh else ""
            return PRESENT, hit.how + extra, hit
        if stale is not None:
            return OUTDATED, f"{stale[0].how}; {stale[1]}", stale[0]
        assert unreadable is not None
        return NOT_MR, f"{unreadable[0].how}; {unreadable[1]} — an item marked * must be machine-readable text", \
            unreadable[0]

    def _fresh(self, c: Concept, text: str, docs: list[tuple[str, Readability]]) -> tuple[bool | None, str]:
        if not c.fresh:
            return None, ""
        body = " ".join([text] + [r.text[:4000] for _u, r in docs])
        s = self.settings
        if c.fresh == "period":
            years = find_years(body, self.today.year + 1)
            if not years:
                return None, "no year found to judge relevance"
            need = self.today.year - s.report_year_lag
            newest = max(years)
            return (newest >= need), f"newest year mentioned {newest} (needs {need} or later)"
        dates = [d for d in find_dates(body) if d <= self.today + timedelta(days=366)]
        if not dates:
            return None, "no date found to judge relevance"
        newest = max(dates)
        limit = s.news_max_age_days if c.fresh == "news" else s.dated_max_age_days
        age = (self.today - newest).days
        return (age <= limit), f"newest date {newest.isoformat()} is {age} days old (limit {limit})"

    def _searched(self, c: Concept) -> str:
        phrases = ", ".join(f"'{p}'" for p in c.phrases.get(self.lang, ()))
        det = f"; detectors: {', '.join(c.detect)}" if c.detect else ""
        return (f"not found: searched titles, headings, link texts and passages of {len(self.views)} "
                f"{self.lang} page(s) for {phrases}{det}")


def _how(b: Block, matched: str) -> str:
    where = {"title": "page title", "heading": "heading", "anchor": "link text", "passage": "text",
             "image": "image alt/file name"}[b.kind]
    return f"{where} '{b.text[:100]}' matches '{matched}'"


def _block_evidence(cid: str, hit: Hit, status: str) -> dict:
    b = hit.block
    return {"concept": cid, "status": status, "page": hit.url, "target": hit.target, "kind": hit.kind,
            "block": (b.text if b else hit.snippet)[:300], "selector": selector(b.element) if b else None,
            "words": hit.words or hit.how}


def selector(el: etree._Element | None, depth: int = 3) -> str | None:
    """A short CSS path to the block (tag#id, or tag.class, up to `depth` ancestors) for the evaluator."""
    parts: list[str] = []
    node = el
    while node is not None and isinstance(node.tag, str) and len(parts) < depth:
        if node.get("id"):
            parts.append(f"{node.tag}#{node.get('id')}")
            break
        cls = (node.get("class") or "").split()
        parts.append(node.tag + (f".{cls[0]}" if cls else ""))
        node = node.getparent()
    return " > ".join(reversed(parts)) or None


PAGE_DATE_TOKENS = ("updated", "modified", "entry-meta", "post-meta", "page-date", "last-modified", "date-modified",
                    "changed", "lastmod")


def _without_page_dates(view: object, chrome: set) -> str:
    """The page's content text without its own publication/update stamp (one `time.updated` / "entry-meta" group on
    the page): that dates the page, not the items on it. Many such groups are a list's entries, each the date of
    its own item, and stay."""
    doc = getattr(view, "doc", None)
    text = getattr(view, "text", "")
    if doc is None:
        return text
    groups: list[etree._Element] = []
    for el in doc.iter():
        if not isinstance(el.tag, str) or el in chrome or any(g in el.iterancestors() for g in groups):
            continue
        marks = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop")))).lower()
        if any(t in marks for t in PAGE_DATE_TOKENS):
            groups.append(el)
    if len(groups) > 1:
        return text
    for stamp in (_clean_text(g.text_content()) for g in groups):
        if stamp:
            text = text.replace(stamp, " ")
    return text


def _only_a_link(b: Block) -> bool:
    el = b.element
    if el is None:
        return False
    links = [a for a in el.iter("a") if a.get("href")]
    # a teaser in a list ("25.07.2026 Заседание коллегии …") is its link plus a date: the link decides
    return len(links) == 1 and norm(strip_dates(links[0].text_content())) == norm(strip_dates(b.text))


def _clean_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _enclosing_text(el: etree._Element | None) -> str:
    node = el
    for _ in range(3):
        if node is None:
            return ""
        if node.tag in ("li", "p", "td", "tr", "dd", "div"):
            return re.sub(r"\s+", " ", node.text_content()).strip()
        node = node.getparent()
    return re.sub(r"\s+", " ", el.text_content()).strip() if el is not None else ""


def _machine_readable(hit: Hit, text: str, docs: list[tuple[str, Readability]], imgs: int
                      ) -> tuple[bool | None, str]:
    """Documents decide when there are any; otherwise text beyond the title counts, images alone do not."""
    if docs:
        verdicts = [r.readable for _u, r in docs]
        if any(v is True for v in verdicts):
            url, r = next((u, r) for u, r in docs if r.readable)
            return True, f"{url}: {r.reason}"
        if all(v is False for v in verdicts):
            url, r = docs[0]
            return False, f"{url}: {r.reason}"
        return None, "document text layer not checked"
    if hit.kind == "passage" or len(text.strip()) >= MIN_TEXT_BEYOND_TITLE:
        return True, ""
    if imgs:
        return False, "the item is shown only as image(s), with no text"
    return None, ""


def section_points(section: Section, lang: str, results: list[ItemResult], settings: ContentSettings
                   ) -> tuple[float, int, int]:
    """(points, items credited, items required) for one section in one language (A-13)."""
    credited_statuses = {PRESENT} | ({OUTDATED} if settings.outdated_item_credit else set())
    required = [r for r in results if not (r.item.optional and r.status == ABSENT
                                           and settings.optional_absent_excluded)]
    credited = sum(1 for r in required if r.status in credited_statuses)
    top = section.points[lang]
    if not required:
        return top, 0, 0
    if settings.section_credit == "strict":
        return (top if credited == len(required) else 0.0), credited, len(required)
    return top * credited / len(required), credited, len(required)


def today_minus(days: int, today: date) -> date:
    return today - timedelta(days=days)
