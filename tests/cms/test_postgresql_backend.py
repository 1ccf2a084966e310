"""The PostgreSQL backend's health check (cms.postgresql): a healthy idle connection is
usable without a round trip; one the server ended is noticed from its socket."""

import time

import psycopg
import pytest
from django.db import connection, connections

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _other_connection():
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    return psycopg.connect(**params, autocommit=True)


def test_the_backend_is_ours():
    assert type(connections["default"]).__module__ == "cms.postgresql.base"
    assert connection.vendor == "postgresql"  # Wagtail's search and ours still know it


def test_a_healthy_connection_is_usable_without_a_query(monkeypatch):
    wrapper = connections.create_connection("default")
    try:
        wrapper.ensure_connection()

        def no_query(*args, **kwargs):
            raise AssertionError("the health check sent a query")

        monkeypatch.setattr(wrapper.connection, "cursor", no_query)
        assert wrapper.is_usable()
    finally:
        monkeypatch.undo()
        wrapper.close()


def test_a_connection_the_server_ended_is_not_usable():
    wrapper = connections.create_connection("default")
    try:
        wrapper.ensure_connection()
        backend = wrapper.connection.info.backend_pid
        with _other_connection() as other:
            other.execute("SELECT pg_terminate_backend(%s)", [backend])
        deadline = time.monotonic() + 5
        while wrapper.is_usable() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not wrapper.is_usable()
        wrapper.close_if_unusable_or_obsolete()  # what Django does between requests
    finally:
        wrapper.close()


def test_a_health_check_replaces_an_ended_connection_before_the_request_uses_it():
    wrapper = connections.create_connection("default")
    try:
        wrapper.ensure_connection()
        first = wrapper.connection.info.backend_pid
        with _other_connection() as other:
            other.execute("SELECT pg_terminate_backend(%s)", [first])
        time.sleep(0.2)
        wrapper.health_check_done = False  # a new request (Django resets it per request)
        wrapper.close_if_health_check_failed()
        with wrapper.cursor() as cursor:  # the request's first query works
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] != first
    finally:
        wrapper.close()
