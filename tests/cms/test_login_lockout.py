"""Brute-force protection of the admin login (django-axes): per account and address, German,
and the Kernteam lifts a lock."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "richtig-und-lang-2026"


@pytest.fixture
def editor(db):
    user = UserFactory(username="erika.editor", groups=["Redaktion"])
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, password, **headers):
    return client.post(LOGIN, {"username": "erika.editor", "password": password}, **headers)


def _fail_until_locked(client, settings, **headers):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "falsch", **headers)
    return response


def test_the_limit_of_failed_logins_locks_the_account_from_that_address(editor, settings):
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert _fail_until_locked(client, settings).status_code == 429
    locked = _login(client, PASSWORD)  # the right password does not help any more
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Anmeldung gesperrt" in text and "Kernteam" in text
    assert "_auth_user_id" not in client.session


def test_another_address_still_signs_in_and_a_success_resets_the_count(editor, settings):
    _fail_until_locked(Client(REMOTE_ADDR="203.0.113.7"), settings)
    colleague = Client(REMOTE_ADDR="198.51.100.20")
    assert _login(colleague, PASSWORD).status_code == 302
    assert colleague.session["_auth_user_id"] == str(editor.pk)


def test_a_forged_forwarded_for_header_is_no_new_identity(editor, settings):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "falsch", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert _login(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_the_kernteam_lifts_a_lock_and_the_redaktion_cannot(
    editor, settings, kernteam_user, redaktion_client
):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    _fail_until_locked(attacker, settings)
    attempt = AccessAttempt.objects.get(username="erika.editor")
    index = reverse("locked_logins:index")
    assert redaktion_client.get(index).status_code in (302, 403)

    kernteam = Client()
    kernteam.force_login(kernteam_user)
    listing = kernteam.get(index)
    assert listing.status_code == 200
    assert "erika.editor" in listing.content.decode()
    assert "Gesperrte Anmeldungen" in listing.content.decode()
    delete = reverse("locked_logins:delete", args=[attempt.pk])
    assert kernteam.post(delete).status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _login(attacker, PASSWORD).status_code == 302  # lifted at once
