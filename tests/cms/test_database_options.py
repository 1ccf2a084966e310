"""PostgreSQL parses and plans a statement the connection repeats once, not per request:
server-side binding with psycopg's automatic preparation (cms/settings/base.py)."""

import pytest
from django.db import connection

from tests.cms.test_settings import _manage

READ_OPTIONS = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
POSTGRES = "postgres://postgres@127.0.0.1:5432/anything"


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_prepares_what_the_api_repeats(client, settings, fresh_caches):
    settings.API_RESPONSE_CACHE_TIMEOUT = 0  # every request runs the list's statements
    for _ in range(8):
        assert client.get("/api/v1/alliances/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] > 0


def test_preparing_can_be_turned_off_for_a_pooler_in_transaction_mode():
    on = _manage("shell", "-c", READ_OPTIONS, DATABASE_URL=POSTGRES, **_production())
    off = _manage(
        "shell",
        "-c",
        READ_OPTIONS,
        DATABASE_URL=POSTGRES,
        DATABASE_PREPARE_THRESHOLD="",
        **_production(),
    )
    assert on.returncode == 0, on.stderr
    assert "'server_side_binding': True" in on.stdout
    assert "'prepare_threshold': 5" in on.stdout
    assert "'prepare_threshold': None" in off.stdout, off.stderr


def _production():
    return {
        "DJANGO_SECRET_KEY": "x7!" + "k" * 60 + "q9#Lm2",
        "DJANGO_ALLOWED_HOSTS": "allianzen.arnsberg.de",
    }
