"""The abstract base of every page that moves through a workflow (a `stage` column that
only the transition runner writes: docs/ARCHITECTURE.md, "The workflow-state invariant")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

WORKFLOW_FIELDS = ("stage", "stage_changed_at", "assignee", "on_hold_from")
# A transition's comment or reason: a few paragraphs, checked by every form and API.
COMMENT_MAX_LENGTH = 2000


class StagedPageMixin(models.Model):
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
