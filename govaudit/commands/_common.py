"""Argument helpers shared by subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.inputfiles import file_in_the_way

MAX_PORT = 65535


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


def port_type(*, allow_zero: bool = False) -> Any:
    """An argparse type for a TCP port: 1-65535 (0 = any free port, where `allow_zero`)."""
    low = 0 if allow_zero else 1

    def port(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a port number ({low}-{MAX_PORT})") from None
        if not low <= value <= MAX_PORT:
            raise argparse.ArgumentTypeError(f"{value} is out of range: a port is {low}-{MAX_PORT}")
        return value

    return port


def check_port_range(option: str, first: int, count: int) -> None:
    """Sites are served on `count` consecutive ports from `first`: the last must still be a port."""
    if first and first + count - 1 > MAX_PORT:
        raise InputError(f"{option} {first}: the {count} fixture sites need ports {first}-{first + count - 1}, "
                         f"beyond {MAX_PORT}", f"pass {option} {MAX_PORT - count + 1} or lower")


@contextmanager
def writing(path: Path, option: str = "--out") -> Iterator[None]:
    """Turn a failure to write an output file into a message naming the option and the reason."""
    if path.is_dir():
        raise InputError(f"{option} {path}: is a directory, not a file", f"pass a file name as {option}")
    if blocker := file_in_the_way(path):
        raise InputError(f"{option} {path}: {blocker} is a file, not a directory",
                         f"pass as {option} a file in a directory you may write to")
    try:
        yield
    except OSError as exc:
        raise InputError(f"{option} {path}: cannot write the file ({exc.strerror or exc})",
                         f"pass as {option} a file in a directory you may write to") from exc
