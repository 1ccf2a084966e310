"""Which partner event a change of a page is, from the authority's previous and current
answer (the read model's record); and the send-time re-check of a queued event."""

from wagtail.models import Page

from api.webhooks.models import WebhookDelivery, WebhookEndpoint
from api.webhooks.outbox import webhook_event_emit
from api.webhooks.representation import KIND_OF, represent

# Events that carry a page's content: only sent while the page is public.
CONTENT_EVENTS = ("published", "updated", "stage_changed")


def page_events(
    changes: dict[int, tuple[bool, bool]], *, content: bool, stage: tuple[str, str] | None = None
) -> int:
    """One event per page and change: `published` into public, `unpublished` out of it;
    while public, `stage_changed` for a transition, `updated` for new content. Call in
    the change's transaction, after the read model recorded the new answer."""
    relevant = {
        pk: change for pk, change in changes.items() if change[0] or change[1]
    }  # never public before or after: partners never hear of it
    if not relevant:
        return 0
    endpoints = list(WebhookEndpoint.objects.filter(is_active=True))
    if not endpoints:
        return 0
    written = 0
    for page in Page.objects.filter(pk__in=relevant).specific().defer_streamfields():
        kind = KIND_OF.get(type(page))
        if kind is None:
            continue
        was_public, is_public = relevant[page.pk]
        if was_public and not is_public:
            event, data = "unpublished", gone(page.pk, page.slug)
        elif is_public and not was_public:
            event, data = "published", represent(page)
            if stage:
                data = {**data, "previous_stage": stage[0]}
        elif stage:
            event, data = "stage_changed", {**represent(page), "previous_stage": stage[0]}
        elif content:
            event, data = "updated", represent(page)
        else:
            continue  # still public; only who else may see it changed
        written += webhook_event_emit(
            event_type=f"{kind}.{event}", data=data, endpoints=endpoints, page_id=page.pk
        )
    return written


def pending_refreshed(page_ids: set[int]) -> int:
    """Content events of these pages not yet delivered carry the page as it is now (after a
    withdrawn consent, a queued body must not name the person). Returns how many rows."""
    pending = WebhookDelivery.objects.select_for_update().filter(
        page_id__in=page_ids,
        status=WebhookDelivery.Status.PENDING,
        event_type__regex=r"\.(" + "|".join(CONTENT_EVENTS) + r")$",
    )
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    refreshed = 0
    for delivery in pending:
        page = pages.get(delivery.page_id)
        if page is None or type(page) not in KIND_OF:
            continue
        data = delivery.payload.get("data") or {}
        extra = {"previous_stage": data["previous_stage"]} if "previous_stage" in data else {}
        try:
            current = represent(page)
        except type(page).DoesNotExist:  # not public any more: the send-time check withholds it
            continue
        delivery.payload = {**delivery.payload, "data": {**current, **extra}}
        delivery.save(update_fields=["payload"])
        refreshed += 1
    return refreshed


def gone(page_id: int, slug: str) -> dict:
    return {"id": page_id, "slug": slug}


def page_withdrawn(*, kind: str, page_id: int, slug: str) -> int:
    """A page that was public is being deleted."""
    return webhook_event_emit(
        event_type=f"{kind}.unpublished", data=gone(page_id, slug), page_id=page_id
    )
