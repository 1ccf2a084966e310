"""Views that only read: GET and HEAD, and a 405 for every other method."""

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def read_only(view):
    """GET and HEAD only (the outermost decorator): any other method is a 405 with
    `Allow: GET, HEAD`, also without a CSRF token.

    Without `csrf_exempt` the CSRF check runs before the view and a `POST` answers a 403
    page about a missing token, which says nothing about the address. Exempting is safe
    here because `require_safe` lets no method through that could change anything: the
    view only ever runs for GET and HEAD, which the CSRF check does not look at anyway.
    The view is marked `read_only` (tests/site/test_methods.py finds every such route).
    """
    return exempt_read_only(require_safe(view))


def exempt_read_only(view):
    """`view`, which answers every method but GET and HEAD with a 405 itself, exempt from
    the CSRF check (see `read_only`) and marked `read_only`."""
    wrapped = csrf_exempt(view)
    wrapped.read_only = True
    return wrapped
