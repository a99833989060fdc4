"""The phrases a journey looks for (services/controls.yaml) and the pure text tests built on them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.errors import InputError
from services.checklist import normalise

CONTROLS_FILE = Path(__file__).with_name("controls.yaml")


@lru_cache(maxsize=1)
def controls() -> dict[str, Any]:
    try:
        raw = yaml.safe_load(CONTROLS_FILE.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{CONTROLS_FILE} cannot be read: {exc}", "restore services/controls.yaml") from exc
    for key in ("order", "proceed", "language_links", "zero_results", "errors", "auth"):
        if key not in raw:
            raise InputError(f"{CONTROLS_FILE}: '{key}' is missing", "restore services/controls.yaml")
    return raw


def phrases(key: str, sub: str | None = None) -> list[str]:
    value = controls()[key]
    return [normalise(p) for p in (value[sub] if sub else value)]


def contains_any(text: str, wanted: list[str]) -> str | None:
    """The first phrase that occurs in `text` as whole words (both normalised), or None."""
    padded = f" {normalise(text)} "
    return next((p for p in wanted if p and f" {p} " in padded), None)


def mentions_any(text: str, wanted: list[str]) -> str | None:
    """Like contains_any, but a phrase may begin a longer word (stems: 'подпис' in 'подписи')."""
    padded = f" {normalise(text)}"
    return next((p for p in wanted if p and f" {p}" in padded), None)
