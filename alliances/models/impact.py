"""Impact: what an alliance achieved per period, voices of the people involved, the Wirkung page.

Impact reports and voices are inlines of the alliance page, so they follow Wagtail's draft
semantics: what the public sees is what was published with the alliance page.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from alliances.serving import PublicOnlyMixin


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
        """Only statements whose speaker agreed to their publication."""
        return self.filter(consent_given=True)


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
        help_text=_("Their name is shown only if they agreed to show it publicly."),
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
    def public_attribution(self) -> str:
        """The person's name only with their consent to show it, else the attribution."""
        name = self.person.public_name if self.person_id else None
        if name and self.attribution:
            return f"{name}, {self.attribution}"
        return name or self.attribution


class ImpactPage(PublicOnlyMixin, Page):
    """The public "Wirkung" page: published impact per topic and district."""

    intro = RichTextField(_("Introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1
    template = "alliances/impact_page.html"

    class Meta:
        verbose_name = _("Impact page")

    def get_context(self, request, *args, **kwargs):
        from alliances.impact import ImpactFilterForm, impact_summary

        context = super().get_context(request, *args, **kwargs)
        form = ImpactFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["summary"] = impact_summary(
            district=filters.get("district"), topic=filters.get("topic")
        )
        return context
