"""Interface texts (ui.yaml) and methodology item titles (titles.yaml) in Russian and Kazakh."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LANGS = ("ru", "kk")
HERE = Path(__file__).parent


@lru_cache(maxsize=1)
def ui() -> dict[str, dict[str, str]]:
    return yaml.safe_load((HERE / "ui.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def titles() -> dict[str, dict[str, str]]:
    return yaml.safe_load((HERE / "titles.yaml").read_text(encoding="utf-8"))


def t(key: str, lang: str = "ru") -> str:
    entry = ui().get(key)
    if entry is None:
        raise KeyError(f"no interface text {key!r} in reports/i18n/ui.yaml")
    return entry.get(lang) or entry["ru"]


def title(item_id: str, lang: str = "ru", fallback: str = "") -> str:
    """The item's title in `lang`; else the Kazakh original, else English, else `fallback`."""
    entry = titles().get(item_id.split("[")[0]) or {}
    return entry.get(lang) or entry.get("kk") or entry.get("en") or fallback


def both(key: str) -> dict[str, str]:
    return {lang: t(key, lang) for lang in LANGS}
