"""What a citizen's form on the public site may send: text in the request's encoding, and
one value for a field that takes one.

Django decodes a form body with replacement characters: `title=%ff%fe` arrives as
"\ufffd\ufffd", and a form would store it. A U+FFFD in a value is no proof (a person may
paste one), so the raw body is read instead, where the bytes still are:

- `FormInputMiddleware` (before the CSRF check, which parses the body) reads the body of
  every POST with a form body to the public site, i.e. outside the two APIs (their
  parsers refuse such a body themselves), and notes the names of the fields whose name or
  value is not text in the request's encoding (`undecodable_fields`). A body declared in
  US-ASCII (a subset of UTF-8) is checked as ASCII and read as UTF-8; any other charset
  than UTF-8 is refused with a sentence about the charset only. In the admin, a
  urlencoded body that is not text gets the same German 400 (its uploads are not read).
- A view that shows its form's errors says so with `@shows_input_errors` (and Wagtail's
  page serving, whose form pages use `SubmittedInputMixin`): its form then names each
  such field beside its other errors, and nothing is stored. Every other view never sees
  the request: the middleware answers the site's German 400 page. A view that forgets the
  mark is therefore safe, not silently fed replacement characters.
- `SubmittedInputMixin` (every public form) turns the note into form errors, and refuses
  a field that takes one value but was sent more than once (`kind=need&kind=opportunity`
  would otherwise take the last one silently). Fields with several values (checkbox
  lists, multiple selects) may repeat.
"""

from __future__ import annotations

import codecs
import io
from contextvars import ContextVar
from urllib.parse import unquote_to_bytes

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import QueryDict
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.utils.translation import gettext_lazy as _

from cms.middleware import RefusedInput, refuse_input
from cms.numbers import refuse_other_digits_in

# The admin: its urlencoded bodies are checked, its uploads (of any size) are not read.
ADMIN_PREFIX = "/admin/"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

UNDECODABLE_FIELD = _(
    "This field contains characters that were not sent as UTF-8. Please type it again."
)
UNDECODABLE_FORM = _(
    "The form contained characters that were not sent as UTF-8 and was not stored. "
    "Please send it again."
)
REPEATED_FIELD = _("This field was sent more than once, but it takes only one value.")
FOREIGN_CHARSET = _(
    "The form was sent in an encoding other than UTF-8 and was not stored. "
    "Please send it again from the page."
)
# Where a form body declared in another charset is answered here. The APIs' parsers read
# their bodies themselves (and answer in JSON).
API_PREFIXES = ("/api/", "/workflow-api/")

# (the request's POST, the names in it that were not text): set for the request by the
# middleware, read by the forms bound to exactly that POST.
_undecodable: ContextVar[tuple[QueryDict, frozenset[str]] | None] = ContextVar(
    "undecodable_input", default=None
)


class _DiscardFiles(FileUploadHandler):
    """Re-reading a multipart body for its fields only: files are not kept."""

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


def _urlencoded_pairs(body: bytes):
    """(name, value) as bytes, split as `urllib.parse.parse_qsl` (Django's parser) does."""
    for chunk in body.split(b"&"):
        if not chunk:
            continue
        name, _sep, value = chunk.partition(b"=")
        yield (
            unquote_to_bytes(name.replace(b"+", b" ")),
            unquote_to_bytes(value.replace(b"+", b" ")),
        )


def _multipart_pairs(request, body: bytes):
    """(name, value) as bytes. Parsed as Latin-1, where every byte is one character, so
    encoding back gives the bytes that were sent."""
    parser = MultiPartParser(request.META, io.BytesIO(body), [_DiscardFiles()], "latin-1")
    try:
        post, _files = parser.parse()
    except MultiPartParserError:
        return  # Django's own parse of the body refuses it as well
    for name, values in post.lists():
        for value in values:
            yield name.encode("latin-1"), value.encode("latin-1")


def undecodable_fields(request) -> frozenset[str]:
    """The names (as Django decoded them) of the fields whose name or value is not text in
    the encoding Django decodes the body with (the request's charset, else
    DEFAULT_CHARSET). Empty for a body that is not a form (urlencoded or multipart).

    Reads `request.body`: for a multipart body, call it before anything reads
    `request.POST` (which would consume the stream). Raises RequestDataTooBig (a 400) for
    a body over DATA_UPLOAD_MAX_MEMORY_SIZE, as Django's own parse would.
    """
    if request.content_type not in FORM_CONTENT_TYPES:
        return frozenset()
    encoding = request.encoding or settings.DEFAULT_CHARSET
    body = request.body
    if request.content_type == "multipart/form-data":
        pairs = _multipart_pairs(request, body)
    else:
        pairs = _urlencoded_pairs(body)
    names = set()
    for name, value in pairs:
        try:
            name.decode(encoding)
            value.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            names.add(name.decode(encoding, "replace"))
    return frozenset(names)


# Charsets whose text is UTF-8 as sent: US-ASCII is a subset of it.
UTF8_COMPATIBLE = frozenset({"utf-8", "ascii"})


def _declared_codec(request) -> str | None:
    """The codec of the charset a urlencoded body declares ("ascii" for `us-ascii`), "?"
    for one Python does not know, None for none declared or another content type."""
    if request.content_type != "application/x-www-form-urlencoded" or not request.encoding:
        return None
    try:
        return codecs.lookup(request.encoding).name
    except LookupError:
        return "?"


def _foreign_charset(request) -> bool:
    """Whether a urlencoded body declares a charset other than UTF-8 or its subset
    US-ASCII. Django refuses it (a BadRequest, RFC 1866 knows no charset) each time
    `request.POST` is read; with DEBUG its error page reads it again and answers 500. Site
    and admin alike answer here."""
    codec = _declared_codec(request)
    return codec is not None and codec not in UTF8_COMPATIBLE


def _read_as_utf8(request) -> None:
    """A body declared `us-ascii` (or `utf8`), checked in that charset, is read as the
    UTF-8 it is: Django parses a urlencoded body only when declared exactly `utf-8`."""
    if _declared_codec(request) in UTF8_COMPATIBLE:
        request.encoding = "utf-8"


def shows_input_errors(view):
    """Marks a view whose form shows `SubmittedInputMixin`'s errors (outermost decorator):
    the middleware lets input that is not text through to it."""
    view.shows_input_errors = True
    return view


def _shows_input_errors(view_func) -> bool:
    from wagtail.views import serve  # Wagtail's pages: form pages use the mixin

    return view_func is serve or getattr(view_func, "shows_input_errors", False)


class FormInputMiddleware:
    """The public site's form POSTs: note the fields that are not text, before the CSRF
    check parses the body (see the module's docstring). A view not marked with
    `shows_input_errors` gets no such request: the site's 400 page answers it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _undecodable.set(None)
        try:
            return self.get_response(request)
        finally:
            _undecodable.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return None
        if request.path_info.startswith(API_PREFIXES):
            return None  # the APIs' parsers answer in JSON
        if _foreign_charset(request):
            return refuse_input(request, RefusedInput(FOREIGN_CHARSET, about_address=False))
        if request.path_info.startswith(ADMIN_PREFIX):
            # The admin's own forms: a urlencoded body that is not text is refused as on
            # the site (Django would store replacement characters); uploads pass unread.
            if request.content_type != "application/x-www-form-urlencoded":
                return None
            names = undecodable_fields(request)
            _read_as_utf8(request)
            if names:
                return refuse_input(request, RefusedInput(UNDECODABLE_FORM, about_address=False))
            return None
        names = undecodable_fields(request)
        _read_as_utf8(request)
        if not names:
            return None
        if not _shows_input_errors(view_func):
            return refuse_input(request, RefusedInput(UNDECODABLE_FORM, about_address=False))
        _undecodable.set((request.POST, names))
        return None


def undecodable_in(data) -> frozenset[str]:
    """The names in `data` that were not text, when `data` is the current request's POST
    that the middleware checked; else none."""
    current = _undecodable.get()
    if current is None or current[0] is not data:
        return frozenset()
    return current[1]


def parameter_names(html_name: str, field: forms.Field) -> list[str]:
    """The names under which `field` is sent as `html_name`: itself, or one per part of a
    range (django-filter's `date_from`, `date_to`) or another multi-widget."""
    widget = field.widget
    if hasattr(widget, "suffixed"):
        return [widget.suffixed(html_name, suffix) for suffix in widget.suffixes]
    if isinstance(widget, forms.MultiWidget):
        return [html_name + suffix for suffix in widget.widgets_names]
    return [html_name]


def _single_value_names(form: forms.Form, name: str, field: forms.Field) -> list[str]:
    """The names under which `field` is sent when it takes one value, else []."""
    if getattr(field.widget, "allow_multiple_selected", False):
        return []
    return parameter_names(form.add_prefix(name), field)


def repeated_fields(form: forms.Form) -> set[str]:
    """The fields of a bound `form` (its data a QueryDict) that take one value but were
    sent more than once."""
    if not form.is_bound or not hasattr(form.data, "getlist"):
        return set()
    return {
        name
        for name, field in form.fields.items()
        if any(len(form.data.getlist(sent)) > 1 for sent in _single_value_names(form, name, field))
    }


def refuse_repeated(form: forms.Form, names, message) -> None:
    """`message` the only error of each field in `names` (a bound form, cleaned here):
    whatever a field said of the last value (Django's pick of the values sent) is about a
    value the person did not choose."""
    for name in names:
        if form.has_error(name, code="undecodable"):
            continue
        form._errors.pop(name, None)
        form.add_error(name, forms.ValidationError(message, code="repeated"))


class SubmittedInputMixin:
    """For a form citizens send on the public site (before `forms.Form` in the bases):

    - a field whose value (or name) was not text in the request's encoding has the error
      UNDECODABLE_FIELD; such input under a name that is no field of the form is a
      non-field error (UNDECODABLE_FORM);
    - a field that takes one value but was sent more than once has the error
      `repeated_message` (REPEATED_FIELD), and no other (the error summary and the
      field's place name it).

    Either makes the form invalid, so nothing is stored. Its numbers, dates and times
    take digits 0-9 only (`cms.numbers.refuse_other_digits_in`). The encoding check needs the
    request's POST as the form's data and `FormInputMiddleware`; the repetition check
    works on any QueryDict.
    """

    repeated_message = REPEATED_FIELD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_other_digits_in(self.fields.values())
        self.undecodable_fields = undecodable_in(self.data) if self.is_bound else frozenset()
        self.repeated_fields = repeated_fields(self)

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        field_names = {self.add_prefix(name): name for name in self.fields}
        stray = False
        for html_name in sorted(self.undecodable_fields):
            name = field_names.get(html_name)
            if name is None:
                stray = True
            elif not self.has_error(name, code="undecodable"):
                self.add_error(name, forms.ValidationError(UNDECODABLE_FIELD, code="undecodable"))
        if stray:
            self.add_error(None, forms.ValidationError(UNDECODABLE_FORM, code="undecodable"))
        refuse_repeated(
            self, [n for n in self.fields if n in self.repeated_fields], self.repeated_message
        )
