"""Generated content for benchmarks: thousands of pages in batches, not one by one.

Creating pages the ordinary way (add_child, save_revision, publish) runs at about 14 pages
a second. Here each batch computes tree paths itself and writes rows inside one
transaction; pages are live without revisions (an editor's first save makes one).
"""

import random
import time
from contextlib import contextmanager
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from treebeard.mp_tree import MP_Node
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update

from alliances.models import (
    AgeGroup,
    AllianceIndexPage,
    AlliancePage,
    AllianceServiceLink,
    District,
    GapAssessment,
    Membership,
    NeedIndexPage,
    NeedPage,
    OpportunityIndexPage,
    OpportunityPage,
    Organisation,
    Person,
    ServiceIndexPage,
    ServiceItemLink,
    ServicePage,
    Standard,
    Topic,
)
from alliances.stages import AllianceStage, ItemStage, ServiceStage

BATCH = 500
PREFIX = "gen"
ALLIANCE_STAGES = [AllianceStage.ACTIVE] * 7 + [
    AllianceStage.FORMING,
    AllianceStage.PAUSED,
    AllianceStage.CONCLUDED,
]
ITEM_STAGES = list(ItemStage.values)
WORDS = [
    "Nachbarschaft", "Lesen", "Garten", "Bewegung", "Begegnung", "Technik", "Musik",
    "Natur", "Sprache", "Werkstatt", "Mobilität", "Kochen", "Geschichte", "Spiel",
]  # fmt: skip


class _Tree:
    """Hands out the next free child paths under one parent page."""

    def __init__(self, parent: Page):
        self.parent = parent
        last = parent.get_children().order_by("-path").values_list("path", flat=True).first()
        step = Page.steplen
        self.next = MP_Node._str2int(last[-step:]) + 1 if last else 1
        self.added = 0

    def place(self, page: Page, slug: str) -> Page:
        page.path = self.parent.path + MP_Node._int2str(self.next).rjust(Page.steplen, "0")
        page.depth = self.parent.depth + 1
        page.numchild = 0
        page.slug = slug
        page.url_path = f"{self.parent.url_path}{slug}/"
        page.locale_id = self.parent.locale_id
        self.next += 1
        self.added += 1
        return page

    def commit(self):
        Page.objects.filter(pk=self.parent.pk).update(numchild=models.F("numchild") + self.added)
        self.added = 0


def _page(model, tree, slug, title, now, **fields):
    page = model(
        title=title,
        draft_title=title,
        content_type=ContentType.objects.get_for_model(model),
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        stage_changed_at=now - timedelta(days=random.randint(0, 90)),
        **fields,
    )
    tree.place(page, slug)
    # Model.save_base writes the rows (and search index) without Page.save's tree checks.
    page.save_base()
    return page


def _m2m(model, pages, districts, topics, age_groups):
    for field, choices in (("districts", districts), ("topics", topics)):
        through = model._meta.get_field(field).remote_field.through
        fk = f"{model._meta.get_field(field).m2m_field_name()}_id"
        target = f"{model._meta.get_field(field).m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            through(**{fk: page.pk, target: random.choice(choices).pk}) for page in pages
        )
    through = model._meta.get_field("age_groups").remote_field.through
    fk = f"{model._meta.get_field('age_groups').m2m_field_name()}_id"
    target = f"{model._meta.get_field('age_groups').m2m_reverse_field_name()}_id"
    through.objects.bulk_create(
        through(**{fk: page.pk, target: group.pk})
        for page in pages
        for group in random.sample(age_groups, 2)
    )


PAGE_MODELS = (NeedPage, OpportunityPage, ServicePage, AlliancePage)


@contextmanager
def _indexing_in_bulk():
    """Index each batch with one bulk call instead of one task per saved page."""
    for model in PAGE_MODELS:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in PAGE_MODELS:
            post_save.connect(post_save_signal_handler, sender=model)


def _index(model, objects):
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)


def seed_scale(count: int, *, progress=print, seed: int = 2026) -> str:
    with _indexing_in_bulk():
        return _seed_scale(count, progress=progress, seed=seed)


def _seed_scale(count: int, *, progress, seed: int) -> str:
    random.seed(seed)
    started = time.monotonic()
    districts, topics = list(District.objects.all()), list(Topic.objects.all())
    age_groups, standards = list(AgeGroup.objects.all()), list(Standard.objects.all())
    trees = {
        "need": _Tree(NeedIndexPage.objects.get()),
        "opportunity": _Tree(OpportunityIndexPage.objects.get()),
        "service": _Tree(ServiceIndexPage.objects.get()),
        "alliance": _Tree(AllianceIndexPage.objects.get()),
    }
    offset = AlliancePage.objects.filter(slug__startswith=f"{PREFIX}-").count()
    pages_made = 0
    for batch_start in range(0, count, BATCH):
        size = min(BATCH, count - batch_start)
        with transaction.atomic():
            now = timezone.now()
            numbers = range(offset + batch_start, offset + batch_start + size)
            organisations = Organisation.objects.bulk_create(
                Organisation(
                    name=f"Partnerorganisation {n}",
                    slug=f"{PREFIX}-org-{n}",
                    kind=random.choice(Organisation.Kind.values),
                    district=random.choice(districts),
                )
                for n in numbers[::2]
            )
            persons = Person.objects.bulk_create(
                Person(
                    first_name=f"Vorname{n}{'ab'[k]}",
                    last_name=f"Nachname{n}{'ab'[k]}",
                    age_group=random.choice(age_groups),
                    public_name_consent=n % 3 == 0,
                    public_name_consent_on=date(2025, 1, 1) if n % 3 == 0 else None,
                )
                for n in numbers
                for k in range(2)
            )
            items, services, alliances = [], [], []
            for n in numbers:
                word = random.choice(WORDS)
                kind = "need" if n % 2 == 0 else "opportunity"
                items.append(
                    _page(
                        NeedPage if kind == "need" else OpportunityPage,
                        trees[kind],
                        f"{PREFIX}-{kind}-{n}",
                        f"{word} im Quartier {n}",
                        now,
                        summary=f"Generierter Eintrag {n} zum Thema {word}.",
                        stage=random.choice(ITEM_STAGES),
                        priority=random.randint(1, 4),
                    )
                )
                if n % 2 == 0:
                    services.append(
                        _page(
                            ServicePage,
                            trees["service"],
                            f"{PREFIX}-service-{n}",
                            f"Leistung {word} {n}",
                            now,
                            summary=f"Generierte Leistung {n}.",
                            offer="Regelmäßiges Angebot im Stadtteil.",
                            stage=ServiceStage.DEFINED,
                        )
                    )
                alliances.append(
                    _page(
                        AlliancePage,
                        trees["alliance"],
                        f"{PREFIX}-{n}",
                        f"Allianz {word} {n}",
                        now,
                        summary=f"Generierte Allianz {n}: {word} für alle Generationen.",
                        purpose=f"Gemeinsam {word} im Stadtteil ermöglichen.",
                        stage=random.choice(ALLIANCE_STAGES),
                        started_on=date(2024, 1, 1) + timedelta(days=n % 700),
                        contact_email=f"allianz-{n}@allianzen-arnsberg.de",
                    )
                )
            for tree in trees.values():
                tree.commit()
            for model, pages in (
                (NeedPage, [p for p in items if isinstance(p, NeedPage)]),
                (OpportunityPage, [p for p in items if isinstance(p, OpportunityPage)]),
                (ServicePage, services),
                (AlliancePage, alliances),
            ):
                _m2m(model, pages, districts, topics, age_groups)
                _index(model, pages)
            _index(Organisation, organisations)
            _index(Person, persons)
            GapAssessment.objects.bulk_create(
                GapAssessment(
                    item=item,
                    standard=random.choice(standards),
                    actual_value=random.randint(0, 80),
                    measured_on=date(2025, 6, 1),
                    source="Generiert",
                    sort_order=0,
                )
                for item in items
            )
            ServiceItemLink.objects.bulk_create(
                ServiceItemLink(service=service, item=item, sort_order=0)
                for service, item in zip(services, items[::2], strict=False)
            )
            AllianceServiceLink.objects.bulk_create(
                AllianceServiceLink(alliance=alliance, service=services[i // 2], sort_order=0)
                for i, alliance in enumerate(alliances)
            )
            Membership.objects.bulk_create(
                membership
                for i, alliance in enumerate(alliances)
                for membership in (
                    Membership(
                        alliance=alliance,
                        organisation=organisations[i // 2],
                        role=Membership.Role.COORDINATOR,
                        sort_order=0,
                    ),
                    Membership(alliance=alliance, person=persons[2 * i], sort_order=1),
                    Membership(alliance=alliance, person=persons[2 * i + 1], sort_order=2),
                )
            )
        pages_made += len(items) + len(services) + len(alliances)
        elapsed = time.monotonic() - started
        progress(
            f"  {batch_start + size}/{count} alliances, {pages_made} pages, "
            f"{pages_made / elapsed:.0f} pages/s"
        )
    elapsed = time.monotonic() - started
    return (
        f"Added {count} alliances ({pages_made} pages) in {elapsed:.1f} s, "
        f"{pages_made / max(elapsed, 1e-9):.0f} pages/s."
    )
