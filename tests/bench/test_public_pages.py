"""The public-pages section of `make bench` measures pages that exist and answer 200 (and
the site's 404 page, which answers 404)."""

import pytest

from alliances.models import AlliancePage, ImpactPage, NeedPage, OpportunityPage, ServicePage
from bench.inprocess.public_pages import public_pages
from cms.models import HomePage
from tests.factories import DistrictFactory
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db


def test_every_benchmarked_public_page_answers(client):
    DistrictFactory(slug="neheim", name="Neheim")
    HomePage.objects.get().add_child(instance=ImpactPage(title="Wirkung", slug="wirkung"))
    for model in (AlliancePage, NeedPage, OpportunityPage, ServicePage):
        make_public(model)
    pages = public_pages()
    assert len(pages) >= 15
    for name, url in pages:
        expected = 404 if name == "not found" else 200
        assert client.get(url).status_code == expected, name
