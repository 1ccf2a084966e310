"""Hand-in endpoints: thin views over the services."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from alliances.models import AlliancePage
from alliances.services import item_reference
from api.authentication import PartnerKeyAuthentication
from api.handins import services
from api.handins.serializers import (
    InterestSerializer,
    SubmissionReceiptSerializer,
    SubmissionSerializer,
)
from api.handins.throttles import HandinThrottle
from api.models import PartnerAPIKey


class _HandinView(APIView):
    """Anonymous hand-ins are allowed; a valid partner key attributes them (a bad one: 401)."""

    throttle_classes = [HandinThrottle]
    authentication_classes = [PartnerKeyAuthentication]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.HANDIN_MAX_BYTES:
            raise ValidationError({"detail": _("The request is too large.")})


def _partner_note(request) -> str:
    if isinstance(request.auth, PartnerAPIKey):
        return _("Handed in by the partner %(name)s") % {"name": request.auth.partner.name}
    return ""


class SubmissionView(_HandinView):
    @extend_schema(request=SubmissionSerializer, responses={201: SubmissionReceiptSerializer})
    def post(self, request):
        serializer = SubmissionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
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
    @extend_schema(request=InterestSerializer, responses={202: None})
    def post(self, request, slug):
        alliance = get_object_or_404(AlliancePage.objects.publicly_visible(), slug=slug)
        serializer = InterestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.interest_create(
            alliance=alliance,
            name=data["name"],
            email=data["email"],
            age_group=data.get("age_group"),
            message=data.get("message", ""),
        )
        return Response(
            {"detail": _("Thank you! Please confirm through the link we have sent by e-mail.")},
            status=status.HTTP_202_ACCEPTED,
        )


@require_http_methods(["GET", "POST"])
def interest_confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    try:
        signup = services.interest_from_token(token=token)
    except services.InvalidConfirmation:
        return render(request, "handins/interest_confirm.html", {"invalid": True}, status=400)
    confirmed = False
    if request.method == "POST":
        services.interest_confirm(signup=signup)
        confirmed = True
    return render(
        request,
        "handins/interest_confirm.html",
        {"signup": signup, "confirmed": confirmed or signup.confirmed_at is not None},
    )
