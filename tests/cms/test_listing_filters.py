"""Every admin listing's yes/no filter is strict: `?revoked=vielleicht` is a German error
of the filter form, not a listing (or a download) of every row as if unfiltered."""

import django_filters
import pytest
from django.urls import reverse

from api.models import Partner, PartnerAPIKey
from cms.filters import YesNoFilter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

YES_OR_NO = "Bitte wählen Sie Ja oder Nein."


def test_every_yes_no_filter_of_every_admin_listing_is_strict(admin_client):
    """As each listing's page filters: its filter set's own, those made from `list_filter`,
    and those its `__init__` adds (the users' "Active")."""
    from tests.cms.test_checked_listings import _index_url, _listings

    yes_no = {}
    for name in _listings():
        view = admin_client.get(_index_url(name)).context["view"]
        for filter_name, declared in view.filters.filters.items() if view.filters else ():
            if isinstance(declared, django_filters.BooleanFilter):
                yes_no[(name, filter_name)] = isinstance(declared, YesNoFilter)
    # The API keys' `revoked`, the programme listings' own one, the users' added one.
    assert {
        ("partnerapikey", "revoked"),
        ("needs_listing", "publicly_visible"),
        ("wagtailusers_users", "is_active"),
        ("competence", "needs_review"),
    } <= set(yes_no)
    assert [where for where, strict in yes_no.items() if not strict] == []


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="ada.admin", is_superuser=True, is_staff=True))
    return client


def test_a_listing_with_a_yes_no_filter_neither_yes_nor_no_says_so(admin_client):
    partner = Partner.objects.create(name="Stadtteilzeitung Hüsten")
    PartnerAPIKey.objects.create_key(partner=partner, name="Alt", revoked=True)
    PartnerAPIKey.objects.create_key(partner=partner, name="Neu", revoked=False)
    url = reverse("partnerapikey:index")

    only_revoked = admin_client.get(url, {"revoked": "true"}).text
    assert "Alt" in only_revoked and "Neu" not in only_revoked
    junk = admin_client.get(url, {"revoked": "vielleicht"})
    assert YES_OR_NO in junk.text

    listing = reverse("needs_listing:index")
    assert YES_OR_NO in admin_client.get(listing, {"publicly_visible": "vielleicht"}).text


def test_wagtails_user_listing_has_the_strict_filter_too(admin_client):
    url = reverse("wagtailusers_users:index")
    assert admin_client.get(url, {"is_superuser": "true"}).status_code == 200
    assert YES_OR_NO in admin_client.get(url, {"is_superuser": "vielleicht"}).text
    # "Active" is added by the filter set's __init__, not declared.
    assert YES_OR_NO in admin_client.get(url, {"is_active": "vielleicht"}).text
