"""The navigation guard of every Chromium we drive (Playwright and chromedriver): no page takes us off the site.

How: a DevTools connection of our own to the browser (its remote-debugging port) enables `Fetch` on the browser
target itself, so every request of every tab, popup and browser context is paused before it is sent — no tab can
start before the interception is on. Only document requests (top-level and frame navigations, each redirect hop
included) and, for in-scope hosts whose robots.txt disallows paths, the requests under those paths are paused; each
is put to the site's gate:

- a top-level navigation of any tab (a script's `location.href`/`replace`, meta refresh, form submission, a link
  followed with Enter, a popup, a redirect hop) that is off scope or robots-disallowed fails with
  net::ERR_ABORTED — nothing is requested, the current document stays — and is recorded in `blocked`;
- a frame document or a subresource of another host loads (the page needs it to render); only robots.txt of the
  site's own hosts applies to those.

Which frame is top-level: a page target's main frame has the target's id; targets are followed with
`Target.setDiscoverTargets` (and asked about when a request comes before the news of its tab).

Why this and not the alternatives: Playwright's `route` is not called for redirect hops of a navigation;
chromedriver's `execute_cdp_cmd` receives no CDP events (no `Fetch.requestPaused`); Selenium BiDi interception
sends every request of every page through chromedriver's BiDi mapper and Python; `Network.setBlockedURLs` cannot
tell navigations from subresources; per-tab `Fetch` (auto-attach + waitForDebuggerOnStart) races Playwright, which
resumes new popups itself. Here only document requests make a round trip (well under a millisecond on loopback),
and the guard is the same for both drivers. Playwright loses track of a page's load events when a navigation the
page started is aborted, so Playwright callers load pages with `goto` below.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import websocket

from core.errors import GovauditError
from crawler.gate import ROBOTS_DISALLOWED, Gate, disallow_paths
from crawler.gated_fetch import check

BLOCK_REASON = "Aborted"  # net::ERR_ABORTED: the navigation is dropped and the page stays as it was
MAX_RECORDS = 200
MAX_PATTERNS = 100
NAVIGATION_MAX_WAIT_S = 10.0  # longest a page load waits for its host's politeness budget (the guard's thread waits)


@dataclass(frozen=True)
class Blocked:
    url: str  # what was not requested
    reason: str  # the gate's refusal (off scope, robots.txt)
    start: str  # where the navigation began (a redirect chain's first URL; `url` itself otherwise)
    redirect: bool  # a redirect hop
    top: bool  # a top-level navigation (else a frame document or subresource)
    popup: bool  # in a tab the page opened itself

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        how = "redirect" if self.redirect else ("popup" if self.popup else "navigation" if self.top else "request")
        return f"{how} to {self.url} blocked ({self.reason}); not requested"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def debugging_args(port: int) -> list[str]:
    return [f"--remote-debugging-port={port}", "--remote-debugging-address=127.0.0.1"]


def loopback_alias(url: str, site_url: str) -> str:
    """`url` as the gate must judge it. A site served on 127.0.0.1 (fixtures) is the same server under any
    *.localhost name on the same port — Chromium resolves those to loopback itself — so such a URL is judged as the
    site's own (a fixture's m. host). Every other URL, and every real site, is judged as it is."""
    target, home = urlsplit(url), urlsplit(site_url)
    name = (target.hostname or "").lower()
    try:
        same_port = target.port == home.port and target.scheme == home.scheme
    except ValueError:
        return url
    if home.hostname == "127.0.0.1" and same_port and (name == "localhost" or name.endswith(".localhost")):
        return target._replace(netloc=home.netloc).geturl()
    return url


def _escape(path: str) -> str:
    """A robots.txt path as a Fetch urlPattern ('*' stays a wildcard; '?' and '\\' are literal; '$' widens)."""
    return path.rstrip("$").replace("\\", "\\\\").replace("?", "\\?")


class NavigationGuard:
    """Attach to a running Chromium (`address` = host:port of its DevTools endpoint) and guard it with `gate`.

    `gate` may be swapped later (`set_gate`); with None, everything passes (nothing to judge against). If the
    guard cannot attach, it raises GovauditError: a browser without its guard must not be used.
    """

    def __init__(self, address: str, gate: Gate | None, *, connect_timeout_s: float = 10.0,
                 on_block: Callable[[Blocked], None] | None = None) -> None:
        self.gate = gate
        self.on_block = on_block
        self.blocked: list[Blocked] = []
        self._ids = itertools.count(1)
        self._send_lock = threading.Lock()
        self._state = threading.Lock()
        self._pages: dict[str, bool] = {}  # page target id (= its main frame's id) -> opened by a page (popup)
        self._chains: dict[str, str] = {}  # Fetch request id -> the URL its redirect chain began with
        self._waiting: dict[int, threading.Event] = {}
        self._replies: dict[int, dict[str, Any]] = {}
        self._slow = ThreadPoolExecutor(max_workers=2, thread_name_prefix="navigation-guard")
        self.ws = self._connect(address, connect_timeout_s)
        self._reader = threading.Thread(target=self._read, name="navigation-guard", daemon=True)
        self._reader.start()
        for method, params in (("Target.setDiscoverTargets", {"discover": True}),
                               ("Fetch.enable", {"patterns": self.patterns()})):
            reply = self._call(method, params, timeout_s=connect_timeout_s)
            if reply is None or "error" in reply:
                self.close()
                raise GovauditError(f"the navigation guard could not attach to Chromium ({method}: {reply})",
                                    "check that chromium is installed and starts headless")

    # -- connection ---------------------------------------------------------------------------------------
    @staticmethod
    def _connect(address: str, timeout_s: float) -> websocket.WebSocket:
        end = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"http://{address}/json/version", timeout=2) as resp:  # noqa: S310
                    url = json.load(resp)["webSocketDebuggerUrl"]
                ws = websocket.create_connection(url, timeout=timeout_s, suppress_origin=True)
                ws.settimeout(None)
                return ws
            except (OSError, ValueError, KeyError, websocket.WebSocketException) as exc:
                if time.monotonic() > end:
                    raise GovauditError(f"the navigation guard could not reach Chromium's DevTools at {address}: "
                                        f"{exc}", "check that chromium starts headless on this machine") from exc
                time.sleep(0.05)

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - the browser may be gone already
            pass
        self._slow.shutdown(wait=False, cancel_futures=True)

    def _send(self, method: str, params: dict[str, Any] | None = None) -> None:
        msg = {"id": next(self._ids), "method": method, "params": params or {}}
        with self._send_lock:
            try:
                self.ws.send(json.dumps(msg))
            except (OSError, websocket.WebSocketException):
                pass  # the browser is gone: nothing left to guard

    def _call(self, method: str, params: dict[str, Any] | None = None, *,
              timeout_s: float = 10.0) -> dict[str, Any] | None:
        """A command and its reply (not from the reader thread: it is the one that reads replies)."""
        event = threading.Event()
        with self._state:
            msg_id = next(self._ids)
            self._waiting[msg_id] = event
        with self._send_lock:
            try:
                self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params or {}}))
            except (OSError, websocket.WebSocketException):
                pass
        event.wait(timeout_s)
        with self._state:
            self._waiting.pop(msg_id, None)
            return self._replies.pop(msg_id, None)

    def _read(self) -> None:
        while True:
            try:
                msg = json.loads(self.ws.recv())
            except Exception:  # noqa: BLE001 - connection closed: the browser has gone, and the guard with it
                self._slow.shutdown(wait=False, cancel_futures=True)
                return
            try:
                self._dispatch(msg)
            except Exception:  # noqa: BLE001 - a malformed event must not stop the guard; a request fails closed
                if msg.get("method") == "Fetch.requestPaused":
                    self._fail((msg.get("params") or {}).get("requestId"))

    def _dispatch(self, msg: dict[str, Any]) -> None:
        if "id" in msg:
            with self._state:
                event = self._waiting.get(msg["id"])
                if event is not None:
                    self._replies[msg["id"]] = msg
                    event.set()
            return
        method, params = msg.get("method"), msg.get("params") or {}
        if method in ("Target.targetCreated", "Target.targetInfoChanged"):
            info = params.get("targetInfo") or {}
            if info.get("type") == "page":
                with self._state:
                    self._pages[info["targetId"]] = bool(info.get("openerId"))
        elif method == "Target.targetDestroyed":
            with self._state:
                self._pages.pop(params.get("targetId"), None)
        elif method == "Fetch.requestPaused":
            self._paused(params)

    # -- what is paused -----------------------------------------------------------------------------------
    def patterns(self) -> list[dict[str, Any]]:
        """Document requests, plus whatever falls under a Disallow of one of the site's hosts."""
        out: list[dict[str, Any]] = [{"urlPattern": "*", "resourceType": "Document", "requestStage": "Request"}]
        gate = self.gate
        if gate is None or not gate.obeys_robots:
            return out
        for host in gate.known_hosts():
            if gate.in_scope(host + "/"):
                out += [{"urlPattern": host + _escape(path) + "*", "requestStage": "Request"}
                        for path in disallow_paths(gate.robots_text(host + "/"))]
        return out[:MAX_PATTERNS]

    def set_gate(self, gate: Gate | None) -> None:
        """Judge by another gate from now on."""
        self.gate = gate
        self.refresh()

    def refresh(self) -> None:
        self._send("Fetch.enable", {"patterns": self.patterns()})

    # -- decisions ----------------------------------------------------------------------------------------
    def _paused(self, params: dict[str, Any]) -> None:
        url = params["request"]["url"]
        with self._state:
            previous = params.get("redirectedRequestId")
            start = self._chains.get(previous, url) if previous else url
            self._chains[params["requestId"]] = start
            if len(self._chains) > 2000:  # only the chains in flight matter
                for key in list(self._chains)[:1000]:
                    del self._chains[key]
            frame_known = params.get("frameId") in self._pages
        gate = self.gate
        if gate is None or urlsplit(url).scheme not in ("http", "https"):
            self._continue(params["requestId"])
            return
        judged = loopback_alias(url, gate.site_url)
        document = params.get("resourceType") == "Document"
        if (gate.in_scope(judged) and not gate.robots_known(judged)) or (document and not frame_known):
            # a robots.txt to read, or a tab we have not heard of yet: not on the reader thread
            self._slow.submit(self._decide, gate, params, url, judged, start)
            return
        self._decide(gate, params, url, judged, start)

    def _top(self, frame_id: str | None) -> tuple[bool, bool]:
        """Whether the frame is a tab's main frame, and whether that tab is a popup."""
        with self._state:
            if frame_id in self._pages:
                return True, self._pages[frame_id]
        if not frame_id:
            return True, False  # no frame to speak of: judged as a navigation (fails closed)
        reply = self._call("Target.getTargetInfo", {"targetId": frame_id}, timeout_s=5.0)
        info = ((reply or {}).get("result") or {}).get("targetInfo") or {}
        if reply is None:
            return True, False  # no answer: judged as a navigation
        if info.get("type") == "page":
            with self._state:
                self._pages[frame_id] = bool(info.get("openerId"))
            return True, bool(info.get("openerId"))
        return False, False  # a frame inside a page

    def _decide(self, gate: Gate, params: dict[str, Any], url: str, judged: str, start: str) -> None:
        document = params.get("resourceType") == "Document"
        top, popup = self._top(params.get("frameId")) if document else (False, False)
        had_robots = gate.robots_known(judged)
        reason = check(gate, judged)  # reads the host's robots.txt first when that is still unknown
        if reason and not top and not (gate.in_scope(judged) and reason == ROBOTS_DISALLOWED):
            reason = None  # frames and files of other hosts render the page
        if not had_robots and gate.robots_known(judged):
            self.refresh()  # that host's Disallow paths are watched from now on
        if reason is None and document:
            # Page loads count against the host's shared politeness budget (crawler/politeness.py); a host pause
            # longer than a page load may wait (a long Retry-After) fails the load instead of holding this thread.
            from crawler.politeness import WaitTooLong, pace

            try:
                pace(judged, max_wait_s=NAVIGATION_MAX_WAIT_S)
            except WaitTooLong as exc:
                reason = str(exc)
        if reason is None:
            self._continue(params["requestId"])
            return
        # Recorded before the request is failed: the caller's load fails as soon as it is, and reads the record then.
        record = Blocked(url=url, reason=reason, start=start, redirect=bool(params.get("redirectedRequestId")),
                         top=top, popup=popup)
        with self._state:
            if len(self.blocked) < MAX_RECORDS:
                self.blocked.append(record)
        self._fail(params["requestId"])
        if popup and top and not params.get("redirectedRequestId"):
            self._send("Target.closeTarget", {"targetId": params.get("frameId")})  # a tab with nothing in it
        if self.on_block is not None:
            self.on_block(record)

    def _continue(self, request_id: str) -> None:
        self._send("Fetch.continueRequest", {"requestId": request_id})

    def _fail(self, request_id: str | None) -> None:
        if request_id:
            self._send("Fetch.failRequest", {"requestId": request_id, "errorReason": BLOCK_REASON})

    # -- what callers read --------------------------------------------------------------------------------
    def mark(self) -> int:
        with self._state:
            return len(self.blocked)

    def since(self, mark: int) -> list[Blocked]:
        with self._state:
            return list(self.blocked[mark:])


def load_blocked(blocked: list[Blocked], url: str) -> Blocked | None:
    """The record that stopped the load of `url` itself (its own request or a hop of its redirect chain)."""
    norm = url.split("#", 1)[0]
    return next((b for b in blocked if b.top and b.start.split("#", 1)[0] == norm), None)


# -- Playwright ---------------------------------------------------------------------------------------------------
READY = {"load": "document.readyState === 'complete'", "networkidle": "document.readyState === 'complete'",
         "domcontentloaded": "document.readyState !== 'loading'"}


def goto(page: Any, url: str, *, timeout_ms: float, wait_until: str = "load") -> Any:
    """`page.goto(url)` that an aborted navigation cannot stall; returns the main response.

    When a page starts a navigation of its own while loading and the guard aborts it, Playwright stops passing on
    that page's load events, so `goto(wait_until="load")` would wait out its whole timeout on a page that loaded
    fine. So: wait for the commit, then for the document's own readyState (networkidle: then Playwright's idle
    signal for what is left of the timeout; a page that never goes idle is taken as it is then).
    """
    started = time.monotonic()
    response = page.goto(url, timeout=timeout_ms, wait_until="commit")
    left = max(500.0, timeout_ms - (time.monotonic() - started) * 1000)
    page.wait_for_function(READY[wait_until], timeout=left, polling=50)
    if wait_until == "networkidle":
        wait_network_idle(page, max(500.0, timeout_ms - (time.monotonic() - started) * 1000))
    return response


# How long a gatherer waits, after the load event, for a script-built page to finish its data calls.
IDLE_WAIT_MS = 3000


def wait_network_idle(page: Any, max_ms: float = IDLE_WAIT_MS) -> bool:
    """Playwright's network-idle signal (no request for 500 ms), waited for at most `max_ms`; whether it came.

    A script-built page (the www.gov.kz app) draws its header and content from API calls made after the load
    event: read at load, on a busy machine, it has no search field or no text yet. A page that keeps polling
    never goes idle and is taken as it is when the wait ends.
    """
    try:
        page.wait_for_load_state("networkidle", timeout=max_ms)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError, or a page closed meanwhile: read what is there
        return False
    return True


def launch_guarded(pw: Any, gate: Gate | None, *, args: list[str], **kwargs: Any) -> tuple[Any, NavigationGuard]:
    """`pw.chromium.launch` with the guard attached; the guard ends with the browser."""
    port = free_port()  # Playwright's own profile dir is unknown to us, so DevToolsActivePort cannot be read
    browser = pw.chromium.launch(args=[*args, *debugging_args(port)], **kwargs)
    try:
        return browser, NavigationGuard(f"127.0.0.1:{port}", gate)
    except GovauditError:
        browser.close()
        raise


def launch_persistent_guarded(pw: Any, profile: str, gate: Gate | None, *, args: list[str],
                              **kwargs: Any) -> tuple[Any, NavigationGuard]:
    """`pw.chromium.launch_persistent_context` with the guard attached (port read from the profile)."""
    context = pw.chromium.launch_persistent_context(profile, args=[*args, "--remote-debugging-port=0",
                                                                   "--remote-debugging-address=127.0.0.1"],
                                                    **kwargs)
    try:
        return context, NavigationGuard(_active_port(profile), gate)
    except GovauditError:
        context.close()
        raise


def _active_port(profile: str, timeout_s: float = 10.0) -> str:
    """Chromium writes the port it listens on into <profile>/DevToolsActivePort."""
    path = Path(profile) / "DevToolsActivePort"
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        try:
            port = path.read_text(encoding="utf-8").split()[0]
            if port.isdigit():
                return f"127.0.0.1:{port}"
        except (OSError, IndexError):
            pass
        time.sleep(0.05)
    raise GovauditError("the navigation guard found no DevTools port for Chromium",
                        "check that chromium starts headless on this machine")
