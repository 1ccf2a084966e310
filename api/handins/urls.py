from django.urls import path

from api.handins import views

app_name = "handins"

urlpatterns = [
    path("api/v1/submissions/", views.SubmissionView.as_view(), name="submissions"),
    path("api/v1/alliances/<str:slug>/interest/", views.InterestView.as_view(), name="interest"),
    path("interest/confirm/<str:token>/", views.interest_confirm, name="interest-confirm"),
    path("einladung/<str:token>/", views.invitation, name="invitation"),
]
