"""Deleting a snippet that only a draft or an older revision names never breaks a page.

Membership (person, organisation) and gap assessments (standard) protect their live rows,
so a snippet can only be deleted once no live row names it; a draft or an older revision
may still name it. The edit, compare, preview and revert views must keep loading.
"""

import pytest
from django.urls import reverse

from alliances.models import AlliancePage, Membership, NeedPage
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    StandardFactory,
    UserFactory,
    make_gap,
    make_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return client


def _membership_form(*members):
    data = {
        "memberships-TOTAL_FORMS": str(len(members)),
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, (field, obj) in enumerate(members):
        data.update(
            {
                f"memberships-{index}-id": "",
                f"memberships-{index}-ORDER": str(index + 1),
                f"memberships-{index}-DELETE": "",
                f"memberships-{index}-person": "",
                f"memberships-{index}-organisation": "",
                f"memberships-{index}-{field}": str(obj.pk),
                f"memberships-{index}-role": "member",
                f"memberships-{index}-since": "",
            }
        )
    return data


def _delete_snippet(client, obj):
    meta = obj._meta
    url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:delete", args=[obj.pk])
    response = client.post(url)
    assert response.status_code == 302, response.content[:500]
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def _assert_views_load(client, page, revision):
    urls = [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, revision.pk, "latest"]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "latest"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return urls


@pytest.mark.parametrize("member_kind", ["person", "organisation"])
def test_member_deleted_after_it_was_named_in_a_draft(admin_client, post_edit_form, member_kind):
    alliance = make_page(AlliancePage)
    member = PersonFactory() if member_kind == "person" else OrganisationFactory()
    response = post_edit_form(admin_client, alliance, **_membership_form((member_kind, member)))
    assert response.status_code == 302
    alliance.refresh_from_db()
    draft = alliance.get_latest_revision()
    assert str(member.pk) in str(draft.content["memberships"])
    assert not Membership.objects.filter(alliance=alliance).exists()  # a draft only

    _delete_snippet(admin_client, member)

    _assert_views_load(admin_client, alliance, draft)
    # The page can still be edited and published; the dangling member is gone.
    response = post_edit_form(admin_client, alliance, publish=True, purpose="Weiter geht's.")
    assert response.status_code == 302
    alliance.refresh_from_db()
    assert alliance.purpose == "Weiter geht's."
    assert not alliance.memberships.exists()


def test_person_deleted_after_an_older_revision_named_them(admin_client, post_edit_form):
    alliance = make_page(AlliancePage)
    person, organisation = PersonFactory(), OrganisationFactory()
    two = _membership_form(("person", person), ("organisation", organisation))
    assert post_edit_form(admin_client, alliance, publish=True, **two).status_code == 302
    alliance.refresh_from_db()
    older = alliance.get_latest_revision()
    assert alliance.memberships.count() == 2
    membership = alliance.memberships.get(person=person)
    # Remove the person from the page (published), then delete them.
    data = _membership_form(("organisation", organisation))
    data.update(
        {
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "2",
            "memberships-0-id": str(alliance.memberships.get(organisation=organisation).pk),
            "memberships-1-id": str(membership.pk),
            "memberships-1-person": str(person.pk),
            "memberships-1-organisation": "",
            "memberships-1-ORDER": "2",
            "memberships-1-role": "member",
            "memberships-1-since": "",
            "memberships-1-DELETE": "1",
        }
    )
    response = post_edit_form(admin_client, alliance, publish=True, **data)
    assert response.status_code == 302
    assert alliance.memberships.count() == 1
    _delete_snippet(admin_client, person)

    _assert_views_load(admin_client, alliance, older)
    # Reverting to the older revision loads it without the deleted person.
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[alliance.pk, older.pk])
    assert str(person) not in admin_client.get(revert).text


def test_standard_deleted_after_an_older_revision_measured_against_it(admin_client):
    need = make_page(NeedPage)
    standard = StandardFactory()
    make_gap(need, standard)
    need.save_revision().publish()
    older = need.get_latest_revision()
    need.refresh_from_db()
    need.gap_assessments.all().delete()
    need.save_revision().publish()
    _delete_snippet(admin_client, standard)

    _assert_views_load(admin_client, need, older)


def test_every_model_with_revisions_that_can_name_a_protected_row_tolerates_its_deletion():
    """The kind, not the example: a new page type with a protected key is covered too."""
    from django.apps import apps
    from wagtail.models import RevisionMixin

    from cms.revisions import TolerantRevisionsMixin, has_protected_references

    with_revisions = [m for m in apps.get_models() if issubclass(m, RevisionMixin)]
    exposed = [m for m in with_revisions if has_protected_references(m)]
    assert AlliancePage in exposed and NeedPage in exposed
    assert [m for m in exposed if not issubclass(m, TolerantRevisionsMixin)] == []
