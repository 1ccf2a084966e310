from django.urls import path
from rest_framework.routers import SimpleRouter

from api import views
from api.docs import PartnerDocsView, SchemaView
from api.impact import ImpactView
from api.root import ApiRootView

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
router.register("competences", views.CompetenceViewSet, basename="competence")
router.register("resources", views.ResourceViewSet, basename="resource")

# The router's patterns first and at this level: the partner API's reads are most of the
# traffic, and each nested include costs every request a resolver level.
urlpatterns = [
    *router.urls,
    path("", ApiRootView.as_view(), name="root"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", PartnerDocsView.as_view(), name="docs"),
    path("impact/", ImpactView.as_view(), name="impact"),
]
