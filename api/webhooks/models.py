"""Webhook endpoints and the outbox of deliveries."""

import base64
import secrets
import uuid

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """Per kind: `published` when a page becomes public, `unpublished` when it stops being
    public (whatever the cause), `updated` / `stage_changed` while it stays public. Each
    has a German name for people and its code for programs."""

    ALLIANCE_PUBLISHED = (
        "alliance.published",
        format_lazy("{} ({})", _("Alliance published"), "alliance.published"),
    )
    ALLIANCE_UPDATED = (
        "alliance.updated",
        format_lazy("{} ({})", _("Alliance updated"), "alliance.updated"),
    )
    ALLIANCE_UNPUBLISHED = (
        "alliance.unpublished",
        format_lazy("{} ({})", _("Alliance unpublished"), "alliance.unpublished"),
    )
    ALLIANCE_STAGE_CHANGED = (
        "alliance.stage_changed",
        format_lazy("{} ({})", _("Alliance changed its stage"), "alliance.stage_changed"),
    )
    SERVICE_PUBLISHED = (
        "service.published",
        format_lazy("{} ({})", _("Service published"), "service.published"),
    )
    SERVICE_UPDATED = (
        "service.updated",
        format_lazy("{} ({})", _("Service updated"), "service.updated"),
    )
    SERVICE_UNPUBLISHED = (
        "service.unpublished",
        format_lazy("{} ({})", _("Service unpublished"), "service.unpublished"),
    )
    SERVICE_STAGE_CHANGED = (
        "service.stage_changed",
        format_lazy("{} ({})", _("Service changed its stage"), "service.stage_changed"),
    )
    NEED_PUBLISHED = (
        "need.published",
        format_lazy("{} ({})", _("Need published"), "need.published"),
    )
    NEED_UPDATED = (
        "need.updated",
        format_lazy("{} ({})", _("Need updated"), "need.updated"),
    )
    NEED_UNPUBLISHED = (
        "need.unpublished",
        format_lazy("{} ({})", _("Need unpublished"), "need.unpublished"),
    )
    NEED_STAGE_CHANGED = (
        "need.stage_changed",
        format_lazy("{} ({})", _("Need changed its stage"), "need.stage_changed"),
    )
    OPPORTUNITY_PUBLISHED = (
        "opportunity.published",
        format_lazy("{} ({})", _("Opportunity published"), "opportunity.published"),
    )
    OPPORTUNITY_UPDATED = (
        "opportunity.updated",
        format_lazy("{} ({})", _("Opportunity updated"), "opportunity.updated"),
    )
    OPPORTUNITY_UNPUBLISHED = (
        "opportunity.unpublished",
        format_lazy("{} ({})", _("Opportunity unpublished"), "opportunity.unpublished"),
    )
    OPPORTUNITY_STAGE_CHANGED = (
        "opportunity.stage_changed",
        format_lazy("{} ({})", _("Opportunity changed its stage"), "opportunity.stage_changed"),
    )


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookEndpoint(models.Model):
    name = models.CharField(_("Name"), max_length=120)
    partner = models.ForeignKey(
        "api.Partner",
        verbose_name=_("Partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webhook_endpoints",
        help_text=_("The partner website this endpoint belongs to."),
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("Events"), default=list)
    secret = models.CharField(_("Signing secret"), max_length=100, default=new_secret)
    is_active = models.BooleanField(_("Active"), default=True)
    disabled_reason = models.CharField(_("Disabled because"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Webhook endpoint")
        verbose_name_plural = _("Webhook endpoints")

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One outbox row: one event for one endpoint. Its id is the `webhook-id` on every try."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        # Not sent: its page was no longer public when it was due (its retraction follows).
        WITHHELD = "withheld", _("Withheld (no longer public)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("Endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event_id = models.UUIDField(_("Event id"), db_index=True)
    event_type = models.CharField(_("Event"), max_length=40, choices=Event.choices)
    payload = models.JSONField(_("Payload"))
    # The page the event is about: its visibility is checked again when the row is sent.
    page_id = models.IntegerField(_("Page"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("Next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("Claimed until"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("Response code"), null=True, blank=True)
    last_error = models.CharField(_("Last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("Delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Webhook delivery")
        verbose_name_plural = _("Webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event_type} → {self.endpoint}"

    @property
    def webhook_id(self) -> str:
        return f"msg_{self.id.hex}"
