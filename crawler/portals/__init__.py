"""Collectors for the open-government portals (issue 6): data.egov.kz, legalacts.egov.kz, dialog.egov.kz,
budget.egov.kz and the egov.kz service catalogue.

    collect_portals(store, targets, now=..., settings=...)   # metrics + notes + progress into the run store
    export_metrics(store, run_dir / "metrics.json")          # body -> portal -> lang -> metric -> {value, evidence,
                                                             #   window?, inferred?, not_assessed?}

The same code runs against the real hosts and the fixtures: `targets.portals` maps a real host to a base URL.
Bodies are matched only through `portal_ids` from the targets file.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.portals import budget, data_egov, dialog, egov, legalacts
from crawler.portals.common import META_KIND, Context, reporting_window
from crawler.portals.http import STAGE, Disallowed, PortalClient, PortalError
from crawler.store import RunStore

PORTALS: dict[str, tuple[str, Callable[[Context], None]]] = {
    "data_egov": ("data.egov.kz", data_egov.collect),
    "legalacts": ("legalacts.egov.kz", legalacts.collect),
    "dialog": ("dialog.egov.kz", dialog.collect),
    "budget": ("budget.egov.kz", budget.collect),
    "egov": ("egov.kz", egov.collect),
}

DEFAULT_SETTINGS: dict[str, Any] = {
    "delay": 0.75,               # seconds between requests to one host (plus jitter); concurrency is 1 per host
    "jitter": 0.25,
    "timeout": 45.0,             # data.egov.kz "hangs periodically" (§7)
    "retries": 3,                # bounded retries on 429, 5xx, timeouts and non-JSON answers
    "backoff": 1.0,              # base of the exponential back-off
    "max_retry_after": 120.0,    # never sleep longer than this on one Retry-After
    "throttle_after_429": 1.0,   # after a 429, at least this many seconds between requests to that path
    "robots_policy": "obey",     # or "audit_override": read the robots_allow paths anyway, logging each read
    "robots_allow": ["/npa/view", "/report"],
    "reporting_period": None,    # "YYYY" | "YYYY-H1" | "YYYY-H2"; None = the last calendar year before the clock
    "dialog_answer_days": 15,    # answer deadline in working days [INFERRED; a setting]
    "dialog_polls": False,       # read the INFERRED (unverified) /blogs/<id>/polls and /conferences pages
    "legalacts_create_begin": None,  # dd.mm.yyyy bounds of the legalacts lists (None = the reporting window)
    "legalacts_create_end": None,
    "budget_draft_year_offset": 1,  # drafts discussed in year N are the programmes of year N + offset [INFERRED]
    "parallel_portals": True,    # the five portal hosts side by side (each still one request at a time)
    "max_pages": 2000,
    "evidence_limit": 25,
    "user_agent": "govaudit/0.1 (open-government audit crawler)",
}


def resolve_settings(targets: Any, settings: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults < targets.audit["portals"] < explicit settings."""
    from_targets = (getattr(targets, "audit", None) or {}).get("portals") or {}
    merged = {**DEFAULT_SETTINGS, **from_targets, **(settings or {})}
    merged["_explicit"] = sorted(set(from_targets) | set(settings or {}))
    from core.errors import InputError

    if merged["robots_policy"] not in ("obey", "audit_override"):
        raise InputError(f"robots_policy {merged['robots_policy']!r} is not 'obey' or 'audit_override'",
                         "set audit.portals.robots_policy in the targets file to one of those")
    try:
        reporting_window(datetime(2000, 1, 1), merged)
    except ValueError as exc:
        raise InputError(str(exc), "set audit.portals.reporting_period to e.g. 2025 or 2025-H2, or leave it out") \
            from exc
    return merged


def count_pairs(targets: Any, portals: list[str] | None = None) -> int:
    """How many (body, portal) pairs collect_portals would visit (for a progress total)."""
    return sum(1 for b in targets.bodies for n in PORTALS
               if (not portals or n in portals) and (b.portal_ids or {}).get(n) not in (None, "", {}, []))


def collect_portals(store: RunStore, targets: Any, *, now: datetime, settings: dict[str, Any] | None = None,
                    progress: Any = None, portals: list[str] | None = None) -> None:
    """Run every collector for every body that has a portal id; finished (body, portal) pairs are skipped.

    The portals are different hosts, so they are collected side by side (one thread and one SQLite connection
    each; `parallel_portals=False` runs them one after another); within a host requests stay one at a time.
    `progress` is a core.log.Progress (its .step is called) or a callable(body, portal, status).
    """
    cfg = resolve_settings(targets, settings)
    host_map = dict(getattr(targets, "portals", None) or {})
    if cfg["robots_policy"] == "audit_override":
        store.add_note(STAGE, f"robots policy audit_override: robots.txt is overridden for {cfg['robots_allow']}; "
                              "every such read is logged", level="info")
    names = [n for n in PORTALS if not portals or n in portals]
    lock = threading.Lock()

    def report(body: str, name: str, status: str | None) -> None:
        if progress is None:
            return
        with lock:
            if hasattr(progress, "step"):
                progress.step(f"{body} {name} {status}")
            else:
                progress(body, name, status)

    def one_portal(name: str, own_connection: bool) -> None:
        portal_store = RunStore(store.path) if own_connection else store
        try:
            _collect_portal(portal_store, targets, name, host_map, cfg, now, report)
        finally:
            if own_connection:
                portal_store.close()

    if cfg.get("parallel_portals") and len(names) > 1:
        threads = [threading.Thread(target=one_portal, args=(n, True), name=f"portal-{n}") for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for name in names:
            one_portal(name, False)


def _collect_portal(store: RunStore, targets: Any, name: str, host_map: dict[str, str], cfg: dict[str, Any],
                    now: datetime, report: Callable[[str, str, str | None], None]) -> None:
    host, collector = PORTALS[name]
    client: PortalClient | None = None
    shared: dict[str, str] = {}  # portal id -> first body collected with it
    for body in targets.bodies:
        pid = (body.portal_ids or {}).get(name)
        if pid in (None, "", {}, []):
            continue
        stage = f"portal:{name}"
        if store.progress(body.key, stage) == "done":
            continue
        key = json.dumps(pid, sort_keys=True, ensure_ascii=False)
        if key in shared and _copy_metrics(store, shared[key], body.key, name):
            store.add_note(STAGE, f"[{name}] shares portal id {pid!r} with {shared[key]}: the same counts apply",
                           body=body.key, level="info")
            store.set_progress(body.key, stage, "done")
            report(body.key, name, "done")
            continue
        if client is None:
            base = host_map.get(host) or f"https://{host}"
            client = PortalClient(name, host, base, store, _host_settings(cfg, base))
        ctx = Context(store=store, client=client, body=body.key, portal=name, portal_id=pid, now=now, settings=cfg)
        store.set_progress(body.key, stage, "running")
        try:
            collector(ctx)
        except Disallowed as exc:  # an explicit policy decision, not a fault: a rerun would not change it
            ctx.note(f"not collected: {exc} ({exc.url}); {len(ctx.sink.values)} metric(s) kept", url=exc.url)
            store.set_progress(body.key, stage, "done")
        except PortalError as exc:
            ctx.note(f"collection stopped: {exc}; {len(ctx.sink.values)} metric(s) kept", url=exc.url, level="error")
            store.set_progress(body.key, stage, "error")
        except Exception as exc:  # a parser bug must not lose the other bodies and portals
            ctx.note(f"collector failed: {type(exc).__name__}: {exc}; {len(ctx.sink.values)} metric(s) kept",
                     level="error")
            store.set_progress(body.key, stage, "error")
        else:
            store.set_progress(body.key, stage, "done")
            shared.setdefault(key, body.key)
        report(body.key, name, store.progress(body.key, stage))


def _host_settings(cfg: dict[str, Any], base_url: str) -> dict[str, Any]:
    """A polite delay is pointless against a loopback fixture: shorten it unless it was set explicitly."""
    host = (urlsplit(base_url).hostname or "").lower()
    if host not in ("127.0.0.1", "localhost", "::1"):
        return cfg
    fast = {"delay": 0.01, "jitter": 0.0}
    return {**cfg, **{k: v for k, v in fast.items() if k not in cfg.get("_explicit", [])}}


def _copy_metrics(store: RunStore, src: str, dst: str, portal: str) -> bool:
    data = store.metrics().get(src, {}).get(portal)
    if not data:
        return False
    for lang, metrics in data.items():
        for metric, item in metrics.items():
            store.put_metric(dst, portal, lang, metric, item["value"], item["evidence"])
    for key, meta in store.artifacts(src, META_KIND, portal).items():
        store.put_artifact(dst, portal, META_KIND, key, meta)
    return True


def metrics_with_meta(store: RunStore) -> dict[str, Any]:
    """store.metrics() with each metric's meta (window, inferred, not_assessed) merged beside value/evidence."""
    doc = store.metrics()
    for body, portals in doc.items():
        for portal, langs in portals.items():
            for key, meta in store.artifacts(body, META_KIND, portal).items():
                lang, _, metric = key.partition(":")
                item = (langs.get(lang) or {}).get(metric)
                if item is not None and meta:
                    item.update(meta)
    return doc


def export_metrics(store: RunStore, path: str | Path) -> Path:
    """Write metrics.json: body -> portal -> lang -> metric -> {value, evidence[, window, inferred, not_assessed]}.

    `window` is the reporting period the count was made in ({start, end, label, basis}); `not_assessed` says why a
    figure has no value (e.g. robots.txt kept the crawler out). The collection notes go to notes.json with every
    other stage's notes; when each pair was collected is in the run store's progress table."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(metrics_with_meta(store), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


__all__ = ["collect_portals", "export_metrics", "metrics_with_meta", "count_pairs", "DEFAULT_SETTINGS",
           "PORTALS"]
