"""Catalogues of competences and resources, the links of supply and demand, the free-text
migration and the demo catalogues."""

import pytest
from django.core.cache import caches
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from alliances.competences import catalogues_seed, entry_for_text
from alliances.demo import competences as offer_data
from alliances.demo.seed import seed_catalogues
from alliances.models import (
    AlliancePage,
    Competence,
    District,
    OrganisationOffer,
    Resource,
    ServicePage,
    ServiceRequirement,
)
from alliances.stages import AllianceStage
from api.handins.models import InterestSignup
from tests.factories import (
    CompetenceFactory,
    OrganisationFactory,
    ResourceFactory,
    make_page,
)

pytestmark = pytest.mark.django_db

BEFORE = [("alliances", "0015_i16_catalogues")]
AFTER = [("alliances", "0017_i16_drop_free_text")]
LONG_LINE = "Erfahrung " + "mit sehr langen Zeilen " * 8  # longer than a name may be


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_free_text_becomes_catalogue_links_and_comes_back_unchanged():
    apps = _migrate(BEFORE)
    try:
        Competence = apps.get_model("alliances", "Competence")
        ContentType = apps.get_model("contenttypes", "ContentType")
        Page = apps.get_model("wagtailcore", "Page")
        ServicePage = apps.get_model("alliances", "ServicePage")
        AlliancePage = apps.get_model("alliances", "AlliancePage")
        Membership = apps.get_model("alliances", "Membership")
        Person = apps.get_model("alliances", "Person")

        Competence.objects.create(name="Erste Hilfe", slug="erste-hilfe", synonyms="Ersthelfer")
        root = Page.objects.get(depth=1)

        def page(model, title, **fields):
            content_type, _ = ContentType.objects.get_or_create(
                app_label="alliances", model=model._meta.model_name
            )
            number = Page.objects.filter(depth=2).count() + 50
            return model.objects.create(
                title=title,
                slug=title.lower().replace(" ", "-"),
                content_type=content_type,
                path=f"{root.path}{number:04d}",
                depth=2,
                numchild=0,
                url_path=f"/{title}/",
                locale_id=root.locale_id,
                summary="",
                **fields,
            )

        service = page(
            ServicePage,
            "Besuche",
            offer="Besuche",
            required_competences="  ersthelfer \nZuhören\n\nzuhören\n" + LONG_LINE,
            required_resources="Raum mit Küche",
        )
        alliance = page(AlliancePage, "Nachbarn", purpose="Helfen")
        person = Person.objects.create(first_name="Eva", last_name="Ernst")
        Membership.objects.create(
            alliance=alliance,
            person=person,
            competences_text="Zuhören\nArabisch",
            resources_text="Transporter",
        )

        apps = _migrate(AFTER)
        Competence = apps.get_model("alliances", "Competence")
        Requirement = apps.get_model("alliances", "ServiceRequirement")
        Membership = apps.get_model("alliances", "Membership")
        requirements = list(
            Requirement.objects.filter(service_id=service.pk).order_by("sort_order")
        )
        named = [(r.competence or r.resource).name for r in requirements]
        # Matched by synonym, case and spaces aside; "zuhören" twice is one requirement.
        assert named == ["Erste Hilfe", "Zuhören", LONG_LINE.strip()[:120], "Raum mit Küche"]
        assert all(r.essential and r.quantity == 1 for r in requirements)
        review = Competence.objects.filter(needs_review=True)
        assert sorted(c.name for c in review) == sorted(
            ["Zuhören", LONG_LINE.strip()[:120], "Arabisch"]
        )
        # Not a word lost: the whole long line is kept with the entry.
        assert review.get(name=LONG_LINE.strip()[:120]).description.endswith(LONG_LINE.strip())
        assert not Competence.objects.get(name="Erste Hilfe").needs_review
        membership = Membership.objects.get(alliance_id=alliance.pk)
        assert sorted(c.name for c in membership.competences.all()) == ["Arabisch", "Zuhören"]
        assert [r.name for r in membership.resources.all()] == ["Transporter"]

        apps = _migrate(BEFORE)
        ServicePage = apps.get_model("alliances", "ServicePage")
        Membership = apps.get_model("alliances", "Membership")
        service = ServicePage.objects.get(pk=service.pk)
        assert service.required_competences.splitlines() == [
            "Erste Hilfe",
            "Zuhören",
            LONG_LINE.strip(),
        ]
        assert service.required_resources == "Raum mit Küche"
        membership = Membership.objects.get(alliance_id=alliance.pk)
        assert sorted(membership.competences_text.splitlines()) == ["Arabisch", "Zuhören"]
        assert membership.resources_text == "Transporter"
        assert not apps.get_model("alliances", "ServiceRequirement").objects.exists()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_free_text_matches_names_and_synonyms_else_an_entry_to_review():
    first_aid = CompetenceFactory(name="Erste Hilfe", synonyms="Ersthelfer\nErste-Hilfe-Kurs")
    assert entry_for_text(Competence, "erste  hilfe") == first_aid
    assert entry_for_text(Competence, "Erste Hilfe Kurs") == first_aid
    new = entry_for_text(Competence, "Schach")
    assert (new.name, new.slug, new.needs_review) == ("Schach", "schach", True)
    assert entry_for_text(Competence, "SCHACH") == new


def test_demo_catalogues_are_seeded_once_and_adopt_entries_made_for_review():
    review = Competence.objects.create(name="Geduld", slug="geduld", needs_review=True)
    edited = Resource.objects.create(name="Werkzeug", slug="werkzeug", description="Eigene")
    refs = seed_catalogues()
    counts = (Competence.objects.count(), Resource.objects.count())
    assert counts == (len(offer_data.COMPETENCES), len(offer_data.RESOURCES))
    assert len(offer_data.COMPETENCES) >= 40 and len(offer_data.RESOURCES) >= 20
    review.refresh_from_db()  # "Geduld" is a synonym of a demo entry: that entry it becomes
    assert (review.name, review.needs_review) == ("Zuhören und Gesprächsführung", False)
    edited.refresh_from_db()  # the Kernteam's own text stays
    assert edited.description == "Eigene"
    assert refs["offerable"]["competence"]["Arabisch"].category == "language"

    seed_catalogues()
    assert (Competence.objects.count(), Resource.objects.count()) == counts
    assert OrganisationOffer.objects.filter(note="samstags", resource__name="Transporter").exists()


def test_the_fifteen_districts_know_their_neighbours_both_ways():
    catalogues_seed(competences=[], resources=[], neighbours=offer_data.NEIGHBOURS)
    assert District.objects.count() == 0  # nothing to link without districts
    seed_catalogues()
    assert District.objects.count() == 15
    neheim = District.objects.get(name="Neheim")
    assert set(neheim.neighbours.values_list("name", flat=True)) == {
        "Voßwinkel",
        "Bachum",
        "Hüsten",
        "Holzen",
    }
    assert neheim in District.objects.get(name="Holzen").neighbours.all()
    assert all(d.neighbours.exists() for d in District.objects.all())


def test_a_requirement_or_offer_names_exactly_one_competence_or_resource():
    service = make_page(ServicePage)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequirement.objects.create(service=service)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequirement.objects.create(
            service=service, competence=CompetenceFactory(), resource=ResourceFactory()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequirement.objects.create(
            service=service, competence=CompetenceFactory(), quantity=0
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationOffer.objects.create(organisation=OrganisationFactory())
    assert ServicePage.objects.count() == 1


def test_kernteam_edits_the_catalogue_and_offers_in_german(kernteam_client):
    CompetenceFactory(name="Arabisch", category="language", needs_review=True)
    listing = kernteam_client.get(reverse("wagtailsnippets_alliances_competence:list"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Kompetenzen" in text and "Sprachen" in text and "Prüfen" in text

    transporter = ResourceFactory(name="Transporter")
    organisation = OrganisationFactory(name="Stadtwerke")
    url = reverse("wagtailsnippets_alliances_organisation:edit", args=[organisation.pk])
    form = kernteam_client.get(url).content.decode()
    assert "Was die Organisation anbietet" in form
    from wagtail.test.utils.form_data import querydict_from_html

    data = querydict_from_html(form, form_id="w-editor-form")
    data.update(
        {
            "offers-TOTAL_FORMS": "1",
            "offers-0-resource": str(transporter.pk),
            "offers-0-competence": "",
            "offers-0-note": "samstags",
            "offers-0-ORDER": "1",
            "offers-0-id": "",
            "offers-0-DELETE": "",
        }
    )
    assert kernteam_client.post(url, data).status_code == 302
    assert [str(o) for o in organisation.offers.all()] == ["Transporter, samstags"]


@pytest.fixture
def _fresh_throttle():
    for cache in caches.all():
        cache.clear()


def test_a_sign_up_says_what_the_person_offers(client, _fresh_throttle):
    alliance = make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    CompetenceFactory(name="Vorlesen", slug="vorlesen")
    ResourceFactory(name="Bücher", slug="buecher")
    url = f"/api/v1/alliances/{alliance.slug}/interest/"
    data = {"name": "Jan", "email": "jan@privat.example.org", "consent": True}
    response = client.post(
        url,
        {**data, "competences": ["vorlesen", "vorlesen"], "resources": ["buecher"]},
        content_type="application/json",
    )
    assert response.status_code == 202
    signup = InterestSignup.objects.get()
    assert [c.slug for c in signup.offered_competences.all()] == ["vorlesen"]
    assert [r.slug for r in signup.offered_resources.all()] == ["buecher"]

    bad = client.post(
        url, {**data, "competences": ["gibt-es-nicht"]}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "competences" in bad.text
