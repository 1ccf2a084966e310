"""Generated content for benchmarks: thousands of pages in batches, not one by one.

Per N alliances: N needs or opportunities, N/2 services, N/2 organisations and 2N persons,
with what matching reads: every service requires two or three catalogue entries, members
contribute some, persons (a third of them with consent to be contacted) and organisations
offer entries, and persons and organisations have a district and persons an age group.

Each batch computes tree paths itself (alliances.bulk) and writes rows inside one
transaction; pages are live without revisions (an editor's first save makes one).
"""

import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from alliances import demand
from alliances.bulk import (
    DeferredIndex,
    Tree,
    announce,
    indexing_in_bulk,
    insert_pages,
    refresh_planner_statistics,
)
from alliances.models import (
    AgeGroup,
    AllianceIndexPage,
    AlliancePage,
    AllianceServiceLink,
    Competence,
    District,
    GapAssessment,
    Membership,
    NeedIndexPage,
    NeedPage,
    OpportunityIndexPage,
    OpportunityPage,
    Organisation,
    OrganisationOffer,
    Person,
    Resource,
    ServiceIndexPage,
    ServiceItemLink,
    ServicePage,
    ServiceRequirement,
    Standard,
    Topic,
)
from alliances.models.consent import Consent, Purpose
from alliances.stages import AllianceStage, ItemStage, ServiceStage

BATCH = 500
PREFIX = "gen"
CONSENT_GIVEN = datetime(2025, 1, 1, 10, tzinfo=UTC)
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
    tree.place(page, slug)  # written by alliances.bulk.insert_pages with its batch
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


def _offers(organisations, persons, competences, resources):
    """Standing offers of organisations (two or three each, a resource with a note) and
    what persons offer (one to three competences, sometimes a resource)."""
    OrganisationOffer.objects.bulk_create(
        offer
        for organisation in organisations
        for offer in (
            *(
                OrganisationOffer(organisation=organisation, competence=entry, sort_order=i)
                for i, entry in enumerate(random.sample(competences, random.randint(1, 2)))
            ),
            OrganisationOffer(
                organisation=organisation,
                resource=random.choice(resources),
                note="samstags",
                sort_order=2,
            ),
        )
    )
    for field, entries, share in (
        ("offered_competences", competences, (1, 3)),
        ("offered_resources", resources, (0, 1)),
    ):
        through = Person._meta.get_field(field).remote_field.through
        target = f"{Person._meta.get_field(field).m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            through(person_id=person.pk, **{target: entry.pk})
            for person in persons
            for entry in random.sample(entries, random.randint(*share))
        )


def _requirements(services, memberships, competences, resources):
    """Each service requires an essential competence, another one and a resource; each
    member contributes a competence, so some of it is covered and some is wanted."""
    ServiceRequirement.objects.bulk_create(
        requirement
        for service in services
        for requirement in (
            *(
                ServiceRequirement(
                    service=service,
                    competence=entry,
                    quantity=random.randint(1, 3),
                    essential=i == 0,
                    sort_order=i,
                )
                for i, entry in enumerate(random.sample(competences, 2))
            ),
            ServiceRequirement(
                service=service, resource=random.choice(resources), quantity=1, sort_order=2
            ),
        )
    )
    through = Membership._meta.get_field("competences").remote_field.through
    through.objects.bulk_create(
        through(membership_id=membership.pk, competence_id=random.choice(competences).pk)
        for membership in memberships
    )


PAGE_MODELS = (NeedPage, OpportunityPage, ServicePage, AlliancePage)


def seed_scale(count: int, *, progress=print, seed: int = 2026) -> str:
    with indexing_in_bulk(PAGE_MODELS):
        report = _seed_scale(count, progress=progress, seed=seed)
    refresh_planner_statistics()
    return report


def _seed_scale(count: int, *, progress, seed: int) -> str:
    random.seed(seed)
    started = time.monotonic()
    districts, topics = list(District.objects.all()), list(Topic.objects.all())
    age_groups, standards = list(AgeGroup.objects.all()), list(Standard.objects.all())
    competences, resources = list(Competence.objects.all()), list(Resource.objects.all())
    trees = {
        "need": Tree(NeedIndexPage.objects.get()),
        "opportunity": Tree(OpportunityIndexPage.objects.get()),
        "service": Tree(ServiceIndexPage.objects.get()),
        "alliance": Tree(AllianceIndexPage.objects.get()),
    }
    offset = AlliancePage.objects.filter(slug__startswith=f"{PREFIX}-").count()
    pages_made = 0
    search_index = DeferredIndex()
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
                    district=random.choice(districts),
                )
                for n in numbers
                for k in range(2)
            )
            Consent.objects.bulk_create(
                [
                    *(
                        Consent(person=person, purpose=Purpose.PUBLIC_NAME, given_at=CONSENT_GIVEN)
                        for person in persons[::6]
                    ),
                    *(
                        Consent(person=person, purpose=Purpose.CONTACT, given_at=CONSENT_GIVEN)
                        for person in persons[1::3]
                    ),
                ]
            )
            if competences and resources:
                _offers(organisations, persons, competences, resources)
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
            by_model = (
                (NeedPage, [p for p in items if isinstance(p, NeedPage)]),
                (OpportunityPage, [p for p in items if isinstance(p, OpportunityPage)]),
                (ServicePage, services),
                (AlliancePage, alliances),
            )
            for _model, pages in by_model:
                insert_pages(pages)
            for model, pages in by_model:
                _m2m(model, pages, districts, topics, age_groups)
                search_index.add(model, pages)
                announce(model, pages)
            search_index.add(Organisation, organisations)
            search_index.add(Person, persons)
            gaps = [
                GapAssessment(
                    item=item,
                    standard=random.choice(standards),
                    actual_value=Decimal(random.randint(0, 80)),
                    measured_on=date(2025, 6, 1),
                    source="Generiert",
                    sort_order=0,
                )
                for item in items
            ]
            for gap in gaps:
                gap.set_gap()  # what save() would do
            GapAssessment.objects.bulk_create(gaps)
            ServiceItemLink.objects.bulk_create(
                ServiceItemLink(service=service, item=item, sort_order=0)
                for service, item in zip(services, items[::2], strict=False)
            )
            AllianceServiceLink.objects.bulk_create(
                AllianceServiceLink(alliance=alliance, service=services[i // 2], sort_order=0)
                for i, alliance in enumerate(alliances)
            )
            memberships = Membership.objects.bulk_create(
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
            if competences and resources:
                _requirements(services, memberships, competences, resources)
            # Links, members and requirements came after the pages were announced.
            demand.refresh([alliance.pk for alliance in alliances])
        pages_made += len(items) + len(services) + len(alliances)
        elapsed = time.monotonic() - started
        progress(
            f"  {batch_start + size}/{count} alliances, {pages_made} pages, "
            f"{pages_made / elapsed:.0f} pages/s"
        )
    with transaction.atomic():
        search_index.flush()
    elapsed = time.monotonic() - started
    return (
        f"Added {count} alliances ({pages_made} pages) in {elapsed:.1f} s, "
        f"{pages_made / max(elapsed, 1e-9):.0f} pages/s."
    )
