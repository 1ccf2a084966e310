"""Every report (the Kernteam's under /admin/berichte/, Wagtail's under /admin/reports/) as
the tester found them: an invalid filter showed its error above the UNFILTERED rows, a
filter given twice took the last value, `?action=` was an error with a blank value, and
the site history was open to the Redaktion."""

import pytest
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import Page

from alliances.reports.views import REPORTS
from cms.form_input import parameter_names
from tests.cms.listing_queries import FILTERS_NOT_VALID, GIVEN_TWICE, invalid_query
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WAGTAIL_REPORTS = ["site-history", "aging-pages", "locked", "workflow", "workflow_tasks"]


def _reports() -> dict[str, tuple[str, str]]:
    """{name: (page URL, results fragment URL)} of every report with filters."""
    found = {
        view.url_name: (
            reverse(f"kernteam_reports:{view.url_name}"),
            reverse(f"kernteam_reports:{view.url_name}_results"),
        )
        for view in REPORTS
        if view.filterset_class
    }
    for route in WAGTAIL_REPORTS:
        found[route] = (f"/admin/reports/{route}/", f"/admin/reports/{route}/results/")
    return found


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="ada.admin", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def history(db):
    """A row in every report: a locked page, log entries (the history's filters)."""
    from tests.factories import DistrictFactory, StandardFactory

    page = Page.objects.get(depth=2)
    Page.objects.filter(pk=page.pk).update(locked=True)
    log(instance=page, action="wagtail.edit")
    log(instance=page, action="wagtail.publish")
    DistrictFactory()
    StandardFactory()
    return page


def _rows(response) -> list:
    return list(response.context["object_list"])


def test_an_invalid_filter_shows_the_error_and_no_rows(admin_client, history):
    for name, (url, results) in _reports().items():
        page = admin_client.get(url)
        assert page.status_code == 200, name
        query = invalid_query(page.context["view"])
        assert query is not None, name

        invalid = admin_client.get(url, query)
        assert invalid.status_code == 400, (name, query)
        assert _rows(invalid) == [], name
        assert FILTERS_NOT_VALID in invalid.text, name

        fragment = admin_client.get(results, query)
        assert fragment.status_code == 200, name  # Wagtail's script swaps in a 2xx only
        assert _rows(fragment) == [], name
        assert FILTERS_NOT_VALID in fragment.text, name


def test_the_rows_of_a_report_are_there_without_the_invalid_filter(admin_client, history):
    """The reports above have rows: the empty list is the filter's doing."""
    for name in ("items_per_stage", "district_coverage", "locked", "site-history"):
        url, _results = _reports()[name]
        assert _rows(admin_client.get(url)), name


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("items_per_stage", "kind=need&kind=opportunity"),
        ("partnership_balance", "stage=active&stage=forming"),
        ("district_coverage", "blind_spots=true&blind_spots=false"),
        ("partnership_balance", "not_mixed=true&not_mixed=true"),
        ("aging-pages", "live=true&live=false"),
        ("locked", "live=true&live=false"),
        ("site-history", "is_commenting_action=true&is_commenting_action=false"),
        ("site-history", "timestamp_from=2026-01-01&timestamp_from=2026-02-01"),
        ("workflow", "reviewable=true&reviewable=false"),
    ],
)
def test_a_filter_given_twice_is_an_error(admin_client, history, name, query):
    url, results = _reports()[name]
    response = admin_client.get(f"{url}?{query}")
    assert response.status_code == 400
    assert GIVEN_TWICE in response.text
    assert _rows(response) == []
    download = admin_client.get(f"{url}?{query}&export=csv")
    assert download.status_code == 400
    assert "Content-Disposition" not in download
    assert GIVEN_TWICE in admin_client.get(f"{results}?{query}").text


def test_an_empty_action_is_every_action(admin_client, history):
    url = reverse("wagtailadmin_reports:site_history")
    every = _rows(admin_client.get(url))
    assert len(every) >= 2
    empty = admin_client.get(url, {"action": ""})
    assert empty.status_code == 200
    assert len(_rows(empty)) == len(every)
    one = admin_client.get(f"{url}?action=&action=wagtail.publish")
    assert one.status_code == 200
    assert {entry.action for entry in _rows(one)} == {"wagtail.publish"}
    download = admin_client.get(url, {"action": "", "export": "csv"})
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_every_filter_of_every_report_given_empty_means_all(admin_client, history):
    checked = 0
    for name, (url, _results) in _reports().items():
        page = admin_client.get(url)
        view = page.context["view"]
        every = len(_rows(page))
        for field_name, field in view.filters.form.fields.items():
            names = parameter_names(field_name, field)
            response = admin_client.get(url, dict.fromkeys(names, ""))
            assert response.status_code == 200, (name, field_name)
            assert len(_rows(response)) == every, (name, field_name)
            checked += 1
    assert checked >= 15


def test_the_site_history_is_for_the_kernteam_as_its_reports(
    client, history, kernteam_user, redaktion_user
):
    url = reverse("wagtailadmin_reports:site_history")
    client.force_login(redaktion_user)
    for refused in (
        client.get(url),
        client.get(url, {"export": "csv"}),
        client.get(reverse("wagtailadmin_reports:site_history_results")),
    ):  # Wagtail's answer to a PermissionDenied in its admin, as for /admin/berichte/
        assert refused.status_code == 302
        assert refused["Location"] == reverse("wagtailadmin_home")
        assert "Content-Disposition" not in refused
    kernteam_report = reverse("kernteam_reports:items_per_stage")
    assert client.get(kernteam_report)["Location"] == reverse("wagtailadmin_home")
    assert url not in client.get(reverse("wagtailadmin_home")).text  # not in the menu
    client.force_login(kernteam_user)
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("wagtailadmin_home")).text
