"""Sign-ups of interest in joining an alliance (Kernteam only, never in the API)."""

from django.conf import settings
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


class Invitation(models.Model):
    """The Kernteam asked a candidate of the matching to join an alliance for what it lacks.

    Only persons are invited: they alone carry a consent to be contacted (`Purpose.CONTACT`)
    and an address; organisations have neither, and sign-ups already asked to join. The
    invited person accepts through a signed, single-use link; accepting creates a confirmed
    `InterestSignup` for the alliance (`signup`) and records the consent (`consent_text`
    agreed to at `accepted_at`, through the link of this invitation's mail).
    """

    alliance = models.ForeignKey(
        "alliances.AlliancePage",
        verbose_name=_("Alliance"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    person = models.ForeignKey(
        "alliances.Person",
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    competences = models.ManyToManyField(
        "alliances.Competence", verbose_name=_("Competences"), blank=True, related_name="+"
    )
    resources = models.ManyToManyField(
        "alliances.Resource", verbose_name=_("Resources"), blank=True, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Invited on"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("Accepted on"), null=True, blank=True)
    consent_text = models.TextField(_("Consent given"), blank=True)
    withdrawn_at = models.DateTimeField(_("Withdrawn on"), null=True, blank=True)
    signup = models.OneToOneField(
        InterestSignup,
        verbose_name=_("Sign-up"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Invitation")
        verbose_name_plural = _("Invitations")
        indexes = [models.Index(fields=["person", "alliance", "created_at"])]

    def __str__(self):
        return f"{self.alliance} ({self.created_at:%d.%m.%Y})"
