from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_array_type, build_parameter_type
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.relations import MANY_RELATION_KWARGS, ManyRelatedField


def partner_api_only(endpoints, **kwargs):
    """The published schema describes /api/v1/ only, not Wagtail's internal admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
                {"type": "object"},
            ]
        },
    }
)
class FieldErrorsField(serializers.DictField):
    """Messages per field; a nested object's fields nest."""


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    status = serializers.IntegerField()
    title = serializers.CharField()
    detail = serializers.CharField()
    errors = FieldErrorsField(
        required=False,
        help_text=_(
            "Per parameter or field: what is wrong with it (a nested object for the fields "
            "of a nested object)."
        ),
    )


# What each error status means here, in the one error shape (api/exceptions.py).
ERROR_MEANINGS = {
    "400": _(
        "Invalid parameters or body, also a query parameter the GET does not take or one "
        "given twice that takes one value; `errors` names each one and what is wrong with it."
    ),
    "401": _("A partner key or Kernteam token was sent and is not valid."),
    "403": _(
        "Not allowed: a request with a session cookie but without its CSRF token; in the "
        "workflow API also a step this user may not run."
    ),
    "404": _("Nothing public at this address, or a page past the last one."),
    "406": _("The `Accept` header rules out JSON, the only representation there is."),
    "409": _("Someone else changed the page's stage first; `stage` is the current one."),
    "410": _("The alliance is paused or concluded and takes no sign-ups."),
    "412": _(
        "Precondition failed: the answer no longer matches the `If-Match` entity tag (strong "
        "comparison), or, without `If-Match`, it changed after `If-Unmodified-Since`. An "
        "answer without an `ETag` matches no entity tag (only `*`), and there "
        "`If-Unmodified-Since` is ignored; a POST with such an `If-Match` stores nothing."
    ),
    "413": _("The body is larger than the limit (64 KiB for hand-ins, above any valid one)."),
    "415": _("The body is not `application/json`, or is declared in a charset other than UTF-8."),
    "422": _("The step cannot be taken yet; `reasons` says why."),
    "429": _("Too many requests from this client; `Retry-After` says when to try again."),
    "500": _("An error on our side (logged and looked at); nothing a client sends causes it."),
}
# What a success means, where the view does not say.
SUCCESS_MEANINGS = {
    "200": _("Success: the data in the body."),
    "201": _("Created: the receipt in the body."),
    "202": _("Accepted: the confirmation mail is on its way."),
}
# Path parameters the views do not describe.
PATH_PARAMETERS = {
    "slug": _("The `slug` of the entry, as its list gives it."),
    "id": _("The `id` of the entry, as its list gives it."),
}
RETRY_AFTER = {
    "Retry-After": {
        "description": _("Seconds until the client may send again."),
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
    }
}


class PartnerAutoSchema(AutoSchema):
    """Adds every error response an endpoint can give, in the one error shape, the 304 of
    a conditional GET (RFC 9110 13.2.2, `api.caching`), and the 412 of `If-Match` on any
    operation (13.1.1: an answer without an ETag matches no tag, `api.preconditions`)."""

    def error_codes(self) -> list[str]:
        codes = ["401", "406", "429", "500"]
        if self.method == "GET":
            # A bad parameter (or a NUL character anywhere); an unknown key, a page past
            # the end.
            codes[:0] = ["400", "404"]
        else:
            codes[:0] = ["400", "403", "404", "413", "415"]
        codes += getattr(self.view, "extra_error_codes", [])
        codes.append("412")
        return list(dict.fromkeys(codes))

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET" and direction == "response" and self._conditional():
            responses.setdefault(
                "304",
                {
                    "description": _(
                        "Not modified: the `If-None-Match` or `If-Modified-Since` validator "
                        "still holds."
                    )
                },
            )
        for code in self.error_codes():
            response = responses.get(code) or self._get_response_for_code(ErrorSerializer, code)
            if not response.get("description"):
                response["description"] = ERROR_MEANINGS[code]
            if code == "429":
                response["headers"] = RETRY_AFTER
            responses[code] = response
        for code, meaning in SUCCESS_MEANINGS.items():
            if code in responses and not responses[code].get("description"):
                responses[code]["description"] = meaning
        return responses

    def _map_basic_serializer(self, serializer, direction):
        """A body that takes only its fields says so (`api.fields.KnownFieldsSerializer`)."""
        from api.fields import KnownFieldsSerializer

        schema = super()._map_basic_serializer(serializer, direction)
        if isinstance(serializer, KnownFieldsSerializer):
            schema["additionalProperties"] = False
        return schema

    def _conditional(self) -> bool:
        """Whether the view answers with ETag and Last-Modified (and so evaluates
        conditional requests)."""
        from api.caching import CachedReadMixin

        return isinstance(self.view, CachedReadMixin)

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if not parameter.get("description") and parameter["name"] in PATH_PARAMETERS:
                parameter["description"] = PATH_PARAMETERS[parameter["name"]]
        return parameters


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PartnerKeyAuthentication"
    name = "PartnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Api-Key",
            "description": _(
                "Optional for reading: a partner key raises the rate limit. Send it as "
                "`X-Api-Key: <key>` or `Authorization: Api-Key <key>`."
            ),
        }


# The catalogues a client picks values from, and where it can read them.
CATALOGUE_LISTS = {
    "district": "/api/v1/districts/",
    "topic": "/api/v1/topics/",
    "agegroup": "/api/v1/age-groups/",
    "competence": "/api/v1/competences/",
    "resource": "/api/v1/resources/",
}


def catalogue_slug_schema(model) -> dict:
    """A slug of `model`'s catalogue: a string, and the list that holds the values.

    Not an enum of the rows: the catalogues are edited in the admin, and a schema that
    changed with them would outdate every client generated from it (and its enums of
    today's rows collided in name: drf-spectacular's W001 failed `check --deploy`)."""
    url = CATALOGUE_LISTS[model._meta.model_name]
    return {
        "type": "string",
        "description": gettext("The `slug` of an entry of %(url)s.") % {"url": url},
    }


class MaxEntriesValidator(MaxLengthValidator):
    """At most `limit_value` entries of a list (the schema's maxItems)."""

    message = _("Please choose at most %(limit_value)d entries.")


def catalogue_example(model) -> dict:
    """What a message about `model`'s slugs shows: the list that holds them, and a slug
    of that catalogue now (its first entry; the catalogues are edited in the admin, so a
    fixed example could name one that is gone, or one of another catalogue)."""
    return {
        "url": CATALOGUE_LISTS[model._meta.model_name],
        "example": model.objects.values_list("slug", flat=True).first(),
    }


class CatalogueExampleMixin:
    """`not_a_*` messages with an example of the field's own catalogue; without entries,
    the message without an example."""

    def fail_with_example(self, key: str, model) -> None:
        details = catalogue_example(model)
        self.fail(key if details["example"] else f"{key}_no_example", **details)


class CatalogueSlugListField(CatalogueExampleMixin, ManyRelatedField):
    """A JSON array of catalogue slugs: anything else (an object, whose keys DRF would take
    for slugs, text, a number, null) is told what belongs here."""

    default_error_messages = {
        "not_a_list": _(
            'Please give a list of slugs as text, e.g. ["{example}"] (the list of slugs: '
            "GET {url})."
        ),
        "not_a_list_no_example": _(
            "Please give a list of slugs as text (the list of slugs: GET {url})."
        ),
    }

    def run_validation(self, data=empty):
        if data is None and not self.allow_null:
            self.fail_with_example("not_a_list", self.child_relation.queryset.model)
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail_with_example("not_a_list", self.child_relation.queryset.model)
        return super().to_internal_value(data)


class CatalogueSlugField(CatalogueExampleMixin, serializers.SlugRelatedField):
    """A catalogue entry (district, topic, age group, competence, resource) named by its
    slug; with `many=True` a list of them, at most `max_entries`."""

    default_error_messages = {
        "not_a_slug": _(
            'Please give a slug as text, e.g. "{example}" (the list of slugs: GET {url}).'
        ),
        "not_a_slug_no_example": _("Please give a slug as text (the list of slugs: GET {url})."),
    }

    def run_validation(self, data=empty):
        # null: what belongs here, not "give a value" (which "" still gets: DRF makes it null).
        if data is None and not self.allow_null:
            self.fail_with_example("not_a_slug", self.queryset.model)
        return super().run_validation(data)

    def __init__(self, model, **kwargs):
        super().__init__(slug_field="slug", queryset=model.objects.all(), **kwargs)

    def to_internal_value(self, data):
        # A list, an object, a number or null where one slug belongs: said so, where the
        # lookup would answer with their Python spelling ("„['…']“ gibt es nicht").
        if not isinstance(data, str):
            self.fail_with_example("not_a_slug", self.queryset.model)
        # No slug holds a NUL character, and PostgreSQL refuses one in a query (a 500).
        if "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)

    @classmethod
    def many_init(cls, *args, max_entries=None, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({k: v for k, v in kwargs.items() if k in MANY_RELATION_KWARGS})
        field = CatalogueSlugListField(**list_kwargs)
        if max_entries is not None:
            field.validators.append(MaxEntriesValidator(max_entries))
        return field


class CatalogueSlugFieldExtension(OpenApiSerializerFieldExtension):
    target_class = CatalogueSlugField

    def map_serializer_field(self, auto_schema, direction):
        return catalogue_slug_schema(self.target.queryset.model)


class SlugFiltersExtension(DjangoFilterExtension):
    """The slug filters (api/filters.py) as what they are: a repeatable parameter whose
    every value is one slug; the catalogue ones say which list holds their values."""

    target_class = "api.views.RecordFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        from django_filters import OrderingFilter

        from api.filters import Q_MAX_LENGTH, MomentFilter, SearchFilter, SlugsFilter
        from cms.query_input import search_term_pattern

        if not isinstance(filter_field, SlugsFilter):
            parameters = super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
            if isinstance(filter_field, SearchFilter):  # not only invisible characters
                parameters[0]["schema"].update(
                    minLength=1, maxLength=Q_MAX_LENGTH, pattern=search_term_pattern()
                )
            if isinstance(filter_field, OrderingFilter):  # `ordering=` is no ordering
                parameters[0]["schema"]["minItems"] = 1
            if isinstance(filter_field, MomentFilter):  # the years 1900 to 8999
                parameters[0]["schema"]["pattern"] = "^(19[0-9]{2}|[2-8][0-9]{3})-"
            return parameters
        target = filter_field.queryset.model
        if target._meta.model_name in CATALOGUE_LISTS:
            item = catalogue_slug_schema(target)
        else:
            item = {"type": "string"}
        description = str(filter_field.extra.get("help_text") or "")
        return [
            build_parameter_type(
                name=field_name,
                location=OpenApiParameter.QUERY,
                description=" ".join(filter(None, [description, item.pop("description", "")])),
                schema=build_array_type(item),
                explode=True,
                style="form",
            )
        ]


class TextFieldExtension(OpenApiSerializerFieldExtension):
    """api.fields.TextField: a string that, unless it may be blank, is not only spaces."""

    target_class = "api.fields.TextField"

    def map_serializer_field(self, auto_schema, direction):
        from api.fields import NO_NUL, NOT_ONLY_SPACES

        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        regexes = [v for v in self.target.validators if isinstance(v, RegexValidator)]
        if regexes:  # its own rule (phone numbers) decides, and a blank value may pass
            own = regexes[0].regex.pattern
            if self.target.allow_blank:
                own = f"^(?:{own.removeprefix('^').removesuffix('$')})?$"
            schema["pattern"] = own
            return schema
        schema["pattern"] = NO_NUL if self.target.allow_blank else NOT_ONLY_SPACES
        return schema


class HandinContactExtension(OpenApiSerializerExtension):
    """A hand-in's contact gives an e-mail address or a phone number (or both)."""

    target_class = "api.handins.serializers.HandinContactSerializer"

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["anyOf"] = [
            {"required": ["email"], "properties": {"email": {"minLength": 1}}},
            {"required": ["phone"], "properties": {"phone": {"minLength": 1}}},
        ]
        return schema


class AlertExtension(OpenApiSerializerExtension):
    """An alert subscription chooses at least one district, topic or competence."""

    target_class = "api.alerts.serializers.AlertSerializer"

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["anyOf"] = [
            {"required": [name], "properties": {name: {"minItems": 1}}}
            for name in ("districts", "topics", "competences")
        ]
        return schema
