"""`make bench`: build the benchmark database, serve it with gunicorn, drive it with wrk.

Run from the project root: `.venv/bin/python bench/run.py`. DATABASE_URL may point at
PostgreSQL; otherwise a SQLite file under .bench/ is used. Prints one table and the
targets of issue 6, and keeps the output in .bench/last-run.txt.
"""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402 (the script runs with the project root unset)
from bench.report import Measurement, Target  # noqa: E402

BENCH_DIR = ROOT / ".bench"
BIN = ROOT / ".venv" / "bin"
SCALE = int(os.environ.get("BENCH_SCALE", "10000"))
PORT = int(os.environ.get("BENCH_PORT", "8400"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = 4
RSS_REQUESTS = 20_000
RSS_SECONDS = int(os.environ.get("BENCH_RSS_SECONDS", "90"))  # stops earlier at 20,000
IMPORT_ROWS = 2_000
BYPASS_HEADER = ("X-Bench-No-Cache", "1")
# A card as our list item has it (title, public URL and last change are in v2's meta).
LIST_FIELDS = "summary,stage,started_on,districts,topics,age_groups,image_card"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Database --------------------------------------------------------------------------------


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def django_env(url: str) -> dict:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="cms.settings.bench",
        DATABASE_URL=url,
        PYTHONPATH=str(ROOT),
    )


def manage(url: str, *args: str) -> str:
    done = subprocess.run(
        [BIN / "python", "manage.py", *args],
        cwd=ROOT,
        env=django_env(url),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        log(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return done.stdout


def shell(url: str, code: str) -> str:
    return manage(url, "shell", "--no-imports", "-c", code).strip().splitlines()[-1]


def create_postgres_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def build(url: str) -> None:
    BENCH_DIR.mkdir(exist_ok=True)
    log(f"Database: {url}")
    if is_postgres(url):
        create_postgres_database(url)
    manage(url, "migrate", "--noinput")
    manage(url, "createcachetable")
    have = int(
        shell(
            url,
            "from alliances.models import AlliancePage;"
            "print(AlliancePage.objects.filter(slug__startswith='gen-').count())",
        )
    )
    if have < SCALE:
        log(f"Seeding {SCALE - have} alliances (seed_demo --scale) …")
        manage(url, "seed_demo", "--scale", str(SCALE - have))
    else:
        manage(url, "seed_demo")
    # Planner statistics, as seed_demo --scale leaves them (older benchmark databases).
    shell(url, "from alliances.bulk import refresh_planner_statistics as r; r(); print('ok')")
    # The API's read model, as the task queue keeps it after every change (no worker here).
    log("Rendering the API's read model (refresh_public_records) …")
    log(manage(url, "refresh_public_records").strip().splitlines()[-1])


SAMPLE = """
import json
from alliances.models import AlliancePage
page = (AlliancePage.objects.publicly_visible().filter(slug__startswith="gen-", stage="active")
        .prefetch_related("districts", "topics").order_by("path")[137])
print(json.dumps({"slug": page.slug, "id": page.pk,
    "district": page.districts.all()[0].slug, "topic": page.topics.all()[0].slug}))
"""


# Import ----------------------------------------------------------------------------------


def import_file(url: str) -> Path:
    slugs = json.loads(
        shell(
            url,
            "import json; from alliances.models import District, Topic, AgeGroup, Standard;"
            "print(json.dumps([list(District.objects.values_list('slug', flat=True)),"
            "list(Topic.objects.values_list('slug', flat=True)),"
            "list(AgeGroup.objects.values_list('slug', flat=True)),"
            "list(Standard.objects.values_list('reference', flat=True))]))",
        )
    )
    districts, topics, age_groups, standards = slugs
    rng = random.Random(6)
    path = BENCH_DIR / "capture-campaign.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(
            "kind,title,summary,districts,topics,age_groups,priority,captured_on,"
            "standard,actual_value,measured_on,source\n"
        )
        for n in range(IMPORT_ROWS):
            gap = n % 2 == 0
            handle.write(
                ",".join(
                    [
                        "need" if n % 3 else "opportunity",
                        f"Umfrage-Eintrag {n}",
                        f"Rückmeldung {n} aus der Bürgerbefragung.",
                        '"' + ",".join(rng.sample(districts, 2)) + '"',
                        rng.choice(topics),
                        rng.choice(age_groups),
                        str(rng.randint(1, 4)),
                        "2026-03-01",
                        f'"{rng.choice(standards)}"' if gap else "",
                        str(rng.randint(0, 90)) if gap else "",
                        "2026-02-01" if gap else "",
                        "Bürgerbefragung 2026" if gap else "",
                    ]
                )
                + "\n"
            )
    return path


def scratch_copy(url: str) -> tuple[str, callable]:
    """A throwaway copy of the benchmark database, so the import leaves it unchanged."""
    if is_postgres(url):
        import psycopg

        base, name = url.rsplit("/", 1)
        copy = f"{name}_import"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            connection.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')

        def drop():
            with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{copy}"')

        return f"{base}/{copy}", drop
    source = url.removeprefix("sqlite:///")
    target = BENCH_DIR / "import.sqlite3"
    for leftover in BENCH_DIR.glob("import.sqlite3*"):
        leftover.unlink()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}", lambda: [p.unlink() for p in BENCH_DIR.glob("import.sqlite3*")]


def bench_import(url: str) -> tuple[float, int]:
    path = import_file(url)
    copy, drop = scratch_copy(url)
    try:
        log(f"import_items: {IMPORT_ROWS} rows …")
        output = manage(copy, "import_items", str(path))
    finally:
        drop()
    line = output.strip().splitlines()[-1]
    imported = int(line.split("Imported ")[1].split(" ")[0])
    rate = float(line.rsplit("(", 1)[1].split(" pages/s")[0])
    return rate, imported


def runner_merged() -> bool:
    services = ROOT / "workflows" / "services.py"
    return services.exists() and "def run_transition" in services.read_text()


def bench_transitions(url: str) -> list[dict] | None:
    """Transitions/s single-threaded and with 8 workers, on a throwaway copy."""
    if not runner_merged():
        log("transitions: the workflow runner is not on this branch, left out")
        return None
    copy, drop = scratch_copy(url)
    try:
        log("transitions: 1 and 8 workers …")
        code = f"from bench.transitions import main; main({SECONDS}, 8)"
        return json.loads(shell(copy, code))
    finally:
        drop()


# HTTP ------------------------------------------------------------------------------------


def base_url() -> str:
    return f"http://127.0.0.1:{PORT}"


def fetch(path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(base_url() + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def serve(url: str) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            *(BIN / "gunicorn", "--config", ROOT / "gunicorn.conf.py", "cms.wsgi"),
            *("--workers", "1", "--bind", f"127.0.0.1:{PORT}"),
            # Longer than the memory phase: when wrk's script stops a thread early, its idle
            # connection blocks the sync worker until wrk exits; don't let that kill it.
            *("--timeout", str(RSS_SECONDS + 60)),
        ],
        cwd=ROOT,
        env=django_env(url),
        stdout=subprocess.DEVNULL,
        stderr=(BENCH_DIR / "gunicorn.log").open("w"),
    )
    for _ in range(120):
        try:
            if fetch("/bench/ceiling/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start; see .bench/gunicorn.log")


def worker_pid(server: subprocess.Popen) -> int:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return int(children[0])


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def wrk(name: str, path: str, headers: dict | None = None) -> Measurement | None:
    status = fetch(path, headers)[0]
    if status not in (200, 304):
        log(f"  {name}: HTTP {status} for {path}, left out")
        return None
    for _ in range(20):  # warm up
        fetch(path, headers)
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s"]
    for key, value in (headers or {}).items():
        args += ["-H", f"{key}: {value}"]
    output = subprocess.run(
        [*args, base_url() + path], capture_output=True, text=True, check=True
    ).stdout
    measurement = report.parse_wrk(name, output)
    log(f"  {name}: {measurement.rps:.0f} req/s")
    return measurement


MIX_SCRIPT = """
local paths = {%s}
local limit = %d
local n, done = 0, 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
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
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{RSS_SECONDS}s",
            "-s",
            str(script),
            base_url() + "/",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = int(output.split(" requests in ")[0].split()[-1])
    return before, rss_kib(pid), requests


# Main ------------------------------------------------------------------------------------


QUERY_COUNT = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1", HTTP_X_BENCH_NO_CACHE="1")
counts = []
for path in %r:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counts.append(len(queries) if status == 200 else -1)
print(counts)
"""


def main() -> None:
    started = time.monotonic()
    url = database_url()
    build(url)
    sample = json.loads(shell(url, SAMPLE))
    import_rate, imported = bench_import(url)

    bypass = dict([BYPASS_HEADER])
    ours = "/api/v1/alliances/"
    plain = f"{ours}?page_size=20"
    filtered = f"{plain}&district={sample['district']}&topic={sample['topic']}"
    searched = f"{plain}&q=Garten"
    detail = f"{ours}{sample['slug']}/"
    wagtail_list = f"/api/v2/pages/?type=alliances.AlliancePage&fields={LIST_FIELDS}&limit=20"
    wagtail_detail = f"/api/v2/pages/{sample['id']}/"
    queries = json.loads(shell(url, QUERY_COUNT % [plain, filtered, searched]))

    server = serve(url)
    try:
        log(f"Serving on {base_url()}; {SECONDS} s per endpoint at {CONNECTIONS} connections")
        m = {
            "list": wrk("our list, uncached", plain, bypass),
            "cached": wrk("our list, cached", plain),
            "filtered": wrk("our list, district+topic (uncached)", filtered, bypass),
            "searched": wrk("our list, q (uncached)", searched, bypass),
            "detail": wrk("our detail (uncached)", detail, bypass),
        }
        etag = fetch(plain)[1].get("ETag")
        m["304"] = wrk("our list, 304", plain, {"If-None-Match": etag}) if etag else None
        m["wagtail_list"] = wrk("Wagtail API v2 list, same fields", wagtail_list)
        m["wagtail_detail"] = wrk("Wagtail API v2 detail", wagtail_detail)
        m["ceiling"] = wrk("ceiling (10 KB static bytes)", "/bench/ceiling/")
        mix = [p for p in (plain, filtered, searched, detail) if fetch(p)[0] == 200]
        rss = memory_growth(server, mix) if mix else None
    finally:
        server.send_signal(signal.SIGINT)  # quick stop: a graceful one waits for slow requests
        server.wait(timeout=30)

    transitions = bench_transitions(url)
    print(
        summary(
            url, m, queries, (import_rate, imported), rss, transitions, time.monotonic() - started
        )
    )


def summary(url, m, queries, imported, rss, transitions, seconds) -> str:
    list_p99 = m["list"].p99_ms if m["list"] else None
    plain_queries = queries[0] if queries and queries[0] >= 0 else None
    growth = (rss[1] - rss[0]) / rss[0] * 100 if rss else None
    targets = [
        Target("uncached list / Wagtail v2 list", report.ratio(m["list"], m["wagtail_list"]), 10),
        Target("detail / Wagtail v2 detail", report.ratio(m["detail"], m["wagtail_detail"]), 5),
        Target("cached list / ceiling", report.ratio(m["cached"], m["ceiling"]), 0.5),
        Target("304 / ceiling", report.ratio(m["304"], m["ceiling"]), 0.6),
        Target("district+topic time / plain list time", _slowdown(m, "filtered"), 2, True),
        Target("q time / plain list time", _slowdown(m, "searched"), 2, True),
        Target("queries per list request", plain_queries, 7, True, ""),
        Target("p99 of the uncached list", list_p99, 100, True, " ms"),
        Target("import_items", imported[0], 150, unit=" pages/s"),
        Target(f"RSS growth over {rss[2] if rss else 0:,} requests", growth, 10, True, " %"),
    ]
    measured = [x for x in m.values() if x]
    lines = [
        "",
        f"make bench: {SCALE} alliances, {'PostgreSQL' if is_postgres(url) else 'SQLite'}, "
        f"gunicorn 1 sync worker, wrk {CONNECTIONS} connections, {SECONDS} s each",
        "",
        report.table(measured),
        "",
        report.targets_block(targets),
        "",
        f"queries per list request (plain, district+topic, q): {queries}",
        f"import_items: {imported[1]} pages at {imported[0]:.0f} pages/s",
    ]
    for run in transitions or []:
        lines.append(
            f"transitions, {run['workers']} worker(s): {run['per_second']:.0f}/s "
            f"({run['transitions']} done, {run['conflicts']} refused as conflicts); "
            f"log rows {run['log_rows']} = transitions {run['transitions']} = stage changes "
            f"{run['stage_changes']}: {'no update lost' if run['consistent'] else 'LOST UPDATES'}"
        )
    if rss:
        lines.append(
            f"RSS of the worker: {rss[0] / 1024:.1f} MiB before, {rss[1] / 1024:.1f} MiB after "
            f"{rss[2]} requests of our endpoints ({growth:+.1f} %)"
        )
    lines.append(f"total time: {seconds:.0f} s")
    text = "\n".join(lines)
    (BENCH_DIR / "last-run.txt").write_text(text + "\n")
    return text


def _slowdown(m: dict, key: str) -> float | None:
    if not m.get(key) or not m.get("list"):
        return None
    return m["list"].rps / m[key].rps


if __name__ == "__main__":
    main()
