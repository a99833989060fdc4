"""Form error messages (a4.3.6, WCAG 3.3.1): every data-entry form on the page is submitted with invalid values.

Each form is submitted the way it offers: its submit button; without one, its own button (a `type=button` or a
clickable element the page listens to); without either, Enter in a field and then `requestSubmit()`. The values are
obviously invalid test values (empty, `invalid` for e-mail/URL, `abc` for a phone number), never anything a person
would send; off-site submissions are stopped by the navigation guard. What the page did is read in js/interaction.js
(`formResult`): new text and where it is (next to a field, referenced by aria-describedby/aria-errormessage, in a
live region, focused), Chromium's own validation bubble, field style changes, focus moves. Search forms are not
data-entry forms. A form that sends the page to the server is judged on the answer; the page is then loaded again
for the next form.
"""

from __future__ import annotations

import re
import time
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from crawler.browser.driver import js

MAX_FORMS = 6
ERROR_WORDS = re.compile(r"(error|invalid|required|must|please|ошибк|неверн|некорректн|обязательн|заполн|"
                         r"укажите|введите|қате|міндетті|толтыр|енгізіңіз|дұрыс емес)", re.I)
NAVIGATION_WAIT_S = 3.0  # a submission the page did not cancel is on its way to the server within this
REACT_S = 0.15  # after the first reaction, time for the rest of it (a message rendered in the next frames)


def _call(driver: Any, name: str, *args: Any) -> Any:
    return driver.execute_script(f"return window.__gaInteract.{name}.apply(null, arguments)", *args)


FIND = ("var I = window.__gaInteract; if (!I) return null;"
        "return {url: location.href, forms: I.formsFind(arguments[0])};")


def _find(driver: Any) -> dict[str, Any]:
    """The page's URL and its form candidates, in one round trip (our page script sent first where missing)."""
    found = driver.execute_script(FIND, 2 * MAX_FORMS)
    if found is None:
        driver.execute_script(js("interaction.js"))
        found = driver.execute_script(FIND, 2 * MAX_FORMS)
    return found


def _nothing_happened(res: dict[str, Any]) -> bool:
    return not (res.get("navigated") or res["submit_event"] or res["native"] or res["messages"] or res["focus_moved"]
                or any(f["style_changed"] or f["aria_invalid"] for f in res["fields_state"]))


def _result(driver: Any, index: int, settle_s: float) -> dict[str, Any]:
    """What the submission did, read once the page has reacted and had REACT_S more to finish (a message written
    a moment later), or after `settle_s` without any reaction (a slow validator)."""
    end = time.monotonic() + settle_s
    try:
        while time.monotonic() < end:
            time.sleep(0.05)
            if _call(driver, "formStirred"):
                time.sleep(REACT_S)
                break
        res = _call(driver, "formResult", index)
    except Exception:  # noqa: BLE001 - the document is being replaced: the form went to the server
        return {"navigated": True}
    if not res.get("navigated") and res["submit_event"] and not res["submit_prevented"]:
        # Submitted and not cancelled: the browser is on its way to the server (or the guard stopped it).
        end = time.monotonic() + NAVIGATION_WAIT_S
        while time.monotonic() < end:
            try:
                if not driver.execute_script("return !!window.__gaFormMarker"):
                    return {"navigated": True}
            except Exception:  # noqa: BLE001 - navigation in progress
                return {"navigated": True}
            time.sleep(0.1)
        res["blocked"] = True  # still here: the submission was stopped (off the site) or opened elsewhere
    return res


def _server_answer(driver: Any, submitted: dict[str, Any], before_url: str, load_timeout_s: float) -> dict[str, Any]:
    """The page the server sent back must say what was wrong, next to the form (a 404/500 page is no help)."""
    end = time.monotonic() + load_timeout_s
    while time.monotonic() < end and driver.execute_script("return document.readyState") != "complete":
        time.sleep(0.1)
    text = driver.execute_script("return document.body ? document.body.innerText.slice(0, 5000) : ''") or ""
    hits = sorted({m.group(0).lower() for m in ERROR_WORDS.finditer(text)})
    names = [f["name"] for f in submitted.get("fields", []) if f.get("name")]
    redisplayed = bool(names) and bool(driver.execute_script(
        "return arguments[0].some(n => document.getElementsByName(n).length || document.getElementById(n))", names))
    return {"navigated": True, "after_url": driver.current_url, "url_changed": driver.current_url != before_url,
            "page_error_words": hits[:10], "form_redisplayed": redisplayed,
            "has_error_text": bool(hits) and redisplayed}


def _test_form(driver: Any, cand: dict[str, Any], settle_s: float, load_timeout_s: float) -> dict[str, Any]:
    i = cand["index"]
    before_url = driver.current_url
    submitted = _call(driver, "formFill", i) or {}
    tested: dict[str, Any] = {**submitted, "snippet": cand["snippet"], "method": cand["method"],
                              "action": cand["action"], "how": cand["how"]}
    if cand["action_control"]:
        _call(driver, "formSubmit", i, "action")
        res = _result(driver, i, settle_s)
    else:
        tested["enter_in"] = _call(driver, "formSubmit", i, "enter")
        ActionChains(driver, duration=0).send_keys(Keys.ENTER).perform()
        res = _result(driver, i, settle_s)
        if not res.get("navigated") and _nothing_happened(res) and cand["form_element"]:
            tested["how"] = "Enter in a field, then requestSubmit()"
            _call(driver, "formSubmit", i, "request")
            res = _result(driver, i, settle_s)
    if res.get("navigated"):
        tested.update(_server_answer(driver, submitted, before_url, load_timeout_s))
    else:
        tested.update(res)
        _call(driver, "formEnd")
    return tested


def check_form_errors(driver: Any, *, settle_s: float = 0.6, load_timeout_s: float = 10,
                      deadline: float | None = None) -> dict[str, Any]:
    """Every data-entry form (up to MAX_FORMS) submitted with invalid values; `tested` is the first one's result."""
    found = _find(driver)
    start_url, candidates = found["url"], found["forms"]
    todo = [c for c in candidates if not c["search"]][:MAX_FORMS]
    out: dict[str, Any] = {"forms": len(candidates), "search_only": bool(candidates) and not todo,
                           "candidates": candidates, "tested": None, "results": [], "reloads": 0}
    fresh = True
    for cand in todo:
        if deadline is not None and time.monotonic() > deadline:
            out["truncated"] = True
            break
        if not fresh:  # the last form left the page: load it again and find this form there
            driver.get(start_url)
            out["reloads"] += 1
            again = {c["selector"]: c for c in _find(driver)["forms"]}
            if cand["selector"] not in again:
                continue
            cand = again[cand["selector"]]
        result = _test_form(driver, cand, settle_s, load_timeout_s)
        fresh = not result.get("navigated")
        out["results"].append(result)
    out["tested"] = out["results"][0] if out["results"] else None
    return out
