"""Alliances: project-based organisations of equal partners that deliver services."""

from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from alliances import guards
from alliances.models.base import ProgrammePage, ProgrammePageQuerySet
from alliances.models.impact import alliance_impact
from alliances.models.services import ServicePage
from alliances.panels import MatchingPanel, PublicStatusPanel
from alliances.roles import MembershipRole
from alliances.stages import ALLIANCE_JOINABLE_STAGES, ALLIANCE_PUBLIC_STAGES, AllianceStage
from cms.phone import validate_phone
from workflows.guards import Guard
from workflows.models import StagedPageMixin
from workflows.panels import StagePanel


class AlliancePageQuerySet(ProgrammePageQuerySet):
    public_stages = ALLIANCE_PUBLIC_STAGES


class AlliancePage(StagedPageMixin, ProgrammePage):
    stage = FSMField(
        _("Stage"),
        default=AllianceStage.PROPOSED,
        choices=AllianceStage.choices,
        editable=False,
        db_index=True,
    )
    purpose = models.TextField(_("Purpose"))
    started_on = models.DateField(_("Founded on"), null=True, blank=True)
    meeting_place = models.CharField(_("Meeting place"), max_length=200, blank=True)
    meeting_schedule = models.CharField(
        _("Meetings"), max_length=200, blank=True, help_text=_("e.g. “every 2nd Tuesday, 6 pm”")
    )
    contact_email = models.EmailField(
        _("Contact e-mail"),
        blank=True,
        help_text=_("A role address (e.g. reading-mentors@…), never a private address."),
    )
    contact_phone = models.CharField(
        _("Contact phone"), max_length=40, blank=True, validators=[validate_phone]
    )
    how_to_join = models.TextField(_("How to join"), blank=True)

    objects = PageManager.from_queryset(AlliancePageQuerySet)()

    content_panels = [
        StagePanel(),
        PublicStatusPanel(),
        *ProgrammePage.content_panels,
        *ProgrammePage.intro_panels,
        FieldPanel("purpose"),
        InlinePanel("service_links", label=_("Services delivered"), heading=_("Services")),
        InlinePanel("memberships", label=_("Members"), heading=_("Members")),
        MatchingPanel(),
        MultiFieldPanel(
            [
                FieldPanel("started_on"),
                FieldRowPanel([FieldPanel("meeting_place"), FieldPanel("meeting_schedule")]),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("how_to_join"),
            ],
            heading=_("Meetings and contact"),
        ),
        *ProgrammePage.classification_panels,
        *ProgrammePage.body_panels,
        # One impact concept: dated impact reports (shown on the alliance's page and summed
        # on the Wirkung page); the free-text report they replaced was moved into them.
        InlinePanel(
            "impact_reports",
            label=_("Impact report"),
            heading=_("Impact reports"),
            help_text=_(
                "One report per period: people reached, volunteer hours and what changed. "
                "Published with the alliance, on its page and on the Wirkung page."
            ),
        ),
        InlinePanel("voices", label=_("Voice"), heading=_("Voices")),
    ]
    search_fields = [
        *ProgrammePage.search_fields,
        index.SearchField("purpose"),
        index.FilterField("started_on"),
    ]

    parent_page_types = ["alliances.AllianceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Arnsberg Alliance")
        verbose_name_plural = _("Arnsberg Alliances")
        # The board's columns: each stage's first cards by time in stage (alliances.board).
        indexes = [models.Index(fields=["stage", "stage_changed_at"])]

    @property
    def takes_sign_ups(self) -> bool:
        """Whether the alliance looks for people now (ALLIANCE_JOINABLE_STAGES): the one
        rule for its page's form, the sign-up form, the API and the confirmation link."""
        return self.stage in ALLIANCE_JOINABLE_STAGES

    @transition(
        field=stage,
        source=AllianceStage.PROPOSED,
        target=AllianceStage.FORMING,
        custom={"label": _("Start forming")},
    )
    def start_forming(self):
        pass

    @transition(
        field=stage,
        source=AllianceStage.FORMING,
        target=AllianceStage.ACTIVE,
        conditions=[Guard(guards.alliance_ready)],
        custom={
            "label": _("Activate"),
            # Warn, or block where the Kernteam's transition rule says so.
            "advisories": [guards.essential_requirements_covered],
            "after_commit": "alliances.cascades.activate_linked_items",
        },
    )
    def activate(self):
        pass

    @transition(
        field=stage,
        source=AllianceStage.ACTIVE,
        target=AllianceStage.PAUSED,
        custom={"label": _("Pause")},
    )
    def pause(self):
        pass

    @transition(
        field=stage,
        source=AllianceStage.PAUSED,
        target=AllianceStage.ACTIVE,
        custom={"label": _("Resume")},
    )
    def resume(self):
        pass

    @transition(
        field=stage,
        source=[AllianceStage.ACTIVE, AllianceStage.PAUSED],
        target=AllianceStage.CONCLUDED,
        conditions=[Guard(guards.impact_reported)],
        custom={
            "label": _("Conclude the alliance (final)"),
            "needs_comment": True,
            "weighty": True,
            "undo": _(
                "Final: a concluded alliance cannot be reopened. To carry on the work, "
                "propose a new alliance."
            ),
        },
    )
    def conclude(self):
        pass

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["impact"] = alliance_impact(alliance=self)
        memberships = list(
            self.memberships.select_related(
                "person__age_group", "organisation__logo"
            ).prefetch_related("person__consents")
        )
        citizens = [m.person for m in memberships if m.person_id]
        age_groups = Counter(p.age_group.name for p in citizens if p.age_group_id)
        context.update(
            services=ServicePage.objects.publicly_visible().filter(alliance_links__alliance=self),
            organisations=[m.organisation for m in memberships if m.organisation_id],
            named_people=[p.public_name for p in citizens if p.public_name],
            citizen_count=len(citizens),
            citizens_by_age_group=sorted(age_groups.items()),
        )
        return context


class AllianceServiceLink(Orderable):
    alliance = ParentalKey(AlliancePage, on_delete=models.CASCADE, related_name="service_links")
    service = models.ForeignKey(
        "alliances.ServicePage",
        verbose_name=_("Service"),
        on_delete=models.CASCADE,
        related_name="alliance_links",
    )

    panels = [PageChooserPanel("service", "alliances.ServicePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("Service delivered")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "service"],
                name="unique_alliance_service",
                violation_error_message=_("This service is already listed for the alliance."),
            )
        ]


class Membership(ClusterableModel, Orderable):
    """A person or an organisation taking part in an alliance as an equal partner."""

    Role = MembershipRole

    alliance = ParentalKey(AlliancePage, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "alliances.Person",
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        "alliances.Organisation",
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("Role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    competences = ParentalManyToManyField(
        "alliances.Competence",
        verbose_name=_("Competences contributed"),
        blank=True,
        related_name="memberships",
    )
    resources = ParentalManyToManyField(
        "alliances.Resource",
        verbose_name=_("Resources contributed"),
        blank=True,
        related_name="memberships",
    )
    since = models.DateField(_("Member since"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("role"), FieldPanel("since")]),
        FieldRowPanel(
            [
                FieldPanel("competences", widget=forms.SelectMultiple(attrs={"size": 6})),
                FieldPanel("resources", widget=forms.SelectMultiple(attrs={"size": 6})),
            ]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Membership")
        verbose_name_plural = _("Memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, organisation__isnull=True)
                    | models.Q(person__isnull=True, organisation__isnull=False)
                ),
                name="membership_person_xor_organisation",
                violation_error_message=_(
                    "Please choose exactly one person or one organisation as the member."
                ),
            )
        ]

    def __str__(self):
        return str(self.person or self.organisation)

    def clean(self):
        super().clean()
        if bool(self.person_id) == bool(self.organisation_id):
            raise ValidationError(
                _("Please choose exactly one person or one organisation as the member.")
            )
