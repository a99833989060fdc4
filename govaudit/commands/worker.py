"""`govaudit worker`: run gather jobs from the Redis queue against the shared PostgreSQL run store."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from core.errors import InputError

BROKER_ENV, STORE_ENV = "GOVAUDIT_BROKER", "GOVAUDIT_STORE"  # as printed by scripts/services.sh


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("worker", help="run gather jobs of distributed runs (Redis queue, PostgreSQL store)",
                       description="Take gather jobs (crawl, gov.kz, gatherers, portals) of `govaudit run --broker "
                                   "… --store …` off the queue and run them, until stopped with SIGTERM or Ctrl-C "
                                   "(running jobs go back on the queue). Start any number, on any machines.")
    p.add_argument("--broker", default=os.environ.get(BROKER_ENV),
                   help=f"Redis URL of the job queue, e.g. redis://127.0.0.1:6379/0 (default ${BROKER_ENV})")
    p.add_argument("--store", default=os.environ.get(STORE_ENV),
                   help=f"PostgreSQL URL of the shared run store, e.g. postgresql://govaudit@127.0.0.1:5432/govaudit "
                        f"(default ${STORE_ENV})")
    p.add_argument("--threads", type=int, default=1, help="jobs run at once by this worker (default 1)")
    p.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "govaudit-worker",
                   help="local directory for the jobs' files before they go to the store")
    p.add_argument("--name", help="this worker's name in the job ledger (default host:pid)")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from distributed.worker import GatherWorker

    if not args.broker or not args.store:
        missing = " and ".join(n for n, v in (("--broker", args.broker), ("--store", args.store)) if not v)
        raise InputError(f"govaudit worker needs {missing}",
                         f"pass --broker redis://… --store postgresql://… (or set {BROKER_ENV} and {STORE_ENV}, "
                         "e.g. from the services.env that scripts/services.sh writes)")
    if args.threads < 1:
        raise InputError(f"--threads {args.threads}: must be at least 1", "pass --threads 1 or more")
    GatherWorker(args.broker, args.store, args.work_dir, name=args.name).serve(threads=args.threads)
    return 0
