"""The API's read model: the same answers as the serializers, and never behind a change."""

import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from alliances.models import (
    AllianceIndexPage,
    AlliancePage,
    AllianceServiceLink,
    GapAssessment,
    ImpactReport,
    NeedIndexPage,
    NeedPage,
    OpportunityPage,
    ServicePage,
)
from alliances.models.consent import Consent, Purpose
from api.readmodel import read, services
from api.readmodel.models import PublicRecord
from tests.factories import (
    AgeGroupFactory,
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    StandardFactory,
    TopicFactory,
    UserFactory,
    add_member,
    make_gap,
)
from tests.factories.api import link_item, link_service, make_public, refreshed
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def response_cache(settings):
    """The response cache on, so each test also shows that changes invalidate it."""
    settings.API_RESPONSE_CACHE_TIMEOUT = 600


def _linked_world():
    district, topic, group = DistrictFactory(), TopicFactory(), AgeGroupFactory()
    image = get_image_model().objects.create(title="Foto", file=get_test_image_file())
    pages = {
        model: make_public(model, title=f"{model.__name__} Neheim", image=image)
        for model in (AlliancePage, ServicePage, NeedPage, OpportunityPage)
    }
    for page in pages.values():
        page.districts.set([district])
        page.topics.set([topic])
        page.age_groups.set([group])
        page.save_revision().publish()
    link_service(pages[AlliancePage], pages[ServicePage])
    link_item(pages[ServicePage], pages[NeedPage])
    link_item(pages[ServicePage], pages[OpportunityPage])
    add_member(pages[AlliancePage], organisation=OrganisationFactory())
    add_member(pages[AlliancePage], person=PersonFactory(age_group=group))
    refreshed(pages[AlliancePage])
    return pages


RESOURCES = {
    AlliancePage: ("alliances", "alliance"),
    ServicePage: ("services", "service"),
    NeedPage: ("needs", "need"),
    OpportunityPage: ("opportunities", "opportunity"),
}


@pytest.mark.parametrize("language", ["de", "en"])
def test_answers_are_what_the_serializers_make(client, language):
    pages = _linked_world()
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    for model, (resource, kind) in RESOURCES.items():
        spec = services.REPRESENTATIONS[kind]
        with translation.override(language):
            card = spec.list_serializer(
                spec.list_queryset().get(pk=pages[model].pk), context={"request": request}
            ).data
            detail = spec.detail_serializer(
                spec.detail_queryset().get(pk=pages[model].pk), context={"request": request}
            ).data
        listed = client.get(f"/api/v1/{resource}/", HTTP_ACCEPT_LANGUAGE=language).json()
        shown = client.get(
            f"/api/v1/{resource}/{pages[model].slug}/", HTTP_ACCEPT_LANGUAGE=language
        ).json()
        assert listed["results"] == [json.loads(json.dumps(card))]
        assert shown == json.loads(json.dumps(detail))


def test_urls_carry_the_host_of_each_request(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "api.example.org"]
    page = make_public(AlliancePage, title="Lesepaten")
    for host in ("testserver", "api.example.org"):
        card = client.get("/api/v1/alliances/", HTTP_HOST=host).json()["results"][0]
        assert card["api_url"] == f"http://{host}/api/v1/alliances/{page.slug}/"
    stored = PublicRecord.objects.get(pk=page.pk).card_de
    assert "testserver" not in stored
    assert services.ORIGIN in stored


def _titles(client, path="/api/v1/alliances/", **params):
    return [item["title"] for item in client.get(path, params).json()["results"]]


def _detail(client, page, resource="alliances"):
    return client.get(f"/api/v1/{resource}/{page.slug}/").json()


def test_publishing_and_stage_changes_show_at_once(client, response_cache):
    alliance = make_public(AlliancePage, title="Lesepaten")
    assert _titles(client) == ["Lesepaten"]
    alliance.title = "Lesepaten Neheim"
    alliance.save_revision().publish()
    assert _titles(client) == ["Lesepaten Neheim"]

    run_transition(alliance, "pause", by=UserFactory(is_superuser=True), comment="Sommer")
    assert _titles(client) == []
    assert _titles(client, stage="paused") == ["Lesepaten Neheim"]

    alliance.refresh_from_db()
    alliance.unpublish()
    assert _titles(client, stage="all") == []
    assert client.get(f"/api/v1/alliances/{alliance.slug}/").status_code == 404


def test_a_view_restriction_on_an_ancestor_hides_everything_below(client, response_cache):
    make_public(AlliancePage, title="Lesepaten")
    assert _titles(client) == ["Lesepaten"]
    restriction = PageViewRestriction.objects.create(
        page=AllianceIndexPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
    )
    assert _titles(client) == []
    restriction.delete()
    assert _titles(client) == ["Lesepaten"]


def test_a_new_slug_of_an_ancestor_changes_the_urls(client, response_cache):
    make_public(AlliancePage, title="Lesepaten")
    index = AllianceIndexPage.objects.get()
    index.slug = "buendnisse"
    index.save_revision().publish()
    card = client.get("/api/v1/alliances/").json()["results"][0]
    assert "/buendnisse/lesepaten/" in card["url"]


def test_a_new_slug_of_an_ancestor_reaches_the_details_that_list_its_pages(client, response_cache):
    """The services index gets a new slug: an alliance's detail lists its services at
    their new URLs (a break test found the old ones kept until the next full rebuild)."""
    from alliances.models import ServiceIndexPage

    alliance = make_public(AlliancePage, title="Lesepaten")
    service = make_public(ServicePage, title="Vorlesen")
    link_service(alliance, service)
    assert "/leistungen/vorlesen/" in _detail(client, alliance)["services"][0]["url"]
    index = ServiceIndexPage.objects.get()
    index.slug = "angebote"
    index.save_revision().publish()
    assert "/angebote/vorlesen/" in _detail(client, alliance)["services"][0]["url"]


def test_catalogue_and_member_edits_reach_cards_and_details(client, response_cache):
    district = DistrictFactory(name="Neheim")
    organisation = OrganisationFactory(name="Sportverein")
    person = PersonFactory(first_name="Erika", last_name="Muster")
    alliance = make_public(AlliancePage, title="Lesepaten")
    alliance.districts.set([district])
    alliance.save_revision().publish()
    add_member(alliance, organisation=organisation)
    add_member(alliance, person=person)
    refreshed(alliance)
    assert client.get("/api/v1/alliances/").json()["results"][0]["districts"][0]["name"] == (
        "Neheim"
    )
    assert _detail(client, alliance)["members"]["citizens"]["named"] == []

    district.name = "Alt-Neheim"
    district.save()
    organisation.name = "TuS Neheim"
    organisation.save()
    Consent.objects.create(person=person, purpose=Purpose.PUBLIC_NAME)

    card = client.get("/api/v1/alliances/").json()["results"][0]
    assert card["districts"][0]["name"] == "Alt-Neheim"
    members = _detail(client, alliance)["members"]
    assert [o["name"] for o in members["organisations"]] == ["TuS Neheim"]
    assert members["citizens"]["named"] == [{"name": str(person)}]


def test_an_image_edit_reaches_the_cards(client, response_cache):
    image = get_image_model().objects.create(title="Foto", file=get_test_image_file())
    make_public(AlliancePage, title="Lesepaten", image=image)
    assert client.get("/api/v1/alliances/").json()["results"][0]["image"]["alt"] == "Foto"
    image.title = "Kinder lesen vor"
    image.save()
    assert client.get("/api/v1/alliances/").json()["results"][0]["image"]["alt"] == (
        "Kinder lesen vor"
    )


def test_linked_pages_follow_their_visibility_and_links(client, response_cache):
    alliance = make_public(AlliancePage, title="Lesepaten")
    service = make_public(ServicePage, title="Vorlesen")
    link_service(alliance, service)
    assert [s["title"] for s in _detail(client, alliance)["services"]] == ["Vorlesen"]
    assert [a["title"] for a in _detail(client, service, "services")["alliances"]] == ["Lesepaten"]

    service.unpublish()
    assert _detail(client, alliance)["services"] == []
    service.save_revision().publish()
    assert [s["title"] for s in _detail(client, alliance)["services"]] == ["Vorlesen"]

    # The alliance drops the service (its inline, published): the service's detail, which
    # named the alliance when it was rendered, no longer does.
    alliance.service_links.all().delete()
    alliance.save_revision().publish()
    assert _detail(client, alliance)["services"] == []
    assert _detail(client, service, "services")["alliances"] == []


def test_a_deleted_page_leaves_the_details_that_named_it(client, response_cache):
    alliance = make_public(AlliancePage, title="Lesepaten")
    service = make_public(ServicePage, title="Vorlesen")
    link_service(alliance, service)
    assert _detail(client, alliance)["services"]
    service.delete()
    assert _detail(client, alliance)["services"] == []
    assert not PublicRecord.objects.filter(pk=service.pk).exists()


def test_a_render_racing_a_change_never_lands(client):
    alliance = make_public(AlliancePage, title="Lesepaten")
    record = PublicRecord.objects.only("page_id", "kind", "version").get(pk=alliance.pk)
    # A change commits while that render is under way …
    alliance.title = "Lesepaten Neheim"
    alliance.save_revision().publish()
    services.fill([record], detail=False)
    assert record.card_de  # the reader still gets its answer
    # … and the stale text did not overwrite the change's cleared record.
    assert PublicRecord.objects.get(pk=alliance.pk).card_de is None
    assert _titles(client) == ["Lesepaten Neheim"]


def test_representations_are_rendered_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        alliance = make_public(AlliancePage, title="Lesepaten")
    record = PublicRecord.objects.get(pk=alliance.pk)
    assert record.public
    assert json.loads(record.card_en.replace(services.ORIGIN, "http://x"))["title"] == "Lesepaten"
    assert json.loads(record.detail_de.replace(services.ORIGIN, "http://x"))["purpose"]


def test_refresh_public_records_rebuilds_the_read_model(client):
    make_public(AlliancePage, title="Lesepaten")
    make_public(ServicePage, title="Vorlesen")
    PublicRecord.objects.all().delete()
    assert _titles(client) == []

    call_command("refresh_public_records", "--no-render", stdout=io.StringIO())
    assert PublicRecord.objects.filter(public=True).count() == 2
    assert not PublicRecord.objects.filter(card_de__isnull=False).exists()

    call_command("refresh_public_records", stdout=io.StringIO())
    assert not PublicRecord.objects.filter(card_de__isnull=True, public=True).exists()
    assert not PublicRecord.objects.filter(detail_en__isnull=True, public=True).exists()
    assert _titles(client) == ["Lesepaten"]
    assert _titles(client, "/api/v1/services/") == ["Vorlesen"]


def test_pages_written_in_bulk_are_in_the_read_model(client):
    call_command("seed_demo", "--scale", "4", stdout=io.StringIO())
    public = AlliancePage.objects.publicly_visible().filter(stage="active").count()
    assert public
    assert client.get("/api/v1/alliances/").json()["count"] == public
    assert PublicRecord.objects.filter(kind="alliance").count() == AlliancePage.objects.count()


def test_cached_answers_skip_the_database_but_not_the_throttle(
    client, response_cache, settings, django_assert_num_queries
):
    make_public(AlliancePage, title="Lesepaten")
    settings.API_THROTTLE_RATES = {"anonymous": "3/hour", "partner": "100/hour"}
    ip = {"REMOTE_ADDR": "192.0.2.44"}
    first = client.get("/api/v1/alliances/", **ip)
    with django_assert_num_queries(0):
        again = client.get("/api/v1/alliances/", **ip)
        not_modified = client.get("/api/v1/alliances/", HTTP_IF_NONE_MATCH=first["ETag"], **ip)
    assert again.content == first.content
    assert not_modified.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Allow"] == first["Allow"]
    limited = client.get("/api/v1/alliances/", **ip)
    assert limited.status_code == 429
    assert limited.json()["status"] == 429


def test_a_key_is_always_checked_even_for_cached_answers(client, response_cache):
    make_public(AlliancePage, title="Lesepaten")
    assert client.get("/api/v1/alliances/").status_code == 200
    assert client.get("/api/v1/alliances/", HTTP_X_API_KEY="bogus.key").status_code == 401


def test_links_kept_by_the_alliance_reach_the_service(client):
    alliance = make_public(AlliancePage, title="Lesepaten")
    service = make_public(ServicePage, title="Vorlesen")
    assert _detail(client, service, "services")["alliances"] == []
    # As publishing the alliance with a new inline would: only the alliance is told.
    AllianceServiceLink.objects.create(alliance=alliance, service=service)
    services.page_changed([alliance.pk])
    assert [a["title"] for a in _detail(client, service, "services")["alliances"]] == ["Lesepaten"]


# Found in review ------------------------------------------------------------------------


def test_a_linked_page_that_expires_leaves_the_detail(client, monkeypatch):
    alliance = make_public(AlliancePage, title="Lesepaten")
    service = make_public(ServicePage, title="Vorlesen")
    service.expire_at = timezone.now() + timedelta(hours=1)
    service.save_revision().publish()
    link_service(alliance, service)
    assert [s["title"] for s in _detail(client, alliance)["services"]] == ["Vorlesen"]
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(f"/api/v1/services/{service.slug}/").status_code == 404
    assert _detail(client, alliance)["services"] == []


def _impact_world():
    alliance = make_public(AlliancePage, title="Lesepaten")
    service = make_public(ServicePage, title="Vorlesen")
    need = make_public(NeedPage, title="Lesen")
    link_service(alliance, service)
    link_item(service, need)
    standard = StandardFactory(title="Lesekompetenz")
    make_gap(need, standard, remeasured_value=Decimal("60"), remeasured_on=date(2025, 9, 1))
    ImpactReport.objects.create(
        alliance=alliance,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        people_reached=3,
        volunteer_hours=1,
        what_changed="Mehr Kinder lesen.",
    )
    refreshed(alliance)
    return alliance, need, standard


def _remeasured(client, alliance) -> dict:
    return _detail(client, alliance)["impact"]["reports"][0]["gaps_remeasured"][0]


def test_the_impact_block_follows_standards_and_remeasured_gaps(client):
    alliance, need, standard = _impact_world()
    assert _remeasured(client, alliance)["standard"] == "Lesekompetenz"
    assert _remeasured(client, alliance)["remeasured_value"] == "60.00"
    standard.title = "Lesekompetenz (Klasse 4)"
    standard.save()
    assert _remeasured(client, alliance)["standard"] == "Lesekompetenz (Klasse 4)"
    # The need is re-measured and published: two links away from the alliance.
    GapAssessment.objects.filter(item=need).update(remeasured_value=Decimal("70"))
    NeedPage.objects.get(pk=need.pk).save_revision().publish()
    assert _remeasured(client, alliance)["remeasured_value"] == "70.00"


def test_a_body_link_follows_the_slug_of_an_index_page(client):
    index = NeedIndexPage.objects.get()
    alliance = make_public(
        AlliancePage,
        title="Lesepaten",
        body=[("paragraph", f'<p><a linktype="page" id="{index.pk}">Bedarfe</a></p>')],
    )
    assert f"/{index.slug}/" in _detail(client, alliance)["body_html"]
    index.slug = "bedarfe-neu"
    index.save_revision().publish()
    assert "/bedarfe-neu/" in _detail(client, alliance)["body_html"]


def test_a_link_removed_while_a_detail_renders_does_not_stay(client, monkeypatch):
    alliance = make_public(AlliancePage, title="Lesepaten")
    service = make_public(ServicePage, title="Vorlesen")
    assert _detail(client, service, "services")["alliances"] == []  # rendered, names nobody
    link_service(alliance, service)
    render = services.render_details_and_cards  # details render with their cards

    def racing(kind, ids):
        rendered = render(kind, ids)
        if kind == "service":
            monkeypatch.setattr(services, "render_details_and_cards", render)
            # The alliance drops the service and publishes while the service renders: as the
            # editor's form does, in memory; publishing writes it.
            page = AlliancePage.objects.get(pk=alliance.pk)
            page.service_links = []
            page.save_revision().publish()
        return rendered

    monkeypatch.setattr(services, "render_details_and_cards", racing)
    _detail(client, service, "services")
    assert _detail(client, alliance)["services"] == []
    assert _detail(client, service, "services")["alliances"] == []


@pytest.mark.parametrize("params", [{}, {"q": "Lesepaten"}, {"district": "neheim"}])
def test_a_page_past_the_end_is_a_404_and_no_page_number_a_400(client, params):
    DistrictFactory(slug="neheim")
    make_public(AlliancePage, title="Lesepaten")
    assert client.get("/api/v1/alliances/", {**params, "page": "2"}).status_code == 404
    assert client.get("/api/v1/alliances/", {**params, "page": "last"}).status_code == 200
    # Beyond any list: a page that does not exist, like a page past the end.
    response = client.get("/api/v1/alliances/", {**params, "page": "99999999999999999999"})
    assert response.status_code == 404 and "Seite" in response.json()["detail"]
    response = client.get("/api/v1/alliances/", {**params, "page": "0"})  # no page number
    assert response.status_code == 400 and "page" in response.json()["errors"]


@pytest.mark.parametrize("model", list(RESOURCES))
def test_a_detail_is_one_query_once_rendered(client, django_assert_num_queries, model):
    pages = _linked_world()
    resource = RESOURCES[model][0]
    url = f"/api/v1/{resource}/{pages[model].slug}/"
    client.get(url)  # renders what the world's links left missing
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


def test_the_schedule_puts_right_what_a_lost_signal_left(client):
    from api.readmodel.tasks import catch_up

    kept = make_public(AlliancePage, title="Lesepaten")
    gone = make_public(AlliancePage, title="Vorlesen")
    assert _titles(client) == ["Lesepaten", "Vorlesen"]  # rendered
    # Unpublished, but the read model never heard of it (its receiver failed).
    AlliancePage.objects.filter(pk=gone.pk).update(live=False)
    assert _titles(client) == ["Lesepaten", "Vorlesen"]
    catch_up()
    assert _titles(client) == ["Lesepaten"]
    assert PublicRecord.objects.get(pk=kept.pk).card_de is not None


def test_the_written_out_detail_query_finds_what_visible_finds(monkeypatch):
    """`read.detail_record` spells `visible()` in SQL: the same record or none, for public,
    unpublished, expired, restricted pages and a slug two kinds share."""
    public = make_public(AlliancePage, title="Lesepaten")
    make_public(ServicePage, title="Lesepaten")  # the same slug, another kind
    hidden = make_public(AlliancePage, title="Zurückgezogen")
    hidden.unpublish()
    expiring = make_public(AlliancePage, title="Bald vorbei")
    expiring.expire_at = timezone.now() + timedelta(hours=1)
    expiring.save_revision().publish()
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    cases = [
        (kind, slug)
        for kind in ("alliance", "service", "need")
        for slug in (
            public.slug,
            hidden.slug,
            expiring.slug,
            "gibt-es-nicht",
        )
    ]
    for kind, slug in cases:
        expected = PublicRecord.objects.visible(kind).filter(slug=slug).first()
        found = read.detail_record(kind, slug)
        assert (found and found.pk) == (expected and expected.pk), (kind, slug)
    assert read.detail_record("alliance", public.slug).pk == public.pk
    assert read.detail_record("alliance", expiring.slug) is None
