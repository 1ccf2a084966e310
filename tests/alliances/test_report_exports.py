"""Downloads (CSV, XLSX) of the Kernteam reports and of a capture form's entries: a file
only for a valid request. An invalid filter once exported every row (the page showed the
error), and an unknown format showed the page as if no file had been asked for."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.forms.models import FormSubmission

from alliances.models import AlliancePage, NeedPage, OpportunityPage, ServicePage, Standard
from alliances.models.capture import submissions_list_view_class
from alliances.reports.views import REPORTS
from alliances.stages import AllianceStage, ItemStage, ServiceStage
from cms.listings import CheckedListingMixin
from tests.factories import DistrictFactory, StandardFactory, make_page, make_survey

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "xlsx"]
NOT_VALID = "Es wurde keine Datei erstellt: Die Filter sind ungültig."
NO_SUCH_FORMAT = "Die Liste lässt sich als CSV oder XLSX herunterladen."


@pytest.fixture
def city():
    """Neheim: an open need and an opportunity, no active alliance (a blind spot); Rumbeck:
    an open need and an active alliance. A law and a council resolution; a defined service
    without an active alliance in each district."""
    neheim = DistrictFactory(name="Neheim", slug="neheim")
    rumbeck = DistrictFactory(name="Rumbeck", slug="rumbeck")
    for model, district, stage in [
        (NeedPage, neheim, ItemStage.IN_ANALYSIS),
        (OpportunityPage, neheim, ItemStage.IN_DEFINITION),
        (NeedPage, rumbeck, ItemStage.CAPTURED),
    ]:
        _in(district, make_page(model, stage=stage))
    _in(rumbeck, make_page(AlliancePage, title="Aktive Allianz", stage=AllianceStage.ACTIVE))
    make_page(AlliancePage, title="Werdende Allianz", stage=AllianceStage.FORMING)
    StandardFactory(title="Gesetz", kind=Standard.Kind.LAW)
    StandardFactory(title="Ratsbeschluss", kind=Standard.Kind.COUNCIL_RESOLUTION)
    for title, district in [("Leistung Neheim", neheim), ("Leistung Rumbeck", rumbeck)]:
        _in(district, make_page(ServicePage, title=title, stage=ServiceStage.DEFINED))
    return {"neheim": neheim, "rumbeck": rumbeck}


def _in(district, page):
    page.districts.set([district])
    page.save()  # a page's districts are kept with the page (modelcluster)


def _by_label(rows):
    return {row[0]: row[1] for row in rows}


# Per report: filters that are not valid, a valid filter, and what its file then holds
# (the data rows, without the header). Every report with filters is here.
CASES = {
    "items_per_stage": (
        [{"kind": "junk"}, {"districts": "999999"}, {"topics": "keine-zahl"}],
        {"kind": "opportunity"},
        lambda rows: (
            (_by_label(rows)["In Definition"], _by_label(rows)["In Analyse"]) == ("1", "0")
        ),
    ),
    "gaps_per_standard": (
        [{"kind": "junk"}],
        {"kind": Standard.Kind.LAW},
        lambda rows: [row[0] for row in rows] == ["Gesetz"],
    ),
    "district_coverage": (
        [{"blind_spots": "junk"}, {"blind_spots": "vielleicht"}],
        {"blind_spots": "true"},
        lambda rows: [row[0] for row in rows] == ["Neheim"],
    ),
    "partnership_balance": (
        [{"stage": "junk"}, {"not_mixed": "vielleicht"}],
        {"stage": AllianceStage.ACTIVE},
        lambda rows: [row[0] for row in rows] == ["Aktive Allianz"],
    ),
    "services_without_alliance": (
        [{"districts": "keine-zahl"}, {"districts": "999999"}],
        {"districts": "{neheim}"},
        lambda rows: [row[0] for row in rows] == ["Leistung Neheim"],
    ),
}


def file_rows(response, export_format) -> list[list[str]]:
    """The data rows of a downloaded file, every cell as text."""
    content = b"".join(response.streaming_content)
    if export_format == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        rows = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    return rows[1:]


def assert_no_file(response, message):
    """The page (400), no attachment, and the message why."""
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert message in response.content.decode()


def test_every_report_with_filters_has_its_cases():
    with_filters = {view.url_name for view in REPORTS if view.filterset_class}
    assert with_filters == set(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_an_invalid_filter_makes_no_file_but_the_page_with_its_error(name, city, kernteam_client):
    url = reverse(f"kernteam_reports:{name}")
    for invalid in CASES[name][0]:
        for export_format in FORMATS:
            response = kernteam_client.get(url, {**invalid, "export": export_format})
            assert_no_file(response, NOT_VALID)
            [field] = invalid
            errors = response.context["filters"].form.errors[field]
            assert errors, invalid
            assert all(escape(error) in response.content.decode() for error in errors)
        # Without a download: the page with the error (400) and no rows.
        page = kernteam_client.get(url, invalid)
        assert page.status_code == 400
        assert list(page.context["object_list"]) == []


@pytest.mark.parametrize("name", list(CASES))
def test_a_valid_filter_makes_a_filtered_file(name, city, kernteam_client):
    _invalid, valid, holds = CASES[name]
    valid = {key: value.format(neheim=city["neheim"].pk) for key, value in valid.items()}
    url = reverse(f"kernteam_reports:{name}")
    for export_format in FORMATS:
        response = kernteam_client.get(url, {**valid, "export": export_format})
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        rows = file_rows(response, export_format)
        assert holds(rows), rows
        everything = file_rows(kernteam_client.get(url, {"export": export_format}), export_format)
        assert not holds(everything), "the case's filter must narrow the file"


@pytest.mark.parametrize("view", REPORTS, ids=lambda view: view.url_name)
def test_an_unknown_format_is_a_400_naming_csv_and_xlsx(view, kernteam_client):
    url = reverse(f"kernteam_reports:{view.url_name}")
    for junk in ("pdf", "", "CSV", "xls"):
        response = kernteam_client.get(url, {"export": junk})
        assert_no_file(response, NO_SUCH_FORMAT)
        # The page still offers the two downloads.
        assert "export=xlsx" in response.content.decode()


def test_the_entries_of_a_capture_form_download_only_for_a_valid_filter(client, kernteam_client):
    DistrictFactory(slug="neheim", name="Neheim")
    survey = make_survey()
    for title in ("Bank an der Haltestelle", "Licht im Park"):
        client.post(survey.url, {"was_fehlt": title, "beschreiben_sie_es": "Es fehlt etwas."})
    old = FormSubmission.objects.get(form_data__was_fehlt="Bank an der Haltestelle")
    old.submit_time = timezone.now() - datetime.timedelta(days=30)
    old.save()
    url = f"/admin/forms/submissions/{survey.pk}/"
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    for export_format in FORMATS:
        filtered = kernteam_client.get(url, {"date_from": since, "export": export_format})
        assert filtered.status_code == 200
        # The first column is the time of the entry, the second the first question.
        assert [row[1] for row in file_rows(filtered, export_format)] == ["Licht im Park"]
        refused = kernteam_client.get(url, {"date_from": "gestern", "export": export_format})
        assert_no_file(refused, NOT_VALID)
        assert refused.context["filters"].form.errors["date"]
    assert_no_file(kernteam_client.get(url, {"export": "pdf"}), NO_SUCH_FORMAT)


def test_every_listing_of_ours_with_a_download_checks_the_request():
    """A new listing with an export goes through cms.exports like the ones above: a view
    class of ours, or a viewset of ours given `list_export`."""
    from wagtail.admin.viewsets import viewsets

    reverse("wagtailadmin_home")  # the admin's viewsets are registered with its URLs
    submissions_list_view_class()  # made on first use
    ours = {"cms", "workflows", "alliances", "api"}
    exporting_viewsets = [
        viewset
        for viewset in viewsets.viewsets
        if type(viewset).__module__.split(".")[0] in ours
        and isinstance(getattr(viewset, "list_export", None), list | tuple)
        and viewset.list_export
    ]
    assert [
        viewset
        for viewset in exporting_viewsets
        if not isinstance(viewset.index_view_class(), CheckedListingMixin)  # as made
    ] == []

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    our_views = [
        view for view in subclasses(SpreadsheetExportMixin) if view.__module__.split(".")[0] in ours
    ]
    with_download = [
        view for view in our_views if view.list_export or view.show_export_buttons is True
    ]
    assert len(with_download) >= len(REPORTS) + 1
    assert [view for view in with_download if not issubclass(view, CheckedListingMixin)] == []
