from django.core.paginator import InvalidPage
from django.db.models import Count, QuerySet, Window
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from api.filters import EMPTY_VALUE
from cms.numbers import OTHER_DIGITS, has_other_digits

PAGE = "page"
PAGE_SIZE = "page_size"
MAX_PAGE_SIZE = 100
MAX_PAGE = 2**31 - 1  # beyond any list; a larger number is no page, not a bigger offset
# Paging parameters of other APIs: a partner sending them would silently get page 1.
FOREIGN_PAGING = ("limit", "offset", "cursor", "per_page")


def check_paging(query_params) -> None:
    """The paging parameters of every list of the partner API, checked alike.

    `page`: a whole number from 1 (ASCII digits only) or `last`; `page_size`: a whole
    number from 1 to 100; `limit`, `offset`, `cursor`, `per_page`: not this API's paging.
    Raises ValidationError (a 400) naming the parameter. A page past the end is the
    paginator's 404 (`ApiPagination.invalid_page_message`), not checked here.
    """
    if errors := paging_errors(query_params):
        raise ValidationError(errors)


def paging_errors(query_params) -> dict:
    """{name: [message]} for each paging parameter `check_paging` refuses. A whole number
    of pages beyond MAX_PAGE passes: no list has that page, the paginator's 404 says so."""
    errors = {}
    page = query_params.get(PAGE)
    if page == "":
        errors[PAGE] = [str(EMPTY_VALUE)]
    elif page is not None and has_other_digits(page):
        errors[PAGE] = [str(OTHER_DIGITS)]
    elif (
        page is not None
        and page not in ApiPagination.last_page_strings
        and not (whole_number(page) or 0) >= 1
    ):
        errors[PAGE] = [str(_("Please give a page number: a whole number from 1."))]
    size = query_params.get(PAGE_SIZE)
    if size == "":
        errors[PAGE_SIZE] = [str(EMPTY_VALUE)]
    elif size is not None and has_other_digits(size):
        errors[PAGE_SIZE] = [str(OTHER_DIGITS)]
    elif size is not None and not 1 <= (whole_number(size) or 0) <= MAX_PAGE_SIZE:
        message = _("Please give a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}
        errors[PAGE_SIZE] = [message]
    for name in FOREIGN_PAGING:
        if name in query_params:
            errors[name] = [str(_("This API pages with “page” and “page_size”."))]
    return errors


def whole_number(value: str) -> int | None:
    """The whole number `value` spells in ASCII digits, None for anything else. Any number
    above MAX_PAGE is MAX_PAGE + 1: Python refuses to read more than 4,300 digits, and no
    count of ours comes near."""
    if not (value.isascii() and value.isdigit()):
        return None
    digits = value.lstrip("0") or "0"
    return MAX_PAGE + 1 if len(digits) > len(str(MAX_PAGE)) else min(int(digits), MAX_PAGE + 1)


def requested_page(query_params) -> int | None:
    """The page number a checked request asks for (`check_paging`), None for `last`.

    Raises NotFound (the German 404 of a page past the end) for a number beyond MAX_PAGE,
    without repeating the number (it may have thousands of digits)."""
    page = query_params.get(PAGE) or "1"
    if page in ApiPagination.last_page_strings:
        return None
    number = whole_number(page)
    if number > MAX_PAGE:
        raise NotFound(ApiPagination.beyond_every_page_message)
    return number


class ApiPagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` from 1 to 100; bad paging
    parameters are a 400 naming them (`check_paging`), a page past the end a 404."""

    page_size = 20
    page_query_param = PAGE
    page_size_query_param = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = _(
        "There is no page {page_number} (parameter “page”): the list has fewer pages."
    )
    beyond_every_page_message = _(
        "There is no page of this number (parameter “page”): the list has fewer pages."
    )

    def get_page_size(self, request):
        """A `page_size` that is no whole number from 1 to 100 is a 400 naming it (DRF
        would quietly answer with another size than asked for)."""
        check_paging(request.query_params)
        value = request.query_params.get(self.page_size_query_param)
        return self.page_size if value is None else whole_number(value)

    def get_page_number(self, request, paginator):
        check_paging(request.query_params)
        number = requested_page(request.query_params)
        return paginator.num_pages if number is None else number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}
                parameter["description"] = _(
                    "A page number from 1, or `last`; a page past the last one is a 404. "
                    "Default: 1."
                )
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
                parameter["description"] = format_lazy(
                    _("Results per page, from 1 to {maximum}. Default: {default}."),
                    maximum=self.max_page_size,
                    default=self.page_size,
                )
        return parameters

    def paginate_keys(self, queryset: QuerySet, request) -> list:
        """The primary keys of the requested page, with the filters run once: the page and
        the total come from one query (a window count); only a page past the end, or
        `page=last`, counts on its own. Same pages, links and errors as paginate_queryset.

        For querysets narrowed by subqueries (a search, a district), which would otherwise
        run them twice; an unfiltered list is faster with paginate_queryset, where an index
        gives the count and the page in order without the window's sort of every row.
        """
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        requested = requested_page(request.query_params)  # None: the last page
        keys = []
        if requested is not None:
            offset = (requested - 1) * page_size
            if offset < 2**31:  # beyond: paginator.page() below answers the 404
                rows = list(
                    queryset.annotate(total=Window(Count("pk"))).values_list("pk", "total")[
                        offset : offset + page_size
                    ]
                )
                keys = [pk for pk, _total in rows]
                if rows:
                    paginator.count = rows[0][1]
                elif offset == 0:
                    paginator.count = 0
        self._turn_to(paginator, request)
        if not keys and paginator.count:
            keys = list(self.page.object_list.values_list("pk", flat=True))
        return keys

    def paginate_counted(self, records, request) -> list:
        """The requested page of `records`, a sequence that knows its length without a
        query (`read.ListedCards`): only the page is queried. Same pages, links and errors
        as paginate_queryset."""
        self.request = request
        paginator = self.django_paginator_class(records, self.get_page_size(request))
        paginator.count = len(records)
        self._turn_to(paginator, request)
        return list(self.page)

    def _turn_to(self, paginator, request) -> None:
        """The requested page (`self.page`), or the 404 for a page past the end."""
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            raise NotFound(
                self.invalid_page_message.format(page_number=number, message=str(exc))
            ) from exc

    def get_paginated_response_schema(self, schema):
        # OpenAPI 3.1 spelling of a nullable link (DRF's own uses 3.0's `nullable`).
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": link,
                "previous": link,
                "results": schema,
            },
        }
