"""Guards as django-fsm conditions that can say why.

A guard is a function `check(page, params) -> list[str | Reason]`: every reason the step
cannot run now (empty: it can). Declared as `@transition(conditions=[Guard(check)])`, it is
where django-fsm looks: `can_proceed()`, the transition method itself and graph tools see it,
and the engine (`workflows.selectors.transition_reasons`) asks it for its reasons.
"""

from functools import update_wrapper


class Guard:
    """Wraps `check` so django-fsm can call it with the instance alone (True: may proceed)."""

    def __init__(self, check):
        self.check = check
        update_wrapper(self, check)

    def __call__(self, instance) -> bool:
        return not self.reasons(instance, {})

    def reasons(self, page, params: dict) -> list:
        """Every reason `page` cannot take the step, for the step's inputs `params`."""
        return list(self.check(page, params))

    def __repr__(self):
        return f"Guard({self.check.__module__}.{self.check.__qualname__})"
