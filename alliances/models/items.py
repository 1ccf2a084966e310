"""Needs and opportunities: captured, analysed against standards, met by services."""

from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PageManager

from alliances import guards
from alliances.models.base import ProgrammePage, ProgrammePageQuerySet
from alliances.panels import PublicStatusPanel
from alliances.stages import ITEM_PUBLIC_STAGES, ItemStage
from workflows.guards import Guard
from workflows.models import StagedPageMixin
from workflows.panels import StagePanel

# An item in these stages shows the public what came of it (result, re-measured gaps).
RESULT_STAGES = frozenset({ItemStage.ALLIANCE_ACTIVE, ItemStage.CLOSED})


class ItemPageQuerySet(ProgrammePageQuerySet):
    public_stages = ITEM_PUBLIC_STAGES

    def public_stage_q(self) -> Q:
        # An item on hold is public only where the stage it came from is.
        return Q(stage__in=self.public_stages) | Q(
            stage=ItemStage.ON_HOLD, on_hold_from__in=self.public_stages
        )

    def stage_is_public(self, page) -> bool:
        if page.stage == ItemStage.ON_HOLD:
            return page.on_hold_from in self.public_stages
        return page.stage in self.public_stages


class ItemPage(StagedPageMixin, ProgrammePage):
    """What needs and opportunities share; never created directly."""

    class Channel(models.TextChoices):
        KERNTEAM = "kernteam", _("Kernteam")
        CITIZEN_MEETING = "citizen_meeting", _("Citizens' meeting")
        SURVEY = "survey", _("Survey")
        PARTNER_WEBSITE = "partner_website", _("Partner website")
        FORM = "form", _("Online form")
        MAIL_OR_PHONE = "mail_or_phone", _("E-mail or phone")
        ADVISORY_BOARD = "advisory_board", _("Advisory board")

    class Priority(models.IntegerChoices):
        LOW = 1, _("low")
        MEDIUM = 2, _("medium")
        HIGH = 3, _("high")
        URGENT = 4, _("urgent")

    stage = FSMField(
        _("Stage"),
        default=ItemStage.CAPTURED,
        choices=ItemStage.choices,
        editable=False,
        db_index=True,
    )
    capture_channel = models.CharField(
        _("Captured through"), max_length=32, choices=Channel.choices, default=Channel.KERNTEAM
    )
    captured_on = models.DateField(_("Captured on"), null=True, blank=True)
    reported_by_person = models.ForeignKey(
        "alliances.Person",
        verbose_name=_("Reported by (person)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_items",
    )
    reported_by_organisation = models.ForeignKey(
        "alliances.Organisation",
        verbose_name=_("Reported by (organisation)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_items",
    )
    reporter_note = models.CharField(
        _("Note on the report"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “Senior citizens' council, meeting of 12 March”"),
    )
    priority = models.PositiveSmallIntegerField(
        _("Priority"), choices=Priority.choices, null=True, blank=True
    )
    outcome = models.TextField(
        _("Outcome"),
        blank=True,
        help_text=_("What has changed, recorded before the item is closed."),
    )

    objects = PageManager.from_queryset(ItemPageQuerySet)()

    is_creatable = False

    capture_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capture_channel"), FieldPanel("captured_on")]),
                FieldRowPanel(
                    [FieldPanel("reported_by_person"), FieldPanel("reported_by_organisation")]
                ),
                FieldPanel("reporter_note"),
                FieldPanel("priority"),
            ],
            heading=_("Capture"),
        )
    ]
    gap_panels = [InlinePanel("gap_assessments", label=_("Gap assessments"))]
    content_panels = [
        StagePanel(),
        PublicStatusPanel(),
        *ProgrammePage.content_panels,
        *ProgrammePage.intro_panels,
        *capture_panels,
        *ProgrammePage.classification_panels,
        *gap_panels,
        *ProgrammePage.body_panels,
        FieldPanel("outcome"),
    ]
    needs_gap_assessment = False  # needs must be measured against a standard

    class Meta:
        verbose_name = _("Need or opportunity")
        verbose_name_plural = _("Needs and opportunities")
        indexes = [models.Index(fields=["stage", "stage_changed_at"])]

    def workflow_actions(self, user) -> list[dict]:
        # By name: the index pages sit above the items in this package.
        index = apps.get_model("alliances", "ServiceIndexPage").objects.first()
        if index is None or not index.permissions_for_user(user).can_add_subpage():
            return []
        return [
            {
                "label": _("Create a service"),
                "url": reverse("alliances_item_service", args=[self.pk]),
                "help": _("A new draft service, already linked to this item."),
            }
        ]

    def get_context(self, request, *args, **kwargs):
        from alliances.charts import gap_bars

        context = super().get_context(request, *args, **kwargs)
        # By name: services and alliances are built on items (alliances/models/).
        service_model = apps.get_model("alliances", "ServicePage")
        alliance_model = apps.get_model("alliances", "AlliancePage")
        services = list(
            service_model.objects.publicly_visible().filter(item_links__item=self).order_by("title")
        )
        gaps = list(self.gap_assessments.select_related("standard"))
        context.update(services=services, gaps=gaps)
        if self.shows_results:
            context["gap_chart"] = gap_bars(gaps)
            context["delivered_by"] = (
                alliance_model.objects.publicly_visible()
                .filter(service_links__service__in=[service.pk for service in services])
                .distinct()
                .order_by("title")
            )
        return context

    @property
    def shows_results(self) -> bool:
        """Active or closed: the public sees what came of it."""
        return self.stage in RESULT_STAGES

    # The pipelines (docs/ARCHITECTURE.md). Methods change in-memory fields only; the runner
    # (workflows.services.run_transition) checks permission and guards and writes the row.

    @transition(
        field=stage,
        source=ItemStage.CAPTURED,
        target=ItemStage.IN_ANALYSIS,
        custom={"label": _("Start analysis"), "needs_assignee": True},
    )
    def start_analysis(self, *, assignee=None):
        self.assignee = assignee

    @transition(
        field=stage,
        source=ItemStage.IN_ANALYSIS,
        target=ItemStage.IN_DEFINITION,
        conditions=[Guard(guards.analysis_complete)],
        custom={"label": _("Complete analysis")},
    )
    def complete_analysis(self):
        pass

    @transition(
        field=stage,
        source=ItemStage.IN_DEFINITION,
        target=ItemStage.ALLIANCE_FORMING,
        conditions=[Guard(guards.services_committed)],
        custom={"label": _("Commit services")},
    )
    def commit_services(self):
        pass

    @transition(
        field=stage,
        source=ItemStage.ALLIANCE_FORMING,
        target=ItemStage.ALLIANCE_ACTIVE,
        conditions=[Guard(guards.alliance_delivers)],
        custom={"label": _("Activate")},
    )
    def activate(self):
        pass

    @transition(
        field=stage,
        source=ItemStage.ALLIANCE_ACTIVE,
        target=ItemStage.CLOSED,
        conditions=[Guard(guards.outcome_recorded)],
        custom={
            "label": _("Close (outcome recorded)"),
            "needs_comment": True,
            "weighty": True,
            "undo": _("Can be undone: “Reopen” brings it back to “Captured”."),
        },
    )
    def close(self):
        pass

    @transition(
        field=stage,
        source=[ItemStage.CAPTURED, ItemStage.IN_ANALYSIS],
        target=ItemStage.DECLINED,
        custom={
            "label": _("Decline"),
            "needs_comment": True,
            "weighty": True,
            "undo": _("Can be undone: “Reopen” brings it back to “Captured”."),
        },
    )
    def decline(self):
        pass

    @transition(
        field=stage,
        source=[
            ItemStage.CAPTURED,
            ItemStage.IN_ANALYSIS,
            ItemStage.IN_DEFINITION,
            ItemStage.ALLIANCE_FORMING,
        ],
        target=ItemStage.ON_HOLD,
        custom={"label": _("Put on hold"), "needs_comment": True},
    )
    def put_on_hold(self):
        self.on_hold_from = self.stage

    @transition(
        field=stage,
        source=ItemStage.ON_HOLD,
        target=RETURN_VALUE(
            ItemStage.CAPTURED,
            ItemStage.IN_ANALYSIS,
            ItemStage.IN_DEFINITION,
            ItemStage.ALLIANCE_FORMING,
        ),
        custom={"label": _("Resume")},
    )
    def resume(self):
        previous, self.on_hold_from = self.on_hold_from, ""
        return previous

    @transition(
        field=stage,
        source=[ItemStage.DECLINED, ItemStage.CLOSED],
        target=ItemStage.CAPTURED,
        custom={"label": _("Reopen"), "needs_comment": True},
    )
    def reopen(self):
        pass

    @property
    def relative_gap(self) -> Decimal | None:
        """The mean shortfall of all assessments, as a share of their targets (0 = met)."""
        shares = [g.relative_gap for g in self.gap_assessments.all() if g.relative_gap is not None]
        if not shares:
            return None
        return (sum(shares) / len(shares)).quantize(Decimal("0.001"))


class NeedPage(ItemPage):
    needs_gap_assessment = True
    parent_page_types = ["alliances.NeedIndexPage"]
    subpage_types = []
    is_creatable = True
    template = "alliances/item_page.html"

    class Meta:
        verbose_name = _("Need")
        verbose_name_plural = _("Needs")


class OpportunityPage(ItemPage):
    parent_page_types = ["alliances.OpportunityIndexPage"]
    subpage_types = []
    is_creatable = True
    template = "alliances/item_page.html"

    class Meta:
        verbose_name = _("Opportunity")
        verbose_name_plural = _("Opportunities")


class GapAssessment(Orderable):
    """Actual vs target value of one standard for one need or opportunity."""

    item = ParentalKey(ItemPage, on_delete=models.CASCADE, related_name="gap_assessments")
    standard = models.ForeignKey(
        "alliances.Standard",
        verbose_name=_("Standard"),
        on_delete=models.PROTECT,
        related_name="gap_assessments",
    )
    actual_value = models.DecimalField(_("Actual value"), max_digits=12, decimal_places=2)
    target_value = models.DecimalField(
        _("Target value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to use the standard's target value."),
    )
    unit = models.CharField(
        _("Unit"), max_length=40, blank=True, help_text=_("Empty: the standard's unit.")
    )
    measured_on = models.DateField(_("Measured on"))
    source = models.CharField(_("Source"), max_length=200)
    remeasured_value = models.DecimalField(
        _("Re-measured actual value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    remeasured_on = models.DateField(_("Re-measured on"), null=True, blank=True)
    # `gap` as stored, kept by `save()`, by the bulk writers (`set_gap()`) and by the
    # standard's save (`Standard.store_gaps`): the report "Gaps per standard" sums and sorts
    # it by its index instead of computing the gap of every assessment.
    stored_gap = models.DecimalField(max_digits=13, decimal_places=2, default=0, editable=False)

    panels = [
        FieldPanel("standard"),
        FieldRowPanel([FieldPanel("actual_value"), FieldPanel("target_value"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("measured_on"), FieldPanel("source")]),
        FieldRowPanel([FieldPanel("remeasured_value"), FieldPanel("remeasured_on")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Gap assessment")
        verbose_name_plural = _("Gap assessments")
        indexes = [models.Index(fields=["standard", "stored_gap"], name="gapassessment_by_gap")]

    def __str__(self):
        return f"{self.standard}: {self.actual_value} / {self.effective_target}"

    def clean(self):
        super().clean()
        if (self.remeasured_value is None) != (self.remeasured_on is None):
            raise ValidationError(
                _("A re-measured value needs the date of the new measurement, and vice versa.")
            )
        if self.remeasured_on and self.measured_on and self.remeasured_on < self.measured_on:
            raise ValidationError(
                {"remeasured_on": _("The new measurement cannot be earlier than the first.")}
            )

    def save(self, *args, **kwargs):
        self.set_gap()
        super().save(*args, **kwargs)

    def set_gap(self) -> None:
        """Compute `stored_gap` in memory (before a bulk_create, which does not save)."""
        self.stored_gap = self.gap

    @property
    def effective_target(self) -> Decimal:
        return self.standard.target_value if self.target_value is None else self.target_value

    @property
    def effective_unit(self) -> str:
        return self.unit or self.standard.unit

    @property
    def gap(self) -> Decimal:
        """The shortfall against the target in the standard's direction; 0 when met."""
        return self.standard.shortfall(self.actual_value, self.effective_target)

    @property
    def relative_gap(self) -> Decimal | None:
        target = self.effective_target
        if not target:
            return None
        return (self.gap / abs(target)).quantize(Decimal("0.001"))

    @property
    def remeasured_gap(self) -> Decimal | None:
        if self.remeasured_value is None:
            return None
        return self.standard.shortfall(self.remeasured_value, self.effective_target)
