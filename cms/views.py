import logging

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_q.conf import Conf
from django_q.status import Stat

logger = logging.getLogger(__name__)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means: not reachable
        logger.exception("Health check: database unreachable")
        return "down"
    return "ok"


def _queue_state() -> dict:
    try:
        clusters = Stat.get_all()
    except Exception:
        logger.exception("Health check: task broker unreachable")
        return {"state": "down", "clusters": 0}
    return {
        "state": "ok" if clusters else "no_worker",
        "clusters": len(clusters),
        "broker": "redis" if Conf.REDIS and not Conf.ORM else "orm",
    }


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not; the queue is reported."""
    database = _database_state()
    queue = _queue_state()
    status = 200 if database == "ok" else 503
    return JsonResponse({"database": database, "queue": queue}, status=status)
