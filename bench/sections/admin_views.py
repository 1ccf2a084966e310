"""Server time of the admin views at each scale (bench/inprocess/admin_views.py)."""

from bench.common import Context, Result, in_process, log
from bench.report import Target

NAME = "admin views"
LIMIT_MS = 500


def run(ctx: Context) -> Result:
    log("admin views: server time …")
    views = in_process(ctx.url, "admin_views.measure")
    result = Result(NAME)
    result.figures["admin"] = {view["name"]: view for view in views}
    for view in views:
        if view["status"] != 200:
            result.lines.append(f"  {view['name']}: HTTP {view['status']} for {view['url']}")
        result.targets.append(Target(f"admin: {view['name']}", view["ms"], LIMIT_MS, True, " ms"))
    return result


def table(scales: list[int], figures: dict[int, dict]) -> str:
    """Milliseconds (and queries) of each view per scale, and the growth from the first."""
    names = list(figures[scales[0]].get("admin", {}))
    head = f"{'admin view (server time, median)':<52}"
    head += "".join(f"{f'{scale:,}':>18}" for scale in scales)
    if len(scales) > 1:
        head += f"{'growth':>9}"
    lines = [head, "-" * len(head)]
    for name in names:
        row = f"{name[:52]:<52}"
        for scale in scales:
            view = figures[scale].get("admin", {}).get(name)
            row += f"{view['ms']:>9.0f} ms {view['queries']:>3} q" if view else f"{'–':>18}"
        first = figures[scales[0]]["admin"][name]["ms"]
        last = figures[scales[-1]].get("admin", {}).get(name)
        if len(scales) > 1 and last:
            row += f"{last['ms'] / first:>8.1f}×"
        lines.append(row)
    return "\n".join(lines)
