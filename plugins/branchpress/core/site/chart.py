"""Bar charts as inline SVG, drawn at build time: no script, no request, readable without CSS.

The SVG is an image with a title and a description for screen readers; pages put
the same figures in a table beside it. Colours and fonts come from classes the
site's CSS styles, with plain attributes as the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from branchpress.core.text import format_number

WIDTH = 360
HEIGHT = 210
TOP = 22  # room for the value above the tallest bar
BOTTOM = 38  # two lines of labels under the bars
SIDE = 6


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar, short: 3月
    value: float
    caption: str  # in the table and the tooltip, complete: 2026年3月
    note: str = ""  # a second line under the label, e.g. the year where it changes


def bar_chart(bars: list[Bar], *, chart_id: str, title: str, description: str, unit: str) -> str:
    """An SVG bar chart; `chart_id` must be unique on the page (it names the title and desc)."""
    top = max((b.value for b in bars), default=0) or 1
    slot = (WIDTH - 2 * SIDE) / max(len(bars), 1)
    bar_width = slot * 0.62
    base = HEIGHT - BOTTOM
    parts = [
        f'<svg class="bp-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<line class="bp-chart__axis" x1="{SIDE}" y1="{base}" x2="{WIDTH - SIDE}" y2="{base}" '
        'stroke="#999" stroke-width="1"/>',
    ]
    for index, bar in enumerate(bars):
        centre = SIDE + slot * index + slot / 2
        height = (base - TOP) * bar.value / top
        x, y = _n(centre - bar_width / 2), _n(base - height)
        value = format_number(bar.value)
        tooltip = escape(f"{bar.caption}：{value} {unit}")
        parts.append(f'<g class="bp-chart__bar" data-value={quoteattr(value)}><title>{tooltip}</title>')
        if bar.value > 0:
            parts.append(
                f'<rect x="{x}" y="{y}" width="{_n(bar_width)}" height="{_n(height)}" rx="2" fill="#b71c1c"/>'
                f'<text class="bp-chart__value" x="{_n(centre)}" y="{_n(base - height - 5)}" '
                f'text-anchor="middle" font-size="12">{escape(value)}</text>'
            )
        parts.append(
            f'<text class="bp-chart__label" x="{_n(centre)}" y="{base + 15}" text-anchor="middle" '
            f'font-size="12">{escape(bar.label)}</text>'
        )
        if bar.note:
            parts.append(
                f'<text class="bp-chart__note" x="{_n(centre)}" y="{base + 31}" text-anchor="middle" '
                f'font-size="10">{escape(bar.note)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _n(value: float) -> str:
    """Coordinates with one decimal at most, so the same data draws byte-identical SVG."""
    return f"{value:.1f}".removesuffix(".0")
