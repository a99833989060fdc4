"""The seed-000 formula, the interval rule, outage merging, bands and windows (monitoring/availability.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from monitoring.availability import availability, band, half_year, host_result, named_half_year, outages, spans
from monitoring.store import Sample

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC))


def samples(states: str, interval: float = 60.0, start: datetime = T0, gaps: dict[int, float] | None = None,
            reasons: dict[int, str] | None = None) -> list[Sample]:
    """One sample per character (u=up, d=down, g=degraded, x=unknown), evenly spaced unless `gaps` moves
    sample i by extra seconds."""
    out, t = [], start
    code = {"u": "up", "d": "down", "g": "degraded", "x": "unknown"}
    for i, ch in enumerate(states):
        t += timedelta(seconds=(gaps or {}).get(i, 0.0))
        out.append(Sample("https://h", "https://h/", t.isoformat(), interval, code[ch],
                          (reasons or {}).get(i, f"r{ch}")))
        t += timedelta(seconds=interval)
    return out


def test_formula_even_samples_is_the_share_not_down():
    # 10 samples, 2 down: A = 100 − (2 × 60 s) / (10 × 60 s) × 100 = 80 %
    r = availability(spans(samples("uuuddguuuu"), WINDOW), WINDOW)
    assert r["availability"] == pytest.approx(80.0)
    assert r["total_s"] == pytest.approx(600.0)
    assert r["downtime_s"] == pytest.approx(120.0)
    assert r["degraded_s"] == pytest.approx(60.0)  # degraded is reported, never downtime


def test_formula_uses_time_not_sample_counts():
    # the down sample is followed by the next one 120 s later (a slow round, within 2 intervals): it holds 120 s
    s = samples("udu", gaps={2: 60.0})
    r = availability(spans(s, WINDOW), WINDOW)
    assert r["total_s"] == pytest.approx(60 + 120 + 60)
    assert r["availability"] == pytest.approx(100 - 120 / 240 * 100)


def test_gap_longer_than_max_gap_factor_is_not_observed():
    # the monitor stopped for an hour after sample 1 (down): it holds one interval only; the hour is left out
    s = samples("ud" + "u", gaps={2: 3600.0})
    sp = spans(s, WINDOW, max_gap_factor=2.0)
    r = availability(sp, WINDOW)
    assert r["total_s"] == pytest.approx(180.0)
    assert r["availability"] == pytest.approx(100 - 60 / 180 * 100)
    # and an unobserved gap ends an outage: two down samples either side of it are two outages
    log = outages(spans(samples("dd", gaps={1: 3600.0}), WINDOW))
    assert [o["samples"] for o in log] == [1, 1]


def test_last_sample_holds_one_interval_and_unknown_holds_nothing():
    r = availability(spans(samples("ux"), WINDOW), WINDOW)
    assert r["total_s"] == pytest.approx(60.0)  # the unknown sample (gate refused) counts neither way
    assert availability(spans([], WINDOW), WINDOW)["availability"] is None


def test_spans_are_clipped_to_the_window():
    start = WINDOW[1] - timedelta(seconds=90)  # the second sample holds 60 s, 30 of them after the window
    r = availability(spans(samples("ud", start=start), WINDOW), WINDOW)
    assert r["total_s"] == pytest.approx(90.0)
    assert r["downtime_s"] == pytest.approx(30.0)
    before = samples("d", start=WINDOW[0] - timedelta(days=1))
    assert availability(spans(before, WINDOW), WINDOW)["total_s"] == 0


def test_outages_merge_contiguous_down_samples_with_their_reasons_in_order():
    s = samples("uddduddu", reasons={1: "HTTP 503", 2: "HTTP 503", 3: "connection refused", 5: "x", 6: "x"})
    log = outages(spans(s, WINDOW))
    assert [(o["samples"], o["reasons"], o["duration_s"]) for o in log] == [
        (3, ["HTTP 503", "connection refused"], 180.0), (2, ["x"], 120.0)]
    assert log[0]["start"] == (T0 + timedelta(seconds=60)).isoformat()
    assert log[0]["end"] == (T0 + timedelta(seconds=240)).isoformat()  # the first sample up again
    assert not log[0]["ongoing"] and not log[1]["ongoing"]


def test_an_outage_reaching_the_last_sample_is_ongoing():
    log = outages(spans(samples("udd"), WINDOW))
    assert log[0]["ongoing"] and log[0]["duration_s"] == 120.0


@pytest.mark.parametrize(("a", "year", "expected", "target"), [
    (99.95, 2026, "target_met", 99.9), (99.9, 2026, "target_met", 99.9), (99.85, 2026, "below_target", 99.9),
    (99.5, 2026, "below_target", 99.9), (99.49, 2026, "below_baseline", 99.9), (99.65, 2022, "target_met", 99.6),
    (99.65, 2023, "below_target", 99.7), (None, 2024, "no_data", 99.8)])
def test_seed_000_bands(a, year, expected, target):
    b = band(a, year)
    assert (b["band"], b["target"], b["baseline"]) == (expected, target, 99.5)


def test_a_year_without_a_seed_target_takes_the_nearest_and_says_so():
    b = band(99.95, 2028)
    assert b["target_year"] == 2026 and b["target"] == 99.9 and "2028" in b["note"]
    assert band(99.55, 2021)["target"] == 99.6


def test_half_year_windows_in_the_clock_time_zone():
    astana = timezone(timedelta(hours=5))
    start, end = half_year(datetime(2026, 7, 1, 12, tzinfo=astana))
    assert start == datetime(2026, 7, 1, tzinfo=astana) and end == datetime(2027, 1, 1, tzinfo=astana)
    assert half_year(datetime(2026, 6, 30, 23, tzinfo=UTC)) == (datetime(2026, 1, 1, tzinfo=UTC),
                                                                 datetime(2026, 7, 1, tzinfo=UTC))
    assert named_half_year("2025-H2") == (datetime(2025, 7, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


def test_host_result_counts_only_samples_in_the_window():
    s = samples("ud", start=WINDOW[0] - timedelta(seconds=60))  # the up sample is before the window
    r = host_result(s, WINDOW, 2026, 2.0)
    assert r["samples"] == {"up": 0, "degraded": 0, "down": 1, "unknown": 0}
    assert r["availability"] == 0.0 and r["band"]["band"] == "below_baseline"
