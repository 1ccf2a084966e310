"""Capturing a need or an opportunity (the admin, the capture forms and the hand-in API
call these), and creating the service that meets one. The page models are in `models/`."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from wagtail.models import Page

from alliances.models.catalogues import AgeGroup, District, Person, Topic
from alliances.models.consent import Channel, Consent, Purpose
from alliances.models.indexes import NeedIndexPage, OpportunityIndexPage, ServiceIndexPage
from alliances.models.items import ItemPage, NeedPage, OpportunityPage
from alliances.models.services import ServiceItemLink, ServicePage
from cms.slugs import next_free_slug, slug_for

SUMMARY_LENGTH = 400


class CaptureError(Exception):
    """The item cannot be captured (e.g. the index page is missing)."""


@dataclass(frozen=True)
class Contact:
    """Who handed something in and agreed to be contacted about it, and through what."""

    name: str
    email: str = ""
    phone: str = ""
    consent_via: str = Channel.ADMIN


KINDS = {"need": (NeedPage, NeedIndexPage), "opportunity": (OpportunityPage, OpportunityIndexPage)}


def person_from_contact(*, contact: Contact) -> Person:
    first, _sep, last = contact.name.strip().rpartition(" ")
    if not first:
        first, last = last, ""
    person = Person.objects.create(
        first_name=first[:100], last_name=last[:100], email=contact.email, phone=contact.phone
    )
    Consent.objects.create(person=person, purpose=Purpose.CONTACT, given_via=contact.consent_via)
    return person


@transaction.atomic
def item_capture(
    *,
    kind: str,
    title: str,
    description: str,
    channel: str,
    districts: list[District] = (),
    topics: list[Topic] = (),
    age_groups: list[AgeGroup] = (),
    contact: Contact | None = None,
    reporter_note: str = "",
    user=None,
) -> ItemPage:
    """Create an unpublished need or opportunity in stage `captured`, with a first revision.

    Contact data goes into a Person (Kernteam only), never into the page's public fields.
    """
    model, index_model = KINDS[kind]
    parent = index_model.objects.first()
    if parent is None:
        raise CaptureError(f"No {index_model._meta.verbose_name} exists.")
    summary = description if len(description) <= SUMMARY_LENGTH else description[:397] + "…"
    page = model(
        title=title,
        slug=_free_slug(parent, title, fallback=kind),
        summary=summary,
        body=[("paragraph", linebreaks(escape(description)))],
        live=False,
        capture_channel=channel,
        captured_on=timezone.localdate(),
        reporter_note=reporter_note[:200],
        owner=user,
    )
    if contact is not None:
        page.reported_by_person = person_from_contact(contact=contact)
    # Parental many-to-many values are written with the page by add_child.
    page.districts.set(districts)
    page.topics.set(topics)
    page.age_groups.set(age_groups)
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page


def _free_slug(parent, title: str, *, fallback: str) -> str:
    """The title's slug, numbered if a sibling has it; the parent is locked meanwhile."""
    Page.objects.select_for_update().filter(pk=parent.pk).first()
    base = slug_for(title, fallback=fallback)
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    return next_free_slug(base, taken)


def item_reference(page: ItemPage) -> str:
    """The number a reporter quotes: B- for a need (Bedarf), E- for an opportunity."""
    prefix = "B" if isinstance(page, NeedPage) else "E"
    return f"{prefix}-{page.pk:06d}"


@transaction.atomic
def service_create_for_item(*, item: ItemPage, user) -> ServicePage:
    """A draft service (never published) that already meets `item`, with a first revision.

    Raises CaptureError when the services index is missing.
    """
    parent = ServiceIndexPage.objects.first()
    if parent is None:
        raise CaptureError(f"No {ServiceIndexPage._meta.verbose_name} exists.")
    base = slug_for(item.title, fallback="leistung", max_length=40)
    service = ServicePage(
        title=_("Service for “%(title)s”") % {"title": item.title},
        slug=f"{base}-{timezone.now():%Y%m%d%H%M%S%f}",
        summary=item.summary,
        live=False,
        owner=user,
    )
    # The link is a child relation: add_child writes it, the revision carries it.
    service.item_links = [ServiceItemLink(item=item)]
    service.districts.set(item.districts.all())
    service.topics.set(item.topics.all())
    service.age_groups.set(item.age_groups.all())
    parent.add_child(instance=service)
    service.save_revision(user=user, log_action=True)
    return service
