"""Alert subscriptions ("Suchprofil"): a citizen's wish, without an account, to hear by
e-mail of new alliances and new "gesucht" entries in chosen districts, topics or
competences. Double opt-in; the consent (purpose ALERTS) is recorded on the row."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliances.models.consent import Channel, Purpose


class AlertSubscriptionQuerySet(models.QuerySet):
    def receiving(self):
        """Confirmed and not withdrawn: these get digests."""
        return self.filter(confirmed_at__isnull=False, withdrawn_at__isnull=True)


class AlertSubscription(models.Model):
    # The consent this row records (alliances.models.consent.Purpose): always ALERTS.
    PURPOSE = Purpose.ALERTS

    email = models.EmailField(_("E-mail"))
    districts = models.ManyToManyField(
        "alliances.District", verbose_name=_("Districts"), blank=True, related_name="+"
    )
    topics = models.ManyToManyField(
        "alliances.Topic", verbose_name=_("Topics"), blank=True, related_name="+"
    )
    competences = models.ManyToManyField(
        "alliances.Competence", verbose_name=_("Competences"), blank=True, related_name="+"
    )
    consent_given_at = models.DateTimeField(_("Consent given"))
    consent_given_via = models.CharField(_("Given through"), max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(_("Subscribed"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("Confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("Withdrawn on"), null=True, blank=True)
    withdrawn_via = models.CharField(
        _("Withdrawn through"), max_length=10, choices=Channel.choices, blank=True
    )
    # When the last digest to this address was queued: at most one a calendar week,
    # checked under a row lock (api.alerts.digest).
    last_sent_at = models.DateTimeField(_("Last digest"), null=True, blank=True)
    # What was already told (or existed at confirmation): keys such as "a:12" (alliance 12)
    # and "w:12:competence:3" (alliance 12 looks for competence 3).
    seen = models.JSONField(default=list, blank=True)

    objects = AlertSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Alert subscription")
        verbose_name_plural = _("Alert subscriptions")
        constraints = [
            # One pending subscription an address: subscribing again updates it.
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(confirmed_at__isnull=True, withdrawn_at__isnull=True),
                name="alert_one_pending_per_address",
            )
        ]
        indexes = [models.Index(fields=["email"], name="alert_by_email")]

    def __str__(self):
        return self.email
