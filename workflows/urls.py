"""The workflow API, mounted at `/workflow-api/v1/` (cms/urls.py)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated

from workflows.api import ItemTransitionsView, RunsWorkflow, unknown_address

app_name = "workflow-api"
urlpatterns = [
    path(
        "items/<int:page_id>/transitions/",
        ItemTransitionsView.as_view(),
        name="item-transitions",
    ),
    path(
        "schema/",
        SpectacularAPIView.as_view(
            custom_settings={
                "TITLE": "Workflow API",
                "DESCRIPTION": (
                    "List and run an item's workflow steps; for the tools of those who run "
                    "the workflow (permission `workflows.run_transition`), not for partners."
                ),
                "VERSION": "1.0.0",
                "PREPROCESSING_HOOKS": ["workflows.api.workflow_api_only"],
            },
            authentication_classes=[TokenAuthentication, SessionAuthentication],
            permission_classes=[IsAuthenticated, RunsWorkflow],
        ),
        name="schema",
    ),
    # Last: any other address under the prefix is a JSON 404, not the site's page.
    path("<path:rest>", unknown_address),
]
