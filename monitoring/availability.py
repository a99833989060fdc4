"""Availability per host over the half-year window, by the seed-000 formula, with its outage log. Pure functions.

    A = 100 % − downtime / total × 100          (000:480-513; the garbled B term read as downtime)

**The interval rule.** Samples are instants; time is attributed by a step function: a sample's state holds from its
time until the next sample of the same host. Two exceptions:
- a gap longer than `max_gap_factor` × the sample's interval (the monitor was not running, e.g. between two
  invocations) is not observed: the sample holds for one interval only and the rest of the gap counts neither as
  up nor as down (it is left out of `total`);
- the last sample holds for one interval (as if the next sample came on time), so with evenly spaced samples each
  one weighs the same and A is the share of samples not down.
Every span is clipped to the window. `unknown` samples (not sampled: the gate refused the URL) hold nothing.

total = observed time (up + degraded + down) in the window; downtime = the time held by `down` samples; degraded
time is reported beside A and is not downtime. `coverage` = observed time / window length.

**Outages**: maximal runs of contiguous `down` spans (an unobserved gap ends an outage), with start, end, duration,
the samples in it and their distinct reasons in order; `ongoing` when it reaches the host's last sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from monitoring.classify import DEGRADED, DOWN, UNKNOWN, UP
from monitoring.store import Sample

BANDS = ("target_met", "below_target", "below_baseline", "no_data")


@dataclass
class Span:
    start: datetime
    end: datetime
    state: str
    reason: str
    last: bool  # held by the host's last sample

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


def parse_time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def spans(samples: list[Sample], window: tuple[datetime, datetime], max_gap_factor: float = 2.0) -> list[Span]:
    """The time each sample holds (the interval rule), clipped to the window; one host's samples."""
    ordered = sorted(samples, key=lambda s: parse_time(s.t))
    w_start, w_end = window
    out: list[Span] = []
    for i, s in enumerate(ordered):
        t = parse_time(s.t)
        nominal = timedelta(seconds=s.interval_s)
        if i + 1 < len(ordered):
            nxt = parse_time(ordered[i + 1].t)
            end = nxt if (nxt - t) <= nominal * max_gap_factor else t + nominal
        else:
            end = t + nominal
        start, end = max(t, w_start), min(end, w_end)
        if s.state == UNKNOWN or end <= start:
            continue
        out.append(Span(start, end, s.state, s.reason, last=i == len(ordered) - 1))
    return out


def availability(host_spans: list[Span], window: tuple[datetime, datetime]) -> dict[str, Any]:
    seconds = {state: 0.0 for state in (UP, DEGRADED, DOWN)}
    for sp in host_spans:
        seconds[sp.state] = seconds.get(sp.state, 0.0) + sp.seconds
    total = sum(seconds.values())
    length = (window[1] - window[0]).total_seconds()
    a = None if total <= 0 else 100.0 - seconds[DOWN] / total * 100.0
    return {"availability": None if a is None else round(a, 4), "total_s": round(total, 3),
            "downtime_s": round(seconds[DOWN], 3), "degraded_s": round(seconds[DEGRADED], 3),
            "up_s": round(seconds[UP], 3), "coverage": round(total / length, 6) if length > 0 else None}


def outages(host_spans: list[Span]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    previous_end: datetime | None = None
    for sp in host_spans:
        contiguous = previous_end is not None and sp.start == previous_end
        if sp.state == DOWN:
            if current is not None and contiguous:
                current["end"], current["samples"] = sp.end, current["samples"] + 1
                if sp.reason not in current["reasons"]:
                    current["reasons"].append(sp.reason)
            else:
                current = {"start": sp.start, "end": sp.end, "samples": 1, "reasons": [sp.reason]}
                out.append(current)
            current["ongoing"] = sp.last
        else:
            current = None
        previous_end = sp.end
    for o in out:
        o["duration_s"] = round((o["end"] - o["start"]).total_seconds(), 3)
        o["start"], o["end"] = o["start"].isoformat(), o["end"].isoformat()
    return out


@lru_cache(maxsize=1)
def seed_targets() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("availability_targets.yaml").read_text(encoding="utf-8"))


def band(a: float | None, year: int) -> dict[str, Any]:
    """The seed-000 band of A for `year`: target_met, below_target, below_baseline (or no_data)."""
    data = seed_targets()
    targets = {int(k): float(v) for k, v in data["targets"].items()}
    used = min(targets, key=lambda y: (abs(y - year), -y))
    out = {"year": year, "target_year": used, "target": targets[used], "baseline": float(data["baseline"]["percent"]),
           "source": data["source"]}
    if used != year:
        out["note"] = f"seed 000 gives no target for {year}; the {used} target is used"
    if a is None:
        out["band"] = "no_data"
    elif a >= out["target"]:
        out["band"] = "target_met"
    elif a >= out["baseline"]:
        out["band"] = "below_target"
    else:
        out["band"] = "below_baseline"
    return out


def half_year(clock: datetime) -> tuple[datetime, datetime]:
    """The calendar half-year containing `clock`, in the clock's own time zone (Astana time for the audit clock)."""
    tz = clock.tzinfo or UTC
    if clock.month <= 6:
        start, end = datetime(clock.year, 1, 1, tzinfo=tz), datetime(clock.year, 7, 1, tzinfo=tz)
    else:
        start, end = datetime(clock.year, 7, 1, tzinfo=tz), datetime(clock.year + 1, 1, 1, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def named_half_year(name: str, tz: Any = UTC) -> tuple[datetime, datetime]:
    """ "2026-H1" -> its start and end (in `tz`)."""
    year, half = int(name[:4]), int(name[-1])
    return half_year(datetime(year, 1 if half == 1 else 7, 15, tzinfo=tz))


def host_result(samples: list[Sample], window: tuple[datetime, datetime], year: int,
                max_gap_factor: float) -> dict[str, Any]:
    """Everything availability.json says about one host's samples."""
    in_window = spans(samples, window, max_gap_factor)
    result = availability(in_window, window)
    counts = {state: 0 for state in (UP, DEGRADED, DOWN, UNKNOWN)}
    for s in samples:
        if window[0] <= parse_time(s.t) < window[1]:
            counts[s.state] = counts.get(s.state, 0) + 1
    result["samples"] = counts
    result["sample_count"] = sum(counts.values())
    result["band"] = band(result["availability"], year)
    result["outages"] = outages(in_window)
    return result
