"""Wagtail's own reports keep the product's download rules: a file only for a valid
request, German CSV (cms/wagtail_reports.py). Wagtail exported every row of the site
history for ?timestamp_from=garbage&export=csv, showed the page for ?export=pdf, and wrote
comma-separated CSV without BOM, one of them named spreadsheet-export.csv."""

import pytest
from django.urls import resolve, reverse
from wagtail.admin.urls import reports as wagtail_reports
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cms.exports import CheckedExportMixin

pytestmark = pytest.mark.django_db

NOT_VALID = "Es wurde keine Datei erstellt: Die Filter sind ungültig."
NO_SUCH_FORMAT = "Die Liste lässt sich als CSV oder XLSX herunterladen."


def test_every_wagtail_report_with_a_download_is_checked():
    names = [pattern.name for pattern in wagtail_reports.urlpatterns]
    assert {"site_history", "aging_pages", "locked_pages", "workflow"} <= set(names)
    for name in names:
        view_class = resolve(reverse(f"wagtailadmin_reports:{name}")).func.view_class
        if issubclass(view_class, SpreadsheetExportMixin):
            assert issubclass(view_class, CheckedExportMixin), name


@pytest.mark.parametrize(
    "query",
    [
        "site-history/?timestamp_from=garbage&export=csv",
        "site-history/?action=junk&export=xlsx",
        "site-history/?user=abc&export=csv",
        "aging-pages/?last_published_at=garbage&export=csv",
        "locked/?locked_at_from=garbage&export=csv",
    ],
)
def test_an_invalid_filter_is_the_page_with_a_400_and_no_file(
    kernteam_client, kernteam_user, query
):
    from wagtail.log_actions import log
    from wagtail.models import Page

    # The history offers its action and user filters once there is history.
    log(instance=Page.objects.get(depth=2), action="wagtail.edit", user=kernteam_user)
    response = kernteam_client.get(f"/admin/reports/{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert NOT_VALID in response.text


@pytest.mark.parametrize("route", ["site-history", "aging-pages", "locked", "workflow"])
def test_an_unknown_format_is_a_400_and_a_known_one_german(kernteam_client, route):
    unknown = kernteam_client.get(f"/admin/reports/{route}/?export=pdf")
    assert unknown.status_code == 400
    assert NO_SUCH_FORMAT in unknown.text
    csv = kernteam_client.get(f"/admin/reports/{route}/?export=csv")
    assert csv.status_code == 200
    assert "spreadsheet-export" not in csv["Content-Disposition"]
    assert f'filename="{route}-' in csv["Content-Disposition"]
    body = b"".join(csv.streaming_content) if csv.streaming else csv.content
    assert body.startswith("\ufeff".encode())
    assert ";" in body.decode("utf-8-sig").splitlines()[0]
