from django.urls import path

from api.handins import site_views

app_name = "participation"

urlpatterns = [
    path("", site_views.overview, name="overview"),
    path("melden/", site_views.report, name="report"),
    path("melden/danke/", site_views.report_thanks, name="report-thanks"),
    path("allianz/<str:slug>/", site_views.join, name="join"),
    path("allianz/<str:slug>/danke/", site_views.join_thanks, name="join-thanks"),
]
