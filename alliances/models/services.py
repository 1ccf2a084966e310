"""Services: defined voluntary services that meet needs or use opportunities."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from alliances import guards
from alliances.models.base import ProgrammePage, ProgrammePageQuerySet
from alliances.models.items import ItemPage
from alliances.panels import MatchingPanel, PublicStatusPanel
from alliances.stages import SERVICE_PUBLIC_STAGES, ServiceStage
from workflows.guards import Guard
from workflows.models import StagedPageMixin
from workflows.panels import StagePanel


class ServicePageQuerySet(ProgrammePageQuerySet):
    public_stages = SERVICE_PUBLIC_STAGES


class ServicePage(StagedPageMixin, ProgrammePage):
    stage = FSMField(
        _("Stage"),
        default=ServiceStage.DRAFT,
        choices=ServiceStage.choices,
        editable=False,
        db_index=True,
    )
    offer = models.TextField(_("What the service offers"), blank=True)

    objects = PageManager.from_queryset(ServicePageQuerySet)()

    content_panels = [
        StagePanel(),
        PublicStatusPanel(),
        *ProgrammePage.content_panels,
        *ProgrammePage.intro_panels,
        FieldPanel("offer"),
        InlinePanel(
            "item_links",
            label=_("Meets needs / uses opportunities"),
            heading=_("Needs and opportunities"),
        ),
        InlinePanel(
            "requirements",
            label=_("Requirement"),
            heading=_("Competences and resources required"),
            help_text=_(
                "What the service needs from the catalogues: how many people or units, and "
                "whether the service cannot run without it."
            ),
        ),
        MatchingPanel(),
        *ProgrammePage.classification_panels,
        *ProgrammePage.body_panels,
    ]
    search_fields = [*ProgrammePage.search_fields, index.SearchField("offer")]

    parent_page_types = ["alliances.ServiceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Service")
        verbose_name_plural = _("Services")
        # The board's columns: each stage's first cards by time in stage (alliances.board).
        indexes = [models.Index(fields=["stage", "stage_changed_at"])]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = ItemPage.objects.publicly_visible().filter(service_links__service=self)
        # By name: alliances are built on services (alliances/models/alliance.py).
        alliance_model = apps.get_model("alliances", "AlliancePage")
        context["alliances"] = alliance_model.objects.publicly_visible().filter(
            service_links__service=self
        )
        return context

    @transition(
        field=stage,
        source=ServiceStage.DRAFT,
        target=ServiceStage.DEFINED,
        conditions=[Guard(guards.service_complete)],
        custom={"label": _("Define")},
    )
    def define(self):
        pass

    @transition(
        field=stage,
        source=ServiceStage.DEFINED,
        target=ServiceStage.RETIRED,
        custom={
            "label": _("Retire the service (take out of operation)"),
            "needs_comment": True,
            "weighty": True,
            "undo": _(
                "Can be undone: “Put the service back into operation” makes it “Defined” again."
            ),
        },
    )
    def retire(self):
        pass

    @transition(
        field=stage,
        source=ServiceStage.RETIRED,
        target=ServiceStage.DEFINED,
        conditions=[Guard(guards.service_complete)],
        custom={
            "label": _("Put the service back into operation"),
            "needs_comment": True,
        },
    )
    def reinstate(self):
        pass

    def _required(self, kind: str) -> list:
        return [
            requirement
            for requirement in self.requirements.all()
            if (requirement.competence_id if kind == "competence" else requirement.resource_id)
        ]

    @property
    def competence_list(self) -> list[str]:
        """Names of the competences required (open data and the public page list them)."""
        return [r.competence.name for r in self._required("competence")]

    @property
    def resource_list(self) -> list[str]:
        return [r.resource.name for r in self._required("resource")]


class ServiceItemLink(Orderable):
    """A service meets a need or uses an opportunity."""

    service = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="item_links")
    item = models.ForeignKey(
        ItemPage,
        verbose_name=_("Need or opportunity"),
        on_delete=models.CASCADE,
        related_name="service_links",
    )

    panels = [PageChooserPanel("item", ["alliances.NeedPage", "alliances.OpportunityPage"])]

    class Meta(Orderable.Meta):
        verbose_name = _("Linked need or opportunity")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "item"],
                name="unique_service_item",
                violation_error_message=_("This need or opportunity is already linked."),
            )
        ]
