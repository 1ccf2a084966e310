"""The query parameters of every GET of the partner API, checked alike: a parameter the
endpoint does not read, or one that takes a single value given more than once, is a 400
naming it (a partner's typo would otherwise quietly answer the whole list).

Two conventions pass everywhere: `_`, the cache buster of jQuery and others (answered
fresh, never cached: `api.caching` keeps only what the endpoint reads), and DRF's
`format` (`URL_FORMAT_OVERRIDE`; a format the endpoint has not is a 400 naming it).
"""

from difflib import get_close_matches

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from api.pagination import FOREIGN_PAGING, PAGE, paging_errors
from cms.drf_messages import NEAR
from cms.query_input import NOT_UTF8_VALUE, undecodable_query_names

CACHE_BUSTER = "_"
FORMAT = "format"  # DRF's URL_FORMAT_OVERRIDE, its default
# Passed without being named among the accepted ones (neither is in the schema).
DRF_CONVENTIONS = frozenset({CACHE_BUSTER, FORMAT})
GIVEN_MORE_THAN_ONCE = _("Given more than once: please give this parameter only once.")


def unknown_parameter_message(name: str, accepted) -> str:
    """What is wrong with `name`: unknown here; the likely meant one, and what is known."""
    if not accepted:
        return str(_("Unknown parameter: this address takes no query parameters."))
    names = sorted(accepted)
    listed = ", ".join(names)
    if meant := get_close_matches(name, names, n=1, cutoff=NEAR):
        message = _("Unknown parameter. Did you mean “%(meant)s”? Accepted: %(accepted)s.")
        return str(message) % {"meant": meant[0], "accepted": listed}
    return str(_("Unknown parameter. Accepted: %(accepted)s.")) % {"accepted": listed}


def query_parameter_errors(
    query_params,
    accepted,
    repeatable=frozenset(),
    conventions=frozenset({CACHE_BUSTER}),
    undecodable=frozenset(),
) -> dict:
    """{name: [message]} for each parameter neither among `accepted` nor `conventions`,
    each not among `repeatable` given more than once, and each among `undecodable` (not
    sent as UTF-8, `cms.query_input.undecodable_query_names`). Where the endpoint pages,
    the paging values are checked too (`paging_errors`)."""
    paged = PAGE in accepted
    errors = paging_errors(query_params) if paged else {}
    for name, values in query_params.lists():
        if name in FOREIGN_PAGING and paged:
            continue  # named by paging_errors: "this API pages with …"
        if name not in accepted and name not in conventions:
            errors[name] = [unknown_parameter_message(name, accepted)]
        elif len(values) > 1 and name not in repeatable:
            errors[name] = [str(GIVEN_MORE_THAN_ONCE)]
        elif name in undecodable:
            errors[name] = [str(NOT_UTF8_VALUE)]
    return errors


def check_query_parameters(
    query_params, accepted, repeatable=frozenset(), undecodable=frozenset()
) -> None:
    """Raises ValidationError (the API's 400) naming every parameter that is unknown,
    repeated though it takes one value, not sent as UTF-8, or (on a list) a bad paging
    value."""
    if errors := query_parameter_errors(
        query_params, accepted, repeatable, DRF_CONVENTIONS, undecodable
    ):
        raise ValidationError(errors)


class CheckedQueryMixin:
    """For the partner API's views: a GET (or HEAD) with a query parameter the view does
    not read, one repeated that takes a single value, or one not sent as UTF-8 (Django
    reads `q=%FF` as U+FFFD, a search for no word), is a 400 naming it; checked after
    authentication and throttling, before the view does anything."""

    def accepted_query_parameters(self) -> frozenset:
        """The parameters this request's endpoint reads (the conventions aside)."""
        return frozenset()

    def repeatable_query_parameters(self) -> frozenset:
        """Those among them that take several values (repeat the parameter)."""
        return frozenset()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            check_query_parameters(
                request.query_params,
                self.accepted_query_parameters(),
                self.repeatable_query_parameters(),
                undecodable_query_names(request),
            )

    def perform_content_negotiation(self, request, force=False):
        """A `format` the view has no renderer for: a 400 naming it (DRF: a bare 404)."""
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            formats = sorted({renderer.format for renderer in self.get_renderers()})
            message = _("There is no such format here. Available: %(formats)s.") % {
                "formats": ", ".join(formats)
            }
            raise ValidationError({FORMAT: [message]}) from None
