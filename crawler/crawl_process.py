"""Child-process entry point for Scrapy crawls (Twisted's reactor cannot restart inside one process).

    python -m crawler.crawl_process --store RUN/run.sqlite --job BODY=SITE_URL [--job ...]

Each (body, site) crawl that finishes normally is marked done in the store's progress table, so a resumed
run skips it; one that was interrupted resumes from its stored frontier.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.health import health_notes
from crawler.spiders.site import SiteSpider
from crawler.store import RunStore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", required=True)
    parser.add_argument("--job", action="append", default=[], help="BODY=SITE_URL")
    parser.add_argument("--settings", default="{}", help="JSON of Scrapy setting overrides")
    parser.add_argument("--max-pages", type=int, default=3000)
    parser.add_argument("--max-seconds", type=float, default=1800)
    parser.add_argument("--year-now", type=int, default=None)
    parser.add_argument("--robots-policy", choices=("obey", "audit_override"), default="obey")
    args = parser.parse_args(argv)

    settings = get_project_settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("GOVAUDIT_STORE", args.store, priority="cmdline")
    if args.robots_policy != "obey":  # an explicit audit policy; every such read is logged by the spider
        settings.set("ROBOTSTXT_OBEY", False, priority="cmdline")
    for key, value in json.loads(args.settings).items():
        settings.set(key, value, priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    process = CrawlerProcess(settings)
    reasons: dict[tuple[str, str], str] = {}
    handlers = []  # Scrapy's signal dispatcher holds receivers weakly: keep every closure alive

    for job in args.job:
        body, _, site = job.partition("=")
        crawler = process.create_crawler(SiteSpider)

        def _closed(spider: Any, reason: str, _key: tuple[str, str] = (body, site)) -> None:
            reasons[_key] = reason

        handlers.append(_closed)
        crawler.signals.connect(_closed, signal=signals.spider_closed)
        process.crawl(crawler, body=body, site=site, store_path=args.store, max_pages=args.max_pages,
                      max_seconds=args.max_seconds, year_now=args.year_now, robots_policy=args.robots_policy)
    process.start()

    store = RunStore(args.store)
    try:
        for (body, site), reason in reasons.items():
            store.set_progress(body, f"crawl:{site}", "done" if reason == "finished" else f"stopped:{reason}")
            store.delete_notes(body, "crawl-health")  # recomputed from all stored pages, also after a resume
            for level, message, url in health_notes(p for p in store.pages(body, with_content=False)
                                                    if p.site == site):
                store.add_note("crawl-health", message, body=body, level=level, url=url)
    finally:
        store.close()
    return 0 if all(r == "finished" for r in reasons.values()) else 3


if __name__ == "__main__":
    sys.exit(main())
