from django.core.paginator import InvalidPage
from django.db.models import Count, QuerySet, Window
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from api.filters import EMPTY_VALUE


class ApiPagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` from 1 to 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        """A `page_size` that is no whole number from 1 to 100 is a 400 naming it (DRF
        would quietly answer with another size than asked for)."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            message = _("Please give a whole number from 1 to %(max)d.") % {
                "max": self.max_page_size
            }
            raise ValidationError({self.page_size_query_param: [message]})
        return int(value)

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) == "":
            raise ValidationError({self.page_query_param: [str(EMPTY_VALUE)]})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = _(
                    "A page number; a page past the last one is a 404. Default: 1."
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
        requested = request.query_params.get(self.page_query_param) or 1
        keys = []
        if requested not in self.last_page_strings:
            try:
                offset = (int(requested) - 1) * page_size
            except (TypeError, ValueError):
                offset = -1
            if 0 <= offset < 2**31:  # beyond: paginator.page() below answers the 404
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
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            raise NotFound(
                self.invalid_page_message.format(page_number=number, message=str(exc))
            ) from exc
        if not keys and paginator.count:
            keys = list(self.page.object_list.values_list("pk", flat=True))
        return keys

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
