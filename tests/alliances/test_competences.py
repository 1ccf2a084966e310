"""Catalogues of competences and resources, the links of supply and demand, the matching of
free text and the demo catalogues."""

import pytest
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.urls import reverse

from alliances.competences import catalogues_seed
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
