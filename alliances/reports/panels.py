"""Dashboard panels of the Wagtail admin home: assigned to me, the pipeline, blind spots."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from alliances.reports import charts, selectors
from alliances.reports.views import REPORTS_PERMISSION, DistrictCoverageView, report_url


class AssignedToMePanel(Component):
    name = "kernteam_assigned_to_me"
    template_name = "alliances/panels/assigned_to_me.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pages"] = selectors.assigned_to(parent_context["request"].user)
        return context


class PipelinePanel(Component):
    name = "kernteam_pipeline"
    template_name = "alliances/panels/pipeline.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = selectors.items_per_stage()
        context["chart"] = charts.funnel_chart(
            [charts.Bar(label, count) for _stage, label, count in rows],
            title=_("Pipeline: needs and opportunities per stage"),
        )
        return context


class BlindSpotsPanel(Component):
    name = "kernteam_blind_spots"
    template_name = "alliances/panels/blind_spots.html"
    order = 70

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["districts"] = list(selectors.top_blind_spots(3))
        context["report_url"] = report_url(DistrictCoverageView, blind_spots="true")
        context["xlsx_url"] = report_url(DistrictCoverageView, blind_spots="true", export="xlsx")
        return context


class RecentTransitionsPanel(Component):
    name = "kernteam_recent_transitions"
    template_name = "alliances/panels/recent_transitions.html"
    order = 80

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["transitions"] = selectors.recent_transitions(days=7)
        return context


def dashboard_panels(request) -> list[Component]:
    panels = [AssignedToMePanel()]
    if request.user.has_perm(REPORTS_PERMISSION):
        panels += [BlindSpotsPanel(), PipelinePanel(), RecentTransitionsPanel()]
    return panels
