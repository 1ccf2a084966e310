"""Wagtail's users app with the product's user listing (`cms.viewsets.UserViewSet`), as
Wagtail's documentation has a project customise it: INSTALLED_APPS names this config in
place of "wagtail.users". Label, models and migrations stay Wagtail's."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "cms.viewsets.UserViewSet"
