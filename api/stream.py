"""The one stream of changes to what the public sees.

Every change that can touch a public channel (publish, unpublish, stage change, view
restriction, move, delete, catalogue or image edit, bulk write, a go-live or an expiry
passing) arrives here from `api.readmodel.receivers`, and flows in one order inside the
change's transaction:

1. the read model records the authority's new answer per page and hands back the
   previous one (its stored record: "was public");
2. the webhook outbox gets exactly one event per page that moved into or out of public
   (or changed while public);
3. the response cache is invalidated (now, and again after commit).
"""

from collections.abc import Iterable

from django.db import transaction

from api import caching
from api.readmodel import services as readmodel
from api.webhooks import events


def pages_changed(
    page_ids: Iterable[int],
    *,
    content: bool = True,
    linked_before: Iterable[int] = (),
    stage: tuple[str, str] | None = None,
) -> dict[int, tuple[bool, bool]]:
    """Pages were published, unpublished, moved, restricted (`content=False`), written in
    bulk, or changed stage (`stage`: source, target). Returns {page id: (was, is public)}."""
    with transaction.atomic():
        changes = readmodel.page_changed(page_ids, content=content, linked_before=linked_before)
        events.page_events(changes, content=content, stage=stage)
        caching.invalidate()
    return changes


def page_deleting(page_id: int) -> None:
    """Before a page is deleted: its retraction if it was public."""
    with transaction.atomic():
        record = readmodel.page_deleted(page_id)
        if record is not None and record.public:
            events.page_withdrawn(kind=record.kind, page_id=page_id, slug=record.slug)
        caching.invalidate()


def content_changed(change, *args, **kwargs) -> None:
    """Something shown inside representations changed (a catalogue entry, a member, an
    image, the site): `change` is the read model's function that clears what it touches."""
    with transaction.atomic():
        change(*args, **kwargs)
        caching.invalidate()


def consents_changed(person_ids: Iterable[int]) -> dict[int, tuple[bool, bool]]:
    """A person's consent was given, changed or withdrawn: every alliance naming them (as a
    member or by a voice) is rendered anew and, while public, told to partners (`updated`);
    deliveries still waiting carry the new body. Returns {page id: (was, is public)}."""
    with transaction.atomic():
        pages = readmodel.alliances_of_persons(person_ids)
        if not pages:
            caching.invalidate()
            return {}
        events.pending_refreshed(pages)  # first: the events written next are current
        return pages_changed(pages)


def pages_noticed(page_ids: Iterable[int]) -> dict[int, tuple[bool, bool]]:
    """Pages whose answer may have changed without a signal (a go-live or expiry passed, a
    signal lost): recompute them; a change of visibility becomes its event here."""
    return pages_changed(page_ids, content=False)


def sweep() -> list[int]:
    """The schedule's run (and a read's, when it finds an expired record): every record
    whose answer is out of date goes through the stream. Returns those page ids."""
    stale = readmodel.out_of_date()
    if stale:
        pages_noticed(stale)
    return stale
