"""Demo data follows the site's one slug policy (cms/slugs.py, README): page slugs are
Unicode as the admin makes them ("nachbarschaft-hüsten"), catalogue slugs spell the German
letters out ("huesten"); no umlaut is dropped ("husten" is a cough). A database seeded with
the former slugs is re-seeded without duplicates."""

import pytest
from django.core.management import call_command

from alliances.demo.seed import IMPACT
from alliances.districts import TILES
from alliances.models import AlliancePage, District, ImpactReport, ItemPage, Topic
from cms.slugs import catalogue_slug_for, slug_for

pytestmark = pytest.mark.django_db


def test_catalogue_slugs_spell_german_letters_out():
    assert catalogue_slug_for("Hüsten") == "huesten"
    assert catalogue_slug_for("Mobilität") == "mobilitaet"
    assert catalogue_slug_for("Voßwinkel") == "vosswinkel"
    assert catalogue_slug_for("Müschede") == "mueschede"
    assert catalogue_slug_for("!!!") == "eintrag"


def test_demo_slugs_keep_their_letters():
    call_command("seed_demo")
    assert District.objects.get(name="Hüsten").slug == "huesten"
    assert Topic.objects.get(name="Mobilität").slug == "mobilitaet"
    alliance = AlliancePage.objects.get(title="Nachbarschaft Hüsten")
    assert alliance.slug == "nachbarschaft-hüsten" == slug_for(alliance.title, fallback="")
    for slug in IMPACT:  # every demo impact report found its alliance
        assert AlliancePage.objects.get(slug=slug).impact_reports.exists(), slug
    for page in [*AlliancePage.objects.all(), *ItemPage.objects.all()]:
        assert page.slug == slug_for(page.title, fallback=""), page.title
    for district in District.objects.all():
        assert district.slug == catalogue_slug_for(district.name)
        assert district.slug in TILES, district.slug  # every district on the map


def test_a_database_seeded_with_the_former_slugs_gets_no_duplicates():
    call_command("seed_demo")
    District.objects.filter(name="Hüsten").update(slug="husten")
    AlliancePage.objects.filter(title="Nachbarschaft Hüsten").update(slug="nachbarschaft-husten")
    counts = (District.objects.count(), AlliancePage.objects.count(), ImpactReport.objects.count())
    call_command("seed_demo")
    assert (
        District.objects.count(),
        AlliancePage.objects.count(),
        ImpactReport.objects.count(),
    ) == counts
