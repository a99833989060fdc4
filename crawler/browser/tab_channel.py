"""A DevTools connection of our own to the audit tab: page scripts, tab commands and batches of key presses
without chromedriver in between.

Why: each chromedriver command costs the machine about 7 ms of CPU (its own wrapper script run in the page, a
check for pending navigations, two hops of JSON), measured with 300 `return 1` scripts: renderer 2.5, browser 2.3,
chromedriver 1.3, Python 0.8 ms. The per-page audit sends about 30 of them. Here a script is one Runtime.evaluate,
and the Tab presses of a tab walk are all written before any answer is read: measured on 12 fixture pages,
236 presses, 10 → 3 ms of CPU and 7 → 2 ms of wall time per press. The page sees the same trusted keydown and keyup
events, in the same order, each with its default action (focus moves) before the next one.

Used only for steps that give no input that could navigate (Browser.fast_scripts): unlike chromedriver, a script
here does not wait for a navigation in flight; one that meets a document being replaced fails (JavascriptException)
and its step records the error. A dialog that opens meanwhile is dismissed and reported as chromedriver reports it
(UnexpectedAlertPresentException), so the step is tried again as with the driver. Key events and scripts send
nothing over the network themselves; the navigation guard still stops any navigation a page script starts.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from typing import Any

import websocket
from selenium.common.exceptions import JavascriptException, TimeoutException, UnexpectedAlertPresentException

TAB = {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9, "nativeVirtualKeyCode": 9}


class TabChannel:
    """One DevTools connection to a tab (its target id is chromedriver's window handle)."""

    def __init__(self, debugger_address: str, target_id: str, *, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.ids = itertools.count(1)
        self.ws = websocket.create_connection(f"ws://{debugger_address}/devtools/page/{target_id}",
                                              timeout=timeout_s, suppress_origin=True,
                                              # json.loads decodes every answer anyway; websocket-client's own
                                              # check is pure Python, ~1 ms per 10 kB (a screenshot is 90 kB)
                                              skip_utf8_validation=True)
        self.command("Page.enable")  # for Page.javascriptDialogOpening

    def _send(self, method: str, params: dict[str, Any]) -> int:
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        return message_id

    def _wait(self, pending: set[int], what: str | None) -> dict[int, dict[str, Any]]:
        """Read until every id in `pending` is answered; dialogs that open meanwhile are dismissed."""
        answers: dict[int, dict[str, Any]] = {}
        dialogs: list[str] = []  # the messages of the dialogs dismissed meanwhile
        try:
            while pending:
                message = json.loads(self.ws.recv())
                if message.get("method") == "Page.javascriptDialogOpening":
                    dialogs.append(str((message.get("params") or {}).get("message") or ""))
                    self._send("Page.handleJavaScriptDialog", {"accept": False})
                elif message.get("id") in pending:
                    pending.discard(message["id"])
                    answers[message["id"]] = message
        except websocket.WebSocketTimeoutException as exc:
            raise TimeoutException(f"the page did not answer {what or 'us'} within {self.timeout_s:g} s") from exc
        if dialogs:
            text = dialogs[0]
            raise UnexpectedAlertPresentException(alert_text=text, msg=f"a dialog opened: {text[:200]}")
        return answers

    def command(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A DevTools command to the tab and its result; an error answer raises JavascriptException."""
        message_id = self._send(method, params or {})
        answer = self._wait({message_id}, method)[message_id]
        if "error" in answer:
            raise JavascriptException(f"{method} failed: {answer['error'].get('message')}")
        return answer.get("result") or {}

    def evaluate(self, script: str, args: tuple[Any, ...], *, is_async: bool) -> Any:
        """`script` as a function body with `args` as its arguments, as driver.execute_script (or, with is_async,
        execute_async_script: the last argument is the callback the script calls with its value)."""
        call_args = json.dumps(list(args), ensure_ascii=False)
        if is_async:
            expression = (f"new Promise(function (done) {{ (function () {{ {script}\n}})"
                          f".apply(null, {call_args}.concat([done])); }})")
        else:
            expression = f"(function () {{ {script}\n}}).apply(null, {call_args})"
        result = self.command("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                   "awaitPromise": is_async})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = (details.get("exception") or {}).get("description") or details.get("text") or "script error"
            raise JavascriptException(f"javascript error: {str(text).splitlines()[0][:300]}")
        return (result.get("result") or {}).get("value")

    def press(self, key: dict[str, Any], count: int) -> None:
        """`count` presses (keydown + keyup) of `key`, all sent before any answer is read; returns once the page
        has handled every event. An event the page refused is answered with an error: it is simply not in the
        page's record of presses (keyboard.press_many)."""
        pending = {self._send("Input.dispatchKeyEvent", {**key, "type": kind})
                   for _ in range(count) for kind in ("rawKeyDown", "keyUp")}
        self._wait(pending, f"{count} key presses")

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already gone with its browser
            self.ws.close()
