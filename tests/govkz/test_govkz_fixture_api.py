"""The gov.kz fixture answers with the real API semantics (govkz-targets.md §1.4–1.6, §10.3) over loopback HTTP."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from fixtures.govkz.expected import expected, write_expected
from fixtures.govkz.site import build
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers

pytestmark = pytest.mark.integration
CM = "/api/v1/public/content-manager/"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with FixtureServers([build(DEFAULT_SEED)]) as servers:
        yield servers.urls["govkz"]


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, path: str, *, method: str = "GET", data: Any = None, headers: dict[str, str] | None = None
             ) -> tuple[int, bytes, str]:
        body = json.dumps(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, method=method, headers={
            "Content-Type": "application/json", **(headers or {})})
        try:
            with self.opener.open(req, timeout=10) as resp:
                return resp.status, resp.read(), resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), exc.headers.get("Content-Type", "")

    def json(self, path: str, **kw: Any) -> tuple[int, Any]:
        status, body, _ = self.call(path, **kw)
        return status, json.loads(body)


def test_spa_stub_for_every_entity_path(base: str) -> None:
    for path in ("/memleket/entities/minfin?lang=ru", "/memleket/entities/dsm/press/news/details/1?lang=kk"):
        status, body, ctype = Client(base).call(path)
        assert status == 200 and "text/html" in ctype
        assert len(body) < 1100 and b'<div id="root"></div>' in body and b"/static/js/main.fx01.js" in body
    status, js, ctype = Client(base).call("/static/js/main.fx01.js")
    assert status == 200 and "javascript" in ctype and b"card-news-list__item" in js


def test_projects_filters_and_paging(base: str) -> None:
    c = Client(base)
    _, eq = c.json(CM + "pages?projects=eq:minfin&size=1000", headers={"Accept-Language": "ru"})
    _, bare = c.json(CM + "pages?projects=minfin&size=1000", headers={"Accept-Language": "ru"})
    _, contains = c.json(CM + "pages?projects=contains:minf&size=1000", headers={"Accept-Language": "ru"})
    assert eq and eq == bare == contains
    assert all(p["projects"] == ["minfin"] for p in eq)
    _, none = c.json(CM + "pages?projects=eq:minf&size=1000")
    assert none == []
    _, p0 = c.json(CM + "documents?projects=eq:krem&page=0&size=7&sort-by=created_date:DESC")
    _, p1 = c.json(CM + "documents?projects=eq:krem&page=1&size=7&sort-by=created_date:DESC")
    _, p2 = c.json(CM + "documents?projects=eq:krem&page=2&size=7&sort-by=created_date:DESC")
    assert len(p1) == 7 and p0 == p1 and {d["id"] for d in p1}.isdisjoint({d["id"] for d in p2})
    dates = [d["created_date"] for d in p1 + p2]
    assert dates == sorted(dates, reverse=True)
    _, asc = c.json(CM + "pages?projects=eq:dsm&sort-by=order:ASC&size=1000", headers={"Accept-Language": "kk"})
    assert [p["order"] for p in asc] == sorted(p["order"] for p in asc)
    assert isinstance(asc, list) and "_lang" not in asc[0]  # a bare array, internal keys stripped


def test_created_date_gt_works_and_gte_fails(base: str) -> None:
    c = Client(base)
    status, items = c.json(CM + "documents?projects=eq:dsm&created_date=gt:2026-01-01T00:00:00&size=1000")
    assert status == 200 and items and all(d["created_date"] > "2026-01-01T00:00:00" for d in items)
    status, _ = c.json(CM + "documents?projects=eq:dsm&created_date=gte:2026-01-01T00:00:00&size=1000")
    assert status == 500


def test_documents_listing_mixes_languages_and_single_card(base: str) -> None:
    c = Client(base)
    _, docs = c.json(CM + "documents?projects=eq:minfin&size=1000", headers={"Accept-Language": "ru"})
    assert any("бұйрық" in d["title"] for d in docs) and any(d["title"].startswith("Приказ") for d in docs)
    assert any(d["created_date"].endswith("T00:00:00") for d in docs)  # DEF-04 migration stamps
    status, card = c.json(CM + f"documents/{docs[0]['id']}")
    assert status == 200 and card["id"] == docs[0]["id"] and "full_text" in card


def test_news_needs_the_k6_ticket(base: str) -> None:
    c = Client(base)
    status, err = c.json(CM + "news?projects=eq:dsm&page=1&size=5")
    assert status == 400 and err == {"error": "notAllowed"}
    status, body, _ = c.call("/api/v1/public/_/c/k6", method="POST", data={})
    assert status == 200
    answers = [c.json(CM + "news?projects=eq:dsm&page=1&size=5")[0] for _ in range(4)]
    assert answers[:3] == [200, 200, 200] and answers[3] == 400  # a ticket covers a few calls only
    status, news = c.json(CM + "news?projects=eq:dsm&size=5", headers={"hash": "x", "token": "y"})
    assert status == 200 and len(news) == 5 and {"id", "title", "body", "created_date"} <= set(news[0])


def test_public_data_needs_a_browser_ticket(base: str) -> None:
    status, body = Client(base).json("/api/v2/public-data", method="POST", data={
        "data": {"page": 0, "size": 20}, "project_slug": "almaty", "content_type_slug": "vr_question"})
    assert status == 400 and body == {"error": "browserTicketMissing"}


def test_graphql_first_call_html_then_duplicate_ids(base: str) -> None:
    c = Client(base)
    query = '{ article(projects:"eq:minfin", _size:50, _lang:"ru"){ id title } }'
    status, body, ctype = c.call("/graphql", method="POST", data={"query": query})
    assert status == 200 and "text/html" in ctype and body.lstrip().startswith(b"<!doctype html")
    status, payload = c.json("/graphql", method="POST", data={"query": query})
    rows = payload["data"]["article"]
    assert status == 200 and len(rows) > len({r["id"] for r in rows})  # DEF-06: one id per language version
    status, payload = c.json("/graphql", method="POST", data={
        "query": "query P($p: Int){ pages(projects:\"contains:dsm\", _size:3, _page:$p, _lang:\"kk\"){ id title } }",
        "variables": {"p": 2}})
    assert status == 200 and len(payload["data"]["pages"]) == 3 and set(payload["data"]["pages"][0]) == {"id", "title"}


def test_en_fallback_and_empty_leadership(base: str) -> None:
    c = Client(base)
    _, en = c.json(CM + "pages?projects=eq:karaganda&size=1000", headers={"Accept-Language": "en"})
    _, ru = c.json(CM + "pages?projects=eq:karaganda&size=1000", headers={"Accept-Language": "ru"})
    assert en == ru and en  # DEF-10
    _, cur = c.json(CM + "curators?projects=eq:karaganda&lang=ru")
    assert cur == []


def test_uploads_with_defects(base: str) -> None:
    data = build(DEFAULT_SEED).data
    kinds = {u.kind: u.path for u in data.uploads.values()}
    c = Client(base)
    assert c.call(kinds["missing"])[0] == 404
    status, body, _ = c.call(kinds["empty"])
    assert status == 200 and body == b""
    status, body, _ = c.call(kinds["pdf"])
    assert status == 200 and body.startswith(b"%PDF")
    status, body, _ = c.call(kinds["docx_image"])
    assert status == 200 and body.startswith(b"PK")


def test_ground_truth_lists_every_planted_defect(tmp_path: Any) -> None:
    exp = expected(DEFAULT_SEED)
    ids = {f["def_id"] for f in exp["findings"]}
    assert ids == {f"DEF-{n:02d}" for n in range(1, 14)}
    dsm = exp["metrics"]["dsm"]["govkz"]
    assert sum(dsm[lang]["attachments_broken"] for lang in ("ru", "kk")) == 7
    assert dsm["ru"]["news_days_since_last"] == 45 and dsm["kk"]["news_days_since_last"] == 120
    assert exp["metrics"]["karaganda"]["govkz"]["en"]["lang_version_present"] is False
    paths = write_expected(tmp_path)
    assert json.loads(paths[0].read_text(encoding="utf-8")) == exp["metrics"]
