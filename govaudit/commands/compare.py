"""`govaudit compare PREVIOUS_RUN CURRENT_RUN`: the half-year comparison, then CURRENT_RUN's report again."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="compare a run with the previous half-year's run",
                       description="Per body and criterion the score delta, the indicators whose verdict changed, "
                                   "defects fixed and new (findings matched by their stable ids). Writes "
                                   "CURRENT_RUN/comparison.json and re-renders CURRENT_RUN's report and workbook, "
                                   "which then show the deltas. Runs scored with different methodology versions "
                                   "or readings are compared all the same, and the comparison says so.")
    p.add_argument("previous", type=Path, metavar="PREVIOUS_RUN")
    p.add_argument("current", type=Path, metavar="CURRENT_RUN")
    p.add_argument("--no-report", action="store_true", help="write comparison.json only")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from core.log import log
    from reports.compare import compare_runs

    out = compare_runs(args.previous, args.current)
    log.info("comparison written to %s", out)
    if not args.no_report:
        from reports.html import write_report

        log.info("report: %s", write_report(args.current))
    return 0
