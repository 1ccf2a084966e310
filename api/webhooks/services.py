"""Write webhook events into the outbox (in the caller's transaction) and deliver them."""

import json
import logging
import random
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.http import parse_http_date
from standardwebhooks import Webhook
from wagtail.models import Page

from alliances.visibility import is_public_now
from api import stream
from api.webhooks import ssrf
from api.webhooks.events import CONTENT_EVENTS
from api.webhooks.models import WebhookDelivery, WebhookEndpoint
from api.webhooks.outbox import wake
from api.webhooks.representation import KIND_OF

logger = logging.getLogger(__name__)

# Nominal waits before attempt 2, 3, …: doubling from 30 s, capped at 6 h: about 26 h in all.
BACKOFF_BASE = 30
BACKOFF_CAP = 6 * 60 * 60
MAX_ATTEMPTS = 14
SWEEP_BATCH = 50


# Delivery -----------------------------------------------------------------------------


def backoff_seconds(*, attempts: int) -> float:
    """The wait after the `attempts`-th failed try: doubling, capped, ±20 % jitter."""
    nominal = min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_CAP)
    return nominal * random.uniform(0.8, 1.2)  # noqa: S311 (jitter, not security)


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header in any RFC 9110 form; None if malformed.

    delay-seconds ("120") or an HTTP-date: IMF-fixdate, RFC 850, asctime (Django's
    parse_http_date), and the RFC 5322 forms some servers send (e.g. "-0000" for GMT).
    """
    value = (value or "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parse_http_date(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if parsed is None:
            return None
        if parsed.tzinfo is None:  # "-0000" and zone-less dates: HTTP dates are GMT
            parsed = parsed.replace(tzinfo=UTC)
        when = parsed.timestamp()
    return max(when - timezone.now().timestamp(), 0.0)


def deliveries_claim(*, limit: int = SWEEP_BATCH, ids=None) -> list[WebhookDelivery]:
    """Lease due rows to this worker; a row claimed by another worker is skipped."""
    now = timezone.now()
    with transaction.atomic():
        due = (
            WebhookDelivery.objects.filter(
                status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
            )
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("next_attempt_at")
        )
        if ids is not None:
            due = due.filter(pk__in=ids)
        rows = list(due.select_for_update(skip_locked=True)[:limit])
        lease = now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
        WebhookDelivery.objects.filter(pk__in=[row.pk for row in rows]).update(claimed_until=lease)
    for row in rows:
        row.claimed_until = lease
    return rows


def lease_renewed(*, delivery: WebhookDelivery) -> bool:
    """Just before sending a row of a claimed batch: renew this worker's lease and read the
    body afresh (a withdrawn consent may have changed it). False if the lease ran out and
    another worker claimed the row meanwhile: it is theirs to send, not sent twice."""
    lease = timezone.now() + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
    renewed = WebhookDelivery.objects.filter(
        pk=delivery.pk,
        status=WebhookDelivery.Status.PENDING,
        claimed_until=delivery.claimed_until,
    ).update(claimed_until=lease)
    if renewed:
        delivery.claimed_until = lease
        delivery.refresh_from_db(fields=["payload"])
    return bool(renewed)


def deliveries_process_due() -> int:
    """Deliver every due row; returns how many were attempted. One bad row stops nothing."""
    count = 0
    while rows := deliveries_claim():
        for row in rows:
            if not lease_renewed(delivery=row):
                continue
            try:
                delivery_attempt(delivery=row)
            except Exception:  # the attempt is already recorded; the row comes back later
                logger.exception("Webhook delivery %s failed unexpectedly", row.pk)
            count += 1
    return count


def withheld(*, delivery: WebhookDelivery) -> bool:
    """At send time: a content event whose page is no longer public is not sent (and the
    page's retraction is queued now if no change has queued it yet). True if withheld."""
    kind, _dot, event = delivery.event_type.partition(".")
    if event not in CONTENT_EVENTS:
        return False
    page = Page.objects.filter(pk=delivery.page_id).specific().first()
    if delivery.page_id is None:  # queued before rows named their page: by kind and slug
        model = {name: model for model, name in KIND_OF.items()}.get(kind)
        slug = (delivery.payload.get("data") or {}).get("slug")
        page = model.objects.filter(slug=slug).first() if model and slug else None
    if page is not None and is_public_now(page):
        return False
    delivery.status = WebhookDelivery.Status.WITHHELD
    delivery.next_attempt_at = None
    delivery.claimed_until = None
    delivery.last_error = "not public any more: withheld"
    delivery.save()
    if page is not None:
        stream.pages_noticed([page.pk])
    return True


def _send(*, delivery: WebhookDelivery) -> requests.Response:
    endpoint = delivery.endpoint
    address = ssrf.check_url(endpoint.url)
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True)
    sent_at = timezone.now()
    signature = Webhook(endpoint.secret).sign(delivery.webhook_id, sent_at, body)
    return ssrf.post(
        endpoint.url,
        address=address,
        data=body.encode(),
        headers={
            "content-type": "application/json",
            "user-agent": "Arnsberger-Allianzen-Webhooks/1",
            "webhook-id": delivery.webhook_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": signature,
        },
        timeout=settings.WEBHOOK_TIMEOUT,
    )


def delivery_attempt(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Try one claimed row once and record the outcome."""
    if withheld(delivery=delivery):  # its page is no longer public: no content
        return delivery
    now = timezone.now()
    _record_attempt(delivery=delivery, now=now)
    delivery.claimed_until = None
    retry_after = None
    try:
        response = _send(delivery=delivery)
    except ssrf.UnsafeURL as exc:
        delivery.last_status_code, delivery.last_error = None, str(exc)[:300]
    except requests.RequestException as exc:
        delivery.last_status_code, delivery.last_error = None, type(exc).__name__
    else:
        delivery.last_status_code = response.status_code
        delivery.last_error = ""
        if 200 <= response.status_code < 300:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            delivery.save()
            return delivery
        if response.status_code == 410:
            _endpoint_gone(delivery=delivery)
            return delivery
        if 300 <= response.status_code < 400:
            delivery.last_error = "redirect not followed"
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        wait = backoff_seconds(attempts=delivery.attempts)
        if retry_after is not None:
            wait = min(max(wait, retry_after), 24 * 60 * 60)
        delivery.next_attempt_at = now + timedelta(seconds=wait)
    delivery.save()
    return delivery


def _record_attempt(*, delivery: WebhookDelivery, now) -> None:
    """Count the attempt, and its failure, before anything can go wrong.

    If the send or reading the answer raises, or the worker dies, the row already holds
    this attempt and the wait before the next, so the attempt limit always applies.
    """
    delivery.attempts += 1
    last = delivery.attempts >= MAX_ATTEMPTS
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=delivery.attempts,
        status=WebhookDelivery.Status.FAILED if last else WebhookDelivery.Status.PENDING,
        next_attempt_at=None
        if last
        else now + timedelta(seconds=backoff_seconds(attempts=delivery.attempts)),
        last_error="attempt did not finish",
    )


def _endpoint_gone(*, delivery: WebhookDelivery) -> None:
    """410 Gone: the receiver asks us to stop; disable the endpoint and drop its queue."""
    with transaction.atomic():
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
        delivery.last_error = "410 Gone: endpoint disabled"
        delivery.save()
        WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(
            is_active=False, disabled_reason="410 Gone"
        )
        WebhookDelivery.objects.filter(
            endpoint_id=delivery.endpoint_id, status=WebhookDelivery.Status.PENDING
        ).update(status=WebhookDelivery.Status.FAILED, next_attempt_at=None)


def delivery_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Queue a row again now, with the same webhook-id (the receiver can de-duplicate)."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.PENDING,
            next_attempt_at=timezone.now(),
            claimed_until=None,
        )
        transaction.on_commit(wake)
    delivery.refresh_from_db()
    return delivery
