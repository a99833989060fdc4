"""The multi-page report in real Chromium: no console errors, every internal link and anchor resolves, the ru/kk
switch and the filters work, thumbnails load and are deduplicated, and axe-core finds no WCAG A/AA violation on
our own pages (an accessibility tool's report must itself be accessible)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import axe_playwright_python
import pytest

from reports.html import write_report
from tests.reports.conftest import NAV_BOX, NAV_COLOR, build_run

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    run = build_run(tmp_path_factory.mktemp("wbsite") / "run")
    return write_report(run).parent


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _open(context, path: Path):
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    return page, errors


def test_every_page_loads_clean_and_every_internal_link_resolves(report, browser):
    pages = sorted(report.rglob("*.html"))
    assert len(pages) > 3 + 1  # index, three bodies, the indicator pages
    context = browser.new_context()
    ids_cache: dict[Path, set[str]] = {}
    try:
        for path in pages:
            page, errors = _open(context, path)
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
            ids_cache[path] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
            assert not errors, f"{path.name}: {errors}"
            for href in hrefs:
                if href.startswith(("http://", "https://")):
                    continue
                parts = urlsplit(href)
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
                assert target.is_file(), f"{path.relative_to(report)}: broken link {href}"
                if parts.fragment and target.suffix == ".html":
                    if target not in ids_cache:
                        other, _ = _open(context, target)
                        ids_cache[target] = set(other.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
                        other.close()
                    assert parts.fragment in ids_cache[target], f"{path.name}: no #{parts.fragment} in {target.name}"
            page.close()
    finally:
        context.close()


def test_language_switch_filters_and_thumbnails(report, browser):
    context = browser.new_context()
    try:
        page, errors = _open(context, report / "index.html")
        h1 = page.locator("h1")
        assert h1.inner_text() == "Отчёт аудита интернет-ресурсов государственных органов"
        page.click("[data-govaudit-lang=kk]")
        assert h1.inner_text() == "Мемлекеттік органдардың интернет-ресурстарын аудиттеу есебі"
        assert page.evaluate("document.documentElement.lang") == "kk"
        rows = page.locator("#ranking-table tbody tr")
        visible = lambda: [r.get_attribute("data-name") for r in rows.all() if r.is_visible()]  # noqa: E731
        assert len(visible()) == rows.count() == 3
        page.select_option("[data-govaudit-filter=type]", "local")
        assert len(visible()) == 1 and "gamma" in visible()[0]
        page.select_option("[data-govaudit-filter=type]", "")
        page.fill("[data-govaudit-filter=q]", "бета")
        assert len(visible()) == 1 and "beta" in visible()[0]
        page.click("#ranking-table a:visible")  # to beta's page: the chosen language stays
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == "kk"
        assert page.locator("h1").inner_text() == "Бета министрлігі"
        page.click("[data-govaudit-lang=ru]")
        page.goto((report / "bodies" / "alpha.html").as_uri())
        assert "Министерство тестов" in page.locator("h1").inner_text()
        thumbs = page.locator("a.thumb img")
        assert thumbs.count() >= 2
        for i in range(thumbs.count()):
            img = thumbs.nth(i)
            img.scroll_into_view_if_needed()
            page.wait_for_function("(i) => i.complete && i.naturalWidth > 0", arg=img.element_handle(), timeout=5000)
            assert img.get_attribute("src").startswith("../thumbs/")
            assert img.evaluate("i => i.parentElement.getAttribute('href')").startswith("../screenshots/")
        failing = page.locator("tr.v-fail").first
        assert failing.is_visible()
        page.uncheck("input[data-verdict='fail']")
        assert not failing.is_visible()
        assert not errors
    finally:
        context.close()
    # three screenshots, two of them the same image, one shown with its element's box: three thumbnails (the
    # identical images share the page-top one only when neither is highlighted); full images only the ones named
    assert len(list((report / "thumbs").iterdir())) == 3
    assert sorted(p.relative_to(report).as_posix() for p in (report / "screenshots").rglob("*.png")) == [
        "screenshots/alpha/home.png", "screenshots/alpha/news.png", "screenshots/beta/home.png"]


def _colours(path: Path) -> dict[tuple[int, int, int], int]:
    from PIL import Image

    with Image.open(path) as img:
        rgb = img.convert("RGB")
        return {px: n for n, px in rgb.getcolors(maxcolors=rgb.size[0] * rgb.size[1])}


def _count_near(colours: dict[tuple[int, int, int], int], colour: tuple[int, int, int], tol: int = 12) -> int:
    return sum(n for px, n in colours.items() if all(abs(a - b) <= tol for a, b in zip(px, colour, strict=True)))


def _count_foreign(colours: dict[tuple[int, int, int], int], palette: set[tuple[int, int, int]]) -> int:
    """Pixels far (> 60 in some channel) from every colour of the un-highlighted image: drawn, not compressed."""
    return sum(n for px, n in colours.items()
               if all(max(abs(a - b) for a, b in zip(px, c, strict=True)) > 60 for c in palette))


def test_a_finding_with_a_selector_shows_its_element_highlighted(report, browser):
    """The a4.2.3 finding's evidence names "nav > a" with its box (low on the page): its thumbnail, as the page
    shows it in Chromium, has the element and the outline, which the full image behind the click has not (the full
    image is the screenshot as shot); beta's finding, the same image without a selector, gets the page top."""
    context = browser.new_context()
    try:
        page, errors = _open(context, report / "bodies" / "alpha.html")
        row = page.locator("tr", has=page.locator("a.thumb")).filter(has_text="nav > a").first
        link = row.locator("a.thumb").first
        img = link.locator("img")
        img.scroll_into_view_if_needed()
        page.wait_for_function("(i) => i.complete && i.naturalWidth > 0", arg=img.element_handle(), timeout=5000)
        thumb = (report / "bodies" / unquote(img.get_attribute("src"))).resolve()
        full = (report / "bodies" / unquote(link.get_attribute("href"))).resolve()
        beta, _ = _open(context, report / "bodies" / "beta.html")
        plain = (report / "bodies" / unquote(beta.locator("a.thumb img").first.get_attribute("src"))).resolve()
        beta_full = (report / "bodies" / unquote(beta.locator("a.thumb").first.get_attribute("href"))).resolve()
        assert not errors
    finally:
        context.close()
    assert full.name == "home.png" and thumb.parent.name == "thumbs" and thumb != plain
    shown, behind, top = _colours(thumb), _colours(full), _colours(plain)
    # the full image: the page colour and the element in its box, nothing drawn; the same bytes as beta's
    palette = set(behind)
    assert len(palette) == 2 and behind[NAV_COLOR] == NAV_BOX["w"] * NAV_BOX["h"]
    assert full.read_bytes() == beta_full.read_bytes()
    # the highlighted thumbnail: the element (cut around and enlarged) inside an outline of colours the
    # screenshot does not have (red with white edges: visible on a red page too)
    assert _count_near(shown, NAV_COLOR) > 1000
    assert _count_foreign(shown, palette) > 500
    assert sum(n for px, n in shown.items() if px[0] > 215 and px[1] < 50 and px[2] < 50) > 100  # the red
    assert _count_near(shown, (255, 255, 255), tol=40) > 100
    # the page-top thumbnail of the same image shows neither the element nor an outline
    assert _count_near(top, NAV_COLOR, tol=40) == 0 and _count_foreign(top, palette) < 20


@pytest.mark.parametrize("page_path", ["index.html", "bodies/alpha.html", "indicators/a4.2.3.html"])
def test_axe_finds_no_violations_on_our_pages(report, browser, page_path):
    context = browser.new_context(bypass_csp=True)  # to inject axe itself; the pages' own CSP is tested elsewhere
    try:
        page = context.new_page()
        page.goto((report / page_path).as_uri(), wait_until="load")
        page.add_script_tag(content=AXE)
        for lang in ("ru", "kk"):
            page.click(f"[data-govaudit-lang={lang}]")
            result = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})).violations
                .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""")
            assert not result, f"{page_path} [{lang}]: {result}"
    finally:
        context.close()
