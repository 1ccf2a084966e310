"""factory_boy factories for catalogues, and builders for pages (created the Wagtail way)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from alliances.models import (
    AgeGroup,
    AllianceIndexPage,
    AlliancePage,
    CaptureFormField,
    CaptureFormPage,
    Competence,
    Consent,
    District,
    GapAssessment,
    ItemPage,
    Membership,
    NeedIndexPage,
    NeedPage,
    OpportunityIndexPage,
    OpportunityPage,
    Organisation,
    Person,
    Resource,
    ServiceIndexPage,
    ServicePage,
    ServiceRequirement,
    Standard,
    Topic,
)
from alliances.models.consent import Purpose
from cms.models import HomePage


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Stadtteil {n}")
    slug = factory.Sequence(lambda n: f"stadtteil-{n}")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class AgeGroupFactory(DjangoModelFactory):
    class Meta:
        model = AgeGroup
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Generation {n}")
    slug = factory.Sequence(lambda n: f"generation-{n}")


class StandardFactory(DjangoModelFactory):
    class Meta:
        model = Standard

    title = factory.Sequence(lambda n: f"Standard {n}")
    kind = Standard.Kind.COUNCIL_RESOLUTION
    reference = factory.Sequence(lambda n: f"Ratsbeschluss 2025/{n}")
    indicator = "Anteil erreichter Haushalte"
    target_value = Decimal("80")
    unit = "%"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.ASSOCIATION
    website = "https://verein.example.org"


def _consent(purpose):
    """`PersonFactory(<purpose>_consent=True)`: the person holds that consent (given in the
    admin on 1 January 2026)."""

    def give(person, create, extracted, **kwargs):
        if create and extracted:
            Consent.objects.create(
                person=person, purpose=purpose, given_at=datetime(2026, 1, 1, 9, tzinfo=UTC)
            )

    return factory.PostGeneration(give)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Vorname{n}")
    last_name = factory.Sequence(lambda n: f"Nachname{n}")
    email = factory.LazyAttribute(lambda p: f"{p.first_name.lower()}@privat.example.org")
    phone = "02932 123456"
    age_group = factory.SubFactory(AgeGroupFactory)
    public_name_consent = _consent(Purpose.PUBLIC_NAME)
    voice_consent = _consent(Purpose.VOICE)
    contact_consent = _consent(Purpose.CONTACT)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@stadt.example.org")
    password = factory.django.Password("pw")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


INDEX_OF = {
    NeedPage: NeedIndexPage,
    OpportunityPage: OpportunityIndexPage,
    ServicePage: ServiceIndexPage,
    AlliancePage: AllianceIndexPage,
}


def make_page(model, *, publish=True, parent=None, **fields):
    """Create (and publish) a page under its index page, the ordinary Wagtail way."""
    fields.setdefault("title", f"{model._meta.verbose_name} {model.objects.count() + 1}")
    fields.setdefault("summary", "Eine kurze Beschreibung.")
    if model is AlliancePage:
        fields.setdefault("purpose", "Gemeinsam etwas bewegen.")
    parent = parent or INDEX_OF[model].objects.get()
    fields.setdefault("live", publish)
    page = model(**fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


SURVEY_FIELDS = [
    ("Was fehlt?", "singleline", ""),
    ("Beschreiben Sie es", "multiline", ""),
    ("Stadtteil", "dropdown", "Neheim\nHüsten"),
    ("Ihr Name", "singleline", ""),
    ("Ihre E-Mail", "email", ""),
    ("Einwilligung", "checkbox", ""),
]


def make_survey(*, required: int = 2) -> CaptureFormPage:
    """A published capture form (Wagtail's form builder) under the home page, mapped to a
    need with contact and consent; its first `required` fields (of SURVEY_FIELDS) must be
    filled in."""
    page = CaptureFormPage(
        title="Umfrage Nachbarschaft",
        slug="umfrage",
        title_field="Was fehlt?",
        description_field="Beschreiben Sie es",
        district_field="Stadtteil",
        contact_name_field="Ihr Name",
        contact_email_field="Ihre E-Mail",
        consent_field="Einwilligung",
        capture_channel=ItemPage.Channel.SURVEY,
    )
    for order, (label, field_type, choices) in enumerate(SURVEY_FIELDS):
        page.form_fields.add(
            CaptureFormField(
                label=label,
                field_type=field_type,
                choices=choices,
                required=order < required,
                sort_order=order,
            )
        )
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


def make_gap(item, standard=None, *, actual="50", **fields):
    return GapAssessment.objects.create(
        item=item,
        standard=standard or StandardFactory(),
        actual_value=Decimal(actual),
        measured_on=fields.pop("measured_on", date(2025, 6, 1)),
        source=fields.pop("source", "Erhebung"),
        **fields,
    )


def add_member(alliance, *, person=None, organisation=None, role=Membership.Role.MEMBER):
    return Membership.objects.create(
        alliance=alliance, person=person, organisation=organisation, role=role
    )


class CompetenceFactory(DjangoModelFactory):
    class Meta:
        model = Competence
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kompetenz {n}")
    slug = factory.LazyAttribute(lambda o: _slug(o.name))


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = Resource
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ressource {n}")
    slug = factory.LazyAttribute(lambda o: _slug(o.name))


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text.replace("ß", "ss"))


def needs(*competences: str, resources=(), quantity=1, essential=True) -> list:
    """Requirement rows for `make_page(ServicePage, requirements=needs("Geduld"))`, in the
    order given (as the admin's inline panel numbers them)."""
    rows = [
        ServiceRequirement(
            competence=CompetenceFactory(name=name), quantity=quantity, essential=essential
        )
        for name in competences
    ] + [
        ServiceRequirement(
            resource=ResourceFactory(name=name), quantity=quantity, essential=essential
        )
        for name in resources
    ]
    for position, row in enumerate(rows):
        row.sort_order = position
    return rows
