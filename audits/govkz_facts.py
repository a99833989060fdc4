"""gov.kz API facts the rendered pages may not show, merged into the Appendix 4 findings they bear on (pure).

The collector checks every attachment of the documents published in the period and lists the documents with
neither a file nor text (DEF-11, DEF-12); the renderer sees at most a few dozen pages. So:
- an attachment answering HTTP >= 400 is a dead link: a4.2.10 requirement (1) unmet;
- an empty, image-only or unreadable attachment, or a document with neither a file nor text, is information not
  in "hypertext and text-readable form": a4.2.7 requirement (1) unmet.
The finding keeps its own evidence and gets the API's beside it; its points follow its own facts rule.
"""

from __future__ import annotations

from typing import Any

from core.artifacts import SiteArtifacts
from core.findings import Finding, evidence, verdict_for

# indicator -> (requirement key, unit, max points)
RULES = {"a4.2.10": ("dead_links", 0.2, 0.6), "a4.2.7": ("utf8_open_formats", 0.25, 1.0)}
UNREADABLE = ("empty", "image_only", "unreadable")


def facts(site: SiteArtifacts) -> dict[str, list[dict[str, Any]]]:
    doc = (site.extra.get("govkz_facts") or {}).get("attachments") or {}
    attachments = doc.get("attachments") or []
    return {
        "a4.2.10": [a for a in attachments if a.get("verdict") == "broken"],
        "a4.2.7": [a for a in attachments if a.get("verdict") in UNREADABLE]
        + [{"url": d.get("url"), "verdict": "no file and no text", "document_id": d.get("id")}
           for d in doc.get("not_hypertext") or []],
    }


def _merge(f: Finding, found: list[dict[str, Any]]) -> Finding:
    key, unit, top = RULES[f["indicator"]]
    items = [evidence(a.get("url"), snippet=f"gov.kz API: document {a.get('document_id')}: {a.get('verdict')}"
                      + (f" (HTTP {a['status']})" if a.get("status") else ""),
                      measured={"requirement": 1, "target": a.get("url"), "status": a.get("status"),
                                "verdict": a.get("verdict"), "source": "govkz_api"}) for a in found[:10]]
    note = f"gov.kz API: {len(found)} document(s) or attachment(s) fail requirement 1 ({key})"
    out = {**f, "evidence": list(f.get("evidence") or []) + items, "note": f"{f.get('note') or ''}; {note}".strip("; ")}
    summary = dict(f.get("measured") or {})
    if f.get("verdict") not in ("pass", "fail", "partial") or not summary.get("requirements"):
        return out  # not assessed / error: the evidence is added, the verdict stays
    requirements = {**summary["requirements"], key: False}
    failed = [k for k, ok in requirements.items() if ok is False]
    deductions = len(failed)
    if summary.get("facts_per") == "instance":  # every offending instance is a fact
        deductions = int(summary.get("facts") or 0) + len(found)
    points = max(0.0, top - unit * deductions)
    out.update(points=round(points, 4), verdict=verdict_for(points, top),
               measured={**summary, "requirements": requirements, "failed": failed, "facts": deductions,
                         "govkz_api": len(found)})
    return out


def merge_govkz_facts(findings: list[Finding], site: SiteArtifacts) -> list[Finding]:
    """The Appendix 4 findings with the site's gov.kz API facts merged in (unchanged when there are none)."""
    found = facts(site)
    if not any(found.values()):
        return findings
    return [_merge(f, found[f["indicator"]]) if found.get(f["indicator"]) else f for f in findings]
