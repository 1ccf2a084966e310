"""Phone numbers as people write them (DIN 5008 and ITU-T E.123): "02932 201-0",
"+49 2932 201-0", "(02932) 2010", "0170/5550000".

Only the characters those notations use are taken: digits, spaces, a leading "+", "/",
"-" and parentheses, and between 3 (a short number such as 110) and 15 digits (the most
E.164 allows), so that markup or words never reach the admin, the API or a mail. Digits
of another script ("٠١٢٣") get the shared message on digits (cms.numbers.OTHER_DIGITS),
not the one that asks for digits.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from cms.numbers import OTHER_DIGITS, has_other_digits

PHONE_ERROR = _(
    "Please enter a phone number of digits, such as 02932 201-0 or +49 2932 201-0 "
    "(spaces, a leading +, /, - and brackets are allowed)."
)
# Optional "+", then 3 to 15 digits, each after any of the separators the notations use.
PHONE_PATTERN = r"^\+?(?:[ ()/\-\u00a0]*[0-9]){3,15}[ ()/\-\u00a0]*$"
_PHONE = re.compile(PHONE_PATTERN)


def refuse_other_digits(value) -> None:
    """ValidationError OTHER_DIGITS (code "other_digits") for digits other than 0-9."""
    if isinstance(value, str) and has_other_digits(value):
        raise ValidationError(OTHER_DIGITS, code="other_digits")


@deconstructible
class PhoneValidator(RegexValidator):
    """The rule as a RegexValidator, where a schema is generated from validators
    (drf-spectacular: `pattern`); other digits are told so first."""

    def __call__(self, value):
        refuse_other_digits(value)
        super().__call__(value)


phone_validator = PhoneValidator(PHONE_PATTERN, message=PHONE_ERROR, code="invalid_phone")


def validate_phone(value: str) -> None:
    """Raises ValidationError (code "invalid_phone") unless `value` is a phone number as
    DIN 5008 / E.123 write it, "other_digits" for digits other than 0-9; "" is left to
    the field's `blank`/`required`."""
    text = (value or "").strip()
    refuse_other_digits(text)
    if text and not _PHONE.match(text):
        raise ValidationError(PHONE_ERROR, code="invalid_phone")
