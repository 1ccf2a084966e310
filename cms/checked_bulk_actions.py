"""Wagtail's bulk actions (`/admin/bulk/<app>/<model>/<action>/?id=…`: publish, unpublish,
move, delete, … of the rows selected in a listing) read the selected ids with Django's
`int()`: `id=١` selected the page 1, and `id=abc` or `id=²` was a 500. Here an id is a
whole number in the digits 0-9 (or Wagtail's `all`); anything else is the admin's German
400 (cms.middleware.RefusedInput), which says so, and nothing is done.

Applied to every bulk action at the class level, once (CmsConfig.ready).
"""

import functools

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.bulk_action import BulkAction

from cms.middleware import RefusedInput
from cms.numbers import OTHER_DIGITS, ascii_whole_number, has_other_digits, is_whole_number_key

SELECTION = "id"
EVERY_ROW = "all"  # Wagtail's "all rows of the listing"
NOT_A_SELECTION = _(
    "The selected rows are named by their numbers. Please go back and select the rows again."
)


def selection_refusal(model, ids) -> str | None:
    """Why `ids` (`?id=…` of a bulk action on `model`) name no rows, or None."""
    if not is_whole_number_key(model._meta.pk):
        return None
    for value in ids:
        if value == EVERY_ROW:
            continue
        if has_other_digits(value):
            return OTHER_DIGITS
        if ascii_whole_number(value) is None:
            return NOT_A_SELECTION
    return None


def _checked(dispatch):
    @functools.wraps(dispatch)
    def dispatch_for_ids_in_ascii_digits(self, request, *args, **kwargs):
        refusal = selection_refusal(self.model, request.GET.getlist(SELECTION))
        if refusal is not None:
            raise RefusedInput(refusal, {SELECTION: [str(refusal)]})
        return dispatch(self, request, *args, **kwargs)

    dispatch_for_ids_in_ascii_digits.checked = True
    return dispatch_for_ids_in_ascii_digits


def check_every_bulk_action() -> None:
    """Wraps BulkAction.dispatch (no bulk action overrides it). Once, at start."""
    if not getattr(BulkAction.dispatch, "checked", False):
        BulkAction.dispatch = _checked(BulkAction.dispatch)
