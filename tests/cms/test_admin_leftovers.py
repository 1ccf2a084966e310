"""Break test 15: the admin's breadcrumb root, the locked-logins page and the lock page in
German with the lock's end; a catalogue entry in use is not deleted."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from alliances.models import AlliancePage, District
from tests.cms.test_login_lockout import PASSWORD, _fail_until_locked, _login, editor  # noqa: F401
from tests.factories import DistrictFactory
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db


def test_the_breadcrumb_root_is_german(kernteam_client):
    html = kernteam_client.get(reverse("wagtailsnippets_alliances_district:list")).text
    assert "Startseite" in html
    assert not re.search(r">\s*Home\s*<", html)


def test_the_lock_page_says_when_the_lock_ends(editor, settings):  # noqa: F811
    settings.AXES_COOLOFF_TIME = settings.AXES_COOLOFF_TIME.__class__(minutes=30)
    client = Client(REMOTE_ADDR="203.0.113.7")
    text = _fail_until_locked(client, settings).content.decode()
    assert "30 Minuten nach dem letzten Fehlversuch" in text
    assert "eine Weile" not in text


def test_locked_logins_are_titled_and_say_until_when(editor, settings, kernteam_user):  # noqa: F811
    _fail_until_locked(Client(REMOTE_ADDR="203.0.113.7"), settings)
    attempt = AccessAttempt.objects.get(username="erika.editor")
    kernteam = Client()
    kernteam.force_login(kernteam_user)
    html = kernteam.get(reverse("locked_logins:index")).text
    assert "<title>Gesperrte Anmeldungen" in html or "Gesperrte Anmeldungen |" in html
    assert "Zugriffsversuche" not in re.search(r"<h1[^>]*>.*?</h1>", html, re.S).group(0)
    assert "Gesperrt bis" in html
    assert "Attempted Access" not in html and "+00:00" not in html
    labels = re.findall(r'aria-label="Weitere Optionen für ([^"]*)"', html)
    assert labels and "erika.editor (203.0.113.7)" in labels[0]
    assert re.search(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d", labels[0])
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    page = kernteam.get(reverse("locked_logins:delete", args=[attempt.pk])).text
    assert "Zugriffsversuche" not in page and "Attempted Access" not in page
    assert "Gesperrte Anmeldungen" in page and "erika.editor (203.0.113.7)" in page


def test_a_district_in_use_is_not_deleted(kernteam_client):
    district = DistrictFactory(name="Neheim", slug="neheim")
    alliance = make_public(AlliancePage, title="Lesepaten")
    alliance.districts.set([district])
    alliance.save_revision().publish()
    delete = reverse("wagtailsnippets_alliances_district:delete", args=[district.pk])
    page = kernteam_client.get(delete).text
    assert "Ja, löschen" not in page
    response = kernteam_client.post(delete, follow=True)
    assert District.objects.filter(pk=district.pk).exists()
    assert "„Neheim“ wird noch 1 Mal verwendet" in response.text
    unused = DistrictFactory(name="Ödland", slug="ödland")
    gone = kernteam_client.post(
        reverse("wagtailsnippets_alliances_district:delete", args=[unused.pk])
    )
    assert gone.status_code == 302 and not District.objects.filter(pk=unused.pk).exists()
