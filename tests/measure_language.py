"""How well crawler.language tells kk/ru/en and the script, on the texts in tests/data/language, old vs new.

    python -m tests.measure_language            # per-class table, old detector vs new, and per-text time
    python -m tests.measure_language --errors   # also list every text the new detector gets wrong or leaves unknown
    python -m tests.measure_language --modes    # also compare lingua's low- and high-accuracy modes

"right" counts the language (and, for the new detector, the script) matching the class; "wrong" counts another
language; "none" counts no answer (too little text or not sure), which callers treat as unknown and fall back from.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from crawler import language

DATA = Path(__file__).resolve().parent / "data" / "language"
CLASSES = ("kk-cyrl", "kk-latn", "ru-cyrl", "ru-latn", "en-latn")
OTHER = "other"  # none of kk/ru/en: the right answer is None


@dataclass(frozen=True)
class Sample:
    cls: str
    lang: str | None
    script: str | None
    kind: str  # "text" or "title"
    text: str
    source: str
    holdout: bool  # written after the thresholds were set
    hard: bool  # Russian thick with Kazakh names and the like, added after the first measurement


def load_samples() -> list[Sample]:
    out: list[Sample] = []
    for cls in (*CLASSES, OTHER):
        doc = yaml.safe_load((DATA / f"{cls}.yaml").read_text(encoding="utf-8"))
        for entry in doc["entries"]:
            out.append(Sample(cls, doc["lang"], doc["script"], entry["kind"], " ".join(entry["text"].split()),
                              entry["source"], bool(entry.get("holdout")), bool(entry.get("hard"))))
    return out


# --- the detector as it was before issue #13 item 7 (crawler/language.py at 284916c), kept for comparison ----------
_OLD_KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_OLD_WORD = re.compile(r"[\w-]+")


def old_detect_language(text: str) -> str | None:
    cyr = lat = cyr_words = kk_words = 0
    for word in _OLD_WORD.findall(text):
        letters = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
        if letters:
            cyr += letters
            cyr_words += 1
            kk_words += any(ch in _OLD_KK_LETTERS for ch in word)
        else:
            lat += sum(1 for ch in word if ch.isascii() and ch.isalpha())
    if cyr + lat < 20:
        return None
    if cyr >= lat:
        return "kk" if kk_words / cyr_words >= 0.15 else "ru"
    return "en"


def new_detect(text: str) -> tuple[str | None, str | None]:
    found = language.identify_language(text)
    return found.lang, found.script


def old_detect(text: str) -> tuple[str | None, str | None]:
    return old_detect_language(text), None


@dataclass
class Tally:
    n: int = 0
    right: int = 0
    wrong: int = 0
    none: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.n if self.n else 0.0


def tally(samples: list[Sample], detect: Callable[[str], tuple[str | None, str | None]],
          with_script: bool) -> dict[tuple[str, str], Tally]:
    """(class, kind) -> counts; with_script also requires the script to match."""
    out: dict[tuple[str, str], Tally] = {}
    for s in samples:
        lang, script = detect(s.text)
        t = out.setdefault((s.cls, s.kind), Tally())
        t.n += 1
        if s.lang is None:
            t.right += lang is None
            t.wrong += lang is not None
        elif lang is None:
            t.none += 1
        elif lang == s.lang and (not with_script or script == s.script):
            t.right += 1
        else:
            t.wrong += 1
    return out


def timing(samples: list[Sample], detect: Callable[[str], object]) -> tuple[float, float]:
    """Mean and worst milliseconds per text, after one warm-up pass (lingua loads its models on first use)."""
    for s in samples:
        detect(s.text)
    times = []
    for s in samples:
        start = time.perf_counter()
        detect(s.text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.mean(times), max(times)


def table(samples: list[Sample]) -> str:
    old = tally(samples, old_detect, with_script=False)
    new = tally(samples, new_detect, with_script=True)
    rows = [f"{'class':8} {'kind':5} {'n':>3}  {'old right/wrong/none':>22}  {'new right/wrong/none':>22}"]
    for cls in (*CLASSES, OTHER):
        for kind in ("text", "title"):
            if (cls, kind) not in old:
                continue
            o, n = old[(cls, kind)], new[(cls, kind)]
            rows.append(f"{cls:8} {kind:5} {o.n:>3}  {o.accuracy:>6.2f} {o.right:>4}/{o.wrong:>3}/{o.none:>3}      "
                        f"{n.accuracy:>6.2f} {n.right:>4}/{n.wrong:>3}/{n.none:>3}")
    return "\n".join(rows)


def set_mode(low_accuracy: bool) -> None:
    language.LOW_ACCURACY = low_accuracy
    language.detector.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the texts the new detector misses")
    parser.add_argument("--modes", action="store_true", help="compare lingua's low- and high-accuracy modes")
    args = parser.parse_args()
    samples = load_samples()
    mode = "low" if language.LOW_ACCURACY else "high"
    print(f"{len(samples)} samples from {DATA}; new = crawler.language ({mode}-accuracy lingua)\n")
    print(table(samples))
    print("\nof which held out (written after the thresholds were set):\n")
    print(table([s for s in samples if s.holdout]))
    print("\nhard cases (Kazakh names in Russian text and the like; not held out):\n")
    print(table([s for s in samples if s.hard]))
    old_ms = timing(samples, old_detect_language)
    new_ms = timing(samples, language.identify_language)
    print(f"\nper text: old {old_ms[0]:.3f} ms mean / {old_ms[1]:.3f} max; new {new_ms[0]:.3f} ms mean / "
          f"{new_ms[1]:.3f} max")
    if args.modes:
        default = language.LOW_ACCURACY
        for low in (True, False):
            set_mode(low)
            start = time.perf_counter()
            language.identify_language("Байланыс ақпараты және мекенжай")
            language.identify_language("Contact information and address")
            first = time.perf_counter() - start
            mean, worst = timing(samples, language.identify_language)
            print(f"\n{'low' if low else 'high'}-accuracy mode: first use {first:.2f} s, per text {mean:.3f} ms mean "
                  f"/ {worst:.3f} max")
            print(table(samples))
        set_mode(default)
    if args.errors:
        print("\nnew detector, not right:")
        for s in samples:
            found = language.identify_language(s.text)
            if (found.lang, found.script) != (s.lang, s.script) and (s.lang or found.lang):
                held = " (held out)" if s.holdout else ""
                print(f"  {s.cls} {s.kind}{held}: {found.lang}/{found.script} {found.confidence:.2f} {found.method} "
                      f"| {s.text[:70]}")


if __name__ == "__main__":
    main()
