"""Dates and numbers as Germans type and read them, in every admin form.

Dates: 18.11.2026, 18.11.26 or 2026-11-18; nothing silently replaced.

Wagtail's date picker (xdsoft) replaces text it cannot read in its own format with today's
date when the field loses focus (its `validateOnBlur`). Here the picker leaves the typed
text alone and the server reads it with the locale's input formats (German ones plus ISO,
which Django always accepts) or refuses it with a message.

Numbers: decimal fields read and show the decimal comma ("12,5") and no needless zeros
("2", not "2,00").
"""

from decimal import Decimal

from django import forms
from django.db import models
from django.utils import formats
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


def plain_decimal(value: Decimal) -> Decimal:
    """2.00 -> 2, 2.50 -> 2.5, 100 -> 100 (never 1E+2)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def number(value) -> str:
    """A number for people: German decimal comma, no needless zeros, thousands unsplit."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        value = plain_decimal(value)
    return formats.number_format(value)


class DecimalInput(forms.TextInput):
    """Shows a stored 2.00 as "2" and 12.50 as "12,5"; the field reads "12,5" and "12.5"."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return formats.localize_input(plain_decimal(value))
        return super().format_value(value)


def register_localized_fields() -> None:
    """Every date and decimal field of an admin form reads and shows German input."""
    register(AdminDateInputAdapter(), TypedDateInput)
    register_form_field_override(
        models.DateField,
        override={"widget": TypedDateInput, "error_messages": {"invalid": DATE_ERROR}},
    )
    register_form_field_override(
        models.DecimalField, override={"widget": DecimalInput, "localize": True}
    )
