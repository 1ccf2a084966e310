"""Listen to publishing and to stage changes; write outbox rows in the same transaction."""

from wagtail.signals import page_published, page_unpublished

from api.webhooks import services
from api.webhooks.representation import KIND_OF
from workflows.signals import stage_changed


def on_page_published(sender, instance, **kwargs):
    if type(instance) in KIND_OF:
        services.page_content_changed(page=instance)


def on_page_unpublished(sender, instance, **kwargs):
    if type(instance) in KIND_OF:
        services.page_content_changed(page=instance, withdrawn=True)


def on_stage_changed(sender, instance, source, target, **kwargs):
    if type(instance) in KIND_OF:
        services.page_stage_changed(page=instance, source=source, target=target)


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="webhooks-page-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="webhooks-page-unpublished")
    stage_changed.connect(on_stage_changed, dispatch_uid="webhooks-stage-changed")
