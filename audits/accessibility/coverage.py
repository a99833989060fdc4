"""What the browser accessibility checks of a site were based on: pages and templates checked, and what was not.

Pure: reads the "a11y_sample" artifact (crawler/browser/a11y_gather.py) and the "a11y" artifacts of the checked
pages. Every a4.3.x finding carries the result as `coverage` and as a sentence at the end of its note, so that a
verdict says which templates it saw and which it did not, and why.
"""

from __future__ import annotations

import copy
from typing import Any

MAX_LISTED = 5  # unchecked templates named in the note
MAX_RECORDED = 50  # unchecked templates listed in `coverage` (the rest are counted)


def _page_checked(artifact: Any) -> bool:
    return isinstance(artifact, dict) and not artifact.get("error")


def site_coverage(sample: dict[str, Any] | None, artifacts: dict[str, Any]) -> dict[str, Any]:
    """{pages_checked, pages_html, templates_total, templates_checked, templates_unchecked: [{pattern, pages, why}],
    cap_reached, per_template, max_pages}; from the artifacts alone (templates unknown) for runs made before the
    template sample was recorded."""
    checked = {u for u, a in artifacts.items() if _page_checked(a)}
    if not sample or not isinstance(sample.get("templates"), dict):
        return {"pages_checked": len(checked), "templates_total": None, "templates_checked": None,
                "templates_unchecked": [], "note": "the template sample was not recorded in this run"}
    unchecked, partly, done = [], [], 0
    for tid, t in sample["templates"].items():
        sampled = [u for u in t.get("sampled") or [] if isinstance(u, str)]
        ok = [u for u in sampled if u in checked]
        pattern, pages = str(t.get("pattern") or tid), int(t.get("pages") or 0)
        if ok:
            done += 1
            if t.get("why"):
                partly.append({"pattern": pattern, "pages": pages, "checked": len(ok), "why": str(t["why"])})
            continue
        if sampled:  # sampled, but the browser check failed on every one of its pages
            errors = {str((artifacts.get(u) or {}).get("error") or "no result stored") for u in sampled}
            why = "the browser check failed on its sampled page(s): " + "; ".join(sorted(errors))[:300]
        else:
            why = str(t.get("why") or "not sampled")
        unchecked.append({"pattern": pattern, "pages": pages, "why": why})
    unchecked.sort(key=lambda t: -t["pages"])
    more = max(0, len(unchecked) - MAX_RECORDED)  # a site of thousands of one-page templates: bounded findings
    return {"pages_checked": len(checked & set(sample.get("sampled") or [])),
            "pages_html": sample.get("pages_html"), "templates_total": len(sample["templates"]),
            "templates_checked": done, "templates_unchecked": unchecked[:MAX_RECORDED],
            "templates_unchecked_more": more, "templates_partly_checked": partly[:MAX_RECORDED],
            "cap_reached": bool((sample.get("cap") or {}).get("reached")),
            "per_template": sample.get("per_template"), "max_pages": sample.get("max_pages"),
            "not_html": dict(sample.get("not_html") or {})}


def coverage_note(cov: dict[str, Any]) -> str:
    """One or two sentences for a finding's note."""
    if cov.get("templates_total") is None:
        return f"Checked in the browser: {cov['pages_checked']} page(s) ({cov.get('note', '')})."
    text = (f"Checked in the browser: {cov['pages_checked']} page(s) of {cov['templates_checked']} of "
            f"{cov['templates_total']} page template(s) ({cov.get('pages_html')} HTML pages crawled")
    if cov.get("per_template") is not None:
        text += (f"; sample: {cov['per_template']} per template plus every page with a form, media, motion, a frame, "
                 f"a dialog or long text, at most {cov['max_pages']}")
    text += ")."
    unchecked = cov.get("templates_unchecked") or []
    if unchecked:
        listed = "; ".join(f"{t['pattern']} ({t['pages']} page(s)): {t['why']}" for t in unchecked[:MAX_LISTED])
        hidden = len(unchecked) - MAX_LISTED + int(cov.get("templates_unchecked_more") or 0)
        more = f"; and {hidden} more" if hidden > 0 else ""
        text += f" Not checked: {listed}{more}."
    partly = cov.get("templates_partly_checked") or []
    if partly:
        text += f" Partly checked because of the cap: {len(partly)} template(s)."
    not_html = cov.get("not_html") or {}
    if not_html:
        text += " Not HTML, not checked in the browser: " + ", ".join(
            f"{n} {kind}" for kind, n in list(not_html.items())[:4]) + "."
    return text


def add_coverage(findings: dict[str, dict[str, Any]], sample: dict[str, Any] | None,
                 artifacts: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every a4.3.x finding gets `coverage` and the coverage sentence at the end of its note (in place)."""
    cov = site_coverage(sample, artifacts)
    sentence = coverage_note(cov)
    for ind, f in findings.items():
        if not str(ind).startswith("a4.3."):
            continue
        f["coverage"] = copy.deepcopy(cov)
        f["note"] = f"{f.get('note') or ''} {sentence}".strip()
    return findings
