from django.urls import path

from api.alerts import views as alert_views
from api.handins import site_views

app_name = "participation"

urlpatterns = [
    path("", site_views.overview, name="overview"),
    path("melden/", site_views.report, name="report"),
    path("melden/danke/", site_views.report_thanks, name="report-thanks"),
    path("benachrichtigungen/", alert_views.subscribe, name="alerts"),
    path("benachrichtigungen/danke/", alert_views.subscribe_thanks, name="alerts-thanks"),
    path(
        "benachrichtigungen/bestaetigen/<str:token>/",
        alert_views.confirm,
        name="alerts-confirm",
    ),
    path("allianz/<str:slug>/", site_views.join, name="join"),
    path("allianz/<str:slug>/danke/", site_views.join_thanks, name="join-thanks"),
]
