"""Upstream German corrected in our catalogue (cms/upstream_labels.py, LOCALE_PATHS first):
django-q2's worker logged "… veröffentlicht Aufagaben auf …" when its pusher started."""

import logging
import threading

import pytest
from django.utils import translation
from django_q import pusher


class _EmptyBroker:
    list_key = "test"

    def dequeue(self):
        return None


@pytest.fixture
def worker_log():
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("django-q")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_the_workers_pusher_logs_aufgaben_spelt_right(monkeypatch, worker_log):
    monkeypatch.setattr(pusher, "setproctitle", None)  # leave the test process's title
    stop = threading.Event()
    stop.set()  # one round, then stop
    with translation.override("de"):
        pusher.pusher(task_queue=None, event=stop, broker=_EmptyBroker())
    messages = [record.getMessage() for record in worker_log]
    started = next(message for message in messages if "Prozess" in message)
    assert started.endswith(f"veröffentlicht Aufgaben (Prozess {pusher.current_process().pid})")
    assert not any("Aufagaben" in message for message in messages)
    assert any(message.endswith("veröffentlicht keine Aufgaben mehr") for message in messages)
