from django.apps import AppConfig


class WorkflowTestAppConfig(AppConfig):
    name = "tests.workflow_testapp"
    label = "workflow_testapp"
    verbose_name = "Workflow-Testanwendung"
    default_auto_field = "django.db.models.BigAutoField"
