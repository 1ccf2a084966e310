"""What every programme page has in common, and the one definition of "public"."""

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.query import PageQuerySet
from wagtail.search import index

from alliances.serving import PublicOnlyMixin
from alliances.visibility import is_public_now
from cms.blocks import BodyBlock
from cms.methods import PAGE_READ_ONLY
from cms.revisions import TolerantRevisionsMixin
from cms.visibility import in_time_q, unrestricted_q


class ProgrammePageQuerySet(PageQuerySet):
    """`publicly_visible()` is the queryset form of `alliances.visibility.is_public_now`."""

    public_stages: frozenset = frozenset()

    def publicly_visible(self):
        """Live, not restricted, go-live reached, not expired, in a public stage: what the
        public may see now. Every outward channel starts from here (or the read model,
        which stores this answer and compares the expiry when it reads)."""
        return self.live().filter(unrestricted_q(), in_time_q(), self.public_stage_q())

    def unrestricted_q(self) -> Q:
        return unrestricted_q()

    def public_stage_q(self) -> Q:
        return Q(stage__in=self.public_stages)

    def stage_is_public(self, page) -> bool:
        """The Python form of `public_stage_q()` for one instance."""
        return page.stage in self.public_stages


class ProgrammePage(PublicOnlyMixin, TolerantRevisionsMixin, Page):
    """Abstract base of needs, opportunities, services and alliances."""

    allowed_http_methods = PAGE_READ_ONLY  # others: 405 before the CSRF check

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
        index.FilterField("go_live_at"),
    ]

    # The stage is workflow state, not content: a copy starts afresh (docs/ARCHITECTURE.md).
    exclude_fields_in_copy = ["stage", "stage_changed_at", "assignee", "on_hold_from"]

    class Meta:
        abstract = True

    @property
    def status_string(self):
        """Wagtail's status (explorer, edit view), saying when "live" is not public."""
        public = getattr(self, "_listing_public_now", None)  # a listing asked for all rows
        if public is None and self.live and self.pk:
            public = is_public_now(self)
        if self.live and self.pk and not public:
            return _("published, but not publicly visible")
        return super().status_string
