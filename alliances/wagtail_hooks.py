from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from alliances.board import board_view, may_see_board
from alliances.viewsets import CatalogueGroup

register_snippet(CatalogueGroup)


@hooks.register("register_admin_urls")
def register_board_url():
    return [path("kernteam/board/", board_view, name="kernteam_board")]


class KernteamMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_board(request.user)


@hooks.register("register_admin_menu_item")
def register_kernteam_menu():
    menu = Menu(
        items=[
            KernteamMenuItem(_("Board"), reverse_lazy("kernteam_board"), icon_name="table"),
            KernteamMenuItem(
                _("Who may run a step"), reverse_lazy("transition_rules:index"), icon_name="lock"
            ),
            KernteamMenuItem(
                _("Reminders and notices"), reverse_lazy("stage_rules:index"), icon_name="time"
            ),
            KernteamMenuItem(
                _("State diagrams"), reverse_lazy("workflows:diagrams"), icon_name="cogs"
            ),
        ]
    )
    return SubmenuMenuItem(_("Kernteam"), menu, icon_name="group", order=150)
