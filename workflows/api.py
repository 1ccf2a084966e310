"""Kernteam API: list and run an item's transitions (the Kernteam's own tools, not partners)."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Page

from workflows.exceptions import StageConflict, TransitionNotAllowed, TransitionPermissionDenied
from workflows.models import COMMENT_MAX_LENGTH, WorkflowItem
from workflows.permissions import default_group_name, permitted_transitions
from workflows.registry import stage_display, transitions
from workflows.selectors import transition_options
from workflows.services import run_transition


class IsKernteam(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(
            user
            and user.is_active
            and (user.is_superuser or user.groups.filter(name=default_group_name()).exists())
        )


class RunTransitionSerializer(serializers.Serializer):
    transition = serializers.CharField(max_length=64)
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=COMMENT_MAX_LENGTH
    )
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False
    )

    def validate_transition(self, value):
        if value not in transitions(type(self.context["item"])):
            raise serializers.ValidationError(_("This step does not exist."))
        return value

    def validate(self, attrs):
        """A parameter this API does not know, or the step does not take, is named."""
        errors = {
            name: [_("Unknown parameter.")] for name in self.initial_data if name not in self.fields
        }
        spec = transitions(type(self.context["item"])).get(attrs["transition"])
        if "assignee" in attrs and not spec.needs_assignee:
            errors["assignee"] = [_("This step does not take an assignee.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _state(item, user) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "stage": item.stage,
        "stage_label": stage_display(type(item), item.stage),
        "assignee": item.assignee_id,
        "stage_changed_at": item.stage_changed_at,
        "transitions": [
            {
                "name": option.name,
                "label": option.label,
                "possible": option.possible,
                "reasons": option.reasons,
                "needs_comment": option.spec.needs_comment,
                "needs_assignee": option.spec.needs_assignee,
            }
            for option in transition_options(item, user)
        ],
    }


def _error(code: int, title, detail, **extra) -> Response:
    """The API's one error shape (status, title, detail), plus what this error adds."""
    body = {"status": code, "title": str(title), "detail": str(detail), **extra}
    return Response(body, status=code)


class ItemTransitionsView(APIView):
    # Token first: an anonymous request gets 401 with a WWW-Authenticate header.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, IsKernteam]

    def get_item(self, page_id: int):
        item = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(item, WorkflowItem):
            raise NotFound
        return item

    @extend_schema(exclude=True)
    def get(self, request, page_id: int):
        return Response(_state(self.get_item(page_id), request.user))

    @extend_schema(exclude=True)
    def post(self, request, page_id: int):
        item = self.get_item(page_id)
        serializer = RunTransitionSerializer(data=request.data, context={"item": item})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        name = data.pop("transition")
        forbidden = (status.HTTP_403_FORBIDDEN, _("Forbidden"), _("You may not run this step."))
        if name not in permitted_transitions(request.user, type(item)):
            return _error(*forbidden)
        try:
            run_transition(item, name, by=request.user, **data)
        except TransitionPermissionDenied:
            return _error(*forbidden)
        except TransitionNotAllowed as error:
            return _error(
                status.HTTP_422_UNPROCESSABLE_ENTITY,
                _("Step not possible"),
                _("This step cannot be taken yet."),
                reasons=[str(reason) for reason in error.reasons],
            )
        except StageConflict as error:
            return _error(
                status.HTTP_409_CONFLICT,
                _("Conflict"),
                _("Someone else changed the stage first."),
                stage=error.current,
                stage_label=str(stage_display(type(item), error.current)),
            )
        return Response(_state(item, request.user))
