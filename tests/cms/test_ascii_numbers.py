"""Numbers in addresses and forms are written in 0-9. Python's int() reads every Unicode
digit ("١" is 1) and str.isdigit() says yes to "²" (which int() then refuses: a 500).
The widget, the API's paging and dates, the site's paging, the admin's views, forms and
filters read digits 0-9 only (`cms.numbers`), and say so: "Bitte schreiben Sie Zahlen nur
mit den Ziffern 0 bis 9."."""

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from wagtail.admin.forms.models import formfield_for_dbfield

from alliances.search import paginate
from cms.localized_input import GermanDecimalField
from cms.numbers import AsciiIntegerField, AsciiPaginator, ascii_whole_number
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

OTHER_DIGITS = ["١", "١٢", "٢", "²", "１２", "߁"]  # Arabic-Indic, superscript, full-width, NKo
ROOT = Path(settings.BASE_DIR)


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_the_widget_refuses_other_digits(client, value):
    response = client.get("/embed/alliances/", {"limit": value})
    assert response.status_code == 400
    assert "<li>limit: Bitte schreiben Sie Zahlen nur mit den Ziffern 0 bis 9." in response.text


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_the_api_pages_with_digits_0_to_9_only(client, value):
    for name in ("page", "page_size"):
        response = client.get("/api/v1/alliances/", {name: value})
        assert response.status_code == 400, (name, value)
        assert name in response.json()["errors"]


def test_the_site_takes_another_page_number_for_no_number():
    results = list(range(30))
    page, notice = paginate(results, QueryDict("page=2"), 10)
    assert (page.number, notice) == (2, None)
    for value in OTHER_DIGITS:
        page, notice = paginate(results, QueryDict(urlencode({"page": value})), 10)
        assert page.number == 1, value  # as for "abc", with a notice saying so
        assert "0 bis 9" in notice, value


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_an_admin_view_finds_no_person_by_other_digits(admin_client, value):
    PersonFactory(pk=1)
    PersonFactory(pk=12)
    response = admin_client.get("/admin/invitations/new/", {"person": value})
    assert response.status_code == 404  # "²" was a 500
    assert admin_client.get("/admin/invitations/new/", {"person": "1"}).status_code == 200


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_admin_forms_read_whole_numbers_and_decimals_in_0_to_9_only(value):
    for db_field in (models.IntegerField(), models.PositiveIntegerField()):
        field = formfield_for_dbfield(db_field)
        assert isinstance(field, AsciiIntegerField)
        with pytest.raises(Exception, match="nur mit den Ziffern 0 bis 9"):
            field.clean(value)
        assert field.clean("12") == 12
    with pytest.raises(Exception, match="nur mit den Ziffern 0 bis 9"):
        GermanDecimalField().clean(value)
    assert ascii_whole_number(value) is None
    assert AsciiPaginator(range(30), 10).get_page(value).number == 1


def test_no_code_reads_a_number_with_the_unicode_digits_of_int():
    """The whole kind: an isdigit() is paired with isascii(), pages are AsciiPaginator's,
    form integers AsciiIntegerField, model choices AsciiModel(Multiple)ChoiceField."""
    offences = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.split("/")[0] not in {"cms", "alliances", "api", "workflows"}:
            continue
        if "/migrations/" in relative or relative == "cms/numbers.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ".isdigit()" in line and ".isascii()" not in line:
                offences.append(f"{relative}:{number}: {line.strip()}")
            if re.search(r"(?<!Ascii)Paginator\(|forms\.IntegerField\(", line):
                offences.append(f"{relative}:{number}: {line.strip()}")
            if re.search(r"forms\.Model(Multiple)?ChoiceField\b", line):  # ids: Ascii…
                offences.append(f"{relative}:{number}: {line.strip()}")
    assert offences == []


DIGITS_ONLY = "Bitte schreiben Sie Zahlen nur mit den Ziffern 0 bis 9."
# 1 January 2026 in Arabic-Indic, Extended Arabic-Indic and full-width digits.
OTHER_DIGIT_DATES = ["٢٠٢٦-٠١-٠١", "۲۰۲۶-۰۱-۰۱", "２０２６-０１-０１"]


@pytest.mark.parametrize("day", OTHER_DIGIT_DATES)
def test_api_dates_in_other_digits_are_refused_saying_which_digits(client, day):
    """Django's parse_date read them as 1 January 2026, silently."""
    for url, name, value in [
        ("/api/v1/alliances/", "updated_since", day),
        ("/api/v1/alliances/", "updated_since", f"{day}T10:00"),
        ("/api/v1/impact/", "period_from", day),
        ("/api/v1/impact/", "period_to", day),
    ]:
        response = client.get(url, {name: value})
        assert response.status_code == 400, (url, name, value)
        assert response.json()["errors"][name] == [DIGITS_ONLY], (url, name, value)


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_api_paging_in_other_digits_says_which_digits(client, value):
    for name in ("page", "page_size"):
        response = client.get("/api/v1/alliances/", {name: value})
        assert response.json()["errors"][name] == [DIGITS_ONLY], (name, value)


@pytest.mark.parametrize("day", OTHER_DIGIT_DATES)
def test_admin_date_filters_refuse_other_digits_saying_which(kernteam_client, day):
    for url, query in [
        ("/admin/interestsignup/", {"confirmed_at_from": day}),
        ("/admin/reports/site-history/", {"timestamp_from": day}),
        ("/admin/reports/aging-pages/", {"last_published_at": f"{day} 10:00"}),
        ("/admin/reports/site-history/", {"timestamp_from": day, "export": "csv"}),
    ]:
        response = kernteam_client.get(url, query)
        assert DIGITS_ONLY in response.text, (url, query)
        assert "Content-Disposition" not in response, (url, query)


def test_the_widget_limit_in_other_digits_says_which_digits(client):
    response = client.get("/embed/alliances/", {"limit": "١٢"})
    assert response.status_code == 400
    assert DIGITS_ONLY in response.text


@pytest.mark.parametrize("value", ["٢٠٢٦-٠١-٠١", "٠١.٠١.٢٠٢٦", "٢٠٢٦-٠١-٠١ ١٠:٠٠", "١٠:٠٠"])
def test_admin_model_forms_refuse_dates_and_times_in_other_digits(value):
    for db_field in (models.DateField(), models.DateTimeField(), models.TimeField()):
        field = formfield_for_dbfield(db_field)
        with pytest.raises(ValidationError) as refused:
            field.clean(value)
        assert refused.value.messages == [DIGITS_ONLY], (db_field, value)


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_a_model_choice_by_id_takes_digits_0_to_9_only(value):
    """Django's int() read "١" as the id 1; a form whose fields come from elsewhere (the
    filter sets) gets the same rule through refuse_other_digits_in."""
    from django import forms

    from alliances.models import District
    from cms.numbers import (
        AsciiModelChoiceField,
        AsciiModelMultipleChoiceField,
        refuse_other_digits_in,
    )

    District.objects.get_or_create(pk=1, defaults={"name": "Eins", "slug": "eins"})
    districts = District.objects.all()
    loose = [forms.ModelChoiceField(districts), forms.ModelMultipleChoiceField(districts)]
    refuse_other_digits_in(loose)
    ascii_fields = [AsciiModelChoiceField(districts), AsciiModelMultipleChoiceField(districts)]
    for field in [*loose, *ascii_fields]:
        given = [value] if isinstance(field, forms.ModelMultipleChoiceField) else value
        with pytest.raises(ValidationError) as refused:
            field.clean(given)
        assert refused.value.messages == [DIGITS_ONLY], (field, value)
        ones = ["1"] if isinstance(field, forms.ModelMultipleChoiceField) else "1"
        assert field.clean(ones)
    by_slug = AsciiModelChoiceField(districts, to_field_name="slug")  # a slug: any digit
    with pytest.raises(ValidationError) as refused:
        by_slug.clean(value)
    assert refused.value.code == "invalid_choice"


@pytest.mark.parametrize("value", ["١", "²"])
def test_admin_filters_choose_by_id_in_digits_0_to_9_only(kernteam_client, value):
    """Wagtail's and the reports' model choice filters (users, sites, districts)."""
    for url, name in [
        ("/admin/alliances_listing/", "owner"),
        ("/admin/alliances_listing/", "site"),
        ("/admin/alliances_listing/", "edited_by"),
        ("/admin/berichte/items-per-stage/", "districts"),
    ]:
        response = kernteam_client.get(url, {name: value})
        assert response.status_code == 400, (url, name)
        assert DIGITS_ONLY in response.text, (url, name)
        download = kernteam_client.get(url, {name: value, "export": "csv"})
        assert "Content-Disposition" not in download, (url, name)


def test_bulk_actions_select_rows_by_ids_in_digits_0_to_9_only(admin_client):
    """Wagtail's bulk actions read `id=١` as the page 1, and `id=²` or `id=abc` was a 500."""
    from alliances.models import NeedPage
    from tests.factories import make_page

    need = make_page(NeedPage, title="Lesecafé am Markt")
    url = "/admin/bulk/wagtailcore/page/unpublish/"
    assert admin_client.get(url, {"id": need.pk}).status_code == 200
    for value in [*OTHER_DIGITS, f"{need.pk}{OTHER_DIGITS[0]}"]:
        response = admin_client.get(url, {"id": [need.pk, value]})
        assert response.status_code == 400, value
        assert DIGITS_ONLY in response.text, value
        assert "Lesecafé am Markt" not in response.text, value
    response = admin_client.post(f"{url}?id={need.pk}&id=١", {})
    assert response.status_code == 400
    assert NeedPage.objects.get(pk=need.pk).live
    refused = admin_client.get(url, {"id": "abc"})
    assert refused.status_code == 400
    assert "Die ausgewählten Zeilen werden mit ihren Nummern angegeben." in refused.text
