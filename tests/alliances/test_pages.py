import pytest
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from alliances.models import (
    AllianceIndexPage,
    AlliancePage,
    NeedIndexPage,
    NeedPage,
    OpportunityIndexPage,
    OpportunityPage,
    ServiceIndexPage,
    ServicePage,
)
from cms.models import HomePage
from tests.factories import (
    CompetenceFactory,
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    StandardFactory,
    TopicFactory,
    make_page,
)
from tests.factories.api import PUBLIC_STAGE, set_stage

pytestmark = pytest.mark.django_db

PARENTS = {
    NeedPage: NeedIndexPage,
    OpportunityPage: OpportunityIndexPage,
    ServicePage: ServiceIndexPage,
    AlliancePage: AllianceIndexPage,
}


@pytest.mark.parametrize("model", list(PARENTS))
def test_page_type_only_under_its_index(model):
    home = HomePage.objects.get()
    for index_model in PARENTS.values():
        index = index_model.objects.get()
        assert model.can_create_at(index) is (index_model is PARENTS[model])
    assert not model.can_create_at(home)
    assert not model.can_create_at(Page.get_first_root_node())


def test_index_pages_only_under_home():
    home = HomePage.objects.get()
    for index_model in PARENTS.values():
        assert index_model.can_exist_under(home)
        assert not index_model.can_exist_under(AllianceIndexPage.objects.get())
        # one of each, created by the migration
        assert not index_model.can_create_at(home)


@pytest.mark.parametrize("model", list(PARENTS))
def test_page_renders_and_previews(client, model):
    page = make_page(model, title="Lesepaten Neheim")
    # Live, but in a non-public stage: the site's 404, while editors keep the preview.
    assert client.get(page.url).status_code == 404
    preview = page.make_preview_request()
    assert preview.status_code == 200
    assert "Lesepaten Neheim" in preview.text
    set_stage(page, PUBLIC_STAGE[model])
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Lesepaten Neheim" in response.text
    assert '<html lang="de">' in response.text


def test_index_page_lists_only_public_children(client):
    visible = make_page(AlliancePage, title="Aktive Allianz")
    AlliancePage.objects.filter(pk=visible.pk).update(stage="active")
    make_page(AlliancePage, title="Vorgeschlagene Allianz")  # proposed: not public
    draft = make_page(AlliancePage, title="Entwurf", publish=False)
    AlliancePage.objects.filter(pk=draft.pk).update(stage="active")
    response = client.get(AllianceIndexPage.objects.get().url)
    assert response.status_code == 200
    assert "Aktive Allianz" in response.text
    assert "Vorgeschlagene Allianz" not in response.text
    assert "Entwurf" not in response.text


INLINES = {
    NeedPage: ("gap_assessments", 1),
    OpportunityPage: ("gap_assessments", 1),
    ServicePage: ("item_links", 1),
    AlliancePage: ("memberships", 2),
}
TITLES = {
    NeedPage: "Wege zum Arzt",
    OpportunityPage: "Wege zum Arzt",
    ServicePage: "Besuchsdienst",
    AlliancePage: "Sprachbrücke",
}


def _post_data(form: dict) -> dict:
    """Wagtail's nested_form_data, plus the multiple-choice fields it would flatten."""
    district, topic = DistrictFactory(), TopicFactory()
    return {**nested_form_data(form), "districts": [district.pk], "topics": [topic.pk]}


def _common(title, **extra):
    return {
        "title": title,
        "slug": slugify(title),
        "summary": f"Kurzbeschreibung von {title}.",
        "body": streamfield([("paragraph", rich_text("<p>Mehr dazu.</p>"))]),
        "comments": inline_formset([]),
        "action-publish": "publish",
        **extra,
    }


def _form_for(model):
    if model in (NeedPage, OpportunityPage):
        standard = StandardFactory()
        return _common(
            TITLES[model],
            capture_channel="citizen_meeting",
            priority="3",
            gap_assessments=inline_formset(
                [
                    {
                        "standard": standard.pk,
                        "actual_value": "40",
                        "target_value": "",
                        "unit": "",
                        "measured_on": "2025-06-01",
                        "source": "Haltestellenkataster",
                    }
                ]
            ),
        )
    if model is ServicePage:
        item = make_page(NeedPage, title="Einsamkeit im Alter")
        return _common(
            TITLES[model],
            offer="Besuche",
            item_links=inline_formset([{"item": item.pk}]),
            requirements=inline_formset(
                [
                    {
                        "competence": CompetenceFactory(name="Zuhören").pk,
                        "quantity": 2,
                        "essential": "on",
                    }
                ]
            ),
        )
    service = make_page(ServicePage, title="Sprachcafé")
    return _common(
        TITLES[model],
        purpose="Deutsch im Alltag üben.",
        contact_email="sprachbruecke@allianzen.example.org",
        service_links=inline_formset([{"service": service.pk}]),
        memberships=inline_formset(
            [
                {"person": PersonFactory().pk, "organisation": "", "role": "coordinator"},
                {"person": "", "organisation": OrganisationFactory().pk, "role": "member"},
            ]
        ),
        impact_reports=inline_formset([]),
        voices=inline_formset([]),
    )


@pytest.mark.parametrize("model", list(PARENTS))
def test_redaktion_creates_and_publishes_through_the_admin(redaktion_client, model):
    parent = PARENTS[model].objects.get()
    url = reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )
    assert redaktion_client.get(url).status_code == 200
    response = redaktion_client.post(url, _post_data(_form_for(model)))
    assert response.status_code == 302, response.context["form"].errors
    page = model.objects.get(title=TITLES[model])
    assert page.live
    assert page.get_parent().pk == parent.pk
    assert page.districts.count() == 1
    inline, expected = INLINES[model]
    assert getattr(page, inline).count() == expected


def test_membership_needs_exactly_one_member(redaktion_client):
    parent = AllianceIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["alliances", "alliancepage", parent.pk])
    data = _common(
        "Ohne Mitglied",
        purpose="x",
        service_links=inline_formset([]),
        memberships=inline_formset([{"person": "", "organisation": "", "role": "member"}]),
        impact_reports=inline_formset([]),
        voices=inline_formset([]),
    )
    response = redaktion_client.post(url, _post_data(data))
    assert response.status_code == 200
    assert not AlliancePage.objects.filter(title="Ohne Mitglied").exists()
    assert "genau eine Person oder eine Organisation" in response.text


def test_home_page_shows_only_public_alliances(client):
    active = make_page(AlliancePage, title="Aktive Allianz")
    AlliancePage.objects.filter(pk=active.pk).update(stage="active")
    make_page(AlliancePage, title="Vorgeschlagene Allianz")
    draft = make_page(AlliancePage, title="Entwurf einer Allianz", publish=False)
    AlliancePage.objects.filter(pk=draft.pk).update(stage="active")
    response = client.get("/")
    assert "Aktive Allianz" in response.text
    assert "Vorgeschlagene Allianz" not in response.text
    assert "Entwurf einer Allianz" not in response.text
