"""The benchmark measures the product as it runs: its settings are production's, plus the
two comparison views, and nothing of the benchmark is in the product's settings."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

DUMP = """
import importlib, json, sys
import django
django.setup()  # lazy translations in the settings need it to be printed
module = importlib.import_module(sys.argv[1])
names = [n for n in dir(module) if n.isupper()]
print(json.dumps({n: repr(getattr(module, n)) for n in names}))
"""


def settings_of(module: str, **env) -> dict:
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SECRET_KEY": "a-long-random-secret-key-for-comparing-settings-only-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": module,
        **env,
    }
    done = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", DUMP, module],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_benchmark_settings_are_production_plus_the_comparison_views():
    production = settings_of("cms.settings.production")
    bench = settings_of("bench.settings")
    differing = {
        name for name in production.keys() | bench.keys() if production.get(name) != bench.get(name)
    }
    assert differing == {"ROOT_URLCONF", "INSTALLED_APPS"}
    assert bench["ROOT_URLCONF"] == repr("bench.urls")
    assert "DatabaseCache" in bench["CACHES"]  # the product's default cache


def test_with_redis_the_benchmark_uses_the_products_redis_cache():
    redis = {"REDIS_URL": "redis://127.0.0.1:6379/8"}
    assert (
        settings_of("bench.settings", **redis)["CACHES"]
        == settings_of("cms.settings.production", **redis)["CACHES"]
    )


def test_no_product_settings_name_the_benchmark():
    for path in (ROOT / "cms" / "settings").glob("*.py"):
        assert "bench" not in path.read_text().lower(), path
    for path in (ROOT / "api").rglob("*.py"):
        text = path.read_text()
        assert "BYPASS" not in text and "X_BENCH" not in text, path
