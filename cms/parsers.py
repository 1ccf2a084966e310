"""JSON request bodies for every DRF view (the partner API, the workflow API): whatever
their depth or fault, a parse error is a 400 with a German sentence that says what to
send instead, never a 500, and a body declared in another charset than UTF-8 (or its
subset US-ASCII) a 415 (RFC 8259 8.1: JSON is UTF-8)."""

import codecs
import json
import math
import sys

from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.utils import json as drf_json


class _NumberTooLarge(Exception):
    pass


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError as exc:  # more digits than Python converts (sys.get_int_max_str_digits)
        raise _NumberTooLarge from exc


def _fraction(text: str) -> float:
    if math.isinf(number := float(text)):  # 1e999: beyond what a double holds
        raise _NumberTooLarge
    return number


ENCODING = "utf-8"
# US-ASCII is a subset of UTF-8: a body declared so is read when its bytes are ASCII.
ASCII = "ascii"


def check_charset(media_type: str) -> str:
    """The codec to read the body with: "utf-8", or "ascii" for a body declared US-ASCII.
    Raises UnsupportedMediaType (415, one German sentence, no field named) when
    `media_type` declares another charset (in any case, quoted or not): JSON exchanged
    between systems is UTF-8 (RFC 8259 8.1). No charset: UTF-8."""
    charset = parse_header_parameters(media_type or "")[1].get("charset")
    if charset is None:
        return ENCODING
    try:
        codec = codecs.lookup(charset.strip()).name
    except LookupError:
        codec = None
    if codec not in (ENCODING, ASCII):
        raise UnsupportedMediaType(
            media_type,
            detail=_(
                "The body is declared in an encoding other than UTF-8. JSON is read in "
                "UTF-8 only: please send it in UTF-8, with “charset=utf-8” or without a "
                "charset."
            ),
        )
    return codec


class JSONParser(parsers.JSONParser):
    """DRF's parser (strict: NaN and Infinity are refused), with German errors, reading
    UTF-8 only (a body declared US-ASCII is read as ASCII: a byte beyond it is a 400).

    Raises UnsupportedMediaType (415) for a body declared in another charset
    (`check_charset`).
    Raises ParseError: "Der Inhalt ist kein gültiges JSON (Zeile 1, Spalte 2)." for a
    syntax error (the position from `json.JSONDecodeError`), one sentence for a number
    JSON does not know (NaN, Infinity), one that is too large to read (more digits than
    Python converts, or beyond a double), a wrong encoding, or nesting deeper than the
    recursion limit.
    DRF's own message is English ("JSON parse error - Expecting property name …").
    """

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = check_charset(media_type)
        parse_constant = drf_json.strict_constant if self.strict else None
        try:
            return json.load(
                codecs.getreader(encoding)(stream),
                parse_constant=parse_constant,
                parse_int=_whole_number,
                parse_float=_fraction,
            )
        except _NumberTooLarge as exc:
            raise ParseError(
                _(
                    "The body holds a number too large to read (more than %(digits)d digits, "
                    "or beyond 10^308). No field takes such a number: if it is meant as text "
                    "(a phone number, say), please send it in quotes, as a JSON string."
                )
                % {"digits": sys.get_int_max_str_digits()}
            ) from exc
        except RecursionError as exc:
            raise ParseError(
                _(
                    "The JSON document is nested too deeply. No field takes values nested "
                    "like this: please send one JSON object with the fields the "
                    "documentation describes."
                )
            ) from exc
        except json.JSONDecodeError as exc:
            message = _("The body is not valid JSON (line %(line)d, column %(column)d).") % {
                "line": exc.lineno,
                "column": exc.colno,
            }
            raise ParseError(message) from exc
        except UnicodeDecodeError as exc:
            if encoding == ASCII:
                raise ParseError(
                    _(
                        "The body is declared as US-ASCII but holds other characters. "
                        "Please send it in UTF-8, with “charset=utf-8” or without a charset."
                    )
                ) from exc
            message = _(
                "The body is not text in the encoding %(encoding)s. Please send it "
                "encoded in %(encoding)s."
            ) % {"encoding": encoding.upper()}
            raise ParseError(message) from exc
        except ValueError as exc:  # NaN, Infinity (strict_constant)
            raise ParseError(
                _(
                    "The body is not valid JSON: NaN and Infinity are not JSON numbers. "
                    "Please send a number instead, or leave the field out."
                )
            ) from exc
