from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from workflows.models import RUN_PERMISSION, StageRule, TransitionRule
from workflows.services import ASSIGN_LOG_ACTION, CASCADE_LOG_ACTION, LOG_ACTION
from workflows.viewsets import stage_rule_viewset, transition_rule_viewset


@hooks.register("register_log_actions")
def register_transition_log_action(actions):
    @actions.register_action(LOG_ACTION)
    class TransitionFormatter(LogFormatter):
        label = _("Stage changed")

        def format_message(self, log_entry):
            data = log_entry.data
            message = _("Stage changed: %(label)s (%(source)s → %(target)s)") % {
                "label": data.get("label", data.get("transition", "")),
                "source": data.get("source_label", data.get("source", "")),
                "target": data.get("target_label", data.get("target", "")),
            }
            if data.get("caused_by"):
                message += " " + _("(automatic, caused by a step on “%(title)s”)") % {
                    "title": data["caused_by"]
                }
            return message

        def format_comment(self, log_entry):
            return log_entry.data.get("comment", "")

    @actions.register_action(CASCADE_LOG_ACTION)
    class CascadeFormatter(LogFormatter):
        label = _("Pages moved automatically")

        def format_message(self, log_entry):
            moved = log_entry.data.get("moved", [])
            return _("Moved automatically: %(pages)s") % {
                "pages": ", ".join(
                    _("“%(title)s” → %(stage)s") % {"title": m["title"], "stage": m["stage"]}
                    for m in moved
                )
            }


@hooks.register("register_log_actions")
def register_assign_log_action(actions):
    @actions.register_action(ASSIGN_LOG_ACTION)
    class AssignFormatter(LogFormatter):
        label = _("Assignee changed")

        def format_message(self, log_entry):
            who = log_entry.data.get("assignee") or _("nobody")
            return _("Assignee changed to %(who)s") % {"who": who}


@hooks.register("register_admin_urls")
def register_workflow_admin_urls():
    from django.urls import include, path

    from workflows import admin_urls

    # Not "workflows/": that prefix is Wagtail's own moderation workflows.
    return [path("stufen/", include(admin_urls, namespace="stage_steps"))]


register_permission_policy(TransitionRule)
register_permission_policy(StageRule)


@hooks.register("register_admin_viewset")
def register_rule_viewsets():
    return [transition_rule_viewset, stage_rule_viewset]


@hooks.register("register_permissions")
def register_run_permission():
    """Offer `workflows.run_transition` in the admin's group editor."""
    app_label, codename = RUN_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
