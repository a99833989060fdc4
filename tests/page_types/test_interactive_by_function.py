"""Interactive tools by function, not markup (issue #13 item 4): every hand-made pass/fail page of tests/page_types/
tools against its hand-written verdict, and what the evidence says."""

from __future__ import annotations

import pytest

from audits.site_checks.interactive import audit_counter, audit_faq, audit_feedback, audit_poll
from core.site_check_settings import SiteCheckSettings
from tests.page_types.helpers import tool_cases, tool_site

AUDITS = {"a4.4.1": audit_feedback, "a4.4.2": audit_poll, "a4.4.4": audit_faq, "a4.4.6": audit_counter}
CASES = tool_cases()
DEFAULTS = SiteCheckSettings()


@pytest.mark.parametrize("name", sorted(CASES))
def test_tool_recognised_by_function(name):
    case = CASES[name]
    f = AUDITS[case["indicator"]](tool_site(name), DEFAULTS)
    assert f["indicator"] == case["indicator"]
    assert f["verdict"] == case["verdict"], f"{name} ({case['why']}): {f['note']} | {f['evidence']}"
    if case["verdict"] == "pass":
        ev = f["evidence"][0]
        assert ev["url"].endswith("/ru/tool/"), "the evidence names the page with the tool"
        assert ev["measured"]["recognised_by"], "and how it was recognised"


def test_every_tool_has_pass_and_fail_pages():
    for indicator in AUDITS:
        verdicts = {c["verdict"] for c in CASES.values() if c["indicator"] == indicator}
        assert verdicts == {"pass", "fail"}, indicator


def test_hidden_analytics_counts_only_under_its_reading():
    site = tool_site("counter_fail_metrika.html")
    assert audit_counter(site, DEFAULTS)["note"] == "only hidden analytics"
    assert audit_counter(site, SiteCheckSettings(counter_hidden_analytics_counts=True))["verdict"] == "pass"


def test_page_text_is_kept_as_text_in_evidence():
    hostile = ('<!doctype html><html><head><title>x</title></head><body><main><h1>Q</h1><form action="/s">'
               '<textarea name="m"></textarea><button class="&lt;script&gt;alert(1)&lt;/script&gt;">Отправить'
               "</button></form></main></body></html>")
    from tests.site_checks.helpers import make_site

    f = audit_feedback(make_site({"/ru/": hostile}, start="/ru/"), DEFAULTS)
    assert f["verdict"] == "pass"
    assert "<script>" not in f["evidence"][0]["snippet"]  # the snippet is our own wording, the selector is data
