"""Keyboard checks of interactive widgets with real key presses and mouse moves (a4.3.4, WCAG 2.1.1, 2.1.2, 2.4.3).

- mouse-only widgets: elements that act on click (a click listener seen from the first script on, `onclick`, a
  widget role, `cursor: pointer`, also only on hover) but cannot be focused;
- submenus that open when hovered: each is hovered for real, then its trigger is focused and Enter/ArrowDown are
  pressed; one the keyboard cannot open (or whose links Tab cannot reach) is unreachable;
- dialogs and lightboxes a control opens: opened with Enter (Space), then walked: focus moves in, stays in while
  Tab is pressed, Escape closes, focus returns to the trigger;
- `role=button` elements other than native buttons: Enter and Space must both activate them.

While keys are pressed, following a link is cancelled in the page (js/interaction.js); a script that navigates
anyway is noticed and the page is loaded again, so the next widget is tested on the page under test.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlsplit

from selenium.common.exceptions import JavascriptException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from crawler.browser.driver import js

# Menus, dialogs and role=button elements of one page mostly share one implementation: a few of each tell.
MAX_MENUS, MAX_TRIGGERS, MAX_DIALOGS, MAX_BUTTONS, MAX_MOUSE_ONLY = 3, 6, 3, 4, 20
APPEAR_S = 0.3  # a dialog a key press opens is on screen within this (its fade-in may still be running)
OPEN_WAIT_S = 0.5  # dialogs that animate in (fade, slide) are open, and have taken focus, within this
SETTLE_MS = 60
QUIET_MS = 30  # after two frames: a handler's microtasks, mutation records and style changes are all in by then
RUN_FLAG = "__gaWidgetRun"
LIMITS = {"mouse_only": MAX_MOUSE_ONLY, "menus": MAX_MENUS, "triggers": MAX_TRIGGERS, "buttons": MAX_BUTTONS}
START = (f"var I = window.__gaInteract; if (!I) return null; window.{RUN_FLAG} = true; I.noNav(true);"
         "return I.survey(arguments[0]);")
FINISH = (f"if (!window.{RUN_FLAG}) return false; window.__gaInteract.noNav(false);"
          "if (document.activeElement && document.activeElement.blur) document.activeElement.blur(); return true;")


def _call(driver: Any, name: str, *args: Any) -> Any:
    return driver.execute_script(f"return window.__gaInteract.{name}.apply(null, arguments)", *args)


def _settle(driver: Any, ms: int = SETTLE_MS) -> None:
    """Two animation frames and `ms` more, on the page's clock (its handlers and transitions run meanwhile)."""
    driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "var n = (window.__ga && window.__ga.native) || {raf: requestAnimationFrame, setTimeout: setTimeout};"
        "n.raf.call(window, () => n.raf.call(window, () => n.setTimeout.call(window, done, arguments[0])));", ms)


def _key(driver: Any, key: str, *, shift: bool = False) -> None:
    chain = ActionChains(driver, duration=0)
    if shift:
        chain.key_down(Keys.SHIFT).send_keys(key).key_up(Keys.SHIFT)
    else:
        chain.send_keys(key)
    chain.perform()


def _mouse(driver: Any, x: int, y: int) -> None:
    driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})


def _poll(driver: Any, name: str, ok: Any, wait_s: float = OPEN_WAIT_S, *args: Any, reacting: bool = False) -> Any:
    """__gaInteract.<name>(*args) until `ok` says so or `wait_s` has passed; the last value.

    `reacting`: the input was sent after `_react_start`, and the wait ends early once the page has shown no
    reaction to it (js/interaction.js reactQuiet: no DOM change, timer, deferred work, request or new animation),
    read after two frames and QUIET_MS: a widget the input did not start will not open or close later.
    """
    end = time.monotonic() + wait_s
    first = reacting
    while True:
        if first:  # the settle and the first reading in one round trip
            got, quiet = _settled_call(driver, "reactRead", name, *args, ms=QUIET_MS)
            first = False
        elif reacting:
            got, quiet = _call(driver, "reactRead", name, *args)
        else:
            got, quiet = _call(driver, name, *args), False
        if ok(got) or quiet or time.monotonic() > end:
            return got
        time.sleep(0.05)


def _react_start(driver: Any) -> None:
    """Start watching for the page's reaction to the next input (see _poll's `reacting`)."""
    _call(driver, "reactStart")


class _Page:
    """The page under test; loaded again when a script navigated away during a key press."""

    def __init__(self, driver: Any, url: str, deadline: float | None) -> None:
        self.driver, self.url, self.deadline, self.reloads = driver, url, deadline, 0

    def start(self) -> dict[str, Any]:
        """Mark the document as under test, links not followed, and survey its widgets (one round trip)."""
        survey = self.driver.execute_script(START, LIMITS)
        if survey is None:  # a document the pre-page scripts missed
            self.driver.execute_script(js("interaction.js"))
            survey = self.driver.execute_script(START, LIMITS)
        return survey

    def left(self) -> bool:
        """Whether the page under test is gone (a script navigated); if so it is loaded again."""
        if self.driver.execute_script(f"return !!window.{RUN_FLAG}"):
            return False
        self.reloads += 1
        self.driver.get(self.url)
        self.start()
        return True

    def finish(self) -> None:
        """Links work again and nothing keeps focus; a page a script took elsewhere is loaded again first."""
        if not self.driver.execute_script(FINISH):
            self.left()
            self.driver.execute_script(FINISH)

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline


def check_widgets(driver: Any, url: str, *, deadline: float | None = None,
                  memo: WidgetMemo | None = None) -> dict[str, Any]:
    page = _Page(driver, url, deadline)
    t0 = time.monotonic()
    survey = page.start()
    out: dict[str, Any] = {"mouse_only": survey["mouse_only"], "submenus": [], "dialogs": [],
                           "role_buttons": [], "truncated": False}
    timings = out["timings_s"] = {"survey": round(time.monotonic() - t0, 3)}
    try:
        for name, fn in (("submenus", lambda p: _submenus(p, survey["menus"], survey["corner"], memo)),
                         ("dialogs", lambda p: _dialogs(p, survey["triggers"])),
                         ("role_buttons", lambda p: _role_buttons(p, survey["buttons"]))):
            if page.out_of_time():
                out["truncated"] = True
                break
            t0 = time.monotonic()
            out[name] = fn(page)
            timings[name] = round(time.monotonic() - t0, 3)
    finally:
        out["reloads"] = page.reloads
        page.finish()
    return out


def _settled_call(driver: Any, name: str, *args: Any, ms: int = SETTLE_MS) -> Any:
    """_settle, then __gaInteract.<name>(*args): one round trip. A failure answers at once (a throw in a timer
    callback would leave the driver waiting out its script timeout)."""
    got = driver.execute_async_script(
        "var done = arguments[arguments.length - 1], f = arguments[0];"
        "var a = Array.prototype.slice.call(arguments, 2, -1);"
        "var n = (window.__ga && window.__ga.native) || {raf: requestAnimationFrame, setTimeout: setTimeout};"
        "n.raf.call(window, () => n.raf.call(window, () => n.setTimeout.call(window, () => {"
        "  try { done({value: window.__gaInteract[f].apply(null, a)}); }"
        "  catch (e) { done({error: String(e && e.message || e)}); } }, arguments[1])));", name, ms, *args)
    if "error" in got:
        raise JavascriptException(f"__gaInteract.{name} failed: {got['error']}")
    return got["value"]


class WidgetMemo:
    """Menu verdicts by site and signature (js/interaction.js: the menu's markup plus the page's scripts and
    styles), shared by the browsers of one check_pages run: a template's menu is tested on its first page, and the
    site's other pages of that template get the same verdict, marked `same_as` that page."""

    def __init__(self) -> None:
        self._verdicts: dict[tuple[str, str], tuple[str, dict[str, Any] | None]] = {}
        self._lock = threading.Lock()

    def get(self, url: str, signature: str) -> tuple[str, dict[str, Any] | None] | None:
        with self._lock:
            return self._verdicts.get((urlsplit(url).netloc, signature))

    def put(self, url: str, signature: str, verdict: dict[str, Any] | None) -> None:
        with self._lock:
            self._verdicts.setdefault((urlsplit(url).netloc, signature), (url, verdict))


# What a menu's test adds to the menu found (the rest describes the menu on the page where it was found).
MENU_VERDICT = ("opens_on_hover", "opened_by", "tab_reaches", "navigated", "measured")


def _submenus(page: _Page, menus: list[dict[str, Any]], corner: list[int],
              memo: WidgetMemo | None = None) -> list[dict[str, Any]]:
    """Each hover submenu candidate found by the survey tested (_test_menu), or its verdict taken from the same
    menu on another page of the site (memo)."""
    driver, results = page.driver, []
    mark = 0  # the survey's document
    for menu in menus:
        if page.out_of_time():
            break
        known = memo.get(page.url, menu["signature"]) if memo and menu.get("signature") else None
        if known is not None:
            tested_on, verdict = known
            if verdict is not None:
                results.append({**menu, **verdict, "same_as": tested_on})
            continue
        if page.reloads != mark:  # the page was loaded again: find its menus again (same document, same order)
            _call(driver, "submenus", MAX_MENUS)
            mark = page.reloads
        item = _test_menu(page, menu, corner)
        if memo and menu.get("signature"):
            memo.put(page.url, menu["signature"], None if item is None else
                     {k: item[k] for k in MENU_VERDICT if k in item})
        if item is not None:
            results.append(item)
    return results


def _test_menu(page: _Page, menu: dict[str, Any], corner: list[int]) -> dict[str, Any] | None:
    """Focus first: a submenu that opens on focus (focus-within) and whose links Tab reaches needs no more; for
    the others the mouse tells whether they are hover menus at all, then Enter and ArrowDown are tried. None: not
    a hover menu, or one that stays open once hovered (nothing to judge)."""
    driver = page.driver
    i = menu["index"]
    item = {**menu, "opens_on_hover": None, "opened_by": None, "tab_reaches": False}
    navigated = False
    if menu["trigger"] and _call(driver, "focusMenu", i) and _settled_call(driver, "menuOpen", i, ms=0):
        item["opened_by"] = "focus"
    else:
        _call(driver, "blurAll")
        point = _call(driver, "menuPoint", i)
        _react_start(driver)
        _mouse(driver, point["x"], point["y"])
        hover = bool(_poll(driver, "menuOpen", bool, 0.4, i, reacting=True))
        _react_start(driver)
        _mouse(driver, *corner)
        if not hover:
            return None  # the hidden box is not a hover menu
        item["opens_on_hover"] = True
        if _poll(driver, "menuOpen", lambda shown: not shown, 0.4, i, reacting=True):
            return None  # stays open once hovered: what the keyboard does cannot be told apart
        if menu["trigger"] and _call(driver, "focusMenu", i):
            for how, key in (("Enter", Keys.ENTER), ("ArrowDown", Keys.ARROW_DOWN)):
                _react_start(driver)
                _key(driver, key)
                if page.left():
                    navigated = True
                    break
                if _poll(driver, "menuOpen", bool, 0.25, i, reacting=True):
                    item["opened_by"] = how
                    break
    if item["opened_by"]:
        _key(driver, Keys.TAB)
        item["tab_reaches"] = bool(_settled_call(driver, "inMenu", i, ms=0))
    if navigated:
        item["navigated"] = True  # Enter followed the trigger by script: not judged
    elif not item["opened_by"]:
        how = "has no focusable trigger" if not menu["trigger"] else \
            "stays hidden on focus, Enter and ArrowDown"
        item["measured"] = f"submenu {menu['submenu']} ({menu['links']} link(s)) opens on mouse hover only; " \
                           f"the menu item {how}"
    elif not item["tab_reaches"]:
        item["measured"] = f"submenu {menu['submenu']} opens on {item['opened_by']} but Tab does not reach " \
                           "its links"
    if not navigated:
        _call(driver, "blurAll")
    return item


def _dialogs(page: _Page, triggers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each dialog trigger found by the survey opened by keyboard and its dialog walked (_walk_dialog)."""
    driver, results = page.driver, []
    mark = 0  # the survey's document: found again below after a reload
    for trig in triggers:
        if page.out_of_time() or len(results) >= MAX_DIALOGS:
            break
        if page.reloads != mark:
            _call(driver, "dialogTriggers", MAX_TRIGGERS)
            mark = page.reloads
        i = trig["index"]
        if not _call(driver, "focusTrigger", i):
            continue
        opened_by, dialog = None, None
        for how, key in (("Enter", Keys.ENTER), ("Space", Keys.SPACE)):
            if how == "Space" and trig["tag"] == "a":
                continue  # Space scrolls from a link; links are opened with Enter
            _react_start(driver)
            _key(driver, key)
            if page.left():
                break
            # Something opens within APPEAR_S or nothing will; then it gets OPEN_WAIT_S to take focus.
            dialog = _poll(driver, "dialogNow", bool, APPEAR_S, reacting=True)
            if dialog and not dialog["focus_inside"]:
                _react_start(driver)  # from here on: is the dialog still doing anything (animating in, focusing)?
                dialog = _poll(driver, "dialogNow", lambda d: bool(d and d["focus_inside"]),
                               reacting=True) or dialog
            if dialog:
                opened_by = how
                break
        if page.reloads != mark:
            continue  # the trigger took the page elsewhere: not a dialog
        item: dict[str, Any] = {"trigger": trig["selector"], "trigger_snippet": trig["snippet"]}
        if not dialog and trig["hinted"] and _call(driver, "focusTrigger", i):
            _react_start(driver)
            _call(driver, "clickTrigger", i)
            dialog = None if page.left() else _poll(driver, "dialogNow", bool, reacting=True)
            if dialog:
                item["failures"] = [f"dialog {dialog['selector']} opens on click only: Enter and Space on its "
                                    "trigger do nothing"]
        if not dialog:
            continue
        item.update(opened_by=opened_by, selector=dialog["selector"], snippet=dialog["snippet"],
                    stops=dialog["stops"], modal=dialog["modal"], nonmodal=dialog["nonmodal"],
                    focus_moved_in=dialog["focus_inside"])
        _walk_dialog(page, item, i)
        results.append(item)
    return results


def _walk_dialog(page: _Page, item: dict[str, Any], i: int) -> None:
    """Tab round the open dialog, close it with Escape (or its close button), and see where focus goes."""
    driver = page.driver
    failures: list[str] = item.setdefault("failures", [])
    if not item["focus_moved_in"]:
        focus = _call(driver, "dialogFocus")["focus"]
        failures.append(f"focus stays on {focus} when the dialog opens, not inside it")
    item["escaped_at"] = None
    # A non-modal dialog (<dialog> opened with show(), aria-modal=false) may let Tab go on into the page.
    for n in range(1, 0 if item["nonmodal"] else min(item["stops"] + 2, 12) + 1):
        _key(driver, Keys.TAB)
        _settle(driver, 20)
        state = _call(driver, "dialogFocus")
        if state["focus"] == "body" and state["open"]:
            # Focus passed to the browser's own controls (a modal dialog's page is inert): the next press must
            # bring it back into the dialog.
            _key(driver, Keys.TAB)
            _settle(driver, 20)
            state = _call(driver, "dialogFocus")
        if not state["inside"]:
            item["escaped_at"] = n
            failures.append(f"Tab press {n} moves focus out of the open dialog to {state['focus']}")
            break
    _key(driver, Keys.ESCAPE)
    closed = not _poll(driver, "dialogFocus", lambda s: not s["open"])["open"]
    item["escape_closes"] = closed
    if not closed:
        failures.append("Escape does not close the dialog")
        if _call(driver, "closeControl"):
            _key(driver, Keys.ENTER)
            closed = not _poll(driver, "dialogFocus", lambda s: not s["open"])["open"]
        if not closed and _call(driver, "clickClose"):
            closed = not _poll(driver, "dialogFocus", lambda s: not s["open"])["open"]
    item["closed"] = closed
    if closed:
        back = _call(driver, "returnedTo", i)
        item["focus_returned"] = back["returned"]
        if not back["returned"]:
            failures.append(f"focus goes to {back['focus']} on close, not back to the trigger")
    else:
        driver.execute_script(f"window.{RUN_FLAG} = false;")  # cannot be closed: load the page again
        page.left()
    if failures:
        item["measured"] = "; ".join(failures)


def _activates(page: _Page, i: int, key: str | None) -> bool:
    """Whether Enter/Space (key) or a click (None) on role=button element i changed anything: a click event, a DOM
    change outside what changes by itself, a navigation, a dialog."""
    driver = page.driver
    if not _call(driver, "focusButton", i):
        return False
    _settle(driver, 20)
    _call(driver, "watchStart")
    if key is None:
        _call(driver, "clickButton", i)
    else:
        _key(driver, key)
    _settle(driver, 80)
    if page.left():
        return True
    seen = _call(driver, "watchStop")
    if seen["dialog"]:
        _key(driver, Keys.ESCAPE)
        _settle(driver)
    return bool(seen["changed"] or seen["clicks"])


def _role_buttons(page: _Page, buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    driver, results = page.driver, []
    if not buttons:
        return results
    if page.reloads:  # the survey's document is gone: find them again on this one
        buttons = _call(driver, "roleButtons", MAX_BUTTONS)
    _call(driver, "noiseStart")
    _settle(driver, 300)
    _call(driver, "noiseEnd")
    for b in buttons:
        if page.out_of_time():
            break
        result: dict[str, bool] = {}
        for name, key in (("enter", Keys.ENTER), ("space", Keys.SPACE), ("click", None)):
            if name == "click" and result["enter"] and result["space"]:
                break
            mark = page.reloads
            result[name] = _activates(page, b["index"], key)
            if page.reloads != mark:
                _call(driver, "roleButtons", MAX_BUTTONS)
        item = {**b, **result}
        if result.get("click") and not (result["enter"] and result["space"]):
            # It does something: the keys that do not are failures.
            missing = " and ".join(k for k, ok in (("Enter", result["enter"]), ("Space", result["space"])) if not ok)
            item["measured"] = f"role=button activates on click but not with {missing}"
        results.append(item)
    return results
