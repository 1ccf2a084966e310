"""Server-rendered SVG charts: no JavaScript, no network, accessible (title and desc).

Each chart takes plain (label, value) pairs, so tests can check the numbers it shows.
"""

from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

_ids = count(1)

BAR_COLOUR = "#007d7e"
HIGHLIGHT_COLOUR = "#cd4444"
TEXT_COLOUR = "#1f2937"


@dataclass
class Bar:
    label: str
    value: int | Decimal | float
    highlight: bool = False


def _svg(*, title: str, desc: str, width: int, height: int, body: SafeString) -> SafeString:
    chart_id = f"chart-{next(_ids)}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="cockpit-chart" '
        'width="100%" viewBox="0 0 {width} {height}" '
        'aria-labelledby="{id}-title {id}-desc" font-family="sans-serif" font-size="13">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        width=width,
        height=height,
        title=title,
        desc=desc,
        body=body,
    )


def _describe(bars: list[Bar]) -> str:
    return "; ".join(f"{bar.label}: {number_format(bar.value)}" for bar in bars)


def bar_chart(bars: list[Bar], *, title: str, width: int = 640) -> SafeString:
    """Horizontal bars, one per label, with the value written beside each bar."""
    row, label_width = 26, 200
    height = max(len(bars), 1) * row + 10
    largest = max((float(bar.value) for bar in bars), default=0) or 1
    room = width - label_width - 70
    rows = []
    for index, bar in enumerate(bars):
        y = 5 + index * row
        length = round(float(bar.value) / largest * room, 1)
        rows.append(
            (
                label_width - 8,
                y + 17,
                TEXT_COLOUR,
                bar.label,
                label_width,
                y + 4,
                length,
                HIGHLIGHT_COLOUR if bar.highlight else BAR_COLOUR,
                label_width + length + 6,
                y + 17,
                number_format(bar.value),
            )
        )
    body = format_html_join(
        "",
        '<g><text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="18" fill="{}"></rect>'
        '<text x="{}" y="{}">{}</text></g>',
        rows,
    )
    return _svg(title=title, desc=_describe(bars), width=width, height=height, body=body)


def funnel_chart(bars: list[Bar], *, title: str, width: int = 640) -> SafeString:
    """Centred bars narrowing along the pipeline, label and value inside each step."""
    row = 34
    height = max(len(bars), 1) * row + 10
    largest = max((float(bar.value) for bar in bars), default=0) or 1
    steps = []
    for index, bar in enumerate(bars):
        y = 5 + index * row
        # A step never vanishes entirely, so its label stays readable.
        bar_width = max(round(float(bar.value) / largest * (width - 20), 1), 160)
        x = round((width - bar_width) / 2, 1)
        steps.append(
            (
                x,
                y,
                bar_width,
                HIGHLIGHT_COLOUR if bar.highlight else BAR_COLOUR,
                width / 2,
                y + 20,
                f"{bar.label}: {number_format(bar.value)}",
            )
        )
    body = format_html_join(
        "",
        '<g><rect x="{}" y="{}" width="{}" height="28" rx="3" fill="{}"></rect>'
        '<text x="{}" y="{}" text-anchor="middle" fill="#ffffff">{}</text></g>',
        steps,
    )
    return _svg(title=title, desc=_describe(bars), width=width, height=height, body=body)


def empty_chart(message: str) -> SafeString:
    return format_html('<p class="help-block">{}</p>', message)
