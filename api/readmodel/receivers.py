"""The only receivers of changes that can touch what the public sees: each hands the change
to the one stream (`api.stream`), which updates the read model, the webhook outbox and the
response cache in that order, in the change's transaction."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from alliances.models import (
    AgeGroup,
    Competence,
    Consent,
    District,
    Organisation,
    Person,
    Resource,
    Standard,
    Topic,
)
from alliances.models.consent import PUBLIC_PURPOSES
from alliances.signals import pages_written_in_bulk
from api import stream
from api.readmodel import services
from workflows.signals import stage_changed


def _is_programme_page(page) -> bool:
    return type(page) in services.KIND_OF_MODEL


def on_page_saving(sender, instance, **kwargs):
    """Before a programme page is saved (publishing writes its inlines): what it is linked
    to now, as the save may drop links that a detail rendered meanwhile still shows."""
    if instance.pk and _is_programme_page(instance):
        instance._linked_before_save = services.linked_pages([instance.pk])


def on_page_published(sender, instance, **kwargs):
    if _is_programme_page(instance):
        linked_before = getattr(instance, "_linked_before_save", ())
        stream.pages_changed([instance.pk], linked_before=linked_before)
    else:
        stream.content_changed(services.other_page_changed, instance)


def on_page_unpublished(sender, instance, **kwargs):
    """Only who may see the page changed. Before a deletion Wagtail sends this while the
    page is still live in the database: then nothing changes here, and the deletion's
    own receiver retracts it."""
    if _is_programme_page(instance):
        stream.pages_changed([instance.pk], content=False)
    else:
        stream.content_changed(services.other_page_changed, instance)


def on_page_moved(sender, instance, **kwargs):
    stream.pages_changed(services.subtree(instance))


def on_stage_changed(sender, instance, source, target, **kwargs):
    if _is_programme_page(instance):
        stream.pages_changed([instance.pk], stage=(source, target))


def on_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        stream.pages_changed(services.subtree(page), content=False)


def on_page_deleting(sender, instance, **kwargs):
    if isinstance(instance, Page) and type(instance) in services.KIND_OF_MODEL:
        stream.page_deleting(instance.pk)


def on_bulk_write(sender, pages, **kwargs):
    stream.pages_changed(page.pk for page in pages)


def on_member_changed(sender, instance, **kwargs):
    if isinstance(instance, Organisation):
        stream.content_changed(services.members_changed, organisation=instance)
    else:
        stream.content_changed(services.members_changed, person=instance)


def on_consent_saved(sender, instance, **kwargs):
    if instance.touches_public():
        stream.consents_changed([instance.person_id])
    instance._stored = (instance.purpose, instance.active)


def on_consent_deleted(sender, instance, **kwargs):
    if instance.purpose in PUBLIC_PURPOSES:
        stream.consents_changed([instance.person_id])


def on_image_changed(sender, instance, **kwargs):
    stream.content_changed(services.image_changed, instance)


def on_everything_changed(sender, **kwargs):
    stream.content_changed(services.everything_changed)


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="readmodel-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="readmodel-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="readmodel-moved")
    stage_changed.connect(on_stage_changed, dispatch_uid="readmodel-stage")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"readmodel-restriction-{id(signal)}",
        )
        for model in (District, Topic, AgeGroup, Standard, Competence, Resource, Site):
            signal.connect(
                on_everything_changed,
                sender=model,
                dispatch_uid=f"readmodel-{model.__name__}-{id(signal)}",
            )
    for signal in (post_save, pre_delete):  # before a deletion: memberships still there
        for model in (Organisation, Person):
            signal.connect(
                on_member_changed,
                sender=model,
                dispatch_uid=f"readmodel-{model.__name__}-{id(signal)}",
            )
    post_save.connect(on_consent_saved, sender=Consent, dispatch_uid="readmodel-consent-saved")
    post_delete.connect(
        on_consent_deleted, sender=Consent, dispatch_uid="readmodel-consent-deleted"
    )
    pre_delete.connect(on_page_deleting, dispatch_uid="readmodel-page-deleting")
    pre_save.connect(on_page_saving, dispatch_uid="readmodel-page-saving")
    post_save.connect(on_image_changed, sender=get_image_model(), dispatch_uid="readmodel-image")
    pre_delete.connect(
        on_image_changed, sender=get_image_model(), dispatch_uid="readmodel-image-deleting"
    )
    pages_written_in_bulk.connect(on_bulk_write, dispatch_uid="readmodel-bulk")
