"""Server-rendered SVG charts: no JavaScript, no network, accessible (title and desc).

Each chart takes plain (label, value) pairs, so tests can check the numbers it shows.
"""

import textwrap
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from cms.localized_input import number as number_format

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
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="report-chart" '
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


LABEL_CHARS = 28  # about what fits in the label column at 13 px


def _label_lines(label: str) -> list[str]:
    """A long label on two lines, cut with "…" beyond that (the full label is its title)."""
    lines = textwrap.wrap(str(label), LABEL_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: LABEL_CHARS - 1] + "…"]
    return lines


def _legend(entries: list[tuple[str, str]], *, y: int) -> SafeString:
    return format_html_join(
        "",
        '<g class="report-chart__legend"><rect x="{}" y="{}" width="12" height="12" '
        'fill="{}"></rect><text x="{}" y="{}">{}</text></g>',
        (
            (10 + index * 220, y, colour, 28 + index * 220, y + 11, label)
            for index, (colour, label) in enumerate(entries)
        ),
    )


def bar_chart(
    bars: list[Bar],
    *,
    title: str,
    width: int = 640,
    legend: list[tuple[str, str]] | None = None,
) -> SafeString:
    """Horizontal bars, one per label, with the value written beside each bar.

    `legend`: (colour, meaning) pairs drawn above the bars, e.g. what red means.
    """
    row, label_width = 34, 200
    top = 24 if legend else 0
    height = max(len(bars), 1) * row + 10 + top
    largest = max((float(bar.value) for bar in bars), default=0) or 1
    room = width - label_width - 70
    rows = []
    for index, bar in enumerate(bars):
        y = 5 + top + index * row
        length = round(float(bar.value) / largest * room, 1)
        lines = _label_lines(bar.label)
        first = y + (12 if len(lines) > 1 else 19)
        label = format_html_join(
            "",
            '<tspan x="{}" y="{}">{}</tspan>',
            ((label_width - 8, first + n * 14, line) for n, line in enumerate(lines)),
        )
        rows.append(
            (
                TEXT_COLOUR,
                bar.label,
                label,
                label_width,
                y + 6,
                length,
                HIGHLIGHT_COLOUR if bar.highlight else BAR_COLOUR,
                label_width + length + 6,
                y + 19,
                number_format(bar.value),
            )
        )
    body = format_html_join(
        "",
        '<g><text text-anchor="end" fill="{}"><title>{}</title>{}</text>'
        '<rect x="{}" y="{}" width="{}" height="18" fill="{}"></rect>'
        '<text x="{}" y="{}">{}</text></g>',
        rows,
    )
    if legend:
        body = mark_safe(_legend(legend, y=4) + body)  # noqa: S308 (both escaped above)
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
