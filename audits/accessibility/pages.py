"""Per-page judgements of the accessibility artifacts (crawler/browser/a11y.py), one function per a4.3.x check.

Each returns a `PageJudgement`: pass | fail | not_applicable (nothing on the page the rule applies to) | unknown
(the check did not run), with evidence items. Pure functions over JSON; shared with the ACT agreement runner.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from core.findings import Evidence, evidence

PASS, FAIL, NA, UNKNOWN = "pass", "fail", "not_applicable", "unknown"
MAX_EVIDENCE = 5
SILENCE = 0.01  # peak sample amplitude (of 1.0) below which a sound track counts as silent
# The accessibility annex lists every failing item, not the first MAX_EVIDENCE: see all_evidence().
_EVIDENCE_LIMIT: ContextVar[int | None] = ContextVar("evidence_limit", default=MAX_EVIDENCE)


@contextmanager
def all_evidence() -> Iterator[None]:
    """Within this block the judgements keep every evidence item (audits/accessibility/annex.py)."""
    token = _EVIDENCE_LIMIT.set(None)
    try:
        yield
    finally:
        _EVIDENCE_LIMIT.reset(token)


@dataclass
class PageJudgement:
    status: str
    reason: str = ""
    evidence: list[Evidence] = field(default_factory=list)


def _ev(url: str, items: list[dict[str, Any]], measured: Any = None, *, selector_key: str = "selector",
        snippet_key: str = "snippet", shots: dict[str, str] | None = None) -> list[Evidence]:
    shot = (shots or {}).get("desktop")
    # An item's check id (e.g. "keyboard.mouse-only") goes with it, for the annex.
    return [{**evidence(url, screenshot=shot, selector=item.get(selector_key), snippet=item.get(snippet_key),
                        measured=item.get("measured", measured)), **({"check": item["check"]} if item.get("check")
                                                                     else {})}
            for item in items[:_EVIDENCE_LIMIT.get()]]


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


def motion_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Everything on the page that moved or updated by itself for long enough to count (a4.3.3), each with its
    check id (motion.video / .animation / .auto-update / .animated-image / .marquee), element, measured message
    and whether a pause/stop control was found."""
    moving: list[dict[str, Any]] = []
    for m in data["media"]:
        f = media_facts(m)
        if m["tag"] == "video" and m.get("visible") and f["auto"] and f["over_3s"] and not f["audible"]:
            moving.append({**_media_item(m, f, "silent <video>"), "control": f["control"], "check": "motion.video"})
    for a in data["animations"]:
        length = "infinite" if a["infinite"] else f"{(a['total_ms'] or 0) / 1000:.1f} s"
        moving.append({"check": "motion.animation", "selector": a["selector"], "snippet": a["snippet"],
                       "control": bool(a.get("control")),
                       "measured": f"animation {a['name']} ({length}) on a {a.get('size')} px element"})
    for c in data["changes"]:
        moving.append({"check": "motion.auto-update", "selector": c["selector"], "snippet": c["snippet"],
                       "control": bool(c.get("control")),
                       "measured": f"content changed {c['changes']} times in {c['span_ms'] / 1000:.1f} s "
                                   f"without user input"})
    for i in data.get("images") or []:
        if i.get("moving"):
            plays = "forever" if i["infinite"] else f"for {i['total_ms'] / 1000:.1f} s"
            moving.append({"check": "motion.animated-image", "selector": i["selector"], "snippet": i["snippet"],
                           "control": bool(i.get("control")),
                           "measured": f"animated {i['format']} image: {i['frames']} frames, "
                                       f"{i['cycle_ms'] / 1000:.1f} s per cycle, plays {plays}"})
    for q in data.get("marquees") or []:
        if q["moved_px"] > 1:
            moving.append({"check": "motion.marquee", "selector": q["selector"], "snippet": q["snippet"],
                           "control": bool(q.get("control")),
                           "measured": f"<marquee> text moved {q['moved_px']} px in {q['sampled_ms']} ms"})
    return moving


def motion(art: dict[str, Any]) -> PageJudgement:
    """a4.3.3: moving, blinking, scrolling or auto-updating content lasting > 3 s needs a way to stop it."""
    if (missing := _missing(art, "motion")) is not None:
        return missing
    data = art["motion"]
    moving = motion_items(data)
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


def _item(check: str, prefix: str, item: dict[str, Any], measured: str | None = None) -> dict[str, Any]:
    return {"check": check, "selector": item.get("selector"), "snippet": item.get("snippet"),
            "measured": f"{prefix}: {measured if measured is not None else item.get('measured')}"}


def _widget_items(w: dict[str, Any]) -> list[dict[str, Any]]:
    """The failures of the widget checks (crawler/browser/widgets.py), each with its check id."""
    items = [_item("keyboard.mouse-only", "mouse only", m) for m in w.get("mouse_only") or []]
    items += [_item("keyboard.hover-submenu", "not reachable with the keyboard", m)
              for m in w.get("submenus") or [] if m.get("measured")]
    for d in w.get("dialogs") or []:
        for failure in d.get("failures") or []:
            kind = ("dialog-mouse-only" if "click only" in failure else "dialog-no-escape" if "Escape" in failure
                    else "dialog-focus-not-returned" if "on close" in failure
                    else "dialog-focus-escapes" if "out of the open dialog" in failure else "dialog-focus-not-moved")
            items.append(_item(f"keyboard.{kind}", "dialog", {"selector": d.get("selector") or d.get("trigger"),
                                                               "snippet": d.get("snippet")},
                               f"{failure} (opened from {d.get('trigger')})"))
    items += [_item("keyboard.role-button-keys", "role=button keys", b) for b in w.get("role_buttons") or []
              if b.get("measured")]
    return items


def keyboard(art: dict[str, Any]) -> PageJudgement:
    """a4.3.4: every tab stop reachable by Tab, no keyboard trap, focus visibly marked, and the page's widgets
    (click-only elements, hover menus, dialogs, role=button) work from the keyboard."""
    if (missing := _missing(art, "keyboard")) is not None:
        return missing
    k, url = art["keyboard"], art["url"]
    w = art.get("widgets") or {}
    if k["focusable"] == 0 and not w.get("mouse_only"):
        return PageJudgement(NA, "no focusable elements")
    items: list[dict[str, Any]] = []
    items += [_item("keyboard.trap", "keyboard trap", t) for t in k["traps"]]
    items += [_item("keyboard.focus-not-visible", "focus not visible", f) for f in k["focus_not_visible"]]
    items += [_item("keyboard.unreachable", "not reachable with Tab", u, "the walk never focused it")
              for u in k.get("unreached") or []]
    widget_items = _widget_items(w)
    walk = (f"Tab walk reached {k['reached']} of {k['focusable']} focusable elements in {k['presses']} presses"
            + ("" if k["complete"] else " (walk stopped early)"))
    if w:
        walk += (f"; widgets: {len(w.get('submenus') or [])} hover menu(s), {len(w.get('dialogs') or [])} "
                 f"dialog(s), {len(w.get('role_buttons') or [])} role=button element(s) tried by keyboard")
    elif (why := (art.get("step_errors") or {}).get("widgets")) is not None:
        walk += f"; widgets not checked ({why})"
    if items or widget_items:
        counts = [f"{len(k['traps'])} trap(s)", f"{len(k['focus_not_visible'])} element(s) without visible focus",
                  f"{len(k.get('unreached') or [])} unreachable"]
        if widget_items:
            counts.append(f"{len(widget_items)} widget failure(s)")
        return PageJudgement(FAIL, f"{walk}; " + ", ".join(counts),
                             _ev(url, items + widget_items, shots=art.get("screenshots")))
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


def _form_verdict(t: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """One submitted form: pass | fail | unknown, with its evidence item (check id, selector, snippet, measured).

    Text must say what is wrong and be tied to the field: next to it, referenced by aria-describedby or
    aria-errormessage, in its label, in a live region, or focused. Chromium's own validation bubble (HTML
    `required`, `type=email`) counts: the browser names the problem in text at the field, moves focus to it and
    exposes the message to assistive technology, which is what WCAG 3.3.1 asks ("identified and described to the
    user in text"); who wrote the text does not matter.
    """
    fields = ", ".join(f.get("name") or f["selector"] for f in t.get("fields", [])[:5]) or "no fields"
    base = {"selector": t.get("selector"), "snippet": t.get("snippet")}
    how = t.get("how") or "submit"
    if t.get("navigated"):
        if t["has_error_text"]:
            return PASS, {**base, "measured": f"after submit: {', '.join(t['page_error_words'])}"}
        return FAIL, {**base, "check": "forms.server-no-error",
                      "measured": f"submitted empty/invalid {fields} -> {t.get('after_url')}: the answer has no "
                                  "error message next to the form"}
    if t.get("blocked"):
        return UNKNOWN, {**base, "measured": "the submission was stopped (off the site) or opened elsewhere"}
    if "fields_state" not in t:  # an artifact of the first version of this check: messages anywhere count
        messages = [m["text"] for m in t.get("messages") or []] + \
            [a["described_by"] for a in t.get("aria_invalid") or [] if a["described_by"]]
        if messages or t.get("native"):
            return PASS, {**base, "snippet": (messages or [t["native"][0]["text"]])[0][:200],
                          "measured": f"{len(messages)} message(s); native validation on {len(t.get('native') or [])}"}
        return FAIL, {**base, "check": "forms.no-error-text",
                      "measured": f"submitted empty/invalid {fields}: no message, no aria-invalid"}
    tied = [m for m in t["messages"] if m["near_fields"] or m["referenced"] or m["live"] or m["focused"]]
    labels = [f for f in t["fields_state"] if f.get("label_changed")]
    if tied or labels:
        m = tied[0] if tied else {"selector": labels[0]["selector"], "text": labels[0]["label_changed"]}
        where = ("next to the field" if m.get("near_fields") else "referenced by the field" if m.get("referenced")
                 else "in a live region" if m.get("live") else "focused" if m.get("focused") else "in the label")
        return PASS, {"selector": m["selector"], "snippet": m["text"][:200],
                      "measured": f"{how}: error text {where}: {m['text'][:120]!r}"}
    if t["native"]:
        n = t["native"][0]
        return PASS, {"selector": n["selector"], "snippet": n["text"],
                      "measured": f"{how}: the browser's validation message on {len(t['native'])} field(s): "
                                  f"{n['text'][:120]!r}"}
    styled = [f for f in t["fields_state"] if f.get("style_changed") or f.get("aria_invalid")]
    if t["messages"]:
        m = t["messages"][0]
        return FAIL, {"check": "forms.error-not-associated", "selector": m["selector"], "snippet": m["snippet"],
                      "measured": f"{how}: text {m['text'][:120]!r} appeared away from the fields, not referenced "
                                  "by them, not in a live region and not focused"}
    if styled:
        f = styled[0]
        shown = (f"the error is shown only by a style change, no text ({f['style_changed'][:200]})"
                 if f.get("style_changed") else "the field is marked aria-invalid, but no text says what is wrong")
        return FAIL, {"check": "forms.error-colour-only", "selector": f["selector"], "snippet": f.get("snippet"),
                      "measured": f"{how}: {shown}"}
    if t.get("focus_moved"):
        return FAIL, {**base, "check": "forms.no-error-text",
                      "measured": f"{how}: focus moved to {t['focus_moved']} but no error text appeared"}
    return FAIL, {**base, "check": "forms.no-response",
                  "measured": f"{how} with empty/invalid {fields}: nothing happened (no text, no focus move, no "
                              "validation message)"}


def form_errors(art: dict[str, Any]) -> PageJudgement:
    """a4.3.6: after a real invalid submission of every data-entry form, a text message says what is wrong."""
    if (missing := _missing(art, "forms")) is not None:
        return missing
    data, url = art["forms"], art["url"]
    tested = data.get("results") or ([data["tested"]] if data.get("tested") else [])
    if not tested:
        return PageJudgement(NA, "no data-entry form (search forms are not tested)")
    judged = [_form_verdict(t) for t in tested]
    bad = [item for status, item in judged if status == FAIL]
    good = [item for status, item in judged if status == PASS]
    if bad:
        return PageJudgement(FAIL, f"{len(bad)} of {len(judged)} form(s) give no associated text error message",
                             _ev(url, bad, shots=art.get("screenshots")))
    if not good:
        return PageJudgement(UNKNOWN, f"no submission could be judged: {judged[0][1]['measured']}")
    return PageJudgement(PASS, f"{len(good)} form(s) answer invalid input with text", _ev(url, good))


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
    """a4.3.8: at 200 % page zoom (640 CSS px wide) and at 200 % text size, no horizontal scrolling, no text cut
    off, drawn over other text or scrolling inside a fixed-size box (compared with 100 %), zoom not blocked."""
    if (missing := _missing(art, "zoom")) is not None:
        return missing
    z, url = art["zoom"], art["url"]
    items = zoom_items(z)
    if items:
        return PageJudgement(FAIL, "; ".join(i["measured"] for i in items[:3]),
                             _ev(url, items, shots=(art.get("screenshots") or {})))
    measured = f"scrollWidth {z['scroll_width']} <= {z['client_width']} at 200 %, no clipped text"
    if z.get("text_zoom"):
        measured += ", none at 200 % text size either"
    return PageJudgement(PASS, measured, [evidence(url, measured=measured)])


def zoom_items(z: dict[str, Any]) -> list[dict[str, Any]]:
    """Every zoom failure (a4.3.8) with its check id, element and measured message: zoom.blocked, zoom.reflow and
    the losses of _zoom_losses at 200 % page zoom; zoom.text.* the same at 200 % text size."""
    items: list[dict[str, Any]] = []
    if z["zoom_blocked"]:
        items.append({"check": "zoom.blocked", "snippet": f'<meta name="viewport" content="{z["meta_viewport"]}">',
                      "measured": f"zoom blocked by {z['zoom_blocked_by']}"})
    if z["horizontal_scroll"] or z["content_cut"]:
        what = "horizontal scrolling" if z["horizontal_scroll"] else "content cut off (overflow-x hidden)"
        first = (z.get("overflowing") or [{}])[0]
        items.append({"check": "zoom.reflow", "selector": first.get("selector"), "snippet": first.get("snippet"),
                      "measured": f"scrollWidth {z['scroll_width']} > {z['client_width']} at 200 %: {what}"})
    items += _zoom_losses(z, "200 %", "zoom")
    t = z.get("text_zoom")
    if t:
        if t["horizontal_scroll"] or t["content_cut"]:
            first = (t.get("overflowing") or [{}])[0]
            items.append({"check": "zoom.text.reflow", "selector": first.get("selector"),
                          "snippet": first.get("snippet"),
                          "measured": f"scrollWidth {t['scroll_width']} > {t['client_width']} at 200 % text size"})
        items += _zoom_losses(t, "200 % text size", "zoom.text")
    return items


def _zoom_losses(z: dict[str, Any], at: str, check: str) -> list[dict[str, Any]]:
    """Clipped text, text over text and text scrolling in a fixed-size box, each with where it was measured and
    its check id (zoom.clipped / zoom.overlap / zoom.scroll-box; zoom.text.* at 200 % text size)."""
    return ([dict(c, check=f"{check}.clipped", measured=f"text clipped at {at}: {c['measured']}")
             for c in z.get("clipped_text") or []]
            + [dict(o, check=f"{check}.overlap", measured=f"overlapping text at {at}: {o['measured']}")
               for o in z.get("overlapping_text") or []]
            + [dict(b, check=f"{check}.scroll-box", measured=f"scrolling box at {at}: {b['measured']}")
               for b in z.get("scrolling_boxes") or []])
