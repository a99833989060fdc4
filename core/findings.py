"""The finding: the one record every audit produces and every report reads.

A finding is a plain dict so that it serialises to findings.json unchanged:
    id, body, site, lang, indicator, verdict, points, max_points, reading, evidence[, note, defects, key]
evidence items: {url, screenshot, selector, snippet, measured}.

`id` is stable: a hash of (body, site, indicator, language, evidence key), so a re-audit or a later run of the same
site gives the same finding the same id, and evaluators' overrides and bodies' objections can name it. `key` (the
evidence key) is set only by an audit that emits several findings for one indicator and language (e.g. one per
page); the site counts without scheme and port, so a move to https or a fixture served on another port keeps ids.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit

PASS = "pass"
FAIL = "fail"
PARTIAL = "partial"
NOT_APPLICABLE = "not_applicable"
NOT_ASSESSED = "not_assessed"
ERROR = "error"
VERDICTS = (PASS, FAIL, PARTIAL, NOT_APPLICABLE, NOT_ASSESSED, ERROR)

Finding = dict[str, Any]
Evidence = dict[str, Any]

# An advisory record (the accessibility annex, audits/accessibility/annex.py) is finding-shaped but outside the
# scores: points None, max_points 0. Scoring, rankings, tallies, comparisons and decisions read `scored()` only.
ADVISORY = "advisory"


def is_advisory(f: Finding) -> bool:
    return f.get("verdict") == ADVISORY


def scored(findings: list[Finding]) -> list[Finding]:
    """The findings that count: every record except the advisory ones."""
    return [f for f in findings if not is_advisory(f)]


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
        "id": finding_id(body, site, indicator, lang, extra.get("key")),
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


ID_PREFIX = "F"


def site_identity(site: str | None) -> str:
    """The part of a site URL that names the site: host (lower case, no port) + path + query, no scheme."""
    if not site:
        return ""
    parts = urlsplit(site.strip())
    if not parts.netloc:
        return site.strip()
    host = (parts.hostname or "").lower()
    path = parts.path.rstrip("/")
    return host + path + (f"?{parts.query}" if parts.query else "")


def finding_id(body: str, site: str | None, indicator: str, lang: str | None, key: str | None = None) -> str:
    """F-<12 hex>: the same for the same (body, site, indicator, language, evidence key) in every run."""
    text = "\x1f".join((body, site_identity(site), indicator, lang or "", key or ""))
    return f"{ID_PREFIX}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def ensure_ids(findings: list[Finding]) -> list[Finding]:
    """Give every finding its id (findings.json of runs made before ids existed lack them), in place. Two findings
    that would share an id (an audit that forgot its evidence key) get `~2`, `~3` in order, never a silent clash."""
    seen: dict[str, int] = {}
    for f in findings:
        fid = f.get("id") or finding_id(f["body"], f.get("site"), f["indicator"], f.get("lang"), f.get("key"))
        count = seen.get(fid, 0) + 1
        seen[fid] = count
        f["id"] = fid if count == 1 else f"{fid}~{count}"
    return findings
