"""availability.json: per host and per body, A over the window, its seed-000 band, samples, outages, TLS state.

Computed from every sample in the run store (all invocations of the monitor), so it can be rewritten at any time
without sampling again (`govaudit monitor --report-only`).
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.targets import Targets
from monitoring import store
from monitoring.availability import half_year, host_result, named_half_year, parse_time
from monitoring.config import MonitorConfig
from monitoring.hosts import MonitoredHost

OUTPUT_NAME = "availability.json"
FORMAT = "govaudit-availability/1"


def window_for(cfg: MonitorConfig, targets: Targets, now: datetime | None = None) -> tuple[datetime, datetime, str]:
    """(start, end, how it was chosen): monitor.window, else the half-year of audit.clock, else of now."""
    if cfg.window_start and cfg.window_end:
        return cfg.window_start.astimezone(UTC), cfg.window_end.astimezone(UTC), "monitor.window"
    clock_text = targets.audit.get("clock")
    clock = datetime.fromisoformat(str(clock_text)) if clock_text else None
    if cfg.window:
        start, end = named_half_year(cfg.window, (clock.tzinfo if clock else None) or UTC)
        return start, end, f"monitor.window {cfg.window}"
    if clock is not None:
        return (*half_year(clock), f"the half-year of audit.clock {clock_text}")
    return (*half_year(now or datetime.now(UTC)), "the half-year of the current date (no audit.clock)")


def _latest_tls(checks: list[dict[str, Any]], window: tuple[datetime, datetime]) -> dict[str, Any] | None:
    if not checks:
        return None
    latest = dict(checks[-1])
    seen: list[str] = []
    for c in checks:
        if window[0] <= parse_time(c["t"]) < window[1]:
            seen += [p["code"] for p in c.get("problems") or [] if p["code"] not in seen]
    latest["problems_in_window"] = seen
    latest["checks"] = len(checks)
    return latest


def build(db: sqlite3.Connection, targets: Targets, hosts: list[MonitoredHost], cfg: MonitorConfig,
          now: datetime | None = None) -> dict[str, Any]:
    store.ensure_tables(db)
    start, end, how = window_for(cfg, targets, now)
    year = cfg.target_year or (start + (end - start) / 2).year
    host_rows: dict[str, Any] = {}
    for h in hosts:
        row = host_result(store.samples(db, h.host), (start, end), year, cfg.max_gap_factor)
        row.update(host=h.host, url=h.url, role=h.role, bodies=h.bodies, label=h.label,
                   tls=_latest_tls(store.tls_checks(db, h.host), (start, end)))
        host_rows[h.host] = row
    bodies = {}
    for b in targets.bodies:
        mine = [h.host for h in hosts if b.key in h.bodies]
        values = [host_rows[k]["availability"] for k in mine if host_rows[k]["availability"] is not None]
        bodies[b.key] = {"names": b.names, "type": b.type, "hosts": mine,
                         # the body's worst host: a citizen meets the body through every one of them
                         "availability_min": min(values) if values else None,
                         "tls_problems": sorted({p["code"] for k in mine for p in
                                                 ((host_rows[k]["tls"] or {}).get("problems") or [])})}
    return {"format": FORMAT, "generated_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            "formula": "A = 100 % - downtime / total x 100 (seed 000:480-513)",
            "window": {"start": start.isoformat(), "end": end.isoformat(), "chosen_by": how, "target_year": year},
            "settings": cfg.settings(), "hosts": host_rows, "bodies": bodies,
            "groups": {"portals": [h.host for h in hosts if h.role == "portal"],
                       "handoff": [h.host for h in hosts if h.role == "handoff"]}}


def write(run_dir: Path, data: dict[str, Any]) -> Path:
    path = Path(run_dir) / OUTPUT_NAME
    tmp = path.with_name(f".{OUTPUT_NAME}.tmp{os.getpid()}")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)  # a reader never sees half a file
    return path
