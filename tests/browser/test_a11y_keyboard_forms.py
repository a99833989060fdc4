"""Keyboard widgets (a4.3.4) and form error messages (a4.3.6) in real headless Chromium over loopback HTTP.

Every page under tests/browser/pages/keyboard and tests/browser/pages/forms is a failing page with a passing twin;
GROUND_TRUTH states what each was built with (read the page's comments): the verdict, and the elements and check
ids the failures must name. All pages go through one `check_pages` call (keyboard and form checks only).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from audits.accessibility import pages as P
from crawler.browser.a11y import check_pages

PAGES_DIR = Path(__file__).with_name("pages")
LIMIT_S = 10

# page -> (indicator, verdict, {check id: selectors its evidence must name})
GROUND_TRUTH: dict[str, tuple[str, str, dict[str, set[str]]]] = {
    "keyboard/mouse-only.html": ("a4.3.4", P.FAIL, {"keyboard.mouse-only": {"#open-map", "#like", "#fake-btn",
                                                                            "#card"}}),
    "keyboard/mouse-only-ok.html": ("a4.3.4", P.PASS, {}),
    "keyboard/hover-menu.html": ("a4.3.4", P.FAIL, {"keyboard.hover-submenu": {"#css-menu", "#js-menu"}}),
    "keyboard/menu-ok.html": ("a4.3.4", P.PASS, {}),
    "keyboard/dialog.html": ("a4.3.4", P.FAIL, {"keyboard.dialog-focus-not-moved": {"#terms"},
                                                "keyboard.dialog-focus-escapes": {"#terms", "#lb"},
                                                "keyboard.dialog-no-escape": {"#terms"},
                                                "keyboard.dialog-focus-not-returned": {"#terms", "#lb"}}),
    "keyboard/dialog-ok.html": ("a4.3.4", P.PASS, {}),
    # Widgets that react late (a timer, a transition, a request): waiting must not end while the page still works.
    "keyboard/slow-widgets.html": ("a4.3.4", P.FAIL, {"keyboard.hover-submenu": {"#late-menu"},
                                                      "keyboard.dialog-no-escape": {"#late"}}),
    "keyboard/slow-widgets-ok.html": ("a4.3.4", P.PASS, {}),
    "keyboard/role-button.html": ("a4.3.4", P.FAIL, {"keyboard.role-button-keys": {"#print", "#share"}}),
    "keyboard/role-button-ok.html": ("a4.3.4", P.PASS, {}),
    # Two radio groups (one checked, one not): one tab stop each, not "unreachable" radios.
    "keyboard/radio-group.html": ("a4.3.4", P.PASS, {}),
    "keyboard/focus-weak.html": ("a4.3.4", P.FAIL, {"keyboard.focus-not-visible": {"#dotted", "#grey", "#pale"}}),
    "keyboard/focus-strong.html": ("a4.3.4", P.PASS, {}),
    "forms/forms-bad.html": ("a4.3.6", P.FAIL, {"forms.server-no-error": {"#f-server"},
                                                "forms.error-colour-only": {"#c-email", "#a-code"},
                                                "forms.no-response": {"#f-silent"},
                                                "forms.error-not-associated": {"#notice"}}),
    "forms/forms-good.html": ("a4.3.6", P.PASS, {}),
}


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(PAGES_DIR)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def artifacts(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    urls = [base_url + page for page in GROUND_TRUTH]
    return check_pages(urls, out_dir=tmp_path_factory.mktemp("a11y-kf"), timeout_s=LIMIT_S, workers=2,
                       checks=("keyboard", "forms"), watch_tab=False)


def _judge(indicator: str, art: dict[str, Any]) -> P.PageJudgement:
    return P.keyboard(art) if indicator == "a4.3.4" else P.form_errors(art)


@pytest.mark.browser
@pytest.mark.integration
@pytest.mark.parametrize("page", list(GROUND_TRUTH))
def test_verdict_and_named_failures(artifacts: dict[str, dict[str, Any]], base_url: str, page: str) -> None:
    indicator, verdict, expected = GROUND_TRUTH[page]
    art = artifacts[base_url + page]
    assert art["error"] is None and not art["step_errors"], art
    with P.all_evidence():
        judged = _judge(indicator, art)
    assert judged.status == verdict, (judged.reason, judged.evidence)
    found: dict[str, set[str]] = {}
    for ev in judged.evidence:
        if verdict == P.FAIL:  # every failure is an element, with its markup and what was measured
            assert ev["selector"] and ev["snippet"] and ev["measured"] and ev.get("check"), ev
            found.setdefault(ev["check"], set()).add(ev["selector"])
    assert {check: {s for s in found.get(check, set()) if s in want} for check, want in expected.items()} == expected
    assert set(found) == set(expected), found


@pytest.mark.browser
@pytest.mark.integration
def test_measured_values(artifacts: dict[str, dict[str, Any]], base_url: str) -> None:
    weak = {f["selector"]: f["measured"] for f in artifacts[base_url + "keyboard/focus-weak.html"]["keyboard"]
            ["focus_not_visible"]}
    assert "outline dotted 1px rgb(238, 238, 238): 1.16:1" in weak["#dotted"]
    assert "text colour rgb(51, 51, 51) -> rgb(68, 68, 68): 1.3" in weak["#grey"]
    assert "box-shadow 3px rgb(240, 240, 240): 1.1" in weak["#pale"]
    radio = artifacts[base_url + "keyboard/radio-group.html"]["keyboard"]
    # Help, one stop per radio group (the checked E-mail radio for the second), Next.
    assert radio["focusable"] == radio["reached"] == 4 and radio["unreached"] == []
    widgets = artifacts[base_url + "keyboard/dialog-ok.html"]["widgets"]
    assert {d["selector"] for d in widgets["dialogs"]} == {"#native", "#terms"}
    assert all(d["focus_moved_in"] and d["escape_closes"] and d["focus_returned"] for d in widgets["dialogs"])
    for page in ("keyboard/slow-widgets.html", "keyboard/slow-widgets-ok.html"):
        late = {d["selector"]: d for d in artifacts[base_url + page]["widgets"]["dialogs"]}
        assert set(late) == {"#late", "#fade", "#fetched"}, page  # #noop opens nothing
        assert all(d["focus_moved_in"] for d in late.values()), page
        assert [m["selector"] for m in artifacts[base_url + page]["widgets"]["submenus"]] == ["#late-menu"]
    menus = {m["selector"]: m["opened_by"] for m in artifacts[base_url + "keyboard/menu-ok.html"]["widgets"]
             ["submenus"]}
    assert menus == {"#css-menu": "focus", "#js-menu": "Enter"}
    buttons = {b["selector"]: (b["enter"], b["space"])
               for b in artifacts[base_url + "keyboard/role-button.html"]["widgets"]["role_buttons"]}
    assert buttons == {"#print": (True, False), "#share": (True, False)}
    forms = artifacts[base_url + "forms/forms-good.html"]["forms"]
    # Five data-entry forms tested (the search form is not one), none sent anywhere.
    assert [r["selector"] for r in forms["results"]] == ["#f-described", "#f-adjacent", "#f-native", "#f-label",
                                                           "#g-box"]
    assert forms["results"][2]["native"][0]["selector"] == "#n-name"
    assert forms["results"][3]["how"] == "Enter in a field"
    bad = artifacts[base_url + "forms/forms-bad.html"]["forms"]
    assert bad["results"][0]["navigated"] is True and bad["reloads"] == 1


def test_a_submission_that_could_not_be_seen_is_not_judged() -> None:
    """A form whose submission the guard stopped (off the site) is unknown, never a pass or a failure."""
    blocked = {"selector": "#f", "snippet": "<form id=f>", "fields": [], "navigated": False, "blocked": True}
    answered = {"selector": "#g", "snippet": "<form id=g>", "fields": [], "navigated": True, "has_error_text": True,
                "page_error_words": ["required"]}
    art = {"url": "https://example.gov.kz/", "error": None, "forms": {"results": [blocked], "tested": blocked}}
    assert P.form_errors(art).status == P.UNKNOWN
    art["forms"]["results"] = [blocked, answered]
    assert P.form_errors(art).status == P.PASS


@pytest.mark.browser
@pytest.mark.integration
def test_a_menu_template_is_tested_once_per_site(base_url: str, tmp_path: Path) -> None:
    """The same menu markup with the same scripts and styles on a second page gets the first page's verdict
    (`same_as`); the same markup with other scripts is tested again (and here passes)."""
    first, same, other = (base_url + f"keyboard/{name}.html" for name in
                          ("hover-menu", "hover-menu-same-template", "hover-menu-other-script"))
    arts = check_pages([first, same, other], out_dir=tmp_path, timeout_s=LIMIT_S, workers=1, checks=("keyboard",),
                       watch_tab=False)
    menus = {url: {m["selector"]: m for m in arts[url]["widgets"]["submenus"]} for url in (first, same, other)}
    assert set(menus[first]) == set(menus[same]) == set(menus[other]) == {"#css-menu", "#js-menu"}
    assert not any("same_as" in m for m in menus[first].values())
    assert {m.get("same_as") for m in menus[same].values()} == {first}
    assert {s: m["measured"] for s, m in menus[same].items()} == {s: m["measured"] for s, m in menus[first].items()}
    assert P.keyboard(arts[same]).status == P.FAIL
    assert not any("same_as" in m for m in menus[other].values())
    assert {s: m["opened_by"] for s, m in menus[other].items()} == {"#css-menu": "focus", "#js-menu": "focus"}
    assert P.keyboard(arts[other]).status == P.PASS, P.keyboard(arts[other]).reason
