"""Impact: what an alliance achieved per period, voices of the people involved, and the
alliance's own impact as its page shows it (the Wirkung page is `impact_page.py`).

Impact reports and voices are inlines of the alliance page, so they follow Wagtail's draft
semantics: what the public sees is what was published with the alliance page.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from alliances.models.items import GapAssessment

if TYPE_CHECKING:
    from alliances.models.alliance import AlliancePage


class ImpactReport(Orderable):
    """People reached, volunteer hours and what changed, for one alliance and one period."""

    alliance = ParentalKey(
        "alliances.AlliancePage", on_delete=models.CASCADE, related_name="impact_reports"
    )
    period_start = models.DateField(_("Period from"))
    period_end = models.DateField(_("Period until"))
    people_reached = models.PositiveIntegerField(_("People reached"), default=0)
    volunteer_hours = models.DecimalField(
        _("Volunteer hours"), max_digits=9, decimal_places=1, default=0
    )
    what_changed = models.TextField(
        _("What changed"),
        help_text=_("Describe the outcome for the city; credit the alliance, not individuals."),
    )

    panels = [
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldRowPanel([FieldPanel("people_reached"), FieldPanel("volunteer_hours")]),
        FieldPanel("what_changed"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Impact report")
        verbose_name_plural = _("Impact reports")
        permissions = [("view_kernteam_reports", _("Can see the Kernteam reports"))]

    def __str__(self):
        return f"{self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


class VoiceQuerySet(models.QuerySet):
    def publishable(self):
        """Only statements agreed for publication, and of a named person only while that
        person's consent to publish their voice stands."""
        from alliances.models.consent import Purpose, has_active_consent

        return self.filter(consent_given=True).filter(
            Q(person__isnull=True) | Q(has_active_consent(Purpose.VOICE, "person"))
        )


class Voice(Orderable):
    """A short statement of a person involved about what their engagement gives them."""

    alliance = ParentalKey(
        "alliances.AlliancePage", on_delete=models.CASCADE, related_name="voices"
    )
    quote = models.TextField(_("Statement"), max_length=600)
    person = models.ForeignKey(
        "alliances.Person",
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="voices",
        help_text=_(
            "Their statement is published only while they agree to publish their voice, "
            "their name only while they agree to show it (see the person's consents)."
        ),
    )
    attribution = models.CharField(
        _("Attribution"),
        max_length=120,
        blank=True,
        help_text=_("Shown instead of a name, e.g. “reading mentor, 68”."),
    )
    consent_given = models.BooleanField(
        _("The person agreed to the publication of this statement"), default=False
    )
    consent_on = models.DateField(_("Consent given on"), null=True, blank=True)

    objects = VoiceQuerySet.as_manager()

    panels = [
        FieldPanel("quote"),
        FieldRowPanel([FieldPanel("person"), FieldPanel("attribution")]),
        FieldRowPanel([FieldPanel("consent_given"), FieldPanel("consent_on")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Voice")
        verbose_name_plural = _("Voices")

    def __str__(self):
        return self.quote[:60]

    def clean(self):
        super().clean()
        if self.consent_given and not self.consent_on:
            raise ValidationError({"consent_on": _("Please enter the date the consent was given.")})

    @property
    def publishable(self) -> bool:
        """The in-memory form of `Voice.objects.publishable()` (previews hold voices in
        memory, where only the queryset API exists)."""
        from alliances.models.consent import Purpose

        if not self.consent_given:
            return False
        return self.person_id is None or self.person.has_consent(Purpose.VOICE)

    @property
    def public_attribution(self) -> str:
        """The person's name only with their consent to show it, else the attribution."""
        name = self.person.public_name if self.person_id else None
        if name and self.attribution:
            return f"{name}, {self.attribution}"
        return name or self.attribution


def remeasured_gaps(*, alliance: "AlliancePage", period_start: date, period_end: date):
    """Gaps of the items the alliance's services meet, re-measured within the period."""
    return (
        GapAssessment.objects.filter(
            item__service_links__service__alliance_links__alliance=alliance,
            remeasured_on__gte=period_start,
            remeasured_on__lte=period_end,
        )
        .select_related("standard", "item")
        .distinct()
        .order_by("remeasured_on", "pk")
    )


@dataclass
class AllianceImpact:
    reports: list  # of (report, remeasured gaps)
    voices: list
    people_reached: int
    volunteer_hours: Decimal


def alliance_impact(*, alliance: "AlliancePage") -> AllianceImpact:
    """The alliance's own impact reports with their re-measured gaps, and consented voices."""
    reports = list(alliance.impact_reports.order_by("-period_end", "pk"))
    return AllianceImpact(
        reports=[
            (
                report,
                list(
                    remeasured_gaps(
                        alliance=alliance,
                        period_start=report.period_start,
                        period_end=report.period_end,
                    )
                ),
            )
            for report in reports
        ],
        # A filter, not the queryset method: previews of a revision hold the voices in
        # memory (modelcluster's FakeQuerySet), where only the queryset API exists.
        voices=[
            voice
            for voice in alliance.voices.filter(consent_given=True)
            .select_related("person")
            .prefetch_related("person__consents")
            if voice.publishable
        ],
        people_reached=sum(r.people_reached for r in reports),
        volunteer_hours=sum((r.volunteer_hours for r in reports), Decimal(0)),
    )
