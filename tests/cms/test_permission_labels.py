"""Custom permissions show German names in the group editor, though migrations store the
English source text."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _name(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename).name


def test_custom_permissions_carry_their_german_names_after_migrate():
    assert (
        _name("workflows", "run_transition") == "Kann Schritte ausführen und Zuständige festlegen"
    )
    assert _name("alliances", "view_person_contact") == "Kann Kontaktdaten von Personen sehen"


def test_a_name_a_migration_stored_in_english_is_translated_by_the_next_migrate():
    Permission.objects.filter(codename="run_transition").update(
        name="Can run steps and assign items"
    )
    call_command("migrate", verbosity=0)
    assert (
        _name("workflows", "run_transition") == "Kann Schritte ausführen und Zuständige festlegen"
    )


def test_the_group_editor_shows_the_german_name(admin_client):
    response = admin_client.get("/admin/groups/new/")
    assert "Kann Schritte ausführen und Zuständige festlegen" in response.content.decode()
