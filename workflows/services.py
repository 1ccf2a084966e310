"""The transition runner: the one way any stage changes."""

import logging
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from workflows.exceptions import (
    AssigneeRefused,
    StageConflict,
    TransitionNotAllowed,
    TransitionPermissionDenied,
)
from workflows.models import WORKFLOW_FIELDS, TransitionLog
from workflows.notifications import queue_assignee_changed, queue_transition_notifications
from workflows.permissions import may_run, why_not_assignable
from workflows.registry import stage_display, stage_model, transitions, workflow_key
from workflows.selectors import transition_reasons
from workflows.signals import stage_changed

logger = logging.getLogger(__name__)

LOG_ACTION = "workflows.transition"
CASCADE_LOG_ACTION = "workflows.cascade"
ASSIGN_LOG_ACTION = "workflows.assign"


def run_transition(
    page, name: str, *, by, comment: str = "", caused_by: TransitionLog | None = None, **params
):
    """Run transition `name` on `page` for user `by` (None: the system); return the page.

    Checks the permission and the guards, then writes the stage with a compare-and-set
    update together with the log row, in one transaction. Side effects run after commit.
    `caused_by` marks an automatic step (a cascade): it is credited to `by`, the person whose
    step caused it, noted as automatic, and runs with the system's permission.

    Raises TransitionNotAllowed (with every reason), TransitionPermissionDenied, StageConflict.
    """
    model = type(page)
    spec = transitions(model).get(name)
    if spec is None:
        raise TransitionNotAllowed([_("This step does not exist.")])
    if not may_run(None if caused_by else by, model, name):
        raise TransitionPermissionDenied(name)
    reasons = transition_reasons(page, name, comment=comment, **params)
    if reasons:
        raise TransitionNotAllowed(reasons)

    attnames = [model._meta.get_field(f).attname for f in WORKFLOW_FIELDS]
    before = {attname: getattr(page, attname) for attname in attnames}
    source = page.stage
    getattr(page, name)(**params)  # the declared method changes the in-memory fields only
    page.stage_changed_at = timezone.now()
    values = {attname: getattr(page, attname) for attname in attnames}

    with transaction.atomic():
        updated = stage_model(model)._base_manager.filter(pk=page.pk, stage=source).update(**values)
        if not updated:
            for attname, value in before.items():
                setattr(page, attname, value)
            current = (
                stage_model(model)
                ._base_manager.filter(pk=page.pk)
                .values_list("stage", flat=True)
                .first()
            )
            raise StageConflict(current)
        entry = TransitionLog.objects.create(
            page_id=page.pk,
            workflow=workflow_key(model),
            transition=name,
            source=source,
            target=page.stage,
            by=by,
            cause=TransitionLog.Cause.PERSON
            if by and caused_by is None
            else TransitionLog.Cause.SYSTEM,
            caused_by=caused_by,
            comment=comment,
            created_at=page.stage_changed_at,
        )
        log(
            instance=page,
            action=LOG_ACTION,
            user=by,
            data={
                "transition": name,
                "label": str(spec.label),
                "source": source,
                "target": page.stage,
                "source_label": stage_display(model, source),
                "target_label": stage_display(model, page.stage),
                "comment": comment,
                "cause": entry.cause,
                "caused_by": caused_by.page.get_admin_display_title() if caused_by else "",
            },
        )
        stage_changed.send(
            sender=model,
            instance=page,
            transition=name,
            source=source,
            target=page.stage,
            by=by,
            comment=comment,
        )
        assigned = values.get("assignee_id") != before.get("assignee_id")
        # The mails are outbox rows of this transaction: committed with the stage, or not at all.
        queue_transition_notifications(page=page, entry=entry, assigned=assigned)
        after_commit = spec.custom.get("after_commit")  # a callable or its dotted path
        if isinstance(after_commit, str):
            after_commit = import_string(after_commit)
        if after_commit:
            transaction.on_commit(partial(after_commit, page.pk, entry.pk), robust=True)
    return page


def record_cascade(cause: TransitionLog, moved: list) -> None:
    """Note on the causing page's history which pages its step moved automatically."""
    if not moved:
        return
    log(
        instance=cause.page.specific,
        action=CASCADE_LOG_ACTION,
        user=cause.by,
        data={
            "transition": cause.transition,
            "moved": [
                {"id": page.pk, "title": page.title, "stage": stage_display(type(page), page.stage)}
                for page in moved
            ],
        },
    )


def moved_by(entry: TransitionLog) -> list[TransitionLog]:
    """The automatic steps that `entry` caused (a cascade), oldest first."""
    return list(entry.cascaded.select_related("page").order_by("pk"))


def assignee_change(page, *, assignee, by) -> None:
    """Hand `page` to `assignee` (None: nobody) outside a transition; the stage stays.

    Only the assignee column is written (a workflow field: forms never write it), logged in
    the page's history; the new assignee is told after commit.

    Raises AssigneeRefused for a user who may not be responsible (see `assignable_users`).
    """
    if assignee is not None and (refused := why_not_assignable(assignee)):
        raise AssigneeRefused(refused)
    model = stage_model(type(page))
    with transaction.atomic():
        model._base_manager.filter(pk=page.pk).update(assignee=assignee)
        page.assignee = assignee
        entry = log(
            instance=page,
            action=ASSIGN_LOG_ACTION,
            user=by,
            data={
                "assignee": assignee.get_full_name() or assignee.get_username() if assignee else ""
            },
        )
        if assignee is not None:
            # An outbox row of this transaction, as for an assignment by a step.
            stamp = entry.pk if entry else timezone.now().timestamp()
            queue_assignee_changed(page=page, key=f"assignee-changed:{page.pk}:{stamp}")


@dataclass
class BulkOutcome:
    page: object
    done: bool
    message: str


def run_transition_bulk(pages, name: str, *, by, comment: str = "") -> list[BulkOutcome]:
    """Run `name` on each page through the runner, one transaction each; report per page.

    A refused guard, a missing permission or a concurrent change stops only that page.
    """
    outcomes = []
    for page in pages:
        model = type(page)
        try:
            run_transition(page, name, by=by, comment=comment)
        except TransitionPermissionDenied:
            outcomes.append(BulkOutcome(page, False, _("You may not run this step.")))
        except TransitionNotAllowed as error:
            outcomes.append(BulkOutcome(page, False, " ".join(error.reasons)))
        except StageConflict as error:
            outcomes.append(
                BulkOutcome(
                    page,
                    False,
                    _("Someone else was faster: it is now in the stage “%(stage)s”.")
                    % {"stage": stage_display(model, error.current)},
                )
            )
        else:
            outcomes.append(
                BulkOutcome(
                    page,
                    True,
                    _("Now in the stage “%(stage)s”.")
                    % {"stage": stage_display(model, page.stage)},
                )
            )
    return outcomes
