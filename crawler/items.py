"""Items the spiders yield; the pipeline writes them into the run store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageItem:
    body: str
    site: str
    url: str
    final_url: str | None
    status: int | None
    content_type: str | None
    content: bytes | None
    lang: str | None = None
    title: str | None = None
    error: str | None = None
    size: int | None = None
    info: dict[str, Any] = field(default_factory=dict)
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (src, dst, kind, text), stored atomically


@dataclass
class EdgesItem:
    body: str
    edges: list[tuple[str, str, str, str]]


@dataclass
class NoteItem:
    body: str
    message: str
    url: str | None = None
    level: str = "warning"
