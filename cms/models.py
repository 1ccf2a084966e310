from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.blocks import BodyBlock
from cms.visibility import public_pages


class HomePage(Page):
    """The start page; the four index pages of the programme live below it."""

    intro = RichTextField(_("Introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("Content"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "alliances.NeedIndexPage",
        "alliances.OpportunityIndexPage",
        "alliances.ServiceIndexPage",
        "alliances.AllianceIndexPage",
        "alliances.CaptureFormPage",
        "alliances.ImpactPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("Home page")
        verbose_name_plural = _("Home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = public_pages(self.get_children()).specific()
        return context


@register_setting(icon="site")
class ProgrammeSettings(BaseSiteSetting):
    """Site-wide texts an editor changes without a deployment."""

    contact_email = models.EmailField(
        _("Contact address"),
        default="buergerkommune@arnsberg.de",
        help_text=_("A role address, never a personal one."),
    )
    footer_text = models.CharField(
        _("Footer"), max_length=255, blank=True, default="Stadt Arnsberg · Bürger-Kommune"
    )
    imprint_url = models.URLField(_("Imprint"), blank=True)
    privacy_url = models.URLField(_("Privacy policy"), blank=True)

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
        FieldPanel("imprint_url"),
        FieldPanel("privacy_url"),
    ]

    class Meta:
        verbose_name = _("Programme settings")


class RetentionRecord(models.Model):
    """What one run of the retention job removed from one place (shown to the Kernteam)."""

    ran_at = models.DateTimeField(_("Run at"), db_index=True)
    key = models.CharField(_("Place"), max_length=60)
    label = models.CharField(_("What"), max_length=200)
    removed = models.PositiveIntegerField(_("Removed"))
    retention_days = models.PositiveIntegerField(_("Kept for (days)"), null=True)

    class Meta:
        ordering = ["-ran_at", "key"]
        verbose_name = _("Retention record")
        verbose_name_plural = _("Retention records")

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d} {self.key}: {self.removed}"


class WorkerHeartbeat(models.Model):
    """Written by a task worker every minute (a schedule): proof that tasks run."""

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()
    host = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(null=True)

    def __str__(self):
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class SigningKeyCheck(models.Model):
    """A value the web process signs with its SECRET_KEY; workers verify it on start."""

    name = models.CharField(max_length=40, primary_key=True)
    token = models.TextField()
    written_at = models.DateTimeField()

    def __str__(self):
        return self.name


class OutboundMail(models.Model):
    """One mail in the outbox: written in the transaction of its cause, sent by the sweeper.

    `key` is the mail's stable id: queueing the same key twice keeps one row, sent once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Purpose(models.TextChoices):
        SUBMISSION_RECEIPT = "submission_receipt", _("New hand-in (to the Kernteam)")
        INTEREST_CONFIRM = "interest_confirm", _("Double opt-in of a sign-up")
        INTEREST_COORDINATOR = "interest_coordinator", _("Confirmed sign-up (to the coordinator)")
        STAGE_ENTERED = "stage_entered", _("Stage changed")
        ASSIGNED = "assigned", _("Assignment")
        REMINDER = "reminder", _("Reminder")
        ALERT = "alert", _("Alert")

    key = models.CharField(_("Key"), max_length=200, unique=True)
    purpose = models.CharField(_("Purpose"), max_length=40, choices=Purpose.choices)
    to = models.JSONField(_("Recipients"))
    from_email = models.CharField(_("Sender"), max_length=255, blank=True)
    subject = models.CharField(_("Subject"), max_length=255)
    body = models.TextField(_("Text"))
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("Next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("Claimed until"), null=True, blank=True)
    last_error = models.CharField(_("Last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("Queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("Sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Outgoing mail")
        verbose_name_plural = _("Mail outbox")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return self.subject

    def recipients(self) -> str:
        return ", ".join(self.to)

    recipients.short_description = _("Recipients")
