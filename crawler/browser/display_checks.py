"""The in-page measurements of the display check (run in the browser after load) and their reading."""

from __future__ import annotations

from typing import Any

# Measures what "displays correctly" means for a4.2.1: no horizontal overflow, main content present and
# visible, no overlapping text blocks, no text coloured like its background. Bounded: at most 300 elements.
MEASURE_JS = """(deviceWidth) => {
  const de = document.documentElement, body = document.body;
  // a phone zooms a too-wide page out (innerWidth grows), so the device width is the yardstick
  const vw = deviceWidth || de.clientWidth;
  const sw = Math.max(de.scrollWidth, body ? body.scrollWidth : 0);
  const main = document.querySelector('main,[role=main],#content,article') || body;
  const mainText = main ? (main.innerText || '').trim().length : 0;
  const mr = main ? main.getBoundingClientRect() : {width: 0, height: 0};
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/)[0] : '');
  const shown = e => { const r = e.getBoundingClientRect(); const cs = getComputedStyle(e);
    return r.width > 1 && r.height > 1 && cs.visibility !== 'hidden' && cs.display !== 'none'; };
  const blocks = Array.from(document.querySelectorAll('h1,h2,h3,h4,p,li,dt,dd'))
    .filter(e => shown(e) && (e.innerText || '').trim().length > 0).slice(0, 300);
  const leaves = blocks.filter(e => !blocks.some(o => o !== e && e.contains(o)));
  const bg = el => { while (el) { const c = getComputedStyle(el).backgroundColor;
    if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; el = el.parentElement; }
    return 'rgb(255, 255, 255)'; };
  const invisible = [];
  for (const e of leaves) { const cs = getComputedStyle(e);
    if (cs.color === bg(e) || parseFloat(cs.opacity) === 0 || parseFloat(cs.fontSize) < 4)
      invisible.push(describe(e)); }
  const overlaps = [];
  const rects = leaves.map(e => [e, e.getBoundingClientRect()]);
  for (let i = 0; i < rects.length && overlaps.length < 10; i++) {
    for (let j = i + 1; j < rects.length && overlaps.length < 10; j++) {
      const [ea, a] = rects[i], [eb, b] = rects[j];
      if (ea.contains(eb) || eb.contains(ea)) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 0 && h > 0 && w * h > 0.25 * Math.min(a.width * a.height, b.width * b.height))
        overlaps.push(describe(ea) + ' / ' + describe(eb));
    }
  }
  return {viewport_width: vw, inner_width: window.innerWidth, scale: window.visualViewport ?
          window.visualViewport.scale : 1, scroll_width: sw, main_text_chars: mainText,
          main_width: Math.round(mr.width),
          text_blocks: leaves.length, invisible_text: invisible.slice(0, 10), overlapping_text: overlaps};
}"""


def problems_of(measured: dict[str, Any], script_errors: list[str], *, overflow_px: int = 2,
                min_main_chars: int = 20) -> list[str]:
    """What is wrong with how the page displayed (empty list = displays correctly)."""
    out = []
    if measured["scroll_width"] > measured["viewport_width"] + overflow_px:
        out.append(f"horizontal overflow: content {measured['scroll_width']}px wide in a "
                   f"{measured['viewport_width']}px viewport")
    if measured["main_text_chars"] < min_main_chars or measured["main_width"] <= 1:
        out.append(f"missing main content ({measured['main_text_chars']} characters of text)")
    if measured["invisible_text"]:
        out.append(f"invisible text: {', '.join(measured['invisible_text'][:3])}")
    if measured["overlapping_text"]:
        out.append(f"overlapping text: {', '.join(measured['overlapping_text'][:3])}")
    if script_errors:
        out.append(f"script errors: {'; '.join(e[:120] for e in script_errors[:3])}")
    return out
