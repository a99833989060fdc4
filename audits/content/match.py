"""Term matching of dictionary phrases against a language's blocks: an inverted index of lemmas/stems.

The regex phrases (text.compile_phrase) match surface forms in order; this index matches the same phrases after
morphology and synonyms (morph.py), in any order within the phrase's window — headings put the words in any order
("Бюджет 2025 года исполнен"). A block matches a concept when either form matches.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from audits.content.index import Block
from crawler.content.morph import KK_SURFACE_PREFIX_MIN, Part, TermPhrase, Token, match_terms, tokens

SHORT_BLOCK_WORDS = 15


@dataclass(frozen=True)
class TermMatch:
    phrase: str          # the dictionary phrase
    words: tuple[str, ...]  # the block's words that matched it, as written (case-folded)
    first: int           # index of the first matched word in the block


class TermIndex:
    """Tokens of every block of one language, and which blocks hold which term or word."""

    def __init__(self, blocks: list[Block], lang: str) -> None:
        self.lang = lang
        self.toks: list[list[Token]] = [tokens(b.text, lang) for b in blocks]
        self.by_term: dict[str, set[int]] = defaultdict(set)
        self.by_word: dict[str, set[int]] = defaultdict(set)
        for i, toks in enumerate(self.toks):
            for t in toks:
                self.by_term[t.term].add(i)
                self.by_word[t.word].add(i)
        self._prefix: dict[str, set[int]] = {}
        self._sorted: list[tuple[list[str], dict[str, set[int]]]] | None = None

    def _starting(self, prefix: str) -> set[int]:
        """Blocks with a word or term that begins with `prefix` (a sorted vocabulary: a site has 10^5 words)."""
        if prefix not in self._prefix:
            if self._sorted is None:
                self._sorted = [(sorted(t), t) for t in (self.by_term, self.by_word)]
            hit: set[int] = set()
            for keys, table in self._sorted:
                for j in range(bisect_left(keys, prefix), len(keys)):
                    if not keys[j].startswith(prefix):
                        break
                    hit |= table[keys[j]]
            self._prefix[prefix] = hit
        return self._prefix[prefix]

    def _part_blocks(self, part: Part) -> set[int]:
        if part.prefix:
            out = set(self._starting(part.value))
            for head in part.classes:
                out |= self.by_term.get(head, set())
            return out
        out = set(self.by_term.get(part.value, ()))
        if self.lang == "kk" and len(part.surface) >= KK_SURFACE_PREFIX_MIN:
            out |= self._starting(part.surface)
        return out

    def candidates(self, phrases: tuple[TermPhrase, ...]) -> set[int]:
        out: set[int] = set()
        for tp in phrases:
            ids: set[int] | None = None
            for part in tp.parts:
                found = self._part_blocks(part)
                ids = found if ids is None else ids & found
                if not ids:
                    break
            out |= ids or set()
        return out

    def match(self, i: int, phrases: tuple[TermPhrase, ...], short_block: bool = False) -> TermMatch | None:
        """`short_block`: a heading, title or link text of at most SHORT_BLOCK_WORDS words is about one thing, so the
        phrase's words may stand anywhere in it ("Жолдауды орындау бойынша … 2026 жылға арналған іс-қимыл жоспары")."""
        toks = self.toks[i]
        window = len(toks) if short_block and len(toks) <= SHORT_BLOCK_WORDS else None
        for tp in phrases:
            pos = match_terms(tp, toks, window)
            if pos is not None:
                return TermMatch(tp.source, tuple(toks[j].word for j in pos), pos[0])
        return None

    def is_label(self, i: int, labels: frozenset[tuple[str, ...]]) -> bool:
        """The whole block is one of the concept's short names (figures and punctuation aside)."""
        if not labels:
            return False
        terms = tuple(t.term for t in self.toks[i] if not t.word.isdigit())
        return terms in labels
