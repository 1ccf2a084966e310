"""Phone numbers as people write them (DIN 5008 and ITU-T E.123): "02932 201-0",
"+49 2932 201-0", "(02932) 2010", "0170/5550000".

Only the characters those notations use are taken: digits, spaces, a leading "+", "/",
"-" and parentheses, and between 3 (a short number such as 110) and 15 digits (the most
E.164 allows), so that markup or words never reach the admin, the API or a mail.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_ERROR = _(
    "Please enter a phone number of digits, such as 02932 201-0 or +49 2932 201-0 "
    "(spaces, a leading +, /, - and brackets are allowed)."
)
_CHARACTERS = re.compile(r"^\+?[0-9 ()/\-\u00a0]+$")
MIN_DIGITS, MAX_DIGITS = 3, 15


def validate_phone(value: str) -> None:
    """Raises ValidationError (code "invalid_phone") unless `value` is a phone number as
    DIN 5008 / E.123 write it; "" is left to the field's `blank`/`required`."""
    text = (value or "").strip()
    if not text:
        return
    digits = sum(character.isdigit() for character in text)
    if not _CHARACTERS.match(text) or not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise ValidationError(PHONE_ERROR, code="invalid_phone")
