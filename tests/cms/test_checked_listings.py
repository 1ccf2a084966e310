"""Every admin listing of a registered viewset (cms/listings.py), as the tester found them:
an invalid filter showed its error above ALL rows and downloaded ALL rows, the results
fragment showed no error, a filter given twice took the last value, and a listing without
export columns downloaded a file of blank rows."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets import viewsets
from wagtail.snippets.views.snippets import SnippetViewSet

from alliances.models import AlliancePage, NeedPage, OpportunityPage, ServicePage
from api.handins.models import InterestSignup
from api.models import Partner, PartnerAPIKey
from api.webhooks.models import WebhookDelivery, WebhookEndpoint
from cms.form_input import parameter_names
from cms.listings import CheckedListingMixin
from cms.models import OutboundMail
from tests.cms.listing_queries import FILTERS_NOT_VALID, GIVEN_TWICE, invalid_query
from tests.factories import (
    AgeGroupFactory,
    CompetenceFactory,
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    ResourceFactory,
    StandardFactory,
    TopicFactory,
    UserFactory,
    make_page,
)
from workflows.models import StageRule, TransitionRule

pytestmark = pytest.mark.django_db

NO_FILE_FILTERS = "Es wurde keine Datei erstellt: Die Filter sind ungültig."
NO_FILE_LISTING = "Es wurde keine Datei erstellt: Diese Liste lässt sich nicht herunterladen."

# Listings that download, and why the others do not (see the viewsets).
EXPORTING = {
    "standard",
    "district",
    "topic",
    "agegroup",
    "organisation",
    "competence",
    "resource",
    "needs_listing",
    "opportunities_listing",
    "services_listing",
    "alliances_listing",
    "webhookdelivery",
}


def _listings() -> dict[str, object]:
    """{URL namespace: viewset} of every registered listing with an index view."""
    reverse("wagtailadmin_home")  # the admin's URLs register the viewsets of its hooks
    return {
        viewset.name or "wagtailadmin_explore": viewset  # the explorer has no name
        for viewset in viewsets.viewsets
        if issubclass(getattr(viewset, "index_view_class", object), SpreadsheetExportMixin)
    }


def _index_url(name: str) -> str:
    if name == "wagtailadmin_explore":  # the page explorer: the root's children
        return reverse("wagtailadmin_explore_root")
    viewset = _listings()[name]
    return reverse(viewset.get_url_name("list" if isinstance(viewset, SnippetViewSet) else "index"))


def _results_url(name: str) -> str:
    if name == "wagtailadmin_explore":
        return reverse("wagtailadmin_explore_results", args=[1])
    viewset = _listings()[name]
    results = "list_results" if isinstance(viewset, SnippetViewSet) else "index_results"
    return reverse(viewset.get_url_name(results))


@pytest.fixture
def rows(db):
    """At least one row in every listing."""
    partner = Partner.objects.create(name="Stadtteilzeitung", contact_email="z@example.org")
    PartnerAPIKey.objects.create_key(partner=partner, name="Widget")
    endpoint = WebhookEndpoint.objects.create(name="Zeitung", url="https://z.example.org/h")
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id="7d1f7a52-54c5-4c4e-9c2e-1f3a7e0b9c11",
        event_type="alliance.published",
        payload={},
        last_status_code=200,
    )
    alliance = make_page(AlliancePage, title="Lesepaten Hüsten")
    for model in (NeedPage, OpportunityPage, ServicePage):
        make_page(model)
    InterestSignup.objects.create(
        alliance=alliance, name="Mia", email="mia@example.org", consent_at=timezone.now()
    )
    OutboundMail.objects.create(
        key="k1", purpose="alert", to=["a@example.org"], subject="Neue Allianz", body="Text"
    )
    AccessAttempt.objects.create(
        username="eve", ip_address="192.0.2.1", failures_since_start=1, attempt_time=timezone.now()
    )
    TransitionRule.objects.get_or_create(transition="item:start_analysis")
    StageRule.objects.get_or_create(stage="item:captured", defaults={"reminder_days": 7})
    StandardFactory()
    DistrictFactory()
    AgeGroupFactory()
    TopicFactory()
    OrganisationFactory()
    PersonFactory()
    CompetenceFactory()
    ResourceFactory()


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="ada.admin", is_superuser=True, is_staff=True))
    return client


def _shown(response) -> list:
    return list(response.context["object_list"])


def test_every_listing_is_checked(admin_client):
    listings = _listings()
    # Ours, Wagtail's users, groups and sites, the page explorer.
    assert {"mail_outbox", "needs_listing", "wagtailusers_users", "wagtailsites"} <= set(listings)
    assert "wagtailadmin_explore" in listings
    unchecked = [
        name
        for name in listings
        if not isinstance(admin_client.get(_index_url(name)).context["view"], CheckedListingMixin)
    ]
    assert unchecked == []


def test_an_invalid_filter_shows_no_rows_and_downloads_no_file(admin_client, rows, rf):
    tested = []
    for namespace in _listings():
        url = _index_url(namespace)
        page = admin_client.get(url)
        assert page.status_code == 200, namespace
        assert _shown(page), namespace  # the fixture gave it rows
        query = invalid_query(page.context["view"])
        if query is None:
            continue  # no filter that a value could make invalid
        tested.append(namespace)

        invalid = admin_client.get(url, query)
        assert invalid.status_code == 400, namespace
        assert _shown(invalid) == [], namespace
        assert FILTERS_NOT_VALID in invalid.text, namespace

        fragment = admin_client.get(_results_url(namespace), query)
        assert fragment.status_code == 200, namespace  # Wagtail swaps in a 2xx only
        assert _shown(fragment) == [], namespace
        assert FILTERS_NOT_VALID in fragment.text, namespace

        for export_format in ("csv", "xlsx"):
            refused = admin_client.get(url, {**query, "export": export_format})
            assert refused.status_code == 400, (namespace, export_format)
            assert "Content-Disposition" not in refused, (namespace, export_format)
            assert refused["Content-Type"].startswith("text/html")
            assert _shown(refused) == [], namespace
    assert {"partnerapikey", "needs_listing", "wagtailusers_users", "mail_outbox"} <= set(tested)


def test_a_listing_downloads_its_columns_or_refuses_the_file(admin_client, rows):
    listings = _listings()
    assert set(listings) >= EXPORTING
    for namespace in listings:
        url = _index_url(namespace)
        for export_format in ("csv", "xlsx"):
            response = admin_client.get(url, {"export": export_format})
            if namespace not in EXPORTING:
                assert response.status_code == 400, namespace
                assert "Content-Disposition" not in response, namespace
                assert NO_FILE_LISTING in response.text, namespace
                continue
            assert response.status_code == 200, namespace
            assert response["Content-Disposition"].startswith("attachment"), namespace
            if export_format == "csv":
                lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
                assert len(lines) >= 2, namespace
                assert all(line.strip(";") for line in lines), (namespace, lines)
        page = admin_client.get(url)
        assert ("export=csv" in page.text) == (namespace in EXPORTING), namespace


def test_the_programme_listings_download_stage_and_visibility_in_german(
    admin_client, django_assert_max_num_queries
):
    from tests.factories.api import make_public

    public = make_public(AlliancePage, title="Repair-Café Neheim")
    make_page(AlliancePage, title="Nachbarschaftshilfe Bachum")  # proposed: not public
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("alliances_listing:index"), {"export": "csv"})
        lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "Titel;Stufe;Öffentlich sichtbar;Veröffentlicht;Aktualisiert"
    rows = {line.split(";")[0]: line.split(";")[1:4] for line in lines[1:]}
    assert rows[public.title] == ["Aktiv", "ja", "ja"]
    assert rows["Nachbarschaftshilfe Bachum"] == ["Vorgeschlagen", "nein", "ja"]


def test_a_download_costs_the_same_queries_for_more_rows(admin_client, django_assert_num_queries):
    """The endpoint of each delivery, the district of each organisation: joined."""
    endpoint = WebhookEndpoint.objects.create(name="Zeitung", url="https://z.example.org/h")

    def download(namespace):
        response = admin_client.get(_index_url(namespace), {"export": "xlsx"})
        assert response.status_code == 200
        return response

    def deliveries(count):
        for index in range(count):
            WebhookDelivery.objects.create(
                endpoint=endpoint,
                event_id=f"7d1f7a52-54c5-4c4e-9c2e-1f3a7e0b9c{index:02d}",
                event_type="alliance.published",
                payload={},
            )

    for namespace, more in (
        ("webhookdelivery", deliveries),
        ("organisation", lambda n: OrganisationFactory.create_batch(n)),
    ):
        more(1)
        download(namespace)  # warm caches (content types, site)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            download(namespace)
        more(5)
        with django_assert_num_queries(len(one.captured_queries)):
            download(namespace)


@pytest.mark.parametrize(
    ("namespace", "query"),
    [
        ("partnerapikey", "revoked=true&revoked=false"),
        ("webhookendpoint", "is_active=true&is_active=false"),
        ("mail_outbox", "status=sent&status=failed"),
        ("needs_listing", "stage=captured&stage=declined"),
        ("interestsignup", "confirmed_at_from=2026-01-01&confirmed_at_from=2026-02-01"),
        ("wagtailusers_users", "is_active=true&is_active=false"),
    ],
)
def test_a_filter_given_twice_is_an_error_not_the_last_value(admin_client, rows, namespace, query):
    url = _index_url(namespace)
    response = admin_client.get(f"{url}?{query}")
    assert response.status_code == 400
    assert GIVEN_TWICE in response.text
    assert _shown(response) == []
    refused = admin_client.get(f"{url}?{query}&export=csv")
    assert refused.status_code == 400
    assert "Content-Disposition" not in refused


def test_a_multiple_choice_may_repeat_and_empty_means_all(admin_client, rows):
    """Wagtail's user listing filters by several groups; `?group=` is every user."""
    from django.contrib.auth.models import Group

    url = reverse("wagtailusers_users:index")
    every = _shown(admin_client.get(url))
    kernteam, redaktion = Group.objects.get(name="Kernteam"), Group.objects.get(name="Redaktion")
    UserFactory(username="kim", groups=["Kernteam"])
    UserFactory(username="rita", groups=["Redaktion"])
    both = admin_client.get(f"{url}?group={kernteam.pk}&group={redaktion.pk}")
    assert both.status_code == 200
    assert {user.username for user in _shown(both)} == {"kim", "rita"}
    empty = admin_client.get(f"{url}?group=")
    assert empty.status_code == 200
    assert len(_shown(empty)) == len(every) + 2


def test_every_filter_given_empty_means_all(admin_client, rows):
    """`?<filter>=` is "all" for every filter of every listing (Wagtail's own forms send
    the empty "All" choice that way)."""
    checked = 0
    for namespace in _listings():
        url = _index_url(namespace)
        page = admin_client.get(url)
        view = page.context["view"]
        if not view.filters:
            continue
        every = [row.pk for row in _shown(page)]
        for name, field in view.filters.form.fields.items():
            names = parameter_names(name, field)
            response = admin_client.get(url, dict.fromkeys(names, ""))
            assert response.status_code == 200, (namespace, name, view.filters.errors)
            assert [row.pk for row in _shown(response)] == every, (namespace, name)
            checked += 1
    assert checked >= 20


def test_a_yes_no_filter_neither_yes_nor_no_says_so_in_german(admin_client, rows):
    url = reverse("partnerapikey:index")
    junk = admin_client.get(url, {"revoked": "vielleicht"})
    assert junk.status_code == 400
    assert "Bitte wählen Sie Ja oder Nein." in junk.text
    assert _shown(junk) == []
    assert len(_shown(admin_client.get(url, {"revoked": "false"}))) == 1


def test_a_date_range_is_checked_too(admin_client, rows):
    signup = InterestSignup.objects.get()
    InterestSignup.objects.filter(pk=signup.pk).update(confirmed_at=timezone.now())
    url = reverse("interestsignup:index")
    today = datetime.date.today().isoformat()
    assert len(_shown(admin_client.get(url, {"confirmed_at_from": today}))) == 1
    invalid = admin_client.get(url, {"confirmed_at_from": "gestern"})
    assert invalid.status_code == 400
    assert _shown(invalid) == []


def test_a_refusal_names_the_details_not_the_filters_where_no_filter_is_at_fault(
    admin_client, rows
):
    url = "/admin/reports/site-history/"
    for query in ("p=٢", "ordering=zzz", "ordering=timestamp&ordering=timestamp"):
        for export in ("", "&export=csv"):
            response = admin_client.get(f"{url}?{query}{export}")
            assert response.status_code == 400, query
            assert "Content-Disposition" not in response, query
            assert "Die Filter sind ungültig" not in response.text, query
            if export:
                assert "Es wurde keine Datei erstellt: Die Angaben der Anfrage" in response.text
            else:
                assert "Die Angaben sind ungültig, daher werden keine Zeilen" in response.text


def test_an_unknown_sort_order_or_layout_names_it_and_shows_no_rows(admin_client, rows):
    for url in ("/admin/users/", "/admin/pages/3/", "/admin/images/"):
        response = admin_client.get(url, {"ordering": "zzz"})
        assert response.status_code == 400, url
        assert _shown(response) == [], url
        assert "Eine Sortierung „zzz“ gibt es in dieser Liste nicht." in response.text, url
        offered = list(admin_client.get(url).context["view"].get_valid_orderings())
        for ordering in offered[:1] + offered[-1:]:
            assert admin_client.get(url, {"ordering": ordering}).status_code == 200, url
    layout = admin_client.get("/admin/images/", {"layout": "zzz"})
    assert layout.status_code == 400
    assert "Eine Ansicht „zzz“ gibt es nicht." in layout.text
    for valid in ("grid", "list"):
        assert admin_client.get("/admin/images/", {"layout": valid}).status_code == 200


def test_every_download_has_a_german_name_with_the_day(admin_client, rows):
    """cms.exports.download_name, for every listing that downloads: Wagtail named them
    "spreadsheet-export.xlsx" (redirects), after a table ("alliances_needpage.csv") or a
    route ("site-history-….csv")."""
    import re

    from django.utils import timezone

    day = f"{timezone.localdate():%Y-%m-%d}"
    urls = [_index_url(namespace) for namespace in EXPORTING]
    urls += ["/admin/redirects/", "/admin/reports/site-history/", "/admin/reports/aging-pages/"]
    names = {}
    for url in urls:
        for export_format in ("csv", "xlsx"):
            response = admin_client.get(url, {"export": export_format})
            assert response.status_code == 200, url
            [name] = re.findall(r'filename="([^"]+)"', response["Content-Disposition"])
            assert re.fullmatch(rf"[a-z0-9-]+-{day}\.{export_format}", name), name
            assert "export" not in name and "history" not in name, name
            names[url] = name
    assert names["/admin/redirects/"] == f"weiterleitungen-{day}.xlsx", names
