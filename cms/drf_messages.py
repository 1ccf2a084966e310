"""Plain German ("Sie") for Django REST framework's own messages.

DRF's German catalogue speaks informally ("Gib …", "Stelle sicher …") and in internal
names ("pk", "slug=", "Dictionary", "str"), and some of its messages have no German at all
("No data provided"). Our catalogue (locale/de, first in LOCALE_PATHS) wins over any
app's, so listing DRF's exact msgids here puts them into our django.po, where they get
our wording; the same msgids in Django's forms (the admin's e-mail and URL fields) follow.

A message that names the type a client sent, or the model field a lookup used, drops that
placeholder in German (`xgettext:no-python-brace-format`): the field itself is named by
the key of `errors`. The lists exist for `makemessages`; `translate_literals` serves the
exception handlers.
Every field, relation and validator message a serializer of ours can give is listed,
each a sentence with "Sie" (tests/cms/test_sie_form_messages.py renders every one).
Source of the msgids: rest_framework 3.18 (fields.py, relations.py, serializers.py,
validators.py, exceptions.py, pagination.py, authentication.py).
"""

import math
from collections.abc import Mapping
from difflib import get_close_matches

from django.utils.translation import gettext, gettext_noop, ngettext, pgettext
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.fields import empty
from rest_framework.settings import api_settings

# fields.py
FIELDS = [
    gettext_noop("This field is required."),
    gettext_noop("This field may not be null."),
    gettext_noop("This field may not be blank."),
    gettext_noop("Not a valid string."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("String value too large."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("This value does not match the required pattern."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop("This selection may not be empty."),
    gettext_noop("This list may not be empty."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop("Expected a datetime but got a date."),
    gettext_noop("Datetime value out of range."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop('Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'),
    gettext_noop(
        'Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'
    ),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Enter a valid IPv4 or IPv6 address."),
    gettext_noop("A valid biginteger is required."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),
    gettext_noop("Ensure that there are no more than {max_decimal_places} decimal places."),
    gettext_noop(
        "Ensure that there are no more than {max_whole_digits} digits before the decimal point."
    ),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Time has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Duration has wrong format. Use one of these formats instead: {format}."),
    gettext_noop('"{input}" is not a valid path choice.'),
    gettext_noop("The submitted data was not a file. Check the encoding type on the form."),
    gettext_noop("No filename could be determined."),
    gettext_noop("Ensure this filename has at most {max_length} characters (it has {length})."),
    # Translators: xgettext:no-python-brace-format
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    # Translators: xgettext:no-python-brace-format
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),
]

# relations.py: the lookups of related fields
RELATIONS = [
    # Translators: xgettext:no-python-brace-format
    gettext_noop("Object with {slug_name}={value} does not exist."),
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    # Translators: xgettext:no-python-brace-format
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),
    gettext_noop("Invalid value."),
]

# validators.py: unique fields and sets of fields
VALIDATORS = [
    gettext_noop("This field must be unique."),
    gettext_noop("The fields {field_names} must make a unique set."),
    gettext_noop('This field must be unique for the "{date_field}" date.'),
    gettext_noop('This field must be unique for the "{date_field}" month.'),
    gettext_noop('This field must be unique for the "{date_field}" year.'),
]

# serializers.py: the body as a whole
SERIALIZERS = [
    # Translators: xgettext:no-python-brace-format
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("No data provided"),  # a literal in DRF, never translated there
]

UNTRANSLATED = {("null", "No data provided")}


def translate_literals(data):
    """`data` (a ValidationError's detail: dict, list or ErrorDetail) with DRF's literal
    English messages, which it never passes through gettext, in the active language."""
    if isinstance(data, dict):
        return {key: translate_literals(value) for key, value in data.items()}
    if isinstance(data, list):
        return [translate_literals(value) for value in data]
    if isinstance(data, ErrorDetail) and (data.code, str(data)) in UNTRANSLATED:
        return ErrorDetail(gettext(str(data)), code=data.code)
    return data


# exceptions.py (every exception's default), pagination.py: each gets our sentence, which
# says what to do (tests/api/test_drf_exception_messages.py checks every one in German).
EXCEPTIONS = [
    gettext_noop("A server error occurred."),
    gettext_noop("Malformed request."),
    gettext_noop("Invalid input."),
    gettext_noop("Invalid page."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop("Not found."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Invalid token."),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("Request was throttled."),
]


def wait_in_words(seconds: int) -> str:
    """How long to wait, as people say it: up to 90 seconds in seconds ("in 45 Sekunden"),
    up to 90 minutes in about as many minutes ("in etwa 39 Minuten"), beyond in hours
    ("in etwa 2 Stunden"). `Retry-After` says the exact seconds."""
    if seconds <= 90:
        return ngettext("in %(count)d second", "in %(count)d seconds", seconds) % {"count": seconds}
    if seconds <= 90 * 60:
        minutes = round(seconds / 60)
        return ngettext("in about %(count)d minute", "in about %(count)d minutes", minutes) % {
            "count": minutes
        }
    hours = round(seconds / 3600)
    return ngettext("in about %(count)d hour", "in about %(count)d hours", hours) % {"count": hours}


class Throttled(exceptions.Throttled):
    """A 429 in our words (DRF's reads "Request was throttled. Expected available in N
    seconds.", in German in the Du-form): the wait in words (`wait_in_words`), from
    whole seconds, at least 1, which DRF's handler sends as `Retry-After`."""

    def __init__(self, wait=None):
        if wait is None:  # not known: no Retry-After either
            detail = gettext("Too many requests. Please try again later.")
        else:
            wait = max(1, math.ceil(wait))
            # Translators: %(when)s is "in 45 seconds", "in about 39 minutes", …
            detail = gettext("Too many requests. Please try again %(when)s.") % {
                "when": wait_in_words(wait)
            }
        exceptions.APIException.__init__(self, detail)
        self.wait = wait


def in_our_words(exc: Exception) -> Exception:
    """`exc`, or for DRF's Throttled (raised by its throttle check and by the hand-ins)
    ours, in the active language; for the exception handlers of both APIs."""
    if isinstance(exc, exceptions.Throttled) and not isinstance(exc, Throttled):
        return Throttled(wait=exc.wait)
    return exc


class NamedFieldsMixin:
    """For a serializer (first in its bases): a body or nested object that is not a JSON
    object, null included, is told which fields belong in it. DRF says only "a
    dictionary", and its German said "mit den Feldern" without naming them."""

    def expects_object(self) -> str:
        quoted = pgettext("a value the client sent, quoted", "“%(value)s”")
        names = [name for name, field in self.fields.items() if not field.read_only]
        # Translators: the fields are listed in quotes, separated by commas
        message = gettext("Please send a JSON object with the fields %(fields)s.")
        return message % {"fields": ", ".join(quoted % {"value": name} for name in names)}

    def _not_an_object(self) -> ValidationError:
        return ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [self.expects_object()]}, code="invalid"
        )

    def run_validation(self, data=empty):
        if data is None and not self.allow_null:
            raise self._not_an_object()
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            raise self._not_an_object()
        return super().to_internal_value(data)


# How alike a name must be to be suggested: `topics` for `topic`, not `since` for `service`.
NEAR = 0.75


def unknown_field_message(name: str, accepted) -> str:
    """What is wrong with the body field `name`: unknown here; the likely meant one, and
    the fields there are, as `api.parameters` says it of a query parameter."""
    names = sorted(accepted)
    listed = ", ".join(names)
    if meant := get_close_matches(str(name), names, n=1, cutoff=NEAR):
        message = gettext("Unknown field. Did you mean “%(meant)s”? Accepted: %(accepted)s.")
        return str(message) % {"meant": meant[0], "accepted": listed}
    return str(gettext("Unknown field. Accepted: %(accepted)s.")) % {"accepted": listed}


def writable_field_names(serializer) -> list[str]:
    return [name for name, field in serializer.fields.items() if not field.read_only]
