"""Catalogues maintained as snippets: districts, topics, age groups, standards, partners."""

from decimal import Decimal

from django import forms
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest, Round
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from cms.phone import validate_phone


class CatalogueEntry(index.Indexed, models.Model):
    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Slug"), max_length=120, unique=True, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class District(CatalogueEntry):
    neighbours = models.ManyToManyField(
        "self",
        verbose_name=_("Neighbouring districts"),
        blank=True,
        symmetrical=True,
        help_text=_("Districts that border this one; matching prefers people from them."),
    )

    panels = [
        *CatalogueEntry.panels,
        FieldPanel("neighbours", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("District")
        verbose_name_plural = _("Districts")


class Topic(CatalogueEntry):
    description = models.TextField(_("Description"), blank=True)

    panels = [*CatalogueEntry.panels, FieldPanel("description")]

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("Topic")
        verbose_name_plural = _("Topics")


class AgeGroup(CatalogueEntry):
    sort_order = models.PositiveSmallIntegerField(_("Order"), default=0)

    panels = [*CatalogueEntry.panels, FieldPanel("sort_order")]

    class Meta(CatalogueEntry.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("Age group")
        verbose_name_plural = _("Age groups")


class Standard(index.Indexed, models.Model):
    """A reference norm an item is measured against (actual vs target)."""

    class Kind(models.TextChoices):
        LAW = "law", _("Law")
        REGULATION = "regulation", _("Regulation")
        COUNCIL_RESOLUTION = "council_resolution", _("Council resolution")
        CITY_GOAL = "city_goal", _("City development goal")
        PROFESSIONAL = "professional", _("Professional standard")

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    title = models.CharField(_("Title"), max_length=200)
    kind = models.CharField(_("Kind"), max_length=32, choices=Kind.choices)
    reference = models.CharField(
        _("Reference"),
        max_length=200,
        help_text=_("e.g. “§ 24 SGB VIII” or “Council resolution 2023/114”"),
    )
    indicator = models.CharField(_("Indicator"), max_length=200)
    target_value = models.DecimalField(_("Target value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("Unit"), max_length=40)
    direction = models.CharField(
        _("Target is met at"),
        max_length=16,
        choices=Direction.choices,
        default=Direction.AT_LEAST,
    )
    link = models.URLField(_("Link"), blank=True)
    valid_from = models.DateField(_("Valid from"), null=True, blank=True)
    description = models.TextField(_("Description"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("reference")]),
        MultiFieldPanel(
            [
                FieldPanel("indicator"),
                FieldRowPanel(
                    [FieldPanel("direction"), FieldPanel("target_value"), FieldPanel("unit")]
                ),
            ],
            heading=_("Target"),
        ),
        FieldRowPanel([FieldPanel("link"), FieldPanel("valid_from")]),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("reference"),
        index.SearchField("indicator"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("Standard")
        verbose_name_plural = _("Standards and goals")

    def __str__(self):
        return f"{self.title} ({self.reference})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.store_gaps()  # the target or its direction may have changed

    def shortfall(self, actual: Decimal, target: Decimal | None = None) -> Decimal:
        """How far `actual` falls short of the target, in the standard's unit; 0 if met."""
        target = self.target_value if target is None else target
        missing = target - actual if self.direction == self.Direction.AT_LEAST else actual - target
        return max(missing, Decimal(0))

    def store_gaps(self, assessments=None) -> int:
        """Write `GapAssessment.stored_gap` of this standard's assessments (all, or those of the
        queryset `assessments`) in one UPDATE: `shortfall` against each effective target."""
        assessments = self.gap_assessments.all() if assessments is None else assessments
        target = Coalesce("target_value", Value(self.target_value))
        actual = F("actual_value")
        missing = target - actual if self.direction == self.Direction.AT_LEAST else actual - target
        gap = Greatest(Round(missing, 2), Value(Decimal(0)))  # rounded: SQLite computes in floats
        return assessments.filter(standard=self).update(stored_gap=gap)


class Organisation(index.Indexed, ClusterableModel):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        INSTITUTION = "institution", _("Institution")
        ASSOCIATION = "association", _("Association")
        INITIATIVE = "initiative", _("Initiative")
        PUBLIC_BODY = "public_body", _("Public body")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Slug"), max_length=200, unique=True, allow_unicode=True)
    kind = models.CharField(_("Kind"), max_length=32, choices=Kind.choices)
    website = models.URLField(_("Website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    district = models.ForeignKey(
        "alliances.District",
        verbose_name=_("District"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    description = models.TextField(_("Description"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("district")]),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
        InlinePanel("offers", label=_("Standing offer"), heading=_("What the organisation offers")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisations")

    def __str__(self):
        return self.name


class Person(index.Indexed, ClusterableModel):
    """A citizen. Contact data is for the Kernteam only and never leaves the admin; what
    may be shown or done with their data is their consent per purpose (`consents`)."""

    first_name = models.CharField(_("First name"), max_length=100)
    last_name = models.CharField(_("Last name"), max_length=100)
    age_group = models.ForeignKey(
        "alliances.AgeGroup",
        verbose_name=_("Age group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="persons",
    )
    email = models.EmailField(_("E-mail"), blank=True)
    phone = models.CharField(_("Phone"), max_length=40, blank=True, validators=[validate_phone])
    district = models.ForeignKey(
        "alliances.District",
        verbose_name=_("District"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="persons",
    )
    offered_competences = ParentalManyToManyField(
        "alliances.Competence",
        verbose_name=_("Competences offered"),
        blank=True,
        related_name="offering_persons",
    )
    offered_resources = ParentalManyToManyField(
        "alliances.Resource",
        verbose_name=_("Resources offered"),
        blank=True,
        related_name="offering_persons",
    )

    CONTACT_PERMISSION = "alliances.view_person_contact"

    panels = [
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldRowPanel([FieldPanel("age_group"), FieldPanel("district")]),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact (Kernteam only)"),
            permission=CONTACT_PERMISSION,
        ),
        MultiFieldPanel(
            [
                FieldPanel("offered_competences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("offered_resources", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("What the person can offer"),
        ),
        InlinePanel("consents", label=_("Consent"), heading=_("Consents per purpose")),
    ]
    # Names only: searching by contact data would leak it to users who may not see it.
    search_fields = [
        index.SearchField("first_name"),
        index.SearchField("last_name"),
        index.AutocompleteField("last_name"),
    ]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("Person")
        verbose_name_plural = _("Persons")
        permissions = [("view_person_contact", _("Can see persons' contact data"))]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def has_consent(self, purpose: str) -> bool:
        """An active consent for `purpose`; reads prefetched `consents` when present, or
        the list bulk rendering attached (`bulk_consents`, api.readmodel.rendering)."""
        consents = getattr(self, "bulk_consents", None)
        if consents is None:
            consents = self.consents.all()
        return any(c.purpose == purpose and c.active for c in consents)

    @property
    def public_name(self) -> str | None:
        """The name to show publicly, or None without an active consent to show it."""
        from alliances.models.consent import Purpose

        return str(self) if self.has_consent(Purpose.PUBLIC_NAME) else None
