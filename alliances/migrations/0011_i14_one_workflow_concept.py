"""One workflow concept: the Kernteam's stages, not Wagtail's moderation workflow.

Wagtail's own migrations create a "Moderators approval" workflow and the groups
"Moderators" and "Editors". This programme publishes by the Redaktion's and Kernteam's
page permissions and moves items by the Kernteam's steps (README "Workflow"), so the
moderation workflow is switched off (WAGTAIL_WORKFLOW_ENABLED = False) and its data and
the unused groups are removed. A group that has members is kept (someone uses it).

The Redaktion may now add and change persons; the contact panel stays Kernteam-only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ["Moderators", "Editors"]


def remove_moderation(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowState = apps.get_model("wagtailcore.WorkflowState")
    Task = apps.get_model("wagtailcore.Task")
    TaskState = apps.get_model("wagtailcore.TaskState")
    Group = apps.get_model("auth.Group")
    TaskState.objects.all().delete()
    WorkflowState.objects.all().delete()
    # Deleting workflows removes their WorkflowPage/WorkflowContentType/WorkflowTask rows.
    Workflow.objects.all().delete()
    Task.objects.all().delete()
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()


def redaktion_adds_persons(apps, schema_editor):
    app_config = apps.get_app_config("alliances")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name="Redaktion").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="alliances",
                codename__in=["add_person", "change_person"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0010_i13_import_runs"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(remove_moderation, migrations.RunPython.noop),
        migrations.RunPython(redaktion_adds_persons, migrations.RunPython.noop),
    ]
