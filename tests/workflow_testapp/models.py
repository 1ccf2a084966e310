"""A ticket with three steps: one takes an assignee, one a guard and a confirmation, one a
reason. Labels in German, as the product's own workflows have them."""

from django.db import models
from django_fsm import FSMField, transition
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from workflows.guards import Guard
from workflows.models import StagedPageMixin
from workflows.panels import StagePanel
from workflows.reasons import Reason


class TicketStage(models.TextChoices):
    OPEN = "open", "Offen"
    IN_PROGRESS = "in_progress", "In Arbeit"
    DONE = "done", "Erledigt"


def ticket_complete(ticket, params) -> list[str]:
    """A ticket is finished only with a written result."""
    if ticket.result.strip():
        return []
    return [Reason("Es fehlt das Ergebnis.", page_id=ticket.pk, anchor="id_result")]


class Ticket(StagedPageMixin, Page):
    stage = FSMField("Stufe", default=TicketStage.OPEN, choices=TicketStage.choices, editable=False)
    result = models.TextField("Ergebnis", blank=True)
    # A many-to-many and an inline: a full save must write them (content_field_names).
    watching_groups = ParentalManyToManyField(
        "auth.Group", verbose_name="Beobachtende Gruppen", blank=True, related_name="+"
    )

    content_panels = [
        StagePanel(),
        *Page.content_panels,
        FieldPanel("result"),
        FieldPanel("watching_groups"),
        InlinePanel("notes", label="Notizen"),
    ]
    exclude_fields_in_copy = list(StagedPageMixin.WORKFLOW_FIELDS)

    class Meta:
        verbose_name = "Vorgang"
        verbose_name_plural = "Vorgänge"

    @transition(
        field=stage,
        source=TicketStage.OPEN,
        target=TicketStage.IN_PROGRESS,
        custom={"label": "Beginnen", "needs_assignee": True},
    )
    def start(self, assignee=None):
        self.assignee = assignee

    @transition(
        field=stage,
        source=TicketStage.IN_PROGRESS,
        target=TicketStage.DONE,
        conditions=[Guard(ticket_complete)],
        custom={
            "label": "Abschließen",
            "weighty": True,
            "undo": "Rückgängig zu machen: „Wieder öffnen“.",
        },
    )
    def finish(self):
        pass

    @transition(
        field=stage,
        source=[TicketStage.IN_PROGRESS, TicketStage.DONE],
        target=TicketStage.OPEN,
        custom={"label": "Wieder öffnen", "needs_comment": True},
    )
    def reopen(self):
        pass


class TicketNote(Orderable):
    ticket = ParentalKey(Ticket, on_delete=models.CASCADE, related_name="notes")
    text = models.CharField("Text", max_length=200)
