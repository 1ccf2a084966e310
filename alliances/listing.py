"""Stage and "publicly visible" in the admin's page listings (explorer, search, and the flat
listings per programme page type).

Wagtail's explorer and search listings have no column API, so their status cell
(`templates/wagtailadmin/pages/listing/_page_status_cell.html`) adds both; the flat listings
are Wagtail's `PageListingViewSet` with real, sortable columns and filters. Either way the
answer comes from `alliances.visibility.public_ids` (the one definition of public), asked
once per rendered table, never once per row.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet

from alliances.models import AlliancePage, NeedPage, OpportunityPage, ServicePage
from alliances.models.base import ProgrammePage
from alliances.viewsets import YesNoColumn
from alliances.visibility import public_ids
from cms.exports import GermanSpreadsheetMixin
from cms.filters import YesNoFilter


def listing_public_ids(table) -> set[int]:
    """The ids of the programme pages of `table` that are public now, asked once per table."""
    found = getattr(table, "_public_ids", None)
    if found is None:
        ids = [row.pk for row in table.data if isinstance(row, ProgrammePage)]
        found = table._public_ids = public_ids(ids) if ids else set()
    return found


def programme_status(page, table) -> dict | None:
    """Stage label and public flag of a programme page in a listing; None for other pages.

    Also hands the flag to the page, so its `status_string` does not ask again.
    """
    if not isinstance(page, ProgrammePage):
        return None
    public = page.pk in listing_public_ids(table)
    page._listing_public_now = public
    return {"stage": page.get_stage_display(), "public": public}


class StageColumn(Column):
    def __init__(self, **kwargs):
        super().__init__("stage", label=_("Stage"), sort_key="stage", width="16%", **kwargs)

    def get_value(self, instance):
        return instance.get_stage_display()


class PubliclyVisibleColumn(YesNoColumn):
    """Yes/no: may the public see the page now (`alliances.visibility`)."""

    def __init__(self, **kwargs):
        super().__init__("publicly_visible", label=_("Publicly visible"), width="14%", **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = programme_status(instance, parent_context["table"])["public"]
        return context


class PageStatusOnlyColumn(Column):
    """Wagtail's status tag alone (the explorer's status cell adds stage and visibility)."""

    cell_template_name = "alliances/tables/page_status_cell.html"

    def __init__(self, **kwargs):
        super().__init__("status", label=_("Status"), sort_key="live", width="16%", **kwargs)


def _filterset_for(model):
    """Wagtail's page filters plus stage and "publicly visible" (`publicly_visible()`)."""

    class ProgrammePageFilterSet(PageFilterSet):
        stage = ChoiceFilter(label=_("Stage"), choices=model._meta.get_field("stage").choices)
        publicly_visible = YesNoFilter(label=_("Publicly visible"), method="filter_public")

        Meta = type("Meta", (PageFilterSet.Meta,), {"model": model})

        def filter_public(self, queryset, name, value):
            public = model.objects.publicly_visible().values("pk")
            return queryset.filter(pk__in=public) if value else queryset.exclude(pk__in=public)

    ProgrammePageFilterSet.__name__ = f"{model.__name__}FilterSet"
    return ProgrammePageFilterSet


class ProgrammeIndexView(GermanSpreadsheetMixin, IndexView):
    """A programme listing whose download has the columns the Kernteam works with: title,
    stage (its label), publicly visible now (`publicly_visible()`, asked once per file),
    published, updated."""

    export_headings = {
        "title": _("Title"),
        "stage": _("Stage"),
        "publicly_visible": _("Publicly visible"),
        "live": _("Published"),
        "latest_revision_created_at": _("Updated"),
    }
    list_export = list(export_headings)

    def annotate_queryset(self, pages):
        """For a download, the columns of the file only: not Wagtail's specific pages (a
        second query per chunk), sites, schedules and workflow states of the listing."""
        if self.is_export:
            return pages.only("title", "stage", "live", "latest_revision_created_at")
        return super().annotate_queryset(pages)

    @cached_property
    def public_now(self) -> set[int]:
        """The ids of the pages of this type that are public now (one query)."""
        return set(self.model.objects.publicly_visible().values_list("pk", flat=True))

    @cached_property
    def stage_labels(self) -> dict:
        """{stage: label} (`get_stage_display` built this for every row)."""
        return dict(self.model._meta.get_field("stage").flatchoices)

    def to_row_dict(self, item):
        row = {field: getattr(item, field, None) for field in self.list_export}
        row["stage"] = self.stage_labels.get(item.stage, item.stage)
        row["publicly_visible"] = item.pk in self.public_now
        return row


class ProgrammeListingViewSet(PageListingViewSet):
    index_view_class = ProgrammeIndexView
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        StageColumn(),
        PubliclyVisibleColumn(),
        PageStatusOnlyColumn(),
        DateColumn(
            "latest_revision_created_at",
            label=_("Updated"),
            sort_key="latest_revision_created_at",
            width="12%",
        ),
    ]


def programme_listing(model, name: str, icon: str) -> ProgrammeListingViewSet:
    """The flat listing of one programme page type (`name` is its URL namespace)."""
    return ProgrammeListingViewSet(
        name,
        model=model,
        icon=icon,
        menu_label=model._meta.verbose_name_plural,
        filterset_class=_filterset_for(model),
    )


class ProgrammeListingGroup(ViewSetGroup):
    """One flat listing per programme page type, whatever the tree, under "Programm"."""

    menu_label = _("Programme")
    menu_icon = "list-ul"
    menu_order = 110
    items = (
        programme_listing(NeedPage, "needs_listing", "warning"),
        programme_listing(OpportunityPage, "opportunities_listing", "pick"),
        programme_listing(ServicePage, "services_listing", "cogs"),
        programme_listing(AlliancePage, "alliances_listing", "group"),
    )
