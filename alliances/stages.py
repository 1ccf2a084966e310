"""The stages of the three state machines, and which of them the public may see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemStage(models.TextChoices):
    """Needs and opportunities share one pipeline."""

    CAPTURED = "captured", _("Captured")
    IN_ANALYSIS = "in_analysis", _("In analysis")
    IN_DEFINITION = "in_definition", _("In definition")
    ALLIANCE_FORMING = "alliance_forming", _("Alliance forming")
    ALLIANCE_ACTIVE = "alliance_active", _("Alliance active")
    ON_HOLD = "on_hold", _("On hold")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")


class ServiceStage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DEFINED = "defined", _("Defined")
    RETIRED = "retired", _("Retired")


class AllianceStage(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CONCLUDED = "concluded", _("Concluded")


# Explicit sets, never inferred from names. An item on hold is public only if the stage it
# was put on hold from is public (see ItemPageQuerySet.publicly_visible).
ITEM_PUBLIC_STAGES = frozenset(
    {
        ItemStage.IN_ANALYSIS,
        ItemStage.IN_DEFINITION,
        ItemStage.ALLIANCE_FORMING,
        ItemStage.ALLIANCE_ACTIVE,
        ItemStage.CLOSED,
    }
)
SERVICE_PUBLIC_STAGES = frozenset({ServiceStage.DEFINED, ServiceStage.RETIRED})
ALLIANCE_PUBLIC_STAGES = frozenset(
    {AllianceStage.FORMING, AllianceStage.ACTIVE, AllianceStage.PAUSED, AllianceStage.CONCLUDED}
)
# The stages in which a public alliance looks for people (AlliancePage.takes_sign_ups): it
# shows the Mitmachen form and "Wir suchen", takes sign-ups (site form, API, confirmation
# link), sends invitations and appears on the Mitmachen page, in the alerts and the embed.
# A paused alliance takes nobody new until it resumes; a concluded one never again.
ALLIANCE_JOINABLE_STAGES = frozenset({AllianceStage.FORMING, AllianceStage.ACTIVE})
