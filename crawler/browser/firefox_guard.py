"""The gate for headless Firefox (display check): a proxy auto-config script in a fresh profile.

Firefox's `--screenshot` mode has no remote protocol we could intercept with, so its profile gets a PAC script:
requests to the site's own hosts go direct (except robots-disallowed paths of plain-HTTP URLs, the only ones whose
path a PAC script sees), everything else goes to `Refuser`, a local proxy of ours that answers every request with
403 and records it, so nothing reaches another host and a blocked page still finishes loading (an unreachable
proxy would leave `--screenshot` waiting). That blocks other hosts' subresources as well as navigations: Firefox
only shows that the page renders, the layout measurements come from Chromium.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from crawler.gate import Gate, disallow_paths

BLOCKED_PAGE = (b"<!doctype html><html><head><title>blocked</title></head><body><p>Not requested: outside the "
                b"audited site or disallowed by its robots.txt (govaudit).</p></body></html>")


class Refuser:
    """A loopback proxy that refuses everything sent to it; `refused` lists what was asked for."""

    def __init__(self) -> None:
        self.refused: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
                pass

            def _refuse(self) -> None:
                if len(owner.refused) < 200:
                    owner.refused.append(self.path)
                self.send_response(403)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(BLOCKED_PAGE)))
                self.send_header("Connection", "close")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(BLOCKED_PAGE)

            do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = do_CONNECT = _refuse

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.proxy = f"PROXY 127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, name="firefox-refuser", daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

PAC = """function FindProxyForURL(url, host) {
  var site = %(site)s, suffix = %(suffix)s, disallowed = %(disallowed)s;
  var m = /^([a-z]+):\\/\\/([^\\/?#]*)(.*)$/i.exec(url);
  if (!m) return "%(dead)s";
  var scheme = m[1].toLowerCase(), netloc = m[2].toLowerCase().replace(/^.*@/, ""), rest = m[3];
  if (scheme !== "http" && scheme !== "https") return "%(dead)s";
  var name = netloc.replace(/:\\d+$/, "");
  var mine = netloc === site ||
             (suffix !== "" && name.length > suffix.length && name.slice(-suffix.length - 1) === "." + suffix);
  if (!mine) return "%(dead)s";
  for (var i = 0; i < disallowed.length; i++) {
    if (url.indexOf(disallowed[i]) === 0) return "%(dead)s";
  }
  return "DIRECT";
}
"""


def _prefix(path: str) -> str:
    """A robots path as a plain prefix: up to its first wildcard (a PAC prefix test is all we need here)."""
    return path.split("*", 1)[0].rstrip("$")


def pac_script(gate: Gate, dead: str) -> str:
    home = urlsplit(gate.site_url)
    host = (home.hostname or "").lower()
    suffix = "" if host.replace(".", "").isdigit() else host.removeprefix("www.")
    disallowed: list[str] = []
    if gate.obeys_robots:
        for key in gate.known_hosts():
            if gate.in_scope(key + "/") and key.startswith("http://"):
                disallowed += [key + _prefix(p) for p in disallow_paths(gate.robots_text(key + "/")) if _prefix(p)]
    return PAC % {"site": json.dumps(home.netloc.lower()),
                  "suffix": json.dumps(suffix), "disallowed": json.dumps(disallowed), "dead": dead}


def write_profile(profile: Path, gate: Gate, refuser: Refuser) -> None:
    """Prefs for a fresh Firefox profile: everything through the gate's PAC script, nothing around it."""
    pac = profile / "govaudit-gate.pac"
    pac.write_text(pac_script(gate, refuser.proxy), encoding="utf-8")
    prefs = {
        "network.proxy.type": 2,
        "network.proxy.autoconfig_url": pac.resolve().as_uri(),
        "network.proxy.autoconfig_url.include_path": True,  # the script sees paths (robots.txt) of http URLs
        "network.proxy.failover_direct": False,  # a failing proxy must not mean "go direct"
        "network.proxy.allow_hijacking_localhost": True,  # loopback sites obey the script too
        "network.proxy.no_proxies_on": "",
        "network.http.speculative-parallel-limit": 0,
        "network.dns.disablePrefetch": True,
        "network.prefetch-next": False,
        "dom.disable_open_during_load": True,
        "browser.shell.checkDefaultBrowser": False,
        "app.update.enabled": False,
        "toolkit.telemetry.enabled": False,
        "datareporting.policy.dataSubmissionEnabled": False,
    }
    lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});" for k, v in prefs.items()]
    (profile / "user.js").write_text("\n".join(lines) + "\n", encoding="utf-8")
