"""Crawl speed: govaudit's crawler vs LinkChecker vs `wget --spider -r` on one generated 5,000-page site.

    .venv/bin/pip install -e '.[bench]'        # LinkChecker
    .venv/bin/python benchmarks/crawl_speed.py [--pages 5000]

Serves a deterministic static site on loopback (each page: a menu, a breadcrumb, text and links to its children
in a tree, so every page is reachable), then crawls it once with each tool and prints pages/s and peak memory
(max RSS of the tool's process tree). govaudit stores everything the audits need (HTML, edges, page facts) in a
real SQLite run store while it crawls.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fixtures.server import FixtureServers, Request, Response  # noqa: E402

FANOUT = 4
TEXT = ("Министрлік азаматтарды қабылдау кестесін жариялайды. Министерство публикует график приёма граждан "
        "и отчёты о деятельности. ") * 6


class TreeSite:
    name, host = "bench", "bench.example"

    def __init__(self, pages: int) -> None:
        self.pages = pages
        self.linkchecker_full_speed = False

    def handle(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return Response.text("User-agent: *\nAllow: /\n", content_type="text/plain")
        if request.path in ("/", "/index.html"):
            i = 0
        elif request.path.startswith("/p/") and request.path.endswith(".html"):
            try:
                i = int(request.path[3:-5])
            except ValueError:
                return Response.not_found()
        else:
            return Response.not_found()
        if not 0 <= i < self.pages:
            return Response.not_found()
        menu = "".join(f'<li><a href="/p/{k}.html">Раздел {k}</a></li>' for k in range(1, 9))
        kids = "".join(f'<li><a href="/p/{c}.html">Страница {c}</a></li>'
                       for c in range(i * FANOUT + 1, i * FANOUT + FANOUT + 1) if c < self.pages)
        parent = max(0, (i - 1) // FANOUT)
        html = (f"<!doctype html><html lang='ru'><head><title>Страница {i}</title></head><body>"
                f"<header><a href='/'>Главная</a></header><nav class='main-menu'><ul>{menu}</ul></nav>"
                f"<div class='breadcrumbs'><a href='/'>Главная</a> › <a href='/p/{parent}.html'>{parent}</a></div>"
                f"<main><h1>Страница {i}</h1><p>{TEXT}</p><ul>{kids}</ul></main>"
                f"<footer><a href='/p/1.html'>Карта сайта</a></footer></body></html>")
        response = Response.text(html)
        if self.linkchecker_full_speed:
            # LinkChecker waits 0.1-0.6 s between requests to one host unless the server answers with a
            # "LinkChecker" header, a server-side opt-in for full speed that no setting of LinkChecker replaces.
            response.headers.append(("LinkChecker", "full-speed"))
        return response


def run_measured(cmd: list[str], cwd: Path | None = None, stdout: Path | None = None) -> tuple[float, float, int]:
    """(seconds, peak RSS MB of the process, exit code)."""
    start = time.monotonic()
    sink = stdout.open("wb") if stdout else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=sink, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    if stdout:
        sink.close()
    elapsed = time.monotonic() - start
    peak_mb = usage.ru_maxrss / 1024  # the waited child's own peak (kB on Linux)
    return elapsed, peak_mb, os.waitstatus_to_exitcode(status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--linkchecker", choices=("own-settings", "server-opt-in", "both"), default="both",
                        help="LinkChecker as configured (throttled per host, ~30 min at 5,000 pages), with the "
                             "server's full-speed opt-in header, or both")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    work = Path(tempfile.mkdtemp(prefix="govaudit-bench-"))
    work.chmod(0o755)  # LinkChecker run as root drops to user nobody, which must read its config file
    results = []
    try:
        site = TreeSite(args.pages)
        with FixtureServers([site]) as servers:
            base = servers.urls["bench"] + "/"
            store = work / "run.sqlite"
            secs, mb, code = run_measured([sys.executable, "-m", "crawler.crawl_process", "--store", str(store),
                                           "--job", f"bench={base}", "--max-pages", str(args.pages + 100),
                                           "--settings", '{"AUTOTHROTTLE_ENABLED": false, '
                                           '"CONCURRENT_REQUESTS_PER_DOMAIN": 16}'], cwd=root)
            db = sqlite3.connect(store)
            pages = db.execute("SELECT count(*) FROM pages WHERE status = 200 AND url LIKE '%.html' "
                               "OR url = ?", (base,)).fetchone()[0]
            edges = db.execute("SELECT count(*) FROM edges").fetchone()[0]
            results.append(("govaudit (Scrapy + run store)", pages, secs, mb, code, f"{edges} edges stored"))

            linkchecker = shutil.which("linkchecker") or str(Path(sys.executable).with_name("linkchecker"))
            modes = {"own-settings": [False], "server-opt-in": [True], "both": [True, False]}[args.linkchecker]
            for full_speed in modes if Path(linkchecker).exists() else []:
                # Every URL once (-r -1), 16 threads, its per-second cap lifted; -v lists every URL.
                site.linkchecker_full_speed = full_speed
                rc = work / "linkcheckerrc"
                rc.write_text("[checking]\nthreads=16\nmaxrequestspersecond=1000\n", encoding="utf-8")
                out = work / "lc.csv"
                secs, mb, code = run_measured([linkchecker, "-f", str(rc), "--no-status", "-v", "-r", "-1",
                                               "-o", "csv", base], stdout=out)
                checked = sum(1 for line in out.open(encoding="utf-8", errors="replace") if ";200 OK;" in line)
                name = "LinkChecker 10.6.0" + (" (server opt-in)" if full_speed else " (own settings)")
                results.append((name, checked, secs, mb, code, "URLs reported 200 OK"))
            if not Path(linkchecker).exists():
                results.append(("LinkChecker", 0, 0.0, 0.0, -1, "not installed: pip install -e '.[bench]'"))

            wget_dir = work / "wget"
            wget_dir.mkdir()
            secs, mb, code = run_measured(["wget", "--spider", "-r", "-l", "inf", "-nd", "-nv", "-e",
                                           "robots=off", "-P", str(wget_dir), base])
            results.append(("wget --spider -r", args.pages, secs, mb, code, ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'tool':32} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'peak MB':>8}  exit  note")
    for name, pages, secs, mb, code, note in results:
        rate = pages / secs if secs else 0.0
        print(f"{name:32} {pages:6d} {secs:8.1f} {rate:8.1f} {mb:8.0f}  {code:4d}  {note}")
    gov = results[0]
    for name, pages, secs, *_rest in results[1:]:
        if name.startswith("LinkChecker ") and secs:
            print(f"govaudit / {name} pages/s: {(gov[1] / gov[2]) / (pages / secs):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
