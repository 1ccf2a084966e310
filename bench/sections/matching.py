"""Matching at each scale (bench/inprocess/matching.py): the candidates for one alliance
under 200 ms, the report "Gesucht" under 1 s (both p99, server time), with the persons
and organisations seed_demo --scale made (2× and ½× the alliances)."""

from bench.common import Context, Result, in_process, log
from bench.report import Target

NAME = "matching"
CANDIDATES_MS = 200
REPORT_MS = 1000


def run(ctx: Context) -> Result:
    log("matching: candidates and the report Gesucht …")
    m = in_process(ctx.url, "matching.measure")
    result = Result(NAME)
    result.lines += [
        f"matching: {m['persons']:,} persons, {m['organisations']:,} organisations; "
        f"candidates for {m['alliances']} alliances that want something "
        f"({m['suggestions']:.1f} suggestions each)",
        f"  candidates for one alliance  p50 {m['candidates p50 ms'] or 0:>7.1f} ms  "
        f"p99 {m['candidates p99 ms'] or 0:>7.1f} ms  {m['candidates queries']} queries",
        f"  report Gesucht               p50 {m['report p50 ms']:>7.1f} ms  "
        f"p99 {m['report p99 ms']:>7.1f} ms  {m['report queries']} queries, "
        f"{m['report rows']} rows",
        "  the alliance detail's stored representation carries its wanted block: "
        + ("yes" if m["wanted in stored detail"] else "NO"),
    ]
    result.targets += [
        Target("matching: candidates p99", m["candidates p99 ms"], CANDIDATES_MS, True, " ms"),
        Target("matching: report Gesucht p99", m["report p99 ms"], REPORT_MS, True, " ms"),
        Target(
            "matching: wanted block in the read model",
            1.0 if m["wanted in stored detail"] else 0.0,
            1,
            unit="",
        ),
    ]
    for key in ("candidates p50 ms", "candidates p99 ms", "report p50 ms", "report p99 ms"):
        result.figures[f"matching {key}"] = m[key]
    return result
