"""All named audit readings of a run, across the audit groups, as one object.

Each audit group keeps its own settings dataclass (navigation and furniture, site checks, content and mobile,
accessibility); `Readings` splits one flat mapping of NAME=VALUE among them, rejects names nobody knows, and
answers attribute look-ups from whichever group owns the name, so every audit can take the same object.
"""

from __future__ import annotations

import importlib
from dataclasses import fields
from typing import Any

from govaudit.errors import InputError

# "module:Class" of every settings dataclass; each has from_mapping(dict) and to_dict()/asdict-able fields.
SETTINGS_CLASSES = (
    "audits.settings:AuditSettings",
    "audits.site_checks.settings:SiteCheckSettings",
    "audits.content.settings:ContentSettings",
    "audits.accessibility.settings:AccessibilitySettings",
)


def _classes() -> list[type]:
    out = []
    for spec in SETTINGS_CLASSES:
        module, _, name = spec.partition(":")
        out.append(getattr(importlib.import_module(module), name))
    return out


def known_names() -> dict[str, type]:
    return {f.name: cls for cls in _classes() for f in fields(cls)}


class Readings:
    def __init__(self, values: dict[str, Any] | None = None) -> None:
        values = dict(values or {})
        owners = known_names()
        unknown = sorted(set(values) - set(owners))
        if unknown:
            raise InputError(f"unknown audit setting(s): {', '.join(unknown)}",
                             f"use one of: {', '.join(sorted(owners))}")
        self._groups = {cls: cls.from_mapping({k: v for k, v in values.items() if owners[k] is cls})
                        for cls in _classes()}

    def __getattr__(self, name: str) -> Any:
        for group in self.__dict__.get("_groups", {}).values():
            if name in {f.name for f in fields(group)}:
                return getattr(group, name)
        raise AttributeError(name)

    def group(self, cls: type) -> Any:
        return self._groups[cls]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for group in self._groups.values():
            out.update({f.name: getattr(group, f.name) for f in fields(group)})
        return out
