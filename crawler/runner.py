"""Runs the site crawls for a set of bodies in a child process and reports what happened."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from core.errors import StageFailed
from core.log import log
from core.targets import Body, number_problem
from crawler.crawl_process import EXIT_CRASHED, EXIT_OK, EXIT_STOPPED
from crawler.store import STORE_NAME, RunStore

FAILURE_STAGE = "crawl-failure"  # notes saying why a site's crawl did not run; cleared when it is retried


def crawl_sites(run_dir: Path, bodies: list[Body], *, max_pages: int = 3000, max_seconds: float = 1800,
                year_now: int | None = None, robots_policy: str = "obey",
                scrapy_settings: dict[str, Any] | None = None, politeness: dict[str, Any] | None = None) -> None:
    """Crawl every stand-alone site of the given bodies that is not already marked done.

    Crawls stopped by a cap or the time budget are normal (noted per site). A crawler that crashes raises
    StageFailed naming the cause, after recording it as an error note for each site it did not crawl.
    `politeness`: the spec of the run's shared per-host budget (crawler/politeness.py), passed to the child."""
    jobs = _pending_jobs(run_dir, bodies)
    if not jobs:
        log.info("[crawl] nothing to crawl (all sites done)")
        return
    log.info("[crawl] crawling %d site(s)", len(jobs))
    with tempfile.TemporaryDirectory(prefix="govaudit-crawl-") as tmp:
        status_file = Path(tmp) / "status.json"
        cmd = [sys.executable, "-m", "crawler.crawl_process", "--store", str(run_dir / STORE_NAME),
               "--max-pages", str(max_pages), "--max-seconds", str(max_seconds), "--robots-policy", robots_policy,
               "--settings", json.dumps(scrapy_settings or {}), "--status", str(status_file)]
        if year_now:
            cmd += ["--year-now", str(year_now)]
        if politeness:
            cmd += ["--politeness", json.dumps(politeness)]
        for body, site in jobs:
            cmd += ["--job", f"{body}={site}"]
        proc = subprocess.Popen(cmd, cwd=Path(__file__).resolve().parent.parent)
        returncode = _wait_with_progress(proc, run_dir / STORE_NAME)
        status = _read_status(status_file)
    if returncode in (130, -signal.SIGINT, -signal.SIGTERM):
        raise KeyboardInterrupt
    if returncode in (EXIT_OK, EXIT_STOPPED):
        return
    failures = _failures(returncode, status, jobs)
    _record_failures(run_dir, failures)
    causes = sorted(set(failures.values()))
    raise StageFailed("crawl", f"the crawler failed for {len(failures)} of {len(jobs)} site(s): "
                      + "; ".join(causes[:3]) + (f" (and {len(causes) - 3} more)" if len(causes) > 3 else ""),
                      "fix the cause named above (a bad audit.scrapy_settings value in the targets file is the "
                      "usual one), then continue with `govaudit run --resume DIR`; the sites not crawled are "
                      "reported as errors")


def _pending_jobs(run_dir: Path, bodies: list[Body]) -> list[tuple[str, str]]:
    store = RunStore.in_dir(run_dir)
    try:
        jobs = [(b.key, site) for b in bodies if b.platform == "standalone" for site in b.sites
                if store.progress(b.key, f"crawl:{site}") != "done"]
        for body in {body for body, _ in jobs}:  # a retried crawl starts with a clean slate
            store.delete_notes(body, FAILURE_STAGE)
    finally:
        store.close()
    return jobs


def _read_status(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _failures(returncode: int, status: dict[str, Any], jobs: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(body, site) -> why its crawl failed; when the child says nothing specific, every job shares one cause."""
    failed: dict[tuple[str, str], str] = {}
    for job, cause in (status.get("failed") or {}).items():
        body, _, site = job.partition("=")
        failed[(body, site)] = cause
    if failed:
        return failed
    if status.get("crashed"):
        cause = f"the crawler process crashed: {status['crashed']}"
    elif returncode < 0:  # e.g. SIGKILL from the out-of-memory killer
        cause = f"the crawler process was killed by signal {_signal_name(-returncode)}"
    elif returncode == EXIT_CRASHED:
        cause = "the crawler process crashed (see its message above)"
    else:
        cause = f"the crawler process exited with code {returncode} (see its messages above)"
    return dict.fromkeys(jobs, cause)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def _record_failures(run_dir: Path, failures: dict[tuple[str, str], str]) -> None:
    store = RunStore.in_dir(run_dir)
    try:
        for (body, site), cause in failures.items():
            store.add_note(FAILURE_STAGE, f"the crawl of {site} failed: {cause}", body=body, level="error", url=site)
    finally:
        store.close()


def _wait_with_progress(proc: subprocess.Popen, store_path: Path, every_s: float = 5.0) -> int:
    """Wait for the crawl, logging how many pages the store holds every few seconds."""
    last = -1
    while True:
        try:
            return proc.wait(timeout=every_s)
        except subprocess.TimeoutExpired:
            pass
        try:
            db = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True, timeout=1)
            count = db.execute("SELECT count(*) FROM pages").fetchone()[0]
            db.close()
        except sqlite3.Error:
            continue
        if count != last:
            log.info("[crawl] %d pages stored so far", count)
            last = count


# -- settings checked before anything runs ----------------------------------------------------------------

# Component maps whose keys are import paths and values orders (or None to switch one off).
COMPONENT_SETTINGS = ("DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "ITEM_PIPELINES", "EXTENSIONS", "ADDONS")
# Numeric settings that may be negative (request priority adjustments); every other one must be >= 0.
SIGNED_SETTINGS = {"DEPTH_PRIORITY", "REDIRECT_PRIORITY_ADJUST", "RETRY_PRIORITY_ADJUST"}
# Numeric settings where 0 makes no sense (no concurrency, an instant timeout).
POSITIVE_SETTINGS = {"CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "CONCURRENT_ITEMS",
                     "DOWNLOAD_TIMEOUT", "DNS_TIMEOUT", "REACTOR_THREADPOOL_MAXSIZE",
                     "AUTOTHROTTLE_TARGET_CONCURRENCY"}
# Numeric settings Scrapy reads as integers (counts, sizes, priorities); the others may be fractional (seconds).
WHOLE_SETTINGS = {"CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "CONCURRENT_ITEMS", "DEPTH_LIMIT",
                  "DEPTH_PRIORITY", "RETRY_TIMES", "REDIRECT_MAX_TIMES", "REDIRECT_PRIORITY_ADJUST",
                  "RETRY_PRIORITY_ADJUST", "DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE", "CLOSESPIDER_PAGECOUNT",
                  "CLOSESPIDER_ITEMCOUNT", "CLOSESPIDER_ERRORCOUNT", "CLOSESPIDER_PAGECOUNT_NO_ITEM",
                  "REACTOR_THREADPOOL_MAXSIZE", "DNSCACHE_SIZE", "URLLENGTH_LIMIT", "MEMUSAGE_LIMIT_MB",
                  "MEMUSAGE_WARNING_MB", "GOVAUDIT_MAX_REDIRECTS"}
CHOICES = {"LOG_LEVEL": ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")}
# A text setting whose default is an import path (DUPEFILTER_CLASS, SCHEDULER, ...) takes an import path.
IMPORT_PATH = re.compile(r"[A-Za-z_]\w*(\.\w+)+")


def setting_defaults() -> dict[str, Any]:
    """Every setting the crawler knows, with its default value (Scrapy's, then the project's)."""
    from scrapy.settings import default_settings

    import crawler.settings as project

    out = {name: getattr(default_settings, name) for name in dir(default_settings) if name.isupper()}
    out.update({name: getattr(project, name) for name in dir(project) if name.isupper()})
    return out


def scrapy_settings_problems(values: dict[str, Any], where: str = "audit.scrapy_settings") -> list[str]:
    """Each problem with a Scrapy setting override, named `where.NAME`, judged by the type of its default."""
    defaults = setting_defaults()
    problems = []
    for name, value in values.items():
        if name not in defaults:
            problems.append(f"{where}.{name}: not a Scrapy or govaudit crawler setting (check the spelling)")
        elif problem := _setting_problem(name, value, defaults[name]):
            problems.append(f"{where}.{name}: {problem}")
    return problems


def _setting_problem(name: str, value: Any, default: Any) -> str | None:
    if isinstance(default, bool):
        return None if isinstance(value, bool) else f"{value!r} must be true or false"
    if isinstance(default, int | float):
        return number_problem(value, whole=name in WHOLE_SETTINGS, positive=name in POSITIVE_SETTINGS,
                              signed=name in SIGNED_SETTINGS)
    if name in COMPONENT_SETTINGS:
        return _components_problem(value)
    if name in CHOICES:
        return None if value in CHOICES[name] else f"{value!r} must be one of {', '.join(CHOICES[name])}"
    if isinstance(default, str) and IMPORT_PATH.fullmatch(default) and not name.endswith("_MODULE"):
        return _import_problem(value)
    for kind, label in ((dict, "a mapping"), (list, "a list"), (str, "text")):
        if isinstance(default, kind) and not isinstance(value, kind):
            return f"{value!r} must be {label}"
    return None


def _import_problem(path: Any) -> str | None:
    from scrapy.utils.misc import load_object

    if not isinstance(path, str):
        return f"{path!r} must be an import path (text such as package.module.Class)"
    try:
        load_object(path)
    except Exception as exc:  # ImportError, AttributeError, ValueError: all mean "not usable"
        return f"{path!r} cannot be imported ({type(exc).__name__}: {exc})"
    return None


def _components_problem(value: Any) -> str | None:
    """A component map: every path importable, every order a whole number or null (switched off)."""
    if not isinstance(value, dict):
        return f"{value!r} must be a mapping of import path -> order"
    for path, order in value.items():
        if order is not None and (isinstance(order, bool) or not isinstance(order, int)):
            return f"{path}: order {order!r} must be a whole number (or null to switch it off)"
        if problem := _import_problem(path):
            return problem
    return None
