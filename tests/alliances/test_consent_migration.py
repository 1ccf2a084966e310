"""The consent booleans of the first version become consent rows, losing nothing."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from alliances.models import AlliancePage
from tests.factories import make_page

BEFORE = [("alliances", "0018_i16_catalogue_permissions")]
AFTER = [("alliances", "0019_consent_per_purpose")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_consents_become_rows_with_their_dates():
    # The page's tables are the same before and after: build it the Wagtail way first.
    alliance = make_page(AlliancePage, title="Lesepaten")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Person = old.get_model("alliances", "Person")
    Voice = old.get_model("alliances", "Voice")
    named = Person.objects.create(
        first_name="Erika", last_name="Muster", public_name_consent=True,
        public_name_consent_on=date(2025, 3, 1),
    )  # fmt: skip
    quiet = Person.objects.create(first_name="Hans", last_name="Still")
    helper = Person.objects.create(
        first_name="Hilde", last_name="Hilft", contact_consent=True,
        contact_consent_on=date(2025, 5, 1),
    )  # fmt: skip
    speaker = Person.objects.create(first_name="Vera", last_name="Stimme")
    for on in (date(2025, 6, 1), date(2025, 4, 1), None):
        Voice.objects.create(
            alliance_id=alliance.pk, person=speaker, quote="x", consent_given=True, consent_on=on
        )
    Voice.objects.create(alliance_id=alliance.pk, person=quiet, quote="y", consent_given=False)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Consent = new.get_model("alliances", "Consent")
    [row] = Consent.objects.filter(person_id=named.pk)
    assert (row.purpose, row.given_via, row.withdrawn_at) == ("public_name", "admin", None)
    assert row.given_at.date() in (date(2025, 2, 28), date(2025, 3, 1))  # midnight in Berlin
    assert not Consent.objects.filter(person_id=quiet.pk).exists()
    [contact] = Consent.objects.filter(person_id=helper.pk)  # "may be asked to help"
    assert (contact.purpose, contact.given_at.date()) in {
        ("contact", date(2025, 4, 30)),
        ("contact", date(2025, 5, 1)),
    }
    [voice] = Consent.objects.filter(person_id=speaker.pk)
    assert voice.purpose == "voice"  # one row per person, from the earliest statement
    assert voice.given_at.date() in (date(2025, 3, 31), date(2025, 4, 1))

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # and back: the name consent returns to the boolean
    Person = executor.loader.project_state(BEFORE).apps.get_model("alliances", "Person")
    back = Person.objects.get(pk=named.pk)
    assert (back.public_name_consent, back.public_name_consent_on) == (True, date(2025, 3, 1))
    back = Person.objects.get(pk=helper.pk)
    assert (back.contact_consent, back.contact_consent_on) == (True, date(2025, 5, 1))
    MigrationExecutor(connection).migrate(AFTER)
