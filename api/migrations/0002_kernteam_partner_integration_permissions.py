"""The Kernteam manages webhook endpoints, reads the delivery log and the sign-ups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KERNTEAM_PERMS = [
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
    group, _ = Group.objects.get_or_create(name="Kernteam")
    for model, actions in KERNTEAM_PERMS:
        for action in actions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="api", codename=f"{action}_{model}")
            )


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_webhooks_and_handins"),
        ("alliances", "0003_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
