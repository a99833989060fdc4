"""Evidence screenshots for the report: each distinct image once, whatever number of findings show it.

A screenshot named by any finding is copied once to the report folder under its run-relative path (the full
image, opened on click; screenshots/<body>/<hash>.png, one per page shot) and shrunk to a WebP thumbnail
report/thumbs/<sha256>.webp (what the pages show). Findings that show the same page share both files, and
identical images share one thumbnail, so the report grows with the findings, not with screenshots x findings.
Paths that leave the run directory or are not images are skipped (evidence is hostile).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from govaudit.findings import Finding

THUMB_WIDTH = 360
THUMB_MAX_HEIGHT = 480
THUMB_QUALITY = 60
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


@dataclass(frozen=True)
class Shot:
    full: str  # relative to the report folder
    thumb: str
    width: int
    height: int


def _inside(run_dir: Path, rel: str) -> Path | None:
    try:
        path = (run_dir / rel).resolve()
        path.relative_to(run_dir.resolve())
    except (ValueError, OSError):
        return None
    return path if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES else None


def build_shots(run_dir: Path, out_dir: Path, findings: list[Finding]) -> dict[str, Shot]:
    """Screenshot path as named in the evidence -> its files in the report."""
    from PIL import Image

    (out_dir / "thumbs").mkdir(parents=True, exist_ok=True)
    by_rel: dict[str, Shot] = {}
    by_digest: dict[str, Shot] = {}
    for f in findings:
        for ev in f.get("evidence") or []:
            rel = ev.get("screenshot")
            if not isinstance(rel, str) or rel in by_rel:
                continue
            path = _inside(run_dir, rel)
            if path is None:
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:20]
            thumb = by_digest.get(digest) or _thumbnail(path, digest, out_dir, Image)
            if thumb is None:
                continue
            by_digest[digest] = thumb
            full = path.relative_to(run_dir.resolve()).as_posix()
            target = out_dir / full
            if not target.exists() or target.stat().st_size != path.stat().st_size:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            by_rel[rel] = Shot(full=full, thumb=thumb.thumb, width=thumb.width, height=thumb.height)
    return by_rel


def _thumbnail(path: Path, digest: str, out_dir: Path, Image) -> Shot | None:
    thumb = f"thumbs/{digest}.webp"
    try:
        with Image.open(path) as img:
            img.load()
            width, height = img.size
            small = img.convert("RGB")
            # the top of a page is what identifies it; a very long page is cropped, not squashed
            crop_h = min(height, int(width * THUMB_MAX_HEIGHT / THUMB_WIDTH))
            small = small.crop((0, 0, width, crop_h))
            small.thumbnail((THUMB_WIDTH, THUMB_MAX_HEIGHT))
            if not (out_dir / thumb).exists():
                small.save(out_dir / thumb, "WEBP", quality=THUMB_QUALITY, method=4)
            size = small.size
    except (OSError, ValueError):  # not an image after all, or a damaged one
        return None
    return Shot(full="", thumb=thumb, width=size[0], height=size[1])
