"""Retention periods applied by the scheduler, visible to the Kernteam; the record of
processing activities generated from the models."""

import pydoc
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule
from wagtail.contrib.forms.models import FormSubmission

from alliances.models import AlliancePage, Membership, NeedPage, Person
from alliances.stages import AllianceStage, ItemStage
from api.handins.models import InterestSignup
from api.webhooks.models import WebhookDelivery, WebhookEndpoint
from cms import privacy
from cms.models import HomePage, RetentionRecord
from tests.factories import PersonFactory, make_page

pytestmark = pytest.mark.django_db

DAYS = timedelta(days=1)


def _ago(days):
    return timezone.now() - days * DAYS


def _signup(alliance, *, created, confirmed=None):
    signup = InterestSignup.objects.create(
        alliance=alliance, name="Jo", email="jo@example.org", consent_at=created
    )
    InterestSignup.objects.filter(pk=signup.pk).update(created_at=created, confirmed_at=confirmed)
    return signup


def _handed_in(stage, changed_days_ago, **person):
    need = make_page(NeedPage, publish=False)
    reporter = PersonFactory(**person)
    NeedPage.objects.filter(pk=need.pk).update(
        stage=stage, stage_changed_at=_ago(changed_days_ago), reported_by_person=reporter
    )
    return reporter


def test_the_scheduler_applies_every_period_and_the_kernteam_sees_what_was_removed(
    settings, kernteam_client
):
    periods = settings.RETENTION_DAYS
    alliance = make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    form = HomePage.objects.get()
    old_form = FormSubmission.objects.create(page=form, form_data={"e_mail": "a@example.org"})
    FormSubmission.objects.filter(pk=old_form.pk).update(
        submit_time=_ago(periods["form_submissions"] + 1)
    )
    new_form = FormSubmission.objects.create(page=form, form_data={"e_mail": "b@example.org"})

    unconfirmed_old = _signup(alliance, created=_ago(periods["interest_unconfirmed"] + 1))
    confirmed_old = _signup(
        alliance,
        created=_ago(periods["interest_confirmed"] + 10),
        confirmed=_ago(periods["interest_confirmed"] + 1),
    )
    confirmed_new = _signup(alliance, created=_ago(30), confirmed=_ago(29))

    endpoint = WebhookEndpoint.objects.create(name="P", url="https://partner.example.org/h")
    old_delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id="00000000-0000-0000-0000-000000000001",
        event_type="alliance.updated",
        payload={"data": {"members": ["Erika Muster"]}},
        status=WebhookDelivery.Status.DELIVERED,
    )
    WebhookDelivery.objects.filter(pk=old_delivery.pk).update(
        created_at=_ago(periods["delivery_bodies"] + 1)
    )
    pending = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id="00000000-0000-0000-0000-000000000002",
        event_type="alliance.updated",
        payload={"data": {"title": "x"}},
    )
    WebhookDelivery.objects.filter(pk=pending.pk).update(created_at=_ago(400))

    from cms.mailing import queue_mail
    from cms.models import OutboundMail

    old_mail = queue_mail(
        key="old", to=["jo@example.org"], subject="S", body="Hallo Jo", purpose="alert"
    )
    OutboundMail.objects.filter(pk=old_mail.pk).update(
        status=OutboundMail.Status.SENT, created_at=_ago(periods["mail_bodies"] + 1)
    )
    new_mail = queue_mail(
        key="new", to=["jo@example.org"], subject="S", body="Hallo", purpose="alert"
    )

    from api.alerts.models import AlertSubscription

    old_alert = AlertSubscription.objects.create(
        email="jo@example.org", consent_given_at=_ago(30), consent_given_via="form"
    )
    AlertSubscription.objects.filter(pk=old_alert.pk).update(
        created_at=_ago(periods["alerts_unconfirmed"] + 1)
    )

    from api.handins.models import Invitation

    invited = PersonFactory(first_name="Ina")
    for days in (periods["interest_confirmed"] + 1, 3):  # the old one goes, the new one stays
        invitation = Invitation.objects.create(alliance=alliance, person=invited)
        Invitation.objects.filter(pk=invitation.pk).update(created_at=_ago(days))

    closed_long_ago = _handed_in(ItemStage.DECLINED, periods["handin_contact"] + 1)
    closed_recently = _handed_in(ItemStage.CLOSED, 3)
    still_open = _handed_in(ItemStage.IN_ANALYSIS, 400)
    member = _handed_in(ItemStage.CLOSED, periods["handin_contact"] + 1)
    Membership.objects.create(alliance=alliance, person=member)

    assert settings.PERIODIC_JOBS["privacy: retention"]["daily_at"]
    schedule = Schedule.objects.get(name="privacy: retention")
    assert schedule.schedule_type == Schedule.DAILY
    removed = pydoc.locate(schedule.func)()

    assert removed == {
        "reported_items": 1,
        "form_submissions": 1,
        "interest_signups": 2,
        "webhook_deliveries": 1,
        "mails": 1,
        "alert_subscriptions": 1,
        "invitations": 1,
    }
    assert not AlertSubscription.objects.exists()
    assert OutboundMail.objects.get(pk=old_mail.pk).body == ""
    assert OutboundMail.objects.get(pk=new_mail.pk).body == "Hallo\n"
    assert list(FormSubmission.objects.all()) == [new_form]
    assert list(InterestSignup.objects.all()) == [confirmed_new]
    assert not InterestSignup.objects.filter(pk__in=[unconfirmed_old.pk, confirmed_old.pk])
    old_delivery.refresh_from_db()
    pending.refresh_from_db()
    assert old_delivery.payload == {} and pending.payload == {"data": {"title": "x"}}
    anonymised = Person.objects.get(pk=closed_long_ago.pk)
    assert (anonymised.email, anonymised.phone) == ("", "")
    assert "Person #" in str(anonymised)
    for kept in (closed_recently, still_open, member):
        assert Person.objects.get(pk=kept.pk).email == kept.email
    assert Invitation.objects.filter(person=invited).count() == 1  # the recent one

    assert RetentionRecord.objects.filter(removed__gt=0).count() == 7
    page = kernteam_client.get(reverse("privacy_overview"))
    assert page.status_code == 200
    assert "Löschprotokoll" in page.text
    assert "Formulareinsendungen" in page.text and "Interesse an Mitarbeit" in page.text
    # A second run finds nothing more to remove.
    assert set(pydoc.locate(schedule.func)().values()) == {0}


def test_record_of_processing_activities_is_generated_from_the_models():
    out = StringIO()
    call_command("processing_record", stdout=out)
    text = out.getvalue()
    assert text.startswith("# Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)")
    for entry in privacy.registry():
        assert f"## {entry.label}" in text
        for label in privacy.field_labels(entry):
            assert label in text
    assert "180 Tage nach dem Absenden" in text  # the configured period, not a copy

    out = StringIO()
    call_command("processing_record", "--format", "json", stdout=out)
    assert '"key": "person"' in out.getvalue()


# Fields that hold no personal data although they look like it, and why.
NOT_PERSONAL = {
    ("alliances", "alliancepage", "contact_email"): "a role address, never a private one",
    ("alliances", "alliancepage", "contact_phone"): "a role number, never a private one",
    ("cms", "programmesettings", "contact_email"): "the programme's role address",
    ("alliances", "captureformpage", "from_address"): "the sender of the form's mail",
    # The accessibility statement (BITV) names the city's feedback contact and the
    # enforcement body: offices, published by law, no person's private data.
    ("cms", "accessibilitystatementpage", "feedback_email"): "the city's feedback office",
    ("cms", "accessibilitystatementpage", "feedback_phone"): "the city's feedback office",
    ("cms", "accessibilitystatementpage", "enforcement_email"): "the state's enforcement body",
}


def test_every_field_that_can_hold_contact_data_is_in_the_record():
    """A new e-mail or phone field, or a new link to a person, must be declared."""
    declared = {
        (entry.model._meta.app_label, entry.model._meta.model_name, name)
        for entry in privacy.registry()
        for name in entry.fields
    }
    missing = []
    for app in ("cms", "workflows", "alliances", "api"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                key = (model._meta.app_label, model._meta.model_name, field.name)
                looks_personal = (
                    isinstance(field, models.EmailField)
                    or "phone" in field.name
                    or (field.many_to_one and field.related_model is Person)
                )
                if looks_personal and key not in declared and key not in NOT_PERSONAL:
                    if field.model is not model:  # declared on the concrete parent
                        continue
                    missing.append(key)
    assert missing == []
