from django.urls import path

from alliances.reports.views import REPORTS, ReportIndexView

app_name = "kernteam_reports"
urlpatterns = [path("", ReportIndexView.as_view(), name="index")]
for view_class in REPORTS:
    slug = view_class.url_name.replace("_", "-")
    urlpatterns += [
        path(f"{slug}/", view_class.as_view(), name=view_class.url_name),
        path(
            f"{slug}/results/",
            view_class.as_view(results_only=True),
            name=f"{view_class.url_name}_results",
        ),
    ]
