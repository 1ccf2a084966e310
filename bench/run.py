"""`make bench`: the product with its production settings, at one or more scales.

Run from the project root: `.venv/bin/python bench/run.py`. BENCH_SCALES (default
1000,10000) lists the numbers of generated alliances; each scale's database is built once
(a SQLite file under .bench/, or DATABASE_URL's PostgreSQL name + `_<scale>`) and reused.
Every section of bench/sections runs at every scale; the output (also in
.bench/last-run.txt) ends with the admin views and the scaling curve across the scales, and
docs/bench-scaling.svg is drawn from it.
"""

import importlib
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import chart, report  # noqa: E402 (the script runs with the project root unset)
from bench.common import (  # noqa: E402
    BENCH_DIR,
    Context,
    build,
    is_postgres,
    log,
    static_files,
)
from bench.report import Target  # noqa: E402
from bench.sections import SECTIONS  # noqa: E402
from bench.sections.admin_views import table as admin_table  # noqa: E402

SCALES = [int(n) for n in os.environ.get("BENCH_SCALES", "1000,10000").split(",") if n]
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
ONLY = {n.strip() for n in os.environ.get("BENCH_SECTIONS", "").split(",") if n.strip()}
CHART = ROOT / "docs" / "bench-scaling.svg"
# The page, admin-view and matching limits are set for 10,000 alliances; above that their
# figures are printed (and drawn) as part of the curve, without a verdict.
SCALE_LIMITED_TARGETS = ("admin: ", "public: ", "matching: ")
LIMIT_SCALE = 10_000
RENDER_RATE = 1_000  # read model representations per second
SEED_LIMIT_SECONDS = 600  # for 100,000 alliances


def load_average() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def main() -> None:
    started = time.monotonic()
    modules = [importlib.import_module(name) for name in SECTIONS]
    if ONLY:
        modules = [m for m in modules if m.NAME in ONLY]
    redis_url = os.environ.get("REDIS_URL", "")
    figures: dict[int, dict] = {}
    blocks = []
    for scale in SCALES:
        built = build(scale)
        static_files(built.url)
        ctx = Context(scale, built, SECONDS, redis_url)
        figures[scale] = {
            "seed s": built.seed_seconds,
            "seed pages/s": built.pages / built.seed_seconds,
            "render s": built.render_seconds,
            "render/s": built.representations / built.render_seconds,
        }
        lines = [
            f"==== {scale:,} alliances ({built.pages:,} generated pages) ====",
            f"load average at start: {load_average()}",
            f"seed_demo --scale {scale}: {built.seed_seconds:.0f} s "
            f"({figures[scale]['seed pages/s']:.0f} pages/s)",
            f"read model, full rebuild: {built.representations:,} representations in "
            f"{built.render_seconds:.0f} s ({figures[scale]['render/s']:.0f}/s)",
        ]
        targets = [
            Target("read model rendering", figures[scale]["render/s"], RENDER_RATE, unit="/s")
        ]
        if scale == 10_000:
            targets.append(Target("read model rebuild", built.render_seconds, 60, True, " s"))
        if scale == 100_000:
            targets.append(Target("seeding", built.seed_seconds, SEED_LIMIT_SECONDS, True, " s"))
        for module in modules:
            result = module.run(ctx)
            figures[scale].update(result.figures)
            lines += ["", *result.lines]
            targets += [
                t
                for t in result.targets
                if not t.name.startswith(SCALE_LIMITED_TARGETS) or scale <= LIMIT_SCALE
            ]
        lines += ["", report.targets_block(targets), f"load average at end: {load_average()}"]
        blocks.append("\n".join(lines))
    print(summary(blocks, figures, time.monotonic() - started))


def across_scales(figures: dict[int, dict]) -> list[Target]:
    """Targets comparing scales: the list stays flat, the admin views grow at most 2×."""
    targets = []
    first, last = SCALES[0], SCALES[-1]
    if len(SCALES) > 1 and "list p50 ms" in figures[first]:
        ratio = figures[last]["list p50 ms"] / figures[first]["list p50 ms"]
        targets.append(Target(f"uncached list p50 at {last:,} / at {first:,}", ratio, 1.5, True))
    if 1_000 in figures and 10_000 in figures and "admin" in figures[1_000]:
        for name, small in figures[1_000]["admin"].items():
            large = figures[10_000]["admin"].get(name)
            if large:
                growth = large["ms"] / small["ms"]
                targets.append(Target(f"admin at 10,000 / 1,000: {name}", growth, 2, True))
    return targets


def curve(figures: dict[int, dict]) -> str:
    keys = [
        ("seed s", "seed s", "{:.0f}"),
        ("render/s", "render/s", "{:.0f}"),
        ("import pages/s", "import/s", "{:.0f}"),
        ("list p50 ms", "list p50", "{:.1f}"),
        ("list p99 ms", "list p99", "{:.1f}"),
        ("detail p50 ms", "detail p50", "{:.1f}"),
        ("detail p99 ms", "detail p99", "{:.1f}"),
        ("q p50 ms", "q p50", "{:.1f}"),
        ("q p99 ms", "q p99", "{:.1f}"),
        ("filter p50 ms", "filter p50", "{:.1f}"),
        ("filter p99 ms", "filter p99", "{:.1f}"),
        ("worker MiB", "worker MiB", "{:.0f}"),
    ]
    head = f"{'alliances':>10}" + "".join(f"{label:>11}" for _k, label, _f in keys)
    lines = ["scaling curve (times in ms; list, detail, q, filter uncached)", head]
    for scale in SCALES:
        row = f"{scale:>10,}"
        for key, _label, fmt in keys:
            value = figures[scale].get(key)
            row += f"{fmt.format(value) if value is not None else '–':>11}"
        lines.append(row)
    return "\n".join(lines)


def summary(blocks: list[str], figures: dict[int, dict], seconds: float) -> str:
    database = "PostgreSQL" if is_postgres(os.environ.get("DATABASE_URL", "")) else "SQLite"
    cache = "database cache" + (", then Redis" if os.environ.get("REDIS_URL") else "")
    lines = [
        f"make bench: {database}, production settings, {cache}; scales "
        + ", ".join(f"{s:,}" for s in SCALES)
        + f"; {os.cpu_count()} cores ({platform.machine()}), load average {load_average()}",
        "",
        "\n\n".join(blocks),
        "",
    ]
    if any("admin" in f for f in figures.values()):
        lines += [admin_table(SCALES, figures), ""]
    lines += [curve(figures), ""]
    if cross := across_scales(figures):
        lines += [report.targets_block(cross), ""]
    if len(SCALES) > 1 and all("list p50 ms" in figures[s] for s in SCALES):
        CHART.parent.mkdir(exist_ok=True)
        CHART.write_text(chart.scaling_svg(SCALES, figures, title=f"make bench, {database}"))
        lines.append(f"chart: {CHART.relative_to(ROOT)}")
    lines.append(f"total time: {seconds:.0f} s")
    text = "\n".join(lines)
    BENCH_DIR.mkdir(exist_ok=True)
    (BENCH_DIR / "last-run.txt").write_text(text + "\n")
    log("")
    return text


if __name__ == "__main__":
    main()
