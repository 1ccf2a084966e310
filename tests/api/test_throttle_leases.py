"""Leases of a client's requests (api.throttling.Leases): a busy client costs a round trip
per lease, not per request, and never gets more than its rate, however its requests are
spread over processes."""

import random

import pytest

from api import throttling
from api.throttling import AnonymousThrottle, Leases

pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def counted(monkeypatch):
    """How often the shared counter was asked."""
    calls = []
    original = throttling._count

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(throttling, "_count", counting)
    return calls


def test_one_process_gives_exactly_the_rate_in_few_round_trips(settings, counted):
    settings.API_THROTTLE_RATES = {"anonymous": "120/min", "partner": "1/min"}
    answers = [AnonymousThrottle().hit("192.0.2.1") for _ in range(200)]
    assert answers == [True] * 120 + [False] * 80
    allowed_trips = len(counted) - 80  # each refusal asks again, one by one
    assert allowed_trips <= 25, allowed_trips
    assert AnonymousThrottle().hit("192.0.2.2")  # another client has its own


@pytest.mark.parametrize("processes", [2, 3, 8])
def test_spread_over_processes_a_client_never_gets_more_than_its_rate(
    settings, monkeypatch, processes
):
    settings.API_THROTTLE_RATES = {"anonymous": "480/min", "partner": "1/min"}
    leases = [Leases() for _ in range(processes)]
    chooser = random.Random(processes)
    allowed = 0
    for _ in range(1000):
        monkeypatch.setattr(throttling, "LEASES", chooser.choice(leases))
        allowed += AnonymousThrottle().hit("192.0.2.9")
    assert allowed <= 480
    # What others hold unused is lost to it: at most each process's last lease.
    assert allowed >= 480 - processes * (480 // 16), allowed


def test_a_new_window_starts_a_new_lease(settings, monkeypatch):
    settings.API_THROTTLE_RATES = {"anonymous": "2/min", "partner": "1/min"}
    assert [AnonymousThrottle().hit("192.0.2.3") for _ in range(3)] == [True, True, False]
    moment = throttling.time.time() + 60
    monkeypatch.setattr(throttling.time, "time", lambda: moment)
    assert AnonymousThrottle().hit("192.0.2.3")


def test_forgetting_clients_only_errs_towards_refusing(settings, monkeypatch):
    settings.API_THROTTLE_RATES = {"anonymous": "64/min", "partner": "1/min"}
    monkeypatch.setattr(Leases, "MAX_CLIENTS", 2)
    allowed = 0
    for n in range(300):
        allowed += AnonymousThrottle().hit("192.0.2.4")
        AnonymousThrottle().hit(f"198.51.100.{n % 50}")  # others push it out
    assert 50 <= allowed <= 64
