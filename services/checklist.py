"""The service-card checklist (context-seeds §4 D.12) and kk/ru parity, as pure functions over what a card shows.

A card is read in the browser into `CardView`: its labelled blocks (label + content), the links on it and the
CSS selectors of checklist elements it has (services/journey_js.py). `match_card` says which checklist items the
card carries and by what evidence; `parity` compares two languages' results. The synonyms are data
(services/checklist.yaml), so a portal that words its headings differently needs a new label, not new code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.errors import InputError

CHECKLIST_FILE = Path(__file__).with_name("checklist.yaml")
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Item:
    id: str
    title: dict[str, str]
    labels: dict[str, tuple[str, ...]]
    links: tuple[re.Pattern[str], ...] = ()
    elements: tuple[str, ...] = ()
    source: str = ""


@dataclass
class Block:
    label: str
    text: str = ""
    media: int = 0  # links, videos and frames inside the block: content even without text


@dataclass
class CardView:
    lang: str
    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)  # checklist selectors that matched an element

    @classmethod
    def from_dict(cls, lang: str, raw: dict[str, Any]) -> CardView:
        blocks = [Block(str(b.get("label") or ""), str(b.get("text") or ""), int(b.get("media") or 0))
                  for b in raw.get("blocks") or []]
        return cls(lang=lang, blocks=blocks, links=[str(u) for u in raw.get("links") or []],
                   elements=[str(e) for e in raw.get("elements") or []])


def normalise(text: str) -> str:
    """Case-folded, NFC, punctuation turned into single spaces: 'Перечень  документов:' == 'перечень документов'."""
    return " ".join(_PUNCT.sub(" ", unicodedata.normalize("NFC", text).casefold()).split())


@lru_cache(maxsize=4)
def load_items(path: str = str(CHECKLIST_FILE)) -> tuple[Item, ...]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"checklist {path} cannot be read: {exc}", "restore services/checklist.yaml") from exc
    items = []
    for entry in (raw or {}).get("items") or []:
        try:
            items.append(Item(id=entry["id"], title=dict(entry["title"]), source=str(entry.get("source") or ""),
                              labels={lang: tuple(normalise(w) for w in words)
                                      for lang, words in (entry.get("labels") or {}).items()},
                              links=tuple(re.compile(p) for p in entry.get("links") or ()),
                              elements=tuple(entry.get("elements") or ())))
        except (KeyError, TypeError, re.error) as exc:
            raise InputError(f"checklist {path}: item {entry!r} is malformed ({exc})",
                             "each item needs id, title and labels (see the file's header)") from exc
    if not items:
        raise InputError(f"checklist {path} has no items", "restore services/checklist.yaml")
    return tuple(items)


def element_selectors() -> list[str]:
    """Every CSS selector the checklist looks for (the browser reports which ones match)."""
    return sorted({sel for item in load_items() for sel in item.elements})


def _label_hit(item: Item, lang: str, block: Block) -> bool:
    """A label names the item when every word of one synonym begins a word of the label, in any order
    ('перечень документов' names 'Перечень необходимых документов'; 'срок' names 'Сроки оказания')."""
    words = normalise(block.label).split()
    if not words or not (block.text.strip() or block.media):
        return False  # a heading with nothing under it tells the citizen nothing
    return any(all(any(w.startswith(part) for w in words) for part in synonym.split())
               for synonym in item.labels.get(lang, ()) if synonym)


def match_card(view: CardView) -> dict[str, dict[str, Any]]:
    """item id -> {present, evidence}: the first block, link or element that shows the item."""
    out: dict[str, dict[str, Any]] = {}
    for item in load_items():
        evidence = None
        block = next((b for b in view.blocks if _label_hit(item, view.lang, b)), None)
        if block is not None:
            evidence = {"block": block.label[:200]}
        if evidence is None:
            link = next((u for u in view.links if any(p.search(u) for p in item.links)), None)
            if link is not None:
                evidence = {"link": link}
        if evidence is None:
            element = next((e for e in view.elements if e in item.elements), None)
            if element is not None:
                evidence = {"element": element}
        out[item.id] = {"present": evidence is not None, "evidence": evidence}
    return out


def present(result: dict[str, dict[str, Any]]) -> list[str]:
    return [item_id for item_id, r in result.items() if r["present"]]


def missing(result: dict[str, dict[str, Any]]) -> list[str]:
    return [item_id for item_id, r in result.items() if not r["present"]]


def parity(by_lang: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """Whether every language's card carries the same items; `lacking` lists, per language, the items another
    language's card has and this one has not. With fewer than two cards read, `same` is None (not judged)."""
    langs = sorted(by_lang)
    if len(langs) < 2:
        return {"langs": langs, "same": None, "lacking": {}}
    sets = {lang: set(present(by_lang[lang])) for lang in langs}
    union = set().union(*sets.values())
    lacking = {lang: sorted(union - sets[lang]) for lang in langs if union - sets[lang]}
    return {"langs": langs, "same": not lacking, "lacking": lacking}
