"""The admin views an editor or a Kernteam member uses every day cost the same number of
queries with 20 and with 200 generated alliances: none of them grows with the programme.

The views are the benchmark's own list (bench/inprocess/admin_views.py), so what
`make bench` times at 1,000 and 10,000 alliances is what is pinned here.
"""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from alliances.demo.scale import seed_scale
from bench.inprocess.admin_views import admin_views, query_counts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = 20, 200
# A word every generated alliance's title has: the search fills its page at both sizes.
COMMON_WORD = "Allianz"
# No admin view needs more queries than this, at any size (the person form, with its
# matching panel, is the largest: 73 for the Kernteam's alliance edit view).
CEILING = 80


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def users():
    return {
        "Kernteam": UserFactory(username="kim.kernteam", groups=["Kernteam"]),
        "Redaktion": UserFactory(username="rita.redaktion", groups=["Redaktion"]),
        "admin": UserFactory(username="ada.admin", is_superuser=True, is_staff=True),
    }


def test_admin_views_cost_the_same_queries_at_20_and_200_alliances(users):
    call_command("seed_demo", stdout=io.StringIO())
    seed_scale(SMALL, progress=lambda line: None)
    views = admin_views(search_word=COMMON_WORD)
    small = {role: query_counts(_client(user), views) for role, user in users.items()}
    seed_scale(LARGE - SMALL, progress=lambda line: None)
    large = {role: query_counts(_client(user), views) for role, user in users.items()}

    for role in users:
        grown = {
            name: (small[role][name][1], large[role][name][1])
            for name in small[role]
            if small[role][name] != large[role][name]
        }
        assert not grown, (role, grown)
        heavy = {name: count for name, (_status, count) in large[role].items() if count > CEILING}
        assert not heavy, (role, heavy)
    # Every view answers the Kernteam and the superuser; editors see all but the
    # Kernteam's own (board, reports) and are refused those, not shown an error.
    for role in ("Kernteam", "admin"):
        assert {status for status, _count in large[role].values()} == {200}, large[role]
    for name, (status, _count) in large["Redaktion"].items():
        assert status in (200, 302, 403), (name, status)


def test_the_admin_root_page_lookup_reads_an_index_not_every_page():
    """Every admin page of a superuser looks up the tree's root (`depth = 1` in path
    order); cms/migrations/0010 gives it an index, so it does not scan the page table."""
    from django.db import connection, transaction
    from wagtail.models import Page

    with transaction.atomic():
        if connection.vendor == "postgresql":  # a test's few pages are cheaper to scan
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Page.get_root_nodes().explain()
    assert "cms_page_depth_path" in plan, plan
    assert "SCAN wagtailcore_page USING INDEX sqlite_autoindex" not in plan, plan
