from axes.models import AccessAttempt
from django.utils.translation import gettext_noop
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy

from cms import health
from cms.models import OutboundMail
from cms.viewsets import (
    LockedLoginViewSet,
    LockPermissionPolicy,
    OutboundMailViewSet,
    ReadOnlyPermissionPolicy,
)

register_permission_policy(OutboundMail, ReadOnlyPermissionPolicy(OutboundMail))
register_permission_policy(AccessAttempt, LockPermissionPolicy(AccessAttempt))

# Wagtail's own German catalogue leaves these English. The project's catalogue (LOCALE_PATHS)
# wins over the apps', so it translates them; listed here so `makemessages` keeps them. The
# same words in Wagtail's JavaScript (the sidebar) are in locale/de/LC_MESSAGES/djangojs.po.
WAGTAIL_TERMS_LEFT_ENGLISH = [gettext_noop("Dashboard")]


@hooks.register("register_admin_viewset")
def register_mail_outbox():
    return OutboundMailViewSet("mail_outbox")


@hooks.register("register_admin_viewset")
def register_locked_logins():
    return LockedLoginViewSet("locked_logins")


class WorkerAbsentPanel(Component):
    """On the dashboard while no worker has run for longer than the grace (cms.health)."""

    name = "worker_absent"
    template_name = "cms/panels/worker_absent.html"
    order = 10

    def __init__(self, presence):
        self.presence = presence

    def get_context_data(self, parent_context):
        return {"last_heartbeat": self.presence.last_heartbeat}


@hooks.register("construct_homepage_panels")
def warn_when_no_worker_runs(request, panels):
    presence = health.worker_presence()
    if presence.absent:
        panels.append(WorkerAbsentPanel(presence))


@hooks.register("construct_reports_menu")
def hide_what_the_user_may_not_see(request, menu_items):
    """The site history only for those who may see it (cms.wagtail_reports.KernteamOnly)."""
    from cms.wagtail_reports import may_see_site_history

    if not may_see_site_history(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]
