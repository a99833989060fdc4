"""HTML-level accessibility checks: what the stored HTML of any crawled page shows without a browser.

`check_html(html_or_doc, url)` parses (or takes) one document and returns a JSON-ready dict:
    url, barriers (Barrier dicts, at most MAX_PER_CHECK per check and MAX_PER_PAGE per page),
    counts (check -> true number of barriers found), examined (element class of EXAMINED -> how many were
    looked at),
    applicable (a4.3.x -> how many elements the scored checks of that indicator examined).
A page whose images all have a text alternative is then a pass for a4.3.1; a page without images is not applicable.

Every check is a row of CHECKS: WCAG 2.2 success criteria, the a4.3.x indicator it feeds (None: not scored by the
methodology, the barrier still goes to the annex), its impact, and `covered_by`: the browser artifact step that,
when it ran on the same page, measured the same thing on the rendered page with more information, so that the
browser's result is used there instead (see audits/accessibility/__init__.py). Pure: no I/O, no browser; the
markup is untrusted and every list is capped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from core.barriers import Barrier
from core.html import parse_html
from crawler import accname as N
from crawler.langtags import lang_problem

MAX_PER_CHECK = 50
MAX_PER_PAGE = 200
MAX_ELEMENTS = 200_000  # elements looked at per page; a page past it is marked `truncated`


@dataclass(frozen=True)
class CheckSpec:
    criteria: tuple[str, ...]
    indicator: str | None
    impact: str
    covered_by: str | None = None  # browser artifact key (crawler/browser/a11y.py) that supersedes this check


# Which a4.3.x row each barrier class feeds, decided from ict-methodology.md Appendix 4 rows 3.1-3.8 (and the
# Kazakh text in seeds/): only a row whose requirement the barrier breaks is scored; the rest go to the annex.
CHECKS: dict[str, CheckSpec] = {
    # 3.1 "alternative text for non-text (media) content that carries meaning": images, image buttons, image-map
    # areas, role=img. axe's image-alt family covers a missing alternative on browser-checked pages; a file name
    # or "image" as the alternative is something axe passes, so that check always counts.
    "html.img-alt-missing": CheckSpec(("1.1.1",), "a4.3.1", "critical", covered_by="alt_text"),
    "html.img-alt-useless": CheckSpec(("1.1.1",), "a4.3.1", "serious"),
    # alt="" says "decorative", but an image that is a <figure>'s content (the HTML "self-contained content
    # referenced from the main flow": an article photo, a chart) carries meaning; without a caption nothing
    # gives its text. CMS editors (WordPress, Drupal's CKEditor) write alt="" when the author leaves the field
    # empty. axe accepts alt="", so this check always counts.
    "html.img-alt-empty-figure": CheckSpec(("1.1.1",), "a4.3.1", "serious"),
    # 3.6 is about a text message when input is found to be wrong, not about labels: a missing label breaks
    # 1.3.1/3.3.2/4.1.2, which no row 3.x scores.
    "html.control-label-missing": CheckSpec(("1.3.1", "3.3.2", "4.1.2"), None, "critical"),
    # 3.4 "all functionality operable from the keyboard": a mouse-only widget cannot be reached by Tab at all. On
    # browser-checked pages both count (the browser may see listeners added by script; the HTML check every page);
    # an element both find is listed once, by selector.
    "html.clickable-not-focusable": CheckSpec(("2.1.1",), "a4.3.4", "serious"),
    # Language of page, names of links/buttons/frames and heading content: no row 3.x asks for them. A frame's
    # title names the frame (4.1.2, technique H64); it is not an alternative for the framed content, which is
    # itself a page with its own text, so it does not feed 3.1.
    "html.lang-missing": CheckSpec(("3.1.1",), None, "serious"),
    "html.lang-invalid": CheckSpec(("3.1.1",), None, "serious"),
    "html.heading-empty": CheckSpec(("1.3.1", "2.4.6"), None, "minor"),
    "html.link-empty": CheckSpec(("2.4.4", "4.1.2"), None, "serious"),
    "html.button-empty": CheckSpec(("4.1.2",), None, "critical"),
    "html.frame-title-missing": CheckSpec(("4.1.2",), None, "serious"),
    # 3.3 "a mechanism to stop moving, blinking, scrolling content": <marquee> scrolls in every current browser and
    # has no control a person can use. <blink> no longer blinks in any current browser (it is an unknown element):
    # an obsolete-markup note for the annex, not a scored barrier; CSS that makes it blink is the browser's to see.
    "html.marquee": CheckSpec(("2.2.2",), "a4.3.3", "serious"),
    "html.blink": CheckSpec(("2.2.2",), None, "minor"),
    # 3.2 sound that starts by itself needs pause/stop/mute; 3.3 a muted autoplaying video is moving content.
    # The browser measures length, sound and controls of every media element: where its motion step ran, it
    # decides (a 2-second clip is not a barrier, and HTML cannot tell the length).
    "html.autoplay-sound": CheckSpec(("1.4.2",), "a4.3.2", "serious", covered_by="motion"),
    "html.autoplay-video-motion": CheckSpec(("2.2.2",), "a4.3.3", "serious", covered_by="motion"),
}

# element class examined -> the checks that judge it (their indicator is the one its count is "applicable" for)
EXAMINED: dict[str, tuple[str, ...]] = {
    "images": ("html.img-alt-missing", "html.img-alt-useless", "html.img-alt-empty-figure"),
    "autoplay_sound": ("html.autoplay-sound",),
    "autoplay_video": ("html.autoplay-video-motion",),
    "marquee": ("html.marquee",),
    "clickables": ("html.clickable-not-focusable",),
    "controls": ("html.control-label-missing",),
    "headings": ("html.heading-empty",),
    "links": ("html.link-empty",),
    "buttons": ("html.button-empty",),
    "frames": ("html.frame-title-missing",),
    "lang": ("html.lang-missing", "html.lang-invalid"),
}


_PLACEHOLDER_WORDS = (
    "image", "images", "img", "picture", "pic", "photo", "photos", "foto", "graphic", "banner", "icon", "spacer",
    "placeholder", "untitled", "alt", "null", "undefined", "none", "thumbnail", "thumb",
    "изображение", "картинка", "фото", "фотография", "рисунок", "баннер", "иконка", "снимок",
    "сурет", "суреті", "фотосурет", "кескін", "бейне",
)
_PLACEHOLDER = re.compile(r"^(?:" + "|".join(map(re.escape, _PLACEHOLDER_WORDS)) + r")[\s_#№-]*\d*$")
_FILE_NAME = re.compile(r"^[^\s/\\]+\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif|ico|heic)$")
_CAMERA_NAME = re.compile(r"^(?:img|dsc[nf]?|pict?|p|image|photo|scan|screenshot|снимок)[\s_-]*\d{2,}$")
_NO_WORDS = re.compile(r"^[\W\d_]+$")
_MEDIA_CONTROL = re.compile(r"pause|stop|mute|sound|audio|play|пауз|стоп|останов|выкл|звук|тоқта|дыбыс|ойнат",
                            re.I)
NATIVE_FOCUSABLE = frozenset({"button", "select", "textarea", "iframe", "summary", "embed"})
NO_LABEL_TYPES = frozenset({"hidden", "submit", "button", "image", "reset"})
CLICK_ROLES = frozenset({"button", "link"})


def useless_alt(text: str, src: str | None) -> str | None:
    """Why a non-empty text alternative says nothing about the image (None: it may be fine)."""
    t = N.norm(text).lower().strip(" \"'«»()[]{}.,:;!?")
    if not t:
        return "only spaces or punctuation: not the empty alt a decorative image needs"
    if _FILE_NAME.match(t) or _CAMERA_NAME.match(t):
        return "a file name"
    base = (src or "").split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    if base and (t == base or (len(t) > 3 and t == base.rsplit(".", 1)[0])):
        return "the image's file name"
    if _PLACEHOLDER.match(t):
        return "a placeholder word, not a description"
    if _NO_WORDS.match(t):
        return "no words"
    return None


def role(el: etree._Element) -> str:
    return (el.get("role") or "").strip().lower().split(" ")[0]


def native_focusable(el: etree._Element) -> bool:
    """A control the browser puts in the Tab order by itself."""
    tag = el.tag
    if tag in ("a", "area"):
        return el.get("href") is not None
    if tag == "input":
        return N.input_type(el) != "hidden"
    if tag in ("audio", "video"):
        return el.get("controls") is not None
    editable = el.get("contenteditable")
    if editable is not None and editable.strip().lower() in ("", "true", "plaintext-only"):
        return True
    return tag in NATIVE_FOCUSABLE


def tabindex(el: etree._Element) -> int | None:
    tab = (el.get("tabindex") or "").strip()
    return int(tab) if tab.lstrip("-").isdigit() and len(tab) < 10 else None


def focusable(el: etree._Element) -> bool:
    """Reachable by Tab: tabindex >= 0, or a native control not taken out by a negative tabindex."""
    tab = tabindex(el)
    return tab >= 0 if tab is not None else native_focusable(el)


class _Page:
    """One document's lookups (ids, labels) and the barriers found so far."""

    def __init__(self, doc: etree._Element, url: str) -> None:
        self.doc, self.url = doc, url
        self.elements: list[etree._Element] = []
        self.truncated = False
        for el in doc.getroottree().getroot().iter():
            if N.is_element(el):
                if len(self.elements) >= MAX_ELEMENTS:
                    self.truncated = True
                    break
                self.elements.append(el)
        # hidden by markup: itself or an ancestor (document order visits a parent before its children)
        self.hidden: set[int] = set()
        for el in self.elements:
            parent = el.getparent()
            if N.own_hidden(el) or (parent is not None and id(parent) in self.hidden):
                self.hidden.add(id(el))
        self.ids: dict[str, etree._Element] = {}
        self.labels_for: dict[str, list[etree._Element]] = {}
        self.orphan_labels: list[tuple[int, str]] = []  # (position, for=) of labels pointing at no id
        self.position: dict[int, int] = {}
        for i, el in enumerate(self.elements):
            self.position[id(el)] = i
            el_id = el.get("id")
            if el_id and el_id not in self.ids:
                self.ids[el_id] = el
        for i, el in enumerate(self.elements):
            if el.tag == "label" and el.get("for") is not None:
                target = el.get("for") or ""
                self.labels_for.setdefault(target, []).append(el)
                if target not in self.ids:
                    self.orphan_labels.append((i, target))
        self.barriers: list[dict[str, Any]] = []
        self.counts: dict[str, int] = dict.fromkeys(CHECKS, 0)
        self.examined: dict[str, int] = dict.fromkeys(EXAMINED, 0)

    def add(self, check: str, el: etree._Element | None, message: str, **extra: Any) -> None:
        self.counts[check] += 1
        if self.counts[check] > MAX_PER_CHECK or len(self.barriers) >= MAX_PER_PAGE:
            return
        spec = CHECKS[check]
        self.barriers.append(Barrier(
            url=self.url, source="html", check=check, criteria=spec.criteria, indicator=spec.indicator,
            message=message, selector=N.selector(el, self.ids) if el is not None else "html",
            snippet=N.snippet(el) if el is not None else None, impact=spec.impact, extra=extra).to_dict())

    def name(self, el: etree._Element, *, content: bool = True) -> str:
        """Accessible name from markup: aria-labelledby, aria-label, [content], title."""
        return (N.author_name(el, self.ids) or (N.subtree_text(el, self.ids) if content else "")
                or N.norm(el.get("title")))


def _images(p: _Page, el: etree._Element) -> None:
    tag, r = el.tag, role(el)
    if tag == "img":
        alt = el.get("alt")
        if alt is None and r in ("presentation", "none"):
            p.examined["images"] += 1  # decorative by role
            return
        p.examined["images"] += 1
        if alt == "":
            if r not in ("presentation", "none") and not N.author_name(el, p.ids) and _uncaptioned_figure(p, el):
                p.add("html.img-alt-empty-figure", el, "the image is a figure's content (an article photo or "
                      "chart) but its alt is empty, as for decoration, and no caption says what it shows")
            return  # decorative
        name = N.author_name(el, p.ids) or (alt if alt is not None else "") or N.norm(el.get("title"))
        if alt is None and not name:
            p.add("html.img-alt-missing", el, "image without a text alternative (no alt, aria-label, "
                  "aria-labelledby or title)")
            return
        why = useless_alt(name, el.get("src"))
        if why:
            p.add("html.img-alt-useless", el, f"the image's text alternative {name[:80]!r} is {why}", alt=name[:200])
        return
    if (tag == "input" and N.input_type(el) == "image") or (tag == "area" and el.get("href") is not None):
        p.examined["images"] += 1
        name = N.author_name(el, p.ids) or N.norm(el.get("alt")) or N.norm(el.get("title"))
        what = "image button" if tag == "input" else "image-map area"
        if not name:
            p.add("html.img-alt-missing", el, f"{what} without a text alternative (alt, aria-label or title)")
        elif why := useless_alt(name, el.get("src")):
            p.add("html.img-alt-useless", el, f"the {what}'s text alternative {name[:80]!r} is {why}", alt=name[:200])
        return
    if r == "img":
        p.examined["images"] += 1
        name = N.author_name(el, p.ids) or N.norm(el.get("title"))
        if not name and tag == "svg":
            name = N.svg_title(el)
        if not name:
            p.add("html.img-alt-missing", el, "role=img element without a name (aria-label, aria-labelledby, "
                  "title)")
        elif why := useless_alt(name, None):
            p.add("html.img-alt-useless", el, f"the role=img element's name {name[:80]!r} is {why}", alt=name[:200])


def _uncaptioned_figure(p: _Page, el: etree._Element) -> bool:
    """The image is the content of a <figure> (or role=figure) that has no caption text, and it is not part of a
    link or button (whose own name is link-empty's and button-empty's question)."""
    for anc in el.iterancestors():
        if not N.is_element(anc):
            continue
        if anc.tag in ("a", "button") or role(anc) in ("link", "button"):
            return False
        if anc.tag == "figure" or role(anc) == "figure":
            captions = [c for c in anc.iter("figcaption") if N.norm(N.subtree_text(c, p.ids))]
            labelled = N.author_name(anc, p.ids)
            return not captions and not labelled
    return False


def _controls(p: _Page, el: etree._Element) -> None:
    if el.tag == "input" and N.input_type(el) in NO_LABEL_TYPES:
        return
    p.examined["controls"] += 1
    if N.author_name(el, p.ids):
        return
    el_id = el.get("id")
    labels = list(p.labels_for.get(el_id, [])) if el_id else []
    wrapping = next((a for a in el.iterancestors("label") if a.get("for") in (None, el_id)), None)
    if wrapping is not None:
        labels.append(wrapping)
    texts = [N.subtree_text(label, p.ids, skip_controls=True) for label in labels]
    if any(texts) or N.norm(el.get("title")):
        return
    what = el.tag if el.tag != "input" else f"input type={N.input_type(el)}"
    reasons = []
    if labels:
        reasons.append("its <label> is empty")
    else:
        here = p.position.get(id(el), 0)
        before = [target for i, target in p.orphan_labels if i < here]
        if before:
            reasons.append(f'a <label for="{before[-1][:60]}"> before it points at no id (for/id mismatch)')
        else:
            reasons.append("no <label>, aria-label, aria-labelledby or title")
    if N.norm(el.get("placeholder")):
        reasons.append("only a placeholder, which disappears on input")
    p.add("html.control-label-missing", el, f"{what} without a label: " + "; ".join(reasons), reasons=reasons)


def _clickable(p: _Page, el: etree._Element) -> None:
    r = role(el)
    if el.get("onclick") is None and r not in CLICK_ROLES:
        return
    if el.tag in ("html", "body", "label") or native_focusable(el):
        return  # a native control, or a click on the page/label (delegation, or it activates its control)
    p.examined["clickables"] += 1
    tab = tabindex(el)
    if tab is not None and tab >= 0:
        return
    # Inside a link or button, or a card or wrapper with one inside: the keyboard user has that control.
    for i, a in enumerate(el.iterancestors()):
        if i > 50 or a.tag == "body":
            break
        if native_focusable(a):
            return
    for i, d in enumerate(el.iterdescendants()):
        if i > 300:
            break
        if N.is_element(d) and focusable(d):
            return
    why = f"tabindex={tab} keeps it out of the Tab order" if tab is not None else "no tabindex"
    trigger = "onclick" if el.get("onclick") is not None else f"role={r}"
    p.add("html.clickable-not-focusable", el, f"<{el.tag}> acts on click ({trigger}) but cannot be reached with "
          f"the keyboard: not a native control, {why}", trigger=trigger)


def _lang(p: _Page) -> None:
    root = p.doc.getroottree().getroot()
    p.examined["lang"] += 1
    value = None
    if root.tag == "html":
        value = root.get("lang")
        if value is None or not value.strip():
            value = root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or value
    el = root if root.tag == "html" else None
    if value is None or not value.strip():
        p.add("html.lang-missing", el, "<html> has no lang attribute: screen readers cannot tell the page's "
              "language")
    elif problem := lang_problem(value):
        p.add("html.lang-invalid", el, f"<html lang={value[:40]!r}> is not a valid language: {problem}",
              lang=value[:40])


def _named(p: _Page, el: etree._Element) -> None:
    tag, r = el.tag, role(el)
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6") or r == "heading":
        p.examined["headings"] += 1
        if not p.name(el):
            p.add("html.heading-empty", el, f"empty heading <{tag}>: no text for a screen reader to announce")
        return
    if (tag == "a" and el.get("href") is not None and r in ("", "link")) or (r == "link" and tag != "a"):
        p.examined["links"] += 1
        if not p.name(el):
            p.add("html.link-empty", el, "link without text: no text, image alt, aria-label or title says where "
                  "it goes")
        return
    if tag == "button" or r == "button" or tag == "input" and N.input_type(el) in ("button", "submit", "reset"):
        p.examined["buttons"] += 1
        if tag == "input":
            kind = N.input_type(el)
            named = N.author_name(el, p.ids) or N.norm(el.get("value")) or kind in ("submit", "reset") \
                or N.norm(el.get("title"))
        else:
            named = p.name(el)
        if not named:
            p.add("html.button-empty", el, "button without text: no text, value, aria-label or title says what "
                  "it does")


def _frames(p: _Page, el: etree._Element) -> None:
    if el.get("width", "").strip() in ("0", "0px") or el.get("height", "").strip() in ("0", "0px"):
        return  # not visible: nothing to name
    p.examined["frames"] += 1
    if not (N.norm(el.get("title")) or N.author_name(el, p.ids)):
        p.add("html.frame-title-missing", el, f"<{el.tag}> without a title: nothing tells what the frame holds")


def _has_media_control(el: etree._Element) -> bool:
    """A pause/stop/mute-like control next to the media (its container, up to three levels up)."""
    node = el.getparent()
    for _ in range(3):
        if node is None:
            return False
        for i, d in enumerate(node.iterdescendants()):
            if i > 300:
                break
            if not N.is_element(d) or d is el:
                continue
            if d.tag == "button" or role(d) == "button" or (d.tag == "input" and N.input_type(d) == "button"):
                label = " ".join(filter(None, (d.get("aria-label"), d.get("title"), d.get("value"),
                                               d.get("class"), N.norm(d.text_content()))))
                if _MEDIA_CONTROL.search(label):
                    return True
        node = node.getparent()
    return False


def _media(p: _Page, el: etree._Element) -> None:
    if el.get("autoplay") is None:
        return
    muted, controls = el.get("muted") is not None, el.get("controls") is not None
    if muted and el.tag == "audio":
        return  # silent and invisible
    ok = controls or _has_media_control(el)
    if not muted:
        p.examined["autoplay_sound"] += 1
        if not ok:
            p.add("html.autoplay-sound", el, f"<{el.tag} autoplay> without muted and without controls: sound can "
                  "start by itself with no way to pause, stop or mute it (its length is not known from the HTML)",
                  muted=False, controls=False)
        return
    p.examined["autoplay_video"] += 1
    if not ok:
        p.add("html.autoplay-video-motion", el, "<video autoplay muted> without controls: moving content starts by "
              "itself with no way to pause or stop it (its length is not known from the HTML)",
              muted=True, controls=False)


def _motion_tags(p: _Page, el: etree._Element) -> None:
    if el.tag == "marquee":
        p.examined["marquee"] += 1
        p.add("html.marquee", el, "<marquee> scrolls text by itself with no control to pause or stop it")
    else:
        p.add("html.blink", el, "<blink> (obsolete): meant to blink; current browsers ignore it, so it is judged "
              "by what the browser shows")


_BY_TAG: dict[str, Callable[[_Page, etree._Element], None]] = {
    "input": _controls, "select": _controls, "textarea": _controls, "iframe": _frames, "frame": _frames,
    "audio": _media, "video": _media, "marquee": _motion_tags, "blink": _motion_tags,
}


def check_document(doc: etree._Element, url: str) -> dict[str, Any]:
    """All HTML checks on one parsed document (see the module docstring for the result)."""
    p = _Page(doc, url)
    _lang(p)
    for el in p.elements:
        if id(el) in p.hidden:
            continue
        _images(p, el)
        _clickable(p, el)
        _named(p, el)
        if (handler := _BY_TAG.get(el.tag)) is not None:
            handler(p, el)
    applicable: dict[str, int] = {}
    for kind, checks in EXAMINED.items():
        if (ind := CHECKS[checks[0]].indicator) is not None:
            applicable[ind] = applicable.get(ind, 0) + p.examined[kind]
    return {"url": url, "barriers": p.barriers, "counts": {k: v for k, v in p.counts.items() if v},
            "examined": p.examined, "applicable": applicable, "truncated": p.truncated}


def check_html(html: str | bytes | etree._Element, url: str) -> dict[str, Any] | None:
    """Parse (unless given a parsed document) and check; None when the text cannot be parsed as HTML."""
    doc = html if isinstance(html, etree._Element) else parse_html(html)
    return None if doc is None else check_document(doc, url)
