"""Transitions per second through the runner, and the check that no update was lost.

Run by bench/run.py inside `manage.py shell` on a throwaway copy of the benchmark
database: `from bench.transitions import main; main(seconds, workers)`. Needs and
opportunities are put on hold and resumed in turn; with several workers they all work
on the same few items, so compare-and-set conflicts really happen.
"""

import json
import threading
import time

from django.contrib.auth import get_user_model
from django.db import close_old_connections, connections, transaction

from alliances.models import ItemPage
from alliances.stages import ItemStage
from workflows.exceptions import StageConflict, TransitionNotAllowed
from workflows.models import TransitionLog
from workflows.services import run_transition
from workflows.signals import stage_changed

NEXT = {ItemStage.CAPTURED: "put_on_hold", ItemStage.ON_HOLD: "resume"}


class _StageChanges:
    """Counts committed stage changes as the runner announces them (independent of the log)."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, **kwargs):
        transaction.on_commit(self._add)

    def _add(self):
        with self.lock:
            self.count += 1


def _items(count: int) -> list[int]:
    ids = ItemPage.objects.filter(stage=ItemStage.CAPTURED).order_by("pk")[:count]
    return list(ids.values_list("pk", flat=True))


def _worker(ids: list[int], user, deadline: float, tally: dict, lock: threading.Lock) -> None:
    done = conflicts = 0
    try:
        n = 0
        while time.monotonic() < deadline:
            item = ItemPage.objects.get(pk=ids[n % len(ids)]).specific
            n += 1
            try:
                run_transition(item, NEXT[item.stage], by=user, comment="Benchmark")
                done += 1
            except (StageConflict, TransitionNotAllowed):
                conflicts += 1  # another worker moved it first: the runner refused, as it must
    finally:
        with lock:
            tally["transitions"] += done
            tally["conflicts"] += conflicts
        close_old_connections()
        connections.close_all()


def measure(*, seconds: float, workers: int, items: int) -> dict:
    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench", password=None)
    ids = _items(items)
    initial = dict(ItemPage.objects.filter(pk__in=ids).values_list("pk", "stage"))
    last_log = TransitionLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    tally, lock = {"transitions": 0, "conflicts": 0}, threading.Lock()
    counter = _StageChanges()
    stage_changed.connect(counter, weak=False)
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    if workers == 1:
        _worker(ids, user, deadline, tally, lock)
    else:
        threads = [
            threading.Thread(target=_worker, args=(ids, user, deadline, tally, lock))
            for _ in range(workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.monotonic() - started
    stage_changed.disconnect(counter)
    new_logs = TransitionLog.objects.filter(pk__gt=last_log)
    # The log must be a chain per item: each row starts where the one before ended, and
    # the last ends where the item is now. A lost update would break it or the counts.
    last_target, chained = dict(initial), True
    rows = new_logs.order_by("pk").values_list("page_id", "source", "target")
    for page_id, source, target in rows:
        chained &= last_target.get(page_id) == source
        last_target[page_id] = target
    for page_id, stage in ItemPage.objects.filter(pk__in=ids).values_list("pk", "stage"):
        chained &= last_target[page_id] == stage
    log_rows = new_logs.count()
    return {
        "workers": workers,
        "transitions": tally["transitions"],
        "conflicts": tally["conflicts"],
        "per_second": tally["transitions"] / elapsed,
        "log_rows": log_rows,
        "stage_changes": counter.count,
        "consistent": chained and log_rows == tally["transitions"] == counter.count,
    }


def main(seconds: float = 8, workers: int = 8) -> None:
    single = measure(seconds=seconds, workers=1, items=200)
    # Few items for many workers: they collide, and the runner must refuse the losers.
    concurrent = measure(seconds=seconds, workers=workers, items=4)
    print(json.dumps([single, concurrent]))
