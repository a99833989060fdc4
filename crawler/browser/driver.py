"""One Selenium-driven headless Chromium (chromedriver) prepared for accessibility checks.

Why Selenium: axe-core is run through axe-selenium-python; the scripted checks reuse the same session (one browser
per worker, many pages), talking CDP through chromedriver for the pre-page scripts. The audit tab also has a
DevTools connection of our own (crawler/browser/tab_channel.py): viewport and text-size emulation, screenshots, the
tab walk's key presses and, inside `fast_scripts()`, page scripts go over it (a chromedriver command costs ~7 ms of
CPU).
Every browser has the navigation guard (crawler/browser/guard.py) on its own DevTools connection, attached before
the first page: no script, redirect, form, key press or popup takes it off the site.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service

from core.errors import GovauditError
from crawler.browser.axe_run import axe_preload
from crawler.browser.guard import NavigationGuard
from crawler.browser.launch import chromium_args, chromium_path, fresh_profile_dir
from crawler.browser.tab_channel import TAB, TabChannel
from crawler.gate import Gate

JS_DIR = Path(__file__).with_name("js")
DESKTOP = (1280, 900)
# Browser services an audit never uses, switched off as Puppeteer does (they cost CPU on every page).
QUIET_BROWSER = ("--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,"
                 "DialMediaRouteProvider,AutofillServerCommunication",
                 "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                 "--disable-backgrounding-occluded-windows", "--disable-ipc-flooding-protection",
                 "--disable-hang-monitor", "--disable-breakpad", "--disable-client-side-phishing-detection",
                 "--disable-default-apps", "--disable-component-extensions-with-background-pages",
                 "--metrics-recording-only", "--password-store=basic", "--use-mock-keychain",
                 "--force-color-profile=srgb")
CHROMEDRIVER = os.environ.get("GOVAUDIT_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"


def client_timeout(timeout_s: float) -> float:
    """How long one driver command may take before the browser counts as stuck (a page's whole check budget)."""
    return 2 * timeout_s + 5


@cache
def js(name: str) -> str:
    return (JS_DIR / name).read_text(encoding="utf-8")


class _Chrome(webdriver.Chrome):
    """chromedriver; while `channel` is set (Browser.fast_scripts) page scripts go over our own tab channel."""

    channel: TabChannel | None = None

    def execute_script(self, script: str, *args: Any) -> Any:
        if self.channel is not None:
            return self.channel.evaluate(script, args, is_async=False)
        return super().execute_script(script, *args)

    def execute_async_script(self, script: str, *args: Any) -> Any:
        if self.channel is not None:
            return self.channel.evaluate(script, args, is_async=True)
        return super().execute_async_script(script, *args)


class Browser:
    """A chromedriver session; `quit()` always frees the processes, even when the browser hangs."""

    def __init__(self, *, timeout_s: float, gate: Gate | None = None) -> None:
        if not Path(CHROMEDRIVER).exists():
            raise GovauditError("chromedriver is not installed (looked for /usr/bin/chromedriver)",
                                "install it with `apt-get install chromium-driver`, or set GOVAUDIT_CHROMEDRIVER")
        self.profile = fresh_profile_dir()
        options = webdriver.ChromeOptions()
        options.binary_location = chromium_path()
        for arg in chromium_args():
            options.add_argument(arg)
        # Autoplay must behave as for a returning visitor, or autoplaying media would never start headless.
        options.add_argument("--autoplay-policy=no-user-gesture-required")
        options.add_argument(f"--user-data-dir={self.profile}")
        options.add_argument(f"--window-size={DESKTOP[0]},{DESKTOP[1]}")
        for arg in QUIET_BROWSER:
            options.add_argument(arg)
        options.page_load_strategy = "normal"
        # chromedriver switches Chromium's popup blocker off; a visitor's browser has it on (window.open without
        # a click or key press is blocked), and a page opening windows on load must not flood the browser.
        options.add_experimental_option("excludeSwitches", ["disable-popup-blocking"])
        # A dialog our page script could not intercept (beforeunload, frozen window.alert) is dismissed.
        options.set_capability("unhandledPromptBehavior", "dismiss")
        self.service = Service(executable_path=CHROMEDRIVER)
        try:
            self.driver = _Chrome(options=options, service=self.service)
        except WebDriverException as exc:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise GovauditError(f"headless Chromium did not start: {str(exc).splitlines()[0]}",
                                "check that chromium and chromium-driver are the same version") from exc
        try:
            address = self.driver.capabilities["goog:chromeOptions"]["debuggerAddress"]
            self.guard = NavigationGuard(address, gate)
        except (GovauditError, KeyError) as exc:  # no guard, no browsing
            self.quit()
            raise GovauditError(f"headless Chromium started without its navigation guard: {exc}",
                                "check that chromium and chromium-driver are the same version") from exc
        # A hung renderer must not hang us: every driver command gives up after this long.
        self.driver.command_executor.client_config.timeout = client_timeout(timeout_s)
        self.driver.set_page_load_timeout(timeout_s)
        self.driver.set_script_timeout(timeout_s)
        for source in (js("preload.js"), js("checks.js"), js("interaction.js"), axe_preload()):
            self.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": source})
        self.main = self.driver.current_window_handle
        try:
            self.channel: TabChannel = TabChannel(address, self.main, timeout_s=timeout_s)
        except Exception as exc:  # noqa: BLE001 - any failure to connect: this browser cannot be driven as planned
            self.quit()
            raise GovauditError(f"headless Chromium's audit tab did not accept a DevTools connection: {exc}",
                                "check that chromium and chromium-driver are the same version") from exc
        self.watcher: str | None = None
        self.pages = 0

    def open_in_watcher(self, url: str) -> None:
        """Open `url` in a second tab that nobody touches, to watch what moves by itself.

        The audit tab gets key presses and viewport changes; the watcher only loads the page, so its change log
        covers the whole time the audit takes instead of a wait of its own.
        """
        if self.watcher is None:
            self.driver.switch_to.new_window("tab")
            self.watcher = self.driver.current_window_handle
            for source in (js("preload.js"), js("checks.js"), js("interaction.js")):
                self.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": source})
        else:
            self.driver.switch_to.window(self.watcher)
        try:
            self.cdp("Page.navigate", {"url": url})  # returns once the response starts, not at load
        finally:
            self.driver.switch_to.window(self.main)

    def ensure_checks(self) -> None:
        """Our page scripts come with every new document; one the browser did not give them gets them now."""
        if not self.driver.execute_script("return !!window.__gaChecks"):
            self.driver.execute_script(js("checks.js"))

    @contextlib.contextmanager
    def fast_scripts(self) -> Iterator[None]:
        """Page scripts (driver.execute_script, execute_async_script) go over the tab channel meanwhile: only for
        steps that stay on the audit tab and give no input that could navigate (see tab_channel.py)."""
        self.driver.channel = self.channel
        try:
            yield
        finally:
            self.driver.channel = None

    def cdp(self, cmd: str, params: dict | None = None) -> dict:
        """A DevTools command through chromedriver, to the driver's current tab (the audit or the watcher tab)."""
        return self.driver.execute_cdp_cmd(cmd, params or {})

    def tab(self, cmd: str, params: dict | None = None) -> dict:
        """A DevTools command to the audit tab over our own connection. Emulation belongs to the connection that
        set it, so every viewport and text-size change and its reset go this way."""
        return self.channel.command(cmd, params)

    def press_tabs(self, count: int) -> None:
        """`count` Tab presses on the audit tab, sent in one go."""
        self.channel.press(TAB, count)

    def set_viewport(self, width: int, height: int, *, scale: float = 1, mobile: bool = False) -> None:
        self.tab("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})

    def reset_viewport(self) -> None:
        self.tab("Emulation.clearDeviceMetricsOverride")

    def quit(self) -> None:
        if getattr(self, "guard", None) is not None:
            self.guard.close()
        if getattr(self, "channel", None) is not None:
            self.channel.close()
        pid = getattr(self.service.process, "pid", None) if self.service.process else None
        try:
            self.driver.quit()
        except Exception:  # noqa: BLE001 - a dead browser cannot be quit politely; kill it below
            if pid:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.profile, ignore_errors=True)
