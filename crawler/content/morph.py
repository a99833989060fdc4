"""Word forms Appendix 5 matches on: Russian lemmas (pymorphy3), Kazakh stems (suffix rules as data), synonyms.

A heading says "Как исполнен бюджет 2025 года", the dictionary says "исполнение бюджета": neither the inflection
nor the choice of word should decide whether the item is there. Every word of a dictionary phrase and of a page
block is reduced to a *term*: its lemma (ru) or stem (kk), then the first member of its synonym class
(dictionaries/synonyms.yaml). Kazakh has no pymorphy model, so its endings are stripped by the rules in
dictionaries/kk_suffixes.yaml. Words in other scripts (Latin, digits) are kept as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

DICT_DIR = Path(__file__).with_name("dictionaries")
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.I)


class MorphologyError(ValueError):
    """A morphology data file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class SuffixRules:
    max_strips: int
    rules: tuple[tuple[str, int], ...]  # (ending, shortest stem left), longest ending first
    alternations: dict[str, str]  # a stem's last consonant voiced before a vowel ending -> its plain form


@cache
def kk_rules() -> SuffixRules:
    path = DICT_DIR / "kk_suffixes.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rules: list[tuple[str, int]] = []
    try:
        for group in raw["groups"]:
            min_stem = int(group["min_stem"])
            rules += [(str(e).casefold(), min_stem) for e in group["endings"]]
        max_strips = int(raw.get("max_strips", 3))
        alternations = {str(k): str(v) for k, v in (raw.get("final_alternations") or {}).items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise MorphologyError(f"{path.name}: each group needs min_stem and endings ({exc})") from exc
    rules.sort(key=lambda r: -len(r[0]))
    return SuffixRules(max_strips, tuple(rules), alternations)


@cache
def _analyzer():  # type: ignore[no-untyped-def]
    import pymorphy3  # loaded on first use: ~0.1 s and 15 MB of dictionaries

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def ru_lemma(word: str) -> str:
    if not _CYRILLIC.search(word):
        return word
    return _analyzer().parse(word)[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=200_000)
def kk_stem(word: str) -> str:
    if not _CYRILLIC.search(word) or "-" in word:
        return word
    rules = kk_rules()
    stem = word
    for _ in range(rules.max_strips):
        for ending, min_stem in rules.rules:
            if stem.endswith(ending) and len(stem) - len(ending) >= min_stem:
                stem = stem[: -len(ending)]
                break
        else:
            break
    if stem != word and stem[-1:] in rules.alternations:  # әдебі -> әдеб -> әдеп
        stem = stem[:-1] + rules.alternations[stem[-1]]
    return stem


def base_term(word: str, lang: str) -> str:
    """Lemma (ru) or stem (kk) of one case-folded word, before synonyms."""
    word = word.casefold().replace("ё", "е")
    return kk_stem(word) if lang == "kk" else ru_lemma(word)


@cache
def synonym_classes() -> dict[str, dict[str, str]]:
    """lang -> {base term of a member: base term of its class's first member}."""
    path = DICT_DIR / "synonyms.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, dict[str, str]] = {}
    for lang, classes in raw.items():
        table: dict[str, str] = {}
        for n, members in enumerate(classes or [], 1):
            if not isinstance(members, list) or not members:
                raise MorphologyError(f"{path.name}: {lang} class {n} must be a list of words")
            bad = [m for m in members if not isinstance(m, str) or " " in m.strip()]
            if bad:
                raise MorphologyError(f"{path.name}: {lang} class {n}: {bad} — one word per member")
            head = base_term(members[0], lang)
            for m in members:
                table.setdefault(base_term(m, lang), head)
        out[lang] = table
    return out


def term(word: str, lang: str) -> str:
    base = base_term(word, lang)
    return synonym_classes().get(lang, {}).get(base, base)


@dataclass(frozen=True)
class Token:
    word: str  # the case-folded surface form
    term: str  # lemma/stem after synonyms


def tokens(text: str, lang: str) -> list[Token]:
    folded = text.casefold().replace("ё", "е")
    return [Token(w, term(w, lang)) for w in WORD.findall(folded)]


@dataclass(frozen=True)
class Part:
    value: str      # a term, or a stem when `prefix`
    prefix: bool
    surface: str    # the word as the dictionary writes it
    classes: frozenset[str] = frozenset()  # a stem's synonym classes: "исполнени*" also finds "выполнен" (исполнение)


@dataclass(frozen=True)
class TermPhrase:
    """A dictionary phrase as terms: each (value, is_prefix, surface); prefixes match the surface word or the term.
    Kazakh only appends endings, so a Kazakh word of 4+ letters also matches any text word it begins: suffix
    stripping cannot always tell a stem's last consonant from an ending's first (бюджет-і / бюдже-ті)."""
    source: str
    lang: str
    parts: tuple[Part, ...]

    @property
    def window(self) -> int:
        return len(self.parts) + 3  # as the phrase syntax: up to 3 other words among the phrase's words


def term_phrase(phrase: str, lang: str) -> TermPhrase | None:
    parts: list[Part] = []
    table = synonym_classes().get(lang, {})
    for raw in phrase.casefold().replace("ё", "е").split():
        if raw == "*":
            continue
        if raw.endswith("*"):
            stem = raw.rstrip("*")
            words = WORD.findall(stem)
            if len(words) != 1 or len(stem) < 3:
                continue  # a stem too short to mean anything on its own; the regex form still applies
            heads = {head for key, head in table.items() if key.startswith(words[0])}
            # a Kazakh stem may itself be a class member whose own term is shorter than the stem (шағым -> шақ: the
            # stemmer reads the root's -ым as a possessive), so no key starts with it; its class still applies.
            # (A Russian stem is a truncated word: its "lemma" would be pymorphy's guess.)
            own = base_term(words[0], lang) if lang == "kk" else ""
            if own in table:
                heads.add(table[own])
            parts.append(Part(words[0], True, words[0], frozenset(heads)))
        else:
            parts += [Part(term(w, lang), False, w) for w in WORD.findall(raw)]
    return TermPhrase(phrase, lang, tuple(parts)) if parts else None


KK_SURFACE_PREFIX_MIN = 4


def part_matches(part: Part, tok: Token, lang: str) -> bool:
    if part.prefix:
        return tok.word.startswith(part.value) or tok.term.startswith(part.value) or tok.term in part.classes
    if tok.term == part.value:
        return True
    return lang == "kk" and len(part.surface) >= KK_SURFACE_PREFIX_MIN and tok.word.startswith(part.surface)


def match_terms(phrase: TermPhrase, toks: list[Token], window: int | None = None) -> list[int] | None:
    """Positions of the phrase's words in a block, in any order, all within `window` words (default: the phrase's
    window); None if not."""
    window = window or phrase.window
    positions = [[i for i, t in enumerate(toks) if part_matches(p, t, phrase.lang)] for p in phrase.parts]
    if not all(positions):
        return None
    best: list[int] | None = None
    for start in positions[0]:
        chosen = [start]
        for cands in positions[1:]:
            near = [i for i in cands if i not in chosen and abs(i - start) < window]
            if not near:
                break
            chosen.append(min(near, key=lambda i: abs(i - start)))
        else:
            if max(chosen) - min(chosen) < window and (best is None or min(chosen) < min(best)):
                best = chosen
    return sorted(best) if best is not None else None
