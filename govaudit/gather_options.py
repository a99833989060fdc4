"""Command-line options of the gather stage (`govaudit run`): the gather order and the politeness budget.

They travel to the gather stage as environment variables (GOVAUDIT_GATHER, GOVAUDIT_POLITENESS), which also
reach the child processes and let the benchmark switch modes without a targets file of its own. They override
the targets file's `audit.gather_mode` and `audit.politeness` for this invocation (a resumed run reads the targets
file's values again unless the options are repeated).
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from core.errors import InputError

POLITENESS_ENV = "GOVAUDIT_POLITENESS"
GATHER_ENV = "GOVAUDIT_GATHER"


class _GatherMode(argparse.Action):
    """--sequential / --overlapped: the gather order for this invocation (its option name is the mode)."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: str | None = None) -> None:
        os.environ[GATHER_ENV] = str(option_string).lstrip("-")
        setattr(namespace, self.dest, True)


class _Politeness(argparse.Action):
    """--politeness NAME=VALUE (rate, concurrency, max_delay, …; hosts.HOST.rate for one host), repeatable."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: str | None = None) -> None:
        name, sep, raw = str(values).partition("=")
        if not sep or not name.strip():
            raise InputError(f"--politeness {values!r} is not NAME=VALUE",
                             "write e.g. --politeness rate=2 or --politeness hosts.www.gov.kz.rate=1")
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw.strip()
        merged = env_politeness()
        path = name.strip().split(".")
        if path[0] == "hosts" and len(path) >= 3:  # hosts.<host with dots>.<field>
            path = ["hosts", ".".join(path[1:-1]), path[-1]]
        node = merged
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
        os.environ[POLITENESS_ENV] = json.dumps(merged)


def add_gather_options(parser: argparse.ArgumentParser) -> None:
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--sequential", action=_GatherMode, nargs=0, default=False,
                       help="gather one stage after another: every crawl, then gov.kz, gatherers, portals "
                            "(audit.gather_mode)")
    order.add_argument("--overlapped", action=_GatherMode, nargs=0, default=False,
                       help="overlap independent gather jobs within the per-host politeness budget (the default; "
                            "see docs/scale.md; audit.gather_mode)")
    parser.add_argument("--politeness", action=_Politeness, metavar="NAME=VALUE",
                        help="override the per-host politeness budget (audit.politeness), e.g. rate=2, "
                             "concurrency=1, hosts.www.gov.kz.rate=1; repeatable (docs/scale.md)")


def env_politeness() -> dict[str, Any]:
    raw = os.environ.get(POLITENESS_ENV)
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise InputError(f"{POLITENESS_ENV} is not JSON ({exc})", "unset it, or use --politeness NAME=VALUE") from exc
    if not isinstance(value, dict):
        raise InputError(f"{POLITENESS_ENV} must be a JSON object", "unset it, or use --politeness NAME=VALUE")
    return value


def politeness_settings(audit: dict[str, Any]) -> Any:
    """The targets file's `audit.politeness` with the command line's overrides on top."""
    override = env_politeness()
    base = audit.get("politeness")
    if not override:
        return base
    if base is not None and not isinstance(base, dict):
        return base  # Budget.from_settings names the problem
    merged = dict(base or {})
    for key, value in override.items():
        if key == "hosts" and isinstance(value, dict):
            hosts = dict(merged.get("hosts") or {})
            for host, fields in value.items():
                hosts[host] = {**(hosts.get(host) or {}), **(fields if isinstance(fields, dict) else {})}
            merged["hosts"] = hosts
        else:
            merged[key] = value
    return merged
