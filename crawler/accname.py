"""Static approximations of what a browser computes from HTML alone: hidden subtrees, accessible names, selectors.

Used by the HTML-level checks (html_checks.py) on stored pages, without CSS or scripts. The accessible-name rules
follow the W3C accname computation where markup alone decides it (aria-labelledby, aria-label, the element's own
alternative, its text, title); what only layout or script could change is out of reach and left as is.
Everything here reads untrusted markup: lengths and depths are bounded.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from lxml import etree

MAX_NAME = 500  # characters of a computed name kept (enough to tell empty from not)
MAX_SNIPPET = 300
MAX_SELECTOR = 1000
_SAFE_TAG = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]{0,40}$")
_SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,80}$")
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)",
                           re.I)
# Subtrees a person never meets: not rendered, or content only shown when scripting is off (the audit's
# browser runs scripts, as the visitors' browsers do).
NOT_RENDERED = frozenset({"head", "script", "style", "template", "noscript", "title", "meta", "link"})
CONTROLS = frozenset({"input", "select", "textarea", "button"})


def is_element(node: object) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def attr(el: etree._Element, name: str) -> str | None:
    value = el.get(name)
    return None if value is None else str(value)


def own_hidden(el: etree._Element) -> bool:
    """Hidden by its own markup: `hidden`, aria-hidden=true, an inline display:none/visibility:hidden."""
    if el.tag in NOT_RENDERED or el.get("hidden") is not None:
        return True
    if (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    if el.tag == "input" and input_type(el) == "hidden":
        return True
    return bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def hidden(el: etree._Element) -> bool:
    """The element or one of its ancestors is hidden by markup."""
    node: etree._Element | None = el
    while node is not None:
        if is_element(node) and own_hidden(node):
            return True
        node = node.getparent()
    return False


def norm(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_NAME]


def _children(el: etree._Element) -> Iterator[etree._Element]:
    return (c for c in el if is_element(c))


def subtree_text(el: etree._Element, ids: dict[str, etree._Element], *, skip_controls: bool = False,
                 budget: int = 2000) -> str:
    """The name an element gets from its content: text, image alternatives, nested aria-labels; hidden parts
    left out. `skip_controls`: a label's own control does not name itself. Iterative, at most `budget` nodes."""
    parts: list[str] = []
    # entries: an element to visit, or a string (an element's tail text, which lxml keeps on the element)
    stack: list[etree._Element | str] = [el]
    seen = 0
    while stack and seen < budget:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        node, seen = item, seen + 1
        if node is not el:
            if node.tail:
                stack.append(node.tail)
            if own_hidden(node) or (skip_controls and node.tag in CONTROLS | {"option"}):
                continue
            label = author_name(node, ids)
            if label:
                parts.append(f" {label} ")
                continue
            if node.tag in ("img", "area") or (node.tag == "input" and input_type(node) == "image"):
                parts.append(f" {node.get('alt') or ''} ")
            if node.tag == "svg":  # an inline icon is named by its <title> child
                parts.append(f" {svg_title(node)} ")
                continue
        if node.tag in NOT_RENDERED:
            continue
        if node.text:
            parts.append(node.text)
        stack.extend(reversed(list(_children(node))))
    return norm("".join(parts))


def svg_title(svg: etree._Element) -> str:
    titles = [c for c in svg if is_element(c) and str(c.tag).rsplit("}", 1)[-1] == "title"]
    return norm(titles[0].text_content()) if titles else ""


def author_name(node: etree._Element, ids: dict[str, etree._Element]) -> str:
    """aria-labelledby, then aria-label: the author's name, which replaces the content ("" when none)."""
    return labelledby(node, ids) or norm(node.get("aria-label"))


def labelledby(el: etree._Element, ids: dict[str, etree._Element]) -> str:
    """The text of the elements aria-labelledby names (one level: a referenced element's own references are not
    followed, as accname says)."""
    refs = (el.get("aria-labelledby") or "").split()[:20]
    texts = []
    for ref in refs:
        target = ids.get(ref)
        if target is not None:
            texts.append(norm(target.get("aria-label")) or subtree_text(target, {}, budget=500))
    return norm(" ".join(texts))


def input_type(el: etree._Element) -> str:
    return (el.get("type") or "text").strip().lower()


def selector(el: etree._Element, ids: dict[str, etree._Element]) -> str | None:
    """A CSS selector for the element: `#id` when unique and plain, else a tag:nth-of-type path from the nearest
    such ancestor or from body (axe-core's form for simple cases, so that barriers found by both can be merged by
    selector). None when the path would be unreasonably long (hostile nesting)."""
    steps: list[str] = []
    node: etree._Element | None = el
    while node is not None and is_element(node):
        node_id = node.get("id")
        if node_id and _SAFE_ID.match(node_id) and ids.get(node_id) is node:
            steps.append(f"#{node_id}")
            break
        tag = node.tag if _SAFE_TAG.match(node.tag) else "*"
        parent = node.getparent()
        if parent is None:
            steps.append(tag)
            break
        if tag == "*":
            index = 1 + sum(1 for s in node.itersiblings(preceding=True) if is_element(s))
            steps.append(f"*:nth-child({index})")
        else:
            same = sum(1 for s in node.itersiblings(preceding=True) if is_element(s) and s.tag == node.tag)
            total_same = same + 1 + sum(1 for s in node.itersiblings() if is_element(s) and s.tag == node.tag)
            steps.append(tag if total_same == 1 else f"{tag}:nth-of-type({same + 1})")
        node = parent
    if len(steps) > 1 and steps[-1] == "html":
        steps.pop()  # "body > …", as axe writes it: the same element gets the same selector from both
    out = " > ".join(reversed(steps))
    return out if len(out) <= MAX_SELECTOR else None


def snippet(el: etree._Element) -> str:
    """The element's opening tag (attribute values escaped) and the start of its text, truncated: never the whole
    subtree, which may be the whole page."""
    tag = el.tag if _SAFE_TAG.match(el.tag) else "element"
    attrs = "".join(f' {k}="{html.escape(str(v)[:120], quote=True)}"' for k, v in list(el.attrib.items())[:12]
                    if _SAFE_TAG.match(str(k).replace(":", "-").replace("_", "-")))
    text = norm(el.text)[:80]
    out = f"<{tag}{attrs}>{html.escape(text, quote=False)}"
    return out if len(out) <= MAX_SNIPPET else out[:MAX_SNIPPET - 1] + "…"
