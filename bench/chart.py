"""The scaling curve as an SVG line chart (pure function; bench/run.py writes the file)."""

import math
from html import escape

SERIES = [
    ("list p50 ms", "Liste (p50)", "#1f77b4"),
    ("detail p50 ms", "Detail (p50)", "#2ca02c"),
    ("filter p50 ms", "Filter Stadtteil+Thema (p50)", "#ff7f0e"),
    ("q p50 ms", "Suche q (p50)", "#d62728"),
]
WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 60, 200, 40, 50


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def scaling_svg(scales: list[int], figures: dict[int, dict], *, title: str) -> str:
    """Uncached API times (ms) against the number of alliances (logarithmic axis)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = [figures[s].get(key) for s in scales for key, _l, _c in SERIES]
    top = _nice_max(max((v for v in values if v is not None), default=1.0))
    logs = [math.log10(s) for s in scales]
    low, high = min(logs), max(logs)
    span = high - low or 1.0

    def x(scale: int) -> float:
        return LEFT + (math.log10(scale) - low) / span * plot_w

    def y(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    desc = "; ".join(
        f"{scale:,} Allianzen: "
        + ", ".join(
            f"{label} {figures[scale][key]:.1f} ms"
            for key, label, _c in SERIES
            if figures[scale].get(key) is not None
        )
        for scale in scales
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}: Antwortzeiten der Partner-API je Anzahl Allianzen</title>",
        f"<desc>{escape(desc)}</desc>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
        f'<text x="{LEFT}" y="22" font-size="14" font-weight="bold">{escape(title)}: '
        "Partner-API ohne Antwort-Cache</text>",
    ]
    for i in range(5):
        value = top * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:g}</text>'
        )
    for scale in scales:
        parts.append(
            f'<text x="{x(scale):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">'
            f"{scale:,}".replace(",", ".")
            + "</text>"
        )
    parts.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">'
        "Allianzen (logarithmisch)</text>"
        f'<text x="14" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {TOP + plot_h / 2:.1f})">ms</text>'
    )
    for n, (key, label, colour) in enumerate(SERIES):
        points = [(x(s), y(figures[s][key])) for s in scales if figures[s].get(key) is not None]
        if not points:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>' for px, py in points
        ]
        ly = TOP + 10 + n * 20
        parts.append(
            f'<line x1="{WIDTH - RIGHT + 16}" x2="{WIDTH - RIGHT + 36}" y1="{ly}" y2="{ly}" '
            f'stroke="{colour}" stroke-width="2"/>'
            f'<text x="{WIDTH - RIGHT + 42}" y="{ly + 4}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
