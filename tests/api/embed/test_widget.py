import pytest

from alliances.models import AlliancePage
from alliances.stages import AllianceStage
from api.embed.forms import EmbedForm, contrast
from tests.factories import AgeGroupFactory, DistrictFactory, TopicFactory, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliances():
    neheim = DistrictFactory(slug="neheim", name="Neheim")
    huesten = DistrictFactory(slug="huesten", name="Hüsten")
    bildung = TopicFactory(slug="bildung", name="Bildung")
    kinder = AgeGroupFactory(slug="kinder", name="Kinder")
    reading = make_page(AlliancePage, title="Lesepaten Neheim", stage=AllianceStage.ACTIVE)
    reading.districts.set([neheim])
    reading.topics.set([bildung])
    reading.age_groups.set([kinder])
    reading.save_revision().publish()
    garden = make_page(AlliancePage, title="Gartenallianz Hüsten", stage=AllianceStage.FORMING)
    garden.districts.set([huesten])
    garden.save_revision().publish()
    hidden = make_page(AlliancePage, title="Vorschlag Neheim", stage=AllianceStage.PROPOSED)
    hidden.districts.set([neheim])
    hidden.save_revision().publish()
    return reading, garden


def test_cards_are_filtered_like_the_api_and_only_public(client, alliances):
    body = client.get("/embed/alliances/?district=neheim").content.decode()
    assert "Lesepaten Neheim" in body
    assert "Gartenallianz" not in body
    assert "Vorschlag Neheim" not in body

    for query in ("topic=bildung", "age_group=kinder"):
        body = client.get(f"/embed/alliances/?{query}").content.decode()
        assert "Lesepaten Neheim" in body and "Gartenallianz" not in body
    body = client.get("/embed/alliances/?limit=1").content.decode()
    assert body.count('class="aa-card"') == 1


def test_the_list_takes_a_fixed_number_of_queries(client, alliances, django_assert_num_queries):
    client.get("/embed/alliances/")  # warm Wagtail's site cache
    with django_assert_num_queries(7):
        client.get("/embed/alliances/")


def test_links_open_the_public_page_at_the_top_or_in_a_new_window(client, alliances):
    reading, _ = alliances
    body = client.get("/embed/alliances/?district=neheim").content.decode()
    assert f'href="{reading.get_full_url()}" target="_top" rel="noopener noreferrer"' in body
    body = client.get("/embed/alliances/?district=neheim&links=blank").content.decode()
    assert 'target="_blank" rel="noopener noreferrer"' in body


def test_language_and_theme(client, alliances):
    english = client.get("/embed/alliances/?lang=en").content.decode()
    assert '<html lang="en">' in english and "Arnsberg Alliances" in english
    german = client.get("/embed/alliances/").content.decode()
    assert '<html lang="de">' in german and "Arnsberger Allianzen" in german
    css = client.get("/embed/theme.css?theme=dark&accent=ffcc00").content.decode()
    assert "--aa-accent: #ffcc00" in css and "--aa-bg: #161616" in css


@pytest.mark.parametrize(
    "query",
    ["accent=ffff00", "accent=red", "theme=neon", "limit=500", "district=atlantis", "lang=fr"],
)
def test_bad_parameters_are_a_400_not_a_500(client, alliances, query):
    assert client.get(f"/embed/alliances/?{query}").status_code == 400


@pytest.mark.parametrize("name", sorted(EmbedForm.base_fields))
def test_every_parameter_given_empty_is_a_german_400_naming_it(client, alliances, name):
    """`?district=` is neither every district nor a district: named, as the API names it
    (it answered the whole list)."""
    response = client.get(f"/embed/alliances/?{name}=")
    assert response.status_code == 400
    assert f"<li>{name}: Bitte geben Sie einen Wert an oder lassen Sie den Parameter weg." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("district=atlantis", "district: Bitte wählen Sie eine der angebotenen Möglichkeiten; „"),
        ("topic=atlantis", "topic: Bitte wählen Sie eine der angebotenen Möglichkeiten; „"),
        ("age_group=atlantis", "age_group: Bitte wählen Sie eine der angebotenen Möglichkeiten; „"),
        ("view=liste", "view: Bitte wählen Sie eine der angebotenen Möglichkeiten; „"),
        ("links=self", "links: Bitte wählen Sie eine der angebotenen Möglichkeiten; „"),
        ("limit=abc", "limit: Bitte geben Sie eine ganze Zahl an."),
        ("limit=0", "limit: Bitte geben Sie einen Wert von mindestens 1 an."),
        ("limit=" + "9" * 30, "limit: Bitte geben Sie einen Wert bis höchstens 50 an."),
        ("limit=" + "9" * 5000, "limit: Bitte geben Sie einen Wert bis höchstens 50 an."),
        ("limit=-" + "9" * 5000, "limit: Bitte geben Sie einen Wert von mindestens 1 an."),
        ("origin=javascript:x", "origin: "),
        ("district=neheim&district=neheim", "district: "),
        ("seite=2", "seite: "),
    ],
)
def test_unknown_or_malformed_parameters_are_a_german_400_naming_them(
    client, alliances, query, message
):
    response = client.get(f"/embed/alliances/?{query}")
    assert response.status_code == 400
    assert f"<li>{message}" in response.content.decode()


def test_the_embed_builder_still_takes_its_empty_fields(admin_client):
    response = admin_client.get(
        "/admin/embed/", {"view": "alliances", "district": "", "limit": "12", "lang": "de"}
    )
    assert response.status_code == 200


def test_accent_colours_must_keep_aa_contrast():
    assert contrast("#005a9c", "#ffffff") >= 4.5
    assert contrast("#ffff00", "#ffffff") < 4.5
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0


def test_only_the_embed_may_be_framed(client, admin_client, alliances, settings):
    embed = client.get("/embed/alliances/")
    assert "X-Frame-Options" not in embed.headers
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    site = client.get(alliances[0].url)
    assert site.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in site.headers["Content-Security-Policy"]
    admin = admin_client.get("/admin/")
    assert "frame-ancestors 'self'" in admin.headers["Content-Security-Policy"]

    settings.EMBED_FRAME_ANCESTORS = ["https://verein.example.org"]
    embed = client.get("/embed/alliances/")
    assert "frame-ancestors https://verein.example.org" in embed.headers["Content-Security-Policy"]


def test_the_parent_origin_is_passed_only_when_valid_and_allowed(client, alliances, settings):
    body = client.get("/embed/alliances/?origin=https://verein.example.org").content.decode()
    assert 'data-parent-origin="https://verein.example.org"' in body
    assert client.get("/embed/alliances/?origin=javascript:alert(1)").status_code == 400
    settings.EMBED_FRAME_ANCESTORS = ["https://schule.example.org"]
    body = client.get("/embed/alliances/?origin=https://verein.example.org").content.decode()
    assert 'data-parent-origin=""' in body


def test_the_loader_is_javascript_that_checks_the_origin(client):
    response = client.get("/embed/alliances.js")
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "event.origin !== widgetOrigin" in body
    assert "event.source !== frame.contentWindow" in body


@pytest.mark.parametrize(
    ("name", "value"), [("accent", "#٠٠٥a9c"), ("origin", "https://verein.example.org:٨٠")]
)
def test_the_widgets_digits_are_0_to_9_and_say_so(name, value):
    form = EmbedForm({name: value})
    assert not form.is_valid()
    assert form.errors[name] == ["Bitte schreiben Sie Zahlen nur mit den Ziffern 0 bis 9."]
