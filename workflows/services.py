"""The transition runner: the one way any stage changes."""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from workflows.exceptions import StageConflict, TransitionNotAllowed, TransitionPermissionDenied
from workflows.models import WORKFLOW_FIELDS, TransitionLog
from workflows.notifications import queue_transition_notifications
from workflows.permissions import may_run
from workflows.registry import stage_display, stage_model, transitions, workflow_key
from workflows.selectors import transition_reasons
from workflows.signals import stage_changed

logger = logging.getLogger(__name__)

LOG_ACTION = "workflows.transition"


def run_transition(item, name: str, *, by, comment: str = "", **params):
    """Run transition `name` on `item` for user `by` (None: the system); return the item.

    Checks the permission and the guards, then writes the stage with a compare-and-set
    update together with the log row, in one transaction. Side effects run after commit.
    """
    model = type(item)
    spec = transitions(model).get(name)
    if spec is None:
        raise TransitionNotAllowed([_("This step does not exist.")])
    if not may_run(by, model, name):
        raise TransitionPermissionDenied(name)
    reasons = transition_reasons(item, name, comment=comment, **params)
    if reasons:
        raise TransitionNotAllowed(reasons)

    attnames = [model._meta.get_field(f).attname for f in WORKFLOW_FIELDS]
    before = {attname: getattr(item, attname) for attname in attnames}
    source = item.stage
    getattr(item, name)(**params)  # the declared method changes the in-memory fields only
    item.stage_changed_at = timezone.now()
    values = {attname: getattr(item, attname) for attname in attnames}

    with transaction.atomic():
        updated = stage_model(model)._base_manager.filter(pk=item.pk, stage=source).update(**values)
        if not updated:
            for attname, value in before.items():
                setattr(item, attname, value)
            current = (
                stage_model(model)
                ._base_manager.filter(pk=item.pk)
                .values_list("stage", flat=True)
                .first()
            )
            raise StageConflict(current)
        entry = TransitionLog.objects.create(
            page_id=item.pk,
            workflow=workflow_key(model),
            transition=name,
            source=source,
            target=item.stage,
            by=by,
            cause=TransitionLog.Cause.PERSON if by else TransitionLog.Cause.SYSTEM,
            comment=comment,
            created_at=item.stage_changed_at,
        )
        log(
            instance=item,
            action=LOG_ACTION,
            user=by,
            data={
                "transition": name,
                "label": str(spec.label),
                "source": source,
                "target": item.stage,
                "source_label": stage_display(model, source),
                "target_label": stage_display(model, item.stage),
                "comment": comment,
                "cause": entry.cause,
            },
        )
        stage_changed.send(
            sender=model,
            instance=item,
            transition=name,
            source=source,
            target=item.stage,
            by=by,
            comment=comment,
        )
        assigned = values.get("assignee_id") != before.get("assignee_id")
        # The mails are outbox rows of this transaction: committed with the stage, or not at all.
        queue_transition_notifications(item=item, entry=entry, assigned=assigned)
        after_commit = spec.custom.get("after_commit")
        if after_commit:
            transaction.on_commit(partial(after_commit, item.pk), robust=True)
    return item
