import time
from datetime import timedelta

import pytest
from django.utils import timezone

from alliances.models import AlliancePage
from cms.tasks import publish_scheduled
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db


def test_a_scheduled_page_goes_live_and_reaches_the_api(client):
    alliance = make_public(AlliancePage, title="Lesepaten")
    alliance.unpublish()
    alliance.refresh_from_db()
    alliance.go_live_at = timezone.now() + timedelta(seconds=1)
    alliance.save_revision().publish()  # with a future go-live date: only scheduled
    assert client.get("/api/v1/alliances/").json()["count"] == 0

    time.sleep(1.2)  # the go-live moment passes
    publish_scheduled()
    alliance.refresh_from_db()
    assert alliance.live
    assert [a["title"] for a in client.get("/api/v1/alliances/").json()["results"]] == ["Lesepaten"]
