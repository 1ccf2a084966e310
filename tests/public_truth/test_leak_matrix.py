"""The leak matrix: every channel × every non-public state, generated from the models'
stage definitions and the channel registry (a new stage or channel is covered without
editing this file). Each case first shows the page public in every channel (so absence
means something), then makes it non-public and asserts absence everywhere, and that the
change into non-public was announced by exactly one `<kind>.unpublished`."""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from alliances.models import (
    PROGRAMME_MODELS,
    AlliancePage,
    ImpactPage,
    ImpactReport,
    NeedPage,
    OpportunityPage,
)
from api.readmodel.models import PublicRecord
from api.readmodel.tasks import notice_clock
from api.webhooks.models import WebhookDelivery
from api.webhooks.representation import KIND_OF
from api.webhooks.tasks import deliver_due
from cms.models import HomePage
from tests.factories import make_page
from tests.factories.api import PUBLIC_STAGE, make_public, set_stage
from tests.public_truth.channels import CHANNELS, INDEX
from workflows.signals import stage_changed

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    model: type
    page_id: int
    title: str
    slug: str
    url: str
    linking: AlliancePage
    before_change: set | None = None
    events: list = field(default_factory=list)


def _transition(page, **fields):
    """As the transition runner reports it: the column written, the signal in the same
    transaction."""
    source = page.stage
    with transaction.atomic():
        type(page).objects.filter(pk=page.pk).update(**fields)
        page.refresh_from_db()
        stage_changed.send(
            sender=type(page), instance=page, transition="test", source=source,
            target=page.stage, by=None, comment="",
        )  # fmt: skip


def _restrict(kind: str, on_ancestor: bool):
    def apply(page):
        target = INDEX[type(page)].objects.get() if on_ancestor else page
        restriction = PageViewRestriction.objects.create(
            page=target, restriction_type=kind, password="geheim"
        )
        if kind == PageViewRestriction.GROUPS:
            restriction.groups.set([Group.objects.get(name="Kernteam")])

    return apply


EXPIRY = timezone.now() + timedelta(days=30)


def _expire_with_no_worker(page):
    """Published with an expiry (`_make`); the clock passes it while no worker runs: only
    the moment moves (in the page and where it was recorded), nothing is told."""
    expiry = page.expire_at
    passed = timezone.now() - timedelta(seconds=1)
    type(page).objects.filter(pk=page.pk).update(expire_at=passed)
    PublicRecord.objects.filter(pk=page.pk).update(expire_at=passed)
    PublicRecord.objects.filter(detail_expires_at=expiry).update(detail_expires_at=passed)


def states(model) -> list[tuple[str, object]]:
    """(name, change) for every way a public page of `model` stops being public; change
    None: the page is made non-public from the start (it was never public)."""
    public_stages = model.objects.get_queryset().public_stages
    stages = [value for value, _label in model._meta.get_field("stage").choices]
    found = [
        (f"stage {stage}", lambda page, stage=stage: _transition(page, stage=stage))
        for stage in stages
        if stage not in public_stages and stage != "on_hold"
    ]
    if "on_hold" in stages:
        found += [
            (
                f"on hold from {stage}",
                lambda page, stage=stage: _transition(page, stage="on_hold", on_hold_from=stage),
            )
            for stage in stages
            if stage not in public_stages and stage != "on_hold"
        ]
    found += [
        ("never published", None),
        ("go-live in the future", None),
        ("unpublished", lambda page: page.unpublish()),
        ("expired, no worker", _expire_with_no_worker),
        ("deleted", lambda page: page.delete()),
    ]
    for kind, _label in PageViewRestriction.RESTRICTION_CHOICES:
        found.append((f"restricted by {kind} on the page", _restrict(kind, False)))
        found.append((f"restricted by {kind} on an ancestor", _restrict(kind, True)))
    return found


CASES = [(model, name, change) for model in PROGRAMME_MODELS for name, change in states(model)]


def _impact_page():
    if not ImpactPage.objects.exists():
        HomePage.objects.get().add_child(instance=ImpactPage(title="Wirkung", slug="wirkung"))


def _make(model, title: str, state: str):
    if state == "never published":
        page = make_page(model, title=title, publish=False)
        return set_stage(page, PUBLIC_STAGE[model])
    if state == "go-live in the future":
        page = make_page(model, title=title, publish=False)
        page.go_live_at = timezone.now() + timedelta(days=1)
        page.save_revision().publish()  # scheduled: not live until then
        return set_stage(page, PUBLIC_STAGE[model])
    expiry = {"expire_at": EXPIRY} if state == "expired, no worker" else {}
    page = make_public(model, title=title, **expiry)
    if model is AlliancePage:
        ImpactReport.objects.create(
            alliance=page, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30),
            people_reached=12, what_changed="Mehr Kinder lesen.",
        )  # fmt: skip
        set_stage(page, PUBLIC_STAGE[model])
    return page


def _shows(text: str, case: Case) -> bool:
    return case.title in text or case.url in text


@pytest.mark.parametrize(
    ("model", "state", "change"), CASES, ids=[f"{m.__name__}: {s}" for m, s, _c in CASES]
)
def test_nothing_non_public_reaches_any_channel(
    client, model, state, change, webhook_receiver, settings, tmp_path
):
    settings.OPEN_DATA_DIR = str(tmp_path / "open-data")
    _impact_page()
    title = f"Geheimsache {model.__name__}"
    page = _make(model, title, state)
    linking = make_public(
        AlliancePage,
        title="Verweisende Allianz",
        body=[("paragraph", RichText(f'<p><a linktype="page" id="{page.pk}">Verweis</a></p>'))],
    )
    case = Case(model, page.pk, title, page.slug, page.url or page.get_url_parts()[2], linking)
    channels = [c for c in CHANNELS.values() if model in c.models]

    if change is not None:  # public first: every channel shows it
        for channel in channels:
            assert _shows(channel.fetch(client, case), case), f"{channel.name}: not shown"
        case.before_change = set(WebhookDelivery.objects.values_list("pk", flat=True))
        change(type(page).objects.get(pk=page.pk))

    for channel in channels:
        assert not _shows(channel.fetch(client, case), case), f"{channel.name}: leaks"

    notice_clock()  # the next sweep, for what only the clock changed
    deliver_due()
    new = WebhookDelivery.objects.filter(page_id=page.pk).exclude(pk__in=case.before_change or ())
    announced = [row.event_type for row in new]
    if change is None:
        assert announced == []
    else:
        assert announced == [f"{KIND_OF[model]}.unpublished"]
        row = new.get()
        assert row.status == WebhookDelivery.Status.DELIVERED
        assert row.payload["data"] == {"id": page.pk, "slug": case.slug}
    received = [
        m for m in webhook_receiver.received if m["payload"]["data"].get("slug") == case.slug
    ]
    assert [m["payload"]["type"] for m in received].count(f"{KIND_OF[model]}.unpublished") == (
        0 if change is None else 1
    )


def test_the_matrix_covers_every_stage_and_channel():
    names = {(model, name) for model, name, _change in CASES}
    for model in (NeedPage, OpportunityPage):
        assert {(model, "on hold from captured"), (model, "stage declined")} <= names
    assert (AlliancePage, "stage proposed") in names
    assert (AlliancePage, "restricted by groups on an ancestor") in names
    assert len(CHANNELS) >= 12
