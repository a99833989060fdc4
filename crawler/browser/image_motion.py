"""Animated images (GIF, APNG, animated WebP) on the page: frames and play time counted from the image bytes.

The bytes come from the browser itself (CDP Page.getResourceContent: what the page already loaded, from the
browser's memory or cache), never from a second HTTP client: nothing is fetched again, and the navigation guard
and robots rules that applied to the page applied to its images. `data:` images are decoded from their URL.
Everything here is hostile input: the size is capped before the bytes are asked for, Pillow's decompression-bomb
limit applies, frames are counted up to a cap, and an image that cannot be read is reported as unread.

Play time as Chromium plays it: frame delays of 10 ms or less are shown for 100 ms; a GIF's loop count is the
number of repeats after the first play (absent: plays once; 0: forever); APNG's num_plays and WebP's loop count
are the number of plays (0: forever).
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import urllib.parse
import warnings
from typing import Any

from PIL import Image

from crawler.browser.driver import Browser

MAX_IMAGES = 10
MAX_BYTES = 8 * 1024 * 1024
MAX_FRAMES = 1000
MOVING_S = 5.0  # WCAG 2.2.2: moving content that lasts more than 5 s needs a way to pause it


def read_image_motion(browser: Browser, candidates: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One record per visible candidate image (js/checks.js imageCandidates, found here unless given): its
    frames, play time and whether it counts as moving."""
    if candidates is None:
        candidates = browser.driver.execute_script(
            "return window.__gaChecks.imageCandidates(arguments[0])", MAX_IMAGES)
    out = []
    for c in candidates:
        record = {k: c.get(k) for k in ("selector", "snippet", "size", "control")}
        record["src"] = str(c.get("src") or "")[:300]
        if c.get("bytes") and c["bytes"] > MAX_BYTES:
            out.append({**record, "read": False, "why": f"larger than {MAX_BYTES} bytes"})
            continue
        data, why = _image_bytes(browser, str(c.get("src") or ""))
        if data is None:
            out.append({**record, "read": False, "why": why})
            continue
        out.append({**record, **animation_facts(data)})
    return out


def _image_bytes(browser: Browser, src: str) -> tuple[bytes | None, str]:
    if src.startswith("data:"):
        head, _, body = src.partition(",")
        try:
            data = base64.b64decode(body, validate=False) if head.endswith(";base64") \
                else urllib.parse.unquote_to_bytes(body)
        except (binascii.Error, ValueError):
            return None, "undecodable data: URL"
        return data[:MAX_BYTES + 1], ""
    try:
        got = browser.cdp("Page.getResourceContent", {"frameId": browser.main, "url": src})
    except Exception as exc:  # noqa: BLE001 - not in the page's resources (another frame, evicted): not read
        return None, f"not available from the browser: {str(exc).splitlines()[0][:120]}"
    content = got.get("content") or ""
    if not got.get("base64Encoded"):
        return None, "not binary image data"
    if len(content) > MAX_BYTES * 4 // 3 + 4:
        return None, f"larger than {MAX_BYTES} bytes"
    try:
        return base64.b64decode(content), ""
    except (binascii.Error, ValueError):
        return None, "undecodable image data"


def animation_facts(data: bytes) -> dict[str, Any]:
    """Format, frame count, one cycle's length, plays and the total play time (None: forever) of an image."""
    if len(data) > MAX_BYTES:
        return {"read": False, "why": f"larger than {MAX_BYTES} bytes"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                fmt = im.format or "?"
                frames, cycle_ms, capped = _frames(im)
                loop = im.info.get("loop")
    except Exception as exc:  # noqa: BLE001 - hostile or broken bytes: reported, never raised
        return {"read": False, "why": f"not a readable image: {type(exc).__name__}"}
    if frames < 2:
        return {"read": True, "format": fmt, "frames": frames, "moving": False}
    if fmt == "GIF":
        plays = 1 if loop is None else (math.inf if loop == 0 else int(loop) + 1)
    else:
        plays = math.inf if loop == 0 else int(loop or 1)
    total_ms = math.inf if math.isinf(plays) else cycle_ms * plays
    return {"read": True, "format": fmt, "frames": frames, "frames_capped": capped, "cycle_ms": round(cycle_ms),
            "plays": None if math.isinf(plays) else plays, "infinite": math.isinf(plays),
            "total_ms": None if math.isinf(total_ms) else round(total_ms),
            "moving": math.isinf(total_ms) or total_ms > MOVING_S * 1000}


def _frames(im: Image.Image) -> tuple[int, float, bool]:
    count, total = 0, 0.0
    for i in range(MAX_FRAMES):
        try:
            im.seek(i)
        except EOFError:
            break
        if im.format == "WEBP":
            im.load()  # Pillow sets a WebP frame's duration when the frame is decoded, not on seek
        delay = float(im.info.get("duration") or 0)
        total += 100.0 if delay <= 10 else delay
        count += 1
    return count, total, count >= MAX_FRAMES
