from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet

from alliances import privacy, privacy_views
from alliances.admin_views import guide_view, item_service_create_view
from alliances.board import board_bulk_view, board_view, may_see_board
from alliances.listing import ProgrammeListingGroup
from alliances.models import Person
from alliances.opendata.admin_views import open_data_request_view, open_data_view
from alliances.reports import urls as report_urls
from alliances.reports.panels import dashboard_panels
from alliances.reports.views import REPORTS, REPORTS_PERMISSION
from alliances.viewsets import CatalogueGroup

register_snippet(CatalogueGroup)


@hooks.register("register_admin_viewset")
def register_programme_listings():
    return ProgrammeListingGroup()


@hooks.register("register_admin_urls")
def register_board_url():
    return [
        path("kernteam/board/", board_view, name="kernteam_board"),
        path("kernteam/board/bulk/", board_bulk_view, name="kernteam_board_bulk"),
        path(
            "items/<int:page_id>/service/",
            item_service_create_view,
            name="alliances_item_service",
        ),
        path("hilfe/", guide_view, name="alliances_guide"),
    ]


@hooks.register("register_help_menu_item")
def register_guide_menu_item():
    return MenuItem(
        _("Guide for the Redaktion and the Kernteam"),
        reverse_lazy("alliances_guide"),
        icon_name="help",
        name="programme-guide",
        order=1000,
    )


@hooks.register("construct_help_menu")
def drop_english_guides(request, menu_items):
    """Wagtail's own guide and release notes are English: the German guide replaces them."""
    menu_items[:] = [
        menu_item
        for menu_item in menu_items
        if menu_item.name not in {"editor-guide"} and not menu_item.name.startswith("whats-new")
    ]


class KernteamMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_board(request.user)


class PrivacyMenuItem(MenuItem):
    def is_shown(self, request):
        return privacy_views.may_export(request.user)


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
                _("State diagrams"), reverse_lazy("stage_steps:diagrams"), icon_name="cogs"
            ),
            PrivacyMenuItem(
                _("Data protection"), reverse_lazy("privacy_overview"), icon_name="lock"
            ),
        ]
    )
    return SubmenuMenuItem(_("Kernteam"), menu, icon_name="group", order=150)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORTS_PERMISSION)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("berichte/", include(report_urls, namespace="kernteam_reports"))]


@hooks.register("register_admin_urls")
def register_import_urls():
    from alliances import import_admin as views

    urls = [
        path("", views.upload_view, name="upload"),
        path("vorlage.xlsx", views.template_view, name="template"),
        path("<int:pk>/", views.preview_view, name="preview"),
        path("<int:pk>/fortschritt/", views.progress_view, name="progress"),
    ]
    return [path("import/", include((urls, "import_items")))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("alliances.add_importrun")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import entries"), reverse("import_items:upload"), icon_name="upload", order=170
    )


@hooks.register("register_admin_urls")
def register_open_data_url():
    return [
        path("offene-daten/", open_data_view, name="open_data_generate"),
        path("offene-daten/schreiben/", open_data_request_view, name="open_data_request"),
    ]


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    items = [
        ReportMenuItem(
            view.page_title,
            reverse(f"kernteam_reports:{view.url_name}"),
            name=view.url_name,
            icon_name="table",
            order=index,
        )
        for index, view in enumerate(REPORTS)
    ]
    items.append(
        ReportMenuItem(
            _("Open data"),
            reverse("open_data_generate"),
            name="open_data",
            icon_name="download",
            order=len(items),
        )
    )
    return SubmenuMenuItem(
        _("Kernteam reports"),
        Menu(items=items),
        icon_name="table",
        name="kernteam-reports",
        order=160,
    )


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    panels.extend(dashboard_panels(request))


@hooks.register("register_rich_text_features", order=100)  # after Wagtail's own page links
def register_public_page_links(features):
    from alliances.richtext import PublicPageLinkHandler

    features.register_link_type(PublicPageLinkHandler)


@hooks.register("before_serve_page", order=-1)  # before Wagtail's password form or login
def serve_only_public(page, request, serve_args, serve_kwargs):
    from alliances.serving import PublicOnlyMixin

    if isinstance(page, PublicOnlyMixin):
        return page.not_public_response(request)
    return None


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path(
            "datenschutz/person/<int:pk>/",
            privacy_views.person_export_view,
            name="person_privacy_export",
        ),
        path("datenschutz/", privacy_views.privacy_overview_view, name="privacy_overview"),
        path(
            "datenschutz/person/<int:pk>/loeschen/",
            privacy_views.person_erase_view,
            name="person_privacy_erase",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def person_privacy_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Person):
        return []
    return privacy_views.person_buttons(snippet, user, ListingButton)


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    actions.register_action(
        privacy.EXPORT_ACTION, _("Export personal data"), _("Personal data exported")
    )
    actions.register_action(
        privacy.CONTACT_VIEW_ACTION, _("View contact data"), _("Contact data viewed")
    )
    actions.register_action(
        privacy.ERASE_ACTION, _("Erase personal data"), _("Personal data erased")
    )
    actions.register_action(privacy.WITHDRAW_ACTION, _("Withdraw consent"), _("Consent withdrawn"))
