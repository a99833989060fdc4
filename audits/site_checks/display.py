"""a4.2.1 correct display in the listed browsers and mobile platforms: -0.03 per platform that displays badly.

Rendering happens in the `display` gatherer (crawler/browser/display.py): Chromium desktop (Chrome), Chromium
emulating an Android phone and an iPhone (iOS), and Firefox ESR headless screenshots. A-5: Internet Explorer,
Windows Phone, Presto Opera and WebKit Safari cannot be run here; they count as passing, flagged.
"""

from __future__ import annotations

from typing import Any

from core.artifacts import SiteArtifacts
from core.findings import Evidence, Finding, evidence, finding, verdict_for
from core.site_check_settings import SiteCheckSettings

PLATFORMS = ("firefox", "ie", "chrome", "opera", "safari", "android", "windows_phone", "ios")
TESTED = {"chrome": "Chromium desktop 1280×900", "firefox": "Firefox ESR headless",
          "android": "Chromium emulating an Android phone", "ios": "Chromium emulating an iPhone (iOS)"}
UNTESTABLE = ("ie", "opera", "safari", "windows_phone")
DEDUCTION = 0.03
MAX_POINTS = 0.25


def audit_display(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    reading = ("A-5: -0.03 per listed platform that displays the sampled pages badly (horizontal overflow, "
               "missing main content, script errors, overlapping or invisible text, not loading); tested: "
               + ", ".join(f"{k} = {v}" for k, v in TESTED.items())
               + f"; {', '.join(UNTESTABLE)} cannot be tested and "
               + ("count as passing (flagged)" if cfg.display_untestable == "pass" else "are left out"))
    records: dict[str, Any] = site.extra.get("display", {})
    if not records:
        return finding(body=site.body, site=site.site, lang=None, indicator="a4.2.1", verdict="not_assessed",
                       points=None, max_points=MAX_POINTS, reading=reading,
                       note="the pages were not rendered (no display artifact; is the display gatherer registered?)")
    by_platform: dict[str, list[dict[str, Any]]] = {}
    for rec in records.values():
        by_platform.setdefault(rec.get("platform", "?"), []).append(rec)
    broken, untested, items = [], [], []
    bad_items: list[Evidence] = []
    for platform in TESTED:
        recs = [r for r in by_platform.get(platform, []) if r.get("url")]
        if not recs:
            why = next((r.get("error") for r in by_platform.get(platform, []) if r.get("error")), "not rendered")
            untested.append(f"{platform} ({why})")
            continue
        bad = [r for r in recs if r.get("problems")]
        if bad:
            broken.append(platform)
        for r in recs:
            ev = evidence(r["url"], screenshot=r.get("screenshot"),
                          snippet=f"[{platform}] " + ("; ".join(r["problems"]) if r.get("problems") else "displays "
                                                       "correctly"),
                          measured={"platform": platform, **(r.get("measured") or {}),
                                    "problems": r.get("problems") or []})
            (bad_items if r.get("problems") else items).append(ev)
    if len(untested) == len(TESTED):  # nothing rendered anywhere: no basis for points
        return finding(body=site.body, site=site.site, lang=None, indicator="a4.2.1", verdict="not_assessed",
                       points=None, max_points=MAX_POINTS, reading=reading,
                       note=f"no platform could render the pages: {'; '.join(untested)}")
    points = max(0.0, MAX_POINTS - DEDUCTION * len(broken))
    flags = [f"{p}: untestable, counted as passing (A-5)" for p in UNTESTABLE] + \
        [f"{p}: not tested, counted as passing" for p in untested]
    note = (f"badly displayed on: {', '.join(broken)}" if broken else "displays correctly on every tested platform")
    return finding(body=site.body, site=site.site, lang=None, indicator="a4.2.1",
                   verdict=verdict_for(points, MAX_POINTS), points=points, max_points=MAX_POINTS, reading=reading,
                   evidence_items=bad_items + items, note=note + "; " + "; ".join(flags),
                   measured={"broken": broken, "untestable": list(UNTESTABLE), "not_tested": untested},
                   flags=flags)
