"""`govaudit audit DIR`: re-run the audits on a stored run (no crawling)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="re-run audits on a stored run, without crawling",
                       description="Re-run every audit on the artifacts in DIR's run store and rewrite "
                                   "findings.json; then re-score and re-render the report.")
    p.add_argument("run_dir", type=Path, metavar="DIR")
    p.add_argument("--screenshots", action="store_true", help="take evidence screenshots still missing")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from govaudit.evidence import take_evidence_screenshots
    from govaudit.pipeline import audit_run, render_report, score_run_dir

    findings = audit_run(args.run_dir)
    if args.screenshots:
        take_evidence_screenshots(args.run_dir, findings)
        audit_run(args.run_dir)
    score_run_dir(args.run_dir)
    render_report(args.run_dir)
    return 0
