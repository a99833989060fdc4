"""The audit tab's own DevTools connection (crawler/browser/tab_channel.py) behaves as chromedriver does for what
the per-page audit sends over it: page scripts and their errors, dialogs, hung pages, emulation, Tab presses."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from selenium.common.exceptions import JavascriptException, TimeoutException, UnexpectedAlertPresentException

from crawler.browser.driver import Browser
from crawler.browser.keyboard import _new_result, _Walk

LINKS = "".join(f'<a href="#s{i}" id="a{i}">stop {i}</a> ' for i in range(5))
PAGE = "data:text/html;charset=utf-8," + quote(f"<!doctype html><html lang=en><body><p>{LINKS}</p></body></html>")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    b = Browser(timeout_s=3)
    try:
        yield b
    finally:
        b.quit()


@pytest.fixture()
def page(browser: Browser) -> Browser:
    browser.driver.get(PAGE)
    return browser


@pytest.mark.browser
@pytest.mark.integration
def test_scripts_take_arguments_and_return_values_as_the_driver_does(page: Browser) -> None:
    script = "return [arguments[0].text, arguments[1], document.querySelectorAll('a').length];"
    args = ({"text": "кіру\u2028</script>"}, [1, 2])
    plain = page.driver.execute_script(script, *args)
    with page.fast_scripts():
        fast = page.driver.execute_script(script, *args)
        waited = page.driver.execute_async_script(
            "var done = arguments[arguments.length - 1], n = arguments[0];"
            "setTimeout(function () { done({n: n, later: true}); }, 30);", 7)
        nothing = page.driver.execute_script("var x = 1;")
    assert fast == plain == [args[0]["text"], [1, 2], 5]
    assert waited == {"n": 7, "later": True}
    assert nothing is None


@pytest.mark.browser
@pytest.mark.integration
def test_a_failing_script_raises_javascript_exception(page: Browser) -> None:
    with page.fast_scripts(), pytest.raises(JavascriptException, match="boom"):
        page.driver.execute_script("throw new Error('boom')")
    with page.fast_scripts(), pytest.raises(JavascriptException, match="async boom"):
        page.driver.execute_async_script("throw new Error('async boom')")


@pytest.mark.browser
@pytest.mark.integration
def test_a_native_dialog_is_dismissed_and_reported() -> None:
    fresh = Browser(timeout_s=3)
    try:
        # Without our page scripts (the ones this browser defined: identifiers 1-4), alert() is the native dialog
        # our preload otherwise answers: as on a page that froze window.alert before it.
        for identifier in ("1", "2", "3", "4"):
            fresh.cdp("Page.removeScriptToEvaluateOnNewDocument", {"identifier": identifier})
        fresh.driver.get(PAGE)
        started = time.monotonic()
        with fresh.fast_scripts(), pytest.raises(UnexpectedAlertPresentException) as raised:
            fresh.driver.execute_script("alert('from the page'); return 5;")
        assert raised.value.alert_text == "from the page"
        assert time.monotonic() - started < 2  # dismissed at once, not after the time limit
        with fresh.fast_scripts():  # the tab answers again
            assert fresh.driver.execute_script("return 6") == 6
        assert fresh.driver.execute_script("return 7") == 7  # and so does chromedriver
    finally:
        fresh.quit()


@pytest.mark.browser
@pytest.mark.integration
def test_a_page_that_never_answers_times_out_within_the_limit() -> None:
    fresh = Browser(timeout_s=2)
    try:
        fresh.driver.get(PAGE)
        started = time.monotonic()
        with fresh.fast_scripts(), pytest.raises(TimeoutException):
            fresh.driver.execute_async_script("/* never calls back */")
        assert time.monotonic() - started < 4
    finally:
        fresh.quit()


@pytest.mark.browser
@pytest.mark.integration
def test_emulation_set_and_reset_over_the_channel_is_what_the_page_sees(page: Browser) -> None:
    page.set_viewport(640, 450)
    assert page.driver.execute_script("return innerWidth") == 640
    page.tab("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    assert page.driver.execute_script("return getComputedStyle(document.body).fontSize") == "32px"
    page.tab("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
    page.reset_viewport()
    assert page.driver.execute_script("return [innerWidth, getComputedStyle(document.body).fontSize]") == \
        [1280, "16px"]


@pytest.mark.browser
@pytest.mark.integration
def test_a_batch_of_tab_presses_moves_focus_once_per_press(page: Browser) -> None:
    page.driver.execute_script("window.__seen = []; document.addEventListener('focusin',"
                               " function (e) { window.__seen.push(e.target.id); });")
    page.press_tabs(3)
    assert page.driver.execute_script("return window.__seen") == ["a0", "a1", "a2"]
    page.press_tabs(2)
    assert page.driver.execute_script("return document.activeElement.id") == "a4"


def _walk(keys: list[str], count: int) -> dict:
    result = _new_result(count)
    walk = _Walk(None, result)
    for key in keys:
        state = {"key": key, "idx": int(key[1:]) if key.startswith("i") else None, "selector": key, "snippet": key}
        if walk.see(state):
            break
    return result


def test_a_wrap_from_the_last_stop_to_the_first_is_a_whole_round() -> None:
    assert _walk(["i0", "i1", "i2", "i0"], 3)["complete"]
    assert _walk(["i0", "i1", "i2", "body"], 3)["complete"]


def test_a_cycle_among_the_first_stops_is_not_taken_for_a_wrap() -> None:
    result = _walk(["i0", "i1", "i0"], 4)  # two of four stops: a trap's beginning, not a round
    assert not result["complete"]
    assert result["presses"] == 3
    assert not _walk(["i0", "i0"], 1)["complete"]  # one stop that keeps focus is not a round either
