"""/admin/berichte/, the prefix of the Kernteam reports, is their index (it was a 404):
every report the user may see, in German; every report, and the index, refuse whom they
do not admit."""

import pytest
from django.test import Client
from django.urls import reverse

from alliances.reports.views import REPORTS

pytestmark = pytest.mark.django_db


def test_the_index_lists_every_report_in_german(kernteam_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):  # the session, the user and permissions
        response = kernteam_client.get("/admin/berichte/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Kernteam-Berichte" in html or "Kernteam-Berichte" in html
    for view in REPORTS:
        assert f'href="{reverse(f"kernteam_reports:{view.url_name}")}"' in html, view
    assert f'href="{reverse("open_data_generate")}"' in html
    assert "Offene Daten" in html
    assert reverse("kernteam_reports:index") == "/admin/berichte/"


@pytest.mark.parametrize("view", REPORTS, ids=lambda view: view.url_name)
def test_every_report_and_its_export_are_for_the_kernteam_only(
    view, redaktion_user, kernteam_client
):
    url = reverse(f"kernteam_reports:{view.url_name}")
    redaktion = Client()
    redaktion.force_login(redaktion_user)
    for query in [{}, {"export": "xlsx"}, {"export": "csv"}]:
        refused = redaktion.get(url, query)
        assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    assert kernteam_client.get(url).status_code == 200


def test_the_index_refuses_who_may_see_no_report(redaktion_user):
    redaktion = Client()
    redaktion.force_login(redaktion_user)
    refused = redaktion.get("/admin/berichte/")
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    anonymous = Client().get("/admin/berichte/")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous.url
