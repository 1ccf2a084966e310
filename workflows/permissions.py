"""Who may run which transition: the low-code TransitionRule, read fresh on every check."""

from django.conf import settings

from workflows.models import TransitionRule
from workflows.registry import transitions, workflow_key


def default_group_name() -> str:
    return getattr(settings, "WORKFLOWS_DEFAULT_GROUP", "Kernteam")


def permitted_transitions(user, model: type) -> set[str]:
    """Names of the transitions of `model` the user may run (`None` is the system: all)."""
    names = set(transitions(model))
    if user is None or (user.is_active and user.is_superuser):
        return names
    if not (user.is_authenticated and user.is_active):
        return set()
    key = workflow_key(model)
    group_ids, group_names = set(), set()
    for pk, name in user.groups.values_list("pk", "name"):
        group_ids.add(pk)
        group_names.add(name)
    ruled: dict[str, set] = {}
    for transition, group_id in TransitionRule.objects.filter(
        transition__startswith=f"{key}."
    ).values_list("transition", "groups"):
        ruled.setdefault(transition.removeprefix(f"{key}."), set()).add(group_id)
    in_default = default_group_name() in group_names
    return {name for name in names if (group_ids & ruled[name] if name in ruled else in_default)}


def may_run(user, model: type, name: str) -> bool:
    return name in permitted_transitions(user, model)


def may_change_assignee(user) -> bool:
    """Who runs the workflow (the default group, superusers) may hand an item to someone."""
    return bool(
        user
        and user.is_active
        and (user.is_superuser or user.groups.filter(name=default_group_name()).exists())
    )
