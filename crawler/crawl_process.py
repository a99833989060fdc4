"""Child-process entry point for Scrapy crawls (Twisted's reactor cannot restart inside one process).

    python -m crawler.crawl_process --store RUN/run.sqlite --job BODY=SITE_URL [--job ...] [--status FILE]

Each (body, site) crawl that finishes normally is marked done in the store's progress table, so a resumed
run skips it; one that was interrupted resumes from its stored frontier.

Exit codes: 0 every crawl finished; 3 some crawls were stopped by a cap or time budget (their notes say so;
not a failure); 4 the crawler crashed (a crawl could not start or died) — one line on stderr names the cause,
and --status FILE receives {"crashed": cause | null, "failed": {"BODY=SITE": cause}, "stopped": {...}}.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_STOPPED = 3  # some crawls hit a cap or the time budget: a normal outcome, noted per site
EXIT_CRASHED = 4  # a crawl failed to run: the parent reports the crawl stage as failed


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", required=True)
    parser.add_argument("--job", action="append", default=[], help="BODY=SITE_URL")
    parser.add_argument("--settings", default="{}", help="JSON of Scrapy setting overrides")
    parser.add_argument("--max-pages", type=int, default=3000)
    parser.add_argument("--max-seconds", type=float, default=1800)
    parser.add_argument("--year-now", type=int, default=None)
    parser.add_argument("--robots-policy", choices=("obey", "audit_override"), default="obey")
    parser.add_argument("--status", help="write the outcome of every job to this JSON file")
    parser.add_argument("--politeness", default="", help="JSON spec of the run's shared politeness budget")
    return parser.parse_args(argv)


def describe(exc: BaseException) -> str:
    """One line naming an exception by its root cause: Scrapy's clean-up after a failed start often raises a
    second, unhelpful error ("Engine slot not assigned") with the real one as its context."""
    root = exc
    for _ in range(10):  # bounded: exception chains can be long (or, by mistake, circular)
        earlier = root.__cause__ or (None if root.__suppress_context__ else root.__context__)
        if earlier is None:
            break
        root = earlier
    text = f"{type(root).__name__}: {root}"
    if root is not exc:
        text += f" (then {type(exc).__name__}: {exc})"
    return (text.strip().splitlines() or ["unknown error"])[0][:400]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    install_log_handler()
    try:
        status = crawl(args)
    except Exception as exc:  # last resort: one clear line and a distinct exit code, never a bare traceback
        cause = describe(exc)
        print(f"govaudit crawler: crashed: {cause}", file=sys.stderr, flush=True)
        write_status(args.status, {"crashed": cause, "failed": {}, "stopped": {}})
        return EXIT_CRASHED
    write_status(args.status, status)
    for job, cause in status["failed"].items():
        print(f"govaudit crawler: the crawl of {job} failed: {cause}", file=sys.stderr, flush=True)
    if status["failed"]:
        return EXIT_CRASHED
    return EXIT_STOPPED if status["stopped"] else EXIT_OK


class OneLineFormatter(logging.Formatter):
    """Library log records with the exception's one-line description instead of its traceback (Scrapy logs
    tracebacks for errors it handles); GOVAUDIT_DEBUG=1 keeps the tracebacks."""

    def formatException(self, ei: Any) -> str:
        return ""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({describe(record.exc_info[1])})"
        return text


def install_log_handler() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)  # as Python's last-resort handler, which printed these before
    if os.environ.get("GOVAUDIT_DEBUG", "") in ("", "0"):
        handler.setFormatter(OneLineFormatter("%(message)s"))
    logging.getLogger().addHandler(handler)


def write_status(path: str | None, status: dict[str, Any]) -> None:
    if path:
        Path(path).write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")


def crawl(args: argparse.Namespace) -> dict[str, Any]:
    """Run every job; {"crashed": None, "failed": {job: cause}, "stopped": {job: reason}}."""
    # imported here so that even an import error is reported by main()'s one-line handler
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.site import SiteSpider

    process = CrawlerProcess(_settings(args))
    reasons: dict[tuple[str, str], str] = {}
    failed: dict[tuple[str, str], str] = {}
    handlers = []  # Scrapy's signal dispatcher holds receivers weakly: keep every closure alive

    for job in args.job:
        body, _, site = job.partition("=")
        key = (body, site)
        crawler = process.create_crawler(SiteSpider)

        def _closed(spider: Any, reason: str, _key: tuple[str, str] = key) -> None:
            reasons[_key] = reason

        def _failed(failure: Any, _key: tuple[str, str] = key) -> None:
            # e.g. a bad setting value or middleware path: the crawl never starts; returning None keeps
            # Twisted from printing an "Unhandled error in Deferred" traceback
            failed[_key] = describe(failure.value)

        handlers.append(_closed)
        crawler.signals.connect(_closed, signal=signals.spider_closed)
        deferred = process.crawl(crawler, body=body, site=site, store_path=args.store, max_pages=args.max_pages,
                                 max_seconds=args.max_seconds, year_now=args.year_now,
                                 robots_policy=args.robots_policy)
        deferred.addErrback(_failed)
    process.start()

    for key in args.job:  # a job that neither closed nor failed never ran: that is a failure too
        body, _, site = key.partition("=")
        if (body, site) not in reasons and (body, site) not in failed:
            failed[(body, site)] = "the crawl ended without closing its spider"
    _record_outcomes(args.store, reasons)
    return {"crashed": None,
            "failed": {f"{b}={s}": cause for (b, s), cause in failed.items()},
            "stopped": {f"{b}={s}": r for (b, s), r in reasons.items() if r != "finished" and (b, s) not in failed}}


def _settings(args: argparse.Namespace) -> Any:
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("GOVAUDIT_STORE", args.store, priority="cmdline")
    if args.robots_policy != "obey":  # an explicit audit policy; every such read is logged by the spider
        settings.set("ROBOTSTXT_OBEY", False, priority="cmdline")
    for key, value in json.loads(args.settings).items():
        settings.set(key, value, priority="cmdline")
    if args.politeness:  # the budget every stage shares (crawler/politeness.py), next to the downloader
        from crawler.politeness_scrapy import ORDER

        settings.set("GOVAUDIT_POLITENESS", args.politeness, priority="cmdline")
        middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
        middlewares["crawler.politeness_scrapy.PolitenessMiddleware"] = ORDER
        settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    return settings


def _record_outcomes(store_path: str, reasons: dict[tuple[str, str], str]) -> None:
    """Mark each closed crawl done or stopped and recompute its crawl-health notes."""
    from crawler.health import health_notes
    from crawler.store import RunStore

    store = RunStore(store_path)
    try:
        for (body, site), reason in reasons.items():
            store.set_progress(body, f"crawl:{site}", "done" if reason == "finished" else f"stopped:{reason}")
            store.delete_notes(body, "crawl-health")  # recomputed from all stored pages, also after a resume
            for level, message, url in health_notes(p for p in store.pages(body, with_content=False)
                                                    if p.site == site):
                store.add_note("crawl-health", message, body=body, level=level, url=url)
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
