"""Admin: the mail outbox, read-only, so the Kernteam sees what was sent and what is stuck;
and the locked logins (django-axes), which the Kernteam may lift by deleting them."""

from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from cms.models import OutboundMail


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Rows written by the system: people with the view permission may look, nobody edits."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class OutboundMailViewSet(ModelViewSet):
    model = OutboundMail
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
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
