import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_q.conf import Conf
from django_q.status import Stat

from cms import health

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
        backlog = health.queue_state()
    except Exception:
        logger.exception("Health check: task broker unreachable")
        return {"state": "down", "clusters": 0, "ok": False}
    return {
        "state": "ok" if clusters else "no_worker",
        "clusters": len(clusters),
        "broker": "redis" if Conf.REDIS and not Conf.ORM else "orm",
        **backlog,
    }


@never_cache
@require_safe
def healthz(request):
    """200 when everything is within `HEALTH_THRESHOLDS`, else 503 with what is not."""
    database = _database_state()
    body = {"database": database, "thresholds": settings.HEALTH_THRESHOLDS}
    if database == "ok":
        now = timezone.now()
        body.update(
            worker=health.worker_state(now),
            queue=_queue_state(),
            outbox=health.outbox_state(now),
        )
    failing = [name for name in ("worker", "queue", "outbox") if not body.get(name, {}).get("ok")]
    body["failing"] = ["database"] if database != "ok" else failing
    return JsonResponse(body, status=503 if body["failing"] else 200)


# Not for search engines: the admin, the embed widget's frames (partners show them), the
# sign-up confirmation links, the API (its documentation is linked from the site).
ROBOTS_DISALLOW = ("/admin/", "/embed/", "/interest/", "/api/v1/", "/workflow-api/")


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('site:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
