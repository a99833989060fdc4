"""Interactive tools recognised by what they do, not by their markup (issue #13 item 4); pure functions on a page.

- feedback form: a message field (a <textarea>, a multi-line text box, an editable area) with something that sends
  it nearby — a submit button, an image, any element with a click handler or a send wording, a JS handler; with or
  without a <form> element; not a search box and not the comments of a post. Whether it works from the keyboard
  is a4.3.4's question, not this one.
- poll: a question with two or more answer options under one name (radio or check boxes) and a vote control, in
  a form or not, said to be a poll by its wording, its question mark or its markup; an embedded poll service (an
  <iframe> of Google/Yandex Forms, SurveyMonkey …); a poll block a script fills in (its markup and a script).
- FAQ: a page or block headed as an FAQ (kk/ru/en wording), or questions with their answers: <details>/<summary>,
  an accordion, a definition list, headings ending in "?" each followed by an answer.
- visit counter: a visible count of visits in the text, a counter image (a counter service, a counter path, its
  alt/title), a script of a counter service that draws one, a counter block a script writes; hidden analytics
  (Yandex.Metrika, Google Analytics) is kept apart.
The wording lives in interactive_words.yaml (kk/ru/en).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import yaml
from lxml import etree

from audits.page_features import describe
from audits.site_checks.common import visible_text
from core.site_pages import text_of

WORDS_FILE = Path(__file__).with_name("interactive_words.yaml")
MAX_ELEMENTS = 20000  # elements looked at per page
CONTAINER_LEVELS = 5  # how far up from a field its sending control may sit (forms built without <form>)


@dataclass(frozen=True)
class Found:
    selector: str
    snippet: str
    how: str  # how it was recognised, for people


@cache
def words() -> dict[str, dict[str, re.Pattern[str]]]:
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return {tool: {name: re.compile("|".join(f"(?:{p})" for p in pats), re.I) for name, pats in groups.items()}
            for tool, groups in data.items()}


def _attrs(el: etree._Element) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("name"), el.get("role"), el.get("action"),
                                  el.get("aria-label"))))


def _elements(doc: etree._Element) -> list[etree._Element]:
    out = []
    for i, el in enumerate(doc.iter()):
        if i > MAX_ELEMENTS:
            break
        if isinstance(el.tag, str):
            out.append(el)
    return out


def _control_text(el: etree._Element) -> str:
    return " ".join(filter(None, (text_of(el), el.get("value"), el.get("title"), el.get("aria-label"),
                                  el.get("alt"))))


# -- feedback form ---------------------------------------------------------------------------------------------------


def _message_fields(doc: etree._Element) -> list[etree._Element]:
    fields = list(doc.iter("textarea"))
    for el in _elements(doc):
        if (el.get("contenteditable") or "").lower() in ("true", "") and el.get("contenteditable") is not None:
            fields.append(el)
        elif (el.get("role") or "").lower() == "textbox" and (el.get("aria-multiline") or "").lower() == "true":
            fields.append(el)
    return fields


def _sender(el: etree._Element) -> str | None:
    """What makes this element send: a submit control, an image input, a click handler, a send wording."""
    tag, kind = el.tag, (el.get("type") or "").lower()
    if tag == "input" and kind in ("submit", "image"):
        return f"<input type={kind}>"
    if tag == "button" and kind in ("", "submit"):
        return "a submit button"
    if el.get("onclick") or el.get("data-action") or el.get("ng-click") or el.get("@click") or el.get("v-on:click"):
        return f"a {tag} with a click handler"
    if (tag == "a" and (el.get("href") or "").lower().startswith("javascript:")) or \
            (el.get("role") or "").lower() == "button" or tag in ("button", "input"):
        if words()["feedback"]["send"].search(_control_text(el)):
            return f"a {tag} saying {_control_text(el)[:30]!r}"
    return None


def _container_sender(field: etree._Element) -> tuple[etree._Element, str] | None:
    """The nearest container of the field (its form, else up to CONTAINER_LEVELS ancestors) that holds a sender."""
    form = next(iter(field.iterancestors("form")), None)
    if form is not None:
        senders = [s for el in form.iter() if isinstance(el.tag, str) and (s := _sender(el))]
        if senders:
            return form, senders[0]
        if form.get("onsubmit"):
            return form, "a form with a submit handler"
    node = field
    for _ in range(CONTAINER_LEVELS):
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
        senders = [s for el in node.iter() if isinstance(el.tag, str) and el is not field and (s := _sender(el))]
        if senders:
            return node, senders[0] + " (no <form> element)"
    return None


def _not_feedback(container: etree._Element, field: etree._Element) -> bool:
    blob = " ".join(_attrs(el) for el in (container, field, *container.iterancestors()) if el is not None)
    return bool(words()["feedback"]["not_feedback"].search(blob))


def feedback_form(doc: etree._Element) -> Found | None:
    for field in _message_fields(doc):
        found = _container_sender(field)
        if found is None:
            continue
        container, how = found
        if _not_feedback(container, field):
            continue
        return Found(describe(container), "a message field and " + how, how)
    return None


def portal_link(doc: etree._Element, base: str) -> str | None:
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if href and words()["feedback"]["portals"].search(href):
            return urljoin(base, href)
    return None


# -- poll ------------------------------------------------------------------------------------------------------------


def _option_groups(root: etree._Element) -> dict[str, list[etree._Element]]:
    groups: dict[str, list[etree._Element]] = {}
    for el in root.iter("input"):
        if (el.get("type") or "").lower() in ("radio", "checkbox") and el.get("name"):
            groups.setdefault(el.get("name"), []).append(el)
    return groups


def _any_sender(root: etree._Element) -> bool:
    return any(_sender(el) for el in root.iter() if isinstance(el.tag, str)) or \
        any((el.get("type") or "").lower() == "button" for el in root.iter("input"))


def _poll_block(doc: etree._Element) -> Found | None:
    w = words()["poll"]
    for name, options in _option_groups(doc).items():
        if len(options) < 2:
            continue
        node = options[0]
        for _ in range(CONTAINER_LEVELS):
            node = node.getparent()
            if node is None:
                return None
            if len(_option_groups(node).get(name, [])) < len(options) or not _any_sender(node):
                continue
            if words()["feedback"]["not_feedback"].search(" ".join(_attrs(e) for e in (node, *node.iterancestors()))):
                break
            said = " ".join([visible_text(node), *[_control_text(b) for b in node.iter("button", "input")]])
            if w["words"].search(said) or w["markup"].search(_attrs(node)) or "?" in said:
                why = ("poll wording" if w["words"].search(said) else
                       "poll markup" if w["markup"].search(_attrs(node)) else "a question")
                return Found(describe(node), f"{len(options)} answer options and a vote control ({why})", why)
            break
    return None


def poll(doc: etree._Element) -> Found | None:
    if (found := _poll_block(doc)) is not None:
        return found
    w = words()["poll"]
    for frame in doc.iter("iframe"):
        src = frame.get("src") or frame.get("data-src") or ""
        if w["services"].search(src) or (w["markup"].search(src) and not re.search(r"youtube|map", src, re.I)):
            return Found(describe(frame), f"an embedded poll: {src[:100]}", "embedded poll service")
    scripts = " ".join((s.get("src") or "") + " " + (s.text or "")[:2000] for s in doc.iter("script"))
    for el in _elements(doc):
        if el.tag in ("div", "section", "aside", "form") and w["markup"].search(" ".join(
                filter(None, (el.get("id"), el.get("class"))))):
            ident = el.get("id") or ""
            if (ident and ident in scripts) or w["services"].search(scripts) or re.search(r"poll|vote|survey|opros",
                                                                                          scripts, re.I):
                return Found(describe(el), "a poll block filled in by a script", "script-rendered poll")
    return None


# -- FAQ -------------------------------------------------------------------------------------------------------------


def _is_question(text: str) -> bool:
    return text.rstrip().endswith("?") and 8 <= len(text) <= 300


def qa_pairs(doc: etree._Element) -> int:
    """Questions with their answers: <details>/<summary>, accordions, <dt>/<dd>, headings ending in "?"."""
    pairs = 0
    for det in doc.iter("details"):
        summary = det.find("summary")
        if summary is not None and _is_question(text_of(summary)) and len(text_of(det)) > len(text_of(summary)):
            pairs += 1
    for dt in doc.iter("dt"):
        dd = dt.getnext()
        if _is_question(text_of(dt)) and dd is not None and dd.tag == "dd" and text_of(dd):
            pairs += 1
    accordion = words()["faq"]["accordion"]
    for el in _elements(doc):
        if el.tag in ("summary", "dt", "details"):
            continue
        toggles = el.get("aria-expanded") is not None or (el.get("data-toggle") or el.get("data-bs-toggle") or "") \
            .lower() == "collapse" or (el.tag in ("button", "a", "div", "h2", "h3", "h4", "h5") and
                                      accordion.search(el.get("class") or ""))
        if el.tag in ("h2", "h3", "h4", "h5", "h6", "button") or toggles:
            nxt = el.getnext()
            if _is_question(text_of(el)) and nxt is not None and len(text_of(nxt)) >= 10:
                pairs += 1
    return pairs


def faq(doc: etree._Element, title: str | None, *, min_pairs: int) -> Found | None:
    """An FAQ page or block: a heading naming it with some content, or `min_pairs` questions with answers."""
    w = words()["faq"]["headings"]
    heads = [title or "", *(text_of(h) for h in doc.iter("h1", "h2", "h3"))]
    named = next((h for h in heads if h and w.search(h)), None)
    pairs = qa_pairs(doc)
    if named and (pairs or len(visible_text(doc)) > 200):
        return Found("h1" if named != title else "title", f"{named[:80]} ({pairs} question(s) with answers)",
                     "FAQ heading")
    if pairs >= min_pairs:
        return Found("main", f"{pairs} questions with their answers", "questions and answers")
    return None


# -- visit counter ---------------------------------------------------------------------------------------------------


def counter(doc: etree._Element) -> Found | None:
    w = words()["counter"]
    text = visible_text(doc)
    for m in w["text"].finditer(text):
        after = text[m.end(): m.end() + 40]
        number = re.match(r"\s*(?:за\s+\w+|сегодня|бүгін|всего|барлығы|today|total|:|—|-|–|\s)*\s*(\d[\d\s\u00a0.,]*)",
                          after, re.I)
        if number and number.group(1).strip():
            return Found("body", f"{m.group(0)} {number.group(1).strip()}"[:80], "a visible count")
    for el in _elements(doc):
        if el.tag not in ("img", "script", "a", "div", "span", "iframe"):
            continue
        blob = " ".join(filter(None, (el.get("src"), el.get("href"), el.get("class"), el.get("id"))))
        if blob and w["widgets"].search(blob):
            kind = {"img": "a counter image", "script": "a counter service's script", "iframe": "a counter frame"}
            return Found(describe(el), f"{kind.get(el.tag, 'a counter element')}: {blob[:80]}", "counter widget")
        if el.tag == "img" and w["image_words"].search(" ".join(filter(None, (el.get("alt"), el.get("title"))))):
            return Found(describe(el), f"a counter image ({(el.get('alt') or el.get('title'))[:60]})",
                         "counter image")
    scripts = [(s, (s.text or "")[:20000]) for s in doc.iter("script")]
    for script, code in scripts:  # a counter service's code that writes its image or informer
        if (m := w["widgets"].search(code)) is not None and not w["hidden"].search(code):
            return Found(describe(script), f"a script that draws a counter ({m.group(0)})", "counter script")
    code = " ".join(c for _s, c in scripts)
    for el in _elements(doc):  # a block a script fills with the count
        ident = el.get("id") or ""
        if ident and w["block"].search(ident) and re.search(rf"['\"#]{re.escape(ident)}['\"]", code):
            return Found(describe(el), f"a counter block #{ident[:40]} a script writes", "script-written counter")
    return None


def hidden_analytics(doc: etree._Element) -> str | None:
    for script in doc.iter("script"):
        blob = (script.get("src") or "") + " " + (script.text or "")[:5000]
        if words()["counter"]["hidden"].search(blob):
            return "hidden web analytics"
    return None
