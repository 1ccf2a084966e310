from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

WORKFLOW_FIELDS = ("stage", "stage_changed_at", "assignee", "on_hold_from")
# A transition's comment or reason: a few paragraphs, checked by every form and API.
COMMENT_MAX_LENGTH = 2000


class WorkflowItem(models.Model):
    """Mixin for a page that moves through a state machine.

    Each concrete model declares `stage = FSMField(...)` with its own choices. The stage is
    not content: only the transition runner writes it (docs/ARCHITECTURE.md).
    """

    WORKFLOW_FIELDS = WORKFLOW_FIELDS

    stage_changed_at = models.DateTimeField(_("Stage since"), null=True, blank=True, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    on_hold_from = models.CharField(
        _("Put on hold from"), max_length=32, blank=True, default="", editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A full save of an existing row writes everything except the workflow fields, so
        # a stale instance, a published revision or an admin form never moves the stage.
        # Other keyword arguments (Wagtail's clean/user/log_action) pass through.
        if kwargs.get("update_fields") is None and not self._state.adding and self.pk:
            kwargs["update_fields"] = self.content_field_names()
        return super().save(*args, **kwargs)

    def content_field_names(self) -> list[str]:
        """Every field a full save writes, child relations and parental M2M included."""
        names = [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key and field.name not in WORKFLOW_FIELDS
        ]
        names += [rel.get_accessor_name() for rel in get_all_child_relations(self)]
        names += [field.name for field in get_all_child_m2m_relations(self)]
        return names

    def workflow_actions(self, user) -> list[dict]:
        """Domain actions shown beside the steps: dicts with `label`, `url` (POST), `help`."""
        return []

    def with_content_json(self, content):
        # A revision carries the stage it was saved in; the live workflow state wins.
        obj = super().with_content_json(content)
        for name in WORKFLOW_FIELDS:
            attname = self._meta.get_field(name).attname
            setattr(obj, attname, getattr(self, attname))
        return obj


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
        help_text=_("The step whose cascade moved this item automatically."),
    )
    comment = models.TextField(_("Comment"), blank=True)
    created_at = models.DateTimeField(_("When"), db_index=True)

    class Meta:
        verbose_name = _("Transition log entry")
        verbose_name_plural = _("Transition log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["workflow", "page", "created_at"])]

    def __str__(self):
        return f"{self.page_id}: {self.source} → {self.target}"


class TransitionRule(models.Model):
    """Which groups may run one transition; without a rule only the default group may."""

    transition = models.CharField(
        _("Transition"),
        max_length=150,
        unique=True,
        help_text=_("Workflow and step, e.g. “Needs and opportunities: Start analysis”."),
    )
    groups = models.ManyToManyField(
        "auth.Group", verbose_name=_("Groups allowed"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Transition rule")
        verbose_name_plural = _("Transition rules")
        ordering = ["transition"]

    def __str__(self):
        from workflows.registry import transition_label

        return transition_label(self.transition)


class StageRule(models.Model):
    """Reminder period and who is told when an item enters one stage."""

    stage = models.CharField(_("Stage"), max_length=150, unique=True)
    reminder_days = models.PositiveIntegerField(
        _("Reminder after (days)"),
        null=True,
        blank=True,
        help_text=_("Remind when an item stays longer than this in the stage. Empty: never."),
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
        from workflows.registry import stage_label

        return stage_label(self.stage)


class SentReminder(models.Model):
    """A reminder already sent for one item's stay in one stage (at most one per period)."""

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
