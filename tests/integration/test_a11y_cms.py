"""`govaudit run` on the a11y_cms fixture (a Bitrix-style akimat site whose barriers sit on inner pages only):
the run finds every planted barrier, in the a4.3.x findings and in the annex, and none on the clean home pages.

Ground truth is the generator's manifest (fixtures/a11y_cms/manifest.py), never the tool's output. A reported
instance matches a planted barrier when it is on the barrier's page, shares a WCAG success criterion with it or
feeds the same a4.3.x row, and, where the manifest's selector identifies the element, its selector resolves in
the served HTML to that element (or to an element inside it, then with a shared success criterion).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from cssselect import SelectorError

from fixtures.a11y_cms.site import BODY, build
from fixtures.bodies import FIXTURE_BODIES
from fixtures.clock import FIXTURE_NOW_ISO
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers

pytestmark = [pytest.mark.integration, pytest.mark.browser]
GATHERERS = ["a11y_html", "a11y"]  # the HTML checks on every stored page, then the browser checks


@pytest.fixture(scope="module")
def cms_run(tmp_path_factory):
    from tests.conftest import run_cli

    tmp = tmp_path_factory.mktemp("a11y_cms")
    site = build(DEFAULT_SEED)
    with FixtureServers([site]) as servers:
        body = dict(FIXTURE_BODIES[BODY], sites=[servers.urls["a11y_cms"] + "/"])
        targets = {"audit": {"clock": FIXTURE_NOW_ISO, "gatherers": GATHERERS}, "bodies": {BODY: body}}
        (tmp / "targets.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8")
        result = run_cli("--quiet", "run", "--targets", str(tmp / "targets.yaml"), "--out", str(tmp / "run"),
                         "--no-screenshots", timeout=400)
    assert result.returncode == 0, result.stderr[-3000:]
    findings = [f for f in json.loads((tmp / "run" / "findings.json").read_text(encoding="utf-8"))
                if f["body"] == BODY]
    return {"findings": findings, "manifest": site.manifest, "model": site.model, "docs": {}}


def _path(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _advisory(run) -> list[dict]:
    return [f for f in run["findings"] if f["verdict"] == "advisory"]


def _instances(run) -> list[tuple[dict, dict]]:
    return [(rec, inst) for rec in _advisory(run) for inst in rec["advisory"]["instances"]]


def _elements(run, path: str, selector: str | None) -> list[str]:
    """Where `selector` points in the served HTML of `path`, as element paths in one parsed tree per page."""
    if not selector:
        return []
    doc = run["docs"].get(path)
    if doc is None:
        doc = run["docs"][path] = lxml.html.fromstring(run["model"].pages[path].body)
    try:
        return [doc.getroottree().getpath(el) for el in doc.cssselect(selector)]
    except (SelectorError, ValueError, NotImplementedError):
        return []  # a selector the served HTML cannot resolve names no planted element


def _matches(run, barrier: dict, rec: dict, inst: dict) -> bool:
    if _path(inst.get("url")) != barrier["path"]:
        return False
    adv = rec["advisory"]
    shares_sc = bool(set(adv.get("criteria") or []) & set(barrier["criteria"]))
    same_row = barrier["indicator"] is not None and adv.get("scored_indicator") == barrier["indicator"]
    if not (shares_sc or same_row):
        return False
    if not barrier["match_selector"]:
        return True
    planted = {p for s in [barrier["selector"], *barrier["also"]] for p in _elements(run, barrier["path"], s)}
    for found in _elements(run, barrier["path"], inst.get("selector")):
        if found in planted:
            return True
        # inside the planted element (a <p> of a low-contrast block, a field of a form), on the same criterion
        if shares_sc and any(found.startswith(p + "/") for p in planted):
            return True
    return False


def test_each_indicator_with_a_planted_barrier_fails_naming_the_page(cms_run):
    by_ind = {f["indicator"]: f for f in cms_run["findings"] if f["verdict"] != "advisory"}
    problems = []
    for ind in cms_run["manifest"]["indicators_failing"]:
        finding = by_ind.get(ind)
        if finding is None or finding["verdict"] != "fail":
            problems.append(f"{ind}: {finding and finding['verdict']} ({finding and finding['note'][:300]})")
            continue
        named = {_path(e.get("url")) for e in finding["evidence"]}
        pages = {b["path"] for b in cms_run["manifest"]["barriers"] if b["indicator"] == ind}
        if pages - named:
            problems.append(f"{ind}: fails, but its evidence does not name {sorted(pages - named)}")
    assert problems == []


def test_every_planted_barrier_is_in_the_annex(cms_run):
    instances = _instances(cms_run)
    assert instances, "no advisory records in findings.json"
    missed = [f"{b['id']} {b['class']} on {b['path']} at {b['selector']}" for b in cms_run["manifest"]["barriers"]
              if not any(_matches(cms_run, b, rec, inst) for rec, inst in instances)]
    assert missed == []


def test_no_barrier_is_reported_on_the_home_pages(cms_run):
    homes = set(cms_run["manifest"]["home_pages"]) | {"/"}
    on_home = [(rec["advisory"]["check"], _path(u)) for rec in _advisory(cms_run)
               for u in [*(i.get("url") for i in rec["advisory"]["instances"]), *rec["advisory"].get("pages", [])]
               if _path(u) in homes]
    failing_evidence = [(f["indicator"], _path(e.get("url"))) for f in cms_run["findings"]
                        if f["indicator"].startswith("a4.3.") and f["verdict"] == "fail"
                        for e in f["evidence"] if _path(e.get("url")) in homes]
    assert on_home == [] and failing_evidence == []


def test_no_barrier_is_reported_on_the_main_menu_pages(cms_run):
    """The old sample (home + menu targets) would pass this site: none of those pages has a barrier."""
    menu = set(cms_run["manifest"]["menu_pages"])
    reported = sorted({(rec["advisory"]["check"], _path(i.get("url"))) for rec, i in _instances(cms_run)
                       if _path(i.get("url")) in menu})
    assert reported == []
