"""Page templates and page profiles from stored HTML (pure functions; no fetching, no browser).

A page's template signature is its URL shape plus its DOM skeleton:
- URL pattern: path segments that are numbers, dates, language codes, ids or slugs are generalised
  (/ru/news/123 → /{lang}/news/{n}); query parameter names are kept, their values dropped. For the signature the
  last path segment is generalised whatever it is (/about, /history, /123 → /{name}), so that sibling pages built
  from one template fall together and the skeleton decides; the displayed pattern keeps what all members share.
- DOM skeleton: the structural elements (div, section, nav, main, form, list, table, …) with their tag, class
  tokens (digits and state classes such as "active" dropped) and id (only where there is no class), no text. An
  element holding running text (direct text or a <p> child) is a leaf: the rich text of a news item never shows;
  repeated children are kept once, so two news items of different length, or lists of 5 and 50 items, share one.
Clustering is an exact match of (URL shape, skeleton hash), which is stable because both are normalised.

A page profile lists the features that force a page into the browser sample whatever its template: a data-entry
form, media, motion (carousel, ticker, CSS animation, animated image), an embedded frame, a dialog trigger, a long
document. Everything here reads untrusted markup: work is bounded by element budgets and nothing is executed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree

from core.html import parse_html

# -- URL patterns --------------------------------------------------------------------------------------------------

LANG_CODES = frozenset({"kk", "kz", "ru", "en", "qaz", "kaz", "rus", "eng"})
_PAGE_EXTENSIONS = ("html", "htm", "shtml", "php", "asp", "aspx", "jsp", "do", "cfm")
_DATE = re.compile(r"(\d{4}[-_.]\d{1,2}([-_.]\d{1,2})?|\d{1,2}[-_.]\d{1,2}[-_.]\d{4}|(19|20)\d{6})")
_HEX_ID = re.compile(r"[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MAX_QUERY_NAMES = 8
MAX_PATTERN = 200  # characters of a pattern shown to people (a hostile URL can be very long)


def _segment_kind(segment: str) -> str | None:
    """The placeholder a path segment generalises to, or None when it stays literal (a plain word)."""
    if segment.isdigit():
        return "{n}"
    if _DATE.fullmatch(segment):
        return "{date}"
    if segment in LANG_CODES:
        return "{lang}"
    if _HEX_ID.fullmatch(segment):
        return "{id}"
    if any(c.isdigit() for c in segment) or segment.count("-") + segment.count("_") >= 2 or len(segment) > 30:
        return "{slug}"
    return None


def _generalise(segment: str, *, last: bool) -> str:
    text = unquote(segment).lower()
    stem, dot, ext = text.rpartition(".")
    if not (dot and stem and (ext in _PAGE_EXTENSIONS or (len(ext) <= 5 and ext.isalpha()))):
        stem, ext = text, ""
    kind = "{name}" if last else (_segment_kind(stem) or stem)
    return kind + (f".{ext}" if ext else "")


def _query_pattern(query: str) -> str:
    names = sorted({re.sub(r"\d+", "{n}", k.lower())[:40] for k, _v in parse_qsl(query, keep_blank_values=True)})
    return "?" + "&".join(names[:MAX_QUERY_NAMES]) if names else ""


def _pattern(url: str, *, generalise_last: bool) -> str:
    parts = urlsplit(url[:4000])
    segments = [s for s in parts.path.split("/") if s]
    path = "/" + "/".join(_generalise(s, last=generalise_last and i == len(segments) - 1)
                          for i, s in enumerate(segments))
    if parts.path.endswith("/") and segments:
        path += "/"
    return path + _query_pattern(parts.query)


def url_pattern(url: str) -> str:
    """/ru/news/123?page=2 → /{lang}/news/{n}?page (the pattern shown to people; plain words stay)."""
    return _pattern(url, generalise_last=False)[:MAX_PATTERN]


def url_shape(url: str) -> str:
    """The URL part of the signature: the pattern with the last segment generalised whatever it is."""
    return _pattern(url, generalise_last=True)


def shared_pattern(urls: Iterable[str]) -> str:
    """The pattern of a template's members: a segment all members share stays, the others become placeholders."""
    patterns = [url_pattern(u) for u in urls]
    if not patterns:
        return ""
    split = [p.split("?", 1) for p in patterns]
    paths = [s[0].split("/") for s in split]
    if len({len(p) for p in paths}) != 1:
        return patterns[0]
    out = []
    for column in zip(*paths, strict=True):
        out.append(column[0] if len(set(column)) == 1 else "{name}")
    queries = {s[1] for s in split if len(s) > 1}
    return ("/".join(out) + (f"?{sorted(queries)[0]}" if queries else ""))[:MAX_PATTERN]


# -- DOM skeleton --------------------------------------------------------------------------------------------------

STRUCTURAL = frozenset("div section article header nav main footer aside form ul ol li dl table figure iframe frame "
                       "frameset video audio object embed fieldset dialog details".split())
TEXT_CHILDREN = frozenset({"p", "blockquote", "pre"})  # running text (a heading alone is a title)
LEAF_ONLY = frozenset({"iframe", "frame", "video", "audio", "object", "embed"})
SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "math", "head", "link", "meta"})
# classes that say which item is current or open, not which template the page is
STATE_CLASSES = frozenset("active current selected open opened show shown in collapsed collapse expanded first last "
                          "odd even hover focus visible hidden hide disabled clearfix".split())
MAX_DEPTH = 9  # structural levels below <body>
MAX_NODES = 4000  # elements visited per page: a hostile page cannot make the signature expensive
MAX_CLASSES = 8


def _tokens(value: str | None) -> list[str]:
    out = []
    for raw in (value or "").lower().split()[:32]:
        if raw in STATE_CLASSES or raw.startswith(("is-", "has-", "js-")) or len(raw) > 40:
            continue
        if len(re.findall(r"\d+", raw)) >= 2:  # generated names (css-1x2y3z, id-12-34): one placeholder
            raw = "{h}"
        out.append(re.sub(r"\d+", "{n}", raw))
    return sorted(set(out))[:MAX_CLASSES]


def _token(el: etree._Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    classes = _tokens(el.get("class"))
    # an id names the layout block only on an element without classes (div#header); beside classes it is mostly
    # the content's own anchor (section#flag.item, section#anthem.item), which must not split a template
    ident = [] if classes else _tokens(el.get("id"))
    role = (el.get("role") or "").strip().lower()[:20]
    return (tag + (f"#{ident[0]}" if ident else "") + "".join(f".{c}" for c in classes)
            + (f"[{role}]" if role else ""))


def _is_text_block(el: etree._Element) -> bool:
    if (el.text or "").strip():
        return True
    for child in el:
        if isinstance(child.tag, str) and child.tag in TEXT_CHILDREN:
            return True
        if (child.tail or "").strip():
            return True
    return False


def _structural_children(el: etree._Element, budget: list[int]) -> Iterator[etree._Element]:
    """Structural descendants reached through non-structural wrappers only (a, span, td, … are transparent)."""
    stack = list(reversed(list(el)))
    while stack and budget[0] > 0:
        child = stack.pop()
        budget[0] -= 1
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIPPED:
            continue
        if tag in STRUCTURAL:
            yield child
        else:
            stack.extend(reversed(list(child)))


def _skeleton(el: etree._Element, depth: int, budget: list[int]) -> str:
    token = _token(el)
    # a text block is a leaf like an empty block: a news text of photos only is the same template as one of words
    if el.tag in LEAF_ONLY or depth >= MAX_DEPTH or (depth > 0 and _is_text_block(el)):
        return token
    kids: dict[str, None] = {}  # ordered set: repetition collapsed, n items of one kind are one
    for child in _structural_children(el, budget):
        kids.setdefault(_skeleton(child, depth + 1, budget))
    return token + ("(" + ",".join(kids) + ")" if kids else "")


def _body(doc: etree._Element | None) -> etree._Element | None:
    if doc is None:
        return None
    if doc.tag == "body":
        return doc
    found = doc.find(".//body")
    return found if found is not None else doc


def skeleton(doc: etree._Element | None) -> str:
    """The DOM skeleton of a parsed page ("" when there is no document)."""
    body = _body(doc)
    if body is None:
        return ""
    frames = doc.findall(".//frameset") if doc is not None else []
    root = frames[0] if frames and not len(body) else body
    return _skeleton(root, 0, [MAX_NODES])


# -- page profile: features that force a page into the sample -----------------------------------------------------

_NOT_A_FIELD = ("not(@type) or not(contains(' hidden submit button reset image ', concat(' ', "
                "translate(@type, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), ' ')))")
FILLABLE = f".//input[{_NOT_A_FIELD}] | .//textarea | .//select"  # fields a person fills in
_SEARCH_HINT = re.compile(r"search|poisk|find|query|izde|іздеу|поиск|найти|\bq\b", re.I)
_MOTION_CLASS = re.compile(r"slider|carousel|swiper|slick|owl-|marquee|ticker|bxslider|flexslider|splide|glide|"
                           r"scroller|rotator|slideshow|news-line|running-line|бегущ", re.I)
_DIALOG_CLASS = re.compile(r"lightbox|fancybox|glightbox|magnific|colorbox|modal-open|popup-trigger|js-modal", re.I)
_ANIMATED_IMAGE = re.compile(r"\.(gif|webp|apng)(\?|#|$)", re.I)
LONG_TEXT_CHARS = 12000  # characters of text in the main content
LONG_HEADINGS = 12  # headings in the main content
FEATURES = ("form", "media", "motion", "frame", "dialog", "long_document")


@dataclass(frozen=True)
class PageProfile:
    """Which forcing features a page has, with a short reason for each (what was found, for people)."""

    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(f for f in FEATURES if f in self.reasons)

    @property
    def forced(self) -> bool:
        return bool(self.reasons)


def _lower(value: str | None) -> str:
    return (value or "").strip().lower()


def _data_entry(doc: etree._Element) -> str | None:
    """A form (or a group of fields outside any form) beyond a single search box or a single select."""
    for form in doc.iter("form"):
        fields = form.xpath(FILLABLE)
        if not fields:
            continue
        if len(fields) == 1:
            only = fields[0]
            hints = " ".join(filter(None, [form.get("action"), form.get("role"), form.get("class"), form.get("id"),
                                           only.get("name"), only.get("type"), only.get("id"),
                                           only.get("placeholder"), only.get("aria-label")]))
            if only.tag == "select" or _SEARCH_HINT.search(hints):
                continue
        return f"form with {len(fields)} field(s)" + (f" (action {form.get('action')[:80]})"
                                                       if form.get("action") else "")
    loose = [f for f in doc.xpath(FILLABLE) if not f.xpath("ancestor::form")]
    if len(loose) >= 2 or any(f.tag == "textarea" for f in loose):
        return f"{len(loose)} input field(s) outside a form"
    return None


def _media(doc: etree._Element) -> str | None:
    for tag in ("video", "audio", "embed", "object"):
        el = doc.find(f".//{tag}")
        if el is not None:  # the source says whether it is the layout's (same on every page) or the page's own
            source = el.find(".//source")
            src = el.get("src") or el.get("data") or (source.get("src") if source is not None else None)
            return f"<{tag}>" + (f" {src[:80]}" if src else "")
    return None


def _motion(doc: etree._Element) -> str | None:
    for tag in ("marquee", "blink"):
        if doc.find(f".//{tag}") is not None:
            return f"<{tag}>"
    for i, el in enumerate(doc.iter()):
        if i > MAX_NODES * 5:
            break
        if not isinstance(el.tag, str):
            continue
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if (m := _MOTION_CLASS.search(names)) is not None:
            return f"{el.tag} with class/id {m.group(0)!r}"
        if "animation" in _lower(el.get("style")):
            return f"{el.tag} with an inline animation style"
        if el.tag == "img" and _ANIMATED_IMAGE.search(el.get("src") or ""):
            width, height = _lower(el.get("width")), _lower(el.get("height"))
            if not ((width.isdigit() and int(width) <= 3) or (height.isdigit() and int(height) <= 3)):  # spacers
                return f"image {(el.get('src') or '')[:80]}"
    for style in doc.iter("style"):
        if "@keyframes" in (style.text or "").lower():
            return "@keyframes in an inline style sheet"
    return None


def _frame(doc: etree._Element) -> str | None:
    for tag in ("iframe", "frame"):
        el = doc.find(f".//{tag}")
        if el is not None:
            return f"<{tag}>" + (f" {el.get('src')[:80]}" if el.get("src") else "")
    return None


def _dialog(doc: etree._Element) -> str | None:
    for i, el in enumerate(doc.iter()):
        if i > MAX_NODES * 5:
            break
        if not isinstance(el.tag, str):
            continue
        if _lower(el.get("data-toggle")) == "modal" or _lower(el.get("data-bs-toggle")) in ("modal", "offcanvas"):
            return f"{el.tag} with data-(bs-)toggle={_lower(el.get('data-toggle') or el.get('data-bs-toggle'))}"
        if _lower(el.get("aria-haspopup")) == "dialog":
            return f"{el.tag} with aria-haspopup=dialog"
        if el.tag == "a" and _lower(el.get("href")).startswith("#modal"):
            return f"link to {el.get('href')[:40]}"
        if el.get("data-fancybox") is not None or el.get("data-lightbox") is not None \
                or "lightbox" in _lower(el.get("rel")):
            return f"{el.tag} with a lightbox attribute"
        if (m := _DIALOG_CLASS.search(el.get("class") or "")) is not None:
            return f"{el.tag} with class {m.group(0)!r}"
        if el.tag == "dialog" or _lower(el.get("role")) in ("dialog", "alertdialog"):
            return f"{el.tag} that is a dialog"
    return None


def _main_content(doc: etree._Element) -> etree._Element:
    for path in (".//main", ".//*[@role='main']", ".//article"):
        found = doc.xpath(path)
        if found:
            return found[0]
    body = _body(doc)
    return doc if body is None else body


def _long_document(doc: etree._Element) -> str | None:
    main = _main_content(doc)
    headings = sum(1 for el in main.iter("h1", "h2", "h3", "h4", "h5", "h6"))
    if headings >= LONG_HEADINGS:
        return f"{headings} headings"
    chars = sum(len(t.strip()) for t in main.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"))
    if chars >= LONG_TEXT_CHARS:
        return f"{chars} characters of text"
    return None


_DETECTORS = {"form": _data_entry, "media": _media, "motion": _motion, "frame": _frame, "dialog": _dialog,
              "long_document": _long_document}


def page_profile(doc: etree._Element | None) -> PageProfile:
    if doc is None:
        return PageProfile()
    reasons = {}
    for name, detect in _DETECTORS.items():
        if (reason := detect(doc)) is not None:
            reasons[name] = reason
    return PageProfile(reasons)


# -- signatures and clusters ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSignature:
    url: str
    shape: str
    skeleton: str
    profile: PageProfile

    @property
    def template(self) -> str:
        digest = hashlib.sha1(f"{self.shape}\n{self.skeleton}".encode()).hexdigest()[:10]
        return f"t-{digest}"


@dataclass
class Template:
    id: str
    urls: list[str] = field(default_factory=list)

    @property
    def pattern(self) -> str:
        return shared_pattern(self.urls)


def signature(url: str, html: str | bytes | etree._Element | None) -> PageSignature:
    doc = html if isinstance(html, etree._Element) else parse_html(html or "")
    return PageSignature(url=url, shape=url_shape(url), skeleton=skeleton(doc), profile=page_profile(doc))


def cluster(signatures: Iterable[PageSignature]) -> dict[str, Template]:
    """Templates by id, in order of their first page; each keeps its pages in the order given."""
    out: dict[str, Template] = {}
    for sig in signatures:
        out.setdefault(sig.template, Template(sig.template)).urls.append(sig.url)
    return out
