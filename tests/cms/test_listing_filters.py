"""Every admin listing's yes/no filter is strict: `?revoked=vielleicht` is a German error
of the filter form, not a listing (or a download) of every row as if unfiltered."""

import django_filters
import pytest
from django.urls import reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from api.models import Partner, PartnerAPIKey
from cms.filters import YesNoFilter

pytestmark = pytest.mark.django_db

YES_OR_NO = "Bitte wählen Sie Ja oder Nein."


def _filter_sets() -> dict[str, type]:
    """Each registered listing's filter set as its index view builds it."""
    reverse("wagtailadmin_home")  # the admin's URLs register the viewsets of its hooks
    found = {}
    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ModelViewSet | PageListingViewSet):
            continue
        index = viewset.construct_view(viewset.index_view_class, **viewset.get_index_view_kwargs())
        view = index.view_class(**index.view_initkwargs)
        if view.filterset_class is not None:
            found[viewset.name] = view.filterset_class
    return found


def test_every_yes_no_filter_of_every_admin_listing_is_strict():
    yes_no = {
        (listing, name): isinstance(declared, YesNoFilter)
        for listing, filter_set in _filter_sets().items()
        for name, declared in filter_set.base_filters.items()
        if isinstance(declared, django_filters.BooleanFilter)
    }
    # The API keys' `revoked`, the webhooks' `is_active`, the programme listings' own one.
    assert {("partnerapikey", "revoked"), ("needs_listing", "publicly_visible")} <= set(yes_no)
    assert [where for where, strict in yes_no.items() if not strict] == []


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
