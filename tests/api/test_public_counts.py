"""A list's `count` from the read model's journal of public counts (issue 18): the same
number as counting the records, after every kind of change, folded or rebuilt."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.utils import timezone
from wagtail.models import PageViewRestriction

from alliances.models import AllianceIndexPage, AlliancePage, NeedPage, ServicePage
from api.filters import AllianceFilterSet
from api.readmodel import read, services
from api.readmodel.models import Kind, PublicCount, PublicRecord
from api.readmodel.tasks import FOLD_ABOVE, render
from tests.factories.api import make_public, set_stage

pytestmark = pytest.mark.django_db

STAGES = {
    Kind.ALLIANCE: ["forming", "active", "paused", "concluded"],
    Kind.SERVICE: ["defined", "delivered"],
    Kind.NEED: ["in_analysis", "on_hold"],
}


def assert_counts_exact():
    for kind, stages in STAGES.items():
        visible = PublicRecord.objects.visible(kind)
        assert services.public_count(kind) == visible.count(), kind
        for stage in stages:
            assert services.public_count(kind, stage) == visible.filter(stage=stage).count(), (
                kind,
                stage,
            )


def test_the_counts_follow_every_change_of_public():
    alliances = [make_public(AlliancePage, title=f"Allianz {n}") for n in range(4)]
    make_public(ServicePage, title="Vorlesen")
    need = make_public(NeedPage, title="Lesen")
    assert services.public_count(Kind.ALLIANCE, "active") == 4
    assert_counts_exact()

    set_stage(alliances[0], "paused")  # a stage change moves it between counts
    set_stage(need, "on_hold")
    assert services.public_count(Kind.ALLIANCE, "active") == 3
    assert_counts_exact()

    alliances[1].unpublish()
    assert_counts_exact()
    alliances[1].save_revision().publish()
    assert_counts_exact()

    alliances[2].delete()
    assert services.public_count(Kind.ALLIANCE) == 3
    assert_counts_exact()

    restriction = PageViewRestriction.objects.create(
        page=AllianceIndexPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
    )
    assert services.public_count(Kind.ALLIANCE) == 0
    assert_counts_exact()
    restriction.delete()
    assert services.public_count(Kind.ALLIANCE) == 3
    assert_counts_exact()


def test_an_expiry_counts_the_moment_it_passes(monkeypatch):
    page = make_public(AlliancePage, title="Lesepaten")
    page.expire_at = timezone.now() + timedelta(hours=1)
    page.save_revision().publish()
    make_public(AlliancePage, title="Gartenfreunde")
    assert services.public_count(Kind.ALLIANCE, "active") == 2
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)  # no change has run since
    assert services.public_count(Kind.ALLIANCE, "active") == 1
    assert_counts_exact()


def test_deleting_an_index_takes_its_pages_out_of_the_counts():
    for n in range(3):
        make_public(AlliancePage, title=f"Allianz {n}")
    AllianceIndexPage.objects.get().delete()
    assert services.public_count(Kind.ALLIANCE) == 0
    assert_counts_exact()


def test_folding_and_rebuilding_keep_the_numbers_in_one_row_per_stage():
    pages = [make_public(AlliancePage, title=f"Allianz {n}") for n in range(3)]
    set_stage(pages[0], "forming")
    assert PublicCount.objects.count() > 2
    assert services.fold_counts() > 2
    assert sorted(PublicCount.objects.values_list("stage", "delta")) == [
        ("active", 2),
        ("forming", 1),
    ]
    assert_counts_exact()
    PublicCount.objects.create(kind=Kind.ALLIANCE, stage="active", delta=7)  # drifted
    services.recount()
    assert sorted(PublicCount.objects.values_list("stage", "delta")) == [
        ("active", 2),
        ("forming", 1),
    ]


def test_the_render_task_folds_a_long_journal():
    page = make_public(AlliancePage, title="Lesepaten")
    for _ in range(FOLD_ABOVE // 2 + 1):
        set_stage(page, "paused")
        set_stage(page, "active")
    assert PublicCount.objects.count() > FOLD_ABOVE
    render()
    assert list(PublicCount.objects.values_list("stage", "delta")) == [("active", 1)]


def test_the_list_count_comes_from_the_journal(client):
    for n in range(3):
        make_public(AlliancePage, title=f"Allianz {n}")
    assert client.get("/api/v1/alliances/?page_size=2").json()["count"] == 3
    # A drifted journal shows in the count (the list no longer counts the records).
    PublicCount.objects.create(kind=Kind.ALLIANCE, stage="active", delta=1)
    response = client.get("/api/v1/alliances/?page_size=2").json()
    assert response["count"] == 4
    assert response["next"]
    assert client.get("/api/v1/alliances/?stage=all").json()["count"] == 4
    assert client.get("/api/v1/alliances/?stage=paused").json()["count"] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_changes_running_beside_folds_and_rebuilds_leave_exact_counts():
    """Four threads change stages of their own alliances while two fold and rebuild the
    journal over and over: none waits on a shared row, and no difference is lost."""
    pages = [make_public(AlliancePage, title=f"Allianz {n}") for n in range(8)]
    barrier = threading.Barrier(6)
    errors = []

    def change(mine):
        try:
            barrier.wait()
            for round_ in range(10):
                for page in mine:
                    set_stage(page, "paused" if round_ % 2 == 0 else "active")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    def maintain(job):
        try:
            barrier.wait()
            for _ in range(15):
                job()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=change, args=(pages[n::4],)) for n in range(4)]
    threads += [
        threading.Thread(target=maintain, args=(job,))
        for job in (
            services.fold_counts,
            services.recount,
        )
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert services.public_count(Kind.ALLIANCE, "active") == 8
    assert services.public_count(Kind.ALLIANCE, "paused") == 0
    assert_counts_exact()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_fold_never_queues_behind_a_change_that_is_adding():
    page = make_public(AlliancePage, title="Lesepaten")
    adding, release = threading.Event(), threading.Event()

    def change():
        try:
            with transaction.atomic():
                set_stage(page, "paused")  # in the journal, not committed
                adding.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=change)
    thread.start()
    assert adding.wait(30)
    try:
        assert services.fold_counts() == 0  # at once, without waiting
    finally:
        release.set()
        thread.join(30)
    assert services.fold_counts() > 1
    assert_counts_exact()


def test_the_written_out_list_query_pages_as_the_queryset_does(monkeypatch):
    """`read.ListedCards` spells the list's query in SQL: the same records in the same
    order for every ordering and stage, ties and missing start dates included."""
    pages = [make_public(AlliancePage, title=f"Allianz {n % 3}") for n in range(7)]
    for n, page in enumerate(pages[:4]):
        set_stage(page, "active", started_on=date(2026, 1, 1 + n % 2))
    set_stage(pages[5], "paused")
    pages[6].expire_at = timezone.now() + timedelta(hours=1)
    pages[6].save_revision().publish()
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    for stage in ("active", "paused", "all"):
        for ordering in ("", "title", "-title", "updated", "-updated", "started", "-started"):
            data = QueryDict(f"stage={stage}&ordering={ordering}" if ordering else f"stage={stage}")
            filterset = AllianceFilterSet(data, PublicRecord.objects.visible(Kind.ALLIANCE))
            assert filterset.is_valid()
            records = filterset.filter_queryset(filterset.queryset)
            expected = list(records.values_list("pk", flat=True))
            cards = read.ListedCards(
                Kind.ALLIANCE,
                filterset.chosen_stage(),
                records.query.order_by,
                services.public_count(Kind.ALLIANCE, filterset.chosen_stage()),
            )
            assert len(cards) == len(expected), (stage, ordering)
            assert [r.pk for r in cards[0:3]] + [r.pk for r in cards[3:10]] == expected, (
                stage,
                ordering,
            )
