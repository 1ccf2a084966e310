from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkflowItem(models.Model):
    """Mixin for a page that moves through a state machine.

    Each concrete model declares `stage = FSMField(...)` with its own choices. The stage is
    not content: only the transition runner writes it (see DESIGN.md, the invariant).
    """

    WORKFLOW_FIELDS = ("stage", "stage_changed_at", "assignee", "on_hold_from")

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
