"""The Art. 15 document a citizen receives: German dates, no usable links, reachable from the
person's own page."""

import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from alliances.models import Consent
from cms.mailing import queue_mail
from cms.privacy import export_value, without_token_links
from cms.withdrawal import withdrawal_url
from tests.alliances.test_capture_form import answers, survey  # noqa: F401  (fixture)
from tests.alliances.test_privacy import EMAIL, erika  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

GIVEN = datetime(2026, 11, 30, 2, 50, 39, 95457, tzinfo=UTC)


def test_moments_read_german_in_berlin_time():
    assert export_value(GIVEN) == "30.11.2026, 03:50"
    assert export_value(datetime(2026, 7, 1, 22, 5, tzinfo=UTC)) == "02.07.2026, 00:05"
    assert export_value(GIVEN.date()) == "30.11.2026"
    assert export_value("") == "–"


def test_links_with_tokens_are_hidden_and_others_kept():
    confirm = "https://allianzen.example.org/interest/confirm/eyJhIjoxfQ:1v:abc/"
    text = (
        f"Bitte bestätigen: {confirm}\n"
        f"Abmelden: {withdrawal_url(EMAIL)}.\n"
        "Mehr: https://allianzen.example.org/allianzen/ und https://x.example/?token=abc"
    )
    shown = without_token_links(text)
    assert "confirm/" not in shown and "widerruf/" not in shown and "token=" not in shown
    assert shown.count("Bestätigungslink (nicht mehr gültig, hier nicht gezeigt)") == 3
    assert "https://allianzen.example.org/allianzen/" in shown
    assert shown.endswith("hier nicht gezeigt)") and "gezeigt).\n" in shown


def test_the_document_has_german_dates_and_no_live_link(kernteam_client, erika):  # noqa: F811
    Consent.objects.filter(person=erika).update(given_at=GIVEN)
    link = withdrawal_url(EMAIL)
    queue_mail(key="erika-2", to=[EMAIL], subject="Abmelden", body=f"Hier: {link}", purpose="alert")
    url = reverse("person_privacy_export", args=[erika.pk])
    html = kernteam_client.get(url).text
    assert "30.11.2026, 03:50" in html
    assert "+00:00" not in html and "T02:50" not in html
    assert link.split("/")[-2] not in html  # the token
    assert "Bestätigungslink (nicht mehr gültig, hier nicht gezeigt)" in html
    data = json.loads(kernteam_client.get(url, {"format": "json"}).content)
    consents = next(s["rows"] for s in data["sections"] if s["key"] == "consents")
    assert any(row["Erteilt am"].startswith("2026-11-30T02:50:39") for row in consents)
    assert datetime.fromisoformat(data["generated_at"]).tzinfo is not None
    assert link.split("/")[-2] not in json.dumps(data)


def test_the_persons_own_page_offers_access_and_erasure(kernteam_client, erika):  # noqa: F811
    edit = reverse("wagtailsnippets_alliances_person:edit", args=[erika.pk])
    html = kernteam_client.get(edit).text
    assert reverse("person_privacy_export", args=[erika.pk]) in html
    assert reverse("person_privacy_erase", args=[erika.pk]) in html


def test_the_redaktion_gets_no_such_buttons(redaktion_client, erika):  # noqa: F811
    edit = reverse("wagtailsnippets_alliances_person:edit", args=[erika.pk])
    html = redaktion_client.get(edit).text
    assert "Auskunft" not in html
    assert reverse("person_privacy_export", args=[erika.pk]) not in html
