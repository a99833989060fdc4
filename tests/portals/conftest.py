"""Shared helpers for the portal tests: loopback fixture servers, targets, fast collector settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.targets import Targets, parse_targets
from crawler.portals import collect_portals
from crawler.store import RunStore
from fixtures.clock import FIXTURE_NOW
from fixtures.portals.generate import PORTAL_MODULES
from fixtures.portals.targets import portal_targets
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers

SEED = DEFAULT_SEED
# the slow endpoint stays on but short; Retry-After 1 s keeps the 429 path fast
TEST_FAULTS: dict[str, Any] = {"slow_delay": 1.0, "retry_after": 1}
FAST: dict[str, Any] = {"delay": 0.0, "jitter": 0.0, "backoff": 0.05, "throttle_after_429": 0.27, "timeout": 10.0}


@contextmanager
def serve(names: list[str], faults: dict[str, dict[str, Any]] | None = None) -> Iterator[tuple[FixtureServers, dict]]:
    sites = {n: PORTAL_MODULES[n].build(SEED, {**TEST_FAULTS, **((faults or {}).get(n) or {})}) for n in names}
    with FixtureServers(list(sites.values())) as servers:
        yield servers, sites


def targets_for(servers: FixtureServers, only: list[str] | None = None, extra: dict[str, Any] | None = None) -> Targets:
    raw = portal_targets(servers.urls)
    if only is not None:
        raw["bodies"] = {k: v for k, v in raw["bodies"].items() if k in only}
        for body in raw["bodies"].values():  # a committee whose parent is left out is audited on its own
            if body.get("parent") and body["parent"] not in raw["bodies"]:
                body.pop("parent")
                body.pop("committee_form", None)
                body["type"] = "central"
    for body in raw["bodies"].values():  # only the portals served here: never reach for a real host in tests
        body["portal_ids"] = {k: v for k, v in body["portal_ids"].items() if k in servers.urls}
    raw["bodies"].update(extra or {})
    return parse_targets(raw)


def run(tmp_path: Path, targets: Targets, **settings: Any) -> RunStore:
    store = RunStore.in_dir(tmp_path)
    collect_portals(store, targets, now=FIXTURE_NOW, settings={**FAST, **settings})
    return store


def values(store: RunStore) -> dict[str, Any]:
    """body -> portal -> lang -> metric -> plain value (the expected_metrics shape)."""
    return {b: {p: {lang: {m: item["value"] for m, item in ms.items()} for lang, ms in ls.items()}
                for p, ls in ps.items()} for b, ps in store.metrics().items()}


def notes_with(store: RunStore, text: str, body: str | None = None) -> list[dict[str, Any]]:
    return [n for n in store.notes() if text in n["message"] and (body is None or n["body"] == body)]
