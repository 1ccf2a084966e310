"""The partner API served by gunicorn as in production, driven by wrk.

Per cache backend (the product's default, the database cache; again with Redis when
REDIS_URL is set) two servers run one after the other with the same production settings:
one as configured (cached answers), one with the response cache off
(`API_RESPONSE_CACHE_TIMEOUT=0`, a product setting) for answers computed afresh. The ratios
compare figures of one server: the static-bytes ceiling is measured on each, in slices taken
in turn with the answers it is compared with (`in_turn`), so that other work on the machine
weighs on both sides of a ratio alike.
"""

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench import report
from bench.common import BENCH_DIR, BIN, ROOT, Context, Result, django_env, in_process, log
from bench.report import Measurement, Target

NAME = "partner API"
PORT = int(os.environ.get("BENCH_PORT", "8400"))
CONNECTIONS = 4
RSS_REQUESTS = 20_000
RSS_SECONDS = int(os.environ.get("BENCH_RSS_SECONDS", "90"))  # stops earlier at 20,000
# What a TLS-terminating proxy adds (production redirects plain HTTP to HTTPS).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# A card as our list item has it (title, public URL and last change are in v2's meta).
LIST_FIELDS = "summary,stage,started_on,districts,topics,age_groups,image_card"


def base_url() -> str:
    return f"http://127.0.0.1:{PORT}"


def fetch(path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(base_url() + path, headers=PROXY_HEADERS | (headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def serve(url: str, **env: str) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            *(BIN / "gunicorn", "--config", ROOT / "gunicorn.conf.py", "cms.wsgi"),
            *("--workers", "1", "--bind", f"127.0.0.1:{PORT}"),
            # Longer than the memory phase: when wrk's script stops a thread early, its idle
            # connection blocks the sync worker until wrk exits; don't let that kill it.
            *("--timeout", str(RSS_SECONDS + 60)),
        ],
        cwd=ROOT,
        env=django_env(url, **env),
        stdout=subprocess.DEVNULL,
        stderr=(BENCH_DIR / "gunicorn.log").open("a"),
    )
    for _ in range(120):
        try:
            if fetch("/bench/ceiling/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop(server)
    raise SystemExit("gunicorn did not start; see .bench/gunicorn.log")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)  # quick stop: a graceful one waits for slow requests
    server.wait(timeout=30)


def worker_pid(server: subprocess.Popen) -> int:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return int(children[0])


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


SLICES = 4  # each endpoint of a round is measured in this many slices, taken in turn


def _wrk_once(path: str, seconds: int, headers: dict | None) -> tuple[Measurement, float]:
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for key, value in (PROXY_HEADERS | (headers or {})).items():
        args += ["-H", f"{key}: {value}"]
    output = subprocess.run(
        [*args, base_url() + path], capture_output=True, text=True, check=True
    ).stdout
    elapsed = float(re.search(r"requests in ([\d.]+)(m?s)", output).group(1))
    if re.search(r"requests in [\d.]+ms", output):
        elapsed /= 1000
    return report.parse_wrk(path, output), elapsed


def in_turn(endpoints: list[tuple], seconds: int) -> dict[str, Measurement | None]:
    """Measures each endpoint (key, name, path, headers) for `seconds` in all, in SLICES
    slices taken in turn with the others': a change of the machine's load (other work
    beside the benchmark) falls on every endpoint of a ratio alike."""
    ready = []
    found: dict[str, Measurement | None] = {}
    for key, name, path, headers in endpoints:
        status = fetch(path, headers)[0]
        if status not in (200, 304):
            log(f"  {name}: HTTP {status} for {path}, left out")
            found[key] = None
            continue
        for _ in range(20):  # warm up
            fetch(path, headers)
        ready.append((key, name, path, headers))
    slices: dict[str, list] = {key: [] for key, *_ in ready}
    for _ in range(SLICES):
        for key, _name, path, headers in ready:
            slices[key].append(_wrk_once(path, max(1, round(seconds / SLICES)), headers))
    for key, name, _path, _headers in ready:
        measured = [m for m, _t in slices[key]]
        found[key] = report.combined(name, measured, [t for _m, t in slices[key]])
        log(f"  {name}: {found[key].rps:.0f} req/s")
    return found


MIX_SCRIPT = """
local paths = {%s}
local limit = %d
local n, done = 0, 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1], {["X-Forwarded-Proto"] = "https"})
end
response = function(status, headers, body)
  done = done + 1
  if done >= limit then wrk.thread:stop() end
end
"""


def memory_growth(server: subprocess.Popen, paths: list[str]) -> tuple[int, int, int]:
    """RSS of the worker before and after RSS_REQUESTS requests of every kind (or as many
    as RSS_SECONDS allow: the uncached ones are slow)."""
    pid = worker_pid(server)
    before = rss_kib(pid)
    script = BENCH_DIR / "mix.lua"
    quoted = ", ".join(json.dumps(p) for p in paths)
    script.write_text(MIX_SCRIPT % (quoted, RSS_REQUESTS // 2))
    output = subprocess.run(
        [*("wrk", "-t2", f"-c{CONNECTIONS}", f"-d{RSS_SECONDS}s", "-s", str(script))]
        + [base_url() + "/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = int(output.split(" requests in ")[0].split()[-1])
    return before, rss_kib(pid), requests


def _paths(sample: dict) -> dict[str, str]:
    ours = "/api/v1/alliances/"
    plain = f"{ours}?page_size=20"
    return {
        "plain": plain,
        "filtered": f"{plain}&district={sample['district']}&topic={sample['topic']}",
        "searched": f"{plain}&q=Garten",
        "detail": f"{ours}{sample['slug']}/",
        "wagtail_list": (
            f"/api/v2/pages/?type=alliances.AlliancePage&fields={LIST_FIELDS}&limit=20"
        ),
        "wagtail_detail": f"/api/v2/pages/{sample['id']}/",
    }


def measure_backend(ctx: Context, cache: str, paths: dict, *, first: bool) -> dict:
    """Every figure of one cache backend: cached server, then uncached server."""
    env = {"REDIS_URL": ctx.redis_url} if cache == "Redis" else {}
    seconds = ctx.seconds
    m: dict = {}
    log(f"Partner API, {cache}: serving on {base_url()}, {seconds} s per endpoint")
    server = serve(ctx.url, **env)
    try:
        endpoints = [
            ("ceiling", f"ceiling (10 KB static bytes), {cache}", "/bench/ceiling/", None),
            ("cached", f"our list, cached, {cache}", paths["plain"], None),
        ]
        if etag := fetch(paths["plain"])[1].get("ETag"):
            endpoints.append(
                ("304", f"our list, 304, {cache}", paths["plain"], {"If-None-Match": etag})
            )
        m |= in_turn(endpoints, seconds)
    finally:
        stop(server)
    server = serve(ctx.url, API_RESPONSE_CACHE_TIMEOUT="0", **env)
    try:
        uncached = [
            ("uncached_ceiling", f"ceiling, beside the uncached, {cache}", "/bench/ceiling/", None),
            ("list", f"our list, uncached, {cache}", paths["plain"], None),
            ("detail", f"our detail, uncached, {cache}", paths["detail"], None),
        ]
        if first:  # Wagtail's API v2 has no response cache: beside our uncached answers
            uncached += [
                ("wagtail_list", "Wagtail API v2 list, same fields", paths["wagtail_list"], None),
                ("wagtail_detail", "Wagtail API v2 detail", paths["wagtail_detail"], None),
                ("filtered", "our list, district+topic, uncached", paths["filtered"], None),
                ("searched", "our list, q, uncached", paths["searched"], None),
            ]
        m |= in_turn(uncached, seconds)
        if first:
            mix = [paths[k] for k in ("plain", "filtered", "searched", "detail")]
            m["rss"] = memory_growth(server, [p for p in mix if fetch(p)[0] == 200])
    finally:
        stop(server)
    return m


def _slowdown(m: dict, key: str) -> float | None:
    if not m.get(key) or not m.get("list"):
        return None
    return m["list"].rps / m[key].rps


def run(ctx: Context) -> Result:
    sample = in_process(ctx.url, "api_sample.sample")
    paths = _paths(sample)
    queries = in_process(
        ctx.url,
        "api_sample.query_counts",
        API_RESPONSE_CACHE_TIMEOUT="0",
        BENCH_PATHS="|".join(paths[k] for k in ("plain", "filtered", "searched", "detail")),
    )
    backends = ["database cache"] + (["Redis"] if ctx.redis_url else [])
    runs = {
        cache: measure_backend(ctx, cache, paths, first=i == 0) for i, cache in enumerate(backends)
    }
    db = runs["database cache"]
    result = Result(NAME)
    measured = [x for m in runs.values() for x in m.values() if isinstance(x, Measurement)]
    result.lines += [
        f"partner API: gunicorn 1 sync worker, wrk {CONNECTIONS} connections, {ctx.seconds} s each",
        "",
        report.table(measured),
        "",
        "queries per request (list, district+topic, q, detail), besides the database "
        f"cache's: {[q[0] for q in queries]}; the database cache's: {[q[1] for q in queries]}",
    ]
    for cache, m in runs.items():
        result.targets += [
            Target(f"cached list / ceiling, {cache}", report.ratio(m["cached"], m["ceiling"]), 0.6),
            Target(f"304 / ceiling, {cache}", report.ratio(m.get("304"), m["ceiling"]), 0.6),
            Target(
                f"uncached list / ceiling, {cache}",
                report.ratio(m["list"], m["uncached_ceiling"]),
                0.15,
            ),
            Target(
                f"uncached detail / ceiling, {cache}",
                report.ratio(m["detail"], m["uncached_ceiling"]),
                0.4,
            ),
        ]
    result.targets += [
        Target(
            "uncached list / Wagtail v2 list", report.ratio(db["list"], db.get("wagtail_list")), 20
        ),
        Target(
            "detail / Wagtail v2 detail", report.ratio(db["detail"], db.get("wagtail_detail")), 5
        ),
        Target("district+topic time / plain list time", _slowdown(db, "filtered"), 2, True),
        Target("q time / plain list time", _slowdown(db, "searched"), 2, True),
        Target(
            "queries per list request (besides the cache's)",
            queries[0][0] if queries[0][0] >= 0 else None,
            7,
            True,
            "",
        ),
        Target(
            "p99 of the uncached list", db["list"].p99_ms if db["list"] else None, 100, True, " ms"
        ),
    ]
    if rss := db.get("rss"):
        growth = (rss[1] - rss[0]) / rss[0] * 100
        result.targets.append(
            Target(f"RSS growth over {rss[2]:,} requests", growth, 10, True, " %")
        )
        result.lines.append(
            f"RSS of the worker: {rss[0] / 1024:.1f} MiB before, {rss[1] / 1024:.1f} MiB after "
            f"{rss[2]} requests of our endpoints ({growth:+.1f} %)"
        )
        result.figures["worker MiB"] = rss[1] / 1024
    for key, label in (
        ("list", "list"),
        ("detail", "detail"),
        ("searched", "q"),
        ("filtered", "filter"),
    ):
        if db.get(key):
            result.figures[f"{label} p50 ms"] = db[key].p50_ms
            result.figures[f"{label} p99 ms"] = db[key].p99_ms
    return result
