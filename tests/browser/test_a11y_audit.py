"""The pure a4.3.x audits on saved browser artifacts (tests/browser/data) and on small edited variants."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest

from audits.accessibility import audit_accessibility
from audits.accessibility import pages as P
from crawler.browser.page_checks import viewport_blocks_zoom

DATA = json.loads((Path(__file__).with_name("data") / "artifacts_handmade.json").read_text(encoding="utf-8"))
GOOD, BAD, TRAP = (f"https://example.gov.kz/{n}.html" for n in ("good", "bad", "trap"))
INDICATORS = [f"a4.3.{i}" for i in range(1, 9)]


def run(arts: dict, **kw) -> dict[str, dict]:
    findings = audit_accessibility("mf", "https://example.gov.kz/", arts, **kw)
    assert [f["indicator"] for f in findings] == INDICATORS
    return {f["indicator"]: f for f in findings}


def test_good_page_passes_everything_with_measured_evidence() -> None:
    found = run({GOOD: DATA[GOOD]})
    assert {i: f["verdict"] for i, f in found.items()} == dict.fromkeys(INDICATORS, "pass")
    assert all(f["points"] == 0.2 and f["max_points"] == 0.2 and f["lang"] is None for f in found.values())
    # Nothing plays or moves by itself: compliant, and the note says why rather than silently giving 0.2.
    assert "counted as compliant" in found["a4.3.2"]["note"]
    assert "moves focus to #main" in found["a4.3.5"]["evidence"][0]["measured"]
    assert found["a4.3.8"]["evidence"][0]["measured"].startswith("scrollWidth 640 <= 640 at 200 %")


def test_bad_page_fails_with_selectors_and_measurements() -> None:
    found = run({BAD: DATA[BAD]})
    for ind in ("a4.3.1", "a4.3.3", "a4.3.4", "a4.3.5", "a4.3.6", "a4.3.7", "a4.3.8"):
        assert found[ind]["verdict"] == "fail" and found[ind]["points"] == 0, ind
    contrast = found["a4.3.7"]["evidence"][0]
    assert contrast["selector"] == "p" and contrast["measured"].startswith("contrast 2.32:1 < 4.5:1")
    zoom = [e["measured"] for e in found["a4.3.8"]["evidence"]]
    assert "zoom blocked by user-scalable=no" in zoom
    assert any(m.startswith("scrollWidth 1100 > 640 at 200 %") for m in zoom)
    assert found["a4.3.1"]["evidence"][0]["measured"] == "image-alt: no text alternative"
    assert "animation spin (infinite)" in found["a4.3.3"]["evidence"][0]["measured"]
    assert any("focus not visible" in e["measured"] for e in found["a4.3.4"]["evidence"])


def test_keyboard_trap_is_a_failure() -> None:
    found = run({TRAP: DATA[TRAP]})
    assert found["a4.3.4"]["verdict"] == "fail"
    assert found["a4.3.4"]["evidence"][0]["selector"] == "#b1"
    assert found["a4.3.4"]["evidence"][0]["measured"].startswith("keyboard trap")
    assert found["a4.3.6"]["verdict"] == "not_applicable"  # no form on the page: nothing to judge


def test_all_or_nothing_by_default_proportional_as_a_setting() -> None:
    arts = {GOOD: DATA[GOOD], BAD: DATA[BAD]}
    strict = run(arts)["a4.3.7"]
    assert strict["verdict"] == "fail" and strict["points"] == 0
    assert "A-8 all-or-nothing" in strict["reading"] and strict["pages_checked"] == 2
    share = run(arts, proportional=True)["a4.3.7"]
    assert share["verdict"] == "partial" and share["points"] == pytest.approx(0.1)
    assert "A-8 proportional" in share["reading"]


def test_strict_contrast_reading_counts_large_text_below_4_5() -> None:
    art = copy.deepcopy(DATA[GOOD])
    art["contrast"]["large_text_below_4_5"] = [{"target": "h1", "html": "<h1>Welcome</h1>", "contrast": {
        "contrastRatio": 3.6, "expectedContrastRatio": "3:1", "fgColor": "#777", "bgColor": "#fff",
        "fontSize": "24.0pt (32px)", "fontWeight": "bold"}}]
    assert run({GOOD: art})["a4.3.7"]["verdict"] == "pass"
    strict = run({GOOD: art}, strict_contrast=True)["a4.3.7"]
    assert strict["verdict"] == "fail" and "strict contrast" in strict["reading"]
    assert strict["evidence"][0]["measured"].startswith("contrast 3.6:1")


def test_pages_that_could_not_be_checked_are_named_never_scored() -> None:
    hung = {"kind": "a11y", "url": "https://example.gov.kz/slow", "error": "page did not finish loading within 20 s"}
    only = run({hung["url"]: hung})
    assert all(f["verdict"] == "not_assessed" and f["points"] is None for f in only.values())
    assert all("did not finish loading" in f["note"] for f in only.values())
    mixed = run({hung["url"]: hung, GOOD: DATA[GOOD]})["a4.3.7"]
    assert mixed["verdict"] == "pass" and "1 page(s) could not be checked" in mixed["note"]
    assert all(f["verdict"] == "not_assessed" for f in run({}).values())


def test_a_step_that_did_not_run_is_unknown_not_a_pass() -> None:
    art = copy.deepcopy(DATA[GOOD])
    art["keyboard"] = None
    art["step_errors"] = {"keyboard": "timed out: script timeout"}
    judged = P.keyboard(art)
    assert judged.status == P.UNKNOWN and "timed out" in judged.reason


@pytest.mark.parametrize(("content", "blocked"), [
    ("width=device-width, initial-scale=1", False),
    ("width=device-width, user-scalable=no", True),
    ("user-scalable=0", True),
    ("user-scalable=yes, maximum-scale=5", False),
    ("maximum-scale=1.0", True),
    ("maximum-scale=2", False),
    ("maximum-scale=yes", True),  # browsers read yes as 1
    ("maximum-scale=-1", False),  # negative values are invalid and ignored
    (None, False),
])
def test_meta_viewport_zoom_blocking(content: str | None, blocked: bool) -> None:
    assert viewport_blocks_zoom(content)["zoom_blocked"] is blocked


def test_media_sound_and_duration() -> None:
    base = {"autoplay": True, "paused": False, "ended": False, "loop": False, "muted": False, "controls": False,
            "duration": 13.7, "current_time": 3.1, "played_s": 3.1, "audio_bytes": 47000}
    assert P.media_facts({**base, "audio_peak": 0.0})["audible"] is False  # a silent sound track
    assert P.media_facts({**base, "audio_peak": 0.4})["audible"] is True
    assert P.media_facts({**base, "audio_peak": None})["audible"] is True  # unmeasured: decoded bytes count
    assert P.media_facts({**base, "muted": True})["audible"] is False
    assert math.isinf(P.media_facts({**base, "loop": True})["total_s"])
    short = P.media_facts({**base, "paused": True, "played_s": 2.0, "current_time": 10.0})
    assert short["over_3s"] is False  # played 8 s -> 10 s of a fragment and stopped


def test_motion_window_that_ended_early_says_why() -> None:
    art = copy.deepcopy(DATA[GOOD])
    art["motion"].update(observed_ms=40, settled_at_ms=40)
    judged = P.motion(art)
    assert judged.status == P.NA and "40 ms after loading, nothing could change the page" in judged.reason
    art["motion"].update(observed_ms=3010, settled_at_ms=None)
    assert "watched 3010 ms" in P.motion(art).reason
