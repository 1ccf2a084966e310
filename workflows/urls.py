"""The workflow API, mounted at `/workflow-api/v1/` (cms/urls.py)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import IsAuthenticated

from workflows.api import (
    AdminSessionAuthentication,
    PageTransitionsView,
    RunsWorkflow,
    unknown_address,
)
from workflows.docs import WorkflowDocsView
from workflows.schema_settings import SCHEMA_SETTINGS

app_name = "workflow-api"
urlpatterns = [
    path(
        "pages/<int:page_id>/transitions/",
        PageTransitionsView.as_view(),
        name="page-transitions",
    ),
    path(
        "schema/",
        SpectacularAPIView.as_view(
            custom_settings=SCHEMA_SETTINGS,
            authentication_classes=[TokenAuthentication, AdminSessionAuthentication],
            permission_classes=[IsAuthenticated, RunsWorkflow],
        ),
        name="schema",
    ),
    path("docs/", WorkflowDocsView.as_view(), name="docs"),
    # Last: any other address under the prefix is a JSON 404, not the site's page.
    path("", unknown_address),
    path("<path:rest>", unknown_address),
]
