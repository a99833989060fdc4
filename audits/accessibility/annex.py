"""The accessibility annex, part 1: every barrier detected on one site, as `Barrier`s, from three sources.

- axe: every violation node of every browser-checked page (artifact kind "a11y", `[url]["axe"]`), with the WCAG
  2.2 success criteria of the rule's tags and the a4.3.x indicator the rule feeds (None: not scored);
- script: every FAIL evidence item of the scripted-check judgements (audits/accessibility/pages.py), all of them;
- html: the barriers of the HTML-level checks (artifact kind "a11y_html", `[url]["barriers"]`), as they come.

The same element reported by two sources (same page, selector and a shared success criterion) is listed once; the
others are named in its `extra["also"]`. Grouping and the advisory records are in annex_groups.py. Everything
here reads artifacts that hold page-supplied text: nothing is trusted to have the expected shape.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from audits.accessibility import CHECKS
from audits.accessibility import pages as P
from core.barriers import SOURCES, Barrier
from crawler.browser.axe_run import ALT_RULES

# axe rule -> the a4.3.x indicator its violations are evidence for (the rules the a4.3 audits read, plus the
# ones whose failure is the same barrier); every other rule is "not scored by the methodology".
AXE_INDICATOR: dict[str, str] = {
    **{rule: "a4.3.1" for rule in ALT_RULES},
    "no-autoplay-audio": "a4.3.2",
    "blink": "a4.3.3", "marquee": "a4.3.3",
    "scrollable-region-focusable": "a4.3.4",
    "bypass": "a4.3.5",
    "color-contrast": "a4.3.7",
    "meta-viewport": "a4.3.8",
}
# Success criteria of those rules for artifacts summarised before the rule tags were kept (axe-core 4.12 tags).
AXE_FALLBACK_CRITERIA: dict[str, tuple[str, ...]] = {
    **{rule: ("1.1.1",) for rule in ALT_RULES},
    "no-autoplay-audio": ("1.4.2",), "blink": ("2.2.2",), "marquee": ("2.2.2",),
    "scrollable-region-focusable": ("2.1.1", "2.1.3"), "bypass": ("2.4.1",), "color-contrast": ("1.4.3",),
    "meta-viewport": ("1.4.4",),
}
# a4.3.x -> the WCAG 2.2 success criteria its scripted check tests
SCRIPT_CRITERIA: dict[str, tuple[str, ...]] = {
    "a4.3.1": ("1.1.1",), "a4.3.2": ("1.4.2",), "a4.3.3": ("2.2.2",), "a4.3.4": ("2.1.1", "2.1.2", "2.4.7"),
    "a4.3.5": ("2.4.1",), "a4.3.6": ("3.3.1",), "a4.3.7": ("1.4.3",), "a4.3.8": ("1.4.4", "1.4.10"),
}
# Where the measured text says which part of the check failed (its prefix, and a word in it), the criterion it
# breaks; the first row that matches wins, no match: all of the indicator's criteria.
SCRIPT_REFINED: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "a4.3.4": (("keyboard trap", "", ("2.1.2",)), ("focus not visible", "", ("2.4.7",)),
               ("not reachable", "", ("2.1.1",)), ("mouse only", "", ("2.1.1",)),
               ("role=button keys", "", ("2.1.1",)), ("dialog", "click only", ("2.1.1",)),
               ("dialog", "escape", ("2.1.2",)), ("dialog", "", ("2.4.3",))),
    "a4.3.8": (("zoom blocked", "", ("1.4.4",)), ("scrollwidth", "text size", ("1.4.4",)),
               ("scrollwidth", "", ("1.4.10",)), ("text clipped", "", ("1.4.4",)),
               ("overlapping text", "", ("1.4.4",)), ("scrolling box", "", ("1.4.10",))),
}
_WCAG_TAG = re.compile(r"wcag(\d)(\d)(\d{1,2})")
MAX_TEXT = 2000  # characters kept of any page-supplied text (selector, snippet, message)


def criteria_of_tags(tags: Iterable[Any]) -> tuple[str, ...]:
    """axe's rule tags -> WCAG success criteria: "wcag111" -> "1.1.1", "wcag1410" -> "1.4.10" (level tags such
    as "wcag2aa" are not criteria)."""
    out: list[str] = []
    for tag in tags:
        m = _WCAG_TAG.fullmatch(str(tag))
        if m and (sc := ".".join(m.groups())) not in out:
            out.append(sc)
    return tuple(out)


def site_barriers(artifacts: dict[str, Any], html_artifacts: dict[str, Any] | None = None, *,
                  strict_contrast: bool = False) -> list[Barrier]:
    """Every barrier of one site: axe, then the scripted checks, then the HTML checks, duplicates merged."""
    found: list[Barrier] = []
    for url, art in _dicts(artifacts):
        found += axe_barriers(url, art)
    for url, art in _dicts(artifacts):
        found += script_barriers(url, art, strict_contrast=strict_contrast)
    for url, art in _dicts(html_artifacts or {}):
        found += html_barriers(url, art)
    return deduplicate(found)


def axe_barriers(url: str, art: dict[str, Any]) -> list[Barrier]:
    axe = art.get("axe")
    if not isinstance(axe, dict):
        return []
    out: list[Barrier] = []
    for rule in _list(axe.get("violations")):
        if not isinstance(rule, dict) or not isinstance(rule.get("id"), str):
            continue
        rid = rule["id"][:100]
        criteria = criteria_of_tags(_list(rule.get("tags"))) or AXE_FALLBACK_CRITERIA.get(rid, ())
        common = {"url": url, "source": "axe", "check": rid, "criteria": criteria,
                  "indicator": AXE_INDICATOR.get(rid), "impact": _text(rule.get("impact"), 20)}
        help_text = _text(rule.get("help")) or rid
        nodes = [n for n in _list(rule.get("nodes")) if isinstance(n, dict)]
        for node in nodes:
            extra: dict[str, Any] = {}
            message = help_text
            if isinstance(node.get("contrast"), dict):
                c = node["contrast"]
                extra["contrast"] = {k: v for k, v in c.items() if isinstance(v, str | int | float)}
                message += f": contrast {c.get('contrastRatio')}:1 < {c.get('expectedContrastRatio')}"
            out.append(Barrier(**common, message=message, selector=_text(node.get("target")),
                               snippet=_text(node.get("html")), extra=extra))
        count = rule.get("count")
        unlisted = count - len(nodes) if isinstance(count, int) and not isinstance(count, bool) else 0
        if unlisted > 0:  # axe's true total: nodes beyond the 20 kept per rule and page are counted, not listed
            more = "more " if nodes else ""
            out.append(Barrier(**common, message=f"{help_text} ({unlisted} {more}element(s), not listed)",
                               extra={"unlisted": unlisted}))
    return out


def script_barriers(url: str, art: dict[str, Any], *, strict_contrast: bool = False) -> list[Barrier]:
    """The FAIL evidence of every a4.3.x judgement on this page, every item (not the findings' first few)."""
    out: list[Barrier] = []
    art = {**art, "url": art.get("url") or url}
    with P.all_evidence():
        for ind, (_name, judge, _vacuous) in CHECKS.items():
            j = judge(art, strict=strict_contrast) if ind == "a4.3.7" else judge(art)
            if j.status != P.FAIL:
                continue
            for ev in j.evidence:
                measured = ev.get("measured")
                message = _text(measured) if isinstance(measured, str) else _text(j.reason)
                out.append(Barrier(url=url, source="script", check=f"script.{ind}",
                                   criteria=_refined(ind, message or ""), indicator=ind, message=message or ind,
                                   selector=_text(ev.get("selector")), snippet=_text(ev.get("snippet")),
                                   extra={} if isinstance(measured, str) or measured is None
                                   else {"measured": measured}))
    return out


def html_barriers(url: str, art: dict[str, Any]) -> list[Barrier]:
    listed = _html_listed(url, art)
    return listed + _html_unlisted(url, art, listed)


def _html_unlisted(url: str, art: dict[str, Any], listed: list[Barrier]) -> list[Barrier]:
    """The HTML checks cap their barriers per check and page and keep the true `counts`: the rest, counted."""
    counts = art.get("counts")
    if not isinstance(counts, dict):
        return []
    shown = Counter(b.check for b in listed)
    out = []
    for check, n in counts.items():
        more = n - shown[check] if isinstance(n, int) and not isinstance(n, bool) else 0
        if more <= 0:
            continue
        like = next((b for b in listed if b.check == check), None)
        criteria, indicator, impact = ((like.criteria, like.indicator, like.impact) if like else _html_spec(check))
        out.append(Barrier(url=url, source="html", check=str(check)[:100], criteria=criteria, indicator=indicator,
                           impact=impact, message=f"{check}: {more} more element(s), not listed",
                           extra={"unlisted": more}))
    return out


def _html_spec(check: str) -> tuple[tuple[str, ...], str | None, str | None]:
    from crawler.html_checks import CHECKS as HTML_CHECKS  # the HTML checks' own table

    spec = HTML_CHECKS.get(check)
    return (spec.criteria, spec.indicator, spec.impact) if spec else ((), None, None)


def _html_listed(url: str, art: dict[str, Any]) -> list[Barrier]:
    out = []
    for item in _list(art.get("barriers")):
        if not isinstance(item, dict):
            continue
        try:
            b = Barrier.from_dict({**item, "url": item.get("url") or url})
        except (KeyError, TypeError, ValueError):
            continue  # a malformed record from another gatherer is skipped, not allowed to stop the annex
        if b.source in SOURCES:
            out.append(Barrier(url=b.url, source=b.source, check=b.check[:100], criteria=b.criteria,
                               indicator=b.indicator if isinstance(b.indicator, str) else None,
                               message=_text(b.message) or b.check, selector=_text(b.selector),
                               snippet=_text(b.snippet), impact=_text(b.impact, 20), extra=b.extra))
    return out


def deduplicate(barriers: list[Barrier]) -> list[Barrier]:
    """One barrier per element and criterion: a later one on the same page and selector sharing a criterion with
    an earlier one is dropped, its source and check named in the kept one's extra["also"]."""
    kept: list[Barrier] = []
    by_element: dict[tuple[str, str], list[Barrier]] = {}
    for b in barriers:
        if b.selector:
            same = by_element.setdefault((b.url, b.selector), [])
            first = next((k for k in same if set(k.criteria) & set(b.criteria) or k.criteria == b.criteria), None)
            if first is not None:
                also = first.extra.setdefault("also", [])
                if f"{b.source}:{b.check}" not in also:
                    also.append(f"{b.source}:{b.check}")
                continue
            same.append(b)
        kept.append(b)
    return kept


def _refined(ind: str, message: str) -> tuple[str, ...]:
    low = message.lower()
    for prefix, word, criteria in SCRIPT_REFINED.get(ind, ()):
        if low.startswith(prefix) and word in low:
            return criteria
    return SCRIPT_CRITERIA[ind]


def _dicts(artifacts: Any) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(artifacts, dict):
        return []
    return [(str(url), art) for url, art in artifacts.items() if isinstance(art, dict)]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any, limit: int = MAX_TEXT) -> str | None:
    if isinstance(value, list):  # axe targets: one selector per frame level
        value = " ".join(str(v) for v in value)
    if value is None or isinstance(value, dict):
        return None
    text = str(value).strip()
    return text[:limit] or None
