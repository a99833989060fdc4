"""Logging and progress display: human lines by default, JSON lines for CI, quiet for scripts."""

from __future__ import annotations

import json
import logging
import sys
import threading
import time

log = logging.getLogger("govaudit")


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps({"time": round(record.created, 3), "level": record.levelname.lower(),
                           "msg": record.getMessage(), **getattr(record, "fields", {})}, ensure_ascii=False)


def configure_logging(*, quiet: bool = False, json_lines: bool = False, bars: bool | None = None) -> None:
    """`bars`: progress bars (tqdm) instead of progress lines; default on when stderr is a terminal and the log is
    neither JSON nor quiet (CI and pipes get the JSON or text lines)."""
    global _bars
    _bars = (not quiet and not json_lines and sys.stderr.isatty()) if bars is None else bars
    handler: logging.Handler = _TqdmHandler() if _bars else logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonFormatter() if json_lines else logging.Formatter("%(levelname)-7s %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False
    # Scrapy and other libraries are noisy at INFO; keep them to warnings.
    for name in ("scrapy", "twisted", "filelock", "urllib3", "selenium", "asyncio"):
        logging.getLogger(name).setLevel(logging.WARNING)


_bars = False


class _TqdmHandler(logging.StreamHandler):
    """Log lines printed above the progress bars instead of through them."""

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        try:
            tqdm.write(self.format(record), file=sys.stderr)
        except Exception:  # noqa: BLE001 - as logging's own handlers: a failed log line must not stop the run
            self.handleError(record)


def eta_seconds(done: float, total: float, elapsed: float) -> float | None:
    """Seconds left at the pace so far (None before the first step)."""
    if done <= 0 or total <= 0:
        return None
    return max(0.0, elapsed / done * (total - done))


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    """A stage's progress with an ETA: a bar on a terminal, else one log line (text or JSON) per step at most
    every `interval` seconds (plus the last). Thread-safe. `parent` (the run's overall progress) is stepped with
    every step, so the overall ETA follows all stages together. `add(n)` grows the total (work found on the way)."""

    def __init__(self, stage: str, total: int, interval: float = 2.0, parent: Progress | None = None) -> None:
        self.stage, self.total, self.interval, self.parent = stage, total, interval, parent
        self.done = 0
        self._last = 0.0
        self._start = time.monotonic()
        self._lock = threading.Lock()
        self._bar = None
        if _bars:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=stage, file=sys.stderr, unit="job", dynamic_ncols=True)

    def add(self, n: int) -> None:
        with self._lock:
            self.total += n
            if self._bar is not None:
                self._bar.total = self.total
                self._bar.refresh()

    def step(self, label: str = "") -> None:
        with self._lock:
            self.done += 1
            now = time.monotonic()
            elapsed = now - self._start
            eta = eta_seconds(self.done, self.total, elapsed)
            if self._bar is not None:
                self._bar.set_postfix_str(label[:40], refresh=False)
                self._bar.update(1)
                if self.done >= self.total:
                    self._bar.close()
            elif now - self._last >= self.interval or self.done == self.total:
                self._last = now
                log.info("[%s] %d/%d %s (%.0fs, ETA %s)", self.stage, self.done, self.total, label, elapsed,
                         _clock(eta), extra={"fields": {"stage": self.stage, "done": self.done, "total": self.total,
                                                        "elapsed_s": round(elapsed, 1),
                                                        "eta_s": None if eta is None else round(eta, 1)}})
        if self.parent is not None:
            self.parent.step(f"{self.stage} {label}".strip())

    def close(self) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.close()
