"""Thumbnails with the element highlighted: the evidence's box (measured by the screenshot step) is outlined on a
thumbnail cut around the element, the full image stays as shot, and thumbnails are shared per image and box."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image

from reports.thumbs import HIGHLIGHT, build_shots, crop_for
from tests.reports.conftest import NAV_BOX, NAV_COLOR, _png

PAGE = (250, 250, 250)


def _near(px: tuple[int, ...], color: tuple[int, int, int], tol: int = 40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(px, color, strict=False))


def _pixels(path: Path, color: tuple[int, int, int]) -> list[tuple[int, int]]:
    with Image.open(path) as img:
        rgb = img.convert("RGB")
        w, h = rgb.size
        data = rgb.load()
        return [(x, y) for y in range(h) for x in range(w) if _near(data[x, y], color)]


def _bbox(points: list[tuple[int, int]]) -> tuple[int, int, int, int]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _ev(rel: str, box: object = None) -> dict:
    ev = {"url": "http://a.test/", "screenshot": rel, "selector": "nav > a" if box else None}
    if box is not None:
        ev["box"] = box
    return ev


@pytest.fixture
def run(tmp_path) -> Path:
    (tmp_path / "screenshots" / "a").mkdir(parents=True)
    (tmp_path / "screenshots" / "a" / "home.png").write_bytes(_png(PAGE, element=NAV_BOX))
    (tmp_path / "screenshots" / "a" / "copy.png").write_bytes(_png(PAGE, element=NAV_BOX))
    return tmp_path


def test_the_element_is_outlined_and_centred_on_its_thumbnail_the_full_image_is_untouched(run, tmp_path):
    out = tmp_path / "report"
    rel = "screenshots/a/home.png"
    source = (run / rel).read_bytes()
    shots = build_shots(run, out, [{"evidence": [_ev(rel), _ev(rel, dict(NAV_BOX))]}])
    top, boxed = shots.for_evidence(_ev(rel)), shots.for_evidence(_ev(rel, dict(NAV_BOX)))
    assert top is shots[rel] and boxed is not None and boxed.thumb != top.thumb and boxed.full == top.full == rel
    assert boxed.box == tuple(NAV_BOX.values())
    assert (out / rel).read_bytes() == source  # the full image on click is the screenshot as shot
    # the page-top thumbnail cannot show an element at y=1100 of 1200; the highlighted one shows it, outlined
    assert not _pixels(out / top.thumb, NAV_COLOR) and not _pixels(out / top.thumb, HIGHLIGHT)
    element, outline = _pixels(out / boxed.thumb, NAV_COLOR), _pixels(out / boxed.thumb, HIGHLIGHT)
    assert len(element) > 100 and len(outline) > 100
    ex0, ey0, ex1, ey1 = _bbox(element)
    ox0, oy0, ox1, oy1 = _bbox(outline)
    assert ox0 < ex0 and oy0 < ey0 and ox1 > ex1 and oy1 > ey1  # the outline surrounds the element
    assert ox1 - ox0 < (ex1 - ex0) + 20 and oy1 - oy0 < (ey1 - ey0) + 20  # ... closely
    # and the element is shown larger than in a whole-width thumbnail (800 px -> 360: 200 px -> 90)
    assert ex1 - ex0 > 100
    with Image.open(out / boxed.thumb) as img:
        assert img.format == "WEBP" and img.size == (boxed.width, boxed.height)
    # where the crop around the element puts it (centred on it, kept inside the 800 x 1200 image)
    left, top, right, _ = crop_for(boxed.box, 800, 1200)
    scale = boxed.width / (right - left)
    expected = ((NAV_BOX["x"] - left) * scale, (NAV_BOX["y"] - top) * scale,
                (NAV_BOX["x"] + NAV_BOX["w"] - left) * scale, (NAV_BOX["y"] + NAV_BOX["h"] - top) * scale)
    assert all(abs(a - b) <= 4 for a, b in zip((ex0, ey0, ex1, ey1), expected, strict=True)), (element, expected)
    # an element mid-page is centred
    mid = (300, 500, 200, 40)
    left, top, right, bottom = crop_for(mid, 800, 1200)
    assert abs((left + right) / 2 - 400) <= 1 and abs((top + bottom) / 2 - 520) <= 1


def test_thumbnails_are_shared_per_image_and_box(run, tmp_path):
    out = tmp_path / "report"
    home, copy = "screenshots/a/home.png", "screenshots/a/copy.png"
    other = {"x": 500, "y": 100, "w": 100, "h": 30}
    findings = [{"evidence": [_ev(home, dict(NAV_BOX)), _ev(home)]},
                {"evidence": [_ev(home, dict(NAV_BOX)), _ev(copy, dict(NAV_BOX))]},  # same image, same box
                {"evidence": [_ev(home, other), _ev(copy)]}]
    shots = build_shots(run, out, findings)
    thumbs = {shots.for_evidence(ev).thumb for f in findings for ev in f["evidence"]}
    assert len(thumbs) == 3 == len(list((out / "thumbs").iterdir()))  # page top, NAV_BOX, other
    assert shots.for_evidence(_ev(home, dict(NAV_BOX))).thumb == shots.for_evidence(_ev(copy, dict(NAV_BOX))).thumb
    assert shots.for_evidence(_ev(home, other)).thumb != shots.for_evidence(_ev(home, dict(NAV_BOX))).thumb
    assert sorted(p.name for p in (out / "screenshots" / "a").iterdir()) == ["copy.png", "home.png"]


@pytest.mark.parametrize("box", [{"x": 5000, "y": 5000, "w": 10, "h": 10}, {"x": "1", "y": 0, "w": 5, "h": 5},
                                 {"x": 0, "y": 0, "w": 0, "h": 5}, {"x": True, "y": 0, "w": 5, "h": 5}, [1, 2, 3, 4],
                                 "0,0,5,5", {"x": 1e30, "y": 0, "w": 5, "h": 5}])
def test_a_bad_or_off_image_box_gets_the_page_top_thumbnail(run, tmp_path, box):
    out = tmp_path / "report"
    rel = "screenshots/a/home.png"
    shots = build_shots(run, out, [{"evidence": [_ev(rel, box)]}])
    shot = shots.for_evidence(_ev(rel, box))
    assert shot is not None and shot.box is None and not _pixels(out / shot.thumb, HIGHLIGHT)


def test_a_box_beyond_the_edges_is_clamped_and_the_crop_stays_in_the_image():
    assert crop_for(None, 1280, 4000) == (0, 0, 1280, 1706)
    for box in ((0, 0, 50, 20), (1230, 3980, 50, 20), (0, 0, 1280, 4000), (600, 2000, 40, 3000)):
        left, top, right, bottom = crop_for(box, 1280, 4000)
        assert 0 <= left < right <= 1280 and 0 <= top < bottom <= 4000
        assert left <= box[0] + box[2] and right >= box[0] and top <= box[1] and bottom >= min(box[1] + 1, 4000)


def test_attach_screenshots_gives_the_measured_box_to_evidence_with_its_selector(tmp_path):
    from crawler.store import RunStore
    from govaudit.evidence import BOX_KIND, attach_screenshots, box_key

    store = RunStore(tmp_path / "run.sqlite")
    store.put_artifact("b", "", "screenshot", "http://a/", "screenshots/b/1.png")
    store.put_artifact("b", "", BOX_KIND, box_key("http://a/", "nav > a"), {"x": 1, "y": 2, "w": 3, "h": 4})
    store.put_artifact("b", "", BOX_KIND, box_key("http://a/", "bad"), {"x": "1", "y": 2, "w": 3, "h": 4})
    evidence = [{"url": "http://a/", "selector": "nav > a"}, {"url": "http://a/", "selector": "main"},
                {"url": "http://a/"}, {"url": "http://a/", "selector": "bad"}]
    findings = [{"body": "b", "evidence": evidence}]
    attach_screenshots(findings, store)  # type: ignore[arg-type]
    store.close()
    assert [ev.get("box") for ev in evidence] == [{"x": 1, "y": 2, "w": 3, "h": 4}, None, None, None]
    assert all(ev["screenshot"] == "screenshots/b/1.png" for ev in evidence)


class _TallPage:
    name = "tall"
    host = "tall.test"

    def handle(self, request):
        from fixtures.server import Response

        if request.path != "/":
            return Response.not_found()
        return Response.text(
            "<!doctype html><html><head><title>t</title><style>body{margin:0;background:#fafafa}"
            "nav{position:absolute;top:1500px;left:300px}nav a{display:block;width:240px;height:60px;"
            "background:rgb(20,160,20)}</style></head><body><div style='height:2400px'></div>"
            "<nav><a href='/x'>x</a></nav></body></html>")


@pytest.mark.integration
@pytest.mark.browser
def test_the_screenshot_step_measures_the_element_in_the_shots_pixels(tmp_path):
    from crawler.browser.screenshots import take_screenshots
    from fixtures.server import FixtureServers

    site = _TallPage()
    with FixtureServers([site]) as servers:
        url = servers.urls[site.name] + "/"
        boxes: dict = {}
        taken = take_screenshots({"b": [url]}, tmp_path, selectors={url: ["nav > a", "#missing", "a[href='"]},
                                 boxes=boxes)
    assert taken == {("b", url): f"screenshots/b/{hashlib.sha1(url.encode()).hexdigest()[:16]}.png"}
    assert set(boxes) == {("b", url, "nav > a")}  # nothing for no match or a broken selector
    box = boxes[("b", url, "nav > a")]
    assert box == {"x": 300, "y": 1500, "w": 240, "h": 60}
    with Image.open(tmp_path / taken[("b", url)]) as img:
        assert img.size[1] > 1600  # the whole page to 4000 px, not the 900 px viewport
        rgb = img.convert("RGB")
        assert _near(rgb.getpixel((box["x"] + box["w"] // 2, box["y"] + box["h"] // 2)), NAV_COLOR, 10)
        assert _near(rgb.getpixel((box["x"] - 5, box["y"] - 5)), PAGE, 10)  # and unmarked: no outline drawn
