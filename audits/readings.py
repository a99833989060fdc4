"""All audit readings of a run, across the audit groups, as one object.

The readings themselves (names, defaults, allowed values, owners) are the registry's (core/readings.yaml). Each
audit group keeps a typed dataclass view of its own readings (navigation and furniture, site checks, content and
mobile, accessibility); `Readings` checks one flat mapping of NAME=VALUE against the registry, splits it among the
groups and answers attribute look-ups from whichever group owns the name, so every audit can take the same object.
"""

from __future__ import annotations

import importlib
from dataclasses import fields
from typing import Any

from core.errors import InputError
from core.readings import registry, resolve

# "module:Class" of every settings dataclass; each has from_mapping(dict) and to_dict()/asdict-able fields.
SETTINGS_CLASSES = (
    "audits.settings:AuditSettings",
    "core.site_check_settings:SiteCheckSettings",
    "audits.content.settings:ContentSettings",
    "core.accessibility_settings:AccessibilitySettings",
)
OWNERS = ("audits", "gather")  # the readings these groups apply (the gatherers read theirs from the same values)


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
        owners = known_names()
        resolved = resolve(values, source="the audit readings", what="audit ")
        foreign = sorted(set(resolved) - set(owners))
        if foreign:
            named = ", ".join(f"{n} (applied by {registry()[n].owner})" for n in foreign)
            raise InputError(f"not audit settings: {named}", f"audit readings are: {', '.join(sorted(owners))}")
        self._groups = {cls: cls.from_mapping({k: v for k, v in resolved.items() if owners[k] is cls})
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
