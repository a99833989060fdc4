"""Menus built by a script: the served HTML holds an empty navigation block and the items as data in a script
(a JSON list, a `var menuItems = [...]`), which the browser turns into links. A person sees a menu, so the items
are menu links and the block counts as the page's menu (a4.2.3).

Only scripts tied to an empty navigation block are read — inside it, right after it, or naming its id — so URLs of
analytics, APIs and assets elsewhere in a page's scripts are not taken for links.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.nav_markup import in_footer, is_nav_like

MIN_ITEMS = 2
MAX_ITEMS = 200
FOLLOWING_SCRIPTS = 3  # scripts right after the block, before any other element
_URL_VALUE = re.compile(r"^(https?://|/(?!/)|\?|\.\.?/)[^\s<>\"']*$", re.I)
_ASSET = re.compile(r"\.(js|css|png|jpe?g|gif|svg|webp|ico|woff2?|ttf|map|json|mp[34])(\?|$)", re.I)
_QUOTED = re.compile(r"""["']((?:https?://|/(?!/))[^"'\s<>]{1,500})["']""")


def _is_page_url(value: object) -> bool:
    return isinstance(value, str) and bool(_URL_VALUE.match(value)) and not _ASSET.search(urlsplit(value).path)


def _from_objects(data: object, out: list[tuple[str, str]]) -> None:
    """(url, title) of every object in a JSON tree that has a page URL among its string values."""
    if isinstance(data, list):
        for x in data:
            _from_objects(x, out)
    elif isinstance(data, dict):
        strings = [v for v in data.values() if isinstance(v, str)]
        url = next((v for v in strings if _is_page_url(v)), None)
        if url:
            out.append((url, next((v for v in strings if v is not url and not _is_page_url(v)), "")))
        for v in data.values():
            if isinstance(v, (dict, list)):
                _from_objects(v, out)


def _json_lists(text: str) -> list[object]:
    """Every JSON array literal in a script's text (raw_decode at each '[')."""
    decoder, out, pos = json.JSONDecoder(), [], 0
    while len(out) < 20:
        start = text.find("[", pos)
        if start < 0:
            break
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            pos = start + 1
            continue
        if isinstance(value, list):
            out.append(value)
        pos = end
    return out


def items_in_script(text: str) -> list[tuple[str, str]]:
    """(url, title) pairs of the menu data in one script."""
    out: list[tuple[str, str]] = []
    try:
        _from_objects(json.loads(text), out)
    except ValueError:
        for data in _json_lists(text):
            _from_objects(data, out)
    if not out:  # not JSON: quoted page URLs in the script
        out = [(m.group(1), "") for m in _QUOTED.finditer(text) if _is_page_url(m.group(1))]
    return out[:MAX_ITEMS]


def _scripts_for(doc: etree._Element, block: etree._Element) -> list[etree._Element]:
    scripts = [s for s in block.iter("script") if not s.get("src")]
    for sib in block.itersiblings():
        if not isinstance(sib.tag, str) or sib.tag != "script":
            break
        if len(scripts) >= FOLLOWING_SCRIPTS:
            break
        if not sib.get("src"):
            scripts.append(sib)
    ids = [el.get("id") for el in block.iter() if isinstance(el.tag, str) and el.get("id")]
    for s in doc.iter("script"):
        if s not in scripts and not s.get("src") and s.text and any(f'"{i}"' in s.text or f"'{i}'" in s.text
                                                                    for i in ids):
            scripts.append(s)
    return scripts


def script_menu(doc: etree._Element, base: str) -> tuple[etree._Element | None, list[tuple[str, str]]]:
    """The empty navigation block a script fills, and its items as (absolute url, title); (None, []) if none."""
    for block in doc.iter():
        if not is_nav_like(block) or in_footer(block) or len(block.findall(".//a[@href]")) >= 3:
            continue
        items: list[tuple[str, str]] = []
        for script in _scripts_for(doc, block):
            items += items_in_script(script.text or "")
        seen: dict[str, tuple[str, str]] = {}
        for url, title in items:
            absolute = urljoin(base, url)
            if urlsplit(absolute).scheme in ("http", "https"):
                seen.setdefault(absolute, (absolute, " ".join(title.split())[:200]))
        if len(seen) >= MIN_ITEMS:
            return block, list(seen.values())
    return None, []
