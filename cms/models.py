from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.blocks import BodyBlock


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
        context["sections"] = self.get_children().live().public().specific()
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
