"""`--setting a11y_pages_per_template=1` reaches the accessibility gatherer, the way a resumed run sees it: the run is
started as `govaudit run` starts it (targets file + --setting → run store), the targets are read back from the store,
and the a11y gatherer alone runs real Chromium over a tiny loopback CMS site (tests/unit/cms_pages.py); the audit then
writes every a4.3.x finding with the coverage of that sample."""

from __future__ import annotations

import json

import pytest
import yaml

from crawler.store import RunStore
from fixtures.server import FixtureServers, Request, Response
from govaudit.gather import run_gatherers
from govaudit.pipeline import audit_run, open_run, start_run
from tests.unit.cms_pages import PAGES

pytestmark = [pytest.mark.integration, pytest.mark.browser]
SERVED = ("/ru/", "/ru/news/101", "/ru/news/102", "/ru/news/103", "/ru/about", "/ru/history")


class TinyCms:
    name = "tiny_cms"
    host = "tiny-cms.example.kz"

    def handle(self, request: Request) -> Response:
        return Response.text(PAGES[request.path]) if request.path in SERVED else Response.not_found()


def test_setting_per_template_reaches_the_gatherer_and_the_findings(tmp_path):
    with FixtureServers([TinyCms()]) as servers:
        base = servers.urls["tiny_cms"]
        targets = {"audit": {"gatherers": ["a11y"], "settings": {"a11y_max_pages": 10}},
                   "bodies": {"tiny": {"names": {"ru": "Акимат"}, "type": "local", "sites": [base + "/ru/"]}}}
        (tmp_path / "t.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8")
        run_dir = tmp_path / "run"
        start_run(tmp_path / "t.yaml", run_dir, {"a11y_pages_per_template": "1"})  # as --setting gives it
        store, stored_targets = open_run(run_dir)  # what `--resume` reads: the --setting is not in the targets
        try:
            for path in SERVED:  # as the crawl stores them
                edges = [(base + "/ru/", base + p, "menu", "") for p in SERVED[1:]] if path == "/ru/" else []
                store.put_page(body="tiny", site=base + "/ru/", url=base + path, status=200,
                               content_type="text/html; charset=utf-8", content=PAGES[path].encode(), edges=edges)
        finally:
            store.close()
        run_gatherers(run_dir, stored_targets)
    store = RunStore.in_dir(run_dir)
    try:
        sample = store.artifacts("tiny", "a11y_sample")["site"]
        checked = store.artifacts("tiny", "a11y")
    finally:
        store.close()
    assert (sample["per_template"], sample["max_pages"]) == (1, 10)  # --setting and the targets file, merged
    # the home, one news item, one section page (the default, 2 per template, would take 5)
    assert sample["sampled"] == [base + "/ru/", base + "/ru/news/101", base + "/ru/about"]
    assert set(checked) == set(sample["sampled"])
    assert all(not art.get("error") for art in checked.values()), {u: a.get("error") for u, a in checked.items()}
    assert sample["browser_seconds"] > 0

    audit_run(run_dir)
    findings = json.loads((run_dir / "findings.json").read_text(encoding="utf-8"))
    a11y = [f for f in findings if f["indicator"].startswith("a4.3.") and f["verdict"] != "advisory"]
    assert len(a11y) == 8
    for f in a11y:
        cov = f["coverage"]
        assert (cov["pages_checked"], cov["templates_checked"], cov["templates_total"]) == (3, 3, 3), f
        assert "Checked in the browser: 3 page(s) of 3 of 3 page template(s) (6 HTML pages crawled" in f["note"]
