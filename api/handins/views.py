"""Hand-in endpoints: thin views over the services."""

import io

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from alliances.capture import item_reference
from alliances.models import AlliancePage
from api.authentication import PartnerKeyAuthentication
from api.handins import invitations, services, tokens
from api.handins.serializers import (
    InterestSerializer,
    SubmissionReceiptSerializer,
    SubmissionSerializer,
)
from api.handins.throttles import HandinThrottle
from api.models import PartnerAPIKey
from api.preconditions import check_if_match_without_etag
from api.schema import SUCCESS_MEANINGS


class AllianceNotTakingSignups(APIException):
    """410, as on the site (and for an invitation to such an alliance): the alliance is
    public but paused or concluded."""

    status_code = status.HTTP_410_GONE
    default_detail = gettext_lazy("This alliance is not taking on new members.")
    default_code = "alliance_closed"


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request is too large.")
    default_code = "too_large"


def _bound_body(request) -> None:
    """Refuse a body over HANDIN_MAX_BYTES, declared or not.

    A chunked body has no Content-Length: where the server has de-chunked it
    (`wsgi.input_terminated`, gunicorn) or read it whole (ASGI), read at most one byte past
    the limit and hand on what was read. Any other server cannot read it: such a request
    is a 411 before it gets here (`cms.middleware.LengthRequiredMiddleware`).
    """
    limit = settings.HANDIN_MAX_BYTES
    declared = request.META.get("CONTENT_LENGTH")
    if declared:
        try:
            too_large = int(declared) > limit
        except ValueError:
            raise ParseError(_("The Content-Length header is not a number.")) from None
        if too_large:
            raise RequestTooLarge
        return
    if request.META.get("wsgi.input_terminated"):
        stream = request.META["wsgi.input"]
    elif isinstance(request, ASGIRequest):
        stream = request._stream
    else:
        return  # no body (a chunked one under a server that cannot read it: a 411 before)
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise RequestTooLarge
    request._stream = io.BytesIO(raw)
    request.META["CONTENT_LENGTH"] = str(len(raw))


class _HandinView(APIView):
    """Anonymous hand-ins are allowed; a valid partner key attributes them (a bad one: 401).

    Every request counts against the API's general limits (anonymous per client, partner
    per key: the guard against floods); only a hand-in that passed its checks counts
    against the strict hand-in limit (`count_handin`), as on the site's forms. A preflight,
    a wrong method, a body that is too large or cannot be read and input with mistakes
    spend none of it, so nobody behind the same address is locked out of the forms."""

    authentication_classes = [PartnerKeyAuthentication]

    def initialize_request(self, request, *args, **kwargs):
        # Before DRF wraps the request and decides from Content-Length whether it has a body.
        self.body_error = None
        try:
            _bound_body(request)
        except APIException as error:
            self.body_error = error
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.body_error is not None:
            raise self.body_error
        if request.method == "POST":  # any other method is a 405 (OPTIONS describes)
            self.find_target(**kwargs)
            # A hand-in has no entity tag: If-Match naming one is a 412 before anything is
            # read or stored (RFC 9110 13.1.1); after find_target, whose 404 or 410 wins.
            check_if_match_without_etag(request)

    def find_target(self, **kwargs) -> None:
        """Raise the error of a target that takes no hand-ins (a 404, a 410)."""

    def count_handin(self, request) -> None:
        """Count a valid hand-in against HandinThrottle (shared with the site's forms);
        over the limit a 429 with Retry-After, and nothing is stored."""
        throttle = HandinThrottle()
        if not throttle.allow_request(request, self):
            raise Throttled(wait=throttle.wait())


def _partner_note(request) -> str:
    if isinstance(request.auth, PartnerAPIKey):
        return _("Handed in by the partner %(name)s") % {"name": request.auth.partner.name}
    return ""


class SubmissionView(_HandinView):
    @extend_schema(
        summary=gettext_lazy("Hand in a need or an opportunity"),
        description=gettext_lazy(
            "It lands as captured (stage `captured`) with the Kernteam, which is told by mail; "
            "nothing is published until the Kernteam takes it up. Anonymous hand-ins are "
            "allowed; a valid partner key attributes them (a bad one: 401)."
        ),
        request=SubmissionSerializer,
        responses={201: SubmissionReceiptSerializer},
    )
    def post(self, request):
        serializer = SubmissionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.count_handin(request)
        data = serializer.validated_data
        page = services.submission_create(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            district=data["district"],
            topic=data.get("topic"),
            contact=data.get("contact"),
            partner_note=_partner_note(request),
        )
        receipt = {"reference": item_reference(page), "kind": data["kind"], "stage": page.stage}
        return Response(SubmissionReceiptSerializer(receipt).data, status=status.HTTP_201_CREATED)


class InterestView(_HandinView):
    extra_error_codes = ["410"]  # a paused or concluded alliance (in the schema)

    def find_target(self, *, slug, **kwargs) -> None:
        self.alliance = get_object_or_404(AlliancePage.objects.publicly_visible(), slug=slug)
        if not self.alliance.takes_sign_ups:
            raise AllianceNotTakingSignups

    @extend_schema(
        summary=gettext_lazy("Sign up interest in joining an alliance"),
        description=gettext_lazy(
            "The person gets a mail with a confirmation link (double opt-in); only a "
            "confirmed sign-up reaches the alliance. Anonymous sign-ups are allowed; a valid "
            "partner key attributes them (a bad one: 401)."
        ),
        request=InterestSerializer,
        responses={202: OpenApiResponse(description=SUCCESS_MEANINGS["202"])},
        parameters=[
            OpenApiParameter(
                "slug",
                str,
                OpenApiParameter.PATH,
                pattern=r"^[^/\x00]+$",
                description=gettext_lazy("The alliance's slug."),
            )
        ],
    )
    def post(self, request, slug):
        alliance = self.alliance
        serializer = InterestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.count_handin(request)
        data = serializer.validated_data
        try:
            services.interest_create(
                alliance=alliance,
                name=data["name"],
                email=data["email"],
                age_group=data.get("age_group"),
                message=data.get("message", ""),
                competences=data.get("competences", []),
                resources=data.get("resources", []),
            )
        except services.AllianceClosed:  # paused or concluded since it was read above
            raise AllianceNotTakingSignups from None
        return Response(
            {
                "detail": _(
                    "Thank you! Please confirm through the link in the e-mail we are sending you."
                )
            },
            status=status.HTTP_202_ACCEPTED,
        )


@require_http_methods(["GET", "HEAD", "POST"])
def interest_confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    try:
        signup = tokens.interest_from_token(token=token)
    except tokens.InvalidConfirmation:
        return render(request, "handins/interest_confirm.html", {"invalid": True}, status=400)
    confirmed = False
    closed = signup.confirmed_at is None and not signup.alliance.takes_sign_ups
    if request.method == "POST" and not closed:
        try:
            services.interest_confirm(signup=signup)
            confirmed = True
        except services.AllianceClosed:  # paused or concluded while the page was open
            closed = True
    if closed:
        context = {"signup": signup, "closed": True}
        return render(request, "handins/interest_confirm.html", context, status=410)
    return render(
        request,
        "handins/interest_confirm.html",
        {"signup": signup, "confirmed": confirmed or signup.confirmed_at is not None},
    )


INVITATION_STATUS = {"invalid": 400, "expired": 410, "used": 410, "closed": 410}


def _invitation_problem(request, error):
    """The invitation page saying why its link cannot be used (on opening or on accepting)."""
    return render(
        request,
        "handins/invitation.html",
        {"problem": error.reason},
        status=INVITATION_STATUS[error.reason],
    )


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    """GET shows the invitation and a button, POST accepts it (a mail scanner opening the
    link accepts nothing); a link that cannot be used gets a page saying why."""
    try:
        found = invitations.invitation_from_token(token=token)
    except invitations.InvalidInvitation as error:
        return _invitation_problem(request, error)
    if request.method == "POST":
        try:
            invitations.invitation_accept(invitation=found)
        except invitations.InvalidInvitation as error:
            return _invitation_problem(request, error)
        return render(request, "handins/invitation.html", {"invitation": found, "accepted": True})
    context = {
        "invitation": found,
        "entries": invitations.entry_names(found),
        "consent": invitations.consent_wording(found),
    }
    return render(request, "handins/invitation.html", context)
