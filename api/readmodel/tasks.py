"""Rendering the read model in the background (django-q2)."""

from django.core.cache import cache

from alliances.opendata.services import open_data_follow
from api import stream
from api.readmodel import services

PER_TASK = 2000  # well inside the task timeout; the rest goes to a follow-up task
FOLD_ABOVE = 100  # rows of the public counts' journal a render leaves unfolded


def catch_up() -> int:
    """The schedule's run: every answer that went out of date (an expiry or go-live
    passed, a lost signal) through the stream, then render what is missing."""
    stream.sweep()
    services.fold_counts()
    return render()


def notice_clock() -> int:
    """Every minute: an expiry or go-live that passed becomes its partner event, even when
    the pages themselves were not touched (reads hide an expired page at once)."""
    due = services.clock_due()
    if due:
        stream.pages_noticed(due)
    return len(due)


def follow_open_data() -> bool:
    """Every minute: the open data files written anew when what the public sees changed
    since they were written, or a request waits (`open_data_follow`)."""
    return open_data_follow()


def render() -> int:
    cache.delete("api:readmodel:render-queued")  # changes from now on queue another run
    services.fold_counts(above=FOLD_ABOVE)
    tried = services.render_pending(limit=PER_TASK)
    if tried >= PER_TASK:
        services.enqueue_render()
    return tried
