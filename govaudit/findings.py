"""The finding: the one record every audit produces and every report reads.

A finding is a plain dict so that it serialises to findings.json unchanged:
    body, site, lang, indicator, verdict, points, max_points, reading, evidence[, note, defects]
evidence items: {url, screenshot, selector, snippet, measured}.
"""

from __future__ import annotations

from typing import Any

PASS = "pass"
FAIL = "fail"
PARTIAL = "partial"
NOT_APPLICABLE = "not_applicable"
NOT_ASSESSED = "not_assessed"
ERROR = "error"
VERDICTS = (PASS, FAIL, PARTIAL, NOT_APPLICABLE, NOT_ASSESSED, ERROR)

Finding = dict[str, Any]
Evidence = dict[str, Any]


def evidence(
    url: str | None = None,
    *,
    screenshot: str | None = None,
    selector: str | None = None,
    snippet: str | None = None,
    measured: Any = None,
) -> Evidence:
    return {"url": url, "screenshot": screenshot, "selector": selector, "snippet": snippet, "measured": measured}


def finding(
    *,
    body: str,
    site: str | None,
    lang: str | None,
    indicator: str,
    verdict: str,
    points: float | None,
    max_points: float | None,
    reading: str,
    evidence_items: list[Evidence] | None = None,
    note: str = "",
    **extra: Any,
) -> Finding:
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}")
    if verdict in (NOT_ASSESSED, ERROR, NOT_APPLICABLE):
        points = None
    return {
        "body": body,
        "site": site,
        "lang": lang,
        "indicator": indicator,
        "verdict": verdict,
        "points": None if points is None else round(points, 4),
        "max_points": max_points,
        "reading": reading,
        "evidence": evidence_items or [],
        "note": note,
        **extra,
    }


def verdict_for(points: float, max_points: float) -> str:
    """pass at full points, fail at zero, partial between."""
    if points >= max_points - 1e-9:
        return PASS
    if points <= 1e-9:
        return FAIL
    return PARTIAL
