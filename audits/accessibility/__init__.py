"""Appendix 4, 3.1-3.8 (a4.3.1 … a4.3.8): accessibility for people with disabilities, from browser artifacts and
the HTML-level checks of every stored page.

`audit_accessibility(body, site, artifacts, html_artifacts=...)` takes {url: artifact} from
`crawler.browser.a11y.check_pages` (a sample of pages) and {url: artifact} from `crawler.a11y_html` (every stored
HTML page; crawler/html_checks.py) and gives exactly one finding per indicator. For the indicators the
HTML checks feed (a4.3.1-a4.3.4), the pages judged are the union: a page judged by both fails if either fails
(html_verdicts.merge); pages only HTML-checked join the page set. The rows have no distribution rule
(ict-methodology.md A-8): by default a row gets its 0.2 only when every checked page passes (all-or-nothing);
`proportional=True` gives 0.2 x the share of passing pages (over that union) instead. Pages whose check did not
run are left out and named; a row no page could be judged on is `not_assessed` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from audits.accessibility import pages as P
from audits.accessibility.html_verdicts import HTML_INDICATORS, html_judgement, label_browser, merge
from core.findings import (
    NOT_APPLICABLE,
    NOT_ASSESSED,
    PASS,
    Finding,
    evidence,
    finding,
    verdict_for,
)

MAX_POINTS = 0.2
MAX_EVIDENCE = 10

# indicator -> (short name, per-page judgement, what "nothing to judge" means)
# vacuous: "pass" where the requirement is a mechanism for content that may not exist (no autoplay = no barrier);
# "not_applicable" where nothing on the site could show whether the requirement is met.
CHECKS: dict[str, tuple[str, Callable[..., P.PageJudgement], str]] = {
    "a4.3.1": ("text alternatives for non-text content", P.alt_text, NOT_APPLICABLE),
    "a4.3.2": ("pause/stop/mute for sound playing automatically > 3 s", P.autoplay_audio, PASS),
    "a4.3.3": ("stopping moving/blinking/auto-updating content > 3 s", P.motion, PASS),
    "a4.3.4": ("keyboard operation with visible focus", P.keyboard, NOT_APPLICABLE),
    "a4.3.5": ("skip-to-content link on every page, 'to top' on long pages", P.skip_and_top, NOT_APPLICABLE),
    "a4.3.6": ("text error messages on invalid form input", P.form_errors, NOT_APPLICABLE),
    "a4.3.7": ("text contrast at least 4.5:1", P.contrast, NOT_APPLICABLE),
    "a4.3.8": ("text zoom to 200 % without horizontal scrolling or loss", P.zoom, NOT_APPLICABLE),
}


def audit_accessibility(body: str, site: str, artifacts: dict[str, dict[str, Any]], *,
                        html_artifacts: dict[str, dict[str, Any]] | None = None,
                        proportional: bool = False, strict_contrast: bool = False) -> list[Finding]:
    """One finding per a4.3.x indicator from the per-page browser artifacts (and HTML-check artifacts) of one site."""
    html = {u: a for u, a in (html_artifacts or {}).items() if isinstance(a, dict)}
    return [_audit_one(ind, body, site, artifacts, html, proportional=proportional, strict_contrast=strict_contrast)
            for ind in CHECKS]


def _judge_pages(ind: str, artifacts: dict[str, dict[str, Any]], html: dict[str, dict[str, Any]], *,
                 strict_contrast: bool) -> dict[str, P.PageJudgement]:
    """url -> the page's judgement for one indicator, from the browser, the HTML checks, or both."""
    judge = CHECKS[ind][1]
    browser = {u: (judge(a, strict=strict_contrast) if ind == "a4.3.7" else judge(a)) for u, a in artifacts.items()}
    if not html:
        return browser
    browser = {u: label_browser(j) for u, j in browser.items()}
    if ind not in HTML_INDICATORS:
        return browser
    judged: dict[str, P.PageJudgement] = {}
    for url in dict.fromkeys([*artifacts, *html]):
        from_html = html_judgement(ind, html[url], artifacts.get(url)) if url in html else None
        if url in browser or from_html is not None:
            judged[url] = merge(browser.get(url), from_html)
    return judged


def _coverage(ind: str, artifacts: dict[str, Any], html: dict[str, Any]) -> str:
    """Which pages the verdict rests on: browser-checked, HTML-checked, both."""
    if not html:
        return ""
    if ind not in HTML_INDICATORS:
        return (f" Pages: {len(artifacts)} checked in the browser; the HTML checks of the {len(html)} stored "
                "page(s) do not bear on this indicator.")
    both = len(set(artifacts) & set(html))
    return (f" Pages: {len(artifacts)} checked in the browser, {len(html)} by the HTML check of the stored pages "
            f"({both} by both).")


def _spread(per_page: list[list[Any]]) -> list[Any]:
    """Up to MAX_EVIDENCE items: the first of every failing page before the second of any, so that the evidence
    names as many failing pages as it can (the HTML checks can fail dozens)."""
    out: list[Any] = []
    depth = 0
    while len(out) < MAX_EVIDENCE and any(depth < len(items) for items in per_page):
        out += [items[depth] for items in per_page if depth < len(items)]
        depth += 1
    return out[:MAX_EVIDENCE]


def _reading(ind: str, proportional: bool, strict_contrast: bool) -> str:
    rule = ("A-8 proportional (optional setting): 0.2 x share of checked pages that pass" if proportional
            else "A-8 all-or-nothing (default): 0.2 only if every checked page passes")
    if ind == "a4.3.7":
        rule += ("; strict contrast: 4.5:1 for all text, large text included" if strict_contrast
                 else "; WCAG 1.4.3 contrast: 4.5:1, large text (>= 18 pt or 14 pt bold) 3:1")
    if ind == "a4.3.8":
        rule += "; 200 % = 1280 px window zoomed to a 640 CSS px viewport"
    return rule


def _audit_one(ind: str, body: str, site: str, artifacts: dict[str, dict[str, Any]], html: dict[str, dict[str, Any]],
               *, proportional: bool, strict_contrast: bool) -> Finding:
    name, _judge, vacuous = CHECKS[ind]
    reading = _reading(ind, proportional, strict_contrast)
    common = {"body": body, "site": site, "lang": None, "indicator": ind, "max_points": MAX_POINTS,
              "reading": reading}
    coverage = _coverage(ind, artifacts, html)
    judged = _judge_pages(ind, artifacts, html, strict_contrast=strict_contrast)
    if not judged:
        return finding(**common, verdict=NOT_ASSESSED, points=None,
                       note="no page of this site was checked in the browser" + coverage)
    if html:
        common.update(pages_browser_checked=len(artifacts),
                      pages_html_checked=len(html) if ind in HTML_INDICATORS else 0)
    passing = [u for u, j in judged.items() if j.status == P.PASS]
    failing = [u for u, j in judged.items() if j.status == P.FAIL]
    na = [u for u, j in judged.items() if j.status == P.NA]
    unknown = {u: j.reason for u, j in judged.items() if j.status == P.UNKNOWN}
    unknown_note = ""
    if unknown:
        listed = "; ".join(f"{u}: {r}" for u, r in list(unknown.items())[:3])
        unknown_note = f" {len(unknown)} page(s) could not be checked ({listed})."
    scored = len(passing) + len(failing)
    if scored == 0:
        if na and vacuous == PASS:
            reason = judged[na[0]].reason
            return finding(**common, verdict=PASS, points=MAX_POINTS,
                           evidence_items=[evidence(u, measured=judged[u].reason) for u in na[:3]],
                           note=f"{name}: {reason} on all {len(na)} checked page(s), so there is nothing to "
                                f"stop; counted as compliant.{unknown_note}{coverage}")
        if na:
            return finding(**common, verdict=NOT_APPLICABLE, points=None,
                           evidence_items=[evidence(u, measured=judged[u].reason) for u in na[:3]],
                           note=f"{name}: {judged[na[0]].reason} on all {len(na)} checked page(s).{unknown_note}"
                                f"{coverage}")
        return finding(**common, verdict=NOT_ASSESSED, points=None,
                       evidence_items=[evidence(u, measured=r) for u, r in list(unknown.items())[:3]],
                       note=f"{name}: no page could be judged.{unknown_note}{coverage}")
    if proportional:
        points = MAX_POINTS * len(passing) / scored
    else:
        points = MAX_POINTS if not failing else 0.0
    items = _spread([judged[u].evidence for u in failing])
    if not items:
        items = [e for u in passing for e in judged[u].evidence][:3]
    note = f"{name}: {len(passing)} of {scored} checked page(s) pass"
    if failing:
        note += "; failing: " + "; ".join(f"{u} ({judged[u].reason})" for u in failing[:3])
    if na:
        note += f"; {len(na)} page(s) have nothing the check applies to"
    note += "." + unknown_note + coverage
    return finding(**common, verdict=verdict_for(points, MAX_POINTS), points=points, evidence_items=items,
                   note=note, pages_checked=scored, pages_failing=len(failing))
