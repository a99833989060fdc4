"""Methodology data files and the named settings that resolve their ambiguities."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from govaudit.errors import InputError

METHODOLOGY_DIR = Path(__file__).parent / "methodologies"
# The versions scored by default; a new version is a new data file named here (or passed by path).
DEFAULT_FILES = {"ict": "ict-1279-2022.yaml", "openness": "openness-2020.yaml"}


@lru_cache(maxsize=8)
def _load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_methodology(kind: str, path: str | Path | None = None) -> dict[str, Any]:
    """A deep copy of the methodology data (callers may not mutate the cached original)."""
    file = Path(path) if path else METHODOLOGY_DIR / DEFAULT_FILES[kind]
    if not file.is_file():
        raise InputError(
            f"methodology file {file} does not exist", f"use one of the files in {METHODOLOGY_DIR}"
        )
    return copy.deepcopy(_load(str(file.resolve())))


def _parse_value(raw: Any) -> Any:
    """--setting NAME=VALUE values arrive as text; read them as YAML scalars (true, 3, 0.5, {a: 1})."""
    if isinstance(raw, str):
        try:
            return yaml.safe_load(raw)
        except yaml.YAMLError:
            return raw
    return raw


def resolve_settings(methodologies: list[dict[str, Any]], overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Every named setting with its value (override or default). Unknown names or values not among the
    setting's choices are an InputError listing all of them."""
    specs: dict[str, dict[str, Any]] = {}
    for meth in methodologies:
        for name, spec in (meth.get("settings") or {}).items():
            specs[name] = {**spec, "methodology": f"{meth['id']}/{meth['version']}"}
    values = {name: spec["default"] for name, spec in specs.items()}
    problems: list[str] = []
    for name, raw in (overrides or {}).items():
        if name not in specs:
            problems.append(f"unknown setting {name!r} (known: {', '.join(sorted(specs))})")
            continue
        value = _parse_value(raw)
        spec = specs[name]
        if spec.get("type") == "weights":
            if (
                not isinstance(value, dict)
                or set(value) - set(spec["default"])
                or not all(
                    isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in value.values()
                )
            ):
                problems.append(
                    f"{name}: {raw!r} must be a mapping of {', '.join(spec['default'])} to "
                    f"non-negative numbers, e.g. {{public_services: 2, openness: 1, complaints: 1}}"
                )
                continue
            value = {**spec["default"], **value}
        elif spec.get("type") == "share":
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
                problems.append(f"{name}: {raw!r} must be a number from 0 to 1 (e.g. 0.05 for 5%)")
                continue
        elif value not in spec["choices"]:
            problems.append(f"{name}: {raw!r} is not one of {', '.join(str(c) for c in spec['choices'])}")
            continue
        values[name] = value
    if problems:
        raise InputError(
            "invalid scoring setting(s):\n  - " + "\n  - ".join(problems),
            "pass --setting NAME=VALUE with a name and value listed in docs/scoring.md",
        )
    return values


def settings_report(methodologies: list[dict[str, Any]], values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The `settings` block of scores.json: value used, default, the ambiguity it resolves and its reading."""
    out: dict[str, dict[str, Any]] = {}
    for meth in methodologies:
        for name, spec in (meth.get("settings") or {}).items():
            value = values[name]
            out[name] = {
                "value": value,
                "default": spec["default"],
                "is_default": value == spec["default"],
                "ambiguity": spec.get("ambiguity"),
                "methodology": f"{meth['id']}/{meth['version']}",
                "applied_by": spec.get("applied_by"),
                "reading": _reading(spec, value),
            }
    return out


def _reading(spec: dict[str, Any], value: Any) -> str | None:
    if isinstance(value, dict):
        return "weights " + ", ".join(f"{k}={v}" for k, v in value.items())
    if spec.get("type") == "share":
        return f"{spec.get('reading', '')} (value {value})".strip()
    choices = spec.get("choices") or {}
    return choices.get(value) if isinstance(choices, dict) else None


def reading(values: dict[str, Any], name: str, methodologies: list[dict[str, Any]]) -> str:
    """'A-4 best: per engine, the better ...' for one setting, for a node's `reading` field."""
    for meth in methodologies:
        spec = (meth.get("settings") or {}).get(name)
        if spec:
            value = values[name]
            text = (spec.get("choices") or {}).get(value, "")
            return f"{spec.get('ambiguity') or name} {name}={value}: {text}".strip()
    raise KeyError(name)
