import re

import pytest
from django.utils import timezone

from alliances.models import AlliancePage
from alliances.stages import AllianceStage
from api.handins.models import InterestSignup
from api.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import DistrictFactory, make_page

pytestmark = pytest.mark.django_db


def test_the_kernteam_creates_an_endpoint_and_sees_the_secret_once(kernteam_client, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    response = kernteam_client.post(
        "/admin/webhookendpoint/new/",
        {
            "name": "Heimatverein",
            "url": "http://127.0.0.1:8399/hooks",
            "events": ["alliance.published", "alliance.stage_changed"],
            "is_active": "on",
        },
        follow=True,
    )
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["alliance.published", "alliance.stage_changed"]
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.secret in response.content.decode()
    edit = kernteam_client.get(f"/admin/webhookendpoint/edit/{endpoint.pk}/")
    assert edit.status_code == 200
    assert endpoint.secret not in edit.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hooks",
        "http://localhost/hooks",
        "http://10.0.0.8/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hooks",
        "ftp://example.org/hooks",
    ],
)
def test_non_public_urls_are_refused_at_save(kernteam_client, settings, url):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    response = kernteam_client.post(
        "/admin/webhookendpoint/new/",
        {"name": "Böse", "url": url, "events": ["alliance.published"]},
    )
    assert response.status_code == 200  # the form again, with an error
    assert not WebhookEndpoint.objects.exists()


def test_https_is_required_where_configured(settings):
    from api.webhooks import ssrf

    settings.WEBHOOK_REQUIRE_HTTPS = True
    with pytest.raises(ssrf.UnsafeURL):
        ssrf.check_url("http://example.org/hooks")


def test_delivery_is_refused_when_the_host_is_not_allowed_any_more(settings):
    from api.webhooks import services

    endpoint = WebhookEndpoint.objects.create(
        name="x", url="http://127.0.0.1:8399/h", events=["alliance.published"]
    )
    settings.WEBHOOK_ALLOWED_HOSTS = []
    make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    row = WebhookDelivery.objects.get(endpoint=endpoint)
    services.delivery_attempt(delivery=row)
    assert row.status == WebhookDelivery.Status.PENDING
    assert "non-public" in row.last_error or "nicht" in row.last_error


def test_the_delivery_log_lists_and_redelivers(kernteam_client, webhook_receiver):
    make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    row = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=row.pk).update(status="failed", next_attempt_at=None)

    listing = kernteam_client.get("/admin/webhookdelivery/")
    assert listing.status_code == 200
    assert "alliance.published" in listing.content.decode()
    assert kernteam_client.get(f"/admin/webhookdelivery/inspect/{row.pk}/").status_code == 200
    assert kernteam_client.get("/admin/webhookdelivery/new/").status_code in (302, 403, 404)

    assert kernteam_client.get(f"/admin/webhookdelivery/edit/{row.pk}/").status_code == 200
    kernteam_client.post(f"/admin/webhookdelivery/edit/{row.pk}/")
    row.refresh_from_db()
    assert row.status == WebhookDelivery.Status.PENDING
    assert row.next_attempt_at is not None


def test_sign_ups_are_for_the_kernteam_only(client, kernteam_user, redaktion_user):
    alliance = make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    InterestSignup.objects.create(
        alliance=alliance,
        name="Jan Jung",
        email="jan@privat.example.org",
        consent_at=timezone.now(),
    )
    quiet = make_page(AlliancePage, title="Ohne Anmeldungen", stage=AllianceStage.ACTIVE)
    client.force_login(kernteam_user)
    listing = client.get("/admin/interestsignup/")
    assert "jan@privat.example.org" in listing.content.decode()
    # The alliance filter offers the alliances with sign-ups, not every alliance.
    options = [str(pk) for pk, _label in listing.context["filters"].form.fields["alliance"].choices]
    assert str(alliance.pk) in options and str(quiet.pk) not in options
    other = make_page(AlliancePage, title="Zweite", stage=AllianceStage.ACTIVE)
    InterestSignup.objects.create(
        alliance=other, name="Ida", email="ida@privat.example.org", consent_at=timezone.now()
    )
    filtered = client.get("/admin/interestsignup/", {"alliance": alliance.pk}).content.decode()
    assert "jan@privat.example.org" in filtered and "ida@privat.example.org" not in filtered
    client.force_login(redaktion_user)
    assert client.get("/admin/interestsignup/").status_code in (302, 403)


def test_the_embed_page_builds_a_snippet_and_a_preview(redaktion_client):
    DistrictFactory(slug="neheim", name="Neheim")
    response = redaktion_client.get("/admin/embed/?district=neheim&theme=dark&limit=12&lang=de")
    body = response.content.decode()
    snippet = response.context["snippet"]
    assert response.status_code == 200
    assert 'src="http://testserver/embed/alliances.js" data-district="neheim"' in snippet
    assert 'data-theme="dark"' in snippet
    assert "data-limit" not in snippet  # defaults are left out
    assert "<noscript><iframe" in snippet
    assert "data-district=&quot;neheim&quot;" in body  # escaped in the textarea
    assert re.search(r'<iframe id="embed-preview" src="http://testserver/embed/alliances/\?', body)
    menu = redaktion_client.get("/admin/").content.decode()
    assert "/admin/embed/" in menu
