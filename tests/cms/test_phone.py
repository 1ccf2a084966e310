"""Phone numbers: only what DIN 5008 / E.123 numbers are made of, in the admin, the site's
form and the API; a number stored before the check still opens in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliances.models import Person
from cms.phone import validate_phone
from tests.alliances.test_persons import _no_consents
from tests.api.handins.test_submissions import URL, payload  # noqa: F401 (a fixture)
from tests.factories import PersonFactory
from tests.site.test_participation import catalogue, report  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

GERMAN = "Bitte geben Sie eine Telefonnummer aus Ziffern an"


@pytest.mark.parametrize(
    "number",
    ["02932 201-0", "+49 2932 201-0", "(02932) 2010", "0170/5550000", "+49 (0)2932 2010", "110"],
)
def test_numbers_as_people_write_them(number):
    validate_phone(number)


@pytest.mark.parametrize(
    "number", ["<script>", "abc", "0170 555 abc", "12", "0049+2932", "1" * 16, "02932;201"]
)
def test_anything_else_is_refused(number):
    with pytest.raises(ValidationError):
        validate_phone(number)


def test_the_site_form_refuses_it_in_german(client, catalogue):  # noqa: F811
    response = report(client, name="Max", phone="<script>", consent="on")
    assert response.status_code == 400
    assert GERMAN in response.text
    assert not Person.objects.exists()
    assert report(client, name="Max", phone="02932 201-0", consent="on").status_code == 302
    assert Person.objects.get().phone == "02932 201-0"


def test_the_api_refuses_it_with_the_field_named(client, payload):  # noqa: F811
    contact = {"name": "Max Muster", "phone": "abc", "consent": True}
    response = client.post(URL, {**payload, "contact": contact}, content_type="application/json")
    assert response.status_code == 400
    assert GERMAN in str(response.json()["errors"]["contact"]["phone"])
    assert not Person.objects.exists()


def test_the_admin_refuses_it_and_a_bad_stored_number_still_opens(kernteam_client):
    person = PersonFactory(phone="<script>")
    url = reverse("wagtailsnippets_alliances_person:edit", args=[person.pk])
    page = kernteam_client.get(url)
    assert page.status_code == 200
    assert 'value="&lt;script&gt;"' in page.text
    data = {"first_name": person.first_name, "last_name": person.last_name, "email": ""}
    response = kernteam_client.post(url, {**data, "phone": "abc", **_no_consents()})
    assert response.status_code == 200
    assert GERMAN in response.text
    response = kernteam_client.post(url, {**data, "phone": "02932 201-0", **_no_consents()})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "02932 201-0"


OTHER_DIGITS = "Bitte schreiben Sie Zahlen nur mit den Ziffern 0 bis 9."


@pytest.mark.parametrize("number", ["٠١٢٣٤٥٦٧", "０１７０ ５５５", "02932 ٢٠١-0", "۰۱۲۳۴"])
def test_digits_of_another_script_are_told_to_be_0_to_9(number):
    with pytest.raises(ValidationError) as raised:
        validate_phone(number)
    assert raised.value.messages == [OTHER_DIGITS]
    assert raised.value.error_list[0].code == "other_digits"


def test_the_api_says_so_for_arabic_indic_digits(client, payload):  # noqa: F811
    contact = {"name": "Max Muster", "phone": "٠١٢٣٤٥٦٧", "consent": True}
    response = client.post(URL, {**payload, "contact": contact}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["contact"]["phone"] == [OTHER_DIGITS]
    assert not Person.objects.exists()


def test_the_admin_and_the_site_form_say_so_too(kernteam_client, client, catalogue):  # noqa: F811
    person = PersonFactory(phone="")
    url = reverse("wagtailsnippets_alliances_person:edit", args=[person.pk])
    data = {"first_name": person.first_name, "last_name": person.last_name, "email": ""}
    response = kernteam_client.post(url, {**data, "phone": "٠١٢٣٤٥٦٧", **_no_consents()})
    assert response.status_code == 200
    assert OTHER_DIGITS in response.text and GERMAN not in response.text
    response = report(client, name="Max", phone="٠١٢٣٤٥٦٧", consent="on")
    assert response.status_code == 400
    assert OTHER_DIGITS in response.text and GERMAN not in response.text
