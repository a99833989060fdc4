"""Evidence screenshots for the report: each distinct image once, whatever number of findings show it.

A screenshot named by any finding is copied once to the report folder under its run-relative path (the full
image, opened on click, never drawn on; screenshots/<body>/<hash>.png, one per page shot) and shrunk to a WebP
thumbnail report/thumbs/<sha256>.webp (what the pages show). Evidence with the element's `box` ({x, y, w, h} in
the screenshot's pixels, measured when the page was shot: govaudit/evidence.py) gets a thumbnail cut around the
element, centred on it, with the box outlined (red between two white lines, visible on any background); evidence
without one gets the top of the page. The thumbnail's key is the image's digest plus the box: findings that show
the same element of the same image share one thumbnail, and the full image is one file for all of them, so the
report grows with the findings, not with screenshots x findings. Paths that leave the run directory or are not
images are skipped, and a box is clamped to its image (evidence is hostile).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.findings import Finding

THUMB_WIDTH = 360
THUMB_MAX_HEIGHT = 480
THUMB_QUALITY = 60
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
# around a highlighted element the thumbnail shows at least this many screenshot pixels across (small elements
# are enlarged up to 1280/640 = 2x relative to a whole-width thumbnail), and the element with a margin
MIN_CROP_WIDTH = 640
BOX_MARGIN = 0.5  # of the element's size, each side
HIGHLIGHT = (230, 0, 0)
HIGHLIGHT_EDGE = (255, 255, 255)
HIGHLIGHT_WIDTH = 4  # thumbnail pixels; with a 2 px white edge each side (thin lines blur in a lossy WebP)
HIGHLIGHT_EDGE_WIDTH = 2

Box = tuple[int, int, int, int]  # x, y, w, h in the full image's pixels


@dataclass(frozen=True)
class Shot:
    full: str  # relative to the report folder
    thumb: str
    width: int
    height: int
    box: Box | None = None  # the highlighted element, in the full image's pixels


class Shots(dict):
    """Screenshot path as named in the evidence -> its files (the page-top thumbnail); `for_evidence` gives the
    thumbnail of an evidence item, highlighted when the item has a box."""

    def __init__(self) -> None:
        super().__init__()
        self.boxed: dict[tuple[str, Box], Shot] = {}

    def for_evidence(self, ev: Any) -> Shot | None:
        rel = ev.get("screenshot") if isinstance(ev, dict) else None
        if not isinstance(rel, str):
            return None
        box = evidence_box(ev)
        boxed = self.boxed.get((rel, box)) if box is not None else None
        return boxed or self.get(rel)


def evidence_box(ev: dict[str, Any]) -> Box | None:
    """The evidence item's box as integers, or None when absent or malformed (not clamped: see _clamp)."""
    box = ev.get("box")
    if not isinstance(box, dict):
        return None
    values = [box.get(k) for k in ("x", "y", "w", "h")]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) < 1e7 for v in values):
        return None
    x, y, w, h = (int(v) for v in values)
    return (x, y, w, h) if w > 0 and h > 0 else None


def _inside(run_dir: Path, rel: str) -> Path | None:
    try:
        path = (run_dir / rel).resolve()
        path.relative_to(run_dir.resolve())
    except (ValueError, OSError):
        return None
    return path if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES else None


def build_shots(run_dir: Path, out_dir: Path, findings: list[Finding]) -> Shots:
    """Screenshot path as named in the evidence -> its files in the report (and per box, Shots.for_evidence)."""
    from PIL import Image

    (out_dir / "thumbs").mkdir(parents=True, exist_ok=True)
    shots = Shots()
    files: dict[str, tuple[Path, str, str] | None] = {}  # rel -> (path, digest, full), once per screenshot
    by_key: dict[tuple[str, Box | None], Shot | None] = {}  # (digest, box) -> thumbnail, once per image and box
    for f in findings:
        for ev in f.get("evidence") or []:
            rel = ev.get("screenshot") if isinstance(ev, dict) else None
            if not isinstance(rel, str):
                continue
            box = evidence_box(ev)
            if (shots.get(rel) if box is None else shots.boxed.get((rel, box))) is not None:
                continue
            if rel not in files:
                files[rel] = _copy(run_dir, out_dir, rel)
            found = files[rel]
            if found is None:
                continue
            path, digest, full = found
            for key in ((digest, box), (digest, None)):  # a box off its image: the page-top thumbnail
                if key not in by_key:
                    by_key[key] = _thumbnail(path, digest, key[1], out_dir, Image)
                thumb = by_key[key]
                if thumb is not None or key[1] is None:
                    break
            if thumb is None:
                continue
            if thumb.box is None:
                box = None
            shot = Shot(full=full, thumb=thumb.thumb, width=thumb.width, height=thumb.height, box=thumb.box)
            if box is None:
                shots[rel] = shot
            else:
                shots.boxed[(rel, box)] = shot
    return shots


def _copy(run_dir: Path, out_dir: Path, rel: str) -> tuple[Path, str, str] | None:
    path = _inside(run_dir, rel)
    if path is None:
        return None
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    full = path.relative_to(run_dir.resolve()).as_posix()
    target = out_dir / full
    if not target.exists() or target.stat().st_size != path.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return path, digest, full


def _clamp(box: Box, width: int, height: int) -> Box | None:
    x0, y0 = max(box[0], 0), max(box[1], 0)
    x1, y1 = min(box[0] + box[2], width), min(box[1] + box[3], height)
    return (x0, y0, x1 - x0, y1 - y0) if x1 - x0 >= 1 and y1 - y0 >= 1 else None


def crop_for(box: Box | None, width: int, height: int) -> tuple[int, int, int, int]:
    """The part of a width x height screenshot the thumbnail shows (left, top, right, bottom): the page's top
    without a box; with one, a region of the thumbnail's proportions centred on the element, kept in the image
    (an element taller than the region is shown from its top)."""
    ratio = THUMB_MAX_HEIGHT / THUMB_WIDTH
    if box is None:
        # the top of a page is what identifies it; a very long page is cropped, not squashed
        return 0, 0, width, min(height, int(width * ratio))
    x, y, w, h = box
    crop_w = min(width, max(MIN_CROP_WIDTH, int(w * (1 + 2 * BOX_MARGIN)), int(h * (1 + 2 * BOX_MARGIN) / ratio)))
    crop_h = min(height, max(1, int(crop_w * ratio)))
    left = min(max(x + w // 2 - crop_w // 2, 0), width - crop_w)
    top = y + h // 2 - crop_h // 2 if h * (1 + BOX_MARGIN) <= crop_h else y - int(crop_h * 0.1)
    top = min(max(top, 0), height - crop_h)
    return left, top, left + crop_w, top + crop_h


def _thumbnail(path: Path, digest: str, box: Box | None, out_dir: Path, Image) -> Shot | None:
    from PIL import ImageDraw

    try:
        with Image.open(path) as img:
            img.load()
            width, height = img.size
            shown = _clamp(box, width, height) if box is not None else None
            if box is not None and shown is None:
                return None  # a box off the image: the caller falls back to the page-top thumbnail
            name = digest if shown is None else hashlib.sha256(
                f"{digest}:{shown[0]},{shown[1]},{shown[2]},{shown[3]}".encode()).hexdigest()[:20]
            thumb = f"thumbs/{name}.webp"
            left, top, right, bottom = crop_for(shown, width, height)
            small = img.convert("RGB").crop((left, top, right, bottom))
            small.thumbnail((THUMB_WIDTH, THUMB_MAX_HEIGHT))
            if shown is not None:
                scale = small.size[0] / (right - left)
                x0, y0 = (shown[0] - left) * scale, (shown[1] - top) * scale
                x1, y1 = x0 + shown[2] * scale, y0 + shown[3] * scale
                edge, pad = HIGHLIGHT_EDGE_WIDTH, HIGHLIGHT_WIDTH + 2 * HIGHLIGHT_EDGE_WIDTH
                # the outline sits around the element (not over it), kept inside the thumbnail
                rect = [max(x0 - pad, 0), max(y0 - pad, 0), min(x1 + pad, small.size[0] - 1),
                        min(y1 + pad, small.size[1] - 1)]
                draw = ImageDraw.Draw(small)
                draw.rectangle(rect, outline=HIGHLIGHT_EDGE, width=pad)
                inner = [rect[0] + edge, rect[1] + edge, rect[2] - edge, rect[3] - edge]
                if inner[2] > inner[0] and inner[3] > inner[1]:
                    draw.rectangle(inner, outline=HIGHLIGHT, width=HIGHLIGHT_WIDTH)
            if not (out_dir / thumb).exists():
                small.save(out_dir / thumb, "WEBP", quality=THUMB_QUALITY, method=4)
            size = small.size
    except (OSError, ValueError):  # not an image after all, or a damaged one
        return None
    return Shot(full="", thumb=thumb, width=size[0], height=size[1], box=shown)
