"""`.env.example` documents every variable the settings read, and nothing else."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# env("NAME" …), env.int("NAME" …), env.list("NAME" …) and the like.
READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
DOCUMENTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
# Read by Django or the process manager, not by our settings.
READ_ELSEWHERE = {"DJANGO_SETTINGS_MODULE"}


def _read_by_settings() -> set[str]:
    names = set()
    for module in (ROOT / "cms" / "settings").glob("*.py"):
        if module.name != "test.py":
            names |= set(READ.findall(module.read_text()))
    return names


def _documented() -> set[str]:
    return set(DOCUMENTED.findall((ROOT / ".env.example").read_text()))


def test_every_variable_the_settings_read_is_documented():
    assert _read_by_settings() - _documented() == set()


def test_every_documented_variable_is_read():
    assert _documented() - _read_by_settings() - READ_ELSEWHERE == set()


def test_the_pattern_finds_the_reads_it_must():
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "Q_WORKERS"} <= _read_by_settings()
