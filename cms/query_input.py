"""What a query string of the public site and the partner API may hold: text in UTF-8, a
search term with something visible in it, one value for a parameter that takes one.

Django decodes a query string with replacement characters: `q=%FF` arrives as "\ufffd",
which holds no word, so a search for it quietly found nothing. As for form bodies
(`cms.form_input`), the raw query string decides (a U+FFFD typed as `%EF%BF%BD` is text).
"""

import unicodedata
from functools import cache, wraps

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.utils.encoding import force_bytes
from django.utils.translation import gettext_lazy as _

from cms.form_input import _urlencoded_pairs
from cms.middleware import RefusedInput, refuse_input

NOT_UTF8_VALUE = _(
    "This value holds characters that were not sent as UTF-8. Please send it encoded in "
    "UTF-8 (“ä”, for example, as %C3%A4)."
)
INVISIBLE_TERM = _(
    "The search term holds only invisible characters (such as a zero-width space). "
    "Please give a word to search for."
)
REPEATED_PARAMETER = _(
    "A parameter is given more than once in the address, though it takes one value."
)

# Unicode's format characters (zero-width space and joiners, the byte-order mark, the soft
# hyphen, direction marks), controls and separators print nothing; so do these letters and
# symbols, blank by design (the Hangul fillers, the Braille blank, the Khmer inherent vowels,
# the combining grapheme joiner).
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
BLANK_CHARACTERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")


# Beyond the Basic Multilingual Plane (the tag characters) no character counts as
# invisible: the schema's pattern (`search_term_pattern`) names the same set, and JSON
# Schema's regular expressions cannot name those characters alike in every dialect.
LAST_CHARACTER = 0xFFFF


def _invisible(character: str) -> bool:
    return ord(character) <= LAST_CHARACTER and (
        character.isspace()
        or character in BLANK_CHARACTERS
        or unicodedata.category(character) in INVISIBLE_CATEGORIES
    )


def only_invisible(text: str) -> bool:
    """Whether `text` holds characters besides spaces, but none that can be seen (a zero-
    width space, a byte-order mark, …). Spaces alone are not: they are an empty field."""
    return bool(text.strip()) and all(_invisible(character) for character in text)


def _character_class(predicate) -> str:
    """The characters of the BMP for which `predicate` holds, as a regular expression's
    class body of \\uXXXX ranges (the same in Python's and ECMAScript's dialect)."""
    ranges: list[list[int]] = []
    for code in range(LAST_CHARACTER + 1):
        if 0xD800 <= code <= 0xDFFF or not predicate(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(
        f"\\u{first:04x}" if first == last else f"\\u{first:04x}-\\u{last:04x}"
        for first, last in ranges
    )


@cache
def search_term_pattern() -> str:
    """The schema's pattern of a search term the API takes: no NUL; spaces only (it finds
    nothing), or at least one character that is not invisible (`only_invisible`)."""
    spaces = _character_class(str.isspace)
    invisible = _character_class(_invisible)
    return f"^(?:[{spaces}]*|[^\\x00]*[^{invisible}\\x00][^\\x00]*)$"


def _query_bytes(request) -> bytes:
    """The query string as sent: under WSGI each byte is one character of QUERY_STRING;
    under ASGI Django has decoded it as UTF-8 already."""
    query = request.META.get("QUERY_STRING", "")
    if isinstance(request, WSGIRequest):
        return force_bytes(query, "iso-8859-1")
    return force_bytes(query)


def undecodable_query_names(request) -> frozenset[str]:
    """The names (as Django decoded them) of the query parameters whose name or value is
    not text in the request's encoding (UTF-8). `request`: Django's, or DRF's around it."""
    request = getattr(request, "_request", request)
    encoding = request.encoding or settings.DEFAULT_CHARSET
    names = set()
    for name, value in _urlencoded_pairs(_query_bytes(request)):
        try:
            name.decode(encoding)
            value.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            names.add(name.decode(encoding, "replace"))
    return frozenset(names)


def repeated_query_names(request, names) -> list[str]:
    """Those of `names` that the query string gives more than once."""
    return [name for name in names if len(request.GET.getlist(name)) > 1]


def single_valued_query(*names):
    """For a public-site view that reads the query parameters `names`, one value each, and
    shows no form: one given twice is the site's German 400 page naming it (Django would
    take the last value silently)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if repeated := repeated_query_names(request, names):
                errors = {name: [str(REPEATED_PARAMETER)] for name in repeated}
                return refuse_input(request, RefusedInput(REPEATED_PARAMETER, errors))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
