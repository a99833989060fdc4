"""The www.gov.kz public API as a client sees it (govkz-targets.md §1.4–1.6).

- content-manager listings are bare JSON arrays; the page base is uncertain, so paging starts at 0, de-duplicates
  by id and stops on a short/empty batch (or two batches adding nothing, if the server ignores `page`);
- `news` needs the k6 cookie ticket: POST `/api/v1/public/_/c/k6`, retry once on 400 notAllowed;
- comparison filters use `gt:` (the real API answers 500 on `gte:`);
- GraphQL sometimes answers HTML: retry with back-off.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from crawler.govkz.http import HttpClient, HttpResult

CM = "/api/v1/public/content-manager/"
TICKET_PATH = "/api/v1/public/_/c/k6"  # the bundle's m={news:"k6"} (S9)
TICKETED = {"news"}
ROBOTS_REFUSAL = "robots.txt disallows"  # HttpClient.refusal's reason for a URL robots.txt keeps it from


class ApiUnavailable(Exception):
    """A listing could not be read (HTTP error, non-JSON, not a list); the message says which and why."""

    def __init__(self, message: str, url: str, status: int = 0) -> None:
        super().__init__(message)
        self.url, self.status = url, status


class GovkzApi:
    def __init__(self, client: HttpClient, *, page_size: int = 100, max_pages: int = 500,
                 gql_retries: int = 4, gql_backoff: float = 2.0, on_note: Callable[[str, str, str], None] | None = None
                 ) -> None:
        self.client = client
        self.page_size, self.max_pages = page_size, max_pages
        self.gql_retries, self.gql_backoff = gql_retries, gql_backoff
        self.note = on_note or (lambda level, msg, url: None)
        self.tickets = 0
        self.truncated: list[str] = []

    # -- tickets -------------------------------------------------------------------------------------
    def ticket(self, slug: str, lang: str) -> HttpResult:
        self.tickets += 1
        referer = self.client.url(f"/memleket/entities/{slug}/press/news", {"lang": lang})
        return self.client.post_json(TICKET_PATH, {}, lang=lang, referer=referer)

    def _get(self, kind: str, params: dict[str, Any], slug: str, lang: str | None) -> HttpResult:
        result = self.client.get(CM + kind, params, lang=lang)
        if kind in TICKETED and result.status == 400:
            # DEF-01: no (or a used-up) ticket -> take a ticket and retry once
            self.ticket(slug, lang or "ru")
            result = self.client.get(CM + kind, params, lang=lang)
        return result

    # -- listings ------------------------------------------------------------------------------------
    def listing(self, kind: str, slug: str, lang: str | None, *, extra: dict[str, Any] | None = None,
                sort: str | None = "created_date:DESC", size: int | None = None,
                stop: Callable[[list[dict[str, Any]]], bool] | None = None) -> tuple[list[dict[str, Any]], str]:
        """Every item of a listing, de-duplicated by id; returns (items, first request URL)."""
        size = size or self.page_size
        seen: dict[Any, dict[str, Any]] = {}
        first_url = ""
        idle = 0
        for page in range(self.max_pages):
            params: dict[str, Any] = {"projects": f"eq:{slug}", **(extra or {})}
            if sort:
                params["sort-by"] = sort
            params.update({"page": page, "size": size})
            if lang and kind == "curators":
                params["lang"] = lang  # curators also take the language as a query argument (S5)
            result = self._get(kind, params, slug, lang)
            first_url = first_url or result.url
            batch = self._array(result, kind)
            new = 0
            for item in batch:
                key = item.get("id", id(item))
                if key not in seen:
                    seen[key] = item
                    new += 1
            idle = idle + 1 if new == 0 else 0
            if len(batch) < size or idle >= 2 or (stop and stop(batch)):
                break
        else:
            self.truncated.append(first_url)
            self.note("warning", f"{kind} listing stopped after {self.max_pages} pages; totals are lower bounds",
                      first_url)
        return list(seen.values()), first_url

    def _array(self, result: HttpResult, kind: str) -> list[dict[str, Any]]:
        if result.status != 200:
            detail = result.error or result.body[:120].decode("utf-8", "replace")
            raise ApiUnavailable(f"{kind}: HTTP {result.status} {detail}", result.url, result.status)
        try:
            data = result.json()
        except ValueError as exc:
            raise ApiUnavailable(f"{kind}: {exc}", result.url, result.status) from exc
        if not isinstance(data, list):  # S1 treats a non-list as a structural change of the API
            raise ApiUnavailable(f"{kind}: the answer is not a JSON array (API structure changed?)", result.url, 200)
        return [x for x in data if isinstance(x, dict)]

    def since(self, kind: str, slug: str, lang: str | None, start: datetime) -> tuple[list[dict[str, Any]], str]:
        """Items created at or after `start` (local time) using `gt:` one second earlier (never `gte:`)."""
        stamp = (start - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")

        def older(batch: list[dict[str, Any]]) -> bool:  # newest first: a batch wholly before start ends the walk
            dates = [str(i.get("created_date") or "") for i in batch]
            return bool(dates) and all(d and d[:19] <= stamp for d in dates)

        return self.listing(kind, slug, lang, extra={"created_date": f"gt:{stamp}"}, stop=older)

    # -- other endpoints ----------------------------------------------------------------------------
    def public_data(self, slug: str) -> HttpResult:
        payload = {"data": {"page": 0, "size": 20}, "project_slug": slug, "content_type_slug": "vr_question"}
        return self.client.post_json("/api/v2/public-data", payload)

    def graphql(self, query: str, variables: dict[str, Any] | None = None, lang: str = "ru") -> dict[str, Any]:
        """POST /graphql; a non-JSON answer (DEF-07) is retried with back-off × attempt."""
        last = ""
        for attempt in range(1, self.gql_retries + 1):
            result = self.client.post_json("/graphql", {"query": query, "variables": variables or {}}, lang=lang)
            if result.status == 0 and (result.error or "").startswith(ROBOTS_REFUSAL):  # not requested: no retry
                raise ApiUnavailable(f"graphql: {result.error}", result.url)
            try:
                payload = result.json()
            except ValueError as exc:
                last = str(exc)
                self.note("info", f"graphql attempt {attempt}: {last}; retrying", result.url)
                time.sleep(self.gql_backoff * attempt)
                continue
            if result.status != 200 or not isinstance(payload, dict) or payload.get("errors"):
                raise ApiUnavailable(f"graphql: HTTP {result.status} {str(payload)[:160]}", result.url, result.status)
            return payload.get("data") or {}
        raise ApiUnavailable(f"graphql: no JSON after {self.gql_retries} attempts ({last})",
                             self.client.url("/graphql"))

    def articles(self, slug: str, lang: str, size: int = 50) -> dict[Any, list[dict[str, Any]]]:
        """GraphQL `article` rows grouped by id: the same id comes once per language version (DEF-06)."""
        query = (f'query Articles($page: Int) {{ article(projects: "eq:{slug}", _size: {size}, _page: $page, '
                 f'_sort: "publication_date:DESC", _lang: "{lang}") {{ id title publication_date }} }}')
        by_id: dict[Any, list[dict[str, Any]]] = {}
        seen_rows: set[tuple[Any, str]] = set()
        idle = 0
        for page in range(self.max_pages):
            batch = self.graphql(query, {"page": page}, lang).get("article") or []
            new = 0
            for row in batch:
                key = (row.get("id"), str(row.get("title")))
                if key not in seen_rows:
                    seen_rows.add(key)
                    by_id.setdefault(row.get("id"), []).append(row)
                    new += 1
            idle = idle + 1 if not new else 0
            if len(batch) < size or idle >= 2:
                break
        return by_id
