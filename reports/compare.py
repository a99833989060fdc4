"""The half-year comparison: PREVIOUS_RUN vs CURRENT_RUN -> CURRENT_RUN/comparison.json, which the report (index
deltas, a section per body) and the workbook (sheet `comparison`) show.

Per body: the delta of the ICT, openness and overall finals and of every ICT criterion and openness measure;
per finding (matched by its stable id): verdicts that changed, defects fixed (fail/partial -> pass) and new
(pass -> fail/partial, or a failing finding the previous run did not have). Runs scored with different
methodology versions or readings say so in `caveats`, and the numbers are still given.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.errors import InputError
from reports.rundata import COMPARISON_FILE, RunData, indicator_key, load_run

DEFECT = ("fail", "partial")


def _finals(run: RunData, key: str) -> dict[str, float | None]:
    s = run.body_scores(key)
    out: dict[str, float | None] = {
        "ict": ((s.get("ict") or {}).get("final") or {}).get("points"),
        "openness": ((s.get("openness") or {}).get("final") or {}).get("points"),
        "overall": (s.get("overall") or {}).get("points"),
    }
    for cid, node in ((s.get("ict") or {}).get("criteria") or {}).items():
        out[cid] = node.get("points")
    for mid, node in ((s.get("openness") or {}).get("measures") or {}).items():
        out[mid] = node.get("points")
    return out


def _delta(prev: float | None, cur: float | None) -> float | None:
    return None if prev is None or cur is None else round(cur - prev, 4)


def caveats(prev: RunData, cur: RunData) -> list[str]:
    out = []
    p_meth = {m["id"]: m["version"] for m in prev.scores.get("methodologies") or []}
    c_meth = {m["id"]: m["version"] for m in cur.scores.get("methodologies") or []}
    for mid in sorted(set(p_meth) | set(c_meth)):
        if p_meth.get(mid) != c_meth.get(mid):
            out.append(f"methodology {mid}: version {p_meth.get(mid)} in the previous run, {c_meth.get(mid)} now")
    p_set, c_set = _readings(prev), _readings(cur)
    for name in sorted(set(p_set) | set(c_set)):
        pv, cv = (p_set.get(name) or {}).get("value"), (c_set.get(name) or {}).get("value")
        if name != "audit_date" and pv != cv:
            stage = (c_set.get(name) or p_set.get(name) or {}).get("applied_by") or "scoring"
            out.append(f"reading {name} ({stage}): {pv!r} in the previous run, {cv!r} now")
    gone = sorted({b["key"] for b in prev.bodies} - {b["key"] for b in cur.bodies})
    new = sorted({b["key"] for b in cur.bodies} - {b["key"] for b in prev.bodies})
    if gone:
        out.append(f"bodies no longer assessed: {', '.join(gone)}")
    if new:
        out.append(f"bodies new in this run: {', '.join(new)}")
    return out


def _readings(run: RunData) -> dict[str, Any]:
    """Every reading of a run (one registry: scores.json names them all); a run scored before the registry kept its
    audit readings only in settings.json's `audit` block."""
    out = dict(run.scores.get("settings") or (run.settings or {}).get("readings") or {})
    for name, value in ((run.settings or {}).get("audit") or {}).items():
        out.setdefault(name, {"value": value, "applied_by": "audits"})
    return out


def compare(prev: RunData, cur: RunData) -> dict[str, Any]:
    bodies: dict[str, dict[str, Any]] = {}
    prev_keys = {b["key"] for b in prev.bodies}
    for b in cur.bodies:
        key = b["key"]
        if key not in prev_keys:
            continue
        p, c = _finals(prev, key), _finals(cur, key)
        bodies[key] = {item: {"previous": p.get(item), "current": c.get(item),
                              "delta": _delta(p.get(item), c.get(item))}
                       for item in sorted(set(p) | set(c), key=indicator_key)}
    before = {f["id"]: f for f in prev.findings if f["body"] in prev_keys}
    changed = []
    for f in cur.findings:
        old = before.get(f["id"])
        if f["body"] not in prev_keys:
            continue
        if old is None:
            if f["verdict"] in DEFECT:
                changed.append(_change(None, f, "new_defect"))
            continue
        if old["verdict"] == f["verdict"] and old.get("points") == f.get("points"):
            continue
        kind = ("fixed_defect" if old["verdict"] in DEFECT and f["verdict"] == "pass" else
                "new_defect" if f["verdict"] in DEFECT and old["verdict"] not in DEFECT else "changed_verdict")
        changed.append(_change(old, f, kind))
    current_ids = {f["id"] for f in cur.findings}
    for fid, old in before.items():  # a defect whose finding is gone (e.g. the page was removed)
        if fid not in current_ids and old["verdict"] in DEFECT and old["body"] in {b["key"] for b in cur.bodies}:
            changed.append(_change(old, None, "fixed_defect"))
    changed.sort(key=lambda c: (c["body"], indicator_key(c["indicator"]), c.get("lang") or ""))
    counts: dict[str, dict[str, int]] = {}
    for c in changed:
        counts.setdefault(c["body"], {}).setdefault(c["kind"], 0)
        counts[c["body"]][c["kind"]] += 1
    return {"schema": "govaudit.comparison/1", "previous_run": str(prev.run_dir), "current_run": str(cur.run_dir),
            "caveats": caveats(prev, cur), "bodies": bodies, "changed": changed, "counts": counts}


def _change(old: dict[str, Any] | None, new: dict[str, Any] | None, kind: str) -> dict[str, Any]:
    f = new or old or {}
    return {"finding_id": f["id"], "body": f["body"], "indicator": f["indicator"], "lang": f.get("lang"),
            "kind": kind, "previous_verdict": (old or {}).get("verdict"), "current_verdict": (new or {}).get("verdict"),
            "previous_points": (old or {}).get("points"), "current_points": (new or {}).get("points")}


def _check_run(path: Path, what: str) -> None:
    if not path.is_dir() or not (path / "findings.json").is_file() or not (path / "scores.json").is_file():
        raise InputError(f"{what} {path}: not a scored run directory (needs findings.json and scores.json)",
                         "pass two directories written by `govaudit run` (score them with `govaudit score DIR`)")


def compare_runs(previous: Path, current: Path) -> Path:
    """Write CURRENT/comparison.json; the report and workbook of CURRENT pick it up when re-rendered."""
    _check_run(Path(previous), "PREVIOUS_RUN")
    _check_run(Path(current), "CURRENT_RUN")
    if Path(previous).resolve() == Path(current).resolve():
        raise InputError(f"PREVIOUS_RUN and CURRENT_RUN are the same directory ({current})",
                         "pass the previous half-year's run first, then the current one")
    try:
        doc = compare(load_run(Path(previous)), load_run(Path(current)))
    except ValueError as exc:  # damaged JSON
        raise InputError(f"a run file could not be read ({exc})", "re-run `govaudit score DIR` on both runs") from exc
    out = Path(current) / COMPARISON_FILE
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(out)
    return out
