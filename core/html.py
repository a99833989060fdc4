"""Parsing stored HTML into an lxml tree: the one parser every layer reads pages with."""

from __future__ import annotations

import lxml.html
from lxml import etree


def parse_html(html: str | bytes) -> etree._Element | None:
    """Parse decoded text (preferred: the charset is then already right) or raw bytes; None if unparseable."""
    return parse_html_checked(html)[0]


def parse_html_checked(html: str | bytes) -> tuple[etree._Element | None, bool]:
    """As `parse_html`, and whether the document nests deeper than libxml2 reads (it stops there silently)."""
    if not html:
        return None, False
    parser = lxml.html.HTMLParser()
    try:
        doc = lxml.html.fromstring(html, parser=parser)
    except ValueError:  # a str with an <?xml encoding=...?> declaration: lxml wants bytes then
        if isinstance(html, str):
            return parse_html_checked(html.encode("utf-8"))
        return None, False
    except etree.ParserError:
        return None, False
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return doc, too_deep
