"""Dates as Germans type them: 18.11.2026, 18.11.26 or 2026-11-18; nothing silently replaced.

Wagtail's date picker (xdsoft) replaces text it cannot read in its own format with today's
date when the field loses focus (its `validateOnBlur`). Here the picker leaves the typed
text alone and the server reads it with the locale's input formats (German ones plus ISO,
which Django always accepts) or refuses it with a message.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.telepath import register
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.datetime import AdminDateInputAdapter

DATE_ERROR = _("Please enter a date such as 18.11.2026 (also 18.11.26 or 2026-11-18).")


class TypedDateInput(AdminDateInput):
    """Wagtail's date picker that never overwrites what was typed."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


def register_date_fields() -> None:
    """Every date field of an admin form uses the widget and the German error message."""
    register(AdminDateInputAdapter(), TypedDateInput)
    register_form_field_override(
        models.DateField,
        override={"widget": TypedDateInput, "error_messages": {"invalid": DATE_ERROR}},
    )
