from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"

router = SimpleRouter()
router.register("alliances", views.AllianceViewSet, basename="alliance")
router.register("services", views.ServiceViewSet, basename="service")
router.register("needs", views.NeedViewSet, basename="need")
router.register("opportunities", views.OpportunityViewSet, basename="opportunity")
router.register("districts", views.DistrictViewSet, basename="district")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("age-groups", views.AgeGroupViewSet, basename="age-group")
router.register("standards", views.StandardViewSet, basename="standard")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
]
