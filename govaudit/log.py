"""Logging and progress display: human lines by default, JSON lines for CI, quiet for scripts."""

from __future__ import annotations

import json
import logging
import sys
import time

log = logging.getLogger("govaudit")


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps({"time": round(record.created, 3), "level": record.levelname.lower(),
                           "msg": record.getMessage(), **getattr(record, "fields", {})}, ensure_ascii=False)


def configure_logging(*, quiet: bool = False, json_lines: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonFormatter() if json_lines else logging.Formatter("%(levelname)-7s %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False
    # Scrapy and other libraries are noisy at INFO; keep them to warnings.
    for name in ("scrapy", "twisted", "filelock", "urllib3", "selenium", "asyncio"):
        logging.getLogger(name).setLevel(logging.WARNING)


class Progress:
    """A stage's progress: one log line per step at most every `interval` seconds (plus the last)."""

    def __init__(self, stage: str, total: int, interval: float = 2.0) -> None:
        self.stage, self.total, self.interval = stage, total, interval
        self.done = 0
        self._last = 0.0
        self._start = time.monotonic()

    def step(self, label: str = "") -> None:
        self.done += 1
        now = time.monotonic()
        if now - self._last >= self.interval or self.done == self.total:
            self._last = now
            log.info("[%s] %d/%d %s (%.0fs)", self.stage, self.done, self.total, label, now - self._start,
                     extra={"fields": {"stage": self.stage, "done": self.done, "total": self.total}})
