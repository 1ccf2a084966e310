"""Rendering the read model in the background (django-q2)."""

from django.core.cache import cache
from django_q.tasks import async_task

from api.readmodel import services

PER_TASK = 2000  # well inside the task timeout; the rest goes to a follow-up task


def enqueue_render() -> None:
    async_task("api.readmodel.tasks.render", task_name="readmodel-render")


def catch_up() -> int:
    """The schedule's run: put right what a lost signal left, render what is missing."""
    services.repair_visibility()
    return render()


def render() -> int:
    cache.delete("api:readmodel:render-queued")  # changes from now on queue another run
    tried = services.render_pending(limit=PER_TASK)
    if tried >= PER_TASK:
        enqueue_render()
    return tried
