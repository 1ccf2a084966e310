"""Every admin listing checked (cms.listings.CheckedListingMixin), at the class level in
one place: each BaseListingView is made as its checked subclass, however the admin reaches
it (a viewset, Wagtail's page-type router, a form page's own entries view), so a new
listing, or one Wagtail adds, cannot miss it. Registered viewsets alone missed the
histories, usage, redirects, form pages, workflows and reports Wagtail serves itself.
"""

import functools

from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cms.exports import GermanSpreadsheetMixin
from cms.listings import CheckedListingMixin


@functools.cache
def checked_listing_view(view_class: type) -> type:
    """`view_class` (a BaseListingView) with CheckedListingMixin, or GermanSpreadsheetMixin
    where it downloads; itself if it is checked already."""
    if issubclass(view_class, CheckedListingMixin):
        return view_class
    exports = issubclass(view_class, SpreadsheetExportMixin)
    return type(
        f"Checked{view_class.__name__}",
        (GermanSpreadsheetMixin if exports else CheckedListingMixin, view_class),
        {"__module__": view_class.__module__},
    )


def _new_checked(cls, *args, **kwargs):
    return object.__new__(checked_listing_view(cls))


def check_every_listing() -> None:
    """Makes every BaseListingView, whichever subclass is asked for, as its checked
    subclass. Once, at start (CmsConfig.ready)."""
    BaseListingView.__new__ = staticmethod(_new_checked)
