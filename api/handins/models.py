"""Sign-ups of interest in joining an alliance (Kernteam only, never in the API)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InterestSignup(models.Model):
    alliance = models.ForeignKey(
        "alliances.AlliancePage",
        verbose_name=_("Alliance"),
        on_delete=models.CASCADE,
        related_name="interest_signups",
    )
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-mail"))
    age_group = models.ForeignKey(
        "alliances.AgeGroup",
        verbose_name=_("Age group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("Message"), max_length=2000, blank=True)
    offered_competences = models.ManyToManyField(
        "alliances.Competence",
        verbose_name=_("Competences offered"),
        blank=True,
        related_name="interest_signups",
    )
    offered_resources = models.ManyToManyField(
        "alliances.Resource",
        verbose_name=_("Resources offered"),
        blank=True,
        related_name="interest_signups",
    )
    consent_at = models.DateTimeField(_("Consent given"))
    created_at = models.DateTimeField(_("Signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("Confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Interest in joining")
        verbose_name_plural = _("Expressions of interest in joining")

    def __str__(self):
        return f"{self.name} → {self.alliance}"
