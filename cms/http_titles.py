"""The title of every HTTP error status, in the active language, for the JSON error shape
of both APIs (`status`, `title`, `detail`). Python's `HTTPStatus.phrase` is English only."""

from http import HTTPStatus

from django.utils.translation import gettext_lazy as _

TITLES = {
    400: _("Invalid request"),
    401: _("Not authenticated"),
    402: _("Payment required"),
    403: _("Forbidden"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    407: _("Proxy authentication required"),
    408: _("Request timeout"),
    409: _("Conflict"),
    410: _("Gone"),
    411: _("Length required"),
    412: _("Precondition failed"),
    413: _("Request too large"),
    414: _("Address too long"),
    415: _("Unsupported media type"),
    416: _("Range not satisfiable"),
    417: _("Expectation failed"),
    418: _("I'm a teapot"),
    421: _("Misdirected request"),
    422: _("Unprocessable content"),
    423: _("Locked"),
    424: _("Failed dependency"),
    425: _("Too early"),
    426: _("Upgrade required"),
    428: _("Precondition required"),
    429: _("Too many requests"),
    431: _("Request header fields too large"),
    451: _("Unavailable for legal reasons"),
    500: _("Server error"),
    501: _("Not implemented"),
    502: _("Bad gateway"),
    503: _("Service unavailable"),
    504: _("Gateway timeout"),
    505: _("HTTP version not supported"),
    506: _("Variant also negotiates"),
    507: _("Insufficient storage"),
    508: _("Loop detected"),
    510: _("Not extended"),
    511: _("Network authentication required"),
}


def status_title(code: int) -> str:
    """The error status's title; a status Python does not know: the class (client/server)."""
    if code in TITLES:
        return str(TITLES[code])
    if code in HTTPStatus.__members__.values():
        return HTTPStatus(code).phrase  # a status newer than this list; English at worst
    return str(_("Server error") if code >= 500 else _("Invalid request"))
