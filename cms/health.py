"""What /healthz reports: the database, the task worker's last heartbeat, the queue's and
the outboxes' backlog and the oldest due delivery, each against a documented threshold
(`settings.HEALTH_THRESHOLDS`). Outboxes register themselves (imports stay apps → cms)."""

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

HEARTBEAT = "worker"


@dataclass(frozen=True)
class Backlog:
    count: int
    oldest_due: datetime | None


_OUTBOXES: dict[str, Callable[[], Backlog]] = {}


def register_outbox(name: str, backlog: Callable[[], Backlog]) -> None:
    _OUTBOXES[name] = backlog


def heartbeat() -> None:
    """The scheduled task: a worker ran it just now."""
    from cms.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        name=HEARTBEAT,
        defaults={"beat_at": timezone.now(), "host": socket.gethostname(), "pid": os.getpid()},
    )


def _age(moment, now) -> float | None:
    return round((now - moment).total_seconds(), 1) if moment else None


def running_clusters() -> int:
    """How many task clusters run now: django-q2's cluster stats, which expire 3 s after a
    cluster stops renewing them (kill -9 included). Raises what the broker raises."""
    from django_q.status import Stat

    return len(Stat.get_all())


@dataclass(frozen=True)
class WorkerPresence:
    """Whether a worker runs tasks, from both signals: the running clusters (live, but a
    restart or one missed read shows none) and the last heartbeat (proof, a minute apart)."""

    clusters: int
    last_heartbeat: datetime | None
    heartbeat_age: float | None

    @property
    def absent(self) -> bool:
        """No cluster runs and none beat within the grace (`worker_grace`): a restart or a
        missed read of the stats stays within it, a dead worker passes it."""
        grace = settings.HEALTH_THRESHOLDS["worker_grace"]
        return self.clusters == 0 and (self.heartbeat_age is None or self.heartbeat_age > grace)


def worker_presence(now=None, *, clusters: int | None = None) -> WorkerPresence:
    """The worker's presence now; a broker that cannot be asked counts as no cluster."""
    from cms.models import WorkerHeartbeat

    now = now or timezone.now()
    if clusters is None:
        try:
            clusters = running_clusters()
        except Exception:  # any broker error: it cannot tell us of a running cluster
            clusters = 0
    beat = WorkerHeartbeat.objects.filter(name=HEARTBEAT).first()
    return WorkerPresence(
        clusters=clusters,
        last_heartbeat=beat.beat_at if beat else None,
        heartbeat_age=_age(beat.beat_at, now) if beat else None,
    )


def worker_state(presence: WorkerPresence) -> dict:
    """A heartbeat within `heartbeat_age`, and a running cluster or a beat within the grace."""
    age = presence.heartbeat_age
    limit = settings.HEALTH_THRESHOLDS["heartbeat_age"]
    return {
        "last_heartbeat": presence.last_heartbeat.isoformat() if presence.last_heartbeat else None,
        "heartbeat_age_s": age,
        "ok": age is not None and age <= limit and not presence.absent,
    }


def queue_state() -> dict:
    from django_q.brokers import get_broker

    size = get_broker().queue_size() or 0
    return {"backlog": size, "ok": size <= settings.HEALTH_THRESHOLDS["queue_backlog"]}


def outbox_state(now) -> dict:
    limits = settings.HEALTH_THRESHOLDS
    outboxes = {name: backlog() for name, backlog in sorted(_OUTBOXES.items())}
    total = sum(b.count for b in outboxes.values())
    dues = [b.oldest_due for b in outboxes.values() if b.oldest_due]
    oldest = min(dues) if dues else None
    oldest_age = _age(oldest, now) if oldest and oldest < now else 0.0
    return {
        "backlog": total,
        "by_outbox": {name: b.count for name, b in outboxes.items()},
        "oldest_due": oldest.isoformat() if oldest else None,
        "oldest_due_age_s": oldest_age,
        "ok": total <= limits["outbox_backlog"] and oldest_age <= limits["oldest_due_age"],
    }
