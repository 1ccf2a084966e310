"""Admin: sign-ups of interest, for the Kernteam only (the listing shows contact data)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from api.handins.models import InterestSignup


class SignupPermissionPolicy(ModelPermissionPolicy):
    """Sign-ups come from outside: the Kernteam looks at them and deletes them, nothing else."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class InterestSignupViewSet(ModelViewSet):
    model = InterestSignup
    icon = "user"
    menu_label = _("Interest in joining")
    permission_policy = SignupPermissionPolicy(InterestSignup)
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["name"]
    list_display = ["name", "email", "alliance", "age_group", "created_at", "confirmed_at"]
    list_filter = ["alliance", "confirmed_at"]
    search_fields = ["name", "email"]
    inspect_view_fields = [
        "alliance",
        "name",
        "email",
        "age_group",
        "message",
        "offered_competences",
        "offered_resources",
        "consent_at",
        "created_at",
        "confirmed_at",
    ]
