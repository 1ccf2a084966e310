"""The domain owns its groups: the Kernteam runs the workflow's steps by permission.

The engine (`workflows`) names no group: it checks `workflows.run_transition`. Here the
domain grants it to the Kernteam, and takes over the one grant that `cms` made to a group
it should not know (the mail outbox, formerly in cms 0003). On databases that applied
cms 0003 this adds nothing new.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KERNTEAM = "Kernteam"
GRANTS = [
    ("workflows", "run_transition"),
    ("cms", "view_outboundmail"),
]


def grant(apps, schema_editor):
    for label in {app_label for app_label, _codename in GRANTS}:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _ = Group.objects.get_or_create(name=KERNTEAM)
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in GRANTS
        ]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group in Group.objects.filter(name=KERNTEAM):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="workflows", codename="run_transition"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0013_i14_one_impact_concept"),
        ("workflows", "0003_run_transition_permission"),
        ("cms", "0004_i17_privacy_and_operations"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
