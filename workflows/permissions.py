"""Who may run which transition: the permission RUN_PERMISSION, narrowed per transition by
the low-code TransitionRule (read fresh on every check).

One way to check: `user.has_perm`. No group is named here; the domain grants the
permission to its groups in a data migration, administrators in the admin's group editor.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from workflows.models import RUN_PERMISSION, TransitionRule
from workflows.registry import transitions, workflow_key


def runs_workflow(user) -> bool:
    """Runs steps without a rule of their own, hands pages to someone, sees the board."""
    return bool(user and user.has_perm(RUN_PERMISSION))


def workflow_users(*, include_superusers: bool = True):
    """Active users who hold RUN_PERMISSION (through a group or their own), and superusers."""
    return get_user_model().objects.with_perm(
        RUN_PERMISSION,
        is_active=True,
        include_superusers=include_superusers,
        backend="django.contrib.auth.backends.ModelBackend",
    )


def assignable_users():
    """Who may be responsible for a page (its assignee): those who run the workflow.

    The one rule for every way a page gets an assignee: the admin's forms offer these users,
    the workflow API and the runner refuse anyone else (see `why_not_assignable`).
    """
    return workflow_users().order_by("username")


def why_not_assignable(user) -> str:
    """Why `user` may not be a page's assignee, in the user's language; "" if they may.

    Names no one: the workflow API answers it to whoever sends a user id.
    """
    if not user.is_active:
        return _("This user is deactivated and cannot be responsible for a page.")
    if not assignable_users().filter(pk=user.pk).exists():
        return _("This user may not run steps and so cannot be responsible for a page.")
    return ""


def permitted_transitions(user, model: type) -> set[str]:
    """Names of the transitions of `model` the user may run (`None` is the system: all).

    A transition with a TransitionRule is open to the rule's groups; one without a rule to
    whoever holds RUN_PERMISSION. Superusers may run every transition.
    """
    names = set(transitions(model))
    if user is None or (user.is_active and user.is_superuser):
        return names
    if not (user.is_authenticated and user.is_active):
        return set()
    key = workflow_key(model)
    group_ids = set(user.groups.values_list("pk", flat=True))
    ruled: dict[str, set] = {}
    for transition, group_id in TransitionRule.objects.filter(
        transition__startswith=f"{key}."
    ).values_list("transition", "groups"):
        ruled.setdefault(transition.removeprefix(f"{key}."), set()).add(group_id)
    by_default = runs_workflow(user)
    return {name for name in names if (group_ids & ruled[name] if name in ruled else by_default)}


def may_run(user, model: type, name: str) -> bool:
    return name in permitted_transitions(user, model)


def may_change_assignee(user) -> bool:
    """Who runs the workflow may hand a page to someone."""
    return runs_workflow(user)
