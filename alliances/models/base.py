"""What every programme page has in common, and the one definition of "public"."""

from django import forms
from django.db import models
from django.db.models import F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.revisions import TolerantRevisionsMixin


class ProgrammePageQuerySet(PageQuerySet):
    public_stages: frozenset = frozenset()

    def publicly_visible(self):
        """Live, not restricted, not expired, in a public stage: what partners may see.

        The API, the embed widget, webhooks and open data all start from here.
        """
        now = timezone.now()
        return self.public_but_for_expiry().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))

    def public_but_for_expiry(self):
        """`publicly_visible()` without the expiry, which the API's read model compares
        when it reads (it stores `expire_at`)."""
        return self.live().filter(self.unrestricted_q()).filter(self.public_stage_q())

    def unrestricted_q(self) -> Q:
        """Neither the page nor an ancestor has a view restriction.

        Like Wagtail's `public()`, but as a subquery: nothing is queried while the queryset
        is built, and restrictions are read when it runs. Written as `path IN (…)` (the
        subquery yields the page's own path once per restriction on it or an ancestor)
        because the search backends accept lookups on filter fields, not `Exists`.
        """
        restricting = PageViewRestriction.objects.annotate(
            prefix=Substr(OuterRef("path"), 1, Length("page__path")), own_path=OuterRef("path")
        ).filter(page__path=F("prefix"))
        return ~Q(path__in=restricting.values("own_path"))

    def public_stage_q(self) -> Q:
        return Q(stage__in=self.public_stages)


class ProgrammePage(TolerantRevisionsMixin, Page):
    """Abstract base of needs, opportunities, services and alliances."""

    summary = models.TextField(
        _("Summary"),
        max_length=400,
        help_text=_("Two or three sentences for listings and partner websites."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("Content"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    districts = ParentalManyToManyField(
        "alliances.District", verbose_name=_("Districts"), blank=True, related_name="+"
    )
    topics = ParentalManyToManyField(
        "alliances.Topic", verbose_name=_("Topics"), blank=True, related_name="+"
    )
    age_groups = ParentalManyToManyField(
        "alliances.AgeGroup", verbose_name=_("Age groups"), blank=True, related_name="+"
    )

    intro_panels = [FieldPanel("summary"), FieldPanel("image")]
    classification_panels = [
        MultiFieldPanel(
            [
                FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("age_groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Classification"),
        )
    ]
    body_panels = [FieldPanel("body")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("stage"),
        index.FilterField("expire_at"),
    ]

    # The stage is workflow state, not content: a copy starts afresh (DESIGN.md).
    exclude_fields_in_copy = ["stage", "stage_changed_at", "assignee", "on_hold_from"]

    class Meta:
        abstract = True
