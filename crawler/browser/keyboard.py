"""Keyboard checks with real key presses (chromedriver actions): the tab walk and the skip link.

The walk presses Tab from the top of the page and, after each press, waits a moment (scripts that pull focus back
run on timers) and reads where focus is and whether it looks different from the element's unfocused style.
"""

from __future__ import annotations

import time
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

SETTLE_MS = 15  # > the 10 ms refocus timers of typical scripted traps; timers fire in due order
FOCUS_STATE = ("var done = arguments[arguments.length - 1];"
               f"setTimeout(function () {{ done(window.__gaChecks.focusState()); }}, {SETTLE_MS});")
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


def tab_walk(driver: Any, *, max_tabs: int = 100, deadline: float | None = None) -> dict[str, Any]:
    count = driver.execute_script("return window.__gaChecks.prepareWalk(arguments[0])", max_tabs)
    result: dict[str, Any] = {"focusable": count, "reached": 0, "presses": 0, "complete": False,
                              "truncated": False, "focus_not_visible": [], "traps": [], "unreached": [],
                              "order": []}
    if count == 0:
        result["complete"] = True
        return result
    visited: list[int] = []
    seen_keys: set[str] = set()
    not_visible: dict[str, dict[str, Any]] = {}
    stuck: list[str] = []
    started = False
    for _ in range(min(max_tabs, count * 2 + 5)):
        if deadline and time.monotonic() > deadline:
            result["truncated"] = True
            break
        state = press(driver, Keys.TAB)
        result["presses"] += 1
        key = state["key"]
        if key == "body":
            if started:  # focus left the document: the walk went round once
                result["complete"] = True
                break
            continue
        started = True
        if state.get("iframe"):
            # Focus inside a frame is reported as the frame element; we do not walk into frames.
            result.setdefault("iframes", []).append(state["selector"])
        if key in seen_keys:
            # Headless Chromium passes through <body> after the last stop, so a repeat is never a normal wrap.
            stuck.append(key)
            if len(stuck) >= STUCK_PRESSES and not state.get("iframe"):
                trap_keys = set(stuck)
                escaped = _escape(driver, trap_keys)
                if escaped is None:
                    result["traps"].append({"selector": state["selector"], "snippet": state["snippet"],
                                            "measured": f"focus cycles among {len(trap_keys)} element(s) "
                                                        f"after {result['presses']} Tab presses"})
                elif _sticky(driver, escaped, trap_keys):
                    result["traps"].append({"selector": escaped["selector"], "snippet": escaped["snippet"],
                                            "measured": "neither Tab nor Shift+Tab moves focus away"})
                break
            continue
        stuck = []
        seen_keys.add(key)
        if state.get("idx") is not None:
            visited.append(state["idx"])
        if len(result["order"]) < 30:
            result["order"].append(state["selector"])
        if state.get("changed") is False and len(not_visible) < 20:
            not_visible[key] = {"selector": state["selector"], "snippet": state["snippet"],
                                "measured": f"no style change on focus (outline {state.get('outline')}, "
                                            f"box-shadow {state.get('box_shadow')})"}
    else:
        result["truncated"] = len(set(visited)) < count
    result["reached"] = len(set(visited))
    result["focus_not_visible"] = list(not_visible.values())
    if result["complete"] and not result["traps"]:
        result["unreached"] = driver.execute_script("return window.__gaChecks.unreached(arguments[0], 10)",
                                                    sorted(set(visited)))
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
