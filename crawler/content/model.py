"""The Appendix 5/6 tables and the bilingual concept dictionary, loaded from the YAML files in dictionaries/.

Evaluators extend the dictionaries (dictionaries/concepts.yaml) without touching code; this module only turns
them into compiled phrase matchers and plain section/item records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from crawler.content.morph import TermPhrase, term_phrase, tokens
from crawler.text import compile_phrase

DICT_DIR = Path(__file__).with_name("dictionaries")
LANGS = ("kk", "ru")
FRESH_KINDS = ("news", "period", "dated")
DETECTORS = ("email", "phone", "postal_address", "image", "audio", "form", "gov_link_list")


@dataclass(frozen=True)
class Concept:
    id: str
    en: str
    phrases: dict[str, tuple[str, ...]]
    patterns: dict[str, tuple[re.Pattern[str], ...]]
    exclude: tuple[re.Pattern[str], ...] = ()
    detect: tuple[str, ...] = ()
    fresh: str | None = None
    source: bool = False
    # the same phrases as terms (lemmas/stems + synonyms, crawler/content/morph.py), per language
    terms: dict[str, tuple[TermPhrase, ...]] = field(default_factory=dict)
    exclude_terms: dict[str, tuple[TermPhrase, ...]] = field(default_factory=dict)
    # short names that count only as a whole heading, link text or image label ("Ту", "Герб"), as term tuples
    labels: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    # a news item or announcement may publish this (news, events, speeches); other concepts are not read there
    on_news_items: bool = False

    def link_hosts(self) -> tuple[str, ...]:
        return tuple(d.split(":", 1)[1] for d in self.detect if d.startswith("link:"))

    def contacts_on(self) -> tuple[str, ...]:
        """Concepts whose own page, when it gives a phone or an e-mail in its content, publishes this concept."""
        return tuple(d.split(":", 1)[1] for d in self.detect if d.startswith("contacts_on:"))


@dataclass(frozen=True)
class Item:
    number: str
    text: str
    concepts: tuple[str, ...]
    machine_readable: bool = False
    optional: bool = False
    section_asterisk: bool = False

    def label(self, section: Section) -> str:
        return f"{section.number}.{self.number} {self.text}"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    title_kk: str
    points: dict[str, float]
    items: tuple[Item, ...] = field(default_factory=tuple)

    @property
    def number(self) -> str:
        return self.id.split(".", 2)[2]


class DictionaryError(ValueError):
    """The dictionary YAML is malformed; the message names the entry."""


@cache
def concepts() -> dict[str, Concept]:
    raw = yaml.safe_load((DICT_DIR / "concepts.yaml").read_text(encoding="utf-8"))["concepts"]
    out: dict[str, Concept] = {}
    for cid, spec in raw.items():
        try:
            phrases = {lang: tuple(spec.get(lang) or ()) for lang in LANGS}
            detect = tuple(spec.get("detect") or ())
            for d in detect:
                if d not in DETECTORS and not d.startswith(("link:", "contacts_on:")):
                    raise DictionaryError(f"unknown detector {d!r}")
            if spec.get("fresh") not in (None, *FRESH_KINDS):
                raise DictionaryError(f"unknown fresh rule {spec.get('fresh')!r}")
            excludes = tuple(spec.get("exclude") or ())
            labels = spec.get("labels") or {}
            if not isinstance(labels, dict) or set(labels) - set(LANGS):
                raise DictionaryError("labels must map kk/ru to a list of short names")
            out[cid] = Concept(
                id=cid, en=spec.get("en", cid), phrases=phrases,
                patterns={lang: tuple(compile_phrase(p) for p in ps) for lang, ps in phrases.items()},
                exclude=tuple(compile_phrase(p) for p in excludes),
                detect=detect, fresh=spec.get("fresh"), source=bool(spec.get("source")),
                terms={lang: _term_phrases(ps, lang) for lang, ps in phrases.items()},
                exclude_terms={lang: _term_phrases(excludes, lang) for lang in LANGS},
                labels={lang: frozenset(tuple(t.term for t in tokens(str(x), lang)) for x in labels.get(lang) or ())
                        for lang in LANGS},
                on_news_items=bool(spec.get("on_news_items")))
        except (TypeError, AttributeError, re.error, DictionaryError) as exc:
            raise DictionaryError(f"concepts.yaml entry {cid!r}: {exc}") from exc
    return out


def _term_phrases(phrases: tuple[str, ...], lang: str) -> tuple[TermPhrase, ...]:
    return tuple(tp for tp in (term_phrase(p, lang) for p in phrases) if tp is not None)


@cache
def sections() -> dict[str, Section]:
    raw = yaml.safe_load((DICT_DIR / "sections.yaml").read_text(encoding="utf-8"))["sections"]
    known = concepts()
    out: dict[str, Section] = {}
    for row in raw:
        items = []
        for it in row["items"]:
            missing = [c for c in it["concepts"] if c not in known]
            if missing:
                raise DictionaryError(f"sections.yaml {row['id']} item {it['item']}: unknown concept(s) {missing}")
            items.append(Item(number=str(it["item"]), text=it["text"], concepts=tuple(it["concepts"]),
                              machine_readable=bool(it.get("machine_readable")), optional=bool(it.get("optional")),
                              section_asterisk=bool(it.get("section_asterisk"))))
        out[row["id"]] = Section(id=row["id"], title=row["title"], title_kk=row.get("title_kk", ""),
                                 points={k: float(v) for k, v in row["points"].items()}, items=tuple(items))
    return out


def table_for(body_type: str) -> str:
    """Table 1 (cso) for central bodies and their committees, Table 2 (leb) for local executive bodies."""
    if body_type == "local":
        return "leb"
    if body_type in ("central", "committee"):
        return "cso"
    raise ValueError(f"unknown body type {body_type!r} (expected central, committee or local)")


def table_sections(appendix: int, table: str) -> list[Section]:
    prefix = f"a{appendix}.{table}."
    return [s for sid, s in sections().items() if sid.startswith(prefix)]
