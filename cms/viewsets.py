"""Admin: the mail outbox, read-only, so the Kernteam sees what was sent and what is stuck;
and the locked logins (django-axes), which the Kernteam may lift by deleting them."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from cms import health
from cms.models import OutboundMail
from cms.privacy import export_value


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Rows written by the system: people with the view permission may look, nobody edits."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class WaitsForWorkerIndexView(IndexView):
    """A list of rows a worker sends: says so when some wait and no worker has run for
    longer than the grace (cms.health), instead of leaving them "waiting" silently."""

    waiting_message = ""

    def waiting(self) -> bool:
        """Whether rows wait for the worker: each list says which (an abstract hook)."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        if not self.results_only and self.waiting() and health.worker_presence().absent:
            messages.warning(request, self.waiting_message)
        return super().get(request, *args, **kwargs)


class OutboundMailIndexView(WaitsForWorkerIndexView):
    waiting_message = _(
        "No background service is running: waiting mails are sent only once it "
        "runs again. Please tell whoever looks after the server."
    )

    def waiting(self) -> bool:
        return OutboundMail.objects.filter(status=OutboundMail.Status.PENDING).exists()


class OutboundMailViewSet(ModelViewSet):
    model = OutboundMail
    index_view_class = OutboundMailIndexView
    icon = "mail"
    menu_label = _("Mail outbox")
    add_to_admin_menu = True
    menu_order = 320
    permission_policy = ReadOnlyPermissionPolicy(OutboundMail)
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["status"]
    list_display = ["subject", "recipients", "purpose", "status", "attempts", "created_at"]
    list_filter = ["status", "purpose"]
    search_fields = ["subject", "key"]
    inspect_view_fields = [
        "subject",
        "recipients",
        "purpose",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
        "key",
        "body",
    ]


class LockPermissionPolicy(ModelPermissionPolicy):
    """Failed logins are written by django-axes: one may look at them and delete them
    (which lifts the lock), never add or change one."""

    def user_has_permission(self, user, action):
        if action not in ("view", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def lock_ends(attempt: AccessAttempt):
    """When the lock of this username and address ends (the last failure plus
    AXES_COOLOFF_TIME), or None if the pair is not locked (fewer failures than the limit)."""
    if attempt.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return None
    return attempt.attempt_time + settings.AXES_COOLOFF_TIME


def _lock_end_text(attempt: AccessAttempt) -> str:
    end = lock_ends(attempt)
    if end is None:
        return str(_("not locked"))
    if end <= timezone.now():
        return str(_("ended %(when)s") % {"when": export_value(end)})
    return export_value(end)


def _attempt_label(attempt: AccessAttempt) -> str:
    return f"{attempt.username} ({attempt.ip_address}), {export_value(attempt.attempt_time)}"


class _LockedLoginNames:
    """Edit and delete pages: the row by name, address and time, under "Gesperrte Anmeldungen"
    (not axes' "Attempted Access: <UTC>" under "Zugriffsversuche")."""

    def get_page_subtitle(self):
        return _attempt_label(self.object)

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        index = reverse(self.index_url_name)
        return [
            {**item, "label": _("Locked logins")} if item.get("url") == index else item
            for item in items
        ]


class LockedLoginEditView(_LockedLoginNames, EditView):
    pass


class LockedLoginDeleteView(_LockedLoginNames, DeleteView):
    pass


class LockedLoginIndexView(IndexView):
    page_title = _("Locked logins")

    def get_list_buttons(self, instance):
        # Wagtail names the row by str(instance): axes' English "Attempted Access: <UTC>".
        buttons = super().get_list_buttons(instance)
        for button in buttons:
            if "aria-label" in getattr(button, "attrs", {}):
                button.attrs["aria-label"] = _("More options for '%(title)s'") % {
                    "title": _attempt_label(instance)
                }
        return buttons


class LockedLoginViewSet(ModelViewSet):
    """Einstellungen → Gesperrte Anmeldungen: delete a row to lift the lock at once."""

    model = AccessAttempt
    icon = "lock"
    menu_label = _("Locked logins")
    add_to_settings_menu = True
    permission_policy = LockPermissionPolicy(AccessAttempt)
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["username"]
    list_display = [
        "username",
        "ip_address",
        "failures_since_start",
        "attempt_time",
        Column("lock_ends", label=_("Locked until"), accessor=_lock_end_text),
    ]
    search_fields = ["username", "ip_address"]
    index_view_class = LockedLoginIndexView
    edit_view_class = LockedLoginEditView
    delete_view_class = LockedLoginDeleteView
