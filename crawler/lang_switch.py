"""Language switches however a site builds them: links with a language label, flag images (only an alt or title
names the language), `hreflang`/`lang` attributes, select boxes whose options navigate (option values that are URLs,
or language codes put into the URL the way the current page already carries its own code), and languages named
in the query string (`?lang=kk`, `?culture=ru-RU`).

The option of a select box is one action for a person (choose, and the page changes), so its target is a link
like any other; the methodology's tool (Xenu) would not see it, but the fixtures' manifests show it changes no
click depth where the anchors exist too, and without it a version reached only through the box is never audited.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from crawler.language import lang_code, url_language

# Labels a language switch shows, in the three languages (lower case; codes are handled by lang_code).
LANG_LABELS = {
    "қаз": "kk", "каз": "kk", "қазақша": "kk", "казахский": "kk", "қазақ тілі": "kk", "қазақ": "kk",
    "казахский язык": "kk", "kazakh": "kk", "qazaqsha": "kk", "qazaq": "kk", "қазақ тілінде": "kk",
    "рус": "ru", "русский": "ru", "орысша": "ru", "орыс тілі": "ru", "русский язык": "ru", "russian": "ru",
    "по-русски": "ru", "на русском": "ru",
    "eng": "en", "english": "en", "ағылшынша": "en", "ағылшын тілі": "en", "английский": "en", "англ": "en",
    "kz": "kk", "kk": "kk", "kaz": "kk", "qq": "kk", "ru": "ru", "rus": "ru", "en": "en",
}
# query parameters that carry the interface language (ASP.NET culture, Google-style hl, …)
LANG_PARAMS = ("lang", "language", "locale", "lng", "culture", "uiculture", "ui-culture", "hl", "lan")
# a class/id naming a language switch: "language", "lang-select", "language-switcher-…", "switch-lang", "culture…";
# not a state marker such as <body class="lang-kk"> (a class naming one language is not a switch)
LANG_CONTAINER = re.compile(r"^(lang|langs|language|languages)$|"
                            r"lang\w*[-_]?(switch|select|dropdown|choice|chooser|picker|menu|list|bar|links|block|toggle)|"
                            r"(switch|select|dropdown|choice|chooser|picker)\w*[-_]?lang", re.I)
_URLISH = re.compile(r"^(https?://|/|\?|\.\.?/)", re.I)
NAVIGATING_HANDLER = re.compile(r"location|\.href|navigate|submit\(", re.I)


def label_language(text: str | None) -> str | None:
    """The language a switch label names ('Қазақша', 'RU', 'English'), or None."""
    value = " ".join((text or "").split()).lower().rstrip(".").strip()
    if not value or len(value) > 24:
        return None
    return LANG_LABELS.get(value) or (lang_code(value) if len(value) <= 5 else None)


def url_lang(url: str) -> str | None:
    """The language a URL names: a /kk/ /ru/ /en/ path prefix or a language query parameter (?culture=ru-RU)."""
    found = url_language(url)
    if found:
        return found
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=False):
        if key.lower() in LANG_PARAMS:
            code = lang_code(value)
            if code:
                return code
    return None


def link_label(a: etree._Element) -> str:
    """What a person reads on a link: its text, else its title, else the alt/title of an image in it (flags)."""
    text = " ".join((a.text_content() or "").split())
    if text:
        return text
    if a.get("title") or a.get("aria-label"):
        return " ".join((a.get("title") or a.get("aria-label") or "").split())
    for img in a.iter("img"):
        label = img.get("alt") or img.get("title")
        if label and label.strip():
            return " ".join(label.split())
    return ""


def anchor_language(a: etree._Element) -> str | None:
    """The language an anchor switches to, when it is a language-switch entry: hreflang, its label, else `lang`."""
    code = lang_code(a.get("hreflang"))
    if code:
        return code
    label = link_label(a)
    return label_language(label) if label else lang_code(a.get("lang"))


def names_lang_switch(el: etree._Element) -> bool:
    """Its class, id or name says it is the language switch (the page's root elements never count)."""
    if not isinstance(el.tag, str) or el.tag in ("html", "body"):
        return False
    names = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("name")))).split()
    return any(LANG_CONTAINER.search(n) for n in names)


def in_lang_container(el: etree._Element) -> bool:
    """Inside a block a site names as its language switch."""
    return any(names_lang_switch(anc) for anc in (el, *el.iterancestors()))


def _options(select: etree._Element) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of a select's options; a missing value attribute is the option's text."""
    out = []
    for opt in select.iter("option"):
        label = " ".join((opt.text_content() or "").split())
        value = opt.get("value")
        out.append(((value if value is not None else label).strip(), label, opt.get("selected") is not None))
    return out


def _scripts_about(doc: etree._Element, select: etree._Element) -> str:
    """Inline script text that mentions this select by id or name (handlers attached with addEventListener)."""
    names = [n for n in (select.get("id"), select.get("name")) if n]
    if not names:
        return ""
    texts = [s.text or "" for s in doc.iter("script") if not s.get("src")]
    return " ".join(t for t in texts if any(n in t for n in names))


def _called_functions(doc: etree._Element, handler: str) -> str:
    """The page-script definitions of functions the handler calls (onchange="setLang(this.value)")."""
    names = set(re.findall(r"([A-Za-z_$][\w$]*)\s*\(\s*this\.value", handler))
    if not names:
        return ""
    texts = [s.text or "" for s in doc.iter("script") if not s.get("src")]
    out = []
    for name in names:
        for text in texts:
            m = re.search(r"function\s+" + re.escape(name) + r"\s*\([^)]*\)\s*\{(.{0,400})", text, re.S)
            if m:
                out.append(m.group(1))
    return " ".join(out)


def _handler(doc: etree._Element, select: etree._Element) -> str:
    own = " ".join(filter(None, (select.get("onchange"), select.get("data-onchange"))))
    form = next(select.iterancestors("form"), None)
    if form is not None and form.get("onchange"):
        own += " " + form.get("onchange", "")
    return own + " " + _called_functions(doc, own) + " " + _scripts_about(doc, select)


def _substitute(page_url: str, current: str, value: str) -> str | None:
    """The page URL with the selected option's code replaced by `value`, where the URL carries that code."""
    parts = urlsplit(page_url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(v == current for _k, v in query):
        new = [(k, value if v == current else v) for k, v in query]
        return urlunsplit(parts._replace(query=urlencode(new)))
    segments = parts.path.split("/")
    if current in segments:
        return urlunsplit(parts._replace(path="/".join(value if s == current else s for s in segments)))
    return None


def _concatenated(handler: str, page_url: str, value: str) -> str | None:
    """A handler like location.href = '/' + this.value + '/' or '?lang=' + this.value: build the same URL."""
    m = re.search(r"""(?:(['"])([^'"]*)\1\s*\+\s*)?this\.(?:value|options\[[^\]]*\]\.value)"""
                  r"""(?:\s*\+\s*(['"])([^'"]*)\3)?""", handler)
    if not m or not (m.group(2) or m.group(4)):
        return None
    target = (m.group(2) or "") + value + (m.group(4) or "")
    if re.search(r"location\.search\s*=", handler) and not target.startswith("?"):
        target = "?" + target  # location.search = 'culture=' + value sets the query string
    return urljoin(page_url, target)


def _form_submit(select: etree._Element, page_url: str, value: str) -> str | None:
    """A select that submits its GET form on change: the form's URL with this value (and its hidden fields)."""
    form = next(select.iterancestors("form"), None)
    if form is None or (form.get("method") or "get").lower() != "get" or not select.get("name"):
        return None
    fields = [(i.get("name"), i.get("value") or "") for i in form.iter("input")
              if (i.get("type") or "").lower() == "hidden" and i.get("name")]
    fields.append((select.get("name"), value))
    action = urljoin(page_url, form.get("action") or page_url)
    return urlunsplit(urlsplit(action)._replace(query=urlencode(fields)))


def select_targets(doc: etree._Element, select: etree._Element, page_url: str) -> list[tuple[str, str, str | None]]:
    """(url, label, language or None) for each option a navigating select box leads to; [] for other selects.

    A select navigates when its options' values are URLs (a jump box, whatever script reads it), or when its
    handler navigates (onchange / a script naming it) and its values are language codes."""
    options = _options(select)
    if len(options) < 2:
        return []
    urlish = [o for o in options if o[0] and _URLISH.match(o[0])]
    handler = _handler(doc, select)
    out: list[tuple[str, str, str | None]] = []
    if len(urlish) >= max(2, len(options) - 1):  # a placeholder option ("— choose —") may have no URL
        for value, label, _sel in urlish:
            url = urljoin(page_url, value)
            out.append((url, label, label_language(label) or url_lang(url)))
        return out
    codes = [(o, lang_code(o[0])) for o in options]
    if not NAVIGATING_HANDLER.search(handler) or sum(1 for _o, c in codes if c) < 2:
        return []
    current = next((o[0] for o in options if o[2]), None)
    for (value, label, selected), code in codes:
        if not code or selected:
            continue
        url = (_concatenated(handler, page_url, value) or
               (_form_submit(select, page_url, value) if "submit" in handler else None) or
               (_substitute(page_url, current, value) if current else None))
        if url:
            out.append((url, label, code))
    return out


def is_language_select(select: etree._Element, targets: list[tuple[str, str, str | None]]) -> bool:
    """The box switches languages: its block says so, or its options name two or more languages and every target
    but perhaps a placeholder is one of them."""
    if in_lang_container(select):
        return True
    option_langs = {label_language(label) or lang_code(value) for value, label, _sel in _options(select)} - {None}
    named = [t for t in targets if t[2]]
    return bool(named) and len(named) >= len(targets) - 1 and len(option_langs) >= 2


def counterparts(doc: etree._Element, page_url: str, links: list) -> dict[str, str]:
    """{lang: url} of this page in other languages: hreflang alternates, then language-switch links (anchors,
    flags and select-box options), each named by its label or by the language its URL carries."""
    out: dict[str, str] = {}
    for link in doc.iter("link"):
        if (link.get("rel") or "").lower() == "alternate" and link.get("hreflang") and link.get("href"):
            code = lang_code(link.get("hreflang"))
            if code:
                out.setdefault(code, urljoin(page_url, link.get("href")))
    for link in links:
        if link.kind != "lang":
            continue
        code = label_language(link.text) or url_lang(link.url)
        if code:
            out.setdefault(code, link.url)
    return out
