"""Keyboard checks with real key presses (chromedriver actions, or the browser's pipelined batch of Tab presses,
Browser.press_tabs): the tab walk and the skip link.

The walk presses Tab from the top of the page and, after each press, waits a moment (scripts that pull focus back
run on timers) and reads where focus is and whether its indicator is perceivable against the element's unfocused look
(js/checks.js `indicator`: a ring >= 2 CSS px at >= 3:1, or a colour change >= 3:1 of the same pixels).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

SETTLE_MS = 15  # > the 10 ms refocus timers of typical scripted traps; timers fire in due order
FOCUS_STATE = ("var done = arguments[arguments.length - 1];"
               "var later = (window.__ga && window.__ga.native && window.__ga.native.setTimeout) || setTimeout;"
               f"later.call(window, function () {{ done(window.__gaChecks.focusState()); }}, {SETTLE_MS});")
# Blur, record how every tab stop looks unfocused, and start the page's record of Tab presses (press_many).
PREPARE_AND_LOG = "var c = window.__gaChecks, n = c.prepareWalk(arguments[0]); c.tabLog(true); return n;"
STUCK_PRESSES = 4  # presses without reaching anything new before a trap is suspected


def press(driver: Any, key: str, *, shift: bool = False) -> dict[str, Any]:
    chain = ActionChains(driver, duration=0)
    if shift:
        chain.key_down(Keys.SHIFT).send_keys(key).key_up(Keys.SHIFT)
    else:
        chain.send_keys(key)
    chain.perform()
    return driver.execute_async_script(FOCUS_STATE)


def _escape(driver: Any, trap_keys: set[str]) -> dict[str, Any] | None:
    """Shift+Tab and Escape (closing a modal dialog) are the other standard ways out; None if all fail.

    Focus on <body> is inconclusive (it left the document for the browser's own UI, from where the page's
    script may pull it back); only reaching another element of the page is an escape.
    """
    for _ in range(3):
        state = press(driver, Keys.TAB, shift=True)
        if state["key"] not in trap_keys and state["key"] != "body":
            return state
    press(driver, Keys.ESCAPE)
    for _ in range(2):
        state = press(driver, Keys.TAB)
        if state["key"] not in trap_keys and state["key"] != "body":
            return state
    return None


def _sticky(driver: Any, state: dict[str, Any], trap_keys: set[str]) -> bool:
    """Where the escape landed may be a trap of its own (headless Chromium wraps Shift+Tab round the page):
    two traps can pass focus between each other and nowhere else."""
    keys = trap_keys | {state["key"], "body"}
    return all(press(driver, Keys.TAB, shift=shift)["key"] in keys for shift in (False, False, True, True))


def press_many(driver: Any, presses: int, *, settle_ms: int,
               send_tabs: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
    """`presses` Tab presses, `settle_ms` apart, in one driver command (or, without pauses, through `send_tabs`,
    which sends them all in one go); the focus states the page recorded.

    The record must have been started (PREPARE_AND_LOG): the page records the focus state at every Tab keydown
    (checks.js tabLog), so one round trip replaces one per press. All is well when there is one record per press;
    fewer records mean some keydowns never reached the page's document (focus inside a frame or media controls,
    or a page handler that stops the event first).
    """
    if send_tabs is not None and not settle_ms:
        send_tabs(presses)
    else:
        chain = ActionChains(driver, duration=0)
        for _ in range(presses):
            chain.send_keys(Keys.TAB)
            if settle_ms:
                chain.pause(settle_ms / 1000)
        chain.perform()
    log = driver.execute_script("return window.__gaChecks.tabLog(false)")
    return log[1:] if isinstance(log, list) else []  # log[0] is where focus was before the first press


def _trusted(states: list[dict[str, Any]], presses: int) -> tuple[list[dict[str, Any]], bool]:
    """The states that can be taken as they are, and whether they cover every press.

    With records missing, the ones up to the first element that keeps keydowns to itself (a frame, media
    controls) are still in step; without such an element we cannot tell where the gap is.
    """
    if len(states) == presses:
        return states, True
    cut = next((i for i, s in enumerate(states) if s.get("opaque")), None)
    return (states[:cut + 1] if cut is not None else []), False


class _Walk:
    """The tab walk's bookkeeping: fed the focus state after each press, it says when the walk is over."""

    def __init__(self, driver: Any, result: dict[str, Any]) -> None:
        self.driver, self.result = driver, result
        self.visited: list[int] = []
        self.seen_keys: set[str] = set()
        self.not_visible: dict[str, dict[str, Any]] = {}
        self.stuck: list[str] = []
        self.first_key: str | None = None  # the walk's first stop (None: focus has not reached the page yet)
        self.previous_idx: int | None = None

    def see(self, state: dict[str, Any]) -> bool:
        """Account for one press; True when the walk is over (went round once, or a trap was judged)."""
        result = self.result
        result["presses"] += 1
        key = state["key"]
        if key == "body":
            if self.first_key is not None:  # focus left the document: the walk went round once
                result["complete"] = True
                return True
            return False
        previous_idx, self.previous_idx = self.previous_idx, state.get("idx")
        if self.first_key is None:
            self.first_key = key
        if key == self.first_key and key in self.seen_keys and not self.stuck and result["focusable"] > 1 and \
                len(self.seen_keys) == result["focusable"] and previous_idx == result["focusable"] - 1:
            # Every stop once, then straight from the last back to the first: headless Chromium sometimes wraps
            # without passing <body> (it depends on where the browser had focus before); a whole round too.
            result["complete"] = True
            return True
        if state.get("iframe"):
            # Focus inside a frame is reported as the frame element; we do not walk into frames.
            result.setdefault("iframes", []).append(state["selector"])
        if key in self.seen_keys:
            # Headless Chromium passes through <body> after the last stop, so a repeat is never a normal wrap.
            self.stuck.append(key)
            if len(self.stuck) >= STUCK_PRESSES and not state.get("iframe"):
                trap_keys = set(self.stuck)
                escaped = _escape(self.driver, trap_keys)
                if escaped is None:
                    result["traps"].append({"selector": state["selector"], "snippet": state["snippet"],
                                            "measured": f"focus cycles among {len(trap_keys)} element(s) "
                                                        f"after {result['presses']} Tab presses"})
                elif _sticky(self.driver, escaped, trap_keys):
                    result["traps"].append({"selector": escaped["selector"], "snippet": escaped["snippet"],
                                            "measured": "neither Tab nor Shift+Tab moves focus away"})
                return True
            return False
        self.stuck = []
        self.seen_keys.add(key)
        if state.get("idx") is not None:
            self.visited.append(state["idx"])
        if len(result["order"]) < 30:
            result["order"].append(state["selector"])
        # Focus inside a frame is on an element of the frame's document, whose look we do not read.
        if state.get("changed") is False and not state.get("iframe") and len(self.not_visible) < 20:
            self.not_visible[key] = {"selector": state["selector"], "snippet": state["snippet"],
                                     "measured": f"{state.get('indicator') or 'no style change on focus'} "
                                                 f"(outline {state.get('outline')}, "
                                                 f"box-shadow {state.get('box_shadow')})"}
        return False


def _new_result(count: int) -> dict[str, Any]:
    return {"focusable": count, "reached": 0, "presses": 0, "complete": False, "truncated": False,
            "focus_not_visible": [], "traps": [], "unreached": [], "order": []}


def tab_walk(driver: Any, *, max_tabs: int = 100, deadline: float | None = None,
             send_tabs: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Press Tab from the top of the page until focus has gone round once, a trap is found or `max_tabs`.

    A normal page goes round in (tab stops + 1) presses, sent as one batch (through `send_tabs` when given, see
    press_many); a walk that needs more presses (a repeat, a trap) goes on press by press.
    """
    prepare = "return window.__gaChecks.prepareWalk(arguments[0])"
    count = driver.execute_script(PREPARE_AND_LOG, max_tabs)
    result = _new_result(count)
    if count == 0:
        result["complete"] = True
        return result
    limit = min(max_tabs, count * 2 + 5)
    # One batch of presses without pauses; again with the settle pause after every press if a focus handler put
    # work off for later (a refocusing timer, a restyle in the next frame). Where some presses never reached the
    # page, the walk goes on press by press from the last state known to be in step (or from the top).
    for settle_ms in (0, SETTLE_MS):
        if settle_ms:
            count = driver.execute_script(PREPARE_AND_LOG, max_tabs)
        presses = min(count + 1, limit)
        states, whole = _trusted(press_many(driver, presses, settle_ms=settle_ms, send_tabs=send_tabs),
                                presses)
        if not any(s.get("deferred") for s in states):
            break
    mode = "settled batch" if settle_ms else "batch"
    if not states:
        count = driver.execute_script(prepare, max_tabs)
        mode = "press by press"
    elif not whole:
        mode += ", then press by press"
        resume_at = states[-1]["idx"]
    result = _new_result(count)
    result["mode"] = mode
    walk = _Walk(driver, result)
    done = False
    for state in states:
        if walk.see(state):
            done = True
            break
    if not done and states and not whole:
        driver.execute_script("return window.__gaChecks.focusIndex(arguments[0])", resume_at)
    while not done and result["presses"] < limit:
        if deadline and time.monotonic() > deadline:
            result["truncated"] = True
            break
        done = walk.see(press(driver, Keys.TAB))
    if not done and not result["truncated"]:
        result["truncated"] = len(set(walk.visited)) < count
    result["reached"] = len(set(walk.visited))
    result["focus_not_visible"] = list(walk.not_visible.values())
    if result["complete"] and not result["traps"]:
        result["unreached"] = driver.execute_script("return window.__gaChecks.unreached(arguments[0], 10)",
                                                    sorted(set(walk.visited)))
    return result


def check_skip_link(driver: Any, first_stops: list[dict[str, Any]]) -> dict[str, Any]:
    """A same-page link among the first three tab stops, whose activation really moves the focus point."""
    candidates = [s for s in first_stops if s.get("href", "").startswith("#") and len(s["href"]) > 1]
    out: dict[str, Any] = {"present": bool(candidates), "candidates": candidates[:3], "focus_moved": False}
    for cand in candidates:
        out.update(selector=cand["selector"], text=cand["text"], href=cand["href"],
                   target_exists=cand["target_exists"], target_selector=cand["target_selector"])
        if not cand["target_exists"]:
            continue
        if not driver.execute_script("return window.__gaChecks.focusIndex(arguments[0])", cand["position"]):
            continue
        press(driver, Keys.ENTER)
        # After a fragment link, the next Tab must land inside or after the target.
        moved = driver.execute_script(
            "var t = document.querySelector(arguments[0]); var a = document.activeElement;"
            "return !!t && (a === t || t.contains(a));", cand["target_selector"])
        if not moved:
            press(driver, Keys.TAB)
            moved = driver.execute_script(
                "var t = document.querySelector(arguments[0]); var a = document.activeElement;"
                "if (!t) return false;"
                "if (a && a !== document.body && (t.contains(a) ||"
                "    (t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING))) return true;"
                # nothing focusable after the target (Tab wraps round): the URL must show the jump
                "return location.hash === arguments[1] && !window.__gaChecks.tabbableAfter(t) &&"
                "  !t.closest('nav, aside, header, footer, [role=navigation], [role=complementary], [role=banner]');",
                cand["target_selector"], cand["href"])
        out["focus_moved"] = bool(moved)
        if moved:
            break
    return out
