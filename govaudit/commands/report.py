"""`govaudit report DIR`: re-render the evaluator report from a run's findings and scores."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.log import log


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="re-render the reports of a stored run",
                       description="Write DIR/report/ from DIR's findings.json and scores.json, without crawling "
                                   "or auditing again: index.html (rankings), a page per body and per indicator, "
                                   "workbook.xlsx and csv/, and the official forms (DOCX and PDF, kk and ru) in "
                                   "forms/. See docs/workbench.md.")
    p.add_argument("run_dir", type=Path, metavar="DIR")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from govaudit.pipeline import render_report

    log.info("report: %s", render_report(args.run_dir))
    return 0
