"""Invalidate cached API responses whenever public data may have changed."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from alliances.models import AgeGroup, District, Organisation, Person, Standard, Topic
from api.caching import bump_generation
from workflows.signals import stage_changed

CATALOGUES = (District, Topic, AgeGroup, Standard, Organisation, Person)
# Also change what partners see: who may see a page, the site's address, images.
OTHERS = (PageViewRestriction, Site)


def invalidate(**kwargs) -> None:
    # Now, and again after commit: a request between the two must not cache stale data.
    bump_generation()
    transaction.on_commit(bump_generation)


def invalidate_on_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, (Page, *CATALOGUES, *OTHERS, get_image_model())):
        invalidate()


def connect() -> None:
    page_published.connect(invalidate, dispatch_uid="api-cache-published")
    page_unpublished.connect(invalidate, dispatch_uid="api-cache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="api-cache-moved")
    stage_changed.connect(invalidate, dispatch_uid="api-cache-stage")
    post_delete.connect(invalidate_on_delete, dispatch_uid="api-cache-deleted")
    for model in (*CATALOGUES, *OTHERS, get_image_model()):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"api-cache-{model.__name__}")
