"""Per-page a4.3.x judgements from the HTML-check artifacts, and their merge with the browser's judgements.

A page may be judged by the browser (a sample of the site), by the HTML checks (every stored page), or by both.
With both, the page fails an indicator if either fails. One exception avoids judging the same element twice with
less information: an HTML check whose `covered_by` browser step ran on the page (html_checks.CHECKS) is left to the
browser there: axe's image-alt family sees the rendered DOM (an alt set by script, an image hidden by CSS), and the
media check measures length, sound and controls that the HTML cannot tell. Pure functions over JSON.
"""

from __future__ import annotations

from typing import Any

from audits.accessibility import pages as P
from core.findings import evidence
from crawler.html_checks import CHECKS, EXAMINED

HTML_LABEL = "HTML check"
BROWSER_LABEL = "browser"
# the indicators some HTML check feeds
HTML_INDICATORS = tuple(sorted({s.indicator for s in CHECKS.values() if s.indicator}))


def superseded(check: str, browser_art: dict[str, Any] | None) -> bool:
    """The browser measured what this HTML check looks at on the same page."""
    spec = CHECKS.get(check)
    if spec is None or spec.covered_by is None or not isinstance(browser_art, dict) or browser_art.get("error"):
        return False
    return browser_art.get(spec.covered_by) is not None


def html_judgement(ind: str, art: dict[str, Any], browser_art: dict[str, Any] | None = None) -> P.PageJudgement | None:
    """The HTML checks' judgement of one page for one indicator; None when no HTML check judges it there."""
    if not isinstance(art, dict):
        return None
    live = [c for c, s in CHECKS.items() if s.indicator == ind and not superseded(c, browser_art)]
    if not live:
        return None
    url = str(art.get("url") or "")
    counts = art.get("counts") if isinstance(art.get("counts"), dict) else {}
    examined = art.get("examined") if isinstance(art.get("examined"), dict) else {}
    found = {c: int(counts.get(c) or 0) for c in live if int(counts.get(c) or 0) > 0}
    if found:
        barriers = [b for b in art.get("barriers") or [] if isinstance(b, dict) and b.get("check") in found]
        items = [dict(evidence(b.get("url") or url, selector=b.get("selector"), snippet=b.get("snippet"),
                               measured=f"{HTML_LABEL}: {b.get('message')}"), check=b.get("check"))
                 for b in barriers[:P.MAX_EVIDENCE]]
        total = sum(found.values())
        kinds = ", ".join(f"{n} {c}" for c, n in found.items())
        return P.PageJudgement(P.FAIL, f"{HTML_LABEL}: {total} barrier(s) in the stored HTML ({kinds})", items)
    n = sum(int(examined.get(kind) or 0) for kind, checks in EXAMINED.items() if set(checks) & set(live))
    if n == 0:
        return P.PageJudgement(P.NA, f"{HTML_LABEL}: nothing in the stored HTML the check applies to")
    measured = f"{HTML_LABEL}: {n} element(s) examined in the stored HTML, none failing"
    return P.PageJudgement(P.PASS, measured, [evidence(url, measured=measured)])


def label_browser(j: P.PageJudgement) -> P.PageJudgement:
    """The browser's judgement with its evidence marked as the browser's (used when both sources are present)."""
    items = [dict(e, measured=f"{BROWSER_LABEL}: {e.get('measured')}" if e.get("measured") is not None
                  else BROWSER_LABEL) for e in j.evidence]
    return P.PageJudgement(j.status, j.reason, items)


def merge(browser: P.PageJudgement | None, html: P.PageJudgement | None) -> P.PageJudgement:
    """One page's judgement from both sources: fail if either fails; else the browser's pass, else the HTML's
    pass; not applicable or unknown only when neither could pass it."""
    if html is None:
        assert browser is not None
        return browser
    if browser is None:
        return html
    if P.FAIL in (browser.status, html.status):
        parts = [j for j in (browser, html) if j.status == P.FAIL]
        # an element both found (same selector) is listed once, as the browser saw it
        seen = {e.get("selector") for e in browser.evidence if e.get("selector")} if browser.status == P.FAIL else set()
        items = list(browser.evidence if browser.status == P.FAIL else [])
        if html.status == P.FAIL:
            items += [e for e in html.evidence if e.get("selector") not in seen]
        return P.PageJudgement(P.FAIL, "; ".join(j.reason for j in parts), items)
    if browser.status == P.PASS:
        return browser
    if html.status == P.PASS:
        return P.PageJudgement(P.PASS, html.reason + (f" (browser: {browser.reason})" if browser.reason else ""),
                               html.evidence)
    return browser  # neither passes: the browser's not-applicable, or its reason for not judging the page
