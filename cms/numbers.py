"""Whole numbers from text, in ASCII digits only.

Python's `int()` reads every Unicode decimal digit (`int("١")` is 1, `int("٢٠")` 20), and
`str.isdigit()` also says yes to "²" (which `int()` then refuses: a 500 where it was
trusted). A number in an address or a form is written in 0-9; anything else is no number.
Django's IntegerField and Paginator use `int()`: these are their ASCII-only variants.
"""

from django import forms
from django.core.paginator import PageNotAnInteger, Paginator


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


class AsciiIntegerField(forms.IntegerField):
    """Django's IntegerField, refusing digits other than 0-9 with its "invalid" message
    ("Bitte eine ganze Zahl eingeben."), where it would read "١" as 1."""

    def to_python(self, value):
        if isinstance(value, str) and has_other_digits(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class AsciiPaginator(Paginator):
    """Django's Paginator, for which a page number in other digits than 0-9 is no number
    (`get_page` answers the first page, as for `?p=abc`), where `int()` read `٢` as 2."""

    def validate_number(self, number):
        if isinstance(number, str) and has_other_digits(number):
            raise PageNotAnInteger(self.error_messages["invalid_page"])
        return super().validate_number(number)
