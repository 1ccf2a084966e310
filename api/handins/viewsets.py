"""Admin: sign-ups of interest, for the Kernteam only (the listing shows contact data)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from alliances.models import AlliancePage
from api.handins.models import InterestSignup


def alliances_with_signups(request):
    """Only alliances someone signed up for: a choice of every alliance would list all of
    them (10,000 options, 590 KB of HTML, 1-2 s per listing at 10,000 alliances)."""
    return AlliancePage.objects.filter(interest_signups__isnull=False).distinct().order_by("title")


class InterestSignupFilterSet(WagtailFilterSet):
    alliance = django_filters.ModelChoiceFilter(
        label=_("Alliance"), queryset=alliances_with_signups, empty_label=_("All alliances")
    )
    confirmed_at = django_filters.DateFromToRangeFilter(
        label=_("Confirmed"), widget=DateRangePickerWidget
    )

    class Meta:
        model = InterestSignup
        fields = ["alliance", "confirmed_at"]


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
    filterset_class = InterestSignupFilterSet
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
