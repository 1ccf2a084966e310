"""The Kernteam reports: Wagtail report views with filters, CSV/XLSX export and an SVG chart."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from alliances.models import AlliancePage, ItemPage, Standard
from alliances.reports import charts, filters, selectors
from cms.exports import GermanSpreadsheetMixin

REPORTS_PERMISSION = settings.KERNTEAM_REPORTS_PERMISSION


def yes_no(value) -> str:
    return str(_("yes") if value else _("no"))


class KernteamReportView(GermanSpreadsheetMixin, ReportView):
    """A report only the Kernteam sees; rows are computed from the filtered base queryset."""

    results_template_name = "alliances/reports/report_results.html"
    header_icon = "table"
    url_name = ""  # e.g. "district_coverage"
    paginate_by = 100
    chart_title = ""

    @classmethod
    def may_see(cls, user) -> bool:
        """Whether `user` may see this report (its page, export and place in the index)."""
        return user.has_perm(REPORTS_PERMISSION)

    def dispatch(self, request, *args, **kwargs):
        if not self.may_see(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def index_url_name(self):
        return f"kernteam_reports:{self.url_name}"

    @property
    def index_results_url_name(self):
        return f"kernteam_reports:{self.url_name}_results"

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))

    def get_rows(self, queryset):
        return queryset

    def get_filtered_queryset(self):
        if self.has_invalid_filters:  # no rows (not a row per stage, each counting none)
            return []
        return self.get_rows(self.filter_queryset(self.get_queryset()))

    def get_chart(self, rows):
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # No rows for invalid filters (CheckedListingMixin), and no chart of none.
        context["chart"] = "" if self.has_invalid_filters else self.get_chart(self.object_list)
        return context


@dataclass
class StageRow:
    stage: str
    label: str
    items: int
    overdue: int | None = None
    median_days: float | None = None
    p90_days: float | None = None
    completed_stays: int = 0


class ItemsPerStageView(KernteamReportView):
    page_title = _("Items per stage")
    url_name = "items_per_stage"
    model = ItemPage
    filterset_class = filters.ItemStageFilterSet
    export_headings = {
        "label": _("Stage"),
        "items": _("Items"),
        "overdue": _("Overdue"),
        "median_days": _("Lead time, median (days)"),
        "p90_days": _("Lead time, 90th percentile (days)"),
        "completed_stays": _("Completed stays measured"),
    }
    list_export = list(export_headings)
    columns = [Column(field, label=label) for field, label in export_headings.items()]

    def get_queryset(self):
        return ItemPage.objects.all()

    def get_rows(self, queryset):
        # Counts follow the filters; lead times are over all items (the whole log).
        overdue = selectors.overdue_per_stage(queryset)
        times = selectors.item_lead_times()
        rows = []
        for stage, label, count in selectors.items_per_stage(queryset):
            lead = times.get(stage, {})
            rows.append(
                StageRow(
                    stage=stage,
                    label=label,
                    items=count,
                    overdue=overdue.get(stage),
                    median_days=lead.get("median"),
                    p90_days=lead.get("p90"),
                    completed_stays=lead.get("count", 0),
                )
            )
        return rows

    def get_chart(self, rows):
        bars = [charts.Bar(row.label, row.items, highlight=bool(row.overdue)) for row in rows]
        return charts.bar_chart(
            bars,
            title=_("Needs and opportunities per stage (red: some are overdue)"),
            legend=[
                (charts.BAR_COLOUR, _("Items in the stage")),
                (charts.HIGHLIGHT_COLOUR, _("Some are overdue")),
            ],
        )


class GapsPerStandardView(KernteamReportView):
    page_title = _("Gaps per standard")
    url_name = "gaps_per_standard"
    model = Standard
    filterset_class = filters.StandardGapFilterSet
    list_export = [
        "standard.title",
        "items",
        "open_gaps",
        "gap_sum",
        "unit",
        "gap_min",
        "gap_median",
        "gap_max",
        "addressed_by_service",
        "closed_by_remeasurement",
    ]
    export_headings = {
        "standard.title": _("Standard"),
        "items": _("Items"),
        "open_gaps": _("Open gaps"),
        "gap_sum": _("Sum of the gap"),
        "unit": _("Unit"),
        "gap_min": _("Smallest gap"),
        "gap_median": _("Median gap"),
        "gap_max": _("Largest gap"),
        "addressed_by_service": _("Addressed by a service"),
        "closed_by_remeasurement": _("Closed by re-measurement"),
    }
    columns = [Column(field, label=label) for field, label in export_headings.items()]

    def get_queryset(self):
        return Standard.objects.all()

    def get_rows(self, queryset):
        return selectors.gaps_per_standard(queryset)

    def get_chart(self, rows):
        bars = [charts.Bar(row.standard.title, row.open_gaps) for row in rows if row.items]
        if not bars:
            return charts.empty_chart(_("No gap assessments yet."))
        return charts.bar_chart(
            bars,
            title=_("Open gaps per standard"),
            legend=[(charts.BAR_COLOUR, _("Open gaps"))],
        )


class DistrictCoverageView(KernteamReportView):
    page_title = _("District coverage")
    url_name = "district_coverage"
    filterset_class = filters.DistrictCoverageFilterSet
    list_export = [
        "name",
        "open_needs",
        "open_opportunities",
        "active_alliances",
        "services",
        "is_blind_spot",
    ]
    export_headings = {
        "name": _("District"),
        "open_needs": _("Open needs"),
        "open_opportunities": _("Open opportunities"),
        "active_alliances": _("Active alliances"),
        "services": _("Defined services"),
        "is_blind_spot": _("Blind spot"),
    }
    custom_field_preprocess = {
        "is_blind_spot": {"csv": yes_no, "xlsx": yes_no},
    }
    columns = [
        *[Column(field, label=label) for field, label in list(export_headings.items())[:-1]],
        Column("is_blind_spot", label=_("Blind spot"), accessor=lambda d: yes_no(d.is_blind_spot)),
    ]

    @cached_property
    def model(self):
        from alliances.models import District

        return District

    def get_queryset(self):
        return self.model.objects.all()

    def get_rows(self, queryset):
        # A short catalogue: the rows are a list, counted once for the table and the chart.
        return selectors.district_coverage(queryset)

    def get_chart(self, rows):
        bars = [
            charts.Bar(d.name, d.open_needs + d.open_opportunities, highlight=d.is_blind_spot)
            for d in rows
        ]
        return charts.bar_chart(
            bars,
            title=_("Open needs and opportunities per district (red: no active alliance)"),
            legend=[
                (charts.BAR_COLOUR, _("Open items")),
                (charts.HIGHLIGHT_COLOUR, _("No active alliance in the district")),
            ],
        )


class PartnershipBalanceView(KernteamReportView):
    page_title = _("Partnership balance")
    url_name = "partnership_balance"
    model = AlliancePage
    filterset_class = filters.PartnershipFilterSet
    kinds = {
        "citizens": _("Citizens"),
        "companies": _("Companies"),
        "institutions": _("Institutions"),
        "associations": _("Associations"),
    }

    def get_queryset(self):
        # Only what the report shows of an alliance; its members are counted for the page
        # shown (paginate_queryset) or chunk by chunk for an export (as_spreadsheet).
        return AlliancePage.objects.order_by("title", "pk").only("title")

    @cached_property
    def age_groups(self):
        return selectors.age_groups()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, alliances, is_paginated = super().paginate_queryset(queryset, page_size)
        if self.has_invalid_filters:  # no rows (get_filtered_queryset), no alliances to count
            return paginator, page, [], is_paginated
        return paginator, page, selectors.partnership_balance(alliances), is_paginated

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(
            selectors.iter_partnership_balance(queryset), spreadsheet_format
        )

    @cached_property
    def list_export(self):
        return [
            "alliance.title",
            *self.kinds,
            *[f"age_group_{group.pk}" for group in self.age_groups],
            "is_mixed",
        ]

    @cached_property
    def export_headings(self):
        return {
            "alliance.title": _("Alliance"),
            **self.kinds,
            **{f"age_group_{group.pk}": group.name for group in self.age_groups},
            "is_mixed": _("Mixed"),
        }

    def to_row_dict(self, item):
        return {field: self._value(item, field) for field in self.list_export}

    def _value(self, row, field):
        if field == "alliance.title":
            return row.alliance.title
        if field.startswith("age_group_"):
            return row.by_age_group.get(int(field.removeprefix("age_group_")), 0)
        if field == "is_mixed":
            return yes_no(row.is_mixed)
        return getattr(row, field)

    @property
    def columns(self):
        return [
            Column(
                field,
                label=self.export_headings[field],
                accessor=lambda r, f=field: self._value(r, f),
            )
            for field in self.list_export
        ]

    def get_chart(self, alliances):
        totals = selectors.partnership_totals(alliances)
        bars = [charts.Bar(str(label), totals[kind]) for kind, label in self.kinds.items()]
        bars.append(charts.Bar(str(_("Alliances not mixed")), totals["not_mixed"], highlight=True))
        return charts.bar_chart(
            bars,
            title=_("Members by kind, over all alliances shown"),
            legend=[(charts.BAR_COLOUR, _("Members"))],
        )


class ServicesWithoutAllianceView(KernteamReportView):
    page_title = _("Services without an active alliance")
    url_name = "services_without_alliance"
    filterset_class = filters.ServiceFilterSet
    list_export = ["title", "stage", "latest_revision_created_at"]
    export_headings = {
        "title": _("Service"),
        "stage": _("Stage"),
        "latest_revision_created_at": _("Updated"),
    }
    columns = [
        TitleColumn(
            "title",
            label=_("Service"),
            url_name="wagtailadmin_pages:edit",
        ),
        Column("stage", label=_("Stage"), accessor="get_stage_display"),
        Column("latest_revision_created_at", label=_("Updated")),
    ]

    @cached_property
    def model(self):
        from alliances.models import ServicePage

        return ServicePage

    def get_queryset(self):
        return selectors.services_without_active_alliance().order_by("title")


class WantedView(KernteamReportView):
    """ "Gesucht": what forming and active alliances still need, per district, and the
    supply there (persons who agreed to be asked, organisations' standing offers)."""

    page_title = _("Wanted")
    url_name = "wanted"
    model = AlliancePage
    export_headings = {
        "district": _("District"),
        "kind_label": _("Kind"),
        "name": _("Wanted"),
        "still_needed": _("Still needed"),
        "alliances": _("Alliances"),
        "supply": _("On offer in the district"),
    }
    list_export = list(export_headings)
    columns = [Column(field, label=label) for field, label in export_headings.items()]

    def get_queryset(self):
        return AlliancePage.objects.none()  # the rows come from the matching, not a queryset

    def get_filtered_queryset(self):
        from alliances.demand import wanted_report

        return wanted_report()

    def get_chart(self, rows):
        totals: dict[str, list[int]] = {}
        for row in rows:
            pair = totals.setdefault(row.name, [0, 0])
            pair[0] += row.still_needed
            pair[1] += row.supply
        bars = [
            charts.Bar(f"{name} ({supply})", needed, highlight=supply < needed)
            for name, (needed, supply) in sorted(totals.items(), key=lambda t: -t[1][0])[:20]
        ]
        return charts.bar_chart(
            bars,
            title=_("Still needed per competence or resource (in brackets: on offer)"),
            legend=[
                (charts.BAR_COLOUR, _("Still needed, enough on offer")),
                (charts.HIGHLIGHT_COLOUR, _("Still needed, less on offer than needed")),
            ],
        )


REPORTS = [
    ItemsPerStageView,
    GapsPerStandardView,
    DistrictCoverageView,
    PartnershipBalanceView,
    ServicesWithoutAllianceView,
    WantedView,
]


def report_url(view_class, **params) -> str:
    url = reverse(f"kernteam_reports:{view_class.url_name}")
    return f"{url}?{urlencode(params)}" if params else url


class ReportIndexView(WagtailAdminTemplateMixin, TemplateView):
    """/admin/berichte/: the Kernteam reports this user may see, with open data (the
    menu's *Kernteam reports*, as a page); none of them: 403."""

    template_name = "alliances/reports/index.html"
    page_title = _("Kernteam reports")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not self.entries(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def entries(user) -> list[tuple[str, str]]:
        """(title, URL) of every report `user` may see, in the menu's order."""
        shown = [(view.page_title, report_url(view)) for view in REPORTS if view.may_see(user)]
        if user.has_perm(REPORTS_PERMISSION):  # the open data page's own rule
            shown.append((_("Open data"), reverse("open_data_generate")))
        return shown

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, reports=self.entries(self.request.user))
