from django.urls import path

from api.alerts import views

app_name = "alerts"

urlpatterns = [
    path("api/v1/alerts/", views.AlertView.as_view(), name="subscribe"),
]
