"""The `govaudit` command line. Each subcommand lives in govaudit/commands/<name>.py with register()."""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sqlite3
import sys
import traceback
from types import FrameType

from core.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USER, GovauditError
from core.log import configure_logging, log

# Subcommand modules, in --help order. Each exposes register(subparsers) that sets func=handler.
COMMAND_MODULES = ("run", "audit", "score", "report", "compare", "fixtures", "input_template", "worker", "monitor",
                   "services")
DEBUG_ENV = "GOVAUDIT_DEBUG"  # set to 1 for tracebacks, as --debug does


_interrupted = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    # Remember the interrupt: libraries (Playwright) may turn the KeyboardInterrupt into their own error, which
    # must still be reported as an interruption, not as an internal error.
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govaudit",
        description="Audit the websites of Kazakhstan's state bodies and the open-government portals: "
                    "crawl, audit, score by the methodology, and write evidence-backed reports.",
        epilog="Exit codes: 0 done; 1 internal error; 2 bad input or a state to fix (nothing more was run); "
               "3 a stage failed (what was gathered is reported); 130 interrupted.")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    parser.add_argument("--json-log", action="store_true", help="log one JSON object per line (for CI)")
    parser.add_argument("--debug", action="store_true",
                        help=f"show the traceback of an internal error (or set {DEBUG_ENV}=1)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"govaudit.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    global _interrupted
    _interrupted = False
    argv = sys.argv[1:] if argv is None else list(argv)
    # --debug is honoured before or after the subcommand, and before parsing, so it covers every failure
    debug = "--debug" in argv or os.environ.get(DEBUG_ENV, "") not in ("", "0")
    argv = [a for a in argv if a != "--debug"]
    if debug:
        os.environ[DEBUG_ENV] = "1"  # the crawler child process keeps its tracebacks too
    previous = signal.signal(signal.SIGINT, _on_sigint)
    try:
        return _run(argv, debug)
    finally:
        signal.signal(signal.SIGINT, previous)


def _run(argv: list[str], debug: bool) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        configure_logging(quiet=args.quiet, json_lines=args.json_log)
        return int(args.func(args) or 0)
    except GovauditError as exc:
        log.error("%s", exc)
        return exc.exit_code
    except KeyboardInterrupt:
        return _report_interrupt()
    except sqlite3.DatabaseError as exc:  # a store damaged after it was checked on opening
        _report(debug, f"govaudit: the run store could not be read (sqlite: {exc})\n  what to do: restore "
                       "run.sqlite from a backup or start a new run with --out NEW_DIR (nothing was deleted)")
        return EXIT_USER
    except Exception as exc:  # last resort: never a bare traceback for the user
        if _interrupted:
            return _report_interrupt()
        first = (str(exc).strip().splitlines() or [""])[0][:300]
        _report(debug, f"govaudit: internal error: {type(exc).__name__}: {first} "
                       "(run with --debug for the traceback)")
        return EXIT_INTERNAL


def _report_interrupt() -> int:
    log.error("interrupted; everything gathered so far is in the run store — resume with "
              "`govaudit run --resume DIR`")
    return EXIT_INTERRUPTED


def _report(debug: bool, message: str) -> None:
    if debug:
        traceback.print_exc()
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
