"""Per-page judgements of the accessibility artifacts (crawler/browser/a11y.py), one function per a4.3.x check.

Each returns a `PageJudgement`: pass | fail | not_applicable (nothing on the page the rule applies to) | unknown
(the check did not run), with evidence items. Pure functions over JSON; shared with the ACT agreement runner.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from govaudit.findings import Evidence, evidence

PASS, FAIL, NA, UNKNOWN = "pass", "fail", "not_applicable", "unknown"
MAX_EVIDENCE = 5
SILENCE = 0.01  # peak sample amplitude (of 1.0) below which a sound track counts as silent


@dataclass
class PageJudgement:
    status: str
    reason: str = ""
    evidence: list[Evidence] = field(default_factory=list)


def _ev(url: str, items: list[dict[str, Any]], measured: Any = None, *, selector_key: str = "selector",
        snippet_key: str = "snippet", shots: dict[str, str] | None = None) -> list[Evidence]:
    shot = (shots or {}).get("desktop")
    return [evidence(url, screenshot=shot, selector=item.get(selector_key), snippet=item.get(snippet_key),
                     measured=item.get("measured", measured)) for item in items[:MAX_EVIDENCE]]


def _missing(art: dict[str, Any], key: str) -> PageJudgement | None:
    if art.get("error"):
        return PageJudgement(UNKNOWN, f"page not checked: {art['error']}", [evidence(art.get("url"),
                                                                                   measured=art["error"])])
    if art.get(key) is None:
        step = {"alt_text": "axe", "contrast": "axe"}.get(key, key)
        why = (art.get("step_errors") or {}).get(step) or "the check did not run"
        return PageJudgement(UNKNOWN, f"{key}: {why}")
    return None


def alt_text(art: dict[str, Any]) -> PageJudgement:
    """a4.3.1: axe's text-alternative rules (image-alt, input-image-alt, area-alt, role-img-alt, svg-img-alt...)."""
    if (missing := _missing(art, "alt_text")) is not None:
        return missing
    data, url = art["alt_text"], art["url"]
    if data["failures"]:
        items = [{"selector": n["target"], "snippet": n["html"], "measured": f"{n['rule']}: no text alternative"}
                 for n in data["failures"]]
        return PageJudgement(FAIL, f"{len(items)} non-text element(s) without a text alternative",
                             _ev(url, items, shots=art.get("screenshots")))
    if not data["applicable"]:
        return PageJudgement(NA, "no images or other non-text elements")
    return PageJudgement(PASS, f"{data['checked']} non-text element(s) have text alternatives",
                         [evidence(url, measured=f"{data['checked']} element(s) checked by axe, 0 failures")])


def media_facts(m: dict[str, Any]) -> dict[str, Any]:
    """Did this audio/video start by itself, does it carry sound, does it play for more than 3 s, can it be stopped."""
    auto = bool(m.get("autoplay")) or (m.get("played_s") or 0) > 0
    playing = not m.get("paused") and not m.get("ended")
    if m.get("loop") and playing:
        total = math.inf
    else:
        remaining = 0.0
        if playing:
            # A live stream plays on; a file whose length is not known yet (no metadata) is not judged on length.
            duration = m.get("duration")
            if duration is not None:
                remaining = max(0.0, duration - (m.get("current_time") or 0))
            elif m.get("stream"):
                remaining = math.inf
        total = (m.get("played_s") or 0) + remaining
    # Sound = a measured peak level above the noise floor; without a measurement (cross-origin media),
    # any decoded audio counts.
    peak, audio_bytes = m.get("audio_peak"), m.get("audio_bytes")
    if peak is not None:
        has_sound = peak > SILENCE
    else:
        has_sound = audio_bytes is None or audio_bytes > 0
    audible = not m.get("muted") and has_sound
    return {"auto": auto and (playing or (m.get("played_s") or 0) > 0), "audible": audible, "over_3s": total > 3,
            "control": bool(m.get("controls")) or bool(m.get("control")), "total_s": total}


def _media_item(m: dict[str, Any], f: dict[str, Any], what: str) -> dict[str, Any]:
    total = "indefinitely" if math.isinf(f["total_s"]) else f"{f['total_s']:.1f} s"
    return {"selector": m["selector"], "snippet": m["snippet"],
            "measured": f"{what} plays automatically for {total}, no pause/stop/mute control"}


def autoplay_audio(art: dict[str, Any]) -> PageJudgement:
    """a4.3.2: sound that starts by itself and lasts more than 3 s needs a pause, stop or mute control."""
    if (missing := _missing(art, "motion")) is not None:
        return missing
    applicable, bad = [], []
    for m in art["motion"]["media"]:
        f = media_facts(m)
        if f["auto"] and f["audible"] and f["over_3s"]:
            applicable.append(m)
            if not f["control"]:
                bad.append(_media_item(m, f, f"<{m['tag']}> with sound"))
    if bad:
        return PageJudgement(FAIL, f"{len(bad)} autoplaying sound(s) without a control",
                             _ev(art["url"], bad, shots=art.get("screenshots")))
    if not applicable:
        return PageJudgement(NA, "nothing with sound plays automatically for more than 3 s")
    return PageJudgement(PASS, "autoplaying sound has a control", _ev(art["url"], [
        {"selector": m["selector"], "snippet": m["snippet"], "measured": "control present"} for m in applicable]))


def motion(art: dict[str, Any]) -> PageJudgement:
    """a4.3.3: moving, blinking, scrolling or auto-updating content lasting > 3 s needs a way to stop it."""
    if (missing := _missing(art, "motion")) is not None:
        return missing
    data = art["motion"]
    moving: list[dict[str, Any]] = []
    for m in data["media"]:
        f = media_facts(m)
        if m["tag"] == "video" and m.get("visible") and f["auto"] and f["over_3s"] and not f["audible"]:
            moving.append({**_media_item(m, f, "silent <video>"), "control": f["control"]})
    for a in data["animations"]:
        length = "infinite" if a["infinite"] else f"{(a['total_ms'] or 0) / 1000:.1f} s"
        moving.append({"selector": a["selector"], "snippet": a["snippet"], "control": bool(a.get("control")),
                       "measured": f"animation {a['name']} ({length}) on a {a.get('size')} px element"})
    for c in data["changes"]:
        moving.append({"selector": c["selector"], "snippet": c["snippet"], "control": bool(c.get("control")),
                       "measured": f"content changed {c['changes']} times in {c['span_ms'] / 1000:.1f} s "
                                   f"without user input"})
    bad = [m for m in moving if not m["control"]]
    if bad:
        return PageJudgement(FAIL, f"{len(bad)} moving/auto-updating element(s) without a pause/stop control",
                             _ev(art["url"], bad, shots=art.get("screenshots")))
    if not moving:
        if data.get("settled_at_ms") is not None and data["settled_at_ms"] < 3000:
            return PageJudgement(NA, f"nothing moved by itself: {data['settled_at_ms']} ms after loading, nothing "
                                     "could change the page any more (no timer, animation loop, request, media or "
                                     "animation left)")
        return PageJudgement(NA, f"nothing moved by itself for more than 3 s (watched {data['observed_ms']} ms)")
    return PageJudgement(PASS, "moving content has a pause/stop control", _ev(art["url"], moving))


def keyboard(art: dict[str, Any]) -> PageJudgement:
    """a4.3.4: every tab stop reachable by Tab, no keyboard trap, and focus visibly marked."""
    if (missing := _missing(art, "keyboard")) is not None:
        return missing
    k, url = art["keyboard"], art["url"]
    if k["focusable"] == 0:
        return PageJudgement(NA, "no focusable elements")
    items: list[dict[str, Any]] = []
    items += [dict(t, measured="keyboard trap: " + t["measured"]) for t in k["traps"]]
    items += [dict(f, measured="focus not visible: " + f["measured"]) for f in k["focus_not_visible"]]
    items += [dict(u, measured="not reachable with Tab") for u in k.get("unreached") or []]
    walk = (f"Tab walk reached {k['reached']} of {k['focusable']} focusable elements in {k['presses']} presses"
            + ("" if k["complete"] else " (walk stopped early)"))
    if items:
        return PageJudgement(FAIL, f"{walk}; {len(k['traps'])} trap(s), {len(k['focus_not_visible'])} element(s) "
                             f"without visible focus, {len(k.get('unreached') or [])} unreachable",
                             _ev(url, items, shots=art.get("screenshots")))
    return PageJudgement(PASS, walk, [evidence(url, measured=walk)])


def skip_and_top(art: dict[str, Any]) -> PageJudgement:
    """a4.3.5: a working skip link on every page; a working "to top" link on pages with a lot of text."""
    for key in ("skip_link", "to_top"):
        if (missing := _missing(art, key)) is not None:
            return missing
    s, t, url = art["skip_link"], art["to_top"], art["url"]
    problems: list[dict[str, Any]] = []
    if not s["present"]:
        problems.append({"measured": "no same-page (skip) link among the first 3 tab stops"})
    elif not s["focus_moved"]:
        problems.append({"selector": s.get("selector"), "snippet": s.get("text"),
                         "measured": f"skip link {s.get('href')} " + ("does not move focus to its target"
                                                                      if s.get("target_exists")
                                                                      else "points to a missing target")})
    if t["long_page"] and not t["works"]:
        problems.append({"selector": t.get("selector"), "measured": "long page without a working 'to top' link"
                         if not t["present"] else "'to top' link does not return to the top"})
    if problems:
        return PageJudgement(FAIL, "; ".join(p["measured"] for p in problems), _ev(url, problems))
    measured = f"skip link {s.get('href')} moves focus to {s.get('target_selector')}"
    if t["long_page"]:
        measured += f"; 'to top' link {t.get('selector')} returns to the top"
    return PageJudgement(PASS, measured, [evidence(url, selector=s.get("selector"), snippet=s.get("text"),
                                                   measured=measured)])


def form_errors(art: dict[str, Any]) -> PageJudgement:
    """a4.3.6: after a real invalid submission, a text message says what is wrong."""
    if (missing := _missing(art, "forms")) is not None:
        return missing
    tested, url = art["forms"].get("tested"), art["url"]
    if not tested:
        return PageJudgement(NA, "no data-entry form (search forms are not tested)")
    fields = ", ".join(f.get("name") or f["selector"] for f in tested.get("fields", [])[:5])
    if tested.get("navigated"):
        if tested["has_error_text"]:
            return PageJudgement(PASS, "the server answered the invalid submission with an error message",
                                 [evidence(url, selector=tested.get("selector"),
                                           measured=f"after submit: {', '.join(tested['page_error_words'])}")])
        return PageJudgement(FAIL, "the invalid submission was sent; the answer has no error message next to the form",
                             [evidence(url, selector=tested.get("selector"),
                                       measured=f"submitted empty/invalid {fields} -> {tested.get('after_url')}")])
    messages = [m["text"] for m in tested["messages"]] + \
        [a["described_by"] for a in tested["aria_invalid"] if a["described_by"]]
    if messages:
        return PageJudgement(PASS, "error text shown after the invalid submission", [
            evidence(url, selector=tested.get("selector"), snippet=messages[0][:200],
                     measured=f"{len(messages)} message(s); aria-invalid on {len(tested['aria_invalid'])} field(s)")])
    if tested["native"]:
        n = tested["native"][0]
        return PageJudgement(PASS, "the browser's own validation message names the problem",
                             [evidence(url, selector=n["selector"], snippet=n["text"],
                                       measured=f"native validation on {len(tested['native'])} field(s)")])
    return PageJudgement(FAIL, "no error text after an invalid submission",
                         [evidence(url, selector=tested.get("selector"),
                                   measured=f"submitted empty/invalid {fields}: no message, no aria-invalid")])


def contrast(art: dict[str, Any], *, strict: bool = False) -> PageJudgement:
    """a4.3.7: text contrast >= 4.5:1 (WCAG reading: large text >= 3:1; strict reading: 4.5:1 for all text)."""
    if (missing := _missing(art, "contrast")) is not None:
        return missing
    c, url = art["contrast"], art["url"]
    nodes = list(c["failures"]) + (list(c["large_text_below_4_5"]) if strict else [])
    if nodes:
        items = []
        for n in nodes:
            d = n.get("contrast") or {}
            items.append({"selector": n["target"], "snippet": n["html"],
                          "measured": f"contrast {d.get('contrastRatio')}:1 < {d.get('expectedContrastRatio')} "
                                      f"({d.get('fgColor')} on {d.get('bgColor')}, {d.get('fontSize')})"})
        return PageJudgement(FAIL, f"{len(nodes)} text element(s) below the required contrast",
                             _ev(url, items, shots=art.get("screenshots")))
    if c["passed_nodes"] == 0:
        if c["incomplete_nodes"]:
            return PageJudgement(UNKNOWN, f"contrast of {c['incomplete_nodes']} text element(s) could not be "
                                          "measured (images or gradients behind text)")
        return PageJudgement(NA, "no text")
    note = f"{c['passed_nodes']} text element(s) pass"
    if c["incomplete_nodes"]:
        note += f"; {c['incomplete_nodes']} could not be measured (background images)"
    return PageJudgement(PASS, note, [evidence(url, measured=note)])


def zoom(art: dict[str, Any]) -> PageJudgement:
    """a4.3.8: at 200 % (640 CSS px wide) no horizontal scrolling, nothing cut off, zoom not blocked."""
    if (missing := _missing(art, "zoom")) is not None:
        return missing
    z, url = art["zoom"], art["url"]
    items: list[dict[str, Any]] = []
    if z["zoom_blocked"]:
        items.append({"snippet": f'<meta name="viewport" content="{z["meta_viewport"]}">',
                      "measured": f"zoom blocked by {z['zoom_blocked_by']}"})
    if z["horizontal_scroll"] or z["content_cut"]:
        what = "horizontal scrolling" if z["horizontal_scroll"] else "content cut off (overflow-x hidden)"
        first = (z.get("overflowing") or [{}])[0]
        items.append({"selector": first.get("selector"), "snippet": first.get("snippet"),
                      "measured": f"scrollWidth {z['scroll_width']} > {z['client_width']} at 200 %: {what}"})
    items += [dict(c, measured=f"text clipped at 200 %: {c['measured']}") for c in z.get("clipped_text") or []]
    if items:
        return PageJudgement(FAIL, "; ".join(i["measured"] for i in items[:3]),
                             _ev(url, items, shots=(art.get("screenshots") or {})))
    measured = f"scrollWidth {z['scroll_width']} <= {z['client_width']} at 200 %, no clipped text"
    return PageJudgement(PASS, measured, [evidence(url, measured=measured)])
