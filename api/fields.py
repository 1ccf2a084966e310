"""Input fields of the API's bodies whose rules the OpenAPI schema can state exactly.

DRF's defaults are lenient in ways a schema cannot say: a CharField takes a number and
trims whitespace before counting, a BooleanField takes "yes". A generated client, and the
fuzzer in tests/api/test_schemathesis.py, rely on the schema instead.
"""

import json
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.drf_messages import NamedFieldsMixin, unknown_field_message, writable_field_names
from cms.numbers import OTHER_DIGITS, has_other_digits

# What "only spaces" means, spelt out: the same characters in the schema and in Python.
SPACES = " \t\n\r\f\v"
# Patterns of the schema: no NUL character (no database stores it; a 400), and not only
# spaces.
NO_NUL = r"^[^\x00]*$"
NOT_ONLY_SPACES = r"^[^\x00]*[^ \t\n\r\f\v\x00][^\x00]*$"


# A JSON value of the wrong type, null included where a field takes none: what the field
# expects, never "give a value" (null) or a complaint about the value's form (an e-mail
# address's format for a list).
EXPECTS_TEXT = _("Not a valid string.")  # DRF's msgid: "Bitte geben Sie hier einen Text an."


class KnownFieldsSerializer(NamedFieldsMixin, serializers.Serializer):
    """A JSON object of which every key is one of the fields: any other (a partner's typo,
    `"emial"`) is a 400 naming it and the fields there are, `{"emial": ["Unbekanntes Feld.
    Meinten Sie „email“? Möglich sind: …"]}`, beside the other
    fields' errors, where it would be dropped silently. The schema says
    `additionalProperties: false` (api/schema.py). Anything but an object is told the
    fields (NamedFieldsMixin)."""

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            accepted = writable_field_names(self)
            unknown = {
                name: [unknown_field_message(name, accepted)]
                for name in data
                if name not in self.fields
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                raise serializers.ValidationError({**unknown, **error.detail}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class TextField(serializers.CharField):
    """A JSON string, counted as sent; unless it may be blank, not only spaces. Stored
    without surrounding spaces."""

    default_error_messages = {
        "only_spaces": _("This field may not consist of spaces only."),
        "null": EXPECTS_TEXT,
    }

    def __init__(self, **kwargs):
        kwargs["trim_whitespace"] = False
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)
        if isinstance(value, str):
            if value and not value.strip(SPACES) and not self.allow_blank:
                self.fail("only_spaces")
            value = value.strip(SPACES)
        return value


class StrictEmailField(serializers.EmailField):
    """An e-mail address given as a JSON string (not a number, a list, an object, true or
    false, null): the wrong type is told so, not that the address is malformed."""

    default_error_messages = {
        "not_text": _("Please give the e-mail address as text (a JSON string)."),
        "null": _("Please give the e-mail address as text (a JSON string)."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)


@extend_schema_field({"type": "boolean", "const": True})
class ConsentField(serializers.BooleanField):
    """Consent: the JSON value `true` (not "yes", not 1, not the text "true"); anything else
    is a 400 that says so. An explicit consent is a deliberate JSON true, not a lenient
    reading of whatever a form sent."""

    default_error_messages = {
        "invalid": _(
            "Please send consent as the JSON value true (without quotation marks); "
            "you sent {input}."
        )
    }

    def validate_empty_values(self, data):
        if data is None:  # null: the same sentence as any other value but true
            self.fail("invalid", input="null")
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if data is not True and data is not False:
            self.fail("invalid", input=json.dumps(data, ensure_ascii=False)[:50])
        return data


class StrictChoiceField(serializers.ChoiceField):
    """One of the choices, sent as one JSON value. DRF's message would show a list or
    an object as Python writes it (`„['need']“ steht nicht zur Auswahl.`)."""

    default_error_messages = {
        "not_one_value": _("Please send one of these values as text (a JSON string): {choices}.")
    }

    def validate_empty_values(self, data):
        if data is None and not self.allow_null:
            self._not_one_value()
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):  # a number too: "1" is no choice of ours either
            self._not_one_value()
        return super().to_internal_value(data)

    def _not_one_value(self):
        self.fail("not_one_value", choices=", ".join(str(key) for key in self.choices))


class AsciiDateField(serializers.DateField):
    """A date in digits 0-9: DRF reads "٢٠٢٦-٠١-٠١" as 1 January 2026 (Django's
    `parse_date`)."""

    default_error_messages = {"other_digits": OTHER_DIGITS}

    def to_internal_value(self, value):
        if isinstance(value, str) and has_other_digits(value):
            self.fail("other_digits")
        return super().to_internal_value(value)
