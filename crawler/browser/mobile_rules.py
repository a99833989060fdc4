"""Pure rules for the mobile-version coefficient C (order 1279 paras 24-29; ict-methodology.md §3.6, A-14).

Shared by the mobile gatherer (to know where the mobile version is) and the mobile audit (to score it), so both
read the stored measurements the same way.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

MOBILE_HOST_PREFIXES = ("m.", "mobile.", "pda.", "wap.", "mob.")
MOBILE_LINK_TEXT = re.compile(r"мобильн\w*\s+верси|мобильді\s+нұсқа|мобильдік\s+нұсқа|mobile\s+version|"
                              r"верси\w*\s+для\s+(?:телефон|смартфон|мобильн)", re.I)
MAIN_LINK_TEXT = re.compile(r"полн\w*\s+верси|основн\w*\s+верси|обычн\w*\s+верси|верси\w*\s+для\s+(?:пк|компьютер)|"
                            r"толық\s+нұсқа|негізгі\s+нұсқа|компьютерлік\s+нұсқа|full\s+version|desktop\s+version|"
                            r"main\s+version|full\s+site|desktop\s+site", re.I)
MAX_OVERFLOW_PX = 4
MAX_SMALL_FONT_SHARE = 0.25  # share of visible text set below 12 CSS px


def host(url: str | None) -> str:
    return (urlsplit(url or "").hostname or "").lower()


def is_mobile_host(url: str | None) -> bool:
    return host(url).startswith(MOBILE_HOST_PREFIXES)


def rendering_ok(metrics: dict[str, Any] | None) -> tuple[bool, list[str]]:
    """A mobile-adapted layout: a device-width viewport, no horizontal overflow, readable text (A-14 a)."""
    if not metrics:
        return False, ["no rendering measurements"]
    problems = []
    meta = (metrics.get("viewport_meta") or "").replace(" ", "").lower()
    if "width=device-width" not in meta:
        problems.append(f"no <meta name=viewport content=width=device-width> (found {metrics.get('viewport_meta')!r})")
    if (metrics.get("overflow_px") or 0) > MAX_OVERFLOW_PX:
        problems.append(f"horizontal overflow: content {metrics.get('scroll_width')}px wide in a "
                        f"{metrics.get('viewport')}px viewport")
    chars = metrics.get("text_chars") or 0
    small = metrics.get("small_font_chars") or 0
    if chars and small / chars > MAX_SMALL_FONT_SHARE:
        problems.append(f"{small / chars:.0%} of the text is smaller than 12px")
    return not problems, problems


def mobile_links(anchors: list[dict[str, str]], page_url: str) -> list[dict[str, str]]:
    """Links from a page to a mobile version elsewhere: to an m./mobile. host or labelled 'mobile version'."""
    out = []
    for a in anchors:
        href, text = a.get("href") or "", a.get("text") or ""
        if host(href) == host(page_url):
            continue
        if is_mobile_host(href) or MOBILE_LINK_TEXT.search(text):
            out.append({"href": href, "text": text[:80]})
    return out


def main_links(anchors: list[dict[str, str]], mobile_url: str, main_url: str) -> list[dict[str, str]]:
    """Links from the mobile version back to the main one: to the main host, or labelled 'full version'."""
    out = []
    main_host, mobile_host = host(main_url), host(mobile_url)
    for a in anchors:
        href, text = a.get("href") or "", a.get("text") or ""
        to_main = main_host and host(href) == main_host and main_host != mobile_host
        if to_main or MAIN_LINK_TEXT.search(text):
            out.append({"href": href, "text": text[:80]})
    return out


def decide_profile(desktop_final: str | None, profile: dict[str, Any]) -> dict[str, Any]:
    """C for one phone profile: 5 (redirect to a mobile host / responsive), 3 (link to one), 0."""
    if profile.get("error"):
        return {"C": None, "how": "error", "reasons": [profile["error"]]}
    final = profile.get("final_url")
    if host(final) and desktop_final and host(final) != host(desktop_final):
        return {"C": 5, "how": "redirect_to_mobile_host", "entry": final,
                "reasons": [f"a phone is sent to {host(final)}; a desktop browser stays on {host(desktop_final)}"]}
    if is_mobile_host(final):
        return {"C": 5, "how": "redirect_to_mobile_host", "entry": final, "reasons": [f"loads {host(final)}"]}
    ok, problems = rendering_ok(profile.get("metrics"))
    if ok:
        return {"C": 5, "how": "responsive", "entry": final,
                "reasons": ["the page adapts to the phone: device-width viewport, no horizontal overflow, "
                            "readable text (A-14 a: a responsive layout counts as an automatic mobile version)"]}
    links = profile.get("mobile_links") or []
    if links:
        return {"C": 3, "how": "link_to_mobile", "entry": links[0]["href"],
                "reasons": problems + [f"the desktop layout loads and links to a mobile version: {links[0]}"]}
    return {"C": 0, "how": "none", "entry": None,
            "reasons": problems + ["the desktop layout loads and there is no link to a mobile version"]}


def decide(summary: dict[str, Any]) -> dict[str, Any]:
    """C over all phone profiles: the lowest (the mobile version must load on each named browser)."""
    desktop_final = (summary.get("desktop") or {}).get("final_url") or summary.get("site_url")
    per = {name: decide_profile(desktop_final, p) for name, p in (summary.get("profiles") or {}).items()}
    scored = {k: v for k, v in per.items() if v["C"] is not None}
    if not scored:
        return {"C": None, "how": "error", "main_link": False, "per_profile": per, "entry": None}
    name, worst = min(scored.items(), key=lambda kv: kv[1]["C"])
    main_link = bool(summary.get("main_links")) if worst["how"] in ("redirect_to_mobile_host", "link_to_mobile") \
        else worst["how"] == "responsive"
    return {"C": worst["C"], "how": worst["how"], "main_link": main_link, "per_profile": per,
            "entry": worst.get("entry"), "profile": name}
