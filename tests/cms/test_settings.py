import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", DJANGO_ALLOWED_HOSTS="allianzen.arnsberg.de")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def _assert_check_deploy_is_clean(**env):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="x7!" + "k" * 60 + "q9#Lm2",
        DJANGO_ALLOWED_HOSTS="allianzen.arnsberg.de",
        **env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_check_deploy_is_clean():
    _assert_check_deploy_is_clean()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_check_deploy_is_clean_with_the_catalogues_loaded(tmp_path):
    """The same check on a database with Arnsberg's catalogues, as after `make run`: the
    API schema once listed their slugs as enums and then warned (drf_spectacular.W001)."""
    from alliances.demo.seed import seed_catalogues
    from tests.cms import processes

    seed_catalogues()
    _assert_check_deploy_is_clean(DATABASE_URL=processes.database_url(tmp_path))


def test_production_refuses_a_weak_secret_key():
    for weak in ("geheim", "a" * 80, "django-insecure-" + "x7!k9#Lm2q" * 6):
        result = _manage("check", DJANGO_SECRET_KEY=weak, DJANGO_ALLOWED_HOSTS="allianzen.de")
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY is weak" in result.stderr


def test_image_renditions_are_looked_up_in_process_memory_without_redis():
    """Wagtail's "renditions" cache: not the database cache (a query, and on a miss a write
    transaction, per image shown); with Redis, Redis."""
    show = "from django.conf import settings; print(settings.CACHES['renditions']['BACKEND'])"
    key = {
        "DJANGO_SECRET_KEY": "x7!" + "k" * 60 + "q9#Lm2",
        "DJANGO_ALLOWED_HOSTS": "allianzen.arnsberg.de",
        "REDIS_URL": "",
    }
    embedded = _manage("shell", "-c", show, **key)
    assert (
        embedded.stdout.strip().splitlines()[-1] == "django.core.cache.backends.locmem.LocMemCache"
    ), embedded
    redis = _manage("shell", "-c", show, **{**key, "REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert redis.stdout.strip().splitlines()[-1] == "django.core.cache.backends.redis.RedisCache", (
        redis
    )
