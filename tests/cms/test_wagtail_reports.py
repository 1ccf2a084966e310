"""Wagtail's own reports keep the product's download rules: a file only for a valid
request, German CSV (cms/wagtail_reports.py). Wagtail exported every row of the site
history for ?timestamp_from=garbage&export=csv, showed the page for ?export=pdf, and wrote
comma-separated CSV without BOM, one of them named spreadsheet-export.csv."""

import re

import django_filters
import pytest
from django.urls import resolve, reverse
from wagtail.admin.urls import reports as wagtail_reports
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cms.filters import YesNoFilter
from cms.listings import CheckedListingMixin
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# cms.exports.download_name: the German title, the day, the extension.
GERMAN_FILE_NAME = re.compile(r'filename="[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.(csv|xlsx)"')

NOT_VALID = "Es wurde keine Datei erstellt: Die Filter sind ungültig."
NO_SUCH_FORMAT = "Die Liste lässt sich als CSV oder XLSX herunterladen."


def test_every_wagtail_report_with_a_download_is_checked():
    names = [pattern.name for pattern in wagtail_reports.urlpatterns]
    assert {"site_history", "aging_pages", "locked_pages", "workflow"} <= set(names)
    for name in names:
        view_class = resolve(reverse(f"wagtailadmin_reports:{name}")).func.view_class
        if issubclass(view_class, SpreadsheetExportMixin):
            assert issubclass(view_class, CheckedListingMixin), name


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
    assert f'filename="{route}-' not in csv["Content-Disposition"]  # English
    assert GERMAN_FILE_NAME.search(csv["Content-Disposition"]), csv["Content-Disposition"]
    body = b"".join(csv.streaming_content) if csv.streaming else csv.content
    assert body.startswith("\ufeff".encode())
    assert ";" in body.decode("utf-8-sig").splitlines()[0]


def _shadowed_views() -> dict[str, type]:
    """{route: our view class} of every Wagtail report with a download."""
    views = {}
    for pattern in wagtail_reports.urlpatterns:
        if pattern.name.endswith("_results"):
            continue
        view_class = resolve(reverse(f"wagtailadmin_reports:{pattern.name}")).func.view_class
        if issubclass(view_class, SpreadsheetExportMixin):
            views[str(pattern.pattern).strip("/")] = view_class
    return views


def _yes_no_filters() -> list[tuple[str, str]]:
    """(route, filter) of every yes/no filter in the shadowed reports' filters."""
    return [
        (route, name)
        for route, view_class in _shadowed_views().items()
        if view_class.filterset_class is not None
        for name, f in view_class.filterset_class.base_filters.items()
        if isinstance(f, django_filters.BooleanFilter)
    ]


def test_every_yes_no_filter_of_wagtails_reports_is_strict(admin_client):
    from wagtail.log_actions import log
    from wagtail.models import Page

    log(instance=Page.objects.get(depth=2), action="wagtail.edit")
    found = _yes_no_filters()
    # Wagtail's own: "live" of the aging and locked pages, the site history's comments.
    assert {
        ("aging-pages", "live"),
        ("locked", "live"),
        ("site-history", "is_commenting_action"),
    } <= set(found)
    for route, name in found:
        filters = admin_client.get(f"/admin/reports/{route}/").context["view"].filters
        assert isinstance(filters.filters[name], YesNoFilter), (route, name)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="ada.admin", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(("route", "name"), _yes_no_filters())
def test_a_yes_no_filter_that_is_neither_is_the_page_with_a_400_and_no_file(
    admin_client, route, name
):
    from wagtail.models import Page

    page = Page.objects.filter(depth=3).first()
    Page.objects.filter(pk=page.pk).update(locked=True)  # a row in every report
    for export_format in ("csv", "xlsx"):
        for junk in ("vielleicht", "ja bitte", "2"):
            response = admin_client.get(
                f"/admin/reports/{route}/", {name: junk, "export": export_format}
            )
            assert response.status_code == 400, (route, name, junk)
            assert "Content-Disposition" not in response
            assert NOT_VALID in response.text
            assert "Bitte wählen Sie Ja oder Nein." in response.text
        for answer in ("true", "false", ""):
            response = admin_client.get(
                f"/admin/reports/{route}/", {name: answer, "export": export_format}
            )
            assert response.status_code == 200, (route, name, answer)
            assert response["Content-Disposition"].startswith("attachment")
    # The page (no download) shows the error and no rows (Wagtail: every row).
    response = admin_client.get(f"/admin/reports/{route}/", {name: "vielleicht"})
    assert response.status_code == 400
    assert "Bitte wählen Sie Ja oder Nein." in response.text
    assert list(response.context["object_list"]) == []


def test_a_strict_filter_still_filters(admin_client):
    from wagtail.models import Page

    draft = Page.objects.filter(depth=3).first()
    Page.objects.filter(pk=draft.pk).update(live=False, locked=True)
    Page.objects.filter(depth=2).update(locked=True)

    def titles(live):
        response = admin_client.get("/admin/reports/locked/", {"live": live, "export": "csv"})
        lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
        return {line.split(";")[0] for line in lines[1:]}

    assert titles("false") == {draft.title}
    assert draft.title not in titles("true")
    assert len(titles("")) == 2


@pytest.mark.parametrize("route", ["site-history", "aging-pages", "page-types-usage"])
def test_wagtails_reports_ask_for_admin_access_as_in_its_admin(client, route):
    anonymous = client.get(f"/admin/reports/{route}/?export=csv")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))
    client.force_login(UserFactory(username="no.admin"))  # no access to the admin
    refused = client.get(f"/admin/reports/{route}/?export=csv")
    assert refused.status_code == 302
    assert "Content-Disposition" not in refused


def test_the_page_types_report_downloads_with_german_columns(admin_client):
    from alliances.models import ServicePage
    from tests.factories import make_page

    make_page(ServicePage, title="Lesepatenschaft")
    make_page(ServicePage, title="Repair-Café")
    page = admin_client.get("/admin/reports/page-types-usage/")
    assert "export=csv" in page.text  # the download buttons
    response = admin_client.get("/admin/reports/page-types-usage/?export=csv")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Seitentyp;Anwendung;Anzahl der Seiten;Zuletzt bearbeitete Seite;Zuletzt bearbeitet am"
    )
    services = next(line.split(";") for line in lines if line.startswith("Leistung;"))
    assert services[1:4] == ["Arnsberger Allianzen", "2", "Repair-Café"]
    assert services[4]  # a German date and time, tests/alliances/test_report_german.py


@pytest.mark.parametrize(
    ("route", "wrong", "right"),
    [
        ("page-types-usage", ">Locale<", "Sprache"),
        ("aging-pages", "Zuletzt veröffentlich vor", "Zuletzt veröffentlicht vor"),
    ],
)
def test_wagtails_filter_labels_are_german_and_spelt_right(kernteam_client, route, wrong, right):
    html = kernteam_client.get(f"/admin/reports/{route}/").text
    assert right in html
    assert wrong not in html


def test_no_filter_label_of_wagtail_is_left_english_or_misspelt():
    """Every `label=_("…")` of Wagtail's filters and listing views, in German: its
    catalogue leaves "Locale" English and misspells "veröffentlich(t)"."""
    import re
    from pathlib import Path

    import wagtail
    from django.apps import apps
    from django.utils import translation

    installed = [Path(app.path) for app in apps.get_app_configs()]
    root = Path(wagtail.__file__).parent
    labels = set()
    for path in [*root.glob("**/filters.py"), *root.glob("**/views/**/*.py")]:
        in_app = any(path.is_relative_to(app) and app != root for app in installed)
        if "tests" not in path.parts and (in_app or "admin" in path.relative_to(root).parts):
            labels |= set(re.findall(r'label=_\(\s*"([^"]+)"\s*\)', path.read_text()))
    same_in_german = {"Name", "Status", "Token"}
    with translation.override("de"):
        german = {label: translation.gettext(label) for label in labels - same_in_german}
    assert "Locale" in german
    assert {label: text for label, text in german.items() if text == label} == {}
    assert [text for text in german.values() if re.search(r"veröffentlich\b", text)] == []
