"""Wagtail's own reports (site history, aging pages, locked pages, workflows, page types),
with the product's download rules (`cms.exports.GermanSpreadsheetMixin`): a file only for
a valid request (an invalid filter or an unknown format is the page with a 400 and a German
message, where Wagtail exports every row or shows the page), German CSV (BOM, semicolons,
formulas neutralised) and a named sheet.

Each report's URL is shadowed here, before Wagtail's admin in `cms.urls`, by a subclass of
Wagtail's view with the same route; URL names stay Wagtail's (`wagtailadmin_reports:…`),
and reversing them gives the route that now reaches these views.
"""

import datetime
import functools

from django.urls import path
from wagtail.admin.urls import reports as wagtail_reports
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cms.exports import GermanSpreadsheetMixin


@functools.cache
def _checked(view_class: type) -> type:
    def get_filename(self) -> str:
        # Wagtail names some files "spreadsheet-export": the report's route and the day.
        return f"{self.route}-{datetime.date.today():%Y-%m-%d}"

    return type(
        f"Checked{view_class.__name__}",
        (GermanSpreadsheetMixin, view_class),
        {"__module__": __name__, "get_filename": get_filename, "route": ""},
    )


def _shadowed() -> list:
    patterns = []
    for pattern in wagtail_reports.urlpatterns:
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
            continue
        route = str(pattern.pattern)
        initkwargs = {**pattern.callback.view_initkwargs, "route": route.strip("/").split("/")[0]}
        patterns.append(path(route, _checked(view_class).as_view(**initkwargs)))
    return patterns


urlpatterns = _shadowed()
