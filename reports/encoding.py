"""Output encoding for the evaluator report: which URLs may become links, JSON for <script>, and the report's own
inline script and style with the Content-Security-Policy that allows exactly them.

Everything a crawled page supplies is hostile (design.md §8). Jinja's autoescape covers text and quoted attribute
values; it does not stop a `javascript:` URL in an `href`, and it must not touch our own script (a <script> body is
raw text: entities are not decoded there), so those two cases are handled here.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

LINK_SCHEMES = ("http", "https")
ASSETS = Path(__file__).with_name("templates")  # packaged with the template

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers strip leading C0 controls and spaces and drop tab/LF/CR anywhere ("java\tscript:" is javascript:);
# a URL with any of these, or with other invisible separators, is never linked.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u2028\u2029\u200b-\u200f\ufeff]")


def safe_url(value: object) -> str | None:
    """`value` if it may go into an href/src: an http(s) URL or a relative reference; otherwise None (show it as
    text). Rejects other schemes (javascript:, data:, vbscript:, file:, …), protocol-relative `//host` and `/\\host`,
    control or blank characters anywhere, and tricks that only appear after HTML entity decoding."""
    if not isinstance(value, str) or not value:
        return None
    decoded = html.unescape(value)  # "javascript&colon;…" is javascript: to anyone who decodes once more
    for candidate in {value, decoded}:
        if _INVISIBLE.search(candidate) or not _allowed(candidate):
            return None
    return value


def _allowed(url: str) -> bool:
    if url[:2].replace("\\", "/") == "//":  # protocol-relative: another host, whatever the report is served from
        return False
    head = re.split(r"[/?#\\]", url, maxsplit=1)[0]
    if ":" not in head:
        return True  # a relative path, query or fragment
    scheme = _SCHEME.match(head)
    return bool(scheme) and scheme.group(1).lower() in LINK_SCHEMES


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027", "\u2028": "\\u2028",
                   "\u2029": "\\u2029"}


def script_json(value: Any) -> Markup:
    """JSON safe to embed in a <script> element (or a type="application/json" block): `</script>`, `<!--`, `&`
    and the JavaScript line separators cannot end or bend the script, whatever crawled text the value holds."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return Markup(re.sub("[<>&'\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m.group()], text))


def csp_hash(text: str) -> str:
    """The CSP source expression allowing exactly this inline script or style body."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@dataclass(frozen=True)
class InlineAssets:
    """Our own script and style, inlined so the report stays one offline file, and the CSP that admits only them."""

    script: Markup
    style: Markup
    csp: str


def inline_assets(script_file: str = "site.js", style_file: str = "site.css") -> InlineAssets:
    script = (ASSETS / script_file).read_text(encoding="utf-8")
    style = (ASSETS / style_file).read_text(encoding="utf-8")
    # Static files of ours, never crawled text: the only Markup in the report besides script_json. They must
    # not be able to close their own element.
    for text, tag in ((script, "script"), (style, "style")):
        if re.search(rf"</{tag}|<!--", text, re.I):
            raise ValueError(f"{tag} asset contains a sequence that would end its element")
    csp = "; ".join((
        "default-src 'none'",
        f"script-src {csp_hash(script)}",
        f"style-src {csp_hash(style)}",
        "img-src 'self'",  # screenshots are files beside the report (screenshots/<body>/<hash>.png)
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ))
    return InlineAssets(script=Markup(script), style=Markup(style), csp=csp)
