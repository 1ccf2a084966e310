"""Dates and numbers as Germans type and read them, in every admin form.

Dates: 18.11.2026, 18.11.26 or 2026-11-18; nothing silently replaced.

Wagtail's date picker (xdsoft) replaces text it cannot read in its own format with today's
date when the field loses focus (its `validateOnBlur`). Here the picker leaves the typed
text alone and the server reads it with the locale's input formats (German ones plus ISO,
which Django always accepts) or refuses it with a message.

Numbers: decimal fields read German input ("1.234,5", "1 234,5", "1234,5"; also "1234.5")
and show it German ("1.234,5") without needless zeros ("2", not "2,00").

The same fields (GermanDateField, GermanDecimalField) read the bulk import's cells, so a
value the admin takes is taken by the import too.
"""

import re
from decimal import Decimal

from django import forms
from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.telepath import register
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput
from wagtail.admin.widgets.datetime import AdminDateInputAdapter

from cms.numbers import (
    DATETIME_ERROR,
    AsciiDateTimeField,
    AsciiDigitsMixin,
    AsciiIntegerField,
    AsciiTimeField,
)

DATE_ERROR = _("Please enter a date such as 18.11.2026 (also 18.11.26 or 2026-11-18).")
# A moment: the admin reads the German formats and ISO 8601 (Django's DateTimeField tries
# ISO first); the partner API ISO 8601 only (`api.filters.MomentField`).
ISO_DATETIME_ERROR = _(
    "Please enter a date with a time in ISO 8601 such as 2026-11-18T14:30 (also "
    "2026-11-18T14:30:00+01:00)."
)
NUMBER_ERROR = _("Please enter a number such as 1.234,5 (also 1234,5 or 1234.5).")
# Django's German input formats (django/conf/locale/de/formats.py) and ISO 8601.
DATE_INPUT_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")
# A space between digit groups: ordinary, no-break or narrow no-break (DIN 5008 "1 234,5").
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?:\D|$))")
# Thousands separated by dots, the German way: 1.234 / 12.345.678,5 (not 0.125).
_DOT_GROUPS = re.compile(r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d*)?$")


def number_text(text: str) -> str:
    """German number text as Python's Decimal reads it: "1.234,5" -> "1234.5".

    "1.234" is one thousand two hundred thirty-four (German grouping, as Django reads it with
    USE_THOUSAND_SEPARATOR); "12.5" and "1234.5" keep their point. Anything else is returned
    unchanged for the field to refuse.
    """
    value = _GROUP_SPACE.sub("", text.strip())
    if _DOT_GROUPS.match(value):
        value = value.replace(".", "")
    if "," in value and "." not in value:
        value = value.replace(",", ".")
    return value


class GermanDateField(AsciiDigitsMixin, forms.DateField):
    """A date as 18.11.2026, 18.11.26 or 2026-11-18, whatever the user's language, in
    digits 0-9."""

    default_error_messages = {"invalid": DATE_ERROR}

    def __init__(self, *, input_formats=None, **kwargs):
        super().__init__(input_formats=input_formats or DATE_INPUT_FORMATS, **kwargs)


class GermanDateTimeField(AsciiDateTimeField):
    """A moment as 18.11.2026 14:30 or 2026-11-18T14:30; refused with an example."""

    default_error_messages = {"invalid": DATETIME_ERROR}


class GermanDecimalField(AsciiDigitsMixin, forms.DecimalField):
    """A decimal as 1.234,5, 1 234,5, 1234,5 or 1234.5 (see number_text), in digits 0-9
    (Decimal() reads "١٢" as 12)."""

    default_error_messages = {"invalid": NUMBER_ERROR}

    def to_python(self, value):
        if isinstance(value, str):
            value = number_text(value)  # digits other than 0-9 stay, for the mixin to refuse
        return super().to_python(value)


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
    """Shows a stored 2.00 as "2" and 1234.50 as "1.234,5" (GermanDecimalField reads it)."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            # German like the field reads it, whatever the user's language.
            with translation.override("de"):
                return formats.number_format(plain_decimal(value), force_grouping=True)
        return super().format_value(value)


def register_localized_fields() -> None:
    """Every date and decimal field of an admin form reads and shows German input; every
    number, date and time takes digits 0-9 only (`cms.numbers`)."""
    register(AdminDateInputAdapter(), TypedDateInput)
    register_form_field_override(
        models.DateField,
        override={"widget": TypedDateInput, "form_class": GermanDateField},
    )
    register_form_field_override(models.IntegerField, override={"form_class": AsciiIntegerField})
    register_form_field_override(
        models.DateTimeField,
        override={"widget": AdminDateTimeInput, "form_class": GermanDateTimeField},
    )
    register_form_field_override(
        models.TimeField, override={"widget": AdminTimeInput, "form_class": AsciiTimeField}
    )
    register_form_field_override(
        models.DecimalField, override={"widget": DecimalInput, "form_class": GermanDecimalField}
    )
