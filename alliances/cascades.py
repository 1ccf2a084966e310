"""Cascades: steps that follow another page's step, run after its commit through the
transition runner (named by dotted path in the `@transition`'s `after_commit`)."""

from django.utils.translation import gettext as _

from alliances.models import AlliancePage, ItemPage
from alliances.stages import ItemStage
from workflows.exceptions import TransitionError
from workflows.models import TransitionLog
from workflows.services import record_cascade, run_transition


def activate_linked_items(alliance_id: int, log_id: int) -> None:
    """Cascade: items waiting for this alliance advance, through the runner, automatically.

    Each automatic step is credited to the person who activated the alliance (noted as
    automatic) and listed on the alliance's history.
    """
    alliance = AlliancePage.objects.get(pk=alliance_id)
    cause = TransitionLog.objects.select_related("by", "page").get(pk=log_id)
    items = ItemPage.objects.filter(
        stage=ItemStage.ALLIANCE_FORMING,
        service_links__service__alliance_links__alliance=alliance,
    ).distinct()
    moved = []
    for item in items:
        try:
            moved.append(
                run_transition(
                    item.specific,
                    "activate",
                    by=cause.by,
                    caused_by=cause,
                    comment=_("Alliance “%(title)s” is active.") % {"title": alliance.title},
                )
            )
        except TransitionError:
            continue  # someone moved it meanwhile; the item keeps the stage they chose
    record_cascade(cause, moved)
