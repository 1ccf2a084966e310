"""The workflow-state invariant (docs/ARCHITECTURE.md): nothing but the runner changes the stage."""

import pytest

from alliances.models import NeedIndexPage, NeedPage
from tests.factories import make_gap, make_page
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def need_in_analysis(kernteam_user):
    need = make_page(NeedPage, title="Spielplatz Bachum")
    run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    need.refresh_from_db()
    return need


def _stage(page):
    return NeedPage.objects.values_list("stage", "assignee", "stage_changed_at").get(pk=page.pk)


def test_publishing_an_older_revision_keeps_the_stage(need_in_analysis):
    before = _stage(need_in_analysis)
    old_revision = need_in_analysis.revisions.order_by("created_at").first()
    assert old_revision.content["stage"] == "captured"
    old_revision.publish()
    assert _stage(need_in_analysis) == before


def test_reverting_to_an_older_revision_keeps_the_stage(need_in_analysis, kernteam_user):
    before = _stage(need_in_analysis)
    need_in_analysis.title = "Neuer Titel"
    need_in_analysis.save_revision(user=kernteam_user).publish()
    old_revision = need_in_analysis.revisions.order_by("created_at").first()
    reverted = old_revision.as_object()
    assert reverted.stage == "in_analysis"  # with_content_json keeps the live value
    reverted.save_revision(user=kernteam_user).publish()
    need_in_analysis.refresh_from_db()
    assert need_in_analysis.title == "Spielplatz Bachum"
    assert _stage(need_in_analysis) == before


def test_reverting_in_the_admin_keeps_the_stage(need_in_analysis, client, post_edit_form):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(root)
    before = _stage(need_in_analysis)
    old_revision = need_in_analysis.revisions.order_by("created_at").first()
    response = client.get(f"/admin/pages/{need_in_analysis.pk}/revisions/{old_revision.pk}/revert/")
    assert response.status_code == 200
    response = post_edit_form(client, need_in_analysis, publish=True, title="Zurückgesetzt")
    assert response.status_code == 302
    need_in_analysis.refresh_from_db()
    assert need_in_analysis.title == "Zurückgesetzt"
    assert _stage(need_in_analysis) == before


def test_a_copy_starts_in_the_initial_stage(need_in_analysis):
    copy = need_in_analysis.copy(
        to=NeedIndexPage.objects.get(),
        update_attrs={"title": "Kopie", "slug": "kopie"},
        keep_live=True,
    )
    copy = NeedPage.objects.get(pk=copy.pk)
    assert (copy.stage, copy.assignee, copy.stage_changed_at) == ("captured", None, None)
    assert _stage(need_in_analysis)[0] == "in_analysis"


def test_saving_a_stale_instance_keeps_the_stage_but_saves_content(kernteam_user):
    need = make_page(NeedPage)
    stale = NeedPage.objects.get(pk=need.pk)
    run_transition(need, "decline", by=kernteam_user, comment="x")
    stale.title = "Geändert"
    stale.save()
    stale.save_revision().publish()
    fresh = NeedPage.objects.get(pk=need.pk)
    assert fresh.stage == "declined"
    assert fresh.title == "Geändert"


def test_a_full_save_still_writes_child_relations_and_m2m(kernteam_user):
    from tests.factories import DistrictFactory, StandardFactory

    need = make_page(NeedPage)
    stale = NeedPage.objects.get(pk=need.pk)
    run_transition(need, "decline", by=kernteam_user, comment="x")
    district = DistrictFactory()
    stale.districts = [district]
    make_gap(stale, StandardFactory())
    stale.save()
    fresh = NeedPage.objects.get(pk=need.pk)
    assert list(fresh.districts.all()) == [district]
    assert fresh.stage == "declined"


def test_admin_edit_form_keeps_the_stage(need_in_analysis, kernteam_client, post_edit_form):
    before = _stage(need_in_analysis)
    stale_form = NeedPage.objects.get(pk=need_in_analysis.pk)  # noqa: F841 (opened before)
    run_transition(need_in_analysis, "put_on_hold", by=None, comment="Pause")
    moved = _stage(need_in_analysis)
    assert moved != before
    response = post_edit_form(
        kernteam_client, need_in_analysis, publish=True, title="Neu", stage="captured"
    )
    assert response.status_code == 302
    need_in_analysis.refresh_from_db()
    assert need_in_analysis.title == "Neu"
    assert _stage(need_in_analysis) == moved
