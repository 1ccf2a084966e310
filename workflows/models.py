from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.registry import stage_label, transition_label
from workflows.staged import COMMENT_MAX_LENGTH, WORKFLOW_FIELDS, StagedPageMixin

# The permission that decides who runs steps where no TransitionRule names groups.
RUN_PERMISSION_CODENAME = "run_transition"
RUN_PERMISSION = f"workflows.{RUN_PERMISSION_CODENAME}"

__all__ = [
    "COMMENT_MAX_LENGTH",
    "RUN_PERMISSION",
    "WORKFLOW_FIELDS",
    "SentReminder",
    "StageRule",
    "TransitionLog",
    "TransitionRule",
    "StagedPageMixin",
]


class TransitionLog(models.Model):
    """One row per stage change, written by the runner in the transition's transaction."""

    class Cause(models.TextChoices):
        PERSON = "person", _("Person")
        # An automatic step: a cascade (credited to the person whose step caused it) or a job.
        SYSTEM = "system", _("automatic")

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Page"),
        on_delete=models.CASCADE,
        related_name="transition_logs",
    )
    workflow = models.CharField(_("Workflow"), max_length=100)
    transition = models.CharField(_("Transition"), max_length=64)
    source = models.CharField(_("From"), max_length=32, blank=True)
    target = models.CharField(_("To"), max_length=32)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("By"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cause = models.CharField(_("Cause"), max_length=8, choices=Cause.choices)
    caused_by = models.ForeignKey(
        "self",
        verbose_name=_("Caused by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cascaded",
        help_text=_("The step whose cascade moved this page automatically."),
    )
    comment = models.TextField(_("Comment"), blank=True)
    created_at = models.DateTimeField(_("When"), db_index=True)

    class Meta:
        verbose_name = _("Transition log entry")
        verbose_name_plural = _("Transition log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["workflow", "page", "created_at"])]
        # Who runs the workflow by default: steps without a TransitionRule, assignees,
        # the board. Granted to groups in the admin (the domain's migration grants it).
        permissions = [(RUN_PERMISSION_CODENAME, _("Can run steps and set who is responsible"))]

    def __str__(self):
        return f"{self.page_id}: {self.source} → {self.target}"


class TransitionRule(models.Model):
    """Which groups may run one transition; without a rule, whoever holds RUN_PERMISSION."""

    transition = models.CharField(
        _("Transition"),
        max_length=150,
        unique=True,
        help_text=_("Workflow and step, e.g. “Needs and opportunities: Start analysis”."),
    )
    groups = models.ManyToManyField(
        "auth.Group", verbose_name=_("Groups allowed"), blank=True, related_name="+"
    )
    advisories_block = models.BooleanField(
        _("Notes block the step"),
        default=False,
        help_text=_(
            "The step's notes (e.g. essential requirements no member covers) stop it when "
            "checked; otherwise they are shown as a warning and the step may be taken."
        ),
    )

    class Meta:
        verbose_name = _("Transition rule")
        verbose_name_plural = _("Transition rules")
        ordering = ["transition"]

    def __str__(self):
        return transition_label(self.transition)


class StageRule(models.Model):
    """Reminder period and who is told when a page enters one stage."""

    stage = models.CharField(_("Stage"), max_length=150, unique=True)
    reminder_days = models.PositiveIntegerField(
        _("Reminder after (days)"),
        null=True,
        blank=True,
        help_text=_("Remind when a page stays longer than this in the stage. Empty: never."),
    )
    notify_assignee = models.BooleanField(_("Notify the assignee"), default=True)
    notify_groups = models.ManyToManyField(
        "auth.Group", verbose_name=_("Notify groups"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Stage rule")
        verbose_name_plural = _("Stage rules")
        ordering = ["stage"]

    def __str__(self):
        return stage_label(self.stage)


class SentReminder(models.Model):
    """A reminder already sent for one page's stay in one stage (at most one per period)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=32)
    stage_since = models.DateTimeField()
    period = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Sent reminder")
        verbose_name_plural = _("Sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "stage", "stage_since", "period"], name="unique_reminder_per_period"
            )
        ]

    def __str__(self):
        return f"{self.page_id}: {self.stage} #{self.period}"
