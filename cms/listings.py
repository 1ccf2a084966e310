"""Every admin listing of a Wagtail viewset (ours and Wagtail's own: users, groups, sites,
the page explorer) answers as the reports do (`cms.exports.GermanSpreadsheetMixin`):
strict filters, no rows for invalid ones, a file only for a valid request and only where
the listing has export columns, German CSV and a named sheet.

Done for each registered viewset (`check_listings`, run by the last `register_admin_viewset`
hook in `cms.wagtail_hooks`), so a new listing, or one Wagtail registers, cannot miss it.
"""

import functools

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cms.exports import CheckedExportMixin, GermanSpreadsheetMixin


@functools.cache
def checked_index_view(view_class: type) -> type:
    """`view_class` (a Wagtail index view) with GermanSpreadsheetMixin; itself if it is
    checked already."""
    if issubclass(view_class, CheckedExportMixin):
        return view_class
    return type(
        f"Checked{view_class.__name__}",
        (GermanSpreadsheetMixin, view_class),
        {"__module__": view_class.__module__},
    )


def check_listings(registered) -> None:
    """Gives each viewset in `registered` (Wagtail's registry) whose index view is a
    listing with downloads the checked index view; before its URLs exist, as the views are
    made from `index_view_class` when the URLs are."""
    for viewset in registered:
        view_class = getattr(viewset, "index_view_class", None)
        if isinstance(view_class, type) and issubclass(view_class, SpreadsheetExportMixin):
            viewset.index_view_class = checked_index_view(view_class)
