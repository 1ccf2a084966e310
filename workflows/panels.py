"""The stage panel on each workflow page's edit view."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from workflows.permissions import may_change_assignee
from workflows.registry import stage_display
from workflows.selectors import transition_options


class StagePanel(Panel):
    """Stage, assignee and the transitions this user may run; read-only, not a form field.

    Each transition opens its own form in a new browser tab, so whatever the editor has
    typed into the edit form stays untouched (and the stage is never part of that form).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Workflow"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "workflows/panels/stage_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk and self.request)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = type(self.instance)._base_manager.get(pk=self.instance.pk)  # live stage
            edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            context.update(
                page=page,
                stage_label=stage_display(type(page), page.stage),
                options=[
                    (
                        option,
                        reverse("stage_steps:transition", args=[page.pk, option.name])
                        + "?"
                        + urlencode({"next": edit_url}),
                    )
                    for option in transition_options(page, self.request.user)
                ],
                history_url=reverse("wagtailadmin_pages:history", args=[page.pk]),
                assignee_url=reverse("stage_steps:assignee", args=[page.pk])
                + "?"
                + urlencode({"next": edit_url})
                if may_change_assignee(self.request.user)
                else "",
                # Domain actions beside the steps (e.g. "create a service for this need").
                extra_actions=page.workflow_actions(self.request.user),
            )
            return context
