"""Rendering the read model in the background (django-q2)."""

from django.core.cache import cache

from alliances.opendata.services import open_data_generate, written_stamp
from api import caching, stream
from api.readmodel import services

PER_TASK = 2000  # well inside the task timeout; the rest goes to a follow-up task
FOLD_ABOVE = 100  # rows of the public counts' journal a render leaves unfolded
OPEN_DATA_LOCK = "api:open-data:writing"
OPEN_DATA_LOCK_SECONDS = 30 * 60  # a worker that died while writing blocks no longer


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
    since they were written (the response cache's generation moved: every change to a
    public channel moves it, in the change's transaction and after its commit, and an
    expiry or go-live through `notice_clock`). A change while they are written moves it
    again, so the next run writes them once more. Runs never overlap: at 100,000 alliances
    writing takes minutes, longer than the schedule's turn. Returns whether it wrote them."""
    generation = str(caching.current_generation())
    if written_stamp() == generation or not cache.add(OPEN_DATA_LOCK, 1, OPEN_DATA_LOCK_SECONDS):
        return False
    try:
        open_data_generate(stamp=generation)
    finally:
        cache.delete(OPEN_DATA_LOCK)
    return True


def render() -> int:
    cache.delete("api:readmodel:render-queued")  # changes from now on queue another run
    services.fold_counts(above=FOLD_ABOVE)
    tried = services.render_pending(limit=PER_TASK)
    if tried >= PER_TASK:
        services.enqueue_render()
    return tried
