"""Pictures of the state machines, generated from the declared transitions."""

import math
from html import escape

from django.utils import translation

from workflows.registry import stage_choices, stage_model, transitions, workflow_models


def _initial(model) -> str:
    return stage_model(model)._meta.get_field("stage").get_default()


def mermaid(model) -> str:
    """A Mermaid stateDiagram-v2 block (German labels) for one workflow."""
    with translation.override("de"):
        lines = ["stateDiagram-v2"]
        for value, label in stage_choices(model):
            lines.append(f'    state "{label}" as {value}')
        lines.append(f"    [*] --> {_initial(model)}")
        for spec in transitions(model).values():
            for source in spec.sources:
                for target in spec.targets:
                    lines.append(f"    {source} --> {target}: {spec.label}")
    return "\n".join(lines)


def readme_section() -> str:
    parts = []
    for model in workflow_models():
        with translation.override("de"):
            title = str(model._meta.verbose_name_plural)
        parts.append(f"### {title}\n\n```mermaid\n{mermaid(model)}\n```")
    return "\n\n".join(parts)


def svg(model, *, size: int = 640) -> str:
    """The stages on a circle, each transition an arrow labelled with its name."""
    stages = stage_choices(model)
    centre, radius = size / 2, size / 2 - 90
    points = {
        value: (
            centre + radius * math.cos(2 * math.pi * i / len(stages) - math.pi / 2),
            centre + radius * math.sin(2 * math.pi * i / len(stages) - math.pi / 2),
        )
        for i, (value, _label) in enumerate(stages)
    }
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" role="img" font-family="sans-serif" font-size="11">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ]
    for spec in transitions(model).values():
        for source in spec.sources:
            for target in spec.targets:
                (x1, y1), (x2, y2) = points[source], points[target]
                length = math.hypot(x2 - x1, y2 - y1) or 1
                dx, dy = (x2 - x1) / length * 42, (y2 - y1) / length * 16
                out.append(
                    f'<line x1="{x1 + dx:.0f}" y1="{y1 + dy:.0f}" x2="{x2 - dx:.0f}" '
                    f'y2="{y2 - dy:.0f}" stroke="#888" marker-end="url(#arrow)"/>'
                )
                out.append(
                    f'<text x="{(x1 + x2) / 2:.0f}" y="{(y1 + y2) / 2 - 3:.0f}" '
                    f'text-anchor="middle" fill="#444">{escape(str(spec.label))}</text>'
                )
    for value, label in stages:
        x, y = points[value]
        initial = value == _initial(model)
        out.append(
            f'<rect x="{x - 60:.0f}" y="{y - 16:.0f}" width="120" height="32" rx="8" '
            f'fill="{"#dbeafe" if initial else "#f3f4f6"}" stroke="#333"/>'
            f'<text x="{x:.0f}" y="{y + 4:.0f}" text-anchor="middle" font-weight="bold">'
            f"{escape(str(label))}</text>"
        )
    out.append("</svg>")
    return "".join(out)
