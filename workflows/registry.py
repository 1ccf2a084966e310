"""Which models have workflows, and their transitions, read from the code itself.

A workflow is the model that declares the `stage` field (e.g. the shared parent of needs
and opportunities). Keys are stable strings used by the low-code rules:
``<app>.<model>.<transition>`` for transitions and ``<app>.<model>:<stage>`` for stages.
"""

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django_fsm import State

from workflows.guards import Guard
from workflows.staged import StagedPageMixin


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    needs_comment: bool = False
    needs_assignee: bool = False
    custom: dict = field(default_factory=dict, compare=False, hash=False)

    conditions: tuple = field(default=(), compare=False, hash=False)

    @property
    def guards(self) -> tuple[Guard, ...]:
        """The step's guards: the `Guard` conditions of its `@transition`."""
        return tuple(c for c in self.conditions if isinstance(c, Guard))

    @property
    def advisories(self) -> tuple:
        """Checks whose reasons warn, or block where the step's TransitionRule says so."""
        return tuple(self.custom.get("advisories", ()))

    @property
    def weighty(self) -> bool:
        """A step into a stage that is hard or impossible to leave: asks for confirmation."""
        return bool(self.custom.get("weighty"))

    @property
    def undo(self) -> str:
        """Whether and how the step can be undone (shown before a weighty step)."""
        return str(self.custom.get("undo", ""))


def stage_model(model_or_instance) -> type:
    """The model whose table holds `stage` (a parent model for needs and opportunities)."""
    model = model_or_instance if isinstance(model_or_instance, type) else type(model_or_instance)
    return model._meta.get_field("stage").model


def workflow_key(model_or_instance) -> str:
    return stage_model(model_or_instance)._meta.label_lower


def workflow_models() -> list[type]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, StagedPageMixin) and stage_model(model) is model
    ]


@cache
def transitions(model: type) -> dict[str, TransitionSpec]:
    """The transitions of a workflow model, in declaration order, by method name."""
    model = stage_model(model)
    found: dict[str, dict] = {}
    for transition in model._meta.get_field("stage").get_all_transitions(model):
        spec = found.setdefault(
            transition.name,
            {
                "sources": [],
                "targets": [],
                "custom": transition.custom,
                "conditions": tuple(transition.conditions),
            },
        )
        if "guard" in transition.custom:
            raise ImproperlyConfigured(
                f"{model.__name__}.{transition.name}: declare the guard as "
                "`conditions=[Guard(check)]`, where django-fsm sees it, not in `custom`."
            )
        spec["sources"].append(transition.source)
        targets = (
            transition.target.allowed_states
            if isinstance(transition.target, State)
            else [transition.target]
        )
        spec["targets"] += [t for t in targets if t not in spec["targets"]]
    return {
        name: TransitionSpec(
            name=name,
            label=spec["custom"].get("label", name),
            sources=tuple(spec["sources"]),
            targets=tuple(spec["targets"]),
            needs_comment=spec["custom"].get("needs_comment", False),
            needs_assignee=spec["custom"].get("needs_assignee", False),
            custom=spec["custom"],
            conditions=spec["conditions"],
        )
        for name, spec in found.items()
    }


def stage_choices(model: type) -> list[tuple[str, str]]:
    return list(stage_model(model)._meta.get_field("stage").choices)


def stage_display(model: type, stage: str) -> str:
    return str(dict(stage_choices(model)).get(stage, stage))


def _workflow_by_key() -> dict[str, type]:
    return {workflow_key(model): model for model in workflow_models()}


def transition_rule_choices() -> list[tuple[str, str]]:
    return [
        (f"{key}.{name}", f"{model._meta.verbose_name_plural}: {spec.label}")
        for key, model in _workflow_by_key().items()
        for name, spec in transitions(model).items()
    ]


def stage_rule_choices() -> list[tuple[str, str]]:
    return [
        (f"{key}:{value}", f"{model._meta.verbose_name_plural}: {label}")
        for key, model in _workflow_by_key().items()
        for value, label in stage_choices(model)
    ]


def transition_label(key: str) -> str:
    return str(dict(transition_rule_choices()).get(key, key))


def stage_label(key: str) -> str:
    return str(dict(stage_rule_choices()).get(key, key))
