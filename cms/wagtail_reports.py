"""Wagtail's own reports (site history, aging pages, locked pages, workflows, page types),
with the product's download rules (`cms.exports.GermanSpreadsheetMixin`): a file only for
a valid request (an invalid filter or an unknown format is the page with a 400 and a German
message, where Wagtail exports every row or shows the page), German CSV (BOM, semicolons,
formulas neutralised, German dates) and a named sheet. Every yes/no filter is strict
(`cms.filters`), every column has a German heading, and the page types report, which
Wagtail offers to download without columns (an empty file), has them.

Each report's URL is shadowed here, before Wagtail's admin in `cms.urls`, by a subclass of
Wagtail's view with the same route, behind Wagtail's admin access check as in its own
admin; URL names stay Wagtail's (`wagtailadmin_reports:…`), and reversing them gives the
route that now reaches these views.
"""

import functools

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import reports as wagtail_reports
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.coreutils import get_content_type_label

from cms.exports import GermanSpreadsheetMixin

# Headings Wagtail leaves to the field's name (its rows are a list, not a queryset, so it
# finds no model field to name them after): "workflow", "requested_by", "started_at"…
EXPORT_HEADINGS = {
    "workflow": _("Workflow"),
    "requested_by": _("Requested by"),
    "task": _("Task"),
    "started_at": _("Task started at"),
    "finished_at": _("Task completed at"),
    "finished_by": _("Task completed by"),
}


class PageTypesUsageExport:
    """Columns for the page types report: Wagtail offers its download without any."""

    export_headings = {
        "page_type": _("Page type"),
        "app": _("Application"),
        "count": _("Number of pages"),
        "last_edited_page": _("Last edited page"),
        "last_edited_at": _("Last edited at"),
    }
    list_export = list(export_headings)

    def to_row_dict(self, item):
        # The last edited page of each type: Wagtail fetches them in one query per type
        # (decorate_paginated_queryset), for the page and for the file alike.
        page = item.last_edited_page
        return {
            "page_type": get_content_type_label(item),
            "app": apps.get_app_config(item.app_label).verbose_name,
            "count": item.count,
            "last_edited_page": page.get_admin_display_title() if page else "",
            "last_edited_at": page.latest_revision_created_at if page else None,
        }


class LockedPagesExport:
    """Wagtail lists the locked pages as deferred specific pages, so each row of a download
    asked for its fields, its type, who locked it and any scheduled revision: whole pages,
    in one query per type."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if not self.is_export:
            return queryset
        return (
            queryset.specific()
            .select_related("content_type", "locked_by", for_specific_subqueries=True)
            .annotate_approved_schedule()  # the status asked for a scheduled revision
        )


class KernteamOnly:
    """A report for the Kernteam (and administrators) only, decided as for the Kernteam's own
    reports (`alliances.reports.views.KernteamReportView.may_see`): the site history lists
    every action in the admin, those on persons' data included, and Wagtail showed it to
    every editor (the Redaktion too)."""

    @classmethod
    def may_see(cls, user) -> bool:
        """Whether `user` may see this report (its page, export and menu item)."""
        return user.has_perm(settings.KERNTEAM_REPORTS_PERMISSION)

    def dispatch(self, request, *args, **kwargs):
        if not self.may_see(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


EXPORTS = {PageTypesUsageReportView: PageTypesUsageExport, LockedPagesView: LockedPagesExport}
KERNTEAM_ONLY = {LogEntriesView}


@functools.cache
def _checked(view_class: type) -> type:
    export = EXPORTS.get(view_class)
    bases = (
        *([KernteamOnly] if view_class in KERNTEAM_ONLY else []),
        GermanSpreadsheetMixin,
        *([export] if export else []),
        view_class,
    )
    # Every column a German heading: Wagtail's (in its German), else ours.
    list_export = getattr(export, "list_export", view_class.list_export)
    own = getattr(export, "export_headings", view_class.export_headings)
    headings = {field: EXPORT_HEADINGS[field] for field in list_export if field in EXPORT_HEADINGS}
    attrs = {
        "__module__": __name__,
        "route": "",
        "export_headings": {**headings, **own},
    }
    return type(f"Checked{view_class.__name__}", bases, attrs)


def may_see_site_history(user) -> bool:
    return _checked(LogEntriesView).may_see(user)


def _shadowed() -> list:
    patterns = []
    for pattern in wagtail_reports.urlpatterns:
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
            continue
        route = str(pattern.pattern)
        initkwargs = {**pattern.callback.view_initkwargs, "route": route.strip("/").split("/")[0]}
        view = _checked(view_class).as_view(**initkwargs)
        # As in Wagtail's admin: signed in with admin access, in the user's language and
        # time zone. Outside Wagtail's admin URLs the site history was open to anyone.
        patterns.append(path(route, functools.update_wrapper(require_admin_access(view), view)))
    return patterns


urlpatterns = _shadowed()
