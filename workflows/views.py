"""Admin views: run one transition on one page (in a view of its own, so no unsaved edit is
lost)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from workflows.diagrams import DiagramUnavailable, svg
from workflows.exceptions import StageConflict, TransitionNotAllowed, TransitionPermissionDenied
from workflows.forms import AssigneeForm, TransitionForm
from workflows.models import StagedPageMixin, TransitionLog
from workflows.permissions import may_change_assignee, may_run
from workflows.registry import stage_display, transitions, workflow_models
from workflows.selectors import advisories_block, transition_advisories, transition_reasons
from workflows.services import assignee_change, moved_by, run_transition


def _next_url(request, page) -> str:
    """Wagtail's checked `next` (same host only), else the page's edit view."""
    return get_valid_next_url_from_request(request) or reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )


def transition_view(request, page_id: int, name: str):
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, StagedPageMixin):
        raise Http404
    spec = transitions(type(page)).get(name)
    if spec is None:
        raise Http404
    if not may_run(request.user, type(page), name):
        raise PermissionDenied
    form = TransitionForm(request.POST if request.method == "POST" else None, spec=spec)
    reasons = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            run_transition(
                page,
                name,
                by=request.user,
                comment=form.cleaned_data["comment"],
                **form.params(),
            )
        except TransitionPermissionDenied as error:
            raise PermissionDenied from error
        except TransitionNotAllowed as error:
            reasons, status = error.reasons, 422
        except StageConflict as error:
            messages.warning(
                request,
                _("Someone else was faster: “%(title)s” is now in the stage “%(stage)s”.")
                % {"title": page.title, "stage": stage_display(type(page), error.current)},
            )
            return redirect(_next_url(request, page))
        else:
            messages.success(request, done_message(page))
            return redirect(_next_url(request, page))
    else:
        # Every reason at once: the guards' too, not only the missing inputs.
        reasons = transition_reasons(page, name, check_inputs=False)
        status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "workflows/transition.html",
        {
            "page": page,
            "spec": spec,
            "form": form,
            "reasons": reasons,
            # Notes warn (with or without other reasons) unless the rule makes them block.
            "advisories": []
            if not spec.advisories or advisories_block(type(page), name)
            else transition_advisories(page, name),
            "stage_label": stage_display(type(page), page.stage),
            "next": _next_url(request, page),
            "page_title": spec.label,
            "header_title": f"{spec.label}: {page.title}",
        },
        status=status,
    )


def assignee_view(request, page_id: int):
    """Change who is responsible for a page without moving its stage."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, StagedPageMixin):
        raise Http404
    if not may_change_assignee(request.user):
        raise PermissionDenied
    form = AssigneeForm(
        request.POST if request.method == "POST" else None,
        initial={"assignee": page.assignee_id},
    )
    if request.method == "POST" and form.is_valid():
        assignee = form.cleaned_data["assignee"]
        assignee_change(page, assignee=assignee, by=request.user)
        messages.success(
            request,
            _("“%(title)s”: the assignee is now %(who)s.")
            % {
                "title": page.title,
                "who": (assignee.get_full_name() or assignee.get_username())
                if assignee
                else _("nobody"),
            },
        )
        return redirect(_next_url(request, page))
    return TemplateResponse(
        request,
        "workflows/assignee.html",
        {
            "page": page,
            "form": form,
            "next": _next_url(request, page),
            "page_title": _("Change assignee"),
            "header_title": _("Change assignee: %(title)s") % {"title": page.title},
        },
        status=400 if request.method == "POST" else 200,
    )


def done_message(page) -> str:
    """“X is now in stage Y”, and every page its step moved automatically (a cascade)."""
    message = _("“%(title)s” is now in the stage “%(stage)s”.") % {
        "title": page.title,
        "stage": stage_display(type(page), page.stage),
    }
    entry = TransitionLog.objects.filter(page_id=page.pk).order_by("-pk").first()
    moved = moved_by(entry) if entry else []
    if moved:
        message += " " + _("Moved automatically as a result: %(pages)s.") % {
            "pages": ", ".join(
                _("“%(title)s” → %(stage)s")
                % {
                    "title": log.page.title,
                    "stage": stage_display(log.page.specific_class, log.target),
                }
                for log in moved
            )
        }
    return message


def diagrams_view(request):
    try:
        diagrams = [
            (model._meta.verbose_name_plural, mark_safe(svg(model)))  # noqa: S308 (dot's SVG of our escaped labels)
            for model in workflow_models()
        ]
        missing = ""
    except DiagramUnavailable:
        diagrams = []
        missing = _("The diagrams need Graphviz: apt-get install graphviz.")
    return TemplateResponse(
        request,
        "workflows/diagrams.html",
        {
            "diagrams": diagrams,
            "missing": missing,
            "page_title": _("State diagrams"),
            "header_title": _("State diagrams"),
        },
    )
