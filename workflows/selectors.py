"""Read-side helpers: what a user can do with a page, and lead times from the log."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F, Window
from django.db.models.functions import Lead
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from workflows.models import COMMENT_MAX_LENGTH, StageRule, TransitionLog, TransitionRule
from workflows.permissions import permitted_transitions, why_not_assignable
from workflows.reasons import Reason
from workflows.registry import TransitionSpec, stage_display, transitions, workflow_key


def transition_reasons(page, name: str, *, comment: str = "", check_inputs=True, **params):
    """Why `name` cannot run on `page` now, every reason at once (an empty list: it can).

    Guards read the published version; when a draft is waiting, the last reason says so.
    """
    spec = transitions(type(page))[name]
    if page.stage not in spec.sources:
        return [
            _("This step is not possible in the stage “%(stage)s”.")
            % {"stage": stage_display(type(page), page.stage)}
        ]
    reasons = []
    if check_inputs and spec.needs_comment and not comment.strip():
        reasons.append(_("Please give a reason."))
    if check_inputs and len(comment) > COMMENT_MAX_LENGTH:
        reasons.append(
            _("Please shorten the comment to at most %(max)d characters.")
            % {"max": COMMENT_MAX_LENGTH}
        )
    if check_inputs and spec.needs_assignee:
        assignee = params.get("assignee")
        if not assignee:
            reasons.append(_("Please choose who is responsible."))
        elif refused := why_not_assignable(assignee):
            reasons.append(refused)
    failed = [
        r if isinstance(r, str) else str(r)
        for guard in spec.guards
        for r in guard.reasons(page, params)
    ]
    if spec.advisories and advisories_block(type(page), name):
        failed += transition_advisories(page, name, **params)
    if failed:
        failed += unpublished_draft_note(page)
    reasons += failed
    return reasons


def advisories_block(model: type, name: str) -> bool:
    """Whether the low-code rule of this step makes its notes block it (default: warn)."""
    return TransitionRule.objects.filter(
        transition=f"{workflow_key(model)}.{name}", advisories_block=True
    ).exists()


def transition_advisories(page, name: str, **params) -> list:
    """The step's notes: what speaks against it without forbidding it by itself."""
    spec = transitions(type(page))[name]
    return [reason for check in spec.advisories for reason in check(page, params)]


def unpublished_draft_note(page) -> list[Reason]:
    """The reason that names a draft the checks cannot see yet (empty without a draft)."""
    if not getattr(page, "has_unpublished_changes", False):
        return []
    revision = page.latest_revision
    if revision is None:
        return []
    return [
        Reason(
            _(
                "The checks read the published version. The draft saved on %(when)s by "
                "%(who)s is not published yet: publish it so its changes count."
            )
            % {
                "when": formats.date_format(
                    timezone.localtime(revision.created_at), "SHORT_DATETIME_FORMAT"
                ),
                "who": revision.user.get_full_name() or revision.user.get_username()
                if revision.user
                else _("unknown"),
            },
            page_id=page.pk,
        )
    ]


@dataclass
class TransitionOption:
    spec: TransitionSpec
    reasons: list[str]

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def label(self) -> str:
        return str(self.spec.label)

    @property
    def possible(self) -> bool:
        return not self.reasons


def transition_options(page, user, *, permitted: set[str] | None = None):
    """The transitions out of the page's stage that `user` may run, with their guard state."""
    if permitted is None:
        permitted = permitted_transitions(user, type(page))
    return [
        TransitionOption(spec, transition_reasons(page, name, check_inputs=False))
        for name, spec in transitions(type(page)).items()
        if name in permitted and page.stage in spec.sources
    ]


def reminder_periods(model: type) -> dict[str, int]:
    """Days per stage of `model` after which a page is overdue (stage rules; 0 = never)."""
    key = workflow_key(model)
    return {
        rule.stage.partition(":")[2]: rule.reminder_days
        for rule in StageRule.objects.filter(stage__startswith=f"{key}:", reminder_days__gt=0)
    }


def _percentile(sorted_values: list[float], share: float) -> float:
    position = (len(sorted_values) - 1) * share
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def lead_times(model: type) -> dict[str, dict]:
    """Per stage: median and 90th percentile days pages stayed, from completed stays.

    One query: the database pairs each log row with the page's next row (a window
    function); Python sorts the durations once per stage.
    """
    rows = (
        TransitionLog.objects.filter(workflow=workflow_key(model))
        .annotate(
            left_at=Window(
                Lead("created_at"),
                partition_by=[F("page_id")],
                order_by=[F("created_at").asc(), F("pk").asc()],
            )
        )
        .values_list("target", "created_at", "left_at")
    )
    stays: dict[str, list[float]] = {}
    for target, entered, left in rows:
        if left is not None:
            stays.setdefault(target, []).append((left - entered) / timedelta(days=1))
    result = {}
    for stage, days in stays.items():
        days.sort()
        result[stage] = {
            "count": len(days),
            "median": round(_percentile(days, 0.5), 1),
            "p90": round(_percentile(days, 0.9), 1),
        }
    return result
