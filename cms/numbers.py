"""Whole numbers, decimals, dates and times from text, in ASCII digits only.

Python's `int()` reads every Unicode decimal digit (`int("١")` is 1, `int("٢٠")` 20), and
`str.isdigit()` also says yes to "²" (which `int()` then refuses: a 500 where it was
trusted); Django's `parse_date` and `parse_datetime` read "٢٠٢٦-٠١-٠١" as 1 January 2026.
A number or a date in an address or a form is written in 0-9; anything else is refused
with OTHER_DIGITS, which says so. Django's IntegerField and Paginator use `int()`: these
are their ASCII-only variants. So does a model choice by id (`?district=١` chose the
district 1): AsciiModelChoiceField and AsciiModelMultipleChoiceField refuse such ids.
"""

import re

from django import forms
from django.core.paginator import PageNotAnInteger, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

# A moment in a form: Django's DateTimeField reads ISO 8601 and the German formats
# (cms.localized_input, whose fields say it with this example too).
DATETIME_ERROR = _(
    "Please enter a date with a time such as 18.11.2026 14:30 (also 2026-11-18T14:30)."
)

OTHER_DIGITS = _("Please write numbers with the digits 0 to 9 only.")

# A page number in a query (`p` of the admin's listings and board, `page` of the site's):
# the digits 0-9, given once. Not `\d`, which takes every script's digits.
PAGE = _("Page")
PAGE_NUMBER = re.compile(r"[0-9]+\Z")
PAGE_NOT_A_NUMBER = _("Please give the page number in the digits 0 to 9.")
REPEATED_PAGE = _("The page number was given twice or more. Please give only one.")


def has_other_digits(value: str) -> bool:
    """Whether `value` holds a digit other than 0-9 ("١", "²", "１"); other characters
    (a no-break space grouping thousands) are the caller's to judge."""
    return any(character.isdigit() and not character.isascii() for character in value)


def ascii_whole_number(value) -> int | None:
    """The whole number `value` spells in ASCII digits 0-9 (no sign, no spaces), else None.
    At most 18 digits: more is no number of ours (Python refuses past 4,300)."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        return None
    return int(value) if len(value) <= 18 else None


def refuse_other_digits(value) -> None:
    """A form error (OTHER_DIGITS) for text with digits other than 0-9."""
    if isinstance(value, str) and has_other_digits(value):
        raise forms.ValidationError(OTHER_DIGITS, code="other_digits")


class AsciiDigitsMixin:
    """For a Django form field of a number, a date or a time (before the field in the
    bases): digits other than 0-9 are refused with OTHER_DIGITS, not read or called
    "no number"."""

    def to_python(self, value):
        refuse_other_digits(value)
        return super().to_python(value)


class AsciiIntegerField(AsciiDigitsMixin, forms.IntegerField):
    """Django's IntegerField, where it would read "١" as 1."""


class AsciiDateTimeField(AsciiDigitsMixin, forms.DateTimeField):
    """Django's DateTimeField, where it would read "٢٠٢٦-٠١-٠١ ١٠:٠٠" as a moment."""


class AsciiTimeField(AsciiDigitsMixin, forms.TimeField):
    """Django's TimeField in digits 0-9."""


def is_whole_number_key(key: models.Field) -> bool:
    """Whether a model's key field holds whole numbers (an id: read with `int()`)."""
    while key.is_relation:  # a page's pk is its parent's (page_ptr)
        key = key.target_field
    return isinstance(key, models.IntegerField)


def reads_ids_as_numbers(field: forms.ModelChoiceField) -> bool:
    """Whether a model choice field reads its values as whole numbers (an integer primary
    key, or `to_field_name` an integer field); a slug may hold any letter or digit."""
    opts = field.queryset.model._meta
    return is_whole_number_key(
        opts.get_field(field.to_field_name) if field.to_field_name else opts.pk
    )


def refuse_other_digits_in_ids(field: forms.ModelChoiceField, value) -> None:
    """A form error (OTHER_DIGITS) for an id, or one of several ids, in digits other than
    0-9, where `field` reads them as numbers (Django's `int()` took "١" for 1)."""
    values = value if isinstance(value, list | tuple) else [value]
    other = any(isinstance(v, str) and has_other_digits(v) for v in values)
    if other and reads_ids_as_numbers(field):
        raise forms.ValidationError(OTHER_DIGITS, code="other_digits")


class AsciiIdsMixin:
    """For a Django model choice field (before the field in the bases): ids in digits
    other than 0-9 are refused with OTHER_DIGITS, not read as numbers by `int()`."""

    def clean(self, value):
        refuse_other_digits_in_ids(self, value)
        return super().clean(value)


class AsciiModelChoiceField(AsciiIdsMixin, forms.ModelChoiceField):
    """Django's ModelChoiceField, where it would read the id "١" as 1."""


class AsciiModelMultipleChoiceField(AsciiIdsMixin, forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, where it would read the ids "١", "٢" as 1, 2."""


# The form fields whose text is read as digits.
NUMBER_AND_TIME_FIELDS = (
    forms.IntegerField,
    forms.DecimalField,
    forms.FloatField,
    forms.DateField,
    forms.DateTimeField,
    forms.TimeField,
    forms.DurationField,
)


def _checked(to_python):
    def to_python_in_ascii_digits(value):
        refuse_other_digits(value)
        return to_python(value)

    return to_python_in_ascii_digits


def _checked_ids(field, clean):
    def clean_ids_in_ascii_digits(value):
        refuse_other_digits_in_ids(field, value)
        return clean(value)

    return clean_ids_in_ascii_digits


def refuse_other_digits_in(fields) -> None:
    """Every number, date and time field among `fields` (a form's own copies) and their
    parts (a date range's two dates) refuses digits other than 0-9 with OTHER_DIGITS, and
    so does every model choice by id: for forms whose fields come from elsewhere (Wagtail's
    and django-filter's filter sets, the form builder's fields)."""
    for field in fields:
        if isinstance(field, forms.MultiValueField):
            refuse_other_digits_in(field.fields)
        elif isinstance(field, forms.ModelChoiceField):  # and ModelMultipleChoiceField
            if not isinstance(field, AsciiIdsMixin):
                field.clean = _checked_ids(field, field.clean)
        elif isinstance(field, NUMBER_AND_TIME_FIELDS) and not isinstance(field, AsciiDigitsMixin):
            field.to_python = _checked(field.to_python)
            if isinstance(field, forms.DateTimeField):  # a moment: with its example
                field.error_messages["invalid"] = DATETIME_ERROR


class AsciiPaginator(Paginator):
    """Django's Paginator, for which a page number in other digits than 0-9 is no number
    (`get_page` answers the first page, as for `?p=abc`), where `int()` read `٢` as 2."""

    def validate_number(self, number):
        if isinstance(number, str) and has_other_digits(number):
            raise PageNotAnInteger(self.error_messages["invalid_page"])
        return super().validate_number(number)
