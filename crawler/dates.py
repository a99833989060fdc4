"""Publication and modification dates found on a page: meta tags, JSON-LD, <time>, and visible text in the
Russian and Kazakh formats used on state-body sites ("15.05.2026", "15 мая 2026 г.", "2026 жылғы 15 мамыр")."""

from __future__ import annotations

import json
import re
from datetime import date

from lxml import etree

RU_MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
             "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}
KK_MONTHS = {"қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7, "тамыз": 8,
             "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12}
META_PUBLISHED = ("article:published_time", "datepublished", "dc.date", "dc.date.issued", "date", "pubdate")
META_MODIFIED = ("article:modified_time", "datemodified", "dc.date.modified", "last-modified")

_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
_RU_TEXT = re.compile(r"\b(\d{1,2})\s+(январ\w*|феврал\w*|март\w*|апрел\w*|ма[яй]\w*|июн\w*|июл\w*|август\w*|"
                      r"сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)\s+(\d{4})", re.I)
_KK_TEXT = re.compile(r"\b(\d{4})\s*(?:ж\.|жыл\w*)?\s*(\d{1,2})\s+(" + "|".join(KK_MONTHS) + r")\w*", re.I)
_KK_TEXT2 = re.compile(r"\b(\d{1,2})\s+(" + "|".join(KK_MONTHS) + r")\w*\s+(\d{4})", re.I)
_LABEL_MODIFIED = re.compile(r"(обновлен|изменен|өзгертілген|жаңартылған|last modified|updated)", re.I)


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _ru_month(word: str) -> int | None:
    word = word.lower()
    if word.startswith("ма") and not word.startswith("март"):
        return 5
    return next((n for stem, n in RU_MONTHS.items() if word.startswith(stem) and stem != "ма"), None)


def dates_in_text(text: str) -> list[str]:
    """Every date written in the text, as ISO strings, in order of appearance (duplicates removed)."""
    found: list[tuple[int, str]] = []
    for m in _NUMERIC.finditer(text):
        if (iso := _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))):
            found.append((m.start(), iso))
    for m in _ISO.finditer(text):
        if (iso := _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))):
            found.append((m.start(), iso))
    for m in _RU_TEXT.finditer(text):
        month = _ru_month(m.group(2))
        if month and (iso := _valid(int(m.group(3)), month, int(m.group(1)))):
            found.append((m.start(), iso))
    for m in _KK_TEXT.finditer(text):
        if (iso := _valid(int(m.group(1)), KK_MONTHS[m.group(3).lower()], int(m.group(2)))):
            found.append((m.start(), iso))
    for m in _KK_TEXT2.finditer(text):
        if (iso := _valid(int(m.group(3)), KK_MONTHS[m.group(2).lower()], int(m.group(1)))):
            found.append((m.start(), iso))
    seen: list[str] = []
    for _pos, iso in sorted(found):
        if iso not in seen:
            seen.append(iso)
    return seen


def _json_ld_dates(doc: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for script in doc.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except json.JSONDecodeError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                for key, name in (("datePublished", "published"), ("dateModified", "modified")):
                    if isinstance(item.get(key), str):
                        out.setdefault(name, item[key])
    return out


def page_dates(doc: etree._Element, text: str) -> dict[str, object]:
    """{"published", "modified": ISO or None, "source": where found, "all": every date in the visible text}."""
    out: dict[str, object] = {"published": None, "modified": None, "source": {}}
    sources: dict[str, str] = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        value = meta.get("content") or ""
        if key in META_PUBLISHED and value and not out["published"]:
            out["published"], sources["published"] = value, f"meta {key}"
        if key in META_MODIFIED and value and not out["modified"]:
            out["modified"], sources["modified"] = value, f"meta {key}"
    for name, value in _json_ld_dates(doc).items():
        if not out[name]:
            out[name], sources[name] = value, "json-ld"
    for t in doc.iter("time"):
        value = t.get("datetime") or (t.text or "").strip()
        if value and not out["published"]:
            out["published"], sources["published"] = value, "<time>"
    all_dates = dates_in_text(text)
    if not out["published"] and all_dates:
        out["published"], sources["published"] = all_dates[0], "text"
    label = _LABEL_MODIFIED.search(text)
    if label and not out["modified"]:
        after = dates_in_text(text[label.end(): label.end() + 80])
        if after:
            out["modified"], sources["modified"] = after[0], "text"
    out["source"] = sources
    out["all"] = all_dates[:20]
    return out
