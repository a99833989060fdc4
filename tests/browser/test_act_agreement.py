"""Our checks against the W3C ACT Rules test cases (tests/data/act-rules), per-rule agreement floors.

The floors are what the checks honestly reach (docs/act-agreement.md has the full table and every disagreement):
rules we claim are held at >= 80 %; three rules where our reading knowingly differs from ACT's are held at a
lower floor so that a regression still shows:
  80af7b accepts traps with a documented non-standard escape key (we cannot read instructions);
  59br37 accepts clipped text when a link to the full text exists, and we ignore text already clipped at 100 %;
  efbfc7 accepts any mechanism (a frequency setting, a "control changes" dialog); we recognise controls named
         pause/stop/hide/mute (en/ru/kk) near the changing content.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import act_agreement  # noqa: E402

CLAIMED_FLOOR = 80.0
KNOWN_STRICTER = {"80af7b": 60.0, "59br37": 60.0, "efbfc7": 60.0}


@pytest.fixture(scope="module")
def report() -> dict:
    return act_agreement.run()


@pytest.mark.browser
@pytest.mark.integration
def test_every_mapped_rule_was_run(report: dict) -> None:
    rules = {row["rule"] for row in report["summary"]}
    assert rules == set(act_agreement.RULES)
    assert sum(row["cases"] for row in report["summary"]) >= 160
    # Every page's media is kept (as .webm), so no case is skipped.
    assert report["skipped"] == []


@pytest.mark.browser
@pytest.mark.integration
@pytest.mark.parametrize("rule", list(act_agreement.RULES))
def test_agreement_floor(report: dict, rule: str) -> None:
    row = next(r for r in report["summary"] if r["rule"] == rule)
    floor = KNOWN_STRICTER.get(rule, CLAIMED_FLOOR)
    disagreements = [(r["title"], r["expected"], r["ours"]) for r in report["results"]
                     if r["rule"] == rule and not r["agree"]]
    assert row["agreement"] >= floor, disagreements


@pytest.mark.browser
@pytest.mark.integration
def test_markdown_table(report: dict) -> None:
    text = act_agreement.markdown(report)
    assert "| rule | name | indicator | cases | agree | disagree | agreement % | exact | skipped |" in text
    for row in report["summary"]:
        assert f"| {row['rule']} | {row['name']} | {row['indicator']} | {row['cases']} |" in text
