"""API documentation as a server-rendered page: an API's own OpenAPI schema (drf-spectacular),
generated once in German and once in English, shown German first with the English beside it.

No script and no third-party asset, so the site's Content Security Policy holds and the page
passes axe like every other page of the site. Both APIs (api/docs.py, workflows/docs.py)
subclass `ApiDocsView`; the raw schema stays downloadable as YAML and JSON.
"""

import json
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views import View
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings
from rest_framework.exceptions import APIException, MethodNotAllowed
from rest_framework.renderers import JSONRenderer

from cms.json_errors import JSON_STYLE
from cms.methods import exempt_read_only

METHODS = ("get", "post", "put", "patch", "delete")
CODE = re.compile(r"`([^`]+)`")
# Generating a schema costs tens of milliseconds; the page keeps it this long.
CACHE_SECONDS = 60


def markup(text: str) -> SafeString:
    """The schema's little Markdown: `code`, paragraphs, and "* " lists; all else escaped."""
    blocks = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("* ") for line in lines):
            entries = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{entries}</ul>")
        else:
            blocks.append(f"<p>{_inline(' '.join(lines))}</p>")
    return mark_safe("".join(blocks))  # noqa: S308 (every piece escaped in _inline)


def inline_markup(text: str) -> SafeString:
    """`code` in one line of text; all else escaped."""
    return mark_safe(_inline(text))  # noqa: S308 (escaped in _inline)


def _inline(text: str) -> str:
    return CODE.sub(r"<code>\1</code>", escape(text))


@dataclass
class Text:
    """One text in German and in English (`en` empty where it reads the same)."""

    de: str
    en: str = ""

    def __post_init__(self):
        if self.en == self.de:
            self.en = ""

    def __bool__(self):
        return bool(self.de)

    def de_html(self) -> SafeString:
        return markup(self.de)

    def en_html(self) -> SafeString:
        return markup(self.en)


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    kind: str
    limits: list[str]
    description: Text


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: Text
    description: Text
    parameters: list[Parameter] = field(default_factory=list)
    body: list[Parameter] = field(default_factory=list)
    responses: list[tuple[str, Text]] = field(default_factory=list)


def generate_schema(custom_settings: dict | None, language: str) -> dict:
    """The OpenAPI schema as plain JSON data, its texts in `language`."""
    with translation.override(language), patched_settings(custom_settings):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        # Rendering forces the lazy texts while the language is active.
        return json.loads(JSONRenderer().render(schema))


def _resolve(schema: dict, node: dict) -> dict:
    """A `$ref` to a component, followed; anything else as it is."""
    while isinstance(node, dict) and "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def kind_of(node: dict) -> str:
    """The type of a value, in German words."""
    kinds = node.get("type")
    if isinstance(kinds, list):  # OpenAPI 3.1: ["string", "null"]
        kinds = next((k for k in kinds if k != "null"), "string")
    if kinds == "array":
        return _("list of %(kind)s") % {"kind": kind_of(node.get("items") or {})}
    names = {
        "string": _("text"),
        "integer": _("whole number"),
        "number": _("number"),
        "boolean": _("true or false"),
        "object": _("object"),
    }
    formats = {
        "date": _("date (YYYY-MM-DD)"),
        "date-time": _("moment (ISO 8601)"),
        "email": _("e-mail address"),
        "uri": _("URL"),
        "decimal": _("decimal number"),
    }
    return formats.get(node.get("format")) or names.get(kinds) or _("value")


def limits_of(node: dict) -> list[str]:
    """What a value may be: ranges, lengths, numbers of entries, the values allowed."""
    found = []
    if node.get("type") == "array" or "items" in node:
        if "minItems" in node:
            found.append(_("at least %(n)d entries") % {"n": node["minItems"]})
        if "maxItems" in node:
            found.append(_("at most %(n)d entries") % {"n": node["maxItems"]})
        found.append(_("repeatable (any of the values)"))
        return found + limits_of(node.get("items") or {})
    if "minimum" in node and "maximum" in node:
        found.append(
            _("from %(min)s to %(max)s") % {"min": node["minimum"], "max": node["maximum"]}
        )
    elif "minimum" in node:
        found.append(_("at least %(min)s") % {"min": node["minimum"]})
    elif "maximum" in node:
        found.append(_("at most %(max)s") % {"max": node["maximum"]})
    if node.get("maxLength") == 0:
        found.append(_("must stay empty"))
    elif "minLength" in node and "maxLength" in node:
        found.append(
            _("%(min)d to %(max)d characters")
            % {"min": node["minLength"], "max": node["maxLength"]}
        )
    elif "maxLength" in node:
        found.append(_("at most %(max)d characters") % {"max": node["maxLength"]})
    elif "minLength" in node:
        found.append(_("at least %(min)d characters") % {"min": node["minLength"]})
    values = [value for value in node.get("enum") or [] if value not in (None, "")]
    if values:
        found.append(_("values: %(values)s") % {"values": ", ".join(f"`{v}`" for v in values)})
    if "default" in node:
        found.append(_("default: %(value)s") % {"value": f"`{node['default']}`"})
    return found


class ApiDocs:
    """The documentation of one API, built from its schema in both languages."""

    def __init__(self, de: dict, en: dict):
        self.de, self.en = de, en

    def text(self, de_node: dict, en_node: dict, key: str) -> Text:
        return Text(str(de_node.get(key) or ""), str(en_node.get(key) or ""))

    def parameter(self, de: dict, en: dict) -> Parameter:
        node = de.get("schema") or {}
        return Parameter(
            name=de["name"],
            location=de["in"],
            required=bool(de.get("required")),
            kind=kind_of(node),
            limits=[inline_markup(limit) for limit in limits_of(node)],
            description=self.text(de, en, "description"),
        )

    def body(self, de_op: dict, en_op: dict) -> list[Parameter]:
        content = (de_op.get("requestBody") or {}).get("content") or {}
        if "application/json" not in content:
            return []
        de_schema = _resolve(self.de, content["application/json"]["schema"])
        en_content = en_op["requestBody"]["content"]["application/json"]
        en_schema = _resolve(self.en, en_content["schema"])
        required = set(de_schema.get("required") or [])
        fields = []
        for name, de_node in (de_schema.get("properties") or {}).items():
            de_node = _resolve(self.de, de_node)
            en_node = _resolve(self.en, en_schema["properties"][name])
            fields.append(
                Parameter(
                    name=name,
                    location="body",
                    required=name in required,
                    kind=kind_of(de_node),
                    limits=[inline_markup(limit) for limit in limits_of(de_node)],
                    description=self.text(de_node, en_node, "description"),
                )
            )
        return fields

    def operations(self) -> list[Operation]:
        found = []
        for path, de_item in self.de["paths"].items():
            for method in METHODS:
                if method not in de_item:
                    continue
                de_op, en_op = de_item[method], self.en["paths"][path][method]
                en_parameters = {(p["name"], p["in"]): p for p in en_op.get("parameters", [])}
                responses = [
                    (code, self.text(response, en_op["responses"][code], "description"))
                    for code, response in sorted(de_op["responses"].items())
                ]
                found.append(
                    Operation(
                        method=method.upper(),
                        path=path,
                        anchor=de_op.get("operationId") or f"{method}-{path}",
                        summary=self.text(de_op, en_op, "summary"),
                        description=self.text(de_op, en_op, "description"),
                        parameters=[
                            self.parameter(p, en_parameters[(p["name"], p["in"])])
                            for p in de_op.get("parameters", [])
                        ],
                        body=self.body(de_op, en_op),
                        responses=responses,
                    )
                )
        return found

    def security(self) -> list[tuple[str, Text]]:
        de_schemes = self.de.get("components", {}).get("securitySchemes", {})
        en_schemes = self.en.get("components", {}).get("securitySchemes", {})
        return [
            (name, self.text(scheme, en_schemes.get(name, {}), "description"))
            for name, scheme in de_schemes.items()
        ]


class ApiDocsView(View):
    """GET: the documentation page of an API, in German with the English beside it.

    Subclasses name the schema's URL, the drf-spectacular settings of that schema view
    (`custom_settings`) and the error examples (`error_examples`, built by the API's own
    error handler so the page shows what the API answers).
    """

    http_method_names = ["get", "head", "options"]
    template_name = "cms/api_docs.html"
    schema_url_name = ""
    custom_settings: dict | None = None

    @classmethod
    def as_view(cls, **initkwargs):
        """Read-only (`cms.methods.exempt_read_only`): another method is this view's JSON
        405, not a 403 about a missing CSRF token."""
        return exempt_read_only(super().as_view(**initkwargs))

    def error_examples(self) -> list[tuple[str, dict]]:
        """[("404", {...the body...}), …] in the active language."""
        return []

    def error_body(self, error: APIException) -> dict:
        """The body the API answers `error` with; subclasses use their API's handler."""
        return {"detail": str(error.detail)}

    def http_method_not_allowed(self, request, *args, **kwargs):
        """405 in the API's error shape (the page lives under the API's prefix), with
        `Allow`."""
        response = JsonResponse(
            self.error_body(MethodNotAllowed(request.method)),
            status=405,
            json_dumps_params=JSON_STYLE,
        )
        response["Allow"] = ", ".join(self._allowed_methods())
        return response

    def schemas(self) -> tuple[dict, dict]:
        key = f"api-docs:{self.schema_url_name}"
        cached = cache.get(key)
        if cached is None:
            cached = tuple(generate_schema(self.custom_settings, lang) for lang in ("de", "en"))
            cache.set(key, cached, CACHE_SECONDS)
        return cached

    def get(self, request, *args, **kwargs):
        # The site speaks German whatever the browser says (the API negotiates under /api/).
        with translation.override("de"):
            return render(request, self.template_name, self.get_context_data())

    def get_context_data(self) -> dict:
        de, en = self.schemas()
        docs = ApiDocs(de, en)
        operations = docs.operations()
        meanings = {code: text for op in operations for code, text in op.responses}
        examples = {}
        for language in ("de", "en"):
            with translation.override(language):
                for code, body in self.error_examples():
                    examples.setdefault(code, {})[language] = _json(body)
        schema_url = reverse(self.schema_url_name)
        return {
            "title": Text(de["info"].get("title", ""), en["info"].get("title", "")),
            "description": docs.text(de["info"], en["info"], "description"),
            "version": de["info"].get("version", ""),
            "schema_yaml": schema_url,
            "schema_json": f"{schema_url}?format=json",
            "schema_json_de": f"{schema_url}?format=json&lang=de",
            "operations": operations,
            "security": docs.security(),
            "errors": [
                {"code": code, "meaning": meanings.get(code, Text("")), **bodies}
                for code, bodies in examples.items()
            ],
            "errors_by_code": set(examples),
        }


def _json(body) -> str:
    return json.dumps(body, ensure_ascii=False, indent=2)
