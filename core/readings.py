"""The one registry of readings: every named reading of an ambiguous rule, with its ambiguity id, default, type,
allowed values, owner and description (data: core/readings.yaml).

`--setting NAME=VALUE`, the targets file's `audit.settings`, the audits' settings dataclasses, the methodology
files, settings.json, scores.json, the report and README's table all take names, defaults and checks from here,
so a value reported is always the value the stage that owns it applied. Old names are deprecated aliases: they
still work, with a logged warning.
"""

from __future__ import annotations

import difflib
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.errors import InputError  # the one import of ours: the error contract every layer shares

DATA = Path(__file__).with_name("readings.yaml")
OWNERS = ("gather", "audits", "scoring", "report", "none")
TYPES = ("int", "float", "share", "bool", "date", "choice", "weights")
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
log = logging.getLogger("govaudit")


@dataclass(frozen=True)
class Reading:
    name: str
    ambiguity: str | None
    methodology: str | None
    owner: str
    type: str
    default: Any
    description: str
    choices: dict[Any, str] = field(default_factory=dict)
    min: float | None = None
    max: float | None = None
    aliases: dict[str, dict[Any, Any] | None] = field(default_factory=dict)

    def allowed(self) -> str:
        """The allowed values in words, for error messages and the README table."""
        if self.type == "choice":
            return "one of " + ", ".join(_show(c) for c in self.choices)
        if self.type == "bool":
            return "true or false"
        if self.type == "date":
            return "an ISO date (YYYY-MM-DD) or timestamp, or empty"
        if self.type == "weights":
            return f"a mapping of {', '.join(self.default)} to non-negative numbers"
        low = 0 if self.type == "share" else self.min
        high = 1 if self.type == "share" else self.max
        kind = "a whole number" if self.type == "int" else "a number"
        return f"{kind} from {_show(low)} to {_show(high)}"

    def coerce(self, raw: Any) -> Any:
        """The value as the owner applies it; ValueError (with the allowed values) when it is not one."""
        value = _scalar(raw)
        if self.type == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            text = str(value).strip().lower()
            if text in TRUE_WORDS or text in FALSE_WORDS:
                return text in TRUE_WORDS
        elif self.type == "choice":
            for choice in self.choices:  # YAML keys may be numbers or booleans: compare as parsed and as text
                if value == choice and type(value) is type(choice) or str(value) == str(choice):
                    return choice
        elif self.type == "date":
            text = "" if value is None else str(value).strip()
            try:
                return datetime.fromisoformat(text) and text if text else ""
            except ValueError:
                pass
        elif self.type == "weights":
            return self._weights(value)
        else:
            return self._number(value)
        raise ValueError(f"{raw!r} is not {self.allowed()}")

    def _number(self, value: Any) -> int | float:
        whole = self.type == "int"
        kind = "whole number" if whole else "number"
        if isinstance(value, str):  # "nan", "1e3": as float() reads them, so a NaN is named as such
            try:
                value = float(value)
            except ValueError:
                raise ValueError(f"{value!r} is not {self.allowed()}") from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{value!r} is not {self.allowed()}")
        if not math.isfinite(value):
            raise ValueError(f"{value!r} must be a finite non-negative {kind} (an infinite or NaN limit would "
                             "switch the rule off)")
        if whole and value != int(value):
            raise ValueError(f"{value!r} must be a whole number")
        if value < 0:
            raise ValueError(f"{value!r} must be a non-negative {kind}")
        low = 0 if self.type == "share" else self.min
        high = 1 if self.type == "share" else self.max
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(f"{value!r} is not {self.allowed()}")
        return int(value) if whole else float(value)

    def _weights(self, value: Any) -> dict[str, float]:
        if (isinstance(value, dict) and not set(value) - set(self.default)
                and all(isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 and math.isfinite(v)
                        for v in value.values())):
            return {**self.default, **value}
        example = ", ".join(f"{k}: 1" for k in self.default)
        raise ValueError(f"{value!r} is not {self.allowed()}, e.g. {{{example}}}")

    def said(self, value: Any) -> str:
        """The reading a value stands for, in words: the choice's meaning, else the description and the value."""
        if self.type == "choice" and value in self.choices:
            return self.choices[value]
        return f"{self.description} (value {_show(value)})"

    def meaning(self, value: Any) -> str:
        """'A-6 nav_depth_limit=5: ...': the reading as findings, score nodes and the report state it."""
        head = f"{self.ambiguity} " if self.ambiguity else ""
        return f"{head}{self.name}={_show(value)}: {self.said(value)}"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def _scalar(raw: Any) -> Any:
    """--setting values arrive as text: read them as YAML scalars (true, 3, 0.5, {a: 1}); keep text otherwise."""
    if isinstance(raw, str):
        try:
            return yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            return raw
    return raw


@lru_cache(maxsize=1)
def registry() -> dict[str, Reading]:
    """Every reading by name, from core/readings.yaml (checked: a malformed entry is a bug, not user input)."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    out: dict[str, Reading] = {}
    for name, spec in raw.items():
        reading = Reading(name=name, **spec)
        assert reading.owner in OWNERS and reading.type in TYPES, name
        assert reading.type != "choice" or reading.default in reading.choices, name
        out[name] = reading
    return out


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Deprecated name -> the reading's name."""
    return {old: r.name for r in registry().values() for old in r.aliases}


def get(name: str) -> Reading:
    """The reading of a current or deprecated name; an unknown name is an InputError naming near matches."""
    reg = registry()
    if name in reg:
        return reg[name]
    if name in aliases():
        return reg[aliases()[name]]
    raise InputError(unknown_message([name]), "see README, 'Readings' (or `python -m core.readings_doc`)")


def unknown_message(names: Iterable[str], what: str = "") -> str:
    """'unknown setting 'nav_depth' (did you mean nav_depth_limit?)' for each name."""
    known = list(registry()) + list(aliases())
    parts = []
    for name in names:
        near = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        parts.append(f"unknown {what}setting {name!r}" + (f" (did you mean {', '.join(near)}?)" if near else ""))
    return "; ".join(parts)


def defaults(owners: Iterable[str] | None = None) -> dict[str, Any]:
    picked = set(owners or OWNERS)
    return {r.name: r.default for r in registry().values() if r.owner in picked}


def resolve(values: Mapping[str, Any] | None, *, source: str = "--setting / audit.settings",
            what: str = "") -> dict[str, Any]:
    """Given NAME=VALUE readings -> {name: value} under the current names, coerced and checked. Deprecated names
    are mapped (with a warning); unknown names and bad values are one InputError listing every problem."""
    out: dict[str, Any] = {}
    problems: list[str] = []
    unknown = [n for n in (values or {}) if n not in registry() and n not in aliases()]
    if unknown:
        problems.append(unknown_message(unknown, what))
    for name, raw in (values or {}).items():
        if name in unknown:
            continue
        reading = get(name)
        value = raw
        if name != reading.name:
            value = _from_alias(reading, name, raw, problems)
            if value is _INVALID:
                continue
            log.warning("reading %s is deprecated: read as %s=%s (write that instead)", name, reading.name,
                        _show(value))
            if reading.name in values and name != reading.name:
                continue  # the current name, given too, wins
        try:
            out[reading.name] = reading.coerce(value)
        except ValueError as exc:
            problems.append(f"setting {reading.name}: {exc}")
    if problems:
        raise InputError(f"invalid reading(s) in {source}:\n  - " + "\n  - ".join(problems),
                         "use a name and value listed in README, 'Readings'; nothing was run or changed")
    return out


_INVALID = object()


def _from_alias(reading: Reading, old: str, raw: Any, problems: list[str]) -> Any:
    mapping = reading.aliases.get(old)
    if not mapping:
        return raw
    value = _scalar(raw)
    for before, after in mapping.items():
        if value == before or str(value) == str(before):
            return after
    problems.append(f"{old} (deprecated, now {reading.name}): {raw!r} is not one of "
                    f"{', '.join(_show(k) for k in mapping)}; write {reading.name} ({reading.allowed()})")
    return _INVALID


def complete(values: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every reading's value: the given ones (already resolved) over the defaults."""
    return {**defaults(), **dict(values or {})}


def owned_by(values: Mapping[str, Any], *owners: str) -> dict[str, Any]:
    return {k: v for k, v in values.items() if registry()[k].owner in owners}


def report(values: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """settings.json's and scores.json's block: per reading, the value used, its default, its ambiguity, which
    stage applied it and the reading in words."""
    used = complete(values)
    return {name: {"value": used[name], "default": r.default, "is_default": used[name] == r.default,
                   "ambiguity": r.ambiguity, "methodology": r.methodology, "owner": r.owner,
                   "applied_by": r.owner, "reading": r.said(used[name])}
            for name, r in registry().items()}


def default(name: str) -> Any:
    """A reading's default, for the settings dataclasses' field defaults (so no default is written twice)."""
    return registry()[name].default


def for_fields(names: Iterable[str], values: Mapping[str, Any] | None, *, strict: bool = True,
               group: str = "audit") -> dict[str, Any]:
    """The values of one settings group: `values` resolved through the registry (aliases, checks), keeping the
    group's own names. strict: a name that is no reading, or a reading of another group, is an InputError."""
    names = set(names)
    given = dict(values or {})
    if not strict:
        given = {k: v for k, v in given.items() if (r := get_or_none(k)) is not None and r.name in names}
    resolved = resolve(given, source=f"{group} readings", what=f"{group} ")
    foreign = sorted(set(resolved) - names)
    if foreign and strict:
        raise InputError(f"{', '.join(foreign)}: not {group} reading(s) (applied by "
                         f"{', '.join(sorted({registry()[n].owner for n in foreign}))})",
                         f"{group} readings are: {', '.join(sorted(names))}")
    return {k: v for k, v in resolved.items() if k in names}


def get_or_none(name: str) -> Reading | None:
    reg = registry()
    return reg.get(name) or (reg[aliases()[name]] if name in aliases() else None)
