"""Writes spider items into the run store as they arrive, so an interrupted crawl loses nothing."""

from __future__ import annotations

from typing import Any

from crawler.items import EdgesItem, NoteItem, PageItem
from crawler.store import RunStore


class RunStorePipeline:
    def __init__(self, store_path: str) -> None:
        self.store_path = store_path
        self.store: RunStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunStorePipeline:
        return cls(crawler.settings.get("GOVAUDIT_STORE"))

    def open_spider(self, spider: Any = None) -> None:
        self.store = RunStore(self.store_path)

    def close_spider(self, spider: Any = None) -> None:
        if self.store:
            self.store.close()

    def process_item(self, item: Any, spider: Any = None) -> Any:
        assert self.store is not None
        if isinstance(item, PageItem):
            self.store.put_page(body=item.body, site=item.site, url=item.url, final_url=item.final_url,
                                status=item.status, content_type=item.content_type, content=item.content,
                                lang=item.lang, title=item.title, error=item.error, size=item.size, info=item.info,
                                edges=item.edges)
        elif isinstance(item, EdgesItem):
            self.store.put_edges(item.body, item.edges)
        elif isinstance(item, NoteItem):
            self.store.add_note("crawl", item.message, body=item.body, level=item.level, url=item.url)
        return item
