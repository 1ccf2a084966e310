"""Admin: the mail outbox, read-only, so the Kernteam sees what was sent and what is stuck."""

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
