"""Consent per purpose: what a person agreed to, when and how, and when they withdrew it.

One row per person and purpose is the only record every channel reads: the public name
(API, site, embed, webhooks), published voices, the Kernteam's contact, alerts. A
withdrawal keeps the row (when it was given and withdrawn is what the city must be able to
show) and takes effect everywhere through the one stream (`api.stream.consents_changed`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class Purpose(models.TextChoices):
    PUBLIC_NAME = "public_name", _("Show the name publicly")
    VOICE = "voice", _("Publish their voice")
    CONTACT = "contact", _("Contact by the Kernteam")
    ALERTS = "alerts", _("Notifications (alerts)")


# The purposes whose consent decides what the public channels show.
PUBLIC_PURPOSES = frozenset({Purpose.PUBLIC_NAME, Purpose.VOICE})


class Channel(models.TextChoices):
    """How a consent was given or withdrawn."""

    ADMIN = "admin", _("Recorded by the Kernteam (admin)")
    FORM = "form", _("Online form")
    API = "api", _("Partner website (API)")
    LINK = "link", _("Withdrawal link in an e-mail")


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


def has_active_consent(purpose: str, person_field: str = "pk") -> Exists:
    """A subquery for querysets: the row's person holds an active consent for `purpose`."""
    return Exists(Consent.objects.active().filter(person=OuterRef(person_field), purpose=purpose))


def joined_active_consent(purpose: str, person_path: str = "person") -> Q:
    """The same condition as a join (`person_path`: the lookup path to the person), for
    grouped counts over many rows: a person holds one consent per purpose at most, so the
    join adds no row, and the database reads the consents once instead of one per row."""
    return Q(
        **{
            f"{person_path}__consents__purpose": purpose,
            f"{person_path}__consents__withdrawn_at__isnull": True,  # as `active()`
        }
    )


class Consent(models.Model):
    person = ParentalKey("alliances.Person", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("Purpose"), max_length=20, choices=Purpose.choices)
    given_at = models.DateTimeField(_("Given on"), default=timezone.now)
    given_via = models.CharField(
        _("Given through"), max_length=10, choices=Channel.choices, default=Channel.ADMIN
    )
    withdrawn_at = models.DateTimeField(_("Withdrawn on"), null=True, blank=True)
    withdrawn_via = models.CharField(
        _("Withdrawn through"), max_length=10, choices=Channel.choices, blank=True
    )

    objects = ConsentQuerySet.as_manager()

    panels = [
        FieldPanel("purpose"),
        FieldRowPanel([FieldPanel("given_at"), FieldPanel("given_via")]),
        FieldRowPanel([FieldPanel("withdrawn_at"), FieldPanel("withdrawn_via")]),
    ]

    class Meta:
        ordering = ["purpose"]
        verbose_name = _("Consent")
        verbose_name_plural = _("Consents")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                name="consent_one_per_person_and_purpose",
                violation_error_message=_("This purpose is already recorded for the person."),
            )
        ]

    def __str__(self):
        return str(self.get_purpose_display())

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored = (instance.purpose, instance.withdrawn_at is None)
        return instance

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    def touches_public(self) -> bool:
        """Saving this row can change what the public sees (new, or purpose or state
        changed, for a purpose the public channels read); an unchanged row saved with its
        person's form does not."""
        stored = getattr(self, "_stored", None)
        if stored == (self.purpose, self.active):
            return False
        purposes = {self.purpose, stored[0]} if stored else {self.purpose}
        return bool(purposes & PUBLIC_PURPOSES)

    def clean(self):
        super().clean()
        if self.withdrawn_at and self.given_at and self.withdrawn_at < self.given_at:
            raise ValidationError(
                {"withdrawn_at": _("A consent cannot be withdrawn before it was given.")}
            )
        if self.withdrawn_at and not self.withdrawn_via:
            self.withdrawn_via = Channel.ADMIN
