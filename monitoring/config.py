"""The `monitor:` section of a targets file: the monitor's settings and the extra hand-off hosts.

The rest of the targets file is parsed by core.targets (which ignores this section); here the section is
validated on its own, every problem with its location (e.g. ``monitor.hosts[1].url``), and nothing runs while any
remain. Every setting has a default, so a targets file without the section can be monitored as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.targets import Targets, _is_http_url, number_problem, parse_targets, read_targets_file

PROBES = ("head_get", "head", "get")
TLS_ERROR_STATES = ("degraded", "down")
ROBOTS_POLICIES = ("obey", "audit_override")
MIN_INTERVAL_S = 1.0  # shorter would hammer a state site; tests use 1 s
MAX_INTERVAL_S = 86_400.0
HOST_KEYS = {"url", "bodies", "label"}
WINDOW_RE = re.compile(r"(\d{4})-H([12])")


@dataclass(frozen=True)
class ExtraHost:
    """A hand-off host (elicense.kz, a payment gateway …) to sample besides the bodies' sites and the portals."""

    url: str
    bodies: tuple[str, ...] = ()
    label: str = ""


@dataclass
class MonitorConfig:
    interval_s: float = 300.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    slow_s: float = 10.0  # an answer slower than this is "degraded"
    probe: str = "head_get"  # HEAD, then GET for the body (error pages are usually served with 200)
    max_bytes: int = 1_000_000
    error_strings: list[str] = field(default_factory=list)  # added to monitoring/error_strings.yaml
    error_page_max_chars: int = 2000  # error strings count in the body only on a page this short (or in <title>)
    tls_error_counts_as: str = "degraded"  # a certificate a browser rejects: "degraded" (server answers) or "down"
    tls_warn_days: int = 30
    tls_interval_s: float = 21_600.0  # certificates are checked at most this often per host (and on every start)
    max_gap_factor: float = 2.0  # a gap longer than this many intervals between two samples is "not observed"
    window: str | None = None  # "2026-H1" or None: the half-year of the audit clock
    window_start: datetime | None = None
    window_end: datetime | None = None
    target_year: int | None = None  # which seed-000 yearly target applies (default: the window's year)
    robots_policy: str = "obey"
    ca_file: str | None = None  # an extra trusted CA (test CAs); added to the system roots, for this checker only
    hosts: list[ExtraHost] = field(default_factory=list)
    workers: int = 8

    def settings(self) -> dict[str, Any]:
        """The settings as written into availability.json (what the figures were computed with)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "hosts":
                continue
            out[f.name] = value.isoformat() if isinstance(value, datetime) else value
        return out


NUMBERS = {"interval_s": False, "connect_timeout_s": False, "read_timeout_s": False, "slow_s": False,
           "tls_interval_s": False, "max_gap_factor": False, "max_bytes": True, "error_page_max_chars": True,
           "tls_warn_days": True, "target_year": True, "workers": True}
KNOWN = {f.name for f in fields(MonitorConfig)} - {"window_start", "window_end"}


def interval_problem(value: Any) -> str | None:
    if problem := number_problem(value):
        return problem
    if not MIN_INTERVAL_S <= float(value) <= MAX_INTERVAL_S:
        return (f"{value!r} seconds is out of range: the interval is {MIN_INTERVAL_S:g} to {MAX_INTERVAL_S:g} "
                "seconds (e.g. 300 for every five minutes)")
    return None


def parse_monitor(raw: Any, targets: Targets, source: str = "targets", base_dir: Path | None = None) -> MonitorConfig:
    """The validated `monitor:` section (None or absent: all defaults). A relative ca_file is read from
    `base_dir` (the targets file's folder)."""
    cfg = MonitorConfig(robots_policy=str(targets.audit.get("robots_policy", "obey")))
    if raw is None:
        raw = {}
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise InputError(f"{source}: monitor: must be a mapping of settings (and a `hosts` list)",
                         "see docs/monitoring.md, section 'The monitor section'")
    for unknown in sorted(set(raw) - KNOWN):
        problems.append(f"monitor.{unknown}: unknown field (allowed: {', '.join(sorted(KNOWN))})")
    for key, whole in NUMBERS.items():
        if key not in raw:
            continue
        problem = interval_problem(raw[key]) if key == "interval_s" else number_problem(raw[key], whole=whole)
        if problem:
            problems.append(f"monitor.{key}: {problem}")
        else:
            setattr(cfg, key, int(raw[key]) if whole else float(raw[key]))
    for key, allowed in (("probe", PROBES), ("tls_error_counts_as", TLS_ERROR_STATES),
                         ("robots_policy", ROBOTS_POLICIES)):
        if key in raw:
            if raw[key] not in allowed:
                problems.append(f"monitor.{key}: {raw[key]!r} must be one of {', '.join(allowed)}")
            else:
                setattr(cfg, key, raw[key])
    strings = raw.get("error_strings", [])
    if not isinstance(strings, list) or not all(isinstance(s, str) and s.strip() for s in strings):
        problems.append("monitor.error_strings: must be a list of non-empty texts (e.g. [\"Қызмет уақытша "
                        "қолжетімсіз\"])")
    else:
        cfg.error_strings = [s.strip() for s in strings]
    if "ca_file" in raw:
        ca = Path(base_dir or ".") / str(raw["ca_file"])
        if not isinstance(raw["ca_file"], str) or not ca.is_file():
            problems.append(f"monitor.ca_file: {raw['ca_file']!r} is not a readable file (a PEM file of CA "
                            "certificates)")
        else:
            cfg.ca_file = str(ca)
    if "window" in raw:
        _parse_window(raw["window"], cfg, problems)
    _parse_hosts(raw.get("hosts", []), {b.key for b in targets.bodies}, cfg, problems)
    if problems:
        listing = "\n  - ".join(problems)
        raise InputError(f"{source}: invalid monitor section ({len(problems)} problem(s)):\n  - {listing}",
                         "correct the fields named above (see docs/monitoring.md); nothing was sampled")
    return cfg


def _parse_window(value: Any, cfg: MonitorConfig, problems: list[str]) -> None:
    if isinstance(value, str) and WINDOW_RE.fullmatch(value):
        cfg.window = value
        return
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        try:
            start, end = (_aware(datetime.fromisoformat(str(value[k]))) for k in ("start", "end"))
        except ValueError:
            start = end = None
        if start and end and start < end:
            cfg.window_start, cfg.window_end = start, end
            return
    problems.append(f"monitor.window: {value!r} must be a half-year such as \"2026-H1\", or {{start: ISO date-time, "
                    "end: ISO date-time}} with start before end")


def _parse_hosts(value: Any, body_keys: set[str], cfg: MonitorConfig, problems: list[str]) -> None:
    if not isinstance(value, list):
        problems.append("monitor.hosts: must be a list of {url, bodies, label}")
        return
    for i, entry in enumerate(value):
        where = f"monitor.hosts[{i}]"
        if isinstance(entry, str):
            entry = {"url": entry}
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a URL or a mapping {{url, bodies, label}}")
            continue
        for unknown in sorted(set(entry) - HOST_KEYS):
            problems.append(f"{where}.{unknown}: unknown field (allowed: {', '.join(sorted(HOST_KEYS))})")
        url = entry.get("url")
        if not _is_http_url(url):
            problems.append(f"{where}.url: {url!r} is not an http(s) URL")
            continue
        bodies = entry.get("bodies", [])
        if isinstance(bodies, str):
            bodies = [bodies]
        if not isinstance(bodies, list):
            problems.append(f"{where}.bodies: must be a list of body keys")
            bodies = []
        for key in bodies:
            if key not in body_keys:
                problems.append(f"{where}.bodies: {key!r} is not a body in this file")
        cfg.hosts.append(ExtraHost(url=str(url), bodies=tuple(str(b) for b in bodies if b in body_keys),
                                   label=str(entry.get("label") or "")))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def load_monitor_targets(path: str | Path) -> tuple[Targets, MonitorConfig]:
    """The targets file read once: the bodies (core.targets) and its monitor section (here)."""
    path = Path(path)
    raw = read_targets_file(path)
    targets = parse_targets(raw, source=str(path))
    monitor = raw.get("monitor") if isinstance(raw, dict) else None
    return targets, parse_monitor(monitor, targets, source=str(path), base_dir=path.parent)
