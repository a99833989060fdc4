"""Appendix 6 audit: the mobile version (coefficient C, link back to the main version, items per language).

Pure: reads what crawler/browser/mobile.py stored in `site.extra["mobile"]` ("summary" and "page:<lang>:<nn>").
"""

from __future__ import annotations

from typing import Any

from audits.content.audit import assess_site
from audits.content.index import SiteIndex
from audits.content.settings import ContentSettings
from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import ERROR, FAIL, NOT_APPLICABLE, NOT_ASSESSED, PARTIAL, PASS, Finding, evidence, finding
from crawler.browser.mobile_rules import decide, rendering_ok
from crawler.content.model import LANGS, Section, table_for, table_sections

READING = ("paras 24-29, A-14 a: C = 5 when a phone gets a mobile host or a responsive layout (device-width "
           "viewport, no horizontal overflow, text >= 12px), 3 when the desktop layout links to a mobile version, "
           "0 otherwise; C is the lowest over the Android and iOS profiles; a responsive site is its own main version")


def audit_mobile(site: SiteArtifacts, body_type: str, settings: Any = None) -> list[Finding]:
    s = ContentSettings.coerce(settings)
    secs = table_sections(6, table_for(body_type))
    data: dict[str, Any] = site.extra.get("mobile") or {}
    summary = data.get("summary")
    if body_type == "committee" or (summary or {}).get("skipped"):
        why = "committees are not assessed for a mobile version (para 18)"
        return _blank(site, secs, NOT_APPLICABLE, why)
    if not summary:
        return _blank(site, secs, NOT_ASSESSED, "the mobile gatherer did not run for this site (no 'mobile' "
                                                "artifacts); run it with a browser available")
    decision = decide(summary)
    if decision["C"] is None:
        reasons = "; ".join(r for p in decision["per_profile"].values() for r in p.get("reasons", []))
        return _blank(site, secs, ERROR, f"the site could not be loaded as a phone: {reasons}")
    out = [_coefficient(site, summary, decision)]
    big_c = decision["C"]
    if big_c == 0:
        note = "C = 0: no mobile version and no link to one; the mobile version is not assessed (para 25)"
        for lang in LANGS:
            for sec in secs:
                out.append(finding(body=site.body, site=site.site, lang=lang, indicator=sec.id, verdict=FAIL,
                                   points=0, max_points=sec.points[lang], reading=READING, note=note,
                                   evidence_items=[evidence(site.site, measured={"C": 0})]))
            out.append(finding(body=site.body, site=site.site, lang=lang, indicator="a6.defects", verdict=PASS,
                               points=0, max_points=0, reading=READING, note=note,
                               evidence_items=[evidence(site.site, measured={"count": 0, "defects": []})]))
        return out
    pages, extra = _pages(data)
    index = SiteIndex(pages)
    home = decision.get("entry") or site.site
    out += assess_site(site.body, site.site, index, secs, s, appendix=6, home=home, evidence_extra=extra,
                       note_extra=f"checked in the mobile rendering ({decision['how']}, C = {big_c})")
    return out


def _blank(site: SiteArtifacts, secs: list[Section], verdict: str, why: str) -> list[Finding]:
    out = [finding(body=site.body, site=site.site, lang=None, indicator="a6.coefficient", verdict=verdict,
                   points=None, max_points=5, reading=READING, note=why, evidence_items=[evidence(site.site,
                                                                                                  snippet=why)])]
    for lang in LANGS:
        for sec in secs:
            out.append(finding(body=site.body, site=site.site, lang=lang, indicator=sec.id, verdict=verdict,
                               points=None, max_points=sec.points[lang], reading=READING, note=why))
        out.append(finding(body=site.body, site=site.site, lang=lang, indicator="a6.defects", verdict=verdict,
                           points=None, max_points=0, reading=READING, note=why))
    return out


def _coefficient(site: SiteArtifacts, summary: dict[str, Any], decision: dict[str, Any]) -> Finding:
    big_c, how = decision["C"], decision["how"]
    profiles = summary.get("profiles") or {}
    first_shot = next((p.get("screenshot") for p in profiles.values() if p.get("screenshot")), None)
    per = {name: {"C": d["C"], "how": d["how"]} for name, d in decision["per_profile"].items()}
    head = evidence(site.site, screenshot=first_shot, measured={
        "C": big_c, "main_link": decision["main_link"], "how": how, "per_profile": per,
        "reasons": decision["per_profile"].get(decision.get("profile") or "", {}).get("reasons", []),
        "main_links": (summary.get("main_links") or [])[:5]})
    ev = [head]
    for name, p in profiles.items():
        ok, problems = rendering_ok(p.get("metrics"))
        m = p.get("metrics") or {}
        chars = m.get("text_chars") or 0
        ev.append(evidence(p.get("final_url") or site.site, screenshot=p.get("screenshot"), measured={
            "profile": name, "final_url": p.get("final_url"), "viewport_meta": m.get("viewport_meta"),
            "horizontal_overflow_px": m.get("overflow_px"), "small_font_share": round(
                (m.get("small_font_chars") or 0) / chars, 3) if chars else None,
            "tap_targets": m.get("tap_targets"), "tap_targets_under_24px": m.get("small_tap_targets"),
            "tap_target_examples": m.get("small_tap_examples"), "mobile_adapted": ok, "problems": problems,
            "mobile_links": p.get("mobile_links"), "error": p.get("error")}))
    entry = summary.get("entry")
    if entry:
        ev.append(evidence(entry.get("final_url") or entry.get("url"), screenshot=entry.get("screenshot"),
                           measured={"mobile_entry": entry.get("final_url") or entry.get("url"),
                                     "links_back_to_main": summary.get("main_links") or []}))
    note = f"C = {big_c} ({how})"
    if how in ("redirect_to_mobile_host", "link_to_mobile") and not decision["main_link"]:
        note += "; the mobile version has no link to the main version: -1 (para 29)"
    verdict = PASS if big_c == 5 else PARTIAL if big_c == 3 else FAIL
    return finding(body=site.body, site=site.site, lang=None, indicator="a6.coefficient", verdict=verdict,
                   points=big_c, max_points=5, reading=READING, evidence_items=ev, note=note)


def _pages(data: dict[str, Any]) -> tuple[dict[str, PageArtifact], dict[str, list[dict]]]:
    pages: dict[str, PageArtifact] = {}
    extra: dict[str, list[dict]] = {}
    for key, p in sorted(data.items()):
        if not key.startswith("page:") or not isinstance(p, dict):
            continue
        lang = p.get("lang")
        url = p.get("final_url") or p.get("url")
        if not url:
            continue
        if url in pages:  # the same URL in both languages (a cookie-based switch): keep both renderings
            url = f"{url}#{lang}"
        if p.get("error"):
            extra.setdefault(lang, []).append(evidence(url, snippet=p["error"], measured={"page_error": p["error"]}))
            continue
        pages[url] = PageArtifact(url=url, status=p.get("status") or 200, content_type="text/html",
                                  html=p.get("html") or "", lang=lang, title=p.get("title"),
                                  info={"lang_detected": lang})
        if p.get("screenshot"):
            ok, problems = rendering_ok(p.get("metrics"))
            extra.setdefault(lang, []).append(evidence(url, screenshot=p["screenshot"], measured={
                "mobile_rendering": {k: (p.get("metrics") or {}).get(k) for k in (
                    "viewport_meta", "overflow_px", "small_font_chars", "text_chars", "tap_targets",
                    "small_tap_targets")}, "mobile_adapted": ok, "problems": problems}))
    return pages, extra
