"""What the transition runner raises; views turn these into messages or HTTP responses."""


class TransitionError(Exception):
    pass


class TransitionNotAllowed(TransitionError):
    """The transition's conditions do not hold; `reasons` says why, in the user's language."""

    def __init__(self, reasons: list[str]):
        # Plain strings (and Reason, a str that knows where it is fixed) are kept as they are.
        self.reasons = [reason if isinstance(reason, str) else str(reason) for reason in reasons]
        super().__init__("; ".join(self.reasons))


class TransitionPermissionDenied(TransitionError):
    """The user may not run this transition."""


class StageConflict(TransitionError):
    """Someone else changed the stage first; `current` is the stage the page is in now."""

    def __init__(self, current: str | None):
        self.current = current
        super().__init__(f"stage changed concurrently, now {current!r}")


class AssigneeRefused(Exception):
    """This user may not be responsible for a page; the message says why."""
