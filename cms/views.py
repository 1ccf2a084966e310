import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_q.conf import Conf

from cms import health
from cms.methods import read_only

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
        clusters = health.running_clusters()
        backlog = health.queue_state()
    except Exception:
        logger.exception("Health check: task broker unreachable")
        return {"state": "down", "clusters": 0, "ok": False}
    return {
        "state": "ok" if clusters else "no_worker",
        "clusters": clusters,
        "broker": "redis" if Conf.REDIS and not Conf.ORM else "orm",
        **backlog,
    }


@read_only
@never_cache
def healthz(request):
    """200 when everything is within `HEALTH_THRESHOLDS`, else 503 with what is not."""
    database = _database_state()
    body = {"database": database, "thresholds": settings.HEALTH_THRESHOLDS}
    if database == "ok":
        now = timezone.now()
        queue = _queue_state()
        presence = health.worker_presence(now, clusters=queue["clusters"])
        if presence.absent:  # "no_worker" is fine only within the grace (a restart)
            queue["ok"] = False
        body.update(
            worker=health.worker_state(presence),
            queue=queue,
            outbox=health.outbox_state(now),
        )
    failing = [name for name in ("worker", "queue", "outbox") if not body.get(name, {}).get("ok")]
    body["failing"] = ["database"] if database != "ok" else failing
    return JsonResponse(body, status=503 if body["failing"] else 200)


# Not for search engines: the admin, the embed widget's frames (partners show them), the
# sign-up confirmation, invitation and consent withdrawal links, the API (its
# documentation is linked from the site).
ROBOTS_DISALLOW = (
    "/admin/",
    "/embed/",
    "/interest/",
    "/einladung/",
    "/widerruf/",
    "/api/v1/",
    "/workflow-api/",
)


@read_only
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('site:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def withdrawal(request, token):
    """GET shows what a withdrawal stops and a button; POST withdraws (also RFC 8058's
    one-click POST a mail program sends from the List-Unsubscribe header).

    Exempt from Django's CSRF check on purpose: the signed token in the URL is the only
    credential (no cookie or session is read), so a forged cross-site POST would need the
    token from the recipient's mail; RFC 8058 requires accepting a POST without cookies.
    """
    from django.core import signing

    from cms import withdrawal as service

    try:
        email = service.email_from(token)
    except signing.BadSignature:
        response = render(request, "cms/withdrawal.html", {"invalid": True}, status=400)
    else:
        done = False
        if request.method == "POST":
            service.consents_withdraw(email=email)
            done = True
        entries = [entry.label for entry in service.registry()]
        response = render(request, "cms/withdrawal.html", {"done": done, "entries": entries})
    # The token must not travel on to the footer's links.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
