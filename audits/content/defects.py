"""Appendix 5/6 quality defects (0.1 each), detected per language with the evidence for each one.

Kinds: untimely_update (an item found outdated), outdated_npa (a linked legal act marked repealed),
kk_ru_mismatch (paired kk/ru pages whose figures or length differ; counted once, in the kk finding),
law_without_link (a law or code named in the text with no link to its text), no_source (statistics or analysis
with figures but no source named). "Text does not match its heading" needs a person and is not detected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from audits.content.assess import OUTDATED, Finder, ItemResult
from audits.content.text import numbers
from crawler.content.model import concepts
from crawler.text import norm, url_lang

REPEALED = re.compile(r"утрат\w*\s+сил|утративш\w*|отмен[её]н\w*|недействующ\w*|күші\s+жойыл\w*|күшін\s+жой\w*|"
                      r"күші\s+жойылған|жарамсыз\s+деп\s+тан\w*", re.I)
LAW_MENTION = re.compile(
    r"\b(?:закон\w*|кодекс\w*)\s+(?:республики\s+казахстан|рк)\b(?:\s+от\s+[^«»]{0,40}?(?=\s*«))?(?:\s*«[^»]{3,150}»)?"
    r"|\b(?:закон\w*|кодекс\w*)\s+«[^»]{3,150}»"
    r"|«[^»]{3,150}»\s+қазақстан\s+республикасының\s+(?:заң\w*|кодекс\w*)"
    r"|қазақстан\s+республикасының\s+(?:[\w-]+\s+){0,3}?(?:заң\w*|кодекс\w*)", re.I)
SOURCE_MARK = re.compile(r"источник|по данным|согласно данным|данные\s+\w+\s+статистик|дереккөз|көзі\s*:|"
                         r"деректері\s+бойынша|мәліметтері\s+бойынша|деректеріне\s+сәйкес|stat\.gov\.kz|"
                         r"бюро национальной статистики|ұлттық статистика бюросы", re.I)
LANG_SWITCH = {"kk": {"қаз", "каз", "қазақша", "kz", "kk", "қаз.", "каз.", "казахский", "қазақ тілі"},
               "ru": {"рус", "ru", "русский", "орысша", "рус.", "русский язык"}}
APPENDIX5_KINDS = ("untimely_update", "outdated_npa", "kk_ru_mismatch", "law_without_link", "no_source")
APPENDIX6_KINDS = ("untimely_update", "kk_ru_mismatch")


@dataclass
class Defect:
    kind: str
    url: str | None
    snippet: str
    why: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "url": self.url, "why": self.why}


def untimely(results: list[ItemResult]) -> list[Defect]:
    out, seen = [], set()
    for r in results:
        if r.status == OUTDATED and r.item.concepts not in seen:
            seen.add(r.item.concepts)
            out.append(Defect("untimely_update", r.url, r.snippet or "", f"{r.item.text}: {r.matched}"))
    return out


def outdated_npa(finder: Finder) -> list[Defect]:
    out, seen = [], set()
    for b in finder.blocks:
        if b.kind != "anchor" or not b.href or b.href in seen:
            continue
        around = b.text
        if b.element is not None and b.element.getparent() is not None:
            around = re.sub(r"\s+", " ", b.element.getparent().text_content())[:400]
        target = finder.index.lookup(b.href)
        marker = REPEALED.search(around)
        where = "next to the link"
        if marker is None and target is not None and target.is_html and target.ok:
            view = finder.index.views.get(target.url)
            head = (view.full_text if view else "")[:1500]
            marker = REPEALED.search(head) if _is_legal_act(head) else None
            where = "on the linked act's page"
        if marker and _is_legal_act(around + " " + b.text):
            seen.add(b.href)
            out.append(Defect("outdated_npa", b.url, around[:300],
                              f"the site links a legal act marked '{marker.group(0)}' ({where}): {b.href}"))
    return out


def _is_legal_act(text: str) -> bool:
    return bool(re.search(r"закон|кодекс|приказ|постановлени|решени|правил|заң|кодекс|бұйрық|қаулы|шешім|қағида",
                          text, re.I))


def laws_without_link(finder: Finder, per: str) -> list[Defect]:
    out, seen = [], set()
    for b in finder.blocks:
        if b.kind != "passage" or b.element is None:
            continue
        m = LAW_MENTION.search(b.text)
        if not m or b.element.tag == "a" or list(b.element.iter("a")):
            continue
        anc = b.element.getparent()
        if anc is not None and anc.tag == "a":
            continue
        key = {"page": b.url, "act": norm(m.group(0))}.get(per, f"{b.url}#{len(out)}")
        if key in seen:
            continue
        seen.add(key)
        out.append(Defect("law_without_link", b.url, b.text[:300],
                          f"'{m.group(0)}' is named with no link to the act's text"))
    return out


def missing_sources(finder: Finder) -> list[Defect]:
    out, seen = [], set()
    for c in concepts().values():
        if not c.source:
            continue
        for hit in finder.hits(c)[:6]:
            if hit.block is None or hit.kind not in ("title", "heading", "anchor"):
                continue
            page_url = hit.target if hit.kind == "anchor" else hit.url
            target = finder.index.lookup(page_url)
            if target is None or not target.is_html or target.url in seen:
                continue
            text, _docs, _imgs = finder.context(hit)
            if len(numbers(text)) >= 3 and not SOURCE_MARK.search(text) and not _external_links(finder, target.url):
                seen.add(target.url)
                out.append(Defect("no_source", target.url, text[:300],
                                  f"{c.en}: figures are given without naming their source"))
    return out


def _external_links(finder: Finder, url: str) -> bool:
    host = urlsplit(url).netloc
    return any(b.kind == "anchor" and b.href and b.href.startswith("http") and urlsplit(b.href).netloc != host
               and b.element is not None and b.element not in getattr(finder.index.views.get(url), "chrome", set())
               for b in finder.blocks if b.url == url)


def counterpart(finder: Finder, url: str, other: str) -> str | None:
    view = finder.index.views.get(url)
    if view is None:
        return None
    known = (view.page.info or {}).get("counterparts") or {}
    if known.get(other):
        return known[other]
    switch = getattr(finder, "_switch", None)
    if switch is None:  # per page: where its language switch leads
        switch = {}
        for b in finder.blocks:
            if b.kind == "anchor" and b.href:
                for lang, words in LANG_SWITCH.items():
                    if norm(b.text) in words:
                        switch.setdefault(b.url, {}).setdefault(lang, b.href)
        finder._switch = switch  # type: ignore[attr-defined]
    return switch.get(url, {}).get(other) or _swap_lang(url, other)


def _swap_lang(url: str, other: str) -> str | None:
    here = url_lang(url)
    if not here:
        return None
    for a, b in ((f"lang={here}", f"lang={other}"), (f"/{here}/", f"/{other}/"), ("/kz/", f"/{other}/")):
        if a in url:
            return url.replace(a, b, 1)
    return None


def mismatches(kk: Finder, ru: Finder, min_jaccard: float) -> list[Defect]:
    """Paired kk/ru pages whose figures differ (Jaccard below the setting) or whose lengths differ 2.5-fold."""
    out = []
    for view in kk.views:
        other_url = counterpart(kk, view.page.url, "ru")
        other = ru.index.lookup(other_url) if other_url else None
        other_view = ru.index.views.get(other.url) if other is not None else None
        if other_view is None or other_view.lang != "ru":
            continue
        a, b = numbers(view.text[:20000]), numbers(other_view.text[:20000])
        why = ""
        if len(a | b) >= 3 and len(a & b) / len(a | b) < min_jaccard:
            only_kk, only_ru = sorted(a - b)[:5], sorted(b - a)[:5]
            why = f"figures differ: only in kk {only_kk}, only in ru {only_ru}"
        elif min(len(view.text), len(other_view.text)) >= 200 and not (
                0.4 <= len(view.text) / max(1, len(other_view.text)) <= 2.5):
            why = f"text lengths differ: kk {len(view.text)} vs ru {len(other_view.text)} characters"
        if why:
            out.append(Defect("kk_ru_mismatch", view.page.url, f"kk: {view.text[:140]} | ru: {other_view.text[:140]}",
                              f"{why} (ru version {other_view.page.url})"))
    return out
