"""What every part of `make bench` shares: paths, the environment, manage.py, databases.

The benchmark runs the product with its production settings (bench/settings.py adds only
the comparison views). Production reads a secret key and the allowed hosts from the
environment; the benchmark gives it a random key and 127.0.0.1.
"""

import json
import os
import secrets
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
BIN = ROOT / ".venv" / "bin"
_SECRET = secrets.token_urlsafe(50)
# One load generator must not be answered with 429: the partner API's own settings.
UNTHROTTLED = "100000000/min"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def database_url(scale: int) -> str:
    """One database per scale: DATABASE_URL's name + `_<scale>`, or a SQLite file."""
    base = os.environ.get("DATABASE_URL")
    if base and is_postgres(base):
        return f"{base}_{scale}"
    return f"sqlite:///{BENCH_DIR / f'bench-{scale}.sqlite3'}"


def django_env(url: str, **extra: str) -> dict:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY=_SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_STATIC_ROOT=str(BENCH_DIR / "static"),
        API_THROTTLE_ANONYMOUS=UNTHROTTLED,
        API_THROTTLE_PARTNER=UNTHROTTLED,
        LOG_LEVEL="WARNING",
        DATABASE_URL=url,
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)  # the product's default cache unless a run asks for Redis
    env.update(extra)
    return env


def manage(url: str, *args: str, **extra_env: str) -> str:
    done = subprocess.run(
        [BIN / "python", "manage.py", *args],
        cwd=ROOT,
        env=django_env(url, **extra_env),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        log(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return done.stdout


def shell(url: str, code: str, **extra_env: str) -> str:
    """Run `code` in `manage.py shell`; returns the last line it printed."""
    return manage(url, "shell", "--no-imports", "-c", code, **extra_env).strip().splitlines()[-1]


def in_process(url: str, call: str, **extra_env: str):
    """Call a function of bench.inprocess inside Django; it prints JSON as its last line."""
    module, function = call.rsplit(".", 1)
    code = f"from bench.inprocess.{module} import {function} as f; f()"
    return json.loads(shell(url, code, **extra_env))


def create_postgres_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def scratch_copy(url: str, suffix: str = "scratch") -> tuple[str, callable]:
    """A throwaway copy of a benchmark database, so a section may write to it."""
    if is_postgres(url):
        import psycopg

        base, name = url.rsplit("/", 1)
        copy = f"{name}_{suffix}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            connection.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')

        def drop():
            with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{copy}"')

        return f"{base}/{copy}", drop
    source = Path(url.removeprefix("sqlite:///"))
    target = source.with_name(f"{source.stem}-{suffix}.sqlite3")

    def drop():
        for leftover in target.parent.glob(f"{target.name}*"):
            leftover.unlink()

    drop()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}", drop


@dataclass
class Built:
    """A benchmark database and how it was built (kept beside it, so reruns can say)."""

    scale: int
    url: str
    seed_seconds: float | None = None
    render_seconds: float | None = None
    representations: int | None = None
    pages: int | None = None


def _meta_path(url: str) -> Path:
    return BENCH_DIR / f"{url.rsplit('/', 1)[-1].removesuffix('.sqlite3')}.json"


def build(scale: int) -> Built:
    """Migrate, seed `scale` alliances and render the read model, once per database."""
    BENCH_DIR.mkdir(exist_ok=True)
    url = database_url(scale)
    meta = _meta_path(url)
    if is_postgres(url):
        create_postgres_database(url)
    elif meta.exists() and not Path(url.removeprefix("sqlite:///")).exists():
        meta.unlink()
    if meta.exists():
        built = Built(**json.loads(meta.read_text()))
        log(f"Database for {scale:,} alliances: {url} (built before; migrating it)")
        manage(url, "migrate", "--noinput")  # built by an older checkout, perhaps
        return built
    log(f"Building the database for {scale:,} alliances: {url}")
    manage(url, "migrate", "--noinput")
    manage(url, "createcachetable")
    seeded = in_process(url, "build.seed", BENCH_BUILD_SCALE=str(scale))
    rate = seeded["pages"] / seeded["seconds"]
    log(f"  seed_demo --scale {scale}: {seeded['seconds']:.0f} s ({rate:.0f} pages/s)")
    # The API's read model, as the task queue keeps it after every change (no worker here).
    rendered = in_process(url, "build.render")
    log(
        f"  read model: {rendered['representations']} representations in "
        f"{rendered['seconds']:.0f} s (refresh_public_records --all)"
    )
    built = Built(
        scale,
        url,
        seeded["seconds"],
        rendered["seconds"],
        rendered["representations"],
        seeded["pages"],
    )
    meta.write_text(json.dumps(built.__dict__))
    return built


def static_files(url: str) -> None:
    """Production serves the admin's static files from a manifest (collectstatic). Run
    every time: a manifest of an older checkout lacks new files, and their pages fail."""
    log("collectstatic for the admin and public views …")
    manage(url, "collectstatic", "--noinput")


@dataclass
class Context:
    """What a section gets: the scale, its database, and where to say what it does."""

    scale: int
    built: Built
    seconds: int
    redis_url: str = ""
    figures: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.built.url


@dataclass
class Result:
    """What a section hands back: printed lines, targets, and figures for the curve."""

    name: str
    lines: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)
