"""The hand-made page sets of tests/page_types as SiteArtifacts (pure; the integration test serves them over HTTP)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from core.artifacts import SiteArtifacts
from tests.site_checks.helpers import make_site

HERE = Path(__file__).parent
PAGES = HERE / "pages"
TOOLS = HERE / "tools"
HOME = ('<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Главная</title></head><body>'
        '<nav class="menu"><a href="/ru/">Главная</a></nav><main><h1>Главная</h1><p>Добро пожаловать.</p></main>'
        "</body></html>")


def page_set() -> tuple[dict[str, Any], SiteArtifacts]:
    """(expected.yaml of the page-type set, the set as one site with a PDF and a dead page added)."""
    expected = yaml.safe_load((PAGES / "expected.yaml").read_text(encoding="utf-8"))
    pages: dict[str, Any] = {e["url"]: (PAGES / name).read_text(encoding="utf-8")
                             for name, e in expected["pages"].items()}
    pages["/files/plan-2026.pdf"] = (200, None, "application/pdf")
    pages["/ru/old-page/"] = (404, "<p>Not found</p>")
    return expected, make_site(pages, start=expected["site"])


def tool_cases() -> dict[str, dict[str, str]]:
    return yaml.safe_load((TOOLS / "expected.yaml").read_text(encoding="utf-8"))


def tool_site(name: str) -> SiteArtifacts:
    return make_site({"/ru/": HOME, "/ru/tool/": (TOOLS / name).read_text(encoding="utf-8")}, start="/ru/")
