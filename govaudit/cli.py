"""The `govaudit` command line. Each subcommand lives in govaudit/commands/<name>.py with register()."""

from __future__ import annotations

import argparse
import importlib
import sys

from govaudit.errors import GovauditError
from govaudit.log import configure_logging, log

# Subcommand modules, in --help order. Each exposes register(subparsers) that sets func=handler.
COMMAND_MODULES = ("run", "audit", "score", "report", "fixtures", "input_template")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govaudit",
        description="Audit the websites of Kazakhstan's state bodies and the open-government portals: "
                    "crawl, audit, score by the methodology, and write evidence-backed reports.")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    parser.add_argument("--json-log", action="store_true", help="log one JSON object per line (for CI)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"govaudit.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(quiet=args.quiet, json_lines=args.json_log)
    try:
        return int(args.func(args) or 0)
    except GovauditError as exc:
        log.error("%s", exc)
        return 2
    except KeyboardInterrupt:
        log.error("interrupted; everything gathered so far is in the run store — resume with "
                  "`govaudit run --resume DIR`")
        return 130


if __name__ == "__main__":
    sys.exit(main())
