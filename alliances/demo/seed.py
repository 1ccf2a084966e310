"""Idempotent demo content: catalogues, partners, persons, pages and demo users."""

import io
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from alliances.competences import catalogues_seed
from alliances.demo import catalogues, content
from alliances.demo import competences as offer_data
from alliances.demo.duty_pages import seed_duty_pages
from alliances.models import (
    AgeGroup,
    AllianceIndexPage,
    AlliancePage,
    AllianceServiceLink,
    District,
    GapAssessment,
    ImpactPage,
    ImpactReport,
    ItemPage,
    Membership,
    NeedIndexPage,
    NeedPage,
    OpportunityIndexPage,
    OpportunityPage,
    Organisation,
    OrganisationOffer,
    Person,
    ServiceIndexPage,
    ServiceItemLink,
    ServicePage,
    ServiceRequirement,
    Standard,
    Topic,
    Voice,
)
from alliances.models.consent import Consent, Purpose
from alliances.signals import pages_written_in_bulk
from cms.models import HomePage
from cms.slugs import catalogue_slug_for, slug_for
from workflows.models import TransitionLog
from workflows.registry import workflow_key

DEMO_USERS = [
    # username, password, group, superuser
    ("admin", "admin-demo-2026", None, True),
    ("kernteam", "kernteam-demo-2026", "Kernteam", False),
    ("redaktion", "redaktion-demo-2026", "Redaktion", False),
]
IMAGE_COLOURS = ["#0b5c8f", "#2e7d32", "#b3541e", "#6a1b9a", "#00695c", "#ad1457"]


def _slug(text: str) -> str:
    """A page's slug, as the admin makes it (Unicode: "nachbarschaft-hüsten")."""
    return slug_for(text, fallback="seite")


def _legacy_slug(text: str) -> str:
    """The slug demo data got before (umlauts dropped): found so a re-seed adds nothing."""
    return slugify(text.replace("ß", "ss"))


def _page_exists(model, title: str) -> bool:
    return model.objects.filter(slug__in={_slug(title), _legacy_slug(title)}).exists()


def _catalogue_entry(model, name: str, **fields):
    """The entry by its slug (as made now or before), else by name; created if missing."""
    slug = catalogue_slug_for(name)
    entry = model.objects.filter(slug__in={slug, _legacy_slug(name)}).first()
    entry = entry or model.objects.filter(name=name).first()
    return entry or model.objects.create(name=name, slug=slug, **fields)


def seed_catalogues() -> dict:
    districts = {name: _catalogue_entry(District, name) for name in catalogues.DISTRICTS}
    topics = {
        name: _catalogue_entry(Topic, name, description=description)
        for name, description in catalogues.TOPICS
    }
    age_groups = [
        _catalogue_entry(AgeGroup, name, sort_order=position)
        for position, name in enumerate(catalogues.AGE_GROUPS)
    ]
    standards = [
        Standard.objects.get_or_create(
            reference=reference,
            defaults={
                "title": title,
                "kind": kind,
                "indicator": indicator,
                "target_value": Decimal(target),
                "unit": unit,
                "direction": direction,
                "valid_from": date(2020, 1, 1),
            },
        )[0]
        for title, kind, reference, indicator, target, unit, direction in catalogues.STANDARDS
    ]
    organisations = {
        name: _catalogue_entry(
            Organisation, name, kind=kind, district=districts[district], website=website
        )
        for name, kind, district, website in catalogues.ORGANISATIONS
    }
    persons = []
    for first, last, age, consent in catalogues.PERSONS:
        person, created = Person.objects.get_or_create(
            first_name=first,
            last_name=last,
            defaults={
                "age_group": age_groups[age],
                "email": f"{catalogue_slug_for(first)}.{catalogue_slug_for(last)}@example.org",
            },
        )
        if created and consent:
            Consent.objects.create(
                person=person,
                purpose=Purpose.PUBLIC_NAME,
                given_at=datetime(2025, 3, 1, 10, tzinfo=UTC),
            )
        persons.append(person)
    offerable = catalogues_seed(
        competences=offer_data.COMPETENCES,
        resources=offer_data.RESOURCES,
        neighbours=offer_data.NEIGHBOURS,
    )
    for index, profile in offer_data.PERSON_PROFILES.items():
        _profile(persons[index], offerable, districts, *profile)
    for first, last, age, *profile in offer_data.CANDIDATES:
        person, _created = Person.objects.get_or_create(
            first_name=first,
            last_name=last,
            defaults={
                "age_group": age_groups[age],
                "email": f"{catalogue_slug_for(first)}.{catalogue_slug_for(last)}@example.org",
            },
        )
        _profile(person, offerable, districts, *profile)
    for name, kind, entry, note in offer_data.ORGANISATION_OFFERS:
        organisation = organisations[name]
        OrganisationOffer.objects.get_or_create(
            organisation=organisation,
            **{kind: offerable[kind][entry]},
            defaults={"note": note, "sort_order": 0},
        )
    return {
        "offerable": offerable,
        "districts": districts,
        "topics": topics,
        "age_groups": age_groups,
        "standards": standards,
        "organisations": organisations,
        "persons": persons,
    }


def _profile(person, offerable, districts, district, consent_on, competence_names, resource_names):
    """What a demo person offers; only once (a person the Kernteam edited keeps their data)."""
    if person.district_id or person.offered_competences.exists():
        return
    person.district = districts[district]
    person.save()
    if consent_on:
        Consent.objects.get_or_create(
            person=person,
            purpose=Purpose.CONTACT,
            defaults={"given_at": datetime.combine(date.fromisoformat(consent_on), time(10), UTC)},
        )
    person.offered_competences.set([offerable["competence"][n] for n in competence_names])
    person.offered_resources.set([offerable["resource"][n] for n in resource_names])


def _requirements(offerable: dict, competence_lines: str, resource_lines: str) -> list:
    """Requirement rows from demo lines: "Name", "Name ×3", "Name (optional)"."""
    rows = []
    for kind, text in (("competence", competence_lines), ("resource", resource_lines)):
        for line in text.splitlines():
            essential = not line.endswith(" (optional)")
            name, _sep, count = line.removesuffix(" (optional)").partition(" ×")
            rows.append(
                ServiceRequirement(
                    quantity=int(count or 1),
                    essential=essential,
                    **{kind: offerable[kind][name]},
                )
            )
    return rows


def _contribution(member, needed: dict) -> tuple[list, list]:
    """What a demo member brings: what they offer that the alliance's services need."""
    if member.person_id:
        competences = set(member.person.offered_competences.all())
        resources = set(member.person.offered_resources.all())
    else:
        offers = list(member.organisation.offers.select_related("competence", "resource"))
        competences = {o.competence for o in offers if o.competence_id}
        resources = {o.resource for o in offers if o.resource_id}
    return (
        sorted(competences & needed["competence"], key=str),
        sorted(resources & needed["resource"], key=str),
    )


def demo_images() -> list:
    """A few generated pictures (no network): one colour per image, for renditions."""
    image_model = get_image_model()
    images = []
    for position, colour in enumerate(IMAGE_COLOURS):
        title = f"Allianzen-Motiv {position + 1}"
        image = image_model.objects.filter(title=title).first()
        if image is None:
            buffer = io.BytesIO()
            PILImage.new("RGB", (1200, 675), colour).save(buffer, format="PNG")
            image = image_model(title=title, description=f"Farbfläche {position + 1}")
            image.file = ImageFile(buffer, name=f"allianzen-motiv-{position + 1}.png")
            image.save()
        images.append(image)
    return images


def _publish_new(parent, page, *, stage: str, on_hold_from: str = ""):
    """Create a page the ordinary Wagtail way, then record its stage as imported history."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    # Demo content arrives in the stage it has reached; this is an import of existing
    # state, not a transition, so it bypasses the runner on purpose.
    since = timezone.now() - timedelta(days=(page.pk * 7) % 60)
    type(page).objects.filter(pk=page.pk).update(
        stage=stage, on_hold_from=on_hold_from, stage_changed_at=since
    )
    pages_written_in_bulk.send(sender=type(page), pages=[page])  # those who keep copies
    # One log row per imported page, so the history and lead times start from here.
    TransitionLog.objects.create(
        page=page,
        workflow=workflow_key(page),
        transition="import",
        target=stage,
        cause=TransitionLog.Cause.SYSTEM,
        comment="Demo-Daten übernommen",
        created_at=since,
    )


def _classify(page, refs, districts, topics, age_groups):
    page.districts = [refs["districts"][name] for name in districts]
    page.topics = [refs["topics"][name] for name in topics]
    page.age_groups = [refs["age_groups"][index] for index in age_groups]


def seed_pages(refs: dict, images: list) -> None:
    need_index = NeedIndexPage.objects.get()
    opportunity_index = OpportunityIndexPage.objects.get()
    service_index = ServiceIndexPage.objects.get()
    alliance_index = AllianceIndexPage.objects.get()

    for position, row in enumerate(content.ITEMS):
        kind, title, summary, districts, topics, ages, stage, priority, gaps = row
        model, parent = (
            (NeedPage, need_index) if kind == "need" else (OpportunityPage, opportunity_index)
        )
        if _page_exists(model, title):
            continue
        page = model(
            title=title,
            slug=_slug(title),
            summary=summary,
            priority=priority,
            capture_channel=ItemPage.Channel.values[position % len(ItemPage.Channel.values)],
            captured_on=date(2025, 1, 15) + timedelta(days=position * 9),
            reporter_note="Stadtteilkonferenz",
        )
        _classify(page, refs, districts, topics, ages)
        page.gap_assessments = [
            GapAssessment(
                standard=refs["standards"][index],
                actual_value=Decimal(actual),
                measured_on=date(2025, 6, 1),
                source=source,
            )
            for index, actual, source in gaps
        ]
        on_hold_from = "in_definition" if stage == "on_hold" else ""
        _publish_new(parent, page, stage=stage, on_hold_from=on_hold_from)

    items = {page.title: page for page in ItemPage.objects.all()}
    for title, summary, offer, competences, resources, item_titles, stage in content.SERVICES:
        if _page_exists(ServicePage, title):
            continue
        page = ServicePage(
            title=title,
            slug=_slug(title),
            summary=summary,
            offer=offer,
        )
        page.requirements = _requirements(refs["offerable"], competences, resources)
        linked = [items[name] for name in item_titles]
        page.districts = list({d for item in linked for d in item.districts.all()})
        page.topics = list({t for item in linked for t in item.topics.all()})
        page.item_links = [ServiceItemLink(item=item) for item in linked]
        _publish_new(service_index, page, stage=stage)

    services = {page.title: page for page in ServicePage.objects.all()}
    for position, row in enumerate(content.ALLIANCES):
        title, summary, purpose, districts, topics, ages, stage, service_titles = row[:8]
        (place, schedule), contact, members = row[8:]
        if _page_exists(AlliancePage, title):
            continue
        page = AlliancePage(
            title=title,
            slug=_slug(title),
            summary=summary,
            purpose=purpose,
            meeting_place=place,
            meeting_schedule=schedule,
            contact_email=contact,
            how_to_join="Schreiben Sie uns oder kommen Sie einfach zum nächsten Treffen.",
            started_on=date(2024, 3, 1) + timedelta(days=position * 45),
            image=images[position % len(images)],
        )
        _classify(page, refs, districts, topics, ages)
        page.service_links = [AllianceServiceLink(service=services[s]) for s in service_titles]
        needed = {"competence": set(), "resource": set()}
        for requirement in ServiceRequirement.objects.filter(
            service__title__in=service_titles
        ).select_related("competence", "resource"):
            needed[requirement.key[0]].add(requirement.entry)
        memberships = []
        for kind, ref, role in members:
            member = Membership(
                person=refs["persons"][ref] if kind == "person" else None,
                organisation=refs["organisations"][ref] if kind == "organisation" else None,
                role=role,
                since=date(2024, 3, 1),
            )
            member.competences, member.resources = _contribution(member, needed)
            memberships.append(member)
        page.memberships = memberships
        _publish_new(alliance_index, page, stage=stage)


def seed_users() -> list[tuple[str, str, str]]:
    user_model = get_user_model()
    logins = []
    for username, password, group_name, superuser in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "is_staff": superuser},
        )
        if created:
            user.is_superuser = superuser
            user.set_password(password)
            user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        logins.append((username, password, group_name or "Administration"))
    return logins


# alliance slug: (people reached, volunteer hours, what changed, voice)
IMPACT = {
    "lesepaten-neheim": (
        64,
        "410",
        "64 Kinder an drei Grundschulen lesen jede Woche mit einer Lesepatin oder einem "
        "Lesepaten; der Anteil sicherer Leserinnen und Leser stieg von 71 auf 78 Prozent.",
        ("Die Kinder warten schon an der Tür, wenn ich komme.", "Lesepatin, 68"),
    ),
    "nachbarschaft-hüsten": (
        38,
        "520",
        "38 ältere Menschen in Hüsten werden regelmäßig besucht; zwei neue Treffpunkte.",
        ("Seit den Besuchen gehe ich wieder zum Markt.", "Besuchte Seniorin, 84"),
    ),
    "repair-café-neheim": (
        230,
        "300",
        "230 Geräte repariert statt weggeworfen; Auszubildende lernen von Rentnern.",
        ("Ich habe mehr gelernt als in manchem Kurs.", "Auszubildender, 19"),
    ),
}


def seed_impact() -> None:
    """The public Wirkung page and a first impact report for three alliances."""
    home = HomePage.objects.get()
    if not ImpactPage.objects.exists():
        page = ImpactPage(
            title="Wirkung",
            slug="wirkung",
            intro="<p>Was die Arnsberger Allianzen gemeinsam erreichen.</p>",
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    for slug, (reached, hours, changed, (quote, attribution)) in IMPACT.items():
        legacy = slugify(slug.replace("ß", "ss"))
        alliance = AlliancePage.objects.filter(slug__in={slug, legacy}).first()
        if alliance is None or alliance.impact_reports.exists():
            continue
        alliance.impact_reports = [
            ImpactReport(
                period_start=date(2025, 1, 1),
                period_end=date(2025, 12, 31),
                people_reached=reached,
                volunteer_hours=Decimal(hours),
                what_changed=changed,
            )
        ]
        alliance.voices = [
            Voice(
                quote=quote,
                attribution=attribution,
                consent_given=True,
                consent_on=date(2025, 11, 1),
            )
        ]
        alliance.save_revision().publish()


def align_default_site() -> None:
    """Point the migration's placeholder site (localhost:80) at WAGTAILADMIN_BASE_URL."""
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    for site in Site.objects.filter(is_default_site=True, hostname="localhost", port=80):
        site.hostname = base.hostname or "localhost"
        site.port = base.port or (443 if base.scheme == "https" else 80)
        site.save()  # save(), not update(): Wagtail clears its cached site root paths


@transaction.atomic
def seed_demo(*, with_users: bool) -> list[tuple[str, str, str]]:
    align_default_site()
    refs = seed_catalogues()
    seed_pages(refs, demo_images())
    seed_impact()
    seed_duty_pages()
    return seed_users() if with_users else []
