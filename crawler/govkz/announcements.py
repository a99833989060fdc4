"""Announcements on the body's own site (gov.kz news and press releases) of the start of a public discussion of
budget programmes (OB-CSO-11.2 / OB-LEB-7.2) and of the placement of draft NPAs (NPA-CSO-5.2 / NPA-LEB-4.2).

Recognised by function, not markup: a title or text that speaks of public discussion together with the budget,
or of a draft act placed / put to discussion. Phrases per language; dates decide the reporting window.
"""

from __future__ import annotations

import re
from html import unescape

PATTERNS: dict[str, dict[str, tuple[re.Pattern[str], ...]]] = {
    "budget": {
        "ru": (re.compile(r"(публичн\w*|общественн\w*)\s+обсужден\w*.{0,80}бюджет", re.I | re.S),
               re.compile(r"бюджет\w*.{0,80}(публичн\w*|общественн\w*)\s+обсужден", re.I | re.S)),
        "kk": (re.compile(r"(жария|қоғамдық)\s+талқыла\w*.{0,80}бюджет", re.I | re.S),
               re.compile(r"бюджет\w*.{0,80}(жария|қоғамдық)\s+талқыла", re.I | re.S)),
    },
    "npa": {
        "ru": (re.compile(r"проект\w*\s.{0,40}(приказ|постановлен|нпа|нормативн|закон|решени).{0,120}"
                          r"(обсужден|размещ)", re.I | re.S),
               re.compile(r"открыт\w*\s+нпа|открытые\s+нормативные", re.I)),
        "kk": (re.compile(r"(бұйрық|қаулы|нқа|заң|шешім)\w*\s+жоба\w*.{0,120}(талқыла|орналастыр)", re.I | re.S),
               re.compile(r"ашық\s+нқа|ашық\s+нормативтік", re.I)),
    },
}


def _text(value: object) -> str:
    return re.sub(r"<[^>]+>", " ", unescape(str(value or "")))


def announces(item: dict[str, object], lang: str) -> list[str]:
    """The kinds ("budget", "npa") an item (title + short description + body) announces in `lang`."""
    text = " ".join(_text(item.get(k)) for k in ("title", "short_description", "body"))
    return [kind for kind, by_lang in PATTERNS.items() if any(p.search(text) for p in by_lang.get(lang, ()))]
