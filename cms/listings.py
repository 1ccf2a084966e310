"""Every admin listing (each view of Wagtail's `BaseListingView`: ours, Wagtail's model,
page and snippet listings, histories, usage, reports, redirects, form pages and their
entries, workflows, users and groups) answers a request it cannot read in one way:

- The filter set is strict (`cms.filters.strict_filterset`): a yes/no filter neither yes
  nor no, or a single-valued filter given twice, is an error of the filter form; an empty
  value means "all".
- The search (`q`), the page (`p`), the sort order and the download format (`export`)
  given twice are errors too: Django would take the last value silently. A sort order
  (`ordering`, a form page's `order_by`) the listing does not offer, and a layout
  (`layout`, the images') it does not have, are errors: Wagtail showed its default. A page number is
  the digits 0-9 (Django's `int()` read `p=٢` as page 2, Wagtail showed page 1 for
  `p=abc`); one past the end is Wagtail's last page, as before.
- Invalid input shows its errors and no rows: the page answers 400, the results fragment
  (`…/results/`) 200 with the errors in place of the rows, since Wagtail's listing script
  replaces the rows only with a 2xx answer. Wagtail showed every row as if unfiltered.
- A file is refused (400: the page, a message why) for an unknown or repeated format, for
  invalid input, and for a listing without export columns (Wagtail wrote a blank line per
  row) or without downloads at all (Wagtail showed the page as if asked for nothing).

Applied to every listing at the class level in one place (`cms.checked_listings`).
"""

from django.contrib import messages
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cms.filters import strict_filterset
from cms.form_input import refuse_repeated, repeated_fields
from cms.numbers import PAGE, PAGE_NOT_A_NUMBER, PAGE_NUMBER, REPEATED_PAGE

UNKNOWN_FORMAT = _(
    "No file was made: there is no such download format. The list can be downloaded as CSV or XLSX."
)
REPEATED_FORMAT = _(
    "No file was made: the download format was given twice or more. Please choose one."
)
INVALID_FILTERS = _(
    "No file was made: the filters are not valid. Please correct them and download again."
)
INVALID_PARAMETERS = _(
    "No file was made: the details of the request are not valid. Please correct them and "
    "download again."
)
NO_DOWNLOAD = _("No file was made: this list cannot be downloaded.")
REPEATED_SEARCH = _("The search term was given twice or more. Please search for one only.")
ORDERING = _("Sort order")
REPEATED_ORDERING = _("The sort order was given twice or more. Please choose only one.")
UNKNOWN_ORDERING = _(
    "There is no sort order “%(value)s” in this list. Please sort by one of its columns."
)
LAYOUT = _("Layout")
REPEATED_LAYOUT = _("The layout was given twice or more. Please choose only one.")
UNKNOWN_LAYOUT = _("There is no layout “%(value)s”. Please choose the grid or the list.")

REFUSED_RESULTS_TEMPLATE = "cms/listing_refused_results.html"
EXPORT_PARAMETER = "export"
ORDERING_PARAMETER = "ordering"  # Wagtail's, for every listing
FORM_ORDERING_PARAMETER = "order_by"  # a form page's entries (wagtail.contrib.forms)
LAYOUT_PARAMETER = "layout"  # the images' listing: a grid or a list
LAYOUTS = ("grid", "list")


def _none(rows):
    """No rows, of the same kind (a queryset, as views decorate it further)."""
    return rows.none() if hasattr(rows, "none") else []


class CheckedListingMixin:
    """For Wagtail's listing views (first in the bases of a BaseListingView): rows and
    files only for a request it can read (see the module's docstring)."""

    def get(self, request, *args, **kwargs):
        refusal = self.export_refusal()
        if refusal is not None:
            self.is_export = False  # the page, with the filters' errors
            if not self.results_only:  # a fragment shows no messages
                messages.error(request, refusal)
        response = super().get(request, *args, **kwargs)
        if refusal is not None or (self.has_invalid_filters and not self.results_only):
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.has_invalid_filters:  # the errors in the rows' place, in every listing
            self.results_template_name = REFUSED_RESULTS_TEMPLATE
            # Also where a view lists other rows than its queryset's (the snippet types).
            context["object_list"] = _none(context["object_list"])
        return context

    def get_table(self, object_list):
        return super().get_table(_none(object_list) if self.has_invalid_filters else object_list)

    def export_refusal(self):
        """Why the requested file cannot be made, or None (also when none is requested)."""
        formats = self.request.GET.getlist(EXPORT_PARAMETER)
        if not formats:
            return None
        if len(formats) > 1:
            return REPEATED_FORMAT
        if not isinstance(self, SpreadsheetExportMixin):
            return NO_DOWNLOAD
        if formats[0] not in self.FORMATS:
            return UNKNOWN_FORMAT
        if not self.list_export:
            return NO_DOWNLOAD
        if self.has_invalid_filters:
            return INVALID_FILTERS if self.filters_at_fault else INVALID_PARAMETERS
        return None

    @cached_property
    def filters(self):
        """Wagtail's filter set of the listing (None without filters), strict."""
        if not self.filterset_class:
            return None
        filterset = strict_filterset(self.filterset_class)(**self.get_filterset_kwargs())
        return filterset if filterset.form.fields else None

    def get_search_form(self):
        """Wagtail's search form; the search term given twice is its error."""
        form = super().get_search_form()
        if form is not None and form.is_bound:
            refuse_repeated(form, repeated_fields(form), REPEATED_SEARCH)
        return form

    @cached_property
    def parameter_errors(self) -> list[tuple[str, str]]:
        """(label, error) of the paging and sorting parameters every listing reads."""
        errors = []
        pages = self.request.GET.getlist(self.page_kwarg)
        if len(pages) > 1:
            errors.append((PAGE, REPEATED_PAGE))
        elif pages and pages[0] and not PAGE_NUMBER.match(pages[0]):
            errors.append((PAGE, PAGE_NOT_A_NUMBER))
        orderings = self.request.GET.getlist(ORDERING_PARAMETER)
        if len(orderings) > 1:
            errors.append((ORDERING, REPEATED_ORDERING))
        elif orderings and orderings[0] and orderings[0] not in self._valid_orderings():
            errors.append((ORDERING, UNKNOWN_ORDERING % {"value": orderings[0]}))
        if getattr(self, "orderable_fields", None) is not None:  # a form page's entries
            errors += [
                (ORDERING, UNKNOWN_ORDERING % {"value": value})
                for value in self.request.GET.getlist(FORM_ORDERING_PARAMETER)
                if value and value.removeprefix("-") not in self.orderable_fields
            ]
        if "layout" in dir(type(self)):  # a listing with layouts
            layouts = self.request.GET.getlist(LAYOUT_PARAMETER)
            if len(layouts) > 1:
                errors.append((LAYOUT, REPEATED_LAYOUT))
            elif layouts and layouts[0] not in LAYOUTS:
                errors.append((LAYOUT, UNKNOWN_LAYOUT % {"value": layouts[0]}))
        return errors

    _reading_orderings = False

    def _valid_orderings(self):
        """Wagtail's valid orderings of the listing, read as Wagtail reads them (whether
        it is filtering, without the refusal's own: some depend on it)."""
        self._reading_orderings = True
        try:
            return list(self.get_valid_orderings())
        finally:
            self._reading_orderings = False

    def _bound_forms(self):
        return [
            form
            for form in (self.filters.form if self.filters else None, self.search_form)
            if form is not None and form.is_bound
        ]

    @cached_property
    def has_invalid_forms(self) -> bool:
        """Whether the filters or the search were given values they do not accept."""
        # Each form validated (a list, not any()'s short cut): views read its cleaned_data.
        valid = [form.is_valid() for form in self._bound_forms()]
        return not all(valid)

    @cached_property
    def filters_at_fault(self) -> bool:
        """Whether a filter is at fault (else the search, the page, the sort order or the
        layout: the refusal says "the details", not "the filters")."""
        form = self.filters.form if self.filters else None
        return form is not None and form.is_bound and not form.is_valid()

    @cached_property
    def has_invalid_filters(self) -> bool:
        """Whether the filters, the search, the page or the sort order were given values
        the listing does not accept."""
        return self.has_invalid_forms or bool(self.parameter_errors)

    @cached_property
    def filter_errors(self) -> list[str]:
        """ "Label: error" of each invalid filter, search, page or sort order, for the
        rows' place."""
        errors = []
        for form in self._bound_forms():
            for name, messages_ in form.errors.items():
                label = form.fields[name].label if name in form.fields else None
                errors += [f"{label}: {m}" if label else str(m) for m in messages_]
        return errors + [f"{label}: {message}" for label, message in self.parameter_errors]

    @property
    def is_filtering(self):
        # Invalid filters are filters (Wagtail's "no match", not "why not add one?").
        if self._reading_orderings:  # Wagtail's own answer, for its valid orderings
            return super().is_filtering
        return self.has_invalid_filters or super().is_filtering

    def get_queryset(self):
        """No rows for invalid input, whichever way the listing finds its rows (some
        search or filter outside `filter_queryset`)."""
        queryset = super().get_queryset()
        return _none(queryset) if self.has_invalid_filters else queryset

    def filter_queryset(self, queryset):
        if self.has_invalid_filters:
            return queryset.none()
        return super().filter_queryset(queryset)
