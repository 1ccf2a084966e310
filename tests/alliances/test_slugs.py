"""One slug policy (cms/slugs.py): admin, import and hand-ins make the same slug of a title."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from alliances.models import AlliancePage, NeedIndexPage, NeedPage
from alliances.stages import AllianceStage
from cms.slugs import slug_for
from tests.factories import DistrictFactory, make_page

pytestmark = pytest.mark.django_db

TITLES = {
    "Straßenfest in Hüsten": "straßenfest-in-hüsten",
    "Бабушкин двор": "бабушкин-двор",
    "Jung & Alt: Café „Über uns“": "jung-alt-café-über-uns",
    "مقهى الجيران": "مقهى-الجيران",
}


def test_the_policy_keeps_letters_of_every_script():
    for title, slug in TITLES.items():
        assert slug_for(title, fallback="need") == slug
    assert slug_for("!!! ???", fallback="need") == "need"


def test_wagtail_makes_the_same_slug_when_the_admin_leaves_it_empty():
    parent = NeedIndexPage.objects.get()
    for title, slug in TITLES.items():
        page = NeedPage(title=title, summary="x")
        parent.add_child(instance=page)  # Page.full_clean fills an empty slug
        assert page.slug == slug


def test_import_and_hand_in_make_the_policys_slugs(client, tmp_path):
    DistrictFactory(slug="neheim", name="Neheim")
    path = tmp_path / "titel.csv"
    rows = ["kind;title;summary;slug"]
    rows += [f"need;{title};Aus der Umfrage.;" for title in TITLES]
    rows.append("need;Eigener Kurzname;Aus der Umfrage.;grüße-aus-oeventrop")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    call_command("import_items", str(path))
    imported = set(NeedPage.objects.values_list("slug", flat=True))
    assert imported == {*TITLES.values(), "grüße-aus-oeventrop"}

    cache.clear()
    for title in TITLES:
        response = client.post(
            "/api/v1/submissions/",
            {
                "kind": "need",
                "title": title,
                "description": "Über die Partner-Schnittstelle.",
                "district": "neheim",
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
    handed_in = set(NeedPage.objects.values_list("slug", flat=True)) - imported
    assert handed_in == {f"{slug}-2" for slug in TITLES.values()}  # numbered, as in the import


def test_an_alliance_with_a_unicode_slug_takes_sign_ups(client):
    cache.clear()
    alliance = make_page(
        AlliancePage, title="Straßenfest in Hüsten", stage=AllianceStage.ACTIVE,
        contact_email="fest@allianzen.example.org",
    )  # fmt: skip
    assert alliance.slug == "straßenfest-in-hüsten"
    response = client.post(
        f"/api/v1/alliances/{alliance.slug}/interest/",
        {"name": "Jan", "email": "jan@privat.example.org", "consent": True},
        content_type="application/json",
    )
    assert response.status_code == 202
