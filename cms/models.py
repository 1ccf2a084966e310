from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.blocks import BodyBlock
from cms.methods import PAGE_READ_ONLY
from cms.phone import validate_phone
from cms.visibility import public_pages


class HomePage(Page):
    """The start page; the four index pages of the programme live below it."""

    allowed_http_methods = PAGE_READ_ONLY  # others: 405 before the CSRF check

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
        "cms.LegalPage",
        "cms.AccessibilityStatementPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("Home page")
        verbose_name_plural = _("Home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = (
            public_pages(self.get_children())
            .not_type(LegalPage, AccessibilityStatementPage)
            .specific()
        )
        return context


class LegalPage(Page):
    """A duty page of the site: Impressum, Datenschutzerklärung; the text is the editors'."""

    allowed_http_methods = PAGE_READ_ONLY  # others: 405 before the CSRF check

    body = RichTextField(
        _("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    template = "cms/legal_page.html"

    class Meta:
        verbose_name = _("Legal page (imprint, privacy policy)")
        verbose_name_plural = _("Legal pages")


class AccessibilityStatementPage(Page):
    """The accessibility statement § 10b BGG NRW and BITV NRW (which applies BITV 2.0) ask
    of a city: conformance, what is not accessible and why, the feedback contact and the
    enforcement body (in NRW the Ombudsstelle, §§ 10d, 10e BGG NRW; the federal
    Schlichtungsstelle nach § 16 BGG is for federal bodies)."""

    allowed_http_methods = PAGE_READ_ONLY  # others: 405 before the CSRF check

    class Conformance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    conformance = models.CharField(
        _("Conformance with BITV 2.0"),
        max_length=10,
        choices=Conformance.choices,
        default=Conformance.PARTIAL,
    )
    intro = RichTextField(_("Introduction"), features=["bold", "italic", "link"], blank=True)
    not_accessible = RichTextField(
        _("Content that is not accessible, and why"),
        features=["bold", "italic", "link", "ul"],
        blank=True,
    )
    prepared_on = models.DateField(_("Statement prepared on"))
    reviewed_on = models.DateField(_("Last reviewed on"), null=True, blank=True)
    method = models.CharField(
        _("How it was assessed"),
        max_length=255,
        default="Selbstbewertung mit automatischen und manuellen Prüfungen",
    )
    feedback_contact = models.CharField(_("Feedback: responsible office"), max_length=255)
    feedback_email = models.EmailField(_("Feedback: e-mail"))
    feedback_phone = models.CharField(
        _("Feedback: phone"), max_length=40, blank=True, validators=[validate_phone]
    )
    enforcement_body = models.CharField(
        _("Enforcement body"),
        max_length=255,
        default="Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen",
    )
    enforcement_address = models.TextField(
        _("Enforcement body: address"),
        default="bei der Landesbeauftragten für Menschen mit Behinderung und für Patientinnen "
        "und Patienten in Nordrhein-Westfalen\nFürstenwall 25\n40219 Düsseldorf",
    )
    enforcement_email = models.EmailField(
        _("Enforcement body: e-mail"), default="ombudsstelle-barrierefreie-it@mags.nrw.de"
    )
    enforcement_url = models.URLField(
        _("Enforcement body: website"),
        default="https://www.lbbp.nrw.de/ombudsstelle",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("conformance"),
                FieldPanel("not_accessible"),
                FieldRowPanel([FieldPanel("prepared_on"), FieldPanel("reviewed_on")]),
                FieldPanel("method"),
            ],
            heading=_("Status of accessibility"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("feedback_contact"),
                FieldRowPanel([FieldPanel("feedback_email"), FieldPanel("feedback_phone")]),
            ],
            heading=_("Feedback and contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("enforcement_body"),
                FieldPanel("enforcement_address"),
                FieldRowPanel([FieldPanel("enforcement_email"), FieldPanel("enforcement_url")]),
            ],
            heading=_("Enforcement procedure"),
        ),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1
    template = "cms/accessibility_statement_page.html"

    class Meta:
        verbose_name = _("Accessibility statement")
        verbose_name_plural = _("Accessibility statements")


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
    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Imprint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Privacy policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The footer reads them on every page: one query with the settings row.
    select_related = ["imprint_page", "privacy_page", "accessibility_page"]

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("imprint_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Footer links"),
        ),
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
        INVITATION = "invitation", _("Invitation to an alliance")

    key = models.CharField(_("Key"), max_length=200, unique=True)
    purpose = models.CharField(_("Purpose"), max_length=40, choices=Purpose.choices)
    to = models.JSONField(_("Recipients"))
    delivered_to = models.JSONField(_("Delivered to"), default=list, blank=True)
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
