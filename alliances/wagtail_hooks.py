from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from alliances.reports import urls as report_urls
from alliances.reports.panels import dashboard_panels
from alliances.reports.views import REPORTS, REPORTS_PERMISSION
from alliances.viewsets import CatalogueGroup

register_snippet(CatalogueGroup)


class KernteamMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORTS_PERMISSION)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("berichte/", include(report_urls, namespace="cockpit_reports"))]


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    items = [
        KernteamMenuItem(
            view.page_title,
            reverse(f"cockpit_reports:{view.url_name}"),
            name=view.url_name,
            icon_name="table",
            order=index,
        )
        for index, view in enumerate(REPORTS)
    ]
    return SubmenuMenuItem(
        _("Kernteam reports"), Menu(items=items), icon_name="table", name="cockpit", order=250
    )


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    panels.extend(dashboard_panels(request))
