"""Argument helpers shared by subcommands."""

from __future__ import annotations

import argparse
from typing import Any

from govaudit.errors import InputError


def add_setting_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE",
                        help="override a named rule reading (see README, 'Readings'); repeatable")


def parse_settings(pairs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise InputError(f"--setting {pair!r} is not NAME=VALUE", "write e.g. --setting nav_depth_limit=5")
        out[name.strip()] = value.strip()
    return out
