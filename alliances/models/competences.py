"""What alliances need and what people and organisations offer: two catalogues and the links.

A service *requires* competences and resources (how many, whether essential); a membership
*contributes* them; an organisation has standing *offers*; a person says what they *can
offer*. Matching (`alliances/matching.py`) compares the two sides.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable
from wagtail.search import index


def normalise(text: str) -> str:
    """The form two spellings of one entry share: case, spaces and dashes do not count."""
    return re.sub(r"[\s\-‐–—_/]+", " ", text).strip().casefold()


class OfferableQuerySet(models.QuerySet):
    def reviewed(self):
        return self.filter(needs_review=False)


class OfferableEntry(index.Indexed, models.Model):
    """A catalogue entry that can be needed and offered (a competence or a resource)."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Slug"), max_length=120, unique=True, allow_unicode=True)
    description = models.TextField(_("Description"), blank=True)
    synonyms = models.TextField(
        _("Synonyms"),
        blank=True,
        help_text=_("Other words for the same thing, one per line; they match free text too."),
    )
    needs_review = models.BooleanField(
        _("Needs review"),
        default=False,
        help_text=_(
            "Created from a free-text line that matched nothing: check the name, merge or "
            "categorise it, then untick."
        ),
    )

    objects = OfferableQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("category"),
        FieldPanel("description"),
        FieldPanel("synonyms"),
        FieldPanel("needs_review"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("synonyms"),
        index.FilterField("category"),
        index.FilterField("needs_review"),
    ]

    KIND = ""  # "competence" or "resource": the word the API and the matching use

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    def spellings(self) -> set[str]:
        return {normalise(self.name), *(normalise(s) for s in self.synonym_list)}


class Competence(OfferableEntry):
    class Category(models.TextChoices):
        CRAFT = "craft", _("Crafts and technology")
        MOBILITY = "mobility", _("Driving and mobility")
        LANGUAGE = "language", _("Languages")
        EDUCATION = "education", _("Education and tutoring")
        CARE = "care", _("Health and care")
        SOCIAL = "social", _("Social and companionship")
        ORGANISATION = "organisation", _("Organisation and administration")
        DIGITAL = "digital", _("Digital")
        CULTURE = "culture", _("Culture, nature and sport")
        OTHER = "other", _("Other")

    category = models.CharField(
        _("Category"), max_length=32, choices=Category.choices, default=Category.OTHER
    )

    KIND = "competence"

    class Meta(OfferableEntry.Meta):
        verbose_name = _("Competence")
        verbose_name_plural = _("Competences")


class Resource(OfferableEntry):
    class Category(models.TextChoices):
        ROOM = "room", _("Rooms and places")
        VEHICLE = "vehicle", _("Vehicles")
        TOOLS = "tools", _("Tools and equipment")
        MONEY = "money", _("Funding and money")
        MATERIAL = "material", _("Material")
        DIGITAL = "digital", _("Digital equipment")
        OTHER = "other", _("Other")

    category = models.CharField(
        _("Category"), max_length=32, choices=Category.choices, default=Category.OTHER
    )

    KIND = "resource"

    class Meta(OfferableEntry.Meta):
        verbose_name = _("Resource")
        verbose_name_plural = _("Resources")


class CompetenceOrResource(models.Model):
    """Exactly one competence or one resource (the fields are declared by each subclass)."""

    class Meta:
        abstract = True

    @property
    def entry(self) -> Competence | Resource | None:
        return self.competence or self.resource

    @property
    def key(self) -> tuple[str, int]:
        if self.competence_id:
            return ("competence", self.competence_id)
        return ("resource", self.resource_id)

    def clean(self):
        super().clean()
        if bool(self.competence_id) == bool(self.resource_id):
            raise ValidationError(_("Please choose either a competence or a resource."))

    @staticmethod
    def entry_fields(*, related_name: str) -> tuple[models.ForeignKey, models.ForeignKey]:
        """The optional `competence` and `resource` keys of a subclass (one of them is set:
        `xor_constraint`); the catalogue reaches the rows as `related_name`."""
        return tuple(
            models.ForeignKey(
                model,
                verbose_name=model._meta.verbose_name,
                null=True,
                blank=True,
                on_delete=models.PROTECT,
                related_name=related_name,
            )
            for model in (Competence, Resource)
        )

    @staticmethod
    def xor_constraint(name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=(
                models.Q(competence__isnull=False, resource__isnull=True)
                | models.Q(competence__isnull=True, resource__isnull=False)
            ),
            name=name,
            violation_error_message=_("Please choose either a competence or a resource."),
        )


class ServiceRequirement(CompetenceOrResource, Orderable):
    """A service needs `quantity` people with a competence, or units of a resource."""

    service = ParentalKey(
        "alliances.ServicePage", on_delete=models.CASCADE, related_name="requirements"
    )
    competence, resource = CompetenceOrResource.entry_fields(related_name="requirements")
    quantity = models.PositiveSmallIntegerField(
        _("How many"),
        default=1,
        help_text=_("People with the competence, or units of the resource."),
    )
    essential = models.BooleanField(
        _("Essential"), default=True, help_text=_("Without it the service cannot be delivered.")
    )

    panels = [
        FieldRowPanel([FieldPanel("competence"), FieldPanel("resource")]),
        FieldRowPanel([FieldPanel("quantity"), FieldPanel("essential")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Requirement")
        verbose_name_plural = _("Requirements")
        constraints = [
            CompetenceOrResource.xor_constraint("requirement_competence_xor_resource"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1),
                name="requirement_quantity_positive",
                violation_error_message=_("At least one is needed."),
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.entry}"


class OrganisationOffer(CompetenceOrResource, Orderable):
    """What an organisation offers on standing terms, e.g. "Transporter, samstags"."""

    organisation = ParentalKey(
        "alliances.Organisation", on_delete=models.CASCADE, related_name="offers"
    )
    competence, resource = CompetenceOrResource.entry_fields(related_name="organisation_offers")
    note = models.CharField(
        _("Note"), max_length=200, blank=True, help_text=_("e.g. “Saturdays”, “after 6 pm”")
    )

    panels = [
        FieldRowPanel([FieldPanel("competence"), FieldPanel("resource")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Standing offer")
        verbose_name_plural = _("Standing offers")
        constraints = [CompetenceOrResource.xor_constraint("offer_competence_xor_resource")]

    def __str__(self):
        return f"{self.entry}, {self.note}" if self.note else str(self.entry)
