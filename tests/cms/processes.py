"""Helpers for tests that run the product in real processes (manage.py, gunicorn)."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
# The database caches' tables (cms.settings.base CACHES without Redis), as
# `createcachetable` makes them.
CACHE_TABLE = "".join(
    f"""
CREATE TABLE IF NOT EXISTS {table} (
    cache_key varchar(255) NOT NULL PRIMARY KEY, value text NOT NULL,
    expires timestamp with time zone NOT NULL);
CREATE INDEX IF NOT EXISTS {table}_expires ON {table} (expires);
"""
    for table in ("cache_entries", "throttle_counters")
)
SECRET = "test-only-secret-key"  # cms.settings.test's key


def database_url(tmp_path: Path) -> str:
    """A URL other processes can open with what this (transactional) test committed.

    SQLite tests run in memory: the database is copied to a file with SQLite's online
    backup API. PostgreSQL tests use the test database itself. Either way it gets the
    database caches' tables: the other processes cache and count there, the tests in memory.
    """
    if connection.vendor == "sqlite":
        target = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
            copy.executescript(CACHE_TABLE.replace("timestamp with time zone", "datetime"))
        copy.close()
        return f"sqlite:///{target}"
    with connection.cursor() as cursor:
        for statement in CACHE_TABLE.split(";"):
            if statement.strip():
                cursor.execute(statement)
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


def environment(db_url: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "Q_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DJANGO_SECRET_KEY=SECRET,
        DATABASE_URL=db_url,
        DJANGO_DEBUG="false",
        PYTHONUNBUFFERED="1",
        Q_WORKERS="2",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(*args, env: dict, log: Path, **kwargs) -> subprocess.Popen:
    """Start `manage.py …` in its own process group (as systemd runs a unit)."""
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        **kwargs,
    )


def gunicorn(port: int, *, env: dict, log: Path) -> subprocess.Popen:
    """Start the web as deploy/allianzen-web.service does (one worker here)."""
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(
        f"timed out after {timeout} s waiting for {what() if callable(what) else what}"
    )


def stop_group(process: subprocess.Popen, timeout: float = 10) -> float:
    """SIGTERM to the process group; returns the seconds until the leader exited."""
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return time.monotonic() - started


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    process.wait()


def free_port(preferred: range = range(0)) -> int:
    """A free port of 127.0.0.1: the first free one of `preferred`, else any."""
    for port in (*preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise AssertionError("no free port")
