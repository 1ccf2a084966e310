"""django-q2's `qcluster`, refusing to start with another signing key than the web's, and
stopping within seconds on SIGTERM (systemd sends it to the whole process group).

django-q2's own handler stops the cluster through events shared with its processes; when
SIGTERM reaches the group, the sentinel and workers die at once (their handler is the
default), one of them can die holding the event's lock, and the main process then waits
for that lock forever. Here the main process only signals its children, waits a bounded
time, and exits. A task cut short is not lost: the ORM broker hands it out again after
`Q_RETRY`, and mails and webhooks are outbox rows the sweeper sends.
"""

import logging
import os
import signal
import time
from pathlib import Path

from django.core.management.base import CommandError
from django_q.cluster import Cluster
from django_q.management.commands.qcluster import Command as QclusterCommand
from django_q.tasks import async_task

from cms import keycheck

logger = logging.getLogger(__name__)

STOP_SECONDS = 8


def _children(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return children


def _descendants(pid: int) -> list[int]:
    found, todo = [], _children(pid)
    while todo:
        child = todo.pop()
        found.append(child)
        todo += _children(child)
    return found


def _signal(pids: list[int], signum: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            continue


class Command(QclusterCommand):
    def handle(self, *args, **options):
        try:
            verified = keycheck.verify()
        except keycheck.SigningKeyMismatch as exc:
            logger.critical("qcluster refuses to start: %s", exc)
            raise CommandError(f"qcluster refuses to start: {exc}") from exc
        if not verified:
            logger.warning("No web process has written the signing-key check yet; starting.")
        if options.get("cluster_name"):
            os.environ["Q_CLUSTER_NAME"] = options["cluster_name"]

        cluster = Cluster()
        cluster.start()
        if options.get("run_once"):
            cluster.stop()
            return
        # /healthz counts a worker alive once it has run a task: the first heartbeat now,
        # through the queue, not only at the heartbeat schedule's next turn (up to minutes).
        async_task("cms.health.heartbeat")
        signal.signal(signal.SIGTERM, lambda signum, frame: self._stop(cluster))
        signal.signal(signal.SIGINT, lambda signum, frame: self._stop(cluster))
        while cluster.sentinel.is_alive():
            cluster.sentinel.join(timeout=1)
        logger.error("Q Cluster %s: the sentinel died; stopping.", cluster.name)
        self._stop(cluster, code=1)

    def _stop(self, cluster, code: int = 0) -> None:
        """Stop every process of this cluster within STOP_SECONDS, then exit."""
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        pids = _descendants(os.getpid())
        if os.getpgid(0) == os.getpid():  # our own group (systemd, a new session): all of it
            os.killpg(os.getpid(), signal.SIGTERM)
        _signal(pids, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in pids):
            try:
                while os.waitpid(-1, os.WNOHANG)[0]:  # reap our children
                    pass
            except ChildProcessError:
                pass
            pids = [p for p in pids if _alive(p)]
            time.sleep(0.1)
        _signal(pids, signal.SIGKILL)
        logger.info("Q Cluster %s stopped.", cluster.name)
        logging.shutdown()
        os._exit(code)  # multiprocessing's exit handlers would wait on the shared events


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"
