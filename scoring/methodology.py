"""Methodology data files, and the readings (core/readings.yaml) that resolve their ambiguities."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core import readings
from core.errors import InputError

METHODOLOGY_DIR = Path(__file__).parent / "methodologies"
# The versions scored by default; a new version is a new data file named here (or passed by path).
DEFAULT_FILES = {"ict": "ict-1279-2022.yaml", "openness": "openness-2020.yaml"}


@lru_cache(maxsize=8)
def _load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        meth = yaml.safe_load(fh)
    check_readings_named(meth, Path(path))
    return meth


def load_methodology(kind: str, path: str | Path | None = None) -> dict[str, Any]:
    """A deep copy of the methodology data (callers may not mutate the cached original)."""
    file = Path(path) if path else METHODOLOGY_DIR / DEFAULT_FILES[kind]
    if not file.is_file():
        raise InputError(
            f"methodology file {file} does not exist", f"use one of the files in {METHODOLOGY_DIR}"
        )
    return copy.deepcopy(_load(str(file.resolve())))


def check_readings_named(meth: dict[str, Any], file: Path) -> None:
    """A methodology names the readings it is scored with (`settings:` is a list of names); each must be a reading
    of the registry (core/readings.yaml), where readings are defined — never in the methodology file."""
    names = meth.get("settings") or []
    if not isinstance(names, list):
        raise InputError(f"methodology file {file}: `settings` must be a list of reading names",
                         "define readings in core/readings.yaml and list their names here")
    unknown = [n for n in names if n not in readings.registry()]
    if unknown:
        raise InputError(f"methodology file {file}: {readings.unknown_message(unknown)}",
                         "add the reading to core/readings.yaml or remove it from `settings`")


def resolve_settings(methodologies: list[dict[str, Any]], overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Every reading's value (override or the registry's default). Unknown names or values the reading does not
    allow are one InputError listing all of them."""
    return readings.complete(readings.resolve(overrides, source="the scoring settings"))


def run_values(recorded: dict[str, Any] | None, overrides: dict[str, Any] | None) -> dict[str, Any]:
    """The readings a run is scored and reported with: those it was audited with (`recorded`, the targets'
    `audit.settings` as the run stored them), then `govaudit score --setting` overrides. An override of a reading
    applied before scoring (by the gatherers or the audits) is refused when it differs: scores.json would report
    a reading the findings were not judged by."""
    base = readings.resolve(recorded, source="the run's recorded readings")
    given = readings.resolve(overrides, source="--setting")
    upstream = {n: v for n, v in given.items() if readings.registry()[n].owner in ("gather", "audits")
                and v != base.get(n, readings.default(n))}
    if upstream:
        asked = ", ".join(f"{n}={v!r}" for n, v in upstream.items())
        applied = ", ".join(f"{n}={base.get(n, readings.default(n))!r}" for n in upstream)
        raise InputError(f"--setting {asked}: applied by the audits or gatherers, not by scoring (this run's "
                         f"findings were judged with {applied})",
                         "start a new run with `govaudit run --targets FILE --out NEW_DIR --setting ...`; "
                         "`govaudit score --setting` changes scoring readings only")
    return {**base, **given}


def settings_report(methodologies: list[dict[str, Any]], values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The `settings` block of scores.json: every reading of the registry with the value used, its default, the
    ambiguity it resolves, its methodology version, the stage that applied it and the reading in words."""
    versions = {_kind(m): f"{m['id']}/{m['version']}" for m in methodologies}
    out = readings.report(values)
    for entry in out.values():
        entry["methodology"] = versions.get(entry["methodology"], entry["methodology"])
    return out


def _kind(meth: dict[str, Any]) -> str:
    return "ict" if str(meth.get("id", "")).startswith("ict") else "openness"


def reading(values: dict[str, Any], name: str, methodologies: list[dict[str, Any]]) -> str:
    """'A-4 ict.search_engine_names=best: per engine, the better ...' for one reading, for a node's `reading`."""
    return readings.registry()[name].meaning(values[name])
