"""Run our accessibility checks on the W3C ACT Rules test cases and measure agreement per rule.

    .venv/bin/python tests/browser/act_agreement.py [--rules 23a2a8,afw4f7] [--out docs/act-agreement.md]

The ACT folder (tests/data/act-rules, W3C Document License) is served on loopback as the web root; each test case
page goes through `crawler.browser.a11y.check_pages`, and the per-page judgement that our a4.3.x audit uses is mapped
to an ACT outcome (passed / failed / inapplicable, or cantTell when the check did not run). Agreement follows the
ACT implementation convention: a case agrees when we report `failed` exactly when the expected outcome is `failed`
(passed and inapplicable are both "no failure"); the exact three-way match is reported alongside.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import sys
import tempfile
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from audits.accessibility import pages as P  # noqa: E402
from crawler.browser.a11y import check_pages  # noqa: E402

ACT_DIR = ROOT / "tests" / "data" / "act-rules"
PREFIX = "/WAI/content-assets/wcag-act-rules"
MOTION_WINDOW_S = 3.0  # long enough for the test pages' 1 s update interval and 2 s media fragments
OUTCOME = {P.PASS: "passed", P.FAIL: "failed", P.NA: "inapplicable", P.UNKNOWN: "cantTell"}


def _judged(fn: Callable[[dict[str, Any]], P.PageJudgement]) -> Callable[[dict[str, Any]], str]:
    return lambda art: OUTCOME[fn(art).status]


def _viewport(art: dict[str, Any]) -> str:
    z = art.get("zoom")
    if not z:
        return "cantTell"
    if z["zoom_blocked"]:
        return "failed"
    return "passed" if z["meta_viewport"] is not None else "inapplicable"


def _clipped(art: dict[str, Any]) -> str:
    z = art.get("zoom")
    if not z:
        return "cantTell"
    return "failed" if z.get("clipped_text") else "passed"


def _focus_visible(art: dict[str, Any]) -> str:
    k = art.get("keyboard")
    if not k:
        return "cantTell"
    if k["focusable"] == 0:
        return "inapplicable"
    return "failed" if k["focus_not_visible"] else "passed"


def _trap(art: dict[str, Any]) -> str:
    k = art.get("keyboard")
    if not k:
        return "cantTell"
    if k["focusable"] == 0:
        return "inapplicable"
    return "failed" if k["traps"] else "passed"


def _skip(art: dict[str, Any]) -> str:
    s = art.get("skip_link")
    if not s:
        return "cantTell"
    return "passed" if s["present"] and s["focus_moved"] else "failed"


def _audio_over_3s(art: dict[str, Any]) -> str:
    if not art.get("motion"):
        return "cantTell"
    facts = [P.media_facts(m) for m in art["motion"]["media"]]
    auto = [f for f in facts if f["auto"] and f["audible"]]
    if not auto:
        return "inapplicable"
    return "failed" if any(f["over_3s"] for f in auto) else "passed"


# ACT rule id -> (our indicator, how our artifact answers the rule, the checks it needs)
RULES: dict[str, tuple[str, Callable[[dict[str, Any]], str], frozenset[str]]] = {
    "23a2a8": ("a4.3.1", _judged(P.alt_text), frozenset({"axe"})),
    "80f0bf": ("a4.3.2", _judged(P.autoplay_audio), frozenset({"motion"})),
    "aaa1bf": ("a4.3.2", _audio_over_3s, frozenset({"motion"})),
    "4c31df": ("a4.3.2", _judged(P.autoplay_audio), frozenset({"motion"})),
    "efbfc7": ("a4.3.3", _judged(P.motion), frozenset({"motion"})),
    "oj04fd": ("a4.3.4", _focus_visible, frozenset({"keyboard"})),
    "80af7b": ("a4.3.4", _trap, frozenset({"keyboard"})),
    "a1b64e": ("a4.3.4", _trap, frozenset({"keyboard"})),
    "ye5d6e": ("a4.3.5", _skip, frozenset({"skip_link"})),
    "afw4f7": ("a4.3.7", _judged(P.contrast), frozenset({"axe"})),
    "b4f0c3": ("a4.3.8", _viewport, frozenset({"zoom"})),
    "59br37": ("a4.3.8", _clipped, frozenset({"zoom"})),
}


BATCHES = (frozenset({"axe"}), frozenset({"motion"}), frozenset({"keyboard", "skip_link", "zoom"}))


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def translate_path(self, path: str) -> str:
        # Test pages refer to their assets under the W3C site prefix: serve the ACT folder as that root.
        if path.startswith(PREFIX):
            path = path[len(PREFIX):] or "/"
        return super().translate_path(path)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        # Byte ranges, as any real web server serves media: without them a video cannot seek, and media fragments
        # (video.webm#t=8,10) would play from the start.
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range") or "")
        path = Path(self.translate_path(self.path.split("?")[0]))
        if not match or not path.is_file():
            super().do_GET()
            return
        data = path.read_bytes()
        start = int(match.group(1))
        end = min(int(match.group(2)) if match.group(2) else len(data) - 1, len(data) - 1)
        if start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{len(data)}")
            self.end_headers()
            return
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self.wfile.write(data[start:end + 1])


def serve(root: Path = ACT_DIR) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{PREFIX}/"


def load_cases(rules: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Test cases for `rules`, and those skipped because a file they load is not in our copy."""
    data = json.loads((ACT_DIR / "testcases.json").read_text(encoding="utf-8"))
    cases, skipped = [], []
    for case in data["testcases"]:
        if case["ruleId"] not in rules:
            continue
        page = (ACT_DIR / case["relativePath"]).read_text(encoding="utf-8")
        missing = [m for m in _assets(page) if not _asset_available(m)]
        (skipped if missing else cases).append(case)
    return cases, skipped


def _assets(page: str) -> list[str]:
    return [m for m in re.findall(rf'(?:src|href)="{PREFIX}/([^"#?]+)', page)]


def _asset_available(rel: str) -> bool:
    path = ACT_DIR / rel
    if path.exists():
        return True
    # We keep only the .webm of each video; the page's <source> list falls back to it.
    return path.suffix == ".mp4" and path.with_suffix(".webm").exists()


def run(rules: list[str] | None = None, *, workers: int = 2, timeout_s: float = 15,
        motion_window_s: float = MOTION_WINDOW_S) -> dict[str, Any]:
    rules = rules or list(RULES)
    cases, skipped = load_cases(rules)
    # Several rules share byte-identical test pages: check each distinct page once (per kind of pass).
    page_key = {c["relativePath"]: hashlib.sha1((ACT_DIR / c["relativePath"]).read_bytes()).hexdigest()
                for c in cases}
    server, base = serve()
    arts: dict[tuple[str, frozenset[str]], dict[str, Any]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="govaudit-act-") as tmp:
            # Three batches (axe; the motion window; the cheap scripted checks together), each running only the
            # checks its rules read.
            for batch in BATCHES:
                chosen: dict[str, str] = {}
                for c in cases:
                    if RULES[c["ruleId"]][2] <= batch:
                        chosen.setdefault(page_key[c["relativePath"]], base + c["relativePath"])
                checks = batch
                if not chosen:
                    continue
                slow = "motion" in checks
                # Motion pages mostly wait (the observation window), so more browsers than cores pay off.
                found = check_pages(sorted(chosen.values()), out_dir=Path(tmp), timeout_s=timeout_s,
                                    workers=workers * 3 if slow else workers, submit_forms=False,
                                    checks=checks, max_tabs=40, watch_tab=False,
                                    motion_window_s=motion_window_s if slow else 0.0)
                for key, url in chosen.items():
                    arts[(key, batch)] = found.get(url) or {"error": "not run"}
    finally:
        server.shutdown()
    results = []
    for case in cases:
        batch = next(b for b in BATCHES if RULES[case["ruleId"]][2] <= b)
        art = arts[(page_key[case["relativePath"]], batch)]
        ours = "cantTell" if art.get("error") else RULES[case["ruleId"]][1](art)
        results.append({"rule": case["ruleId"], "name": case["ruleName"], "title": case["testcaseTitle"],
                        "path": case["relativePath"], "expected": case["expected"], "ours": ours,
                        "agree": (ours == "failed") == (case["expected"] == "failed"),
                        "exact": ours == case["expected"]})
    return {"results": results, "skipped": skipped, "summary": summarise(results, skipped)}


def summarise(results: list[dict[str, Any]], skipped: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for rule, (indicator, _, _) in RULES.items():
        mine = [r for r in results if r["rule"] == rule]
        if not mine:
            continue
        agree = sum(r["agree"] for r in mine)
        rows.append({"rule": rule, "name": mine[0]["name"], "indicator": indicator, "cases": len(mine),
                     "agree": agree, "disagree": len(mine) - agree, "agreement": round(100 * agree / len(mine), 1),
                     "exact": sum(r["exact"] for r in mine),
                     "skipped": sum(1 for s in skipped if s["ruleId"] == rule)})
    return rows


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# ACT Rules agreement of the accessibility checks (a4.3.x)",
        "",
        "Generated by `tests/browser/act_agreement.py`: every W3C ACT Rules test case of the rules below, served on",
        "loopback from `tests/data/act-rules` and checked in headless Chromium by `crawler.browser.a11y`. A case",
        "*agrees* when we report `failed` exactly when the expected outcome is `failed` (ACT convention: passed and",
        "inapplicable both mean no failure); *exact* counts three-way matches. Skipped cases need a media file not",
        "kept in the repository.",
        "",
        "| rule | name | indicator | cases | agree | disagree | agreement % | exact | skipped |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["summary"]:
        lines.append(f"| {r['rule']} | {r['name']} | {r['indicator']} | {r['cases']} | {r['agree']} | "
                     f"{r['disagree']} | {r['agreement']} | {r['exact']} | {r['skipped']} |")
    total = sum(r["cases"] for r in report["summary"])
    agree = sum(r["agree"] for r in report["summary"])
    lines += ["", f"Overall: {agree} of {total} cases agree ({100 * agree / max(total, 1):.1f} %).", "",
              "## Disagreements", "", "| rule | case | expected | ours |", "|---|---|---|---|"]
    for r in report["results"]:
        if not r["agree"]:
            lines.append(f"| {r['rule']} | {r['title']} (`{Path(r['path']).name}`) | {r['expected']} | {r['ours']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", help="comma-separated ACT rule ids (default: all mapped rules)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "act-agreement.md"))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    report = run(args.rules.split(",") if args.rules else None, workers=args.workers)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(report), encoding="utf-8")
    for r in report["summary"]:
        print(f"{r['rule']} {r['indicator']} {r['agree']}/{r['cases']} ({r['agreement']} %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
