"""The workflow API: list and run a page's steps, for the tools of those who run the workflow.

Its own room beside the partner API (`/api/v1/`): prefix `/workflow-api/v1/`, a token or
the admin session (with CSRF) to authenticate, `workflows.run_transition` to get in, its
own throttle, error handler and OpenAPI schema. Nothing of the partner API applies here.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler
from wagtail.models import Page

from cms.drf_messages import (
    NamedFieldsMixin,
    in_our_words,
    translate_literals,
    unknown_field_message,
    writable_field_names,
)
from cms.http_titles import status_title
from cms.json_errors import JSON_STYLE
from cms.numbers import OTHER_DIGITS, has_other_digits
from cms.parsers import JSONParser
from workflows.exceptions import StageConflict, TransitionNotAllowed, TransitionPermissionDenied
from workflows.models import COMMENT_MAX_LENGTH, StagedPageMixin
from workflows.permissions import permitted_transitions, runs_workflow, why_not_assignable
from workflows.registry import stage_display, transitions
from workflows.selectors import transition_options
from workflows.services import run_transition

logger = logging.getLogger(__name__)

PREFIX = "/workflow-api/v1/"

# The workflow API's own word for 422; every other status as both APIs name it.
TITLES = {422: gettext_lazy("Step not possible")}


class AdminSessionAuthentication(SessionAuthentication):
    """DRF's session authentication; a missing or wrong CSRF token is a 403 with a German
    sentence (DRF's is "CSRF Failed: " and Django's English reason)."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(
                _(
                    "The request came without the CSRF token its session cookie requires "
                    "(header X-CSRFToken)."
                )
            ) from None


class RunsWorkflow(BasePermission):
    """Holds the engine's `workflows.run_transition` (or is a superuser)."""

    def has_permission(self, request, view):
        return runs_workflow(request.user)


class WorkflowAPIThrottle(UserRateThrottle):
    """Per user, at `settings.WORKFLOW_API_THROTTLE_RATE` (read at request time)."""

    scope = "workflow_api"

    def get_rate(self):
        return settings.WORKFLOW_API_THROTTLE_RATE


def error_body(code: int, detail, **extra) -> dict:
    """The workflow API's one error shape: status, title, detail, plus what an error adds."""
    title = TITLES.get(code) or status_title(code)
    return {"status": code, "title": str(title), "detail": str(detail), **extra}


def exception_handler(exc, context):
    """DRF's handler, in the workflow API's error shape; anything unexpected is a 500."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("There is no page with this id in a workflow."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    exc = in_our_words(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in the workflow API", exc_info=exc)
        body = error_body(500, _("Something went wrong on our side."))
        return Response(body, status=500)
    if isinstance(exc, exceptions.ValidationError):
        data = translate_literals(response.data)
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        detail = _("Please check the parameters named in “errors”.")
        response.data = error_body(response.status_code, detail, errors=errors)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = error_body(response.status_code, detail)
    return response


class AssigneeField(serializers.PrimaryKeyRelatedField):
    """A user id; only someone the admin would offer (`assignable_users`) is accepted. An
    id in other digits than 0-9 is refused: the lookup read "١٢" as user 12."""

    default_error_messages = {"other_digits": OTHER_DIGITS}

    def __init__(self, **kwargs):
        super().__init__(queryset=get_user_model().objects.all(), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and has_other_digits(data):
            self.fail("other_digits")
        user = super().to_internal_value(data)
        if refused := why_not_assignable(user):
            raise serializers.ValidationError(refused, code="not_assignable")
        return user


class RunTransitionSerializer(NamedFieldsMixin, serializers.Serializer):
    transition = serializers.CharField(
        max_length=64, help_text=gettext_lazy("The step's `name`, as the GET lists it.")
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=COMMENT_MAX_LENGTH,
        help_text=gettext_lazy("Why; required where the step's `needs_comment` is true."),
    )
    assignee = AssigneeField(
        required=False,
        help_text=gettext_lazy(
            "The user id of who takes the page on; only where `needs_assignee` is true. "
            "Only a user who may run steps can take a page on."
        ),
    )

    def validate_transition(self, value):
        possible = sorted(transitions(type(self.context["page"])))
        if value not in possible:
            raise serializers.ValidationError(
                _("This step does not exist. Possible for this page: %(steps)s.")
                % {"steps": ", ".join(possible)}
            )
        return value

    def validate(self, attrs):
        """A parameter this API does not know, or the step does not take, is named."""
        accepted = writable_field_names(self)
        errors = {
            name: [unknown_field_message(name, accepted)]
            for name in self.initial_data
            if name not in self.fields
        }
        spec = transitions(type(self.context["page"])).get(attrs["transition"])
        if "assignee" in attrs and not spec.needs_assignee:
            errors["assignee"] = [_("This step does not take an assignee.")]
        # What the admin's step form requires is a field error here too, not a 422.
        if spec.needs_assignee and "assignee" not in attrs:
            errors["assignee"] = [_("Please choose who is responsible.")]
        if spec.needs_comment and not attrs.get("comment", "").strip():
            errors["comment"] = [_("Please give a reason.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    possible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    needs_comment = serializers.BooleanField()
    needs_assignee = serializers.BooleanField()


class PageStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    stage = serializers.CharField()
    stage_label = serializers.CharField()
    assignee = serializers.IntegerField(allow_null=True)
    stage_changed_at = serializers.DateTimeField(allow_null=True)
    transitions = TransitionOptionSerializer(many=True, help_text="The steps you may run.")


ERROR = inline_serializer(
    "WorkflowError",
    {
        "status": serializers.IntegerField(),
        "title": serializers.CharField(),
        "detail": serializers.CharField(),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()), required=False
        ),
        "reasons": serializers.ListField(child=serializers.CharField(), required=False),
        "stage": serializers.CharField(required=False),
        "stage_label": serializers.CharField(required=False),
    },
)


def _state(page, user) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "stage": page.stage,
        "stage_label": stage_display(type(page), page.stage),
        "assignee": page.assignee_id,
        "stage_changed_at": page.stage_changed_at,
        "transitions": [
            {
                "name": option.name,
                "label": option.label,
                "possible": option.possible,
                "reasons": option.reasons,
                "needs_comment": option.spec.needs_comment,
                "needs_assignee": option.spec.needs_assignee,
            }
            for option in transition_options(page, user)
        ],
    }


def _error(code: int, detail, **extra) -> Response:
    return Response(error_body(code, detail, **extra), status=code)


ERROR_MEANINGS = {
    400: gettext_lazy("Invalid body; `errors` names each field and what is wrong with it."),
    401: gettext_lazy("No token or session, or a token that is not valid."),
    403: gettext_lazy(
        "This user may not run steps, or not this one; or a session without its CSRF token."
    ),
    404: gettext_lazy("There is no page with this id in a workflow."),
    409: gettext_lazy("Someone else changed the stage first; `stage` is the current one."),
    422: gettext_lazy("The step cannot be taken yet; `reasons` says why."),
    429: gettext_lazy("Too many requests from this user; `Retry-After` says when to try again."),
}
PAGE_ID = OpenApiParameter(
    "page_id",
    int,
    OpenApiParameter.PATH,
    description=gettext_lazy("The page's id (as in the address of its edit view in the admin)."),
)


STATE = OpenApiResponse(
    PageStateSerializer, description=gettext_lazy("The page's stage and the steps you may run.")
)


def _errors(*codes: int) -> dict:
    return {code: OpenApiResponse(ERROR, description=ERROR_MEANINGS[code]) for code in codes}


class WorkflowAPIView(APIView):
    """The workflow API's settings, none of them the partner API's defaults."""

    # Token first: an anonymous request gets 401 with a WWW-Authenticate header.
    authentication_classes = [TokenAuthentication, AdminSessionAuthentication]
    permission_classes = [IsAuthenticated, RunsWorkflow]
    throttle_classes = [WorkflowAPIThrottle]
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    schema = AutoSchema()

    def get_exception_handler(self):
        return exception_handler


class PageTransitionsView(WorkflowAPIView):
    def get_page(self, page_id: int):
        page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(page, StagedPageMixin):
            raise Http404
        return page

    @extend_schema(
        summary=gettext_lazy("The page's stage and the steps you may run"),
        description=gettext_lazy(
            "Each step with whether it is possible now and, if not, the reasons (the unmet "
            "conditions), in the request's language."
        ),
        parameters=[PAGE_ID],
        responses={200: STATE, **_errors(401, 403, 404, 429)},
    )
    def get(self, request, page_id: int):
        return Response(_state(self.get_page(page_id), request.user))

    @extend_schema(
        summary=gettext_lazy("Run one step"),
        description=gettext_lazy(
            "Runs the step as the authenticated user, with the same permissions and "
            "conditions as in the admin, and answers with the page's new state. A session "
            "(the admin's login) also needs the `X-CSRFToken` header."
        ),
        parameters=[PAGE_ID],
        request=RunTransitionSerializer,
        responses={200: STATE, **_errors(400, 401, 403, 404, 409, 422, 429)},
    )
    def post(self, request, page_id: int):
        page = self.get_page(page_id)
        serializer = RunTransitionSerializer(data=request.data, context={"page": page})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        name = data.pop("transition")
        forbidden = (status.HTTP_403_FORBIDDEN, _("You may not run this step."))
        if name not in permitted_transitions(request.user, type(page)):
            return _error(*forbidden)
        try:
            run_transition(page, name, by=request.user, **data)
        except TransitionPermissionDenied:
            return _error(*forbidden)
        except TransitionNotAllowed as error:
            return _error(
                status.HTTP_422_UNPROCESSABLE_ENTITY,
                _("This step cannot be taken yet."),
                reasons=[str(reason) for reason in error.reasons],
            )
        except StageConflict as error:
            return _error(
                status.HTTP_409_CONFLICT,
                _("Someone else changed the stage first."),
                stage=error.current,
                stage_label=str(stage_display(type(page), error.current)),
            )
        return Response(_state(page, request.user))


@csrf_exempt  # it writes nothing; without, a POST got Django's HTML CSRF page, not a 404
def unknown_address(request, rest: str = ""):
    """Any other address under the prefix: a 404 in the workflow API's error shape."""
    body = error_body(404, _("There is nothing at this address."))
    return JsonResponse(body, status=404, json_dumps_params=JSON_STYLE)


def workflow_api_only(endpoints, **kwargs):
    """The workflow API's schema describes its own prefix only."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PREFIX)]


@csrf_exempt  # it only points elsewhere; the new address checks CSRF for a session
def moved_page_transitions(request, page_id: int):
    """A former address (workflows/moved_urls.py), for one release: 308 keeps the method and
    body of a POST. Remove with the release after the one that moved it."""
    url = reverse("workflow-api:page-transitions", args=[page_id])
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(url, preserve_request=True)
