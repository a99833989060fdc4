"""Findings the scoring adds to the audit's: measured vs reported, and figures the crawler was kept from.

- a **disagreement**: an agency figure (or the assessor's share, or a subordinate-organisation flag) differs from
  the portal-measured one by more than the tolerance reading (`open.figure_tolerance`, `ict.figure_tolerance`):
  verdict `fail`, with both figures, their sources, the reporting window and the figure used;
- a measured figure **not collected** (robots.txt under the `obey` policy): verdict `not_assessed`, with the reason.

They are built from scores.json (pure) and merged into findings.json by scoring.rundir, marked
`origin: "scoring"` so that a re-score replaces them. Ids are stable (body, site, indicator, language, key).
"""

from __future__ import annotations

from typing import Any

from core.findings import FAIL, NOT_ASSESSED, Finding, evidence, finding, finding_id

ORIGIN = "scoring"
# ICT figure name -> the Appendix 1 row it feeds (scoring/ict_interagency.py)
ICT_ROWS = {"drafts_published": "a3.5.4.1", "comments_total": "a3.5.4.2", "comments_answered": "a3.5.4.2",
            "questions": "a3.5.5.1", "answered": "a3.5.5.1", "conferences": "a3.5.5.2"}


def _site(body: dict[str, Any]) -> str | None:
    sites = body.get("sites") or []
    return sites[0] if sites else None


def _window(fig: dict[str, Any]) -> str:
    w = fig.get("window") or {}
    return f" in {w['label']} ({w.get('basis', '')})" if w else ""


def _disagreement(body: dict[str, Any], fig: dict[str, Any], indicator: str, setting: str, rule: str,
                  tolerance_name: str) -> Finding:
    lang = None if fig.get("lang") in (None, "all") else fig["lang"]
    src = fig.get("sources") or {}
    note = (f"measured vs reported: {fig['figure']}{f' [{lang}]' if lang else ''}: the agency reports "
            f"{fig['agency']!r} ({src.get('agency', 'agency input')}), the portals show {fig['measured']!r} "
            f"({src.get('measured', 'portal collector')}){_window(fig)}; scored with the {fig.get('used')} figure. "
            "Each such fact may be a false-information fact (paras 17-20) for the evaluator to confirm.")
    measured = {"agency": fig["agency"], "measured": fig["measured"], "used": fig.get("used"),
                "sources": src, "window": fig.get("window"), "tolerance": fig.get("tolerance"),
                "feeds": fig.get("indicators") or [indicator]}
    items = [evidence(url, snippet=f"measured {fig['figure']} = {fig['measured']!r}", measured=measured)
             for url in (fig.get("evidence") or [])[:5] if isinstance(url, str) and url.startswith("http")]
    items.insert(0, evidence(None, snippet=f"agency: {src.get('agency', 'agency input')} = {fig['agency']!r}; "
                                           f"measured: {src.get('measured', '')} = {fig['measured']!r}",
                             measured=measured))
    return finding(body=body["key"], site=_site(body), lang=lang, indicator=indicator, verdict=FAIL, points=None,
                   max_points=None, reading=f"{tolerance_name}={fig.get('tolerance')}; {setting}={rule}",
                   evidence_items=items, note=note, key=f"figure:{fig['figure']}", origin=ORIGIN)


def _policy(reasons: list[str]) -> str:
    """The robots setting that kept the figures out: gov.kz's collector has its own (audit.govkz)."""
    where = ["audit.govkz.robots_policy" if "www.gov.kz" in r else "audit.portals.robots_policy" for r in reasons]
    return "robots policy (" + ", ".join(dict.fromkeys(where or ["audit.portals.robots_policy"])) + ")"


def _not_collected(body: dict[str, Any], indicator: str, lang: str | None, reasons: list[str], scored: bool
                   ) -> Finding:
    note = ("measured figure not collected: " + "; ".join(reasons)
            + ("; the row was scored from the agency's figure" if scored else "; the row is not assessed"))
    return finding(body=body["key"], site=_site(body), lang=lang, indicator=indicator, verdict=NOT_ASSESSED,
                   points=None, max_points=None, reading=_policy(reasons),
                   evidence_items=[evidence(None, snippet=r) for r in reasons[:3]], note=note,
                   key="not_collected", origin=ORIGIN)


def _ict_figures(node: dict[str, Any]):
    for fig in node.get("figures") or []:
        yield node["id"], fig
    for child in node.get("components") or []:
        yield from _ict_figures(child)


def build(doc: dict[str, Any], targets: dict[str, Any]) -> list[Finding]:
    """Every disagreement and every not-collected measured figure in a scores.json document."""
    settings = {k: v.get("value") for k, v in (doc.get("settings") or {}).items()}
    bodies = {b["key"]: b for b in targets.get("bodies", [])}
    out: list[Finding] = []
    for key, entry in (doc.get("bodies") or {}).items():
        body = bodies.get(key) or {"key": key}
        opn = entry.get("openness") or {}
        for fig in opn.get("figures") or []:
            if fig.get("differs"):
                for ind in fig.get("indicators") or ["openness"]:
                    out.append(_disagreement(body, fig, ind, "open.portal_figures",
                                             settings.get("open.portal_figures"), "open.figure_tolerance"))
        for item in opn.get("not_collected") or []:
            out.append(_not_collected(body, item["indicator"], item["lang"], item["reasons"],
                                      item["status"] == "scored"))
        ict = entry.get("ict") or {}
        for crit in (ict.get("criteria") or {}).values():
            for node_id, fig in _ict_figures(crit):
                row = ICT_ROWS.get(fig["figure"], node_id)
                if fig.get("differs"):
                    out.append(_disagreement(body, fig, row, "ict.portal_figures",
                                             settings.get("ict.portal_figures"), "ict.figure_tolerance"))
                elif fig.get("not_assessed") and fig.get("measured") is None:
                    out.append(_not_collected(body, row, None, [fig["not_assessed"]], fig.get("agency") is not None))
    seen: set[str] = set()
    unique = []
    for f in out:  # one finding per (body, indicator, language, key)
        fid = finding_id(f["body"], f.get("site"), f["indicator"], f.get("lang"), f.get("key"))
        if fid not in seen:
            seen.add(fid)
            f["id"] = fid
            unique.append(f)
    return unique
