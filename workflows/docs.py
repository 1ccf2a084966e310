"""The workflow API's documentation page (cms.apidocs), for those who may use the API: a
session of the admin with `workflows.run_transition`, like its schema."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import exceptions

from cms.apidocs import ApiDocsView
from workflows.api import exception_handler
from workflows.permissions import runs_workflow
from workflows.schema_settings import SCHEMA_SETTINGS

EXAMPLE_WAIT_SECONDS = 30


class WorkflowDocsView(ApiDocsView):
    """/workflow-api/v1/docs/: anonymous visitors are sent to the admin's login, others
    without the permission get a 403 (the schema itself is not public either)."""

    schema_url_name = "workflow-api:schema"
    custom_settings = SCHEMA_SETTINGS

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:  # a 405 before a login
            return self.http_method_not_allowed(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not runs_workflow(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def error_body(self, error):
        return exception_handler(error, {}).data

    def error_examples(self):
        def body(error):
            return exception_handler(error, {}).data

        return [
            (
                "400",
                body(exceptions.ValidationError({"transition": [_("This step does not exist.")]})),
            ),
            ("401", body(exceptions.NotAuthenticated())),
            ("403", body(exceptions.PermissionDenied(_("You may not run this step.")))),
            ("404", body(exceptions.NotFound(_("There is no page with this id in a workflow.")))),
            ("429", body(exceptions.Throttled(wait=EXAMPLE_WAIT_SECONDS))),
        ]
