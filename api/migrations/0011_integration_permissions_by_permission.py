"""Who runs the workflow manages webhook endpoints, reads the delivery log and sign-ups.

Granted to every group that holds the engine's `workflows.run_transition` (which the
domain grants to its groups), so `api` names no group. Takes over api 0002; on databases
that applied it this adds nothing new.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INTEGRATION_PERMS = [
    ("webhookendpoint", ["add", "change", "delete", "view"]),
    ("webhookdelivery", ["change", "view"]),
    ("interestsignup", ["delete", "view"]),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("api")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="api",
        codename__in=[f"{action}_{model}" for model, actions in INTEGRATION_PERMS for action in actions],
    )
    for group in Group.objects.filter(
        permissions__content_type__app_label="workflows",
        permissions__codename="run_transition",
    ).distinct():
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0010_i11_german_names_of_all_events"),
        ("alliances", "0014_kernteam_runs_steps"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
