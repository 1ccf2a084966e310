"""Break test: every form a citizen sends on the public site refuses input that is not
UTF-8 text (Django would store replacement characters) and a single-value field sent
twice (Django would keep the last value), as a German form error; nothing is stored."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

from alliances.models import ItemPage, Person
from api.alerts.models import AlertSubscription
from api.handins.models import InterestSignup
from cms.withdrawal import token_for
from tests.factories import DistrictFactory, PersonFactory, TopicFactory, make_survey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

FORM = "application/x-www-form-urlencoded"
NOT_UTF8 = "%ff%fe%fd%fc%fb"
FIELD_ERROR = "Dieses Feld enthält Zeichen, die nicht als UTF-8 gesendet wurden."
FORM_ERROR = "Das Formular enthielt Zeichen, die nicht als UTF-8 gesendet wurden"
REPEATED = "Dieses Feld wurde mehrfach gesendet, nimmt aber nur einen Wert an."


@pytest.fixture
def catalogue():
    DistrictFactory(slug="huesten", name="Hüsten")
    TopicFactory(slug="umwelt", name="Umwelt")


REPORT = {
    "kind": "need",
    "title": "Kein Schatten am Spielplatz",
    "description": "Am Spielplatz in Hüsten gibt es im Sommer keinen Schatten.",
    "district": "huesten",
}
JOIN = {"name": "Jan Jung", "email": "jan@privat.example.org", "consent": "on"}
ALERT = {"email": "jan@privat.example.org", "districts": "huesten", "consent": "on"}


def raw_post(client, path, fields: dict, extra: str = "", **headers):
    """A urlencoded POST whose body ends in `extra`, percent escapes kept as they are."""
    body = "&".join(part for part in (urlencode(fields), extra) if part)
    return client.post(path, body, content_type=headers.pop("content_type", FORM), **headers)


def without(fields: dict, name: str) -> dict:
    return {key: value for key, value in fields.items() if key != name}


def summary(html: str) -> str:
    return html.split('<div class="error-summary"', 1)[1].split("</div>", 1)[0]


def test_a_report_with_a_title_that_is_not_utf8_is_a_field_error_and_stores_nothing(
    client, catalogue
):
    response = raw_post(client, "/mitmachen/melden/", without(REPORT, "title"), f"title={NOT_UTF8}")
    assert response.status_code == 400
    assert f'<a href="#id_title">Titel: {FIELD_ERROR}' in summary(response.text)
    assert not ItemPage.objects.exists()


def test_raw_bytes_and_a_multipart_body_are_refused_too(client, catalogue):
    body = urlencode(without(REPORT, "description")).encode() + b"&description=" + b"\xfc" * 30
    response = client.post("/mitmachen/melden/", body, content_type=FORM)
    assert response.status_code == 400 and FIELD_ERROR in response.text
    boundary = "grenze"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + (value.encode() if isinstance(value, str) else value)
        + b"\r\n"
        for name, value in {**REPORT, "title": b"Schatten \xff\xfe am Platz"}.items()
    ]
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    response = client.post(
        "/mitmachen/melden/", body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 400
    assert f'<a href="#id_title">Titel: {FIELD_ERROR}' in summary(response.text)
    assert not ItemPage.objects.exists()


def test_a_typed_replacement_character_is_text(client, catalogue):
    """The raw body decides, not a U+FFFD in the value: one typed (UTF-8 EF BF BD) is
    text and is stored."""
    title = {"title": "Schatten \ufffd am Platz"}
    assert raw_post(client, "/mitmachen/melden/", {**REPORT, **title}).status_code == 302
    assert ItemPage.objects.get().title == "Schatten \ufffd am Platz"


def test_input_that_is_not_utf8_under_a_name_the_form_lacks_is_a_form_error(client, catalogue):
    response = raw_post(client, "/mitmachen/melden/", REPORT, f"x%ff={NOT_UTF8}")
    assert response.status_code == 400
    assert FORM_ERROR in summary(response.text)
    assert not ItemPage.objects.exists()


def test_sign_up_and_alerts_refuse_input_that_is_not_utf8(client, catalogue, alliance):
    url = f"/mitmachen/allianz/{alliance.slug}/"
    response = raw_post(client, url, without(JOIN, "name"), f"name=Jan{NOT_UTF8}")
    assert response.status_code == 400
    assert f'<a href="#id_name">Ihr Name: {FIELD_ERROR}' in summary(response.text)
    response = raw_post(client, "/mitmachen/benachrichtigungen/", ALERT, f"x={NOT_UTF8}")
    assert response.status_code == 400 and FORM_ERROR in summary(response.text)
    assert not InterestSignup.objects.exists() and not AlertSubscription.objects.exists()


def test_a_single_value_field_sent_twice_is_a_german_error_naming_it(client, catalogue, alliance):
    response = raw_post(client, "/mitmachen/melden/", REPORT, "kind=opportunity")
    assert response.status_code == 400
    assert f'<a href="#id_kind_0">Was möchten Sie melden?: {REPEATED}' in summary(response.text)
    response = raw_post(client, "/mitmachen/melden/", REPORT, "title=Noch+ein+Titel")
    assert f'<a href="#id_title">Titel: {REPEATED}' in summary(response.text)
    assert not ItemPage.objects.exists()

    url = f"/mitmachen/allianz/{alliance.slug}/"
    response = raw_post(client, url, JOIN, "email=anders@privat.example.org")
    assert response.status_code == 400
    assert f'<a href="#id_email">Ihre E-Mail-Adresse: {REPEATED}' in summary(response.text)
    response = raw_post(client, "/mitmachen/benachrichtigungen/", ALERT, "consent=on")
    assert response.status_code == 400 and REPEATED in summary(response.text)
    assert not InterestSignup.objects.exists() and not AlertSubscription.objects.exists()


@pytest.mark.parametrize(
    ("fields", "extra", "anchor", "label"),
    [
        ({**REPORT, "kind": "x"}, "kind=x", "id_kind_0", "Was möchten Sie melden?"),
        (REPORT, "kind=need", "id_kind_0", "Was möchten Sie melden?"),
        (REPORT, "district=atlantis", "id_district", "Stadtteil"),
        ({**REPORT, "district": "atlantis"}, "district=atlantis", "id_district", "Stadtteil"),
        ({**REPORT, "title": "x"}, "title=x", "id_title", "Titel"),
    ],
)
def test_a_repeated_field_has_that_one_error_only(client, catalogue, fields, extra, anchor, label):
    """The field's own check saw only the last of the values (Django's pick): an error of
    it beside "sent more than once" was a second error about a value nobody chose."""
    response = raw_post(client, "/mitmachen/melden/", fields, extra)
    assert response.status_code == 400
    errors = summary(response.text).count("<li>")
    assert errors == 1, summary(response.text)
    assert f'<a href="#{anchor}">{label}: {REPEATED}' in summary(response.text)
    assert response.text.count(REPEATED) == 2  # the summary and the field's place
    assert not ItemPage.objects.exists()


@pytest.fixture
def survey():
    """A capture form page (its district a choice) and a complete set of answers."""
    DistrictFactory(slug="neheim", name="Neheim")
    answers = {
        "was_fehlt": "Bank an der Bushaltestelle",
        "beschreiben_sie_es": "Ältere Menschen warten lange und können nirgends sitzen.",
        "stadtteil": "Neheim",
    }
    return make_survey(), answers


def test_a_repeated_choice_of_a_capture_form_page_has_one_error(survey):
    survey, answers = survey
    answers = {**answers, "stadtteil": "Atlantis"}
    response = raw_post(Client(), survey.url, answers, "stadtteil=Atlantis")
    assert summary(response.text).count("<li>") == 1
    assert REPEATED in summary(response.text)
    assert not FormSubmission.objects.exists()


def test_checkbox_lists_may_repeat(client, catalogue):
    TopicFactory(slug="jugend", name="Jugend")
    extra = "topics=umwelt&topics=jugend&districts=huesten"
    response = raw_post(client, "/mitmachen/benachrichtigungen/", ALERT, extra)
    assert response.status_code == 302
    assert AlertSubscription.objects.count() == 1


def test_a_capture_form_page_refuses_both_and_shows_the_error(client, survey):
    survey, answers = survey
    response = raw_post(client, survey.url, without(answers, "was_fehlt"), f"was_fehlt={NOT_UTF8}")
    assert response.status_code == 200
    assert FIELD_ERROR in summary(response.text)
    response = raw_post(client, survey.url, answers, "stadtteil=H%C3%BCsten")
    assert REPEATED in summary(response.text)
    assert not FormSubmission.objects.exists() and not ItemPage.objects.exists()
    assert raw_post(client, survey.url, answers).status_code == 303


def test_forms_without_fields_of_their_own_get_the_german_400_page(client):
    """A button (withdrawal, confirmations) reads no field: input that is not text never
    reaches it, whatever the CSRF state."""
    person = PersonFactory(email="anna@privat.example.org", public_name_consent=True)
    url = f"/widerruf/{token_for('anna@privat.example.org')}/"
    response = raw_post(Client(enforce_csrf_checks=True), url, {}, f"x={NOT_UTF8}")
    assert response.status_code == 400
    assert FORM_ERROR in response.text
    assert Person.objects.get(pk=person.pk).consents.active().exists()
    assert raw_post(client, url, {}, "List-Unsubscribe=One-Click").status_code == 200


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/mitmachen/melden/", "/admin/login/"])
def test_a_form_declared_in_another_charset_is_a_german_400_even_with_debug(
    client, catalogue, settings, path, debug
):
    """Django refuses a urlencoded body in another charset each time the POST is read;
    with DEBUG (`make run`) its error page read it again and answered 500."""
    settings.DEBUG = debug
    client.raise_request_exception = False
    response = raw_post(client, path, REPORT, content_type=f"{FORM}; charset=latin-1")
    assert response.status_code == 400
    assert "in einer anderen Kodierung als UTF-8 gesendet" in response.text
    assert not ItemPage.objects.exists()
    utf8 = raw_post(client, "/mitmachen/melden/", REPORT, content_type=f"{FORM}; charset=UTF-8")
    assert utf8.status_code == 302


ADDRESS_SENTENCE = "Die Adresse enthält etwas"


def test_the_charset_400_speaks_of_the_charset_only(client, catalogue):
    response = raw_post(
        client, "/mitmachen/melden/", REPORT, content_type=f"{FORM}; charset=latin-1"
    )
    assert response.status_code == 400
    assert "in einer anderen Kodierung als UTF-8 gesendet" in response.text
    assert ADDRESS_SENTENCE not in response.text
    # The address's sentence stays where the address is at fault (a NUL character).
    assert ADDRESS_SENTENCE in client.get("/allianzen/?q=%00").text


@pytest.mark.parametrize("charset", ["us-ascii", "ascii", "US-ASCII", "utf8"])
def test_a_form_declared_in_us_ascii_is_read_as_the_utf8_it_is(client, catalogue, charset):
    ascii_only = {**REPORT, "description": "Am Spielplatz gibt es im Sommer keinen Schatten."}
    response = raw_post(
        client, "/mitmachen/melden/", ascii_only, content_type=f"{FORM}; charset={charset}"
    )
    assert response.status_code == 302, response.content
    assert ItemPage.objects.get().title == REPORT["title"]


def test_a_form_declared_in_us_ascii_with_other_bytes_is_a_field_error(client, catalogue):
    """Hüsten's ü (c3 bc) is no ASCII: the body does not hold what it declares."""
    fields = without(REPORT, "title")
    response = raw_post(
        client,
        "/mitmachen/melden/",
        fields,
        "title=H%C3%BCsten+im+Schatten",
        content_type=f"{FORM}; charset=us-ascii",
    )
    assert response.status_code == 400
    assert FIELD_ERROR in response.text
    assert not ItemPage.objects.exists()


def test_the_admin_refuses_a_urlencoded_body_that_is_not_utf8(admin_client):
    """As on the site: Django would decode it with replacement characters and store them."""
    from alliances.models import District

    response = raw_post(
        admin_client, "/admin/snippets/alliances/district/add/", {}, f"name={NOT_UTF8}&slug=x"
    )
    assert response.status_code == 400
    assert FORM_ERROR in response.text
    assert ADDRESS_SENTENCE not in response.text
    assert not District.objects.filter(slug="x").exists()
    response = raw_post(
        admin_client,
        "/admin/snippets/alliances/district/add/",
        {"name": "Ödingen", "slug": "oedingen"},
        content_type=f"{FORM}; charset=us-ascii",
    )
    assert response.status_code == 400  # the Ö is no ASCII
    response = raw_post(
        admin_client,
        "/admin/snippets/alliances/district/add/",
        {"name": "Ödingen", "slug": "oedingen"},
    )
    assert response.status_code == 302
    assert District.objects.get(slug="oedingen").name == "Ödingen"
