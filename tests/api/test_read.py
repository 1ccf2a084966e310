import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from alliances.models import AlliancePage, NeedPage, OpportunityPage, ServicePage
from api.pagination import ApiPagination
from tests.factories import (
    AgeGroupFactory,
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    TopicFactory,
    add_member,
    needs,
)
from tests.factories.api import link_item, link_service, make_public

pytestmark = pytest.mark.django_db

RESOURCES = {
    "alliances": AlliancePage,
    "services": ServicePage,
    "needs": NeedPage,
    "opportunities": OpportunityPage,
}


@pytest.mark.parametrize(("resource", "model"), RESOURCES.items())
def test_list_entry_carries_a_card(client, resource, model):
    district = DistrictFactory(name="Neheim", slug="neheim")
    topic = TopicFactory(name="Bildung", slug="bildung")
    page = make_public(model, title="Lesepaten Neheim", summary="Vorlesen in Kitas.")
    page.districts.set([district])
    page.topics.set([topic])
    page.save_revision().publish()

    response = client.get(f"/api/v1/{resource}/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["next"] is None
    assert body["previous"] is None
    card = body["results"][0]
    assert card["slug"] == page.slug
    assert card["title"] == "Lesepaten Neheim"
    assert card["summary"] == "Vorlesen in Kitas."
    assert card["districts"] == [{"slug": "neheim", "name": "Neheim"}]
    assert card["topics"] == [{"slug": "bildung", "name": "Bildung"}]
    assert card["age_groups"] == []
    assert card["image"] is None
    assert card["url"].endswith(page.url)
    assert card["api_url"] == f"http://testserver/api/v1/{resource}/{page.slug}/"
    assert card["updated_at"]
    assert set(card["stage"]) == {"value", "label", "label_de", "label_en"}
    assert card["stage"]["label"] == card["stage"]["label_en"]


def test_stage_label_follows_accept_language(client):
    make_public(AlliancePage)
    german = client.get("/api/v1/alliances/", HTTP_ACCEPT_LANGUAGE="de").json()
    english = client.get("/api/v1/alliances/", HTTP_ACCEPT_LANGUAGE="en").json()
    stage = {"value": "active", "label_de": "Aktiv", "label_en": "Active"}
    assert german["results"][0]["stage"] == {**stage, "label": "Aktiv"}
    assert english["results"][0]["stage"] == {**stage, "label": "Active"}


def test_alliance_detail(client):
    kids = AgeGroupFactory(name="Kinder", slug="kinder", sort_order=1)
    seniors = AgeGroupFactory(name="Senioren", slug="senioren", sort_order=4)
    alliance = make_public(
        AlliancePage,
        title="Lesepaten",
        purpose="Kinder lesen lernen.",
        how_to_join="Einfach vorbeikommen.",
        contact_email="lesepaten@example.org",
        meeting_place="Stadtbücherei",
    )
    service = make_public(ServicePage, title="Vorlesen")
    need = make_public(NeedPage, title="Leseförderung")
    link_service(alliance, service)
    link_item(service, need)
    club = OrganisationFactory(name="Bürgerverein Neheim", slug="bv-neheim")
    add_member(alliance, organisation=club)
    add_member(
        alliance,
        person=PersonFactory(
            first_name="Erna", last_name="Muster", age_group=seniors, public_name_consent=True
        ),
    )
    add_member(alliance, person=PersonFactory(first_name="Geheim", age_group=kids))
    add_member(alliance, person=PersonFactory(first_name="Auch", age_group=kids))

    response = client.get(f"/api/v1/alliances/{alliance.slug}/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 200
    data = response.json()
    assert data["purpose"] == "Kinder lesen lernen."
    assert data["how_to_join"] == "Einfach vorbeikommen."
    assert data["contact"]["email"] == "lesepaten@example.org"
    assert data["contact"]["meeting_place"] == "Stadtbücherei"
    assert [s["slug"] for s in data["services"]] == [service.slug]
    organisations = data["members"]["organisations"]
    assert organisations[0]["name"] == "Bürgerverein Neheim"
    assert organisations[0]["kind"]["value"] == "association"
    assert organisations[0]["website"] == "https://verein.example.org"
    assert organisations[0]["logo"] is None
    assert data["members"]["citizens"] == {
        "count": 3,
        "named": [{"name": "Erna Muster"}],
        "by_age_group": [
            {"slug": "kinder", "name": "Kinder", "count": 2},
            {"slug": "senioren", "name": "Senioren", "count": 1},
        ],
    }
    assert "Geheim" not in response.text
    assert data["body_html"] == ""


def test_service_and_need_detail_link_each_other(client):
    service = make_public(ServicePage, title="Vorlesen", requirements=needs("Geduld", "Lesen"))
    need = make_public(NeedPage, title="Leseförderung")
    opportunity = make_public(OpportunityPage, title="Leerstand")
    alliance = make_public(AlliancePage, title="Lesepaten")
    link_item(service, need)
    link_item(service, opportunity)
    link_service(alliance, service)

    data = client.get(f"/api/v1/services/{service.slug}/").json()
    assert data["required_competences"] == ["Geduld", "Lesen"]
    assert [n["slug"] for n in data["needs"]] == [need.slug]
    assert [o["slug"] for o in data["opportunities"]] == [opportunity.slug]
    assert [a["slug"] for a in data["alliances"]] == [alliance.slug]

    need_data = client.get(f"/api/v1/needs/{need.slug}/").json()
    assert [s["slug"] for s in need_data["services"]] == [service.slug]


def test_body_is_html_with_internal_links_resolved(client):
    target = make_public(AlliancePage, title="Ziel")
    alliance = make_public(AlliancePage, title="Quelle")
    alliance.body = [
        (
            "paragraph",
            f'<p>Siehe <a linktype="page" id="{target.pk}">die andere Allianz</a>.</p>',
        )
    ]
    alliance.save_revision().publish()

    data = client.get(f"/api/v1/alliances/{alliance.slug}/").json()

    assert f'href="{target.url}"' in data["body_html"]
    assert "linktype" not in data["body_html"]


def test_catalogue_endpoints(client):
    DistrictFactory(name="Neheim", slug="neheim")
    TopicFactory(name="Bildung", slug="bildung", description="Lernen")
    AgeGroupFactory(name="Kinder", slug="kinder")
    assert {"slug": "neheim", "name": "Neheim"} in client.get("/api/v1/districts/").json()
    assert {"slug": "bildung", "name": "Bildung", "description": "Lernen"} in client.get(
        "/api/v1/topics/"
    ).json()
    assert {"slug": "kinder", "name": "Kinder"} in client.get("/api/v1/age-groups/").json()
    assert client.get("/api/v1/standards/").status_code == 200


@pytest.mark.parametrize(("resource", "model"), RESOURCES.items())
def test_list_query_count_is_constant(
    client, django_assert_num_queries, monkeypatch, resource, model
):
    district, topic, group = DistrictFactory(), TopicFactory(), AgeGroupFactory()
    image = get_image_model().objects.create(title="Foto", file=get_test_image_file())
    for n in range(3):
        page = make_public(model, title=f"Seite {n}", image=image)
        page.districts.set([district])
        page.topics.set([topic])
        page.age_groups.set([group])
        page.save_revision().publish()
    client.get(f"/api/v1/{resource}/?page_size=100")  # the first read renders what is missing
    # From the read model: a count and one page of stored representations.
    with django_assert_num_queries(2):
        small = client.get(f"/api/v1/{resource}/?page_size=1")
    with django_assert_num_queries(2):
        large = client.get(f"/api/v1/{resource}/?page_size=100")
    # A cache buster and `format` narrow nothing: the count still comes from the journal.
    monkeypatch.setattr(ApiPagination, "paginate_keys", None)  # the narrowed lists' way
    with django_assert_num_queries(2):
        busted = client.get(f"/api/v1/{resource}/?page_size=100&_=1764500000&format=json")
    assert busted.json() == large.json()
    monkeypatch.undo()
    # Each slug filter checks its values once; the filter itself is part of the two queries.
    with django_assert_num_queries(4):
        filtered = client.get(
            f"/api/v1/{resource}/", {"district": district.slug, "topic": topic.slug}
        )
    assert filtered.json()["count"] == 3
    assert len(small.json()["results"]) == 1
    assert len(large.json()["results"]) == 3
    image_data = large.json()["results"][0]["image"]
    assert image_data["alt"] == "Foto"
    assert image_data["width"] == 640
    assert image_data["url"].startswith("http://testserver/")


@pytest.mark.parametrize(("resource", "model"), RESOURCES.items())
def test_a_plain_list_shows_the_default_stage_and_order_without_a_filter_set(
    client, resource, model, monkeypatch
):
    """With neither `stage` nor `ordering` the list answers from the defaults, building no
    filter set: the same records as naming the defaults, which goes through the filters."""
    from django_filters import FilterSet

    from alliances.stages import AllianceStage
    from api.views import AllianceViewSet

    for title in ("Zeitzeugen", "Apfelernte", "Mittagstisch"):
        make_public(model, title=title)
    if model is AlliancePage:  # the one kind whose default is one stage
        make_public(model, title="Baumpflege", stage=AllianceStage.FORMING)
    built = []
    init = FilterSet.__init__
    monkeypatch.setattr(
        FilterSet, "__init__", lambda self, *a, **kw: built.append(self) or init(self, *a, **kw)
    )

    plain = client.get(f"/api/v1/{resource}/?page=1").json()
    assert built == []
    default = AllianceViewSet.filterset_class.default_stage if model is AlliancePage else "all"
    named = client.get(f"/api/v1/{resource}/?stage={default}&ordering=title").json()
    assert len(built) == 1

    titles = [card["title"] for card in plain["results"]]
    assert titles == [card["title"] for card in named["results"]]
    assert titles == ["Apfelernte", "Mittagstisch", "Zeitzeugen"]
    assert plain["count"] == named["count"] == 3
