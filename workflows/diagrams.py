"""Pictures of the state machines, generated from the declared transitions."""

import re
import shutil
import subprocess
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


def readme_section(models=None) -> str:
    """The Mermaid diagrams of `models` (default: every workflow), one section each."""
    parts = []
    for model in workflow_models() if models is None else models:
        with translation.override("de"):
            title = str(model._meta.verbose_name_plural)
        parts.append(f"### {title}\n\n```mermaid\n{mermaid(model)}\n```")
    return "\n\n".join(parts)


DOT = shutil.which("dot") or "/usr/bin/dot"


def _quoted(text) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_source(model) -> str:
    """The workflow in Graphviz's DOT language (labels in the active language)."""
    lines = [
        "digraph workflow {",
        "  rankdir=LR; nodesep=0.4; ranksep=0.6;",
        '  node [shape=box, style="rounded,filled", fillcolor="#f3f4f6", color="#333333",'
        ' fontname="sans-serif", fontsize=11];',
        '  edge [fontname="sans-serif", fontsize=10, color="#555555", arrowhead=normal];',
    ]
    for value, label in stage_choices(model):
        fill = ', fillcolor="#dbeafe"' if value == _initial(model) else ""
        lines.append(f"  {_quoted(value)} [label={_quoted(label)}{fill}];")
    for spec in transitions(model).values():
        for source in spec.sources:
            for target in spec.targets:
                lines.append(
                    f"  {_quoted(source)} -> {_quoted(target)} [label={_quoted(spec.label)}];"
                )
    lines.append("}")
    return "\n".join(lines)


class DiagramUnavailable(Exception):
    """Graphviz (the `dot` program) is missing or failed."""


def svg(model) -> str:
    """The workflow laid out by Graphviz (dot): no overlapping labels, arrowheads drawn.

    Raises DiagramUnavailable when `dot` is missing (Debian package graphviz) or fails.
    """
    try:
        result = subprocess.run(  # noqa: S603 (a fixed program; DOT text on stdin)
            [DOT, "-Tsvg"],
            input=dot_source(model),
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise DiagramUnavailable(str(error)) from error
    picture = result.stdout[result.stdout.index("<svg") :]
    # Scales with the page; read as one image with the workflow's name.
    title = escape(str(stage_model(model)._meta.verbose_name_plural))
    return re.sub(
        r'^<svg width="[^"]*" height="[^"]*"',
        f'<svg width="100%" role="img" aria-label="{title}"',
        picture,
        count=1,
    )
