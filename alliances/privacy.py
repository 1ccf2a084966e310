"""Personal data the domain stores (persons, memberships, voices, hand-ins, form entries),
and the data-subject rights on a person: export (Art. 15) and erasure (Art. 17).

Erasure anonymises instead of deleting where the programme's history needs the row: the
person stays as "Gelöschte Person #id" with their age group, so memberships, public
counts per age group and every revision keep working; contact data, names and
statements are gone, also from stored revisions.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import FormSubmission
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Revision

from alliances.models import AlliancePage, Consent, ItemPage, Membership, Person, Voice
from alliances.models.consent import Channel
from alliances.signals import pages_written_in_bulk
from alliances.stages import ItemStage
from cms import privacy, withdrawal
from cms.privacy import (
    LEGAL_BASIS_CONSENT,
    RECIPIENTS_KERNTEAM,
    PersonalData,
    Subject,
    moment,
    names,
)
from cms.withdrawal import Withdrawal

ERASED_FIRST_NAME = "Gelöschte"
ERASED_TEXT = "[gelöscht]"

EXPORT_ACTION = "alliances.person.export"
CONTACT_VIEW_ACTION = "alliances.person.view_contact"
ERASE_ACTION = "alliances.person.erase"
WITHDRAW_ACTION = "alliances.person.withdraw_consent"


def subject_of(person: Person) -> Subject:
    email = person.email.strip().lower()
    same = Person.objects.filter(email__iexact=email) if email else Person.objects.none()
    ids = (person.pk, *sorted(set(same.exclude(pk=person.pk).values_list("pk", flat=True))))
    return Subject(
        person_id=person.pk, name=str(person), emails=(email,) if email else (), person_ids=ids
    )


# --- the person record -------------------------------------------------------------------


def _person_rows(subject: Subject) -> list[dict]:
    persons = (
        Person.objects.select_related("age_group", "district")
        .prefetch_related("offered_competences", "offered_resources")
        .filter(pk__in=subject.person_ids)
    )
    return [
        {
            str(_("First name")): person.first_name,
            str(_("Last name")): person.last_name,
            str(_("Age group")): str(person.age_group or ""),
            str(_("District")): str(person.district or ""),
            str(_("E-mail")): person.email,
            str(_("Phone")): person.phone,
            str(_("Competences offered")): names(person.offered_competences.all()),
            str(_("Resources offered")): names(person.offered_resources.all()),
        }
        for person in persons
    ]


def _person_erase(subject: Subject) -> int:
    persons = list(Person.objects.filter(pk__in=subject.person_ids))
    for person in persons:
        person.first_name, person.last_name = ERASED_FIRST_NAME, f"Person #{person.pk}"
        person.email = person.phone = ""
        person.district = None
        person.save()  # a save, so every copy (read model, caches) hears of it
        person.offered_competences.clear()
        person.offered_resources.clear()
    return len(persons)


# --- consents -----------------------------------------------------------------------------


def _consent_rows(subject: Subject) -> list[dict]:
    consents = Consent.objects.filter(person_id__in=subject.person_ids)
    return [
        {
            str(_("Purpose")): c.get_purpose_display(),
            str(_("Given on")): moment(c.given_at),
            str(_("Given through")): c.get_given_via_display(),
            str(_("Withdrawn on")): moment(c.withdrawn_at),
            str(_("Withdrawn through")): c.get_withdrawn_via_display(),
        }
        for c in consents
    ]


def _consent_erase(subject: Subject) -> int:
    # Deleted one by one: each deletion goes through the stream like a withdrawal.
    consents = list(Consent.objects.filter(person_id__in=subject.person_ids))
    for consent in consents:
        consent.delete()
    return len(consents)


# --- memberships, voices, reported items --------------------------------------------------


def _membership_rows(subject: Subject) -> list[dict]:
    memberships = (
        Membership.objects.filter(person_id__in=subject.person_ids)
        .select_related("alliance")
        .prefetch_related("competences", "resources")
    )
    return [
        {
            str(_("Alliance")): m.alliance.title,
            str(_("Role")): m.get_role_display(),
            str(_("Member since")): moment(m.since),
            str(_("Competences contributed")): names(m.competences.all()),
            str(_("Resources contributed")): names(m.resources.all()),
        }
        for m in memberships
    ]


def _membership_erase(subject: Subject) -> int:
    # The membership stays (counts, history); what the person wrote about themselves goes.
    memberships = Membership.objects.filter(person_id__in=subject.person_ids)
    alliances = list(AlliancePage.objects.filter(memberships__in=memberships).distinct())
    ids = list(memberships.values_list("pk", flat=True))
    changed = 0
    for field in ("competences", "resources"):
        through = Membership._meta.get_field(field).remote_field.through
        changed += through.objects.filter(membership_id__in=ids).delete()[0]
    if alliances:
        pages_written_in_bulk.send(sender=AlliancePage, pages=alliances)
    return changed


def _voice_rows(subject: Subject) -> list[dict]:
    voices = Voice.objects.filter(person_id__in=subject.person_ids).select_related("alliance")
    return [
        {
            str(_("Alliance")): v.alliance.title,
            str(_("Statement")): v.quote,
            str(_("Attribution")): v.attribution,
            str(_("The person agreed to the publication of this statement")): v.consent_given,
            str(_("Consent given on")): moment(v.consent_on),
        }
        for v in voices
    ]


def _voice_erase(subject: Subject) -> int:
    voices = Voice.objects.filter(person_id__in=subject.person_ids)
    alliances = list(AlliancePage.objects.filter(voices__in=voices).distinct())
    changed = voices.update(quote=ERASED_TEXT, attribution="", consent_given=False, consent_on=None)
    if alliances:  # published content changed without a page save: tell who keeps copies
        pages_written_in_bulk.send(sender=AlliancePage, pages=alliances)
    return changed


def _reported_rows(subject: Subject) -> list[dict]:
    items = ItemPage.objects.filter(reported_by_person_id__in=subject.person_ids)
    return [
        {
            str(_("Title")): item.title,
            str(_("Stage")): item.get_stage_display(),
            str(_("Captured on")): moment(item.captured_on),
            str(_("Channel")): item.get_capture_channel_display(),
        }
        for item in items
    ]


def _reported_erase(subject: Subject) -> int:
    # The item stays (it is the city's need); it simply no longer points at the person.
    return ItemPage.objects.filter(reported_by_person_id__in=subject.person_ids).count()


def purge_closed_handin_contacts(now) -> int:
    """Whoever only handed in items, once all of them are closed or declined long enough.

    Persons who are also members or voices of an alliance are kept (those need them).
    """
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["handin_contact"])
    still_needed = ItemPage.objects.filter(reported_by_person=OuterRef("pk")).exclude(
        stage__in=[ItemStage.CLOSED, ItemStage.DECLINED], stage_changed_at__lt=cutoff
    )
    persons = (
        Person.objects.filter(reported_items__isnull=False)
        .exclude(Exists(still_needed))
        .exclude(Exists(Membership.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(Voice.objects.filter(person=OuterRef("pk"))))
        .exclude(first_name=ERASED_FIRST_NAME, email="", phone="")
        .distinct()
    )
    return sum(_person_erase(subject_of(person)) for person in persons)


# --- capture form entries -----------------------------------------------------------------


def _submissions(subject: Subject):
    found = privacy.rows_naming(FormSubmission, subject, "form_data", match="text")
    return found.select_related("page")


def _submission_row(s: FormSubmission) -> dict:
    return {
        str(_("Form")): s.page.title,
        str(_("Submitted")): moment(s.submit_time),
        str(_("Entries")): s.form_data,
    }


def purge_form_submissions(now) -> int:
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["form_submissions"])
    deleted, _counts = FormSubmission.objects.filter(submit_time__lt=cutoff).delete()
    return deleted


# --- the audit log and stored revisions --------------------------------------------------


def _log_entries(subject: Subject):
    content_type = ContentType.objects.get_for_model(Person)
    return ModelLogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in subject.person_ids]
    )


def _log_rows(subject: Subject) -> list[dict]:
    return [
        {
            str(_("When")): moment(entry.timestamp),
            str(_("Action")): str(entry.message),
            str(_("By")): entry.user_display_name if entry.user_id else "",
        }
        for entry in _log_entries(subject).select_related("user")
    ]


def _log_erase(subject: Subject) -> int:
    changed = 0
    for pk in subject.person_ids:
        entries = _log_entries(subject).filter(object_id=str(pk))
        changed += entries.update(label=f"{ERASED_FIRST_NAME} Person #{pk}")
    return changed


def _naming_revisions(subject: Subject):
    ids = "|".join(str(pk) for pk in subject.person_ids)
    pattern = rf'"person": ?({ids})[,}}]'
    return Revision.objects.annotate(as_text=Cast("content", TextField())).filter(
        as_text__regex=pattern
    )


def _scrub(node, person_ids: tuple[int, ...]) -> bool:
    """Blank the statements of `person_ids` in a revision's content; True if changed."""
    changed = False
    if isinstance(node, dict):
        if node.get("person") in person_ids and "quote" in node:
            node.update(quote=ERASED_TEXT, attribution="", consent_given=False, consent_on=None)
            changed = True
        if node.get("person") in person_ids and (node.get("competences") or node.get("resources")):
            node.update(competences=[], resources=[])
            changed = True
        for value in node.values():
            changed = _scrub(value, person_ids) or changed
    elif isinstance(node, list):
        for value in node:
            changed = _scrub(value, person_ids) or changed
    return changed


def _revision_rows(subject: Subject) -> list[dict]:
    return [
        {str(_("Page")): str(r.object_str), str(_("Saved")): moment(r.created_at)}
        for r in _naming_revisions(subject)
    ]


def _revision_erase(subject: Subject) -> int:
    changed = 0
    for revision in _naming_revisions(subject):
        if _scrub(revision.content, subject.person_ids):
            Revision.objects.filter(pk=revision.pk).update(content=revision.content)
            changed += 1
    return changed


# --- the rights -------------------------------------------------------------------------


def person_export(*, person: Person, user) -> dict:
    """Everything stored about `person`, section by section (Art. 15); logged."""
    subject = subject_of(person)
    sections = [
        {"key": entry.key, "label": str(entry.label), "rows": entry.rows(subject)}
        for entry in privacy.registry()
    ]
    log(instance=person, action=EXPORT_ACTION, user=user)
    return {
        "person_id": person.pk,
        "name": subject.name,
        "generated_at": timezone.now(),
        "sections": sections,
    }


def person_log_contact_view(*, person: Person, user) -> None:
    log(instance=person, action=CONTACT_VIEW_ACTION, user=user)


@transaction.atomic
def person_erase(*, person: Person, user) -> dict[str, int]:
    """Erase or anonymise everything stored about `person` in one transaction (Art. 17).

    The person record goes last, since other places find their rows by its e-mail; the
    erasure is logged with counts only.
    """
    subject = subject_of(person)
    counts = {entry.key: entry.erase_for(subject) for entry in privacy.registry()}
    for pk in subject.person_ids:  # logged under the anonymised name, with counts only
        log(
            instance=Person.objects.get(pk=pk),
            action=ERASE_ACTION,
            user=user,
            data={"counts": counts},
        )
    return counts


def consents_withdraw_for_email(email: str, when, *, via: str = Channel.LINK) -> int:
    """Every active consent of every person with this address ends now (a link in a mail).

    Saved row by row, so each withdrawal goes through the one stream at once; logged per
    person with the purposes only."""
    consents = Consent.objects.active().filter(person__email__iexact=email).select_related("person")
    by_person: dict[Person, list[str]] = {}
    for consent in consents:
        consent.withdrawn_at, consent.withdrawn_via = when, via
        consent.save(update_fields=["withdrawn_at", "withdrawn_via"])
        by_person.setdefault(consent.person, []).append(consent.purpose)
    for person, purposes in by_person.items():
        log(instance=person, action=WITHDRAW_ACTION, data={"purposes": purposes, "via": via})
    return sum(len(purposes) for purposes in by_person.values())


def register() -> None:
    entries = [
        PersonalData(
            key="person",
            label=_("Person"),
            model=Person,
            fields=(
                "first_name",
                "last_name",
                "age_group",
                "district",
                "email",
                "phone",
                "offered_competences",
                "offered_resources",
            ),
            purpose=_("Organising the alliances and contacting their members."),
            legal_basis=_("Art. 6 (1) a and e GDPR (consent; task in the public interest)"),
            retention=_("Until erasure is requested or the person leaves every alliance."),
            recipients=_(
                "Kernteam (contact data); Redaktion (names); the public only the name, with consent"
            ),
            collect=_person_rows,
            erase=_person_erase,
            order=999,
        ),
        PersonalData(
            key="consents",
            label=_("Consents"),
            model=Consent,
            fields=("person", "purpose", "given_at", "given_via", "withdrawn_at", "withdrawn_via"),
            purpose=_("Showing what the person agreed to, when and how, and any withdrawal."),
            legal_basis=_("Art. 7 (1) GDPR (proof of consent)"),
            retention=_("As long as the person's record; deleted on erasure."),
            recipients=RECIPIENTS_KERNTEAM,
            collect=_consent_rows,
            erase=_consent_erase,
            order=5,
        ),
        PersonalData(
            key="memberships",
            label=_("Memberships"),
            model=Membership,
            fields=("person", "role", "since", "competences", "resources"),
            purpose=_("Showing who takes part in an alliance; counting citizens per age group."),
            legal_basis=LEGAL_BASIS_CONSENT,
            retention=_("As long as the alliance's page exists; anonymised on erasure."),
            recipients=_("Kernteam, Redaktion; the public only counts or names with consent"),
            collect=_membership_rows,
            erase=_membership_erase,
            order=10,
        ),
        PersonalData(
            key="voices",
            label=_("Voices"),
            model=Voice,
            fields=("person", "quote", "attribution", "consent_given", "consent_on"),
            purpose=_("Public communication of what the alliances achieve."),
            legal_basis=LEGAL_BASIS_CONSENT,
            retention=_("Until consent is withdrawn or erasure is requested."),
            recipients=_("The public (with consent), partner websites through the API"),
            collect=_voice_rows,
            erase=_voice_erase,
            order=20,
        ),
        PersonalData(
            key="reported_items",
            label=_("Needs and opportunities handed in"),
            model=ItemPage,
            fields=("reported_by_person",),
            purpose=_("Asking back about a need or opportunity that was handed in."),
            legal_basis=_("Art. 6 (1) a GDPR (consent given with the hand-in)"),
            retention=_(
                "Contact data: %(handin_contact)s days after the item is closed or declined."
            ),
            recipients=RECIPIENTS_KERNTEAM,
            collect=_reported_rows,
            erase=_reported_erase,
            purge=purge_closed_handin_contacts,
            order=30,
            extra={"period": "handin_contact"},
        ),
        PersonalData(
            key="form_submissions",
            label=_("Form submissions"),
            model=FormSubmission,
            fields=("form_data",),
            labels={"form_data": _("Form entries")},
            purpose=_("Capturing needs and opportunities through the city's forms."),
            legal_basis=_("Art. 6 (1) a GDPR (consent on the form)"),
            retention=_("%(form_submissions)s days after submission."),
            recipients=RECIPIENTS_KERNTEAM,
            find=_submissions,
            describe=_submission_row,
            purge=purge_form_submissions,
            order=40,
        ),
        PersonalData(
            key="log_entries",
            label=_("Log entries"),
            model=ModelLogEntry,
            fields=("label", "user", "timestamp"),
            labels={"label": _("Name of the changed entry")},
            purpose=_("Accountability: who created, changed, viewed or exported a person's data."),
            legal_basis=_("Art. 5 (2) and 6 (1) c GDPR (accountability)"),
            retention=_("As long as the person's record; the name is removed on erasure."),
            recipients=RECIPIENTS_KERNTEAM,
            collect=_log_rows,
            erase=_log_erase,
            order=80,
        ),
        PersonalData(
            key="revisions",
            label=_("Saved versions of pages"),
            model=Revision,
            fields=("content",),
            purpose=_("History of the programme's pages (drafts, older versions, revert)."),
            legal_basis=_("Art. 6 (1) e GDPR (task in the public interest)"),
            retention=_("As long as the page; statements are removed on erasure."),
            recipients=_("Kernteam, Redaktion"),
            collect=_revision_rows,
            erase=_revision_erase,
            order=90,
        ),
    ]
    for entry in entries:
        privacy.register(entry)
    withdrawal.register(
        Withdrawal(
            key="person_consents",
            label=_(
                "Your name is no longer shown publicly, your statements are no longer "
                "published, the Kernteam no longer contacts you and you receive no alerts."
            ),
            withdraw=consents_withdraw_for_email,
            order=10,
        )
    )
