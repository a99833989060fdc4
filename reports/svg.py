"""Inline SVG charts for the report: a histogram and horizontal bars. Every text goes through markupsafe.escape;
no style attributes (the page's CSP admits only our hashed stylesheet), presentation via classes and attributes.
Each chart is an accessible image: role="img" with a <title>, and the same numbers are in a table beside it."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

BAR_H = 18
GAP = 6


def _svg(width: int, height: int, label: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" data-govaudit-chart="1" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>{"".join(body)}</svg>')


def histogram(counts: Sequence[int], labels: Sequence[str], label: str, *, width: int = 480,
              height: int = 180) -> Markup:
    """Vertical bars, one per bin, with the count above and the bin label below."""
    n = max(len(counts), 1)
    top = max(max(counts, default=0), 1)
    plot_h = height - 40
    bar_w = (width - 20) / n
    body = [f'<line class="axis" x1="10" y1="{plot_h + 10}" x2="{width - 10}" y2="{plot_h + 10}"/>']
    for i, (count, text) in enumerate(zip(counts, labels, strict=True)):
        h = plot_h * count / top
        x = 10 + i * bar_w
        body.append(f'<rect class="bar" x="{x + 2:.1f}" y="{plot_h + 10 - h:.1f}" width="{bar_w - 4:.1f}" '
                    f'height="{h:.1f}"/>')
        if count:
            body.append(f'<text class="val" x="{x + bar_w / 2:.1f}" y="{plot_h + 6 - h:.1f}" '
                        f'text-anchor="middle">{count}</text>')
        body.append(f'<text class="lbl" x="{x + bar_w / 2:.1f}" y="{plot_h + 26}" text-anchor="middle">'
                    f'{escape(text)}</text>')
    return _svg(width, height, label, body)


def bars(items: Sequence[tuple[str, float | None, float]], label: str, *, width: int = 640,
         label_w: int = 300) -> Markup:
    """One horizontal bar per (label, value, maximum): the grey track is the maximum, the blue bar the value;
    a missing value (not assessed) is drawn as a hatched track with the text 'n/a'."""
    height = len(items) * (BAR_H + GAP) + GAP
    track_w = width - label_w - 70
    body = []
    for i, (text, value, top) in enumerate(items):
        y = GAP + i * (BAR_H + GAP)
        body.append(f'<text class="lbl" x="{label_w - 6}" y="{y + BAR_H - 5}" text-anchor="end">'
                    f'{escape(_short(text, 38))}</text>')
        body.append(f'<rect class="track{" na" if value is None else ""}" x="{label_w}" y="{y}" '
                    f'width="{track_w}" height="{BAR_H}"/>')
        if value is not None and top:
            w = max(0.0, min(1.0, value / top)) * track_w
            body.append(f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{BAR_H}"/>')
        shown = "n/a" if value is None else f"{value:.2f} / {top:g}"
        body.append(f'<text class="val" x="{label_w + track_w + 4}" y="{y + BAR_H - 5}">{escape(shown)}</text>')
    return _svg(width, max(height, BAR_H + 2 * GAP), label, body)


def distribution(values: Sequence[float], *, top: float = 100.0, bins: int = 10) -> tuple[list[int], list[str]]:
    step = top / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int(v // step)))] += 1
    return counts, [f"{i * step:g}–{(i + 1) * step:g}" for i in range(bins)]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
