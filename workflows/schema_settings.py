"""drf-spectacular's settings of the workflow API's schema (its view and its documentation)."""

from django.utils.translation import gettext_lazy

SCHEMA_SETTINGS = {
    "TITLE": "Workflow API",
    "DESCRIPTION": gettext_lazy(
        "List and run a page's workflow steps; for the tools of those who run the workflow "
        "(permission `workflows.run_transition`), not for partners."
    ),
    "VERSION": "1.0.0",
    "PREPROCESSING_HOOKS": ["workflows.api.workflow_api_only"],
}
