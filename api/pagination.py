from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

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
