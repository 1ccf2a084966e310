"""Done when: a need handed in through the API shows up on the Kernteam board."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches

from alliances.models import NeedPage
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def test_a_need_handed_in_through_the_api_shows_up_on_the_kernteam_board(
    client, kernteam_user, django_capture_on_commit_callbacks
):
    for alias_cache in caches.all():
        alias_cache.clear()
    DistrictFactory(slug="neheim", name="Neheim")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/submissions/",
            {
                "kind": "need",
                "title": "Mittagstisch für Alleinstehende",
                "description": "Viele Alleinstehende in Neheim essen mittags allein.",
                "district": "neheim",
            },
            content_type="application/json",
        )
    assert response.status_code == 201
    need = NeedPage.objects.get()

    client.force_login(kernteam_user)
    board = client.get("/admin/kernteam/board/")
    assert board.status_code == 200
    soup = BeautifulSoup(board.content, "html.parser")
    card = soup.select_one(f'section[data-stage="captured"] article[data-page="{need.pk}"]')
    assert card is not None
    assert "Mittagstisch für Alleinstehende" in card.get_text(" ", strip=True)
