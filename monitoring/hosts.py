"""Which hosts the monitor samples, and at which URL.

A host is scheme + host + port (``https://www.gov.kz``), as the gate keys robots rules. Each is sampled once per
round at one URL: the first site URL in the targets file on that host (bodies in file order), a portal's base URL,
or a hand-off host's URL from the `monitor:` section. Many bodies share a host (every gov.kz body is on
www.gov.kz): the host is sampled once and its availability is shown under each of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from core.targets import Targets
from crawler.gate import host_key
from monitoring.config import MonitorConfig

ROLES = ("site", "portal", "handoff")


@dataclass
class MonitoredHost:
    host: str  # scheme://host[:port], lower case
    url: str  # what is sampled
    role: str  # site | portal | handoff (the first role it was found in)
    bodies: list[str] = field(default_factory=list)
    label: str = ""

    @property
    def is_https(self) -> bool:
        return self.host.startswith("https://")

    @property
    def hostname(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def port(self) -> int:
        parts = urlsplit(self.url)
        return parts.port or (443 if parts.scheme == "https" else 80)


def portal_hosts(targets: Targets) -> dict[str, str]:
    """Portal label -> base URL: every entry of the targets' `portals` map, and the real host of every portal that
    a body has an identifier for (when the map does not point that host elsewhere)."""
    from crawler.portals import PORTALS  # the portal names and their real hosts

    out: dict[str, str] = {real: base for real, base in targets.portals.items()}
    used = {name for b in targets.bodies for name, value in (b.portal_ids or {}).items()
            if value not in (None, "", [], {})}
    for name, (real, _collect) in PORTALS.items():
        if name in used and real not in out:
            out[real] = f"https://{real}/"
    return out


def monitored_hosts(targets: Targets, config: MonitorConfig) -> list[MonitoredHost]:
    hosts: dict[str, MonitoredHost] = {}

    def add(url: str, role: str, body: str | None = None, label: str = "") -> None:
        key = host_key(url)
        entry = hosts.setdefault(key, MonitoredHost(host=key, url=url, role=role, label=label))
        if body and body not in entry.bodies:
            entry.bodies.append(body)
        if label and not entry.label:
            entry.label = label

    for body in targets.bodies:
        for site in body.sites:
            add(site, "site", body.key)
    for real, base in portal_hosts(targets).items():
        add(base, "portal", label=real)
    for extra in config.hosts:
        add(extra.url, "handoff", label=extra.label)
        for key in extra.bodies:
            add(extra.url, "handoff", key)
    return list(hosts.values())
